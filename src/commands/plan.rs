//! `baseline plan`: refresh, compare, and print what apply would do (optionally saving it).

use std::borrow::Cow;
use std::path::Path;

use super::{CommandError, ExitStatus, Printer, Session};
use crate::cli::{Format, PlanArgs, RunArgs};
use crate::config::Config;
use crate::plan::saved::SavedPlan;
use crate::plan::{Plan, PlanError, PlanMode, Planner};
use crate::state::State;

/// Prints the plan to stdout in the chosen format. Never writes the state.
pub async fn run(p: &Printer, args: &PlanArgs) -> Result<ExitStatus, CommandError> {
    let s = Session::open(p, &args.run, "plan").await?;
    let log = |m: &str| p.log(m);
    let planner = s.loaded.planner(&s.clouds, s.tags, s.focus, args.run.parallelism, &log);
    let mode = if args.destroy { PlanMode::Destroy } else { PlanMode::Normal };
    let plan = planned(&planner, Cow::Owned(s.state.state), s.state.existed, mode, args.refresh_only).await?;
    if let Some(out) = &args.out {
        save(p, &plan, out, &args.run)?;
    }
    emit(p, &plan, args.format);
    let config = &s.loaded.config;
    let mut warnings = crate::plan::conditions::check_warnings(config, &plan.checks);
    if let Some(w) = crate::plan::moves::forget_warning(&plan.changes) {
        warnings.push(w);
    }
    p.diags(&config.sources, &warnings);
    super::report_calls(p, &s.clouds, args.run.sandbox);
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

/// The plan `planner` makes from `prior` (see [`Planner::plan_with`]), unless a signal asks the
/// run to stop first: then the error says so (nothing was changed; returning releases the
/// lock).
pub async fn planned(
    planner: &Planner<'_>,
    prior: Cow<'_, State>,
    existed: bool,
    mode: PlanMode,
    refresh_only: bool,
) -> Result<Plan, CommandError> {
    tokio::select! {
        biased;
        () = crate::interrupt::until(crate::interrupt::stop_requested) => Err(CommandError::message(
            "baseline::interrupted",
            "stopped on request while planning; nothing was changed",
            None,
        )),
        done = planner.plan_with(prior, existed, mode, refresh_only) => done.map_err(|e| plan_error(planner.config, e)),
    }
}

/// Why planning failed.
fn plan_error(config: &Config, e: PlanError) -> CommandError {
    match e {
        PlanError::Config(d) => CommandError::diags(&config.sources, d),
        PlanError::Cloud { addr, error } => CommandError::message(
            "baseline::plan::read",
            format!("reading {addr} failed: {error}"),
            Some("nothing was changed; fix the cause and plan again"),
        ),
    }
}
