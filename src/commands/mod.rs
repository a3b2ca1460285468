//! One module per subcommand. Each command returns its [`ExitStatus`], or a [`CommandError`]
//! that [`run`] prints, once, through the command's [`Printer`] (an error whose later output must
//! follow it is printed where it happens instead). The set-up commands share lives here:
//! loading the configuration, opening the accounts, choosing the state's store (the `backend`
//! block's, or the local file) and opening the state, and [`Session`], all of that for `plan`
//! and `apply`.

mod apply;
mod console;
mod error;
mod fmt;
mod import;
mod init;
mod output;
mod plan;
mod sandbox;
mod show;
mod state;
mod validate;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use crate::cli::{Cli, Command, MaskArgs, RunArgs};
use crate::config::{self, Config};
use crate::diag::{self, Diag, Diags};
use crate::graph::Graph;
use crate::lang::Value;
use crate::plan::tags::TagPolicies;
use crate::plan::Focus;
use crate::render::mask::{Masker, SharedMask};
use crate::render::Style;
use crate::services::connect;
use crate::services::Clouds;
use crate::state::{State, StateLock, StateStore};
pub use error::CommandError;

/// How the process exits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: success (and, with --detailed-exitcode, no changes).
    Success,
    /// 1: any error (and an apply the user did not approve).
    Failure,
    /// 2: with --detailed-exitcode, the plan has changes.
    Changes,
    /// 2: `fmt`: a file does not parse (Terraform's code for diagnostics there).
    Invalid,
    /// 3: `fmt --check`: a file is not formatted.
    NotFormatted,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Changes | ExitStatus::Invalid => 2,
            ExitStatus::NotFormatted => 3,
        }
    }
}

/// The one output path: data to stdout, logs and diagnostics to stderr, masked as asked.
#[derive(Debug, Clone)]
pub struct Printer {
    /// Colour on stdout.
    pub out_style: Style,
    /// Colour on stderr.
    pub err_color: bool,
    /// `--debug`: list API calls.
    pub debug: bool,
    /// `--mask-account-ids` / `--mask`: applied to everything printed.
    pub mask: SharedMask,
}

impl Printer {
    fn new(no_color: bool, debug: bool) -> Printer {
        // NO_COLOR: any non-empty value; CLICOLOR_FORCE: any but 0 (colour without a terminal,
        // for CI logs that render it). NO_COLOR wins.
        let allowed = !no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let forced = std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
        Printer {
            out_style: Style { color: allowed && (forced || std::io::stdout().is_terminal()) },
            err_color: allowed && (forced || std::io::stderr().is_terminal()),
            debug,
            mask: SharedMask::default(),
        }
    }

    /// This printer masking what `m` asks for; an error for a bad regex.
    pub fn masked(&self, m: &MaskArgs) -> Result<Printer, CommandError> {
        let mask = Masker::new(m.mask_account_ids, &m.masks)
            .map_err(|e| CommandError::message("baseline::cli::mask", format!("invalid --mask pattern: {e}"), None))?;
        Ok(Printer { mask: SharedMask::new(mask), ..self.clone() })
    }

    /// Writes data to stdout.
    pub fn out(&self, s: &str) {
        let s = self.mask.apply(s);
        let mut o = std::io::stdout().lock();
        let _ = o.write_all(s.as_bytes());
        let _ = o.flush();
    }

    /// Writes data in a machine format to stdout: patterns are masked, sensitive values are
    /// not (the format marks them, as Terraform's JSON does).
    pub fn out_data(&self, s: &str) {
        let s = self.mask.apply_patterns(s);
        let mut o = std::io::stdout().lock();
        let _ = o.write_all(s.as_bytes());
        let _ = o.flush();
    }

    /// Writes a log line to stderr.
    pub fn log(&self, s: &str) {
        eprintln!("{}", self.mask.apply(s));
    }

    /// Renders an error (no source location) to stderr, with an optional hint.
    pub fn error(&self, code: &'static str, message: &str, help: Option<&str>) {
        eprint!("{}", self.mask.apply(&diag::render_error(code, message, help, self.err_color)));
    }

