//! `baseline init`: what `terraform init` is in a team's workflow (Atlantis runs `init`, then
//! `plan -out`): the configuration is read and checked, the backend's settings, with
//! `--backend-config`, are checked and recorded in `DIR/.terraform/baseline-backend.json` so
//! later runs use them without repeating them, and a change of backend since the last `init`
//! either moves the state (`--migrate-state`) or is accepted as it is (`--reconfigure`). There
//! are no providers or modules to download: the AWS provider is built in.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{load_with, CommandError, ExitStatus, Inputs, Printer};
use crate::cli::InitArgs;
use crate::diag::Diags;
use crate::state::s3::{S3Settings, S3Store};
use crate::state::StateStore;

/// What `init` recorded: the backend and its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    /// `local` or `s3`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The `--backend-config` settings given to `init`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Vec<(String, String)>>,
    /// The S3 settings in effect, so the state can be found again once the block changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3Settings>,
}

fn record_path(dir: &Path) -> PathBuf {
    dir.join(".terraform").join("baseline-backend.json")
}

/// The backend `init` recorded for `dir`, if it did.
pub fn recorded(dir: &Path) -> Option<Recorded> {
    serde_json::from_slice(&std::fs::read(record_path(dir)).ok()?).ok()
}

pub async fn run(p: &Printer, args: &InitArgs) -> Result<ExitStatus, CommandError> {
    let l = load_with(p, &args.dir, Inputs::Unknown, false)?;
    let fail = |msg: String, help: &str| CommandError::message("baseline::init", msg, Some(help));
    if args.backend {
        p.log("Initializing the backend...");
        let block = l.config.terraform.backend.as_ref().filter(|b| b.kind != "local");
        let now = match block {
            None => Recorded { kind: "local".into(), overrides: None, s3: None },
            Some(b) if b.kind == "s3" => {
                let overrides = crate::state::backend::overrides(&args.backend_config)
                    .map_err(|e| CommandError::message("baseline::state::backend", e, None))?;
                let mut d = Diags::new();
                let settings = crate::state::backend::s3_settings(b, &overrides, &mut d);
                if d.has_errors() {
                    return Err(CommandError::diags(&l.config.sources, d));
                }
                Recorded { kind: "s3".into(), overrides: Some(overrides), s3: Some(settings) }
            }
            Some(b) => {
                return Err(fail(
                    format!("the `{}` backend is not supported", b.kind),
                    "baseline keeps state locally or in S3 (`backend \"s3\"`)",
                ))
            }
        };
        let before = recorded(&args.dir);
        let changed = before.as_ref().is_some_and(|b| b.kind != now.kind || b.s3 != now.s3);
        if changed && !args.reconfigure && !args.migrate_state {
            return Err(fail(
                "the backend changed since the last `baseline init`".to_string(),
                "run `baseline init --migrate-state` to copy the state to the new backend, or `--reconfigure` to use it as it is",
            ));
        }
        if let (true, Some(before), true) = (changed, &before, args.migrate_state) {
            migrate(p, &args.dir, before, &now).await?;
        }
        let bytes = serde_json::to_vec_pretty(&now).map_err(|e| fail(e.to_string(), "report this"))?;
        // It may name the bucket and a role; kept private like the state.
        crate::fsutil::write_atomic(&record_path(&args.dir), &bytes).map_err(|e| {
            fail(
                format!("cannot record the backend in {}: {e}", record_path(&args.dir).display()),
                "check the directory's permissions",
            )
        })?;
        match &now.s3 {
            Some(s) => p.log(&format!("The state is in s3://{}/{}.", s.bucket, s.key)),
            None => p.log(&format!("The state is the local file {}.", args.dir.join("terraform.tfstate").display())),
        }
    }
    p.log("Initializing provider plugins...\n- The AWS provider is built into baseline: nothing to install.");
    p.out("baseline has been successfully initialized!\n");
    Ok(ExitStatus::Success)
}

/// Copies the state from the backend `before` recorded to `now`'s, refusing to overwrite a
/// state already there.
async fn migrate(p: &Printer, dir: &Path, before: &Recorded, now: &Recorded) -> Result<(), CommandError> {
    let (from, to) = (store(dir, before).await, store(dir, now).await);
    let Some(state) = from.read().await? else {
        p.log("There is no state to migrate.");
        return Ok(());
    };
    if to.read().await?.is_some() {
        return Err(CommandError::message(
            "baseline::init::migrate",
            format!("{} already holds a state; nothing was copied", to.name()),
            Some("remove it first, or `baseline init --reconfigure` to use it as it is"),
        ));
    }
    to.write(&state).await?;
    p.log(&format!("The state was copied from {} to the new backend.", from.name()));
    Ok(())
}

/// The store a recorded backend names (its default workspace).
async fn store(dir: &Path, r: &Recorded) -> Box<dyn StateStore> {
    match r.s3.clone() {
        Some(s) => Box::new(S3Store::connect(s, "default").await),
        None => crate::state::open_store(&dir.join("terraform.tfstate")),
    }
}
