//! `baseline apply` and `baseline destroy`: plan, confirm, carry out, record.

use std::borrow::Cow;
use std::io::{BufRead, IsTerminal, Write};

use super::plan::planned;
use super::{cloud, load, open_state, CommandError, ExitStatus, Printer, Session};
use crate::addr::Address;
use crate::apply::{apply, ApplyError, Outcome, Progress};
use crate::cli::{ApplyArgs, RunArgs};
use crate::cloud::CloudError;
use crate::interrupt;
use crate::plan::saved::SavedPlan;
use crate::plan::{Plan, PlanMode, Planner};
use crate::render::text::{render_plan, show_output};
use crate::state::StateWriter;

/// Progress on stderr, as Terraform prints it.
struct StderrProgress<'a> {
    p: &'a Printer,
    /// Actions in progress: address → (verb, started, seconds already reported).
    running: std::sync::Mutex<std::collections::BTreeMap<String, (String, std::time::Instant, u64)>>,
}

impl<'a> StderrProgress<'a> {
    fn new(p: &'a Printer) -> Self {
        StderrProgress { p, running: Default::default() }
    }

    fn running(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<String, (String, std::time::Instant, u64)>> {
        // A poisoned map still holds whole entries (each is inserted or removed whole).
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// How often a long action says it is still running.
const STILL_EVERY: u64 = 10;

/// Whether the stop was announced on stderr.
static ANNOUNCED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// Whether abandoning was announced on stderr.
static ABANDONED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl Progress for StderrProgress<'_> {
    fn start(&self, addr: &Address, verb: &str) {
        self.running().insert(addr.to_string(), (verb.to_lowercase(), std::time::Instant::now(), 0));
        self.p.log(&format!("{addr}: {verb}..."));
    }
    fn done(&self, addr: &Address, verb: &str, secs: u64, id: Option<&str>) {
        self.running().remove(&addr.to_string());
        let id = id.map(|i| format!(" [id={i}]")).unwrap_or_default();
        self.p.log(&format!("{addr}: {verb} complete after {secs}s{id}"));
    }
    fn failed(&self, addr: &Address, verb: &str, error: &CloudError) {
        self.running().remove(&addr.to_string());
        self.p.log(&format!("{addr}: {verb} failed: {error}"));
    }
    fn note(&self, msg: &str) {
        self.p.log(&format!("note: {msg}"));
    }
    /// `Still creating... [10s elapsed]` every ten seconds of an action, as Terraform says it.
    fn tick(&self) {
        let mut due = Vec::new();
        for (addr, (verb, started, told)) in self.running().iter_mut() {
            let secs = started.elapsed().as_secs() / STILL_EVERY * STILL_EVERY;
            if secs > *told {
                *told = secs;
                due.push(format!("{addr}: Still {verb}... [{secs}s elapsed]"));
            }
        }
        due.iter().for_each(|l| self.p.log(l));
    }
    fn stopping(&self) -> bool {
        let stop = interrupt::stop_requested();
        if stop && !ANNOUNCED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            self.p.log(
                "Stopping: no new action will start; waiting for those in progress to finish and be recorded \
                 (signal again to stop at once).",
            );
        }
        stop
    }
    fn abandoning(&self) -> bool {
        let now = interrupt::abandon_requested();
        if now && !ABANDONED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            self.p.log(
                "Stopping at once: actions in progress are abandoned; the state records what completed and the \
                 journal what was in progress, for the next run to look for.",
            );
        }
        now
    }
}

/// The state writer of an apply. Test-only: `BASELINE_SNAPSHOT_INTERVAL` (a duration) sets how
/// often the whole snapshot is written.
fn writer(store: Box<dyn crate::state::StateStore>, current: crate::state::State) -> StateWriter {
    let w = StateWriter::boxed(store, current);
    match std::env::var("BASELINE_SNAPSHOT_INTERVAL").ok().and_then(|v| crate::lang::functions::parse_std_duration(&v))
    {
        Some(every) => w.with_snapshot_every(every),
        None => w,
    }
}