    /// Renders diagnostics to stderr.
    pub fn diags(&self, sources: &crate::diag::SourceMap, d: &Diags) {
        if !d.is_empty() {
            eprint!("{}", self.mask.apply(&diag::render_all(sources, d, self.err_color)));
        }
    }

    /// Renders a library error that carries its own miette diagnostic information to stderr.
    pub fn report(&self, e: &dyn miette::Diagnostic) {
        let theme =
            if self.err_color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
        let mut s = String::new();
        if miette::GraphicalReportHandler::new_themed(theme).with_width(100).render_report(&mut s, e).is_err() {
            s = format!("Error: {e}\n");
        }
        eprint!("{}", self.mask.apply(&s));
    }
}

/// Runs the parsed command line, and prints the error the command returns, if any.
pub async fn run(cli: Cli) -> ExitStatus {
    let unmasked = Printer::new(cli.no_color, cli.debug);
    // The command's printer masks what its flags ask for, its error included.
    let p = match masks(&cli.command).map(|m| unmasked.masked(m)) {
        None => unmasked,
        Some(Ok(p)) => p,
        Some(Err(e)) => {
            e.print(&unmasked);
            return ExitStatus::Failure;
        }
    };
    match dispatch(&p, cli.command).await {
        Ok(status) => status,
        Err(e) => {
            e.print(&p);
            ExitStatus::Failure
        }
    }
}

/// The `--mask` flags of the commands that take them.
fn masks(command: &Command) -> Option<&MaskArgs> {
    match command {
        Command::Plan(a) => Some(&a.mask),
        Command::Apply(a) => Some(&a.mask),
        Command::Destroy(a) => Some(&a.mask),
        Command::Show(a) => Some(&a.mask),
        _ => None,
    }
}

/// Runs `command`, printing through `p`.
async fn dispatch(p: &Printer, command: Command) -> Result<ExitStatus, CommandError> {
    match command {
        Command::Init(a) => init::run(p, &a).await,
        Command::Fmt(a) => fmt::run(p, &a),
        Command::Validate(a) => validate::run(p, &a),
        Command::Plan(a) => plan::run(p, &a).await,
        Command::Apply(a) => apply::run(p, &a, false).await,
        Command::Destroy(a) => apply::run(p, &a.into(), true).await,
        Command::Output(a) => output::run(p, &a).await,
        Command::Console(a) => console::run(p, &a).await,
        Command::Show(a) => show::run(p, &a).await,
        Command::Import(a) => import::run(p, &a).await,
        Command::State(c) => state::run(p, c).await,
        Command::ForceUnlock(a) => state::force_unlock(p, &a).await,
        Command::Workspace(c) => state::workspace(p, c).await,
        Command::Sandbox(c) => sandbox::run(p, c).await,
    }
}

/// A loaded, checked configuration with its variable values and graph.
pub struct Loaded {
    pub config: Config,
    pub vars: BTreeMap<String, Value>,
    pub graph: Graph,
}

impl Loaded {
    /// A planner over this configuration, variables and graph, with the run's accounts, tag
    /// policies and focus.
    pub fn planner<'a>(
        &'a self,
        clouds: &'a Clouds,
        tags: TagPolicies,
        focus: Focus,
        parallelism: u16,
        log: &'a (dyn Fn(&str) + Sync),
    ) -> crate::plan::Planner<'a> {
        crate::plan::Planner {
            config: &self.config,
            graph: &self.graph,
            vars: &self.vars,
            clouds,
            parallelism: parallelism as usize,
            log,
            focus,
            tags,
        }
    }
}

