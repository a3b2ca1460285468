//! One module per subcommand; each returns an [`ExitStatus`]. Shared set-up lives here.

mod apply;
mod plan;
mod show;
mod state;
mod validate;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use crate::cli::{Cli, Command, MaskArgs, RunArgs};
use crate::config::{self, Config};
use crate::diag::{self, Diags};
use crate::graph::Graph;
use crate::lang::eval;
use crate::lang::Value;
use crate::plan::world::World;
use crate::providers::aws::{AssumeRole, AwsSettings, Connection};
use crate::providers::sandbox::Sandbox;
use crate::providers::Clouds;
use crate::render::mask::Masker;
use crate::render::Style;
use crate::state::{State, StateLock, StateStore};

/// How the process exits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: success (and, with --detailed-exitcode, no changes).
    Success,
    /// 1: any error.
    Failure,
    /// 2: with --detailed-exitcode, the plan has changes.
    Changes,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Changes => 2,
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
    pub mask: std::sync::Arc<Masker>,
}

impl Printer {
    fn new(no_color: bool, debug: bool) -> Printer {
        let env_off = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let allowed = !no_color && !env_off;
        Printer {
            out_style: Style { color: allowed && std::io::stdout().is_terminal() },
            err_color: allowed && std::io::stderr().is_terminal(),
            debug,
            mask: std::sync::Arc::new(Masker::default()),
        }
    }

    /// This printer masking what `m` asks for; `None` (after reporting) for a bad regex.
    pub fn masked(&self, m: &MaskArgs) -> Option<Printer> {
        match Masker::new(m.mask_account_ids, &m.masks) {
            Ok(mask) => Some(Printer { mask: std::sync::Arc::new(mask), ..self.clone() }),
            Err(e) => {
                self.error("baseline::cli::mask", &format!("invalid --mask pattern: {e}"), None);
                None
            }
        }
    }

    /// Writes data to stdout.
    pub fn out(&self, s: &str) {
        let s = self.mask.apply(s);
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
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> ExitStatus {
    let p = Printer::new(cli.no_color, cli.debug);
    match cli.command {
        Command::Validate(a) => validate::run(&p, &a),
        Command::Plan(a) => plan::run(&p, &a).await,
        Command::Apply(a) => apply::run(&p, &a, false).await,
        Command::Destroy(a) => apply::run(&p, &a, true).await,
        Command::Show(a) => show::run(&p, &a).await,
        Command::State(c) => state::run(&p, c).await,
    }
}

/// A loaded, checked configuration with its variable values and graph.
pub struct Loaded {
    pub config: Config,
    pub vars: BTreeMap<String, Value>,
    pub graph: Graph,
}

impl Loaded {
    /// A planner over this configuration, variables and graph.
    pub fn planner<'a>(
        &'a self,
        clouds: &'a Clouds,
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
        }
    }
}

/// Loads and checks the configuration; prints every diagnostic. `None` on errors.
/// `require_vars` is false for `validate`, which checks without values.
pub fn load(p: &Printer, dir: &std::path::Path, run: Option<&RunArgs>, require_vars: bool) -> Option<Loaded> {
    let (mut config, mut diags) = config::load_dir(dir);
    let (vars, vdiags) = match run {
        Some(r) => config::vars::resolve(&mut config, &r.var_files, &r.vars),
        None => config::vars::resolve(&mut config, &[], &[]),
    };
    for d in vdiags.0 {
        if require_vars || d.code != "baseline::vars::missing" {
            diags.push(d);
        }
    }
    config::check_references(&config, &mut diags);
    let graph = Graph::build(&config, &mut diags);
    if diags.has_errors() {
        // Evaluate what did decode too, so one run reports every mistake.
        crate::plan::check_values(&config, &graph, &vars, &mut diags);
    }
    p.diags(&config.sources, &diags);
    if diags.has_errors() {
        return None;
    }
    Some(Loaded { config, vars, graph })
}

