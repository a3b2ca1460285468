//! `baseline sandbox show|reset`: the embedded sandbox's files, seen and started afresh.

use std::path::{Path, PathBuf};

use super::{CommandError, ExitStatus, Printer};
use crate::cli::SandboxCommand;

pub async fn run(p: &Printer, c: SandboxCommand) -> Result<ExitStatus, CommandError> {
    match c {
        SandboxCommand::Show { sandbox_file } => show(p, &sandbox_file),
        SandboxCommand::Reset { sandbox_file } => reset(p, &sandbox_file).await,
    }
}

/// The sandbox's account files: the file itself, its pending log, and the other accounts'
/// files beside it (`sandbox-ACCOUNT.json`, with their logs).
fn files(file: &Path) -> Vec<PathBuf> {
    let with = crate::state::with_suffix;
    let mut out = vec![file.to_path_buf(), with(file, ".log")];
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut members: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            name.starts_with(&format!("{stem}-")) && name.ends_with(".json")
        })
        .collect();
    members.sort();
    for m in members {
        out.push(with(&m, ".log"));
        out.push(m);
    }
    out.into_iter().filter(|p| p.exists()).collect()
}

fn show(p: &Printer, file: &Path) -> Result<ExitStatus, CommandError> {
    let mut out = format!("sandbox: {}\n", file.display());
    let present = files(file);
    if present.is_empty() {
        out.push_str("no accounts yet: the first --sandbox run creates them\n");
    }
    for f in present.iter().filter(|f| f.extension().is_some_and(|e| e == "json")) {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let account = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|j| j.get("account_id").and_then(|a| a.as_str()).map(str::to_string))
            .unwrap_or_else(|| "?".to_string());
        out.push_str(&format!("account {account}: {} ({} bytes)\n", f.display(), text.len()));
    }
    let lock = crate::state::with_suffix(file, ".lock");
    // In use only while its holder lives (the OS lock dies with it, the file may not).
    if lock.exists() {
        if let Err(crate::state::StateError::Locked { holder, .. }) =
            crate::state::Lock::acquire(&lock, file, "sandbox show", &crate::state::current_user())
        {
            out.push_str(&format!("in use: {holder}\n"));
        }
    }
    p.out(&out);
    Ok(ExitStatus::Success)
}

async fn reset(p: &Printer, file: &Path) -> Result<ExitStatus, CommandError> {
    let _lock = super::lock_sandbox(p, file).await?;
    let mut out = String::new();
    for f in files(file) {
        std::fs::remove_file(&f).map_err(|e| {
            CommandError::message("baseline::sandbox::reset", format!("cannot remove {}: {e}", f.display()), None)
        })?;
        out.push_str(&format!("Removed {}\n", f.display()));
    }
    if out.is_empty() {
        out.push_str("The sandbox holds no accounts: nothing to remove.\n");
    }
    p.out(&out);
    Ok(ExitStatus::Success)
}