/// What `plan` and `apply` (and so `destroy`) set up before planning. A planner borrows
/// `loaded` and `clouds` and takes `tags` and `focus`; `state` is planned from.
pub struct Session {
    // Fields drop in declaration order: the state lock is released before the accounts are
    // closed (a sandbox account writes its file then), as when these were a command's locals.
    /// The state, locked until it is dropped.
    pub state: OpenState,
    /// `--target` and `--replace`.
    pub focus: Focus,
    /// The providers' tag policies.
    pub tags: TagPolicies,
    /// The accounts the providers reach.
    pub clouds: Clouds,
    /// The configuration, with the run's variable values.
    pub loaded: Loaded,
}

impl Session {
    /// Sets up a run of `operation`, in this order, each step printing its own notes: loads the
    /// configuration with the run's variable values, opens the accounts, locks and reads the
    /// state, checks that the state belongs to those accounts, and reads `--target` and
    /// `--replace`. An error stops the set-up there (releasing the lock if it was taken).
    pub async fn open(p: &Printer, run: &RunArgs, operation: &str) -> Result<Session, CommandError> {
        let loaded = load(p, &run.dir, Some(run), true)?;
        let (clouds, tags) = cloud(p, run, &loaded).await?;
        let mut state = open_state(p, run, &loaded.config, operation).await?;
        check_identity(run.sandbox, &loaded.config, &clouds, &mut state.state).await?;
        let focus = focus(p, run)?;
        Ok(Session { state, focus, tags, clouds, loaded })
    }
}

/// Loads and checks the configuration; prints its warnings, or returns every diagnostic when
/// there are errors. `require_vars` is false for `validate`, which checks without values.
pub fn load(
    p: &Printer,
    dir: &std::path::Path,
    run: Option<&RunArgs>,
    require_vars: bool,
) -> Result<Loaded, CommandError> {
    load_with(p, dir, run.map_or(Inputs::Defaults, Inputs::Run), require_vars)
}

/// Where a loaded configuration's input variables take their values.
pub enum Inputs<'a> {
    /// The run's: `TF_VAR_*`, the automatic and given variable files, `--var` flags.
    Run(&'a RunArgs),
    /// Their defaults.
    Defaults,
    /// None: every root variable is unknown, as `terraform validate` evaluates a module (so
    /// the module is checked for any value its callers may give; a default's type is still
    /// checked, its validation rules are not run).
    Unknown,
}

/// [`load`], with the input variables from `inputs`.
pub fn load_with(
    p: &Printer,
    dir: &std::path::Path,
    inputs: Inputs,
    require_vars: bool,
) -> Result<Loaded, CommandError> {
    let (mut config, mut diags) = config::load_dir(dir);
    let unknown = matches!(inputs, Inputs::Unknown);
    let run = match inputs {
        Inputs::Run(r) => Some(r),
        _ => None,
    };
    config.workspace = run.map(|r| r.workspace_name());
    let (vars, vdiags) = match run {
        _ if unknown => {
            let (mut vars, mut vdiags) = config::vars::resolve(&mut config, &[], &[]);
            vdiags.0.retain(|d| d.code != "baseline::vars::validation");
            vars.values_mut().for_each(|v| *v = crate::lang::Value::UNKNOWN);
            (vars, vdiags)
        }
        Some(r) => {
            // Terraform's sources: TF_VAR_name, the directory's automatic files, then flags.
            let environment = std::env::vars()
                .filter_map(|(k, v)| Some((k.strip_prefix("TF_VAR_")?.to_string(), v)))
                .filter(|(k, _)| !k.is_empty())
                .collect();
            let mut files = config::vars::automatic_files(dir);
            files.extend(r.var_files.iter().cloned());
            let sources = config::vars::VarSources { environment, files, flags: r.vars.clone() };
            config::vars::resolve_all(&mut config, &sources)
        }
        None => config::vars::resolve(&mut config, &[], &[]),
    };
    for d in vdiags.0 {
        if require_vars || d.code != "baseline::vars::missing" {
            diags.push(d);
        }
    }
    config::check_references(&config, &mut diags);
    let graph = Graph::build(&config, &mut diags);
    if diags.has_errors() && config.parsed() {
        // Evaluate what did decode too, so one run reports every mistake; a place already
        // reported is not reported again for the same cause (not after a syntax error: the
        // values of what the unparsed file declares are missing).
        let mut values = Diags::new();
        if unknown {
            crate::plan::validate_values(&config, &graph, &mut values);
        } else {
            crate::plan::check_values(&config, &graph, &vars, &mut values);
        }
        for d in values.0 {
            if d.span.is_none() || !diags.0.iter().any(|x| x.span == d.span) {
                diags.push(d);
            }
        }
    }
    // From here on, nothing this run prints shows a sensitive variable's value.
    p.mask.hide(&config::vars::sensitive_values(&config, &vars));
    if diags.has_errors() {
        return Err(CommandError::Diags { sources: config.sources, diags });
    }
    p.diags(&config.sources, &diags);
    Ok(Loaded { config, vars, graph })
}

