//! `baseline import ADDRESS ID`: adopts one existing object into the state, as `terraform
//! import` does. The address must be an instance the configuration declares and the state does
//! not hold yet; the object is read by its id through the type's own import path (the one an
//! `import` block uses), and only its record is added to the state. Nothing in the account
//! changes: a difference between the object and the configuration shows in the next plan.

use std::borrow::Cow;

use super::plan::planned;
use super::{CommandError, ExitStatus, Printer, Session};
use crate::addr::{Address, Mode, Target};
use crate::cli::ImportArgs;
use crate::config::{Expr, Import};
use crate::diag::FileId;
use crate::plan::PlanMode;
use crate::state::StateWriter;

pub async fn run(p: &Printer, args: &ImportArgs) -> Result<ExitStatus, CommandError> {
    let addr = match Address::parse(&args.address) {
        Some(a) if a.mode == Mode::Managed => a,
        _ => {
            return Err(CommandError::message(
                "baseline::import::address",
                format!("{:?} is not a managed resource instance address", args.address),
                Some("write e.g. aws_sns_topic.alerts or 'module.region[\"us-east-1\"].aws_inspector2_enabler.this'"),
            ))
        }
    };
    let mut s = Session::open(p, &args.run, "import").await?;
    // Planning only the address (and what it depends on) keeps the run to the one object.
    s.focus.targets = vec![Target::Resource(addr.clone())];
    if s.loaded.config.resource(&addr).is_none() {
        return Err(CommandError::message(
            "baseline::import::undeclared",
            format!("resource address \"{}\" does not exist in the configuration", addr.config()),
            Some("add a resource block for it first, e.g. `resource \"TYPE\" \"NAME\" {}`, then import"),
        ));
    }
    if s.state.state.get(&addr).is_some() {
        return Err(CommandError::message(
            "baseline::import::managed",
            format!("resource already managed: the state already holds an object at {addr}"),
            Some("to import to this address, first remove the existing object: `baseline state rm ADDRESS`"),
        ));
    }
    // The id as an `import` block's literal `id`, replacing any block for the same address.
    let id =
        Expr { expr: hcl_edit::expr::Expression::from(args.id.as_str()), file: FileId(0), span: None, scope: vec![] };
    s.loaded.config.imports.retain(|i| i.to != addr);
    s.loaded.config.imports.push(Import { to: addr.clone(), id, span: None });
    p.log(&format!("{addr}: Importing from ID {:?}...", args.id));
    let log = |m: &str| p.log(&format!("note: {m}"));
    let planner = s.loaded.planner(&s.clouds, s.tags, s.focus, args.run.parallelism, &log);
    let plan = planned(&planner, Cow::Borrowed(&s.state.state), s.state.existed, PlanMode::Normal, false).await?;
    let imported = plan.changes.iter().any(|c| c.addr == addr && c.importing.is_some());
    let Some(record) = plan.refreshed.get(&addr).filter(|_| imported) else {
        return Err(CommandError::message(
            "baseline::import::instance",
            format!("configuration for import target {addr} does not exist"),
            Some("the instance key must be one the resource's count or for_each gives"),
        ));
    };
    p.log(&format!("{addr}: Import prepared!"));
    let mut next = s.state.state.clone();
    next.put(record.clone());
    StateWriter::boxed(s.state.store, s.state.state).persist(&next).await?;
    p.out(
        "\nImport successful!\n\nThe resources that were imported are shown above. These resources are now in\n\
         your baseline state and will henceforth be managed by baseline.\n\n",
    );
    Ok(ExitStatus::Success)
}