/// Asks for `yes` on the terminal; an error when there is no terminal to ask.
fn confirm(destroy: bool) -> Result<bool, CommandError> {
    if !std::io::stdin().is_terminal() {
        let op = if destroy { "destroy" } else { "apply" };
        return Err(CommandError::message(
            "baseline::apply::no_terminal",
            format!("{op} needs confirmation, but standard input is not a terminal"),
            Some("review the plan, then re-run with --auto-approve"),
        ));
    }
    let q =
        if destroy { "Do you really want to destroy all resources?" } else { "Do you want to perform these actions?" };
    eprint!("{q}\n  baseline will perform the actions described above.\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ");
    let _ = std::io::stderr().flush();
    // Read on a thread of its own, so Ctrl-C at the prompt cancels (signals are only counted
    // once the state is locked; a blocking read would not notice them).
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let ok = std::io::stdin().lock().read_line(&mut line).is_ok();
        let _ = tx.send(ok && line.trim() == "yes");
    });
    loop {
        if interrupt::stop_requested() {
            eprintln!();
            return Ok(false);
        }
        match rx.recv_timeout(std::time::Duration::from_millis(100)) {
            Ok(yes) => return Ok(yes),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Ok(false),
        }
    }
}

/// Plans (or reads a saved plan), shows it, asks (unless `--auto-approve` or a saved plan),
/// applies, reports.
pub async fn run(p: &Printer, args: &ApplyArgs, destroy: bool) -> Result<ExitStatus, CommandError> {
    // From the start: a signal while planning stops the run before any action.
    interrupt::listen();
    if !destroy && args.run.dir.is_file() {
        return run_saved(p, args).await;
    }
    let s = Session::open(p, &args.run, if destroy { "destroy" } else { "apply" }).await?;
    let log = |m: &str| p.log(&format!("note: {m}"));
    let planner = s.loaded.planner(&s.clouds, s.tags, s.focus, args.run.parallelism, &log);
    let mode = if destroy { PlanMode::Destroy } else { PlanMode::Normal };
    let plan = planned(&planner, Cow::Borrowed(&s.state.state), s.state.existed, mode, args.refresh_only).await?;
    p.out(&render_plan(&plan, p.out_style));
    if plan.has_actions() && !args.auto_approve && !confirm(destroy)? {
        // A choice, not an error; exit 1 as Terraform does, since nothing was applied.
        p.log(&format!("\n{} cancelled.", if destroy { "Destroy" } else { "Apply" }));
        return Ok(ExitStatus::Failure);
    }
    execute(p, &planner, &plan, writer(s.state.store, s.state.state), destroy, args.run.sandbox).await
}

/// `apply FILE`: exactly the saved plan, after checking it is not stale. No new plan is made.
async fn run_saved(p: &Printer, args: &ApplyArgs) -> Result<ExitStatus, CommandError> {
    if !args.run.vars.is_empty() || !args.run.var_files.is_empty() {
        return Err(CommandError::message(
            "baseline::saved_plan::vars",
            "a saved plan cannot take --var or --var-file: it was made with its own variable values",
            Some("make a new plan with these values (`baseline plan --out FILE --var ...`), then apply it"),
        ));
    }
    if !args.run.targets.is_empty() || !args.run.replace.is_empty() {
        return Err(CommandError::message(
            "baseline::saved_plan::focus",
            "a saved plan cannot take --target or --replace: it applies exactly what it planned",
            Some("make a new plan with them (`baseline plan --out FILE --target ...`), then apply it"),
        ));
    }
    let saved = SavedPlan::read(&args.run.dir)?;
    if saved.sandbox != args.run.sandbox {
        let (made, now) = if saved.sandbox { ("the sandbox", "AWS") } else { ("AWS", "the sandbox") };
        return Err(CommandError::message(
            "baseline::saved_plan::target",
            format!("this plan was made against {made}, but this run targets {now}"),
            Some(if saved.sandbox { "add --sandbox" } else { "remove --sandbox" }),
        ));
    }
    let run = RunArgs { dir: saved.config_dir.clone(), ..args.run.clone() };
    let mut l = load(p, &run.dir, None, false)?;
    // The plan's own variable values: applying must not pick up different ones.
    l.vars = crate::config::vars::retyped(&l.config, &saved.plan.variables);
    p.mask.hide(&crate::config::vars::values_of(&saved.plan.sensitive_variables, &l.vars));
    let (cloud, tags) = cloud(p, &run, &l).await?;
    let opened = open_state(p, &run, &l.config, "apply").await?;
    saved.check_current(opened.existed.then_some(&opened.state))?;
    // The credentials may reach another account than when the plan was made.
    let mut planned_for = saved.plan.refreshed.clone();
    super::check_identity(run.sandbox, &l.config, &cloud, &mut planned_for).await?;
    let log = |m: &str| p.log(&format!("note: {m}"));
    let planner = l.planner(&cloud, tags, Default::default(), run.parallelism, &log);
    let destroy = saved.plan.mode == PlanMode::Destroy;
    execute(p, &planner, &saved.plan, writer(opened.store, opened.state), destroy, run.sandbox).await
}

