//! `baseline state list|show|mv|rm`: views of a local state file (`--state`), and the two edits
//! Terraform users make by hand (rename, forget). Edits take the lock, back up the state and
//! never touch the account. Beside them, the commands on the configuration's own store (its
//! backend's or the local file, chosen by `super::store_of`): `state pull|push`, `force-unlock`
//! and `workspace`.

use std::path::Path;

use super::{CommandError, ExitStatus, Printer};
use crate::addr::{Address, Target};
use crate::cli::StateCommand;
use crate::render::text::show_json;
use crate::state::{State, StateWriter};

/// Lists addresses, shows one resource, moves or removes objects, or pulls or pushes the whole
/// state.
pub async fn run(p: &Printer, cmd: StateCommand) -> Result<ExitStatus, CommandError> {
    match &cmd {
        StateCommand::List { state, addresses } => list(p, state, addresses).await,
        StateCommand::Show { state, address } => show(p, state, address).await,
        StateCommand::Mv { source, destination, dry_run, state } => {
            edit(p, state, "state mv", *dry_run, |s| mv(s, source, destination)).await
        }
        StateCommand::Rm { addresses, dry_run, state } => {
            edit(p, state, "state rm", *dry_run, |s| rm(s, addresses)).await
        }
        StateCommand::Pull { run } => pull(p, run).await,
        StateCommand::Push { file, force, run } => push(p, file, *force, run).await,
    }
}

/// There is no state at `place`.
fn missing(place: impl std::fmt::Display, help: Option<&str>) -> CommandError {
    CommandError::message("baseline::state::missing", format!("there is no state at {place}"), help)
}

/// `state list`: the addresses in the state at `path` (under `filters`, when given); nothing
/// when there is no state.
async fn list(p: &Printer, path: &Path, filters: &[String]) -> Result<ExitStatus, CommandError> {
    let Some(state) = crate::state::open_store(path).read().await? else { return Ok(ExitStatus::Success) };
    let mut listed: Vec<&Address> = state
        .resources
        .iter()
        .map(|r| &r.address)
        .filter(|a| filters.is_empty() || filters.iter().any(|f| under(a, f)))
        .collect();
    // Terraform's order: shallower modules first, then by module (step by step: name, key),
    // then data sources before managed resources, then type, name and key.
    listed
        .sort_by_key(|a| (a.module.len(), &a.module, a.mode != crate::addr::Mode::Data, &a.type_name, &a.name, &a.key));
    let out: String = listed.iter().map(|a| format!("{a}\n")).collect();
    p.out(&out);
    Ok(ExitStatus::Success)
}

/// `state show ADDRESS`: one resource of the state at `path`.
async fn show(p: &Printer, path: &Path, address: &str) -> Result<ExitStatus, CommandError> {
    let state = crate::state::open_store(path)
        .read()
        .await?
        .ok_or_else(|| missing(path.display(), Some("run apply first, or pass --state PATH")))?;
    let found = Address::parse(address).and_then(|a| state.get(&a).cloned());
    let Some(r) = found else {
        let known: Vec<String> = state.resources.iter().map(|r| r.address.to_string()).collect();
        let hint = crate::diag::did_you_mean(address, known.iter().map(String::as_str))
            .unwrap_or_else(|| "list the addresses with `baseline state list`".to_string());
        return Err(CommandError::message(
            "baseline::state::no_resource",
            format!("no resource {address:?} in the state"),
            Some(&hint),
        ));
    };
    p.out(&describe(&r));
    Ok(ExitStatus::Success)
}

