//! Saved plans: `baseline plan --out FILE` writes one, `baseline apply FILE` applies exactly it.
//!
//! A saved plan records the state it was made against (lineage, serial, and whether there was
//! a state at all) and a digest of the configuration files. Applying refuses a stale plan:
//! another lineage or serial, a state that exists now when the plan was made against none
//! (the plan was applied already: it must not apply twice), or changed configuration files.
//! The file holds resource values (names, ARNs, policy documents) but never credentials.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Plan;
use crate::state::State;

/// The format marker of a saved plan file.
pub const FORMAT: &str = "baseline-plan";
/// The saved plan format version.
pub const VERSION: u32 = 1;

/// A plan written to a file, with what is needed to check it is still current.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedPlan {
    pub format: String,
    pub version: u32,
    pub baseline_version: String,
    pub created: String,
    /// The configuration directory, absolute.
    pub config_dir: PathBuf,
    /// SHA-256 over the configuration files' names and contents.
    pub config_digest: String,
    /// Whether the plan was made against the sandbox account.
    pub sandbox: bool,
    pub plan: Plan,
}

/// Why a saved plan cannot be used.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SavedPlanError {
    #[error("cannot read plan file {}: {source}", path.display())]
    #[diagnostic(code(baseline::saved_plan::read))]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{} is not a baseline plan file: {detail}", path.display())]
    #[diagnostic(code(baseline::saved_plan::format), help("make one with `baseline plan DIR --out FILE`"))]
    Format { path: PathBuf, detail: String },
    #[error("cannot write plan file {}: {source}", path.display())]
    #[diagnostic(code(baseline::saved_plan::write))]
    Write { path: PathBuf, source: std::io::Error },
    #[error("the saved plan is stale: {reason}")]
    #[diagnostic(
        code(baseline::saved_plan::stale),
        help("make a new plan with `baseline plan --out FILE` and review it again")
    )]
    Stale { reason: String },
}

/// SHA-256 over the sorted names and contents of `dir`'s configuration files (see
/// [`crate::config::is_config_file`]).
pub fn config_digest(dir: &Path) -> std::io::Result<String> {
    let config_file = |p: &PathBuf| p.file_name().and_then(|n| n.to_str()).is_some_and(crate::config::is_config_file);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| config_file(p) && p.is_file())
        .collect();
    files.sort();
    let mut h = Sha256::new();
    for f in files {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = std::fs::read(&f)?;
        // Lengths keep "ab"+"c" and "a"+"bc" apart.
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

impl SavedPlan {
    /// Wraps `plan` made from `dir`.
    pub fn new(plan: Plan, dir: &Path, sandbox: bool) -> std::io::Result<SavedPlan> {
        let config_dir = std::fs::canonicalize(dir)?;
        Ok(SavedPlan {
            format: FORMAT.to_string(),
            version: VERSION,
            baseline_version: env!("CARGO_PKG_VERSION").to_string(),
            created: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            config_digest: config_digest(&config_dir)?,
            config_dir,
            sandbox,
            plan,
        })
    }

    /// Writes the plan atomically.
    pub fn write(&self, path: &Path) -> Result<(), SavedPlanError> {
        let bytes = serde_json::to_vec(self)
            .map_err(|e| SavedPlanError::Write { path: path.to_path_buf(), source: std::io::Error::other(e) })?;
        crate::fsutil::write_atomic(path, &bytes)
            .map_err(|source| SavedPlanError::Write { path: path.to_path_buf(), source })
    }

    /// Reads a plan file.
    pub fn read(path: &Path) -> Result<SavedPlan, SavedPlanError> {
        let bytes = std::fs::read(path).map_err(|source| SavedPlanError::Read { path: path.to_path_buf(), source })?;
        #[derive(Deserialize)]
        struct Probe {
            format: Option<String>,
            version: Option<u32>,
        }
        let probe: Probe = serde_json::from_slice(&bytes)
            .map_err(|e| SavedPlanError::Format { path: path.to_path_buf(), detail: e.to_string() })?;
        if probe.format.as_deref() != Some(FORMAT) {
            return Err(SavedPlanError::Format { path: path.to_path_buf(), detail: "no baseline-plan marker".into() });
        }
        if probe.version != Some(VERSION) {
            return Err(SavedPlanError::Format {
                path: path.to_path_buf(),
                detail: format!("plan format version {:?}; this baseline reads {VERSION}", probe.version),
            });
        }
        serde_json::from_slice(&bytes)
            .map_err(|e| SavedPlanError::Format { path: path.to_path_buf(), detail: e.to_string() })
    }

    /// Checks that the plan still applies to `current` (the state now, `None` when there is no
    /// state file) and to the configuration as it is now.
    pub fn check_current(&self, current: Option<&State>) -> Result<(), SavedPlanError> {
        // Another baseline may decide differently what the plan's values mean.
        if self.baseline_version != env!("CARGO_PKG_VERSION") {
            return Err(SavedPlanError::Stale {
                reason: format!(
                    "it was made by baseline {}, and this is baseline {}; apply it with the same version",
                    self.baseline_version,
                    env!("CARGO_PKG_VERSION")
                ),
            });
        }
        let prior = &self.plan.prior;
        match (prior.existed, current) {
            (false, Some(s)) => {
                return Err(SavedPlanError::Stale {
                    reason: format!(
                    "it was made when there was no state, but a state exists now (serial {}): it was applied already, \
                         or another run wrote the state",
                    s.serial
                ),
                })
            }
            (true, None) => {
                return Err(SavedPlanError::Stale { reason: "the state it was made against no longer exists".into() })
            }
            (true, Some(s)) if s.lineage != prior.lineage => {
                return Err(SavedPlanError::Stale {
                    reason: format!("the state has another lineage ({} instead of {})", s.lineage, prior.lineage),
                })
            }
            (true, Some(s)) if s.serial != prior.serial => {
                return Err(SavedPlanError::Stale {
                    reason: format!("the state changed since (serial {} instead of {})", s.serial, prior.serial),
                })
            }
            _ => {}
        }
        let now = config_digest(&self.config_dir).map_err(|e| SavedPlanError::Stale {
            reason: format!("its configuration directory {} cannot be read: {e}", self.config_dir.display()),
        })?;
        if now != self.config_digest {
            return Err(SavedPlanError::Stale {
                reason: format!("the configuration files in {} changed since", self.config_dir.display()),
            });
        }
        Ok(())
    }
}
