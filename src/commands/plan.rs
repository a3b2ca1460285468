//! `baseline plan`: refresh, compare, and print what apply would do (optionally saving it).

use std::path::Path;

use super::{cloud, load, open_state, CommandError, ExitStatus, Printer};
use crate::cli::{Format, PlanArgs, RunArgs};
use crate::config::Config;
use crate::plan::saved::SavedPlan;
use crate::plan::{Plan, PlanError, PlanMode};

/// Prints the plan to stdout in the chosen format. Never writes the state.
pub async fn run(p: &Printer, args: &PlanArgs) -> Result<ExitStatus, CommandError> {
    let l = load(p, &args.run.dir, Some(&args.run), true)?;
    let (cloud, tags) = cloud(p, &args.run, &l).await?;
    let mut opened = open_state(p, &args.run, &l.config, "plan").await?;
    super::check_identity(args.run.sandbox, &l.config, &cloud, &mut opened.state).await?;
    let log = |m: &str| p.log(m);
    let focus = super::focus(p, &args.run)?;
    let planner = crate::plan::Planner { focus, ..l.planner(&cloud, tags, args.run.parallelism, &log) };
    let mode = if args.destroy { PlanMode::Destroy } else { PlanMode::Normal };
    let planning = planner.plan_with(std::borrow::Cow::Owned(opened.state), opened.existed, mode, args.refresh_only);
    let plan = super::unless_stopped(planning).await?.map_err(|e| plan_error(&l.config, e))?;
    if let Some(out) = &args.out {
        save(p, &plan, out, &args.run)?;
    }
    emit(p, &plan, args.format);
    p.diags(&l.config.sources, &crate::plan::conditions::check_warnings(&l.config, &plan.checks));
    super::report_calls(p, &cloud, args.run.sandbox);
    let status = if args.detailed_exitcode && plan.has_changes() { ExitStatus::Changes } else { ExitStatus::Success };
    // The process ends next: freeing every object of a large plan one by one would take a
    // tenth of its run. A plan is plain data (no file, lock or connection to release).
    std::mem::forget(plan);
    Ok(status)
}

/// `--out FILE`: writes the plan, with what it was made from, for `apply FILE`.
fn save(p: &Printer, plan: &Plan, out: &Path, run: &RunArgs) -> Result<(), CommandError> {
    let saved = SavedPlan::new(plan.clone(), &run.dir, run.sandbox).map_err(|e| {
        CommandError::message("baseline::saved_plan::write", format!("cannot record the configuration: {e}"), None)
    })?;
    saved.write(out)?;
    p.log(&format!(
        "Saved the plan to {}. Apply exactly this plan with: baseline apply {}",
        out.display(),
        out.display()
    ));
    Ok(())
}

/// Prints the plan in `format` on stdout: JSON keeps sensitive values and marks them, as
/// Terraform's does; the text formats hide them.
pub fn emit(p: &Printer, plan: &Plan, format: Format) {
    match format {
        Format::Json => p.out_data(&render(plan, format, p)),
        _ => p.out(&render(plan, format, p)),
    }
}

/// The plan in `format` (the same structure behind every format).
pub fn render(plan: &Plan, format: Format, p: &Printer) -> String {
    match format {
        Format::Text => crate::render::text::render_plan(plan, p.out_style),
        Format::Json => {
            let j = crate::policy::sorted(&crate::render::json::plan_json(plan));
            serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"
        }
        Format::Markdown => crate::render::markdown::render_markdown(plan, &Default::default()),
    }
}

/// Why planning failed.
pub fn plan_error(config: &Config, e: PlanError) -> CommandError {
    match e {
        PlanError::Config(d) => CommandError::diags(&config.sources, d),
        PlanError::Cloud { addr, error } => CommandError::message(
            "baseline::plan::read",
            format!("reading {addr} failed: {error}"),
            Some("nothing was changed; fix the cause and plan again"),
        ),
    }
}