/// The accounts to work on: the sandbox, or AWS through each provider block's settings (see
/// `crate::services::connect`), with the providers' tag policies.
pub async fn cloud(p: &Printer, run: &RunArgs, l: &Loaded) -> Result<(Clouds, TagPolicies), CommandError> {
    let mut diags = Diags::new();
    let mut settings = crate::plan::providers::from_config(&l.config, &l.vars, p.debug, &mut diags);
    let timeout = duration_arg("--aws-timeout", &run.aws_timeout)?;
    settings.default.call_timeout = Some(timeout);
    for (_, s) in &mut settings.aliases {
        s.call_timeout = Some(timeout);
    }
    let tags = crate::plan::tags::policies(&l.config, &l.vars, &mut diags);
    if diags.has_errors() {
        return Err(CommandError::diags(&l.config.sources, diags));
    }
    // The process environment is read here and nowhere below (the SDK's credential chain
    // reads the AWS credential variables itself).
    let env_region = std::env::var("AWS_REGION").or_else(|_| std::env::var("AWS_DEFAULT_REGION")).ok();
    let clouds = if run.sandbox {
        let faults = std::env::var(crate::cloud::sandbox::FAULT_ENV).unwrap_or_default();
        let faults: Vec<String> = faults.split(',').map(str::to_string).collect();
        let lock = lock_sandbox(p, &run.sandbox_file).await?;
        connect::open_sandbox(&run.sandbox_file, &settings, env_region, &faults)?.holding(lock)
    } else {
        let mask = p.mask.clone();
        let log: std::sync::Arc<dyn Fn(&str) + Send + Sync> =
            std::sync::Arc::new(move |m: &str| eprintln!("{}", mask.apply(m)));
        connect::connect_aws(&settings, env_region, log).await?
    };
    let mut diags = Diags::new();
    crate::plan::providers::check_accounts(&l.config, &l.vars, &clouds, &mut diags).await;
    if diags.has_errors() {
        return Err(CommandError::diags(&l.config.sources, diags));
    }
    Ok((clouds, tags))
}

