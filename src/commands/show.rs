//! `baseline show [FILE]`: a saved plan in any format, or the current state.

use super::{report, ExitStatus, Printer};
use crate::cli::{Format, ShowArgs};
use crate::plan::saved::SavedPlan;

/// Prints the saved plan (or, without FILE, the state) to stdout.
pub async fn run(p: &Printer, args: &ShowArgs) -> ExitStatus {
    let Some(p) = p.masked(&args.mask) else { return ExitStatus::Failure };
    let p = &p;
    if let Some(file) = &args.file {
        return match SavedPlan::read(file) {
            Ok(saved) => {
                let plan = &saved.plan;
                p.mask.hide(&crate::config::vars::values_of(&plan.sensitive_variables, &plan.variables));
                super::plan::emit(p, plan, args.format);
                ExitStatus::Success
            }
            Err(e) => {
                report(p, &e);
                ExitStatus::Failure
            }
        };
    }
    let state = match crate::state::open_store(&args.state).read().await {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => {
            report(p, &e);
            return ExitStatus::Failure;
        }
    };
    match args.format {
        Format::Json => {
            let j = crate::policy::sorted(&crate::render::json::state_json(&state));
            p.out_data(&(serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"))
        }
        Format::Markdown => {
            p.error(
                "baseline::show::markdown",
                "--format markdown renders a plan for a pull request; a state has no markdown form",
                Some("show the state with --format text or json, or show a saved plan as markdown"),
            );
            return ExitStatus::Failure;
        }
        Format::Text => {
            if state.resources.is_empty() {
                p.out("The state is empty.\n");
            }
            for r in &state.resources {
                p.out(&super::state::describe(r));
                p.out("\n");
            }
        }
    }
    ExitStatus::Success
}