/// True when `addr` is `filter` or under it, as `terraform state list ADDRESS` matches: an
/// instance, every instance of a resource, every resource of a module.
/// Whether `addr` is what `filter` names (a module, a resource, an instance), as Terraform's
/// `state list ADDRESS` filters; text that is no address matches as a prefix.
fn under(addr: &Address, filter: &str) -> bool {
    if let Some(t) = Target::parse(filter) {
        return t.matches(addr);
    }
    let a = addr.to_string();
    a == filter || a.strip_prefix(filter).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// One resource as `state show` prints it.
pub fn describe(r: &crate::state::ResourceState) -> String {
    let mut out = format!("# {}:\nresource \"{}\" \"{}\" {{\n", r.address, r.type_name, r.name);
    // Nested blocks (from the type's schema) are shown as blocks, after the attributes.
    let blocks: &[crate::schema::BlockType] = match crate::resources::resource_type(&r.type_name) {
        Some(rt) => rt.schema().blocks,
        None => &[],
    };
    let is_block = |k: &str| blocks.iter().any(|b| b.name == k);
    let width = r.attributes.keys().filter(|k| !is_block(k)).map(String::len).max().unwrap_or(0);
    for (k, v) in &r.attributes {
        if v.is_null() || v.as_array().is_some_and(|a| a.is_empty()) || is_block(k) {
            continue;
        }
        let shown = match (v.as_str(), crate::policy::parse(v.as_str().unwrap_or(""))) {
            _ if r.sensitive.contains(k) => crate::render::mask::SENSITIVE.to_string(),
            (Some(_), Some(j)) if j.is_object() => {
                format!("jsonencode({})", serde_json::to_string(&j).unwrap_or_default())
            }
            _ => show_json(v),
        };
        out.push_str(&format!("    {k:<width$} = {shown}\n"));
    }
    for b in blocks {
        if let Some(items) = r.attributes.get(b.name) {
            block_items(&mut out, b, items, 4);
        }
    }
    out.push_str(&format!("}}\n# region: {}, provider: {}\n", r.region, r.provider));
    out
}

/// The items of nested block `b` (a list of objects) as `name { ... }` blocks at `indent`,
/// with the plan's layout: set attributes aligned, then nested blocks.
fn block_items(out: &mut String, b: &crate::schema::BlockType, items: &serde_json::Value, indent: usize) {
    let set = |v: &serde_json::Value| !v.is_null() && !v.as_array().is_some_and(|a| a.is_empty());
    for item in items.as_array().into_iter().flatten() {
        let Some(o) = item.as_object() else { continue };
        out.push_str(&format!("{:indent$}{} {{\n", "", b.name));
        let inner = indent + 4;
        let attrs: Vec<_> = b.attrs.iter().filter_map(|a| Some((a.name, o.get(a.name).filter(|v| set(v))?))).collect();
        let width = attrs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (k, v) in attrs {
            out.push_str(&format!("{:inner$}{k:<width$} = {}\n", "", crate::render::text::show_json_at(v, inner)));
        }
        for nb in b.blocks {
            if let Some(v) = o.get(nb.name) {
                block_items(out, nb, v, inner);
            }
        }
        out.push_str(&format!("{:indent$}}}\n", ""));
    }
}

fn parse(addr: &str) -> Result<Target, String> {
    Target::parse(addr).ok_or_else(|| {
        format!("{addr:?} is not a resource or module address (write e.g. aws_iam_role.events or module.regional[\"us-east-1\"])")
    })
}

/// `state mv`: the lines to print, or why nothing can move. A module (instance) moves with
/// everything in it; a resource with its instances; an instance alone.
fn mv(state: &mut State, source: &str, destination: &str) -> Result<Vec<String>, String> {
    let pairs = match (parse(source)?, parse(destination)?) {
        (Target::Module(from), Target::Module(to)) => {
            let pairs = state.move_module(&from, &to)?;
            if pairs.is_empty() {
                return Err(format!("no objects in {source} in the state"));
            }
            return Ok(vec![format!("Move \"{source}\" to \"{destination}\"")]);
        }
        (Target::Resource(from), Target::Resource(to)) => state.move_objects(&from, &to)?,
        _ => {
            return Err(format!(
                "cannot move {source} to {destination}: move a module to a module, a resource to a resource"
            ))
        }
    };
    if pairs.is_empty() {
        return Err(format!("no objects at {source} in the state"));
    }
    Ok(pairs.iter().map(|(old, new)| format!("Move \"{old}\" to \"{new}\"")).collect())
}

/// `state rm`: the lines to print, or why nothing can be removed.
fn rm(state: &mut State, addresses: &[String]) -> Result<Vec<String>, String> {
    let parsed: Vec<Target> = addresses.iter().map(|a| parse(a)).collect::<Result<_, _>>()?;
    // All addresses must match before anything is removed.
    if let Some(t) = parsed.iter().find(|t| state.targeted(t).is_empty()) {
        return Err(format!("no objects at {t} in the state"));
    }
    let mut lines = Vec::new();
    for t in &parsed {
        for a in state.targeted(t) {
            if let Some(r) = state.remove(&a) {
                lines.push(format!("Removed {}", r.address));
            }
        }
    }
    Ok(lines)
}

/// Locks the state, applies `change`, and writes the result (after a backup) unless
/// `dry_run`. Prints what changed on stdout.
async fn edit(
    p: &Printer,
    path: &Path,
    operation: &str,
    dry_run: bool,
    change: impl FnOnce(&mut State) -> Result<Vec<String>, String>,
) -> Result<ExitStatus, CommandError> {
    let store = crate::state::open_store(path);
    let _lock = store.lock(operation, &crate::state::current_user()).await?;
    let current = store.read().await?.ok_or_else(|| missing(path.display(), None))?;
    let mut next = current.clone();
    let lines = change(&mut next).map_err(|msg| {
        CommandError::message("baseline::state::edit", msg, Some("list the addresses with `baseline state list`"))
    })?;
    let mut out = String::new();
    for l in &lines {
        // As Terraform's -dry-run: "Would remove …", "Would move …".
        let shown = match (dry_run, l.strip_prefix("Removed ")) {
            (true, Some(rest)) => format!("Would remove {rest}"),
            (true, None) => format!("Would {}", lowercase_first(l)),
            (false, _) => l.clone(),
        };
        out.push_str(&shown);
        out.push('\n');
    }
    if !dry_run {
        StateWriter::boxed(store, current).persist(&next).await?;
        let n = lines.len();
        out.push_str(&match operation {
            "state rm" => format!("Successfully removed {n} resource instance(s).\n"),
            _ => format!("Successfully moved {n} object(s).\n"),
        });
    }
    p.out(&out);
    Ok(ExitStatus::Success)
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `force-unlock ID`: removes the lock a dead run left, after confirmation (unless `--force`).
pub async fn force_unlock(p: &Printer, args: &crate::cli::ForceUnlockArgs) -> Result<ExitStatus, CommandError> {
    let l = super::load(p, &args.run.dir, None, false)?;
    let store = super::store_of(p, &args.run, &l.config).await?;
    if !args.force {
        confirm_force_unlock()?;
    }
    if !store.force_unlock(&args.lock_id).await? {
        return Err(CommandError::message(
            "baseline::state::force_unlock",
            format!("no lock with id {} is held on {}", args.lock_id, store.name()),
            Some("a local state's lock is released by the system when its holder dies; nothing to remove"),
        ));
    }
    p.log(&format!("The lock {} on {} was removed.", args.lock_id, store.name()));
    Ok(ExitStatus::Success)
}

/// Asks for `yes` on the terminal before a lock is removed; an error when there is no terminal
/// or the answer is not `yes`.
fn confirm_force_unlock() -> Result<(), CommandError> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Err(CommandError::message(
            "baseline::state::force_unlock",
            "force-unlock needs confirmation, but standard input is not a terminal",
            Some("make sure no run holds the lock, then re-run with --force"),
        ));
    }
    eprint!(
        "Do you really want to force-unlock?\n  Removing the lock of a run that is still working lets two runs change the state at once.\n  Only 'yes' will be accepted to confirm.\n\n  Enter a value: "
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() || line.trim() != "yes" {
        return Err(CommandError::message("baseline::state::force_unlock", "force-unlock cancelled.", None));
    }
    Ok(())
}

/// `state pull`: the configuration's state as JSON on stdout.
async fn pull(p: &Printer, run: &crate::cli::RunArgs) -> Result<ExitStatus, CommandError> {
    let l = super::load(p, &run.dir, None, false)?;
    let store = super::store_of(p, run, &l.config).await?;
    let state = store.read().await?.ok_or_else(|| missing(store.name(), None))?;
    let v = serde_json::to_value(&state)
        .map_err(|e| CommandError::message("baseline::state::pull", format!("cannot encode the state: {e}"), None))?;
    let text = serde_json::to_string_pretty(&crate::policy::sorted(&v)).unwrap_or_default();
    p.out(&format!("{text}\n"));
    Ok(ExitStatus::Success)
}

/// `state push FILE`: replaces the configuration's state with FILE's, under the lock. Refuses
/// (without `--force`) a state of another lineage, or one older than the stored one.
async fn push(p: &Printer, file: &Path, force: bool, run: &crate::cli::RunArgs) -> Result<ExitStatus, CommandError> {
    let incoming = crate::state::LocalStore::new(file).load()?.ok_or_else(|| {
        CommandError::message("baseline::state::push", format!("there is no state file at {}", file.display()), None)
    })?;
    let l = super::load(p, &run.dir, None, false)?;
    let store = super::store_of(p, run, &l.config).await?;
    let _lock = store.lock("state push", &crate::state::current_user()).await?;
    let current = store.read().await?;
    let mut next = incoming.clone();
    if let Some(cur) = &current {
        let refusal = if cur.lineage != incoming.lineage {
            Some(format!("{} holds another state (lineage {}, not {})", store.name(), cur.lineage, incoming.lineage))
        } else if cur.serial > incoming.serial {
            Some(format!(
                "{} is newer (serial {}) than {} (serial {})",
                store.name(),
                cur.serial,
                file.display(),
                incoming.serial
            ))
        } else {
            None
        };
        if let Some(why) = refusal.filter(|_| !force) {
            return Err(CommandError::message(
                "baseline::state::push",
                format!("not pushed: {why}"),
                Some("pass --force to replace it anyway"),
            ));
        }
        next.serial = incoming.serial.max(cur.serial + 1);
    }
    store.write(&next).await?;
    p.log(&format!("Pushed {} (serial {}) to {}.", file.display(), next.serial, store.name()));
    Ok(ExitStatus::Success)
}

/// `workspace list|show|new|select`.
pub async fn workspace(p: &Printer, cmd: crate::cli::WorkspaceCommand) -> Result<ExitStatus, CommandError> {
    use crate::cli::WorkspaceCommand as W;
    let run = match &cmd {
        W::List { run } | W::Show { run } | W::New { run, .. } | W::Select { run, .. } => run,
    };
    let current = run.workspace_name();
    let name = match &cmd {
        W::Show { .. } => {
            p.out(&format!("{current}\n"));
            return Ok(ExitStatus::Success);
        }
        W::List { .. } => None,
        W::New { name, .. } | W::Select { name, .. } => Some(name),
    };
    let l = super::load(p, &run.dir, None, false)?;
    match name {
        None => list_workspaces(p, run, &l.config, &current).await,
        Some(name) => enter_workspace(p, run, &l.config, name, matches!(cmd, W::New { .. })).await,
    }
}

/// `workspace list`: the workspaces of the configuration's store, the current one starred.
async fn list_workspaces(
    p: &Printer,
    run: &crate::cli::RunArgs,
    config: &crate::config::Config,
    current: &str,
) -> Result<ExitStatus, CommandError> {
    let base = crate::cli::RunArgs { workspace: Some("default".into()), ..run.clone() };
    let store = super::store_of(p, &base, config).await?;
    let names = store.workspaces().await?;
    let lines: String = names.iter().map(|n| format!("{} {n}\n", if *n == current { "*" } else { " " })).collect();
    p.out(&lines);
    Ok(ExitStatus::Success)
}

/// `workspace new NAME` (`create`: the workspace must not exist yet) or `workspace select NAME`
/// (it must exist): records NAME as the configuration's workspace.
async fn enter_workspace(
    p: &Printer,
    run: &crate::cli::RunArgs,
    config: &crate::config::Config,
    name: &str,
    create: bool,
) -> Result<ExitStatus, CommandError> {
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !valid {
        return Err(CommandError::message(
            "baseline::workspace::name",
            format!("{name:?} is not a workspace name"),
            Some("use letters, digits, -, _ and ."),
        ));
    }
    let target = crate::cli::RunArgs { workspace: Some(name.to_string()), ..run.clone() };
    let store = super::store_of(p, &target, config).await?;
    let exists = store.workspaces().await?.iter().any(|n| n == name);
    if create {
        if exists {
            return Err(CommandError::message(
                "baseline::workspace::exists",
                format!("workspace {name:?} already exists"),
                Some("select it with `baseline workspace select`"),
            ));
        }
        {
            // Released before the workspace is reported created.
            let _lock = store.lock("workspace new", &crate::state::current_user()).await?;
            if store.read().await?.is_none() {
                store.write(&State::new()).await?;
            }
        }
        p.log(&format!("Created and selected workspace {name:?} ({}).", store.name()));
    } else if !exists {
        return Err(CommandError::message(
            "baseline::workspace::missing",
            format!("workspace {name:?} does not exist"),
            Some("create it with `baseline workspace new`"),
        ));
    } else {
        p.log(&format!("Selected workspace {name:?}."));
    }
    let file = run.dir.join(".terraform/environment");
    let written = std::fs::create_dir_all(run.dir.join(".terraform"))
        .and_then(|_| crate::fsutil::write_atomic(&file, name.as_bytes()));
    if let Err(e) = written {
        return Err(CommandError::message(
            "baseline::workspace::select",
            format!("cannot write {}: {e}", file.display()),
            None,
        ));
    }
    if run.workspace.is_some() {
        p.log("note: --workspace / TF_WORKSPACE is set and wins over the selection while it is");
    }
    Ok(ExitStatus::Success)
}