/// Takes the sandbox's lock (`FILE.lock`, naming its holder), waiting for a run that holds it:
/// runs on one sandbox take turns, so neither loses the other's objects. Creates the sandbox's
/// directory on first use.
pub(crate) async fn lock_sandbox(p: &Printer, file: &std::path::Path) -> Result<crate::state::Lock, CommandError> {
    let lock_path = crate::state::with_suffix(file, ".lock");
    let who = crate::state::current_user();
    let started = std::time::Instant::now();
    let mut said = false;
    loop {
        match crate::state::Lock::acquire(&lock_path, file, "sandbox use", &who) {
            Ok(lock) => return Ok(lock),
            Err(crate::state::StateError::Locked { holder, .. }) => {
                if !said {
                    p.log(&format!("Waiting for the sandbox {}: another run holds it ({holder})", file.display()));
                    said = true;
                }
                if started.elapsed() > SANDBOX_WAIT {
                    return Err(CommandError::message(
                        "baseline::sandbox::locked",
                        format!("the sandbox {} stayed in use by {holder}", file.display()),
                        Some("wait for that run to finish, or use another --sandbox-file"),
                    ));
                }
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// How long a run waits for another on the same sandbox.
const SANDBOX_WAIT: std::time::Duration = std::time::Duration::from_secs(30 * 60);

/// Says on stderr, as the run's last line, how many API calls it made.
pub fn report_calls(p: &Printer, clouds: &Clouds, sandbox: bool) {
    let n = clouds.api_calls();
    let s = if n == 1 { "" } else { "s" };
    if sandbox {
        p.log(&format!("baseline made {n} API call{s} to the sandbox account."));
    } else {
        p.log(&format!("baseline made {n} AWS API call{s}."));
    }
}

/// `--target` and `--replace` as addresses, with Terraform's warning when targeting; an error
/// when one is not an address.
pub fn focus(p: &Printer, run: &RunArgs) -> Result<Focus, CommandError> {
    /// Each of `items` parsed by `parse`, or the flag's error naming the first that is not.
    fn all<T>(
        flag: &str,
        items: &[String],
        parse: fn(&str) -> Option<T>,
        what: &str,
        example: &str,
    ) -> Result<Vec<T>, CommandError> {
        items
            .iter()
            .map(|s| {
                parse(s).ok_or_else(|| {
                    CommandError::message(
                        "baseline::cli::address",
                        format!("{flag} {s:?} is not {what}"),
                        Some(example),
                    )
                })
            })
            .collect()
    }
    let focus = Focus {
        targets: all(
            "--target",
            &run.targets,
            crate::addr::Target::parse,
            "a resource or module address",
            "write e.g. aws_iam_role.events or 'module.regional[\"us-east-1\"]'",
        )?,
        replace: all(
            "--replace",
            &run.replace,
            crate::addr::Address::parse,
            "a resource address",
            "write e.g. aws_iam_role.events or 'aws_inspector2_enabler.this[\"us-east-1\"]'",
        )?,
    };
    if !focus.targets.is_empty() {
        p.log(
            "Warning: Resource targeting is in effect. The plan may be incomplete: only the targeted resources and \
             what they depend on are considered. --target is for exceptional situations such as recovering from \
             mistakes; it is not for routine use.",
        );
    }
    Ok(focus)
}

/// The state a run works on, locked by it.
pub struct OpenState {
    /// Where the state is kept ([`store_of`]).
    pub store: Box<dyn StateStore>,
    /// The run's lock on the state, released when dropped.
    pub lock: Box<dyn StateLock>,
    /// The stored state, with what a dead run's journal recorded; a new, empty one when the
    /// store held none.
    pub state: State,
    /// Whether the store held a state.
    pub existed: bool,
}

/// Locks and loads the state of the store [`store_of`] chooses (a new, empty one when there is
/// none yet).
pub async fn open_state(
    p: &Printer,
    run: &RunArgs,
    config: &Config,
    operation: &str,
) -> Result<OpenState, CommandError> {
    // From here a signal must end the run through its callers, so the lock is released.
    crate::interrupt::listen();
    let store = store_of(p, run, config).await?;
    let lock = lock_state(p, run, store.as_ref(), operation).await?;
    let stored = store.read().await?;
    let existed = stored.is_some();
    let mut state = stored.unwrap_or_default();
    // Adding a backend block does not move the local state: say how, rather than plan every
    // object as new.
    if !existed && config.terraform.backend.as_ref().is_some_and(|b| b.kind == "s3") && !run.sandbox {
        refuse_unmoved(run, store.as_ref())?;
    }
    replay_journal(p, store.as_ref(), &mut state)?;
    Ok(OpenState { store, lock, state, existed })
}

/// Takes the state lock for `operation`, waiting up to `--lock-timeout` (and saying so once)
/// while another run holds it.
async fn lock_state(
    p: &Printer,
    run: &RunArgs,
    store: &dyn StateStore,
    operation: &str,
) -> Result<Box<dyn StateLock>, CommandError> {
    let wait = duration_arg("--lock-timeout", &run.lock_timeout)?;
    let started = std::time::Instant::now();
    let mut told = false;
    loop {
        match store.lock(operation, &crate::state::current_user()).await {
            Ok(l) => return Ok(l),
            Err(crate::state::StateError::Locked { holder, .. })
                if started.elapsed() < wait && !crate::interrupt::stop_requested() =>
            {
                if !told {
                    p.log(&format!("Waiting up to {} for the state lock: held by {holder}", run.lock_timeout));
                    told = true;
                }
                tokio::time::sleep(std::time::Duration::from_secs(1).min(wait.saturating_sub(started.elapsed()))).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Refuses an empty backend `store` while the local state file records objects, saying how to
/// move them into it.
fn refuse_unmoved(run: &RunArgs, store: &dyn StateStore) -> Result<(), CommandError> {
    let local = run.state_path();
    match crate::state::LocalStore::new(&local).load() {
        Ok(Some(old)) if !old.resources.is_empty() => Err(CommandError::message(
            "baseline::state::migrate",
            format!(
                "{} has no state yet, but {} records {} object(s) of this configuration",
                store.name(),
                local.display(),
                old.resources.len()
            ),
            Some(&format!(
                "move it into the backend with `baseline state push {} {}`, then remove the local file",
                local.display(),
                run.dir.display()
            )),
        )),
        _ => Ok(()),
    }
}

/// A run that died left its journal: what it created is taken into `state`.
fn replay_journal(p: &Printer, store: &dyn StateStore, state: &mut State) -> Result<(), CommandError> {
    let Some(journal) = store.journal() else { return Ok(()) };
    let entries = journal.read()?;
    if entries.is_empty() {
        return Ok(());
    }
    let (objects, intents) = crate::state::journal::replay(state, entries);
    if objects + intents > 0 {
        p.log(&format!(
            "note: an earlier run that did not finish left {}: {objects} object(s) it created are taken into the state, \
             and {intents} create(s) whose outcome it never learnt will be looked for before creating",
            journal.name()
        ));
    }
    Ok(())
}

/// The store of the configuration's state: its `backend` block's (S3), or the local file
/// (`--state`); another backend is refused. A sandbox run's state stays local.
pub async fn store_of(p: &Printer, run: &RunArgs, config: &Config) -> Result<Box<dyn StateStore>, CommandError> {
    let backend = config.terraform.backend.as_ref().filter(|b| b.kind != "local");
    // The sandbox is a local account: its state stays local too (and records that it is a
    // sandbox state, so it is never mixed with the bucket's).
    let backend = match backend {
        Some(b) if run.sandbox => {
            p.log(&format!(
                "note: the `{}` backend is not used with --sandbox; the sandbox's state is {}",
                b.kind,
                run.state_path().display()
            ));
            None
        }
        other => other,
    };
    match backend {
        Some(b) if b.kind == "s3" => s3_store(p, run, config, b).await,
        Some(b) => {
            let mut d = Diags::new();
            d.push(
                Diag::error(
                    "baseline::state::backend",
                    format!("the `{}` backend is not supported; baseline keeps state locally or in S3", b.kind),
                )
                .at(b.span, "not supported")
                .help(format!(
                    "use `backend \"s3\"`, or remove the block to use the local state at {}; using another \
                     silently would plan every object as new",
                    run.state_path().display()
                )),
            );
            Err(CommandError::diags(&config.sources, d))
        }
        None => local_store(p, run),
    }
}

/// The store of an `s3` backend block, with `--backend-config` over its settings.
async fn s3_store(
    p: &Printer,
    run: &RunArgs,
    config: &Config,
    backend: &crate::config::terraform::Backend,
) -> Result<Box<dyn StateStore>, CommandError> {
    // Given on the command line, else as `init --backend-config` recorded them.
    let overrides = if run.backend_config.is_empty() {
        init::recorded(&run.dir).and_then(|r| r.overrides).unwrap_or_default()
    } else {
        crate::state::backend::overrides(&run.backend_config)
            .map_err(|e| CommandError::message("baseline::state::backend", e, None))?
    };
    let mut d = Diags::new();
    let settings = crate::state::backend::s3_settings(backend, &overrides, &mut d);
    if d.has_errors() {
        return Err(CommandError::diags(&config.sources, d));
    }
    if !settings.use_lockfile {
        p.log("warning: the s3 backend has no `use_lockfile = true`: two runs at once could both change the state");
    }
    if run.state.is_some() {
        p.log("note: --state is ignored: the state lives in the s3 backend");
    }
    Ok(Box::new(crate::state::s3::S3Store::connect(settings, &run.workspace_name()).await))
}

/// The local state file: `--state`, or the one beside the configuration (which has one
/// workspace).
fn local_store(p: &Printer, run: &RunArgs) -> Result<Box<dyn StateStore>, CommandError> {
    if run.workspace_name() != "default" {
        return Err(CommandError::message(
            "baseline::state::workspace",
            format!("workspace {:?} needs the s3 backend (the local state has one workspace)", run.workspace_name()),
            Some("add a `backend \"s3\"` block, or pass --state PATH for a second local state"),
        ));
    }
    let path = run.state_path();
    if run.state.is_none() && !path.exists() && std::path::Path::new(crate::cli::LEGACY_STATE).exists() {
        p.log(&format!(
            "note: no state at {}: each configuration directory now has its own state. An earlier baseline kept the \
             state of every configuration at {}; if it belongs to this one, move it there (or pass --state {})",
            path.display(),
            crate::cli::LEGACY_STATE,
            crate::cli::LEGACY_STATE
        ));
    }
    Ok(crate::state::open_store(&path))
}

/// A duration flag's value (`30s`, `5m`, `1h`), or why not.
fn duration_arg(flag: &str, value: &str) -> Result<std::time::Duration, CommandError> {
    crate::lang::functions::parse_std_duration(value).ok_or_else(|| {
        CommandError::message(
            "baseline::cli::duration",
            format!("{flag} {value:?} is not a duration"),
            Some("write it like 30s, 5m or 1h"),
        )
    })
}

/// Refuses a state that belongs elsewhere, before anything is read or changed: one recorded as
/// a sandbox state against AWS or the reverse, or one whose account differs from the
/// credentials' account for a provider configuration (naming both). Then records the accounts
/// of this run's providers in `state` (written with the state by apply).
pub async fn check_identity(
    sandbox: bool,
    config: &Config,
    clouds: &Clouds,
    state: &mut State,
) -> Result<(), CommandError> {
    let mut providers: Vec<String> = vec!["aws".to_string()];
    providers.extend(config.providers.iter().filter_map(|pc| pc.alias.as_ref().map(|a| format!("aws.{a}"))));
    if let Some((name, rec)) = state.accounts.iter().find(|(_, rec)| rec.sandbox != sandbox) {
        let (is, now) = if rec.sandbox { ("the sandbox", "AWS") } else { ("AWS", "the sandbox") };
        return Err(CommandError::message(
            "baseline::state::target",
            format!("this state records objects in {is} (provider {name}), but this run targets {now}"),
            Some(if rec.sandbox {
                "add --sandbox, or pass another --state"
            } else {
                "remove --sandbox, or pass another --state"
            }),
        ));
    }
    let mut seen = BTreeMap::new();
    for name in providers {
        let id = clouds.get(&name).account_id().await.map_err(|e| {
            CommandError::message(
                "baseline::state::account",
                format!("cannot tell which account provider {name} reaches: {e}"),
                None,
            )
        })?;
        if let Some(rec) = state.accounts.get(&name).filter(|r| r.account_id != id) {
            return Err(CommandError::message(
                "baseline::state::account",
                format!(
                    "this state records provider {name}'s objects in account {}, but its credentials are for account {id}",
                    rec.account_id
                ),
                Some("use the credentials of the state's account, or another --state for this one"),
            ));
        }
        seen.insert(name, crate::state::Account { account_id: id, sandbox });
    }
    state.accounts.extend(seen);
    Ok(())
}