/// Carries out `plan`, then says how many API calls the run made: the run's last line, after
/// any error of the apply (printed here, so it comes first).
async fn execute(
    p: &Printer,
    planner: &Planner<'_>,
    plan: &Plan,
    writer: StateWriter,
    destroy: bool,
    sandbox: bool,
) -> Result<ExitStatus, CommandError> {
    let done = carry_out(p, planner, plan, writer, destroy).await.map_err(|e| e.printed(p));
    super::report_calls(p, planner.clouds, sandbox);
    done.map(|()| ExitStatus::Success)
}

/// Carries out `plan` and prints the outcome.
async fn carry_out(
    p: &Printer,
    planner: &Planner<'_>,
    plan: &Plan,
    mut writer: StateWriter,
    destroy: bool,
) -> Result<(), CommandError> {
    let op = if destroy { "destroy" } else { "apply" };
    // Nothing in the account changes before the run has shown it can record what it does.
    if plan.has_actions() {
        writer.prove().await?;
    }
    let outcome = match apply(planner, plan, &mut writer, &StderrProgress::new(p)).await {
        Ok(o) => o,
        Err(ApplyError::State(e)) => return Err(e.into()),
        Err(ApplyError::Config(d)) => return Err(CommandError::diags(&planner.config.sources, d)),
    };
    if let Some(n) = outcome.not_started {
        let abandoned = match outcome.abandoned {
            0 => String::new(),
            a => format!(", {a} abandoned in progress (the next run looks for what they made)",),
        };
        let msg = format!(
            "{op} stopped on request: {n} action{} not started{abandoned}; the state records what completed ({} added, {} changed, {} destroyed).",
            if n == 1 { "" } else { "s" },
            outcome.added,
            outcome.changed,
            outcome.destroyed
        );
        return Err(CommandError::message(
            "baseline::apply::stopped",
            msg,
            Some("run the same command again to finish"),
        ));
    }
    if !outcome.failures.is_empty() {
        return Err(failed(p, op, &outcome));
    }
    print_complete(p, planner, plan, &outcome, destroy);
    Ok(())
}

/// Prints each failed action and each one skipped for it; the error sums them up.
fn failed(p: &Printer, op: &str, outcome: &Outcome) -> CommandError {
    for f in &outcome.failures {
        p.log(&format!("Error: {}: {} failed: {}", f.addr, f.verb.to_lowercase(), f.error));
    }
    for s in &outcome.skipped {
        p.log(&format!("Skipped: {s}: not attempted (it depends on a failed action)"));
    }
    let msg = format!(
        "{op} stopped with {} failed action{}; the state records what completed ({} added, {} changed, {} destroyed).",
        outcome.failures.len(),
        if outcome.failures.len() == 1 { "" } else { "s" },
        outcome.added,
        outcome.changed,
        outcome.destroyed
    );
    CommandError::message(
        "baseline::apply::failed",
        msg,
        Some("fix the cause and run the same command again; it continues from the recorded state"),
    )
}

/// Prints what a finished apply (or destroy) did, and the outputs.
fn print_complete(p: &Printer, planner: &Planner<'_>, plan: &Plan, outcome: &Outcome, destroy: bool) {
    if plan.refresh_only {
        let n = plan.drift.len();
        p.out(&format!(
            "\nApply complete! The state now records {n} change{} made outside baseline; the account was not changed.\n",
            if n == 1 { "" } else { "s" }
        ));
    } else if destroy {
        p.out(&format!("\nDestroy complete! Resources: {} destroyed.\n", outcome.destroyed));
    } else {
        let imported = match plan.imports() {
            0 => String::new(),
            n => format!("{n} imported, "),
        };
        p.out(&format!(
            "\nApply complete! Resources: {imported}{} added, {} changed, {} destroyed.\n",
            outcome.added, outcome.changed, outcome.destroyed
        ));
        if !outcome.outputs.is_empty() {
            p.out("\nOutputs:\n\n");
            for (k, v) in &outcome.outputs {
                let sensitive = planner.config.outputs.get(k).is_some_and(|o| o.sensitive);
                let shown = if sensitive { "<sensitive>".to_string() } else { show_output(v) };
                p.out(&format!("{k} = {shown}\n"));
            }
        }
    }
}
