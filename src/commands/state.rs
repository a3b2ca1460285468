//! `baseline state list|show`: read-only views of the state.

use super::{report, ExitStatus, Printer};
use crate::addr::Address;
use crate::cli::StateCommand;
use crate::render::text::show_json;

/// Lists addresses or shows one resource.
pub async fn run(p: &Printer, cmd: StateCommand) -> ExitStatus {
    let (path, address) = match &cmd {
        StateCommand::List { state } => (state, None),
        StateCommand::Show { state, address } => (state, Some(address)),
    };
    let state = match crate::state::open_store(path).read().await {
        Ok(Some(s)) => s,
        Ok(None) => {
            if address.is_none() {
                return ExitStatus::Success;
            }
            p.error(
                "baseline::state::missing",
                &format!("there is no state at {}", path.display()),
                Some("run apply first, or pass --state PATH"),
            );
            return ExitStatus::Failure;
        }
        Err(e) => {
            report(p, &e);
            return ExitStatus::Failure;
        }
    };
    let Some(address) = address else {
        let mut out = String::new();
        for r in &state.resources {
            out.push_str(&format!("{}\n", r.address));
        }
        p.out(&out);
        return ExitStatus::Success;
    };
    let found = Address::parse(address).and_then(|a| state.get(&a).cloned());
    let Some(r) = found else {
        let known: Vec<String> = state.resources.iter().map(|r| r.address.to_string()).collect();
        let hint = crate::diag::did_you_mean(address, known.iter().map(String::as_str))
            .unwrap_or_else(|| "list the addresses with `baseline state list`".to_string());
        p.error("baseline::state::no_resource", &format!("no resource {address:?} in the state"), Some(&hint));
        return ExitStatus::Failure;
    };
    p.out(&describe(&r));
    ExitStatus::Success
}

/// One resource as `state show` prints it.
pub fn describe(r: &crate::state::ResourceState) -> String {
    let mut out = format!("# {}:\nresource \"{}\" \"{}\" {{\n", r.address, r.type_name, r.name);
    let width = r.attributes.keys().map(String::len).max().unwrap_or(0);
    for (k, v) in &r.attributes {
        if v.is_null() || v.as_array().is_some_and(|a| a.is_empty()) {
            continue;
        }
        let shown = match (v.as_str(), crate::policy::parse(v.as_str().unwrap_or(""))) {
            (Some(_), Some(j)) if j.is_object() => {
                format!("jsonencode({})", serde_json::to_string(&j).unwrap_or_default())
            }
            _ => show_json(v),
        };
        out.push_str(&format!("    {k:<width$} = {shown}\n"));
    }
    out.push_str(&format!("}}\n# region: {}, provider: {}\n", r.region, r.provider));
    out
}
