//! `baseline sandbox init|show|reset`: the embedded sandbox's organization set up, its files
//! seen, and started afresh.

use std::path::{Path, PathBuf};

use super::{CommandError, ExitStatus, Printer};
use crate::cli::SandboxCommand;

pub async fn run(p: &Printer, c: SandboxCommand) -> Result<ExitStatus, CommandError> {
    match c {
        SandboxCommand::Init { sandbox_file, member_accounts, delegated_admin } => {
            init(p, &sandbox_file, member_accounts, &delegated_admin).await
        }
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

/// Sets the organization up in the management account's file, through the sandbox's own
/// store (its log, all or nothing), while holding the sandbox as a run does.
async fn init(p: &Printer, file: &Path, members: Option<u32>, admins: &[String]) -> Result<ExitStatus, CommandError> {
    use crate::services::organizations::sandbox::OrganizationSetUp;
    let bad = |msg: String| {
        CommandError::message(
            "baseline::sandbox::init",
            msg,
            Some("write SERVICE=ACCOUNT, e.g. --delegated-admin inspector2=210987654321"),
        )
    };
    let mut delegated_admins = Vec::new();
    for a in admins {
        let (service, account) = a.split_once('=').ok_or_else(|| bad(format!("{a:?} is not SERVICE=ACCOUNT")))?;
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(format!("{account:?} is not an account id (12 digits)")));
        }
        delegated_admins.push((service.to_string(), account.to_string()));
    }
    let regions = crate::resources::commercial_regions().into_iter().map(String::from).collect();
    let want = OrganizationSetUp { members: members.map(|n| n as usize), delegated_admins, regions };
    let _lock = super::lock_sandbox(p, file).await?;
    let sandbox = crate::services::sandbox::Sandbox::open(file)
        .map_err(|e| CommandError::message("baseline::sandbox::init", e.to_string(), None))?;
    let org = sandbox
        .set_up_organization(&want)
        .map_err(|e| CommandError::message("baseline::sandbox::init", e.message, None))?;
    sandbox.flush().map_err(|e| {
        CommandError::message("baseline::sandbox::init", format!("cannot write {}: {e}", file.display()), None)
    })?;
    let management = org.accounts.first().map(|a| a.id.clone()).unwrap_or_default();
    let mut out = format!(
        "Sandbox organization {} in {}
",
        org.id,
        file.display()
    );
    out.push_str(&format!(
        "  management account: {management}
"
    ));
    let members: Vec<&str> = org.accounts.iter().skip(1).map(|a| a.id.as_str()).collect();
    let shown = members.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    let more = if members.len() > 3 { format!(", … ({} more)", members.len() - 3) } else { String::new() };
    out.push_str(&format!(
        "  member accounts: {}{}
",
        members.len(),
        if members.is_empty() { String::new() } else { format!(" ({shown}{more})") }
    ));
    for (principal, account) in &org.delegated_administrators {
        let regional = if principal == "inspector2.amazonaws.com" { ", in every region" } else { "" };
        out.push_str(&format!(
            "  delegated administrator of {principal}: {account}{regional}
"
        ));
    }
    p.out(&out);
    Ok(ExitStatus::Success)
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
