//! `baseline show [FILE]`: a saved plan in any format, or the current state.

use super::{CommandError, ExitStatus, Printer};
use crate::cli::{Format, ShowArgs};
use crate::plan::saved::SavedPlan;

/// Prints the saved plan (or, without FILE, the state) to stdout.
pub async fn run(p: &Printer, args: &ShowArgs) -> Result<ExitStatus, CommandError> {
    if let Some(file) = &args.file {
        let saved = SavedPlan::read(file)?;
        let plan = &saved.plan;
        p.mask.hide(&crate::config::vars::values_of(&plan.sensitive_variables, &plan.variables));
        super::plan::emit(p, plan, args.format);
        return Ok(ExitStatus::Success);
    }
    let state = crate::state::open_store(&args.state).read().await?.unwrap_or_default();
    match args.format {
        Format::Json => {
            let j = crate::policy::sorted(&crate::render::json::state_json(&state));
            p.out_data(&(serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"))
        }
        Format::Markdown => {
            return Err(CommandError::message(
                "baseline::show::markdown",
                "--format markdown renders a plan for a pull request; a state has no markdown form",
                Some("show the state with --format text or json, or show a saved plan as markdown"),
            ));
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
    Ok(ExitStatus::Success)
}
