//! `baseline plan`: refresh, compare, and print what apply would do.

use super::{cloud, load, open_state, ExitStatus, Printer};
use crate::cli::PlanArgs;
use crate::plan::{PlanError, PlanMode, Planner};
use crate::render::text::render_plan;

/// Prints the plan to stdout. Never writes the state.
pub async fn run(p: &Printer, args: &PlanArgs) -> ExitStatus {
    let Some(l) = load(p, &args.run.dir, Some(&args.run), true) else {
        return ExitStatus::Failure;
    };
    let Some(cloud) = cloud(p, &args.run, &l).await else {
        return ExitStatus::Failure;
    };
    let Some((_store, _lock, prior)) = open_state(p, &args.run, "plan") else {
        return ExitStatus::Failure;
    };
    let log = |m: &str| p.log(m);
    let planner = Planner {
        config: &l.config,
        graph: &l.graph,
        vars: &l.vars,
        cloud: cloud.as_ref(),
        parallelism: args.run.parallelism as usize,
        log: &log,
    };
    let plan = match planner.plan(&prior, PlanMode::Normal).await {
        Ok(plan) => plan,
        Err(e) => {
            report_plan_error(p, &l.config, e);
            return ExitStatus::Failure;
        }
    };
    p.out(&render_plan(&plan, p.out_style));
    super::report_calls(p, cloud.as_ref(), args.run.sandbox);
    if args.detailed_exitcode && plan.has_changes() {
        ExitStatus::Changes
    } else {
        ExitStatus::Success
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