/// The accounts to work on: the sandbox, or AWS through each provider block's settings. An
/// aliased provider with its own `assume_role`, `profile` or `endpoints` gets its own
/// connection (made once for the run); on the sandbox, an `assume_role` into another account
/// opens that account, kept in a file of its own beside the default one.
pub async fn cloud(p: &Printer, run: &RunArgs, l: &Loaded) -> Option<Clouds> {
    let mut diags = Diags::new();
    let settings = aws_settings(l, p.debug, &mut diags);
    if diags.has_errors() {
        p.diags(&l.config.sources, &diags);
        return None;
    }
    let (default, aliases) = settings;
    if run.sandbox {
        let open = |path: &std::path::Path, account: Option<&str>| {
            let opened = match account {
                Some(a) => Sandbox::open_account(path, a),
                None => Sandbox::open(path),
            };
            opened.map_err(|e| {
                p.error(
                    "baseline::sandbox::open",
                    &e.to_string(),
                    Some("fix or remove the sandbox file to start a fresh account"),
                )
            })
        };
        let account_of =
            |s: &AwsSettings| s.assume_role.as_ref().and_then(|ar| ar.role_arn.split(':').nth(4).map(str::to_string));
        let mut clouds = Clouds::new(open(&run.sandbox_file, account_of(&default).as_deref()).ok()?);
        for (alias, s) in &aliases {
            if let Some(account) = account_of(s) {
                let path = account_file(&run.sandbox_file, &account);
                let member = open(&path, Some(&account)).ok()?.in_organization(&run.sandbox_file);
                clouds = clouds.with_alias(alias, member);
            }
        }
        return Some(clouds);
    }
    let mask = p.mask.clone();
    let log: std::sync::Arc<dyn Fn(&str) + Send + Sync> =
        std::sync::Arc::new(move |m: &str| eprintln!("{}", mask.apply(m)));
    let connect = |s: AwsSettings| {
        let log = log.clone();
        async move { Connection::connect(&s, log).await.map(std::sync::Arc::new) }
    };
    let mut clouds = match connect(default).await {
        Ok(c) => Clouds::new(c),
        Err(e) => {
            report(p, &e);
            return None;
        }
    };
    for (alias, s) in aliases {
        match connect(s).await {
            Ok(c) => clouds = clouds.with_alias(&alias, c),
            Err(e) => {
                p.error("baseline::aws::alias", &format!("provider aws.{alias}: {e}"), None);
                return None;
            }
        }
    }
    Some(clouds)
}

/// The sandbox file of another account: `sandbox.json` → `sandbox-ACCOUNT.json`.
fn account_file(default: &std::path::Path, account: &str) -> std::path::PathBuf {
    let stem = default.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "sandbox".into());
    default.with_file_name(format!("{stem}-{account}.json"))
}

/// Evaluates the provider blocks into connection settings: the default provider's, and those
/// of each alias that sets its own `profile`, `assume_role` or `endpoints`.
fn aws_settings(l: &Loaded, debug: bool, diags: &mut Diags) -> (AwsSettings, Vec<(String, AwsSettings)>) {
    let world = World::new(&l.config, &l.vars);
    let text = |e: &Option<config::Expr>, diags: &mut Diags| -> Option<String> {
        let e = e.as_ref()?;
        match eval(&e.expr, e.file, &world, diags) {
            Value::String(s) if !s.is_empty() => Some(s),
            Value::Null => None,
            other => {
                diags.push(
                    crate::diag::Diag::error(
                        "baseline::provider::value",
                        format!("expected a string, got {}", other.type_name()),
                    )
                    .at(e.span, "not a string"),
                );
                None
            }
        }
    };
    let settings_of = |pc: &config::ProviderConfig, diags: &mut Diags| {
        let mut s = AwsSettings { debug, ..AwsSettings::default() };
        s.region = text(&pc.region, diags);
        s.profile = text(&pc.profile, diags);
        if let Some(ar) = &pc.assume_role {
            s.assume_role = Some(AssumeRole {
                role_arn: text(&ar.get("role_arn").cloned(), diags).unwrap_or_default(),
                session_name: text(&ar.get("session_name").cloned(), diags),
                external_id: text(&ar.get("external_id").cloned(), diags),
            });
        }
        for (k, e) in &pc.endpoints {
            if let Some(url) = text(&Some(e.clone()), diags) {
                s.endpoints.insert(k.clone(), url);
            }
        }
        s
    };
    let mut default = AwsSettings { debug, ..AwsSettings::default() };
    let mut aliases = Vec::new();
    for pc in &l.config.providers {
        match &pc.alias {
            None => default = settings_of(pc, diags),
            Some(a) if pc.profile.is_some() || pc.assume_role.is_some() || !pc.endpoints.is_empty() => {
                aliases.push((a.clone(), settings_of(pc, diags)));
            }
            Some(_) => {}
        }
    }
    (default, aliases)
}

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

/// Locks and loads the state (a new, empty one when there is none yet; the bool says whether
/// a state existed).
pub async fn open_state(
    p: &Printer,
    run: &RunArgs,
    operation: &str,
) -> Option<(Box<dyn StateStore>, Box<dyn StateLock>, State, bool)> {
    let store = crate::state::open_store(&run.state);
    let lock = match store.lock(operation).await {
        Ok(l) => l,
        Err(e) => {
            report(p, &e);
            return None;
        }
    };
    match store.read().await {
        Ok(s) => {
            let existed = s.is_some();
            Some((store, lock, s.unwrap_or_default(), existed))
        }
        Err(e) => {
            report(p, &e);
            None
        }
    }
}

/// Prints a library error that carries its own miette diagnostic information.
pub fn report(p: &Printer, e: &dyn miette::Diagnostic) {
    let theme = if p.err_color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
    let mut s = String::new();
    if miette::GraphicalReportHandler::new_themed(theme).with_width(100).render_report(&mut s, e).is_err() {
        s = format!("Error: {e}\n");
    }
    eprint!("{}", p.mask.apply(&s));
}
