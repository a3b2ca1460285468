//! `baseline plan`: refresh, compare, and print what apply would do (optionally saving it).

use super::{cloud, load, open_state, report, ExitStatus, Printer};
use crate::cli::{Format, PlanArgs};
use crate::plan::saved::SavedPlan;
use crate::plan::{Plan, PlanError, PlanMode};

/// Prints the plan to stdout in the chosen format. Never writes the state.
pub async fn run(p: &Printer, args: &PlanArgs) -> ExitStatus {
    let Some(p) = p.masked(&args.mask) else { return ExitStatus::Failure };
    let p = &p;
    let Some(l) = load(p, &args.run.dir, Some(&args.run), true) else { return ExitStatus::Failure };
    let Some((cloud, tags)) = cloud(p, &args.run, &l).await else {
        return ExitStatus::Failure;
    };
    let Some(mut opened) = open_state(p, &args.run, &l.config, "plan").await else {
        return ExitStatus::Failure;
    };
    if !super::check_identity(p, args.run.sandbox, &l.config, &cloud, &mut opened.state).await {
        return ExitStatus::Failure;
    }
    let log = |m: &str| p.log(m);
    let Some(focus) = super::focus(p, &args.run) else { return ExitStatus::Failure };
    let planner = crate::plan::Planner { focus, ..l.planner(&cloud, tags, args.run.parallelism, &log) };
    let mode = if args.destroy { PlanMode::Destroy } else { PlanMode::Normal };
    let planning = planner.plan_with(std::borrow::Cow::Owned(opened.state), opened.existed, mode, args.refresh_only);
    let plan = match super::unless_stopped(p, planning).await {
        None => return ExitStatus::Failure,
        Some(Ok(plan)) => plan,
        Some(Err(e)) => {
            report_plan_error(p, &l.config, e);
            return ExitStatus::Failure;
        }
    };
    if let Some(out) = &args.out {
        let saved = match SavedPlan::new(plan.clone(), &args.run.dir, args.run.sandbox) {
            Ok(s) => s,
            Err(e) => {
                p.error("baseline::saved_plan::write", &format!("cannot record the configuration: {e}"), None);
                return ExitStatus::Failure;
            }
        };
        if let Err(e) = saved.write(out) {
            report(p, &e);
            return ExitStatus::Failure;
        }
        p.log(&format!(
            "Saved the plan to {}. Apply exactly this plan with: baseline apply {}",
            out.display(),
            out.display()
        ));
    }
    emit(p, &plan, args.format);
    p.diags(&l.config.sources, &crate::plan::conditions::check_warnings(&l.config, &plan.checks));
    super::report_calls(p, &cloud, args.run.sandbox);
    let status = if args.detailed_exitcode && plan.has_changes() { ExitStatus::Changes } else { ExitStatus::Success };
    // The process ends next: freeing every object of a large plan one by one would take a
    // tenth of its run. A plan is plain data (no file, lock or connection to release).
    std::mem::forget(plan);
    status
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

/// Prints why planning failed.
pub fn report_plan_error(p: &Printer, config: &crate::config::Config, e: PlanError) {
    match e {
        PlanError::Config(d) => p.diags(&config.sources, &d),
        PlanError::Cloud { addr, error } => p.error(
            "baseline::plan::read",
            &format!("reading {addr} failed: {error}"),
            Some("nothing was changed; fix the cause and plan again"),
        ),
    }
}
