//! Configuration: reading `*.tf` and `*.hcl` files into typed declarations, keeping spans for
//! diagnostics. Nothing here evaluates expressions that depend on the cloud.

mod decode;
pub mod json;
mod newlines;
mod overrides;
pub mod terraform;
pub mod types;
pub mod vars;

use std::collections::BTreeMap;
use std::path::Path;

use hcl_edit::expr::Expression;

use crate::addr::Address;
use crate::diag::{Diag, Diags, FileId, SourceMap, Span};
pub use decode::check_references;
use types::TypeConstraint;

/// An expression with the file it came from.
#[derive(Debug, Clone)]
pub struct Expr {
    pub expr: Expression,
    pub file: FileId,
    /// Span of the whole `name = value` (or of the value, for list items).
    pub span: Option<Span>,
    /// Names bound around the expression (the iterators of enclosing `dynamic` blocks): local
    /// symbols, not references.
    pub scope: Vec<String>,
}

impl Expr {
    /// The references the expression makes (see [`crate::lang::references`]).
    pub fn references(&self, diags: &mut Diags) -> Vec<crate::lang::Reference> {
        crate::lang::references_bound(&self.expr, self.file, &self.scope, diags)
    }
}

/// `provider "aws" { ... }`.
#[derive(Debug, Clone, Default)]
pub struct ProviderConfig {
    pub alias: Option<String>,
    pub region: Option<Expr>,
    pub profile: Option<Expr>,
    /// `assume_role { role_arn, session_name, external_id }`.
    pub assume_role: Option<BTreeMap<String, Expr>>,
    /// `endpoints { iam = "...", ... }`.
    pub endpoints: BTreeMap<String, Expr>,
    /// `allowed_account_ids` / `forbidden_account_ids`: the accounts the credentials may (may
    /// not) belong to.
    pub allowed_account_ids: Option<Expr>,
    pub forbidden_account_ids: Option<Expr>,
    /// `default_tags { tags = ... }`: tags every resource of this provider gets.
    pub default_tags: Option<Expr>,
    /// `ignore_tags { keys = [...], key_prefixes = [...] }`.
    pub ignore_tags: BTreeMap<String, Expr>,
    pub span: Option<Span>,
}

/// `variable "NAME" { ... }`.
#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    pub ty: TypeConstraint,
    /// Declared with a `type` argument. Without one, a value given on the command line or in
    /// the environment is the text itself, as Terraform takes it (`-var name=web`).
    pub typed: bool,
    pub default: Option<Expr>,
    pub description: Option<String>,
    pub sensitive: bool,
    /// `nullable = false`: null is not a value; a null given takes the default.
    pub nullable: bool,
    /// `ephemeral = true` (accepted; baseline keeps no variable values in state or plans).
    pub ephemeral: bool,
    /// `validation { condition, error_message }` rules, in order.
    pub validations: Vec<Validation>,
    pub span: Option<Span>,
}

/// A `validation` block of a variable, or a `precondition`/`postcondition`: a condition that
/// must hold, and the message when it does not.
#[derive(Debug, Clone)]
pub struct Validation {
    pub condition: Expr,
    pub error_message: Expr,
    /// The block's header.
    pub span: Option<Span>,
}

/// What a `condition` came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Pass,
    /// False, with the rule's error message.
    Fail(String),
    /// Not known yet (until apply, or without variable values).
    Unknown,
    /// Neither true nor false: the value's type name.
    NotBool(&'static str),
}

impl Validation {
    /// Evaluates the condition with `r`, and the error message when it is false.
    pub fn evaluate(&self, r: &dyn crate::lang::Resolver, diags: &mut Diags) -> Outcome {
        use crate::lang::{eval, Value};
        let c = &self.condition;
        match eval(&c.expr, c.file, r, diags) {
            Value::Bool(true) => Outcome::Pass,
            Value::Unknown(_) => Outcome::Unknown,
            Value::Bool(false) => {
                let m = &self.error_message;
                match eval(&m.expr, m.file, r, diags) {
                    Value::String(s) => Outcome::Fail(s),
                    _ => Outcome::Fail("(the error message is not known)".into()),
                }
            }
            other => Outcome::NotBool(other.type_name()),
        }
    }
}

/// One `name = expr` inside `locals { ... }`.
#[derive(Debug, Clone)]
pub struct Local {
    pub name: String,
    pub value: Expr,
}

/// `output "NAME" { ... }`.
#[derive(Debug, Clone)]
pub struct Output {
    pub name: String,
    pub value: Expr,
    pub description: Option<String>,
    pub sensitive: bool,
    pub depends_on: Vec<(Address, Option<Span>)>,
    /// `precondition` blocks, checked when the output is computed.
    pub preconditions: Vec<Validation>,
}

/// `check "NAME" { assert { condition, error_message } ... }`: assertions reported as
/// warnings after plan and apply, never stopping either.
#[derive(Debug, Clone)]
pub struct Check {
    pub name: String,
    pub asserts: Vec<Validation>,
    pub span: Option<Span>,
}

/// `lifecycle { ... }` of a resource.
#[derive(Debug, Clone, Default)]
pub struct Lifecycle {
    pub prevent_destroy: bool,
    pub create_before_destroy: bool,
    /// Attribute names whose live value is kept; `["*"]` for `ignore_changes = all`.
    pub ignore_changes: Vec<String>,
    /// `replace_triggered_by`: references to resources (or their attributes) whose planned
    /// change replaces this resource.
    pub replace_triggered_by: Vec<Expr>,
    /// Conditions checked before the resource is planned (and at apply, if unknown then).
    pub preconditions: Vec<Validation>,
    /// Conditions on the planned (then the applied) object, which they read as `self`.
    pub postconditions: Vec<Validation>,
}

/// A nested block inside a resource (`inline_policy { ... }`), or the `content` of a
/// `dynamic` block that generates such blocks.
#[derive(Debug, Clone)]
pub struct NestedBlock {
    pub attrs: BTreeMap<String, Expr>,
    /// Blocks inside this block (`filter_criteria { severity { ... } }`).
    pub blocks: BTreeMap<String, Vec<NestedBlock>>,
    pub span: Option<Span>,
    /// Set when the block comes from `dynamic "NAME" { for_each = ..., content { ... } }`:
    /// one block per element, the attributes evaluated with the iterator in scope.
    pub dynamic: Option<Dynamic>,
}

/// The repetition of a `dynamic` block.
#[derive(Debug, Clone)]
pub struct Dynamic {
    pub for_each: Expr,
    /// The iterator's name (`iterator = x`; the block type's name by default), read as
    /// `x.key` and `x.value` in the content.
    pub iterator: String,
}

impl NestedBlock {
    /// Every expression in the block and the blocks inside it.
    pub fn exprs(&self) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = self.dynamic.iter().map(|d| &d.for_each).chain(self.attrs.values()).collect();
        for b in self.blocks.values().flatten() {
            out.extend(b.exprs());
        }
        out
    }

    /// Binds `name` in every expression of the block's content (not in its own `for_each`).
    fn bind(&mut self, name: &str) {
        for e in self.attrs.values_mut() {
            e.scope.push(name.to_string());
        }
        for b in self.blocks.values_mut().flatten() {
            if let Some(d) = &mut b.dynamic {
                d.for_each.scope.push(name.to_string());
            }
            b.bind(name);
        }
    }
}

/// A `resource` or `data` block.
#[derive(Debug, Clone)]
pub struct ResourceConfig {
    pub addr: Address,
    pub file: FileId,
    /// Span of the block's header (`resource "T" "N"`), for messages about the whole block.
    pub span: Option<Span>,
    pub attrs: BTreeMap<String, Expr>,
    pub blocks: BTreeMap<String, Vec<NestedBlock>>,
    pub depends_on: Vec<(Address, Option<Span>)>,
    pub lifecycle: Lifecycle,
    /// `provider = aws.ALIAS`; `None` means the default provider.
    pub provider: Option<(String, Option<Span>)>,
    /// `count = N`: N instances, addressed `[0]`…
    pub count: Option<Expr>,
    /// `for_each = set or map`: one instance per key, addressed `["key"]`.
    pub for_each: Option<Expr>,
    /// An argument or block the type does not have was written (and reported): checks across
    /// arguments would only repeat that ("needs `x`" when `x` is misspelt).
    pub misspelt: bool,
    /// `timeouts { create, update, delete }`: how long the verbs that wait may wait.
    pub timeouts: BTreeMap<String, std::time::Duration>,
}

/// `import { to = ADDRESS, id = "..." }`: adopt an existing object into the state.
#[derive(Debug, Clone)]
pub struct Import {
    pub to: Address,
    pub id: Expr,
    pub span: Option<Span>,
}

/// `moved { from = ..., to = ... }`: the stored object(s) at `from` are now at `to`.
#[derive(Debug, Clone)]
pub struct Moved {
    /// A resource (all its instances) or one instance.
    pub from: Address,
    pub to: Address,
    pub span: Option<Span>,
}

/// `moved { from = module.a, to = module.b }`: every object of the module (instance) at `from`
/// is now in the one at `to`.
#[derive(Debug, Clone)]
pub struct ModuleMoved {
    pub from: Vec<crate::addr::ModuleStep>,
    pub to: Vec<crate::addr::ModuleStep>,
    pub span: Option<Span>,
}

/// `removed { from = ... lifecycle { destroy = false } }`: the resource is gone from the
/// configuration; with `destroy = false` its objects are forgotten rather than destroyed.
#[derive(Debug, Clone)]
pub struct Removed {
    /// A resource address without an instance key (for a module, unused: see `module`).
    pub from: Address,
    /// `from = module.NAME`: the whole module call, as the path of module names from the
    /// root; every object of its instances is forgotten or destroyed.
    pub module: Option<Vec<String>>,
    pub destroy: bool,
    pub span: Option<Span>,
}

impl Removed {
    /// Whether the stored object at `addr` is one this block removes.
    pub fn covers(&self, addr: &Address) -> bool {
        match &self.module {
            Some(path) => addr.module_names().starts_with(path),
            None => self.from == addr.config(),
        }
    }

    /// What `from` names, as written.
    pub fn what(&self) -> String {
        match &self.module {
            Some(path) => path.iter().map(|n| format!("module.{n}")).collect::<Vec<_>>().join("."),
            None => self.from.to_string(),
        }
    }
}

/// `module "NAME" { source = "./dir" ... }`: a call of a local child module.
#[derive(Debug, Clone)]
pub struct ModuleCall {
    pub name: String,
    /// `source` as written (a local path).
    pub source: String,
    /// The input variables passed, by name.
    pub args: BTreeMap<String, Expr>,
    pub count: Option<Expr>,
    pub for_each: Option<Expr>,
    pub depends_on: Vec<(Address, Option<Span>)>,
    /// `providers = { aws = aws.x, aws.east = aws.y }`: the child's provider (`aws` or
    /// `aws.ALIAS`) → the caller's alias (`None`: its default provider).
    pub providers: BTreeMap<String, Option<String>>,
    /// The `module` block's header.
    pub span: Option<Span>,
    /// The called module, decoded; `None` when its source could not be read.
    pub module: Option<Box<Config>>,
}

/// A whole configuration directory (the root module), or a child module inside one.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Every file read, of this module and its children (children's maps are empty).
    pub sources: SourceMap,
    /// The module path (`["inspector", "roles"]`; empty for the root module).
    pub path: Vec<String>,
    /// `module` blocks, by name.
    pub calls: BTreeMap<String, ModuleCall>,
    pub providers: Vec<ProviderConfig>,
    pub variables: BTreeMap<String, Variable>,
    pub locals: BTreeMap<String, Local>,
    pub resources: Vec<ResourceConfig>,
    pub outputs: BTreeMap<String, Output>,
    pub imports: Vec<Import>,
    /// `check` blocks.
    pub checks: Vec<Check>,
    /// `moved` blocks, in file order.
    pub moves: Vec<Moved>,
    /// `moved` blocks between modules.
    pub module_moves: Vec<ModuleMoved>,
    /// Blocks declared with a type baseline rejected (reported once, where declared).
    pub rejected: Vec<Address>,
    /// `removed` blocks.
    pub removed: Vec<Removed>,
    /// The `terraform` block's settings.
    pub terraform: terraform::Settings,
    /// What `path.module`, `path.root` and `path.cwd` read.
    pub paths: Paths,
    /// The workspace the run works in (`terraform.workspace`; `default` unless chosen).
    pub workspace: Option<String>,
    /// A file of this module could not be parsed (its syntax errors are reported): what it
    /// declares is not known, so references are not checked (see [`Config::parsed`]).
    pub unparsed: bool,
}

/// The directories a configuration can refer to.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The configuration's directory as given on the command line (`path.module`).
    pub module: String,
    /// The root module's directory (`path.root`); the same as `module` for a root module.
    pub root: String,
    /// The absolute working directory (`path.cwd`).
    pub cwd: String,
}

impl Default for Paths {
    fn default() -> Paths {
        Paths { module: ".".into(), root: ".".into(), cwd: ".".into() }
    }
}

impl Config {
    /// True when every file of this module and of the modules it calls was parsed. Else the
    /// syntax errors are the only diagnostics about references, as Terraform reports them:
    /// "not declared" would be reported for what the unparsed file declares.
    pub fn parsed(&self) -> bool {
        self.modules().into_iter().all(|m| !m.unparsed)
    }

    /// The module a `depends_on` entry `module.NAME` names (decoded as an address of type
    /// `module`), as a path from the root; `None` for an entry naming a resource.
    pub fn depended_module(a: &Address) -> Option<Vec<String>> {
        (a.type_name == "module" && a.mode == crate::addr::Mode::Managed).then(|| {
            let mut path = a.module_names();
            path.push(a.name.clone());
            path
        })
    }

    /// The module at `path` below this one (`[]` is this module itself).
    pub fn module_at(&self, path: &[String]) -> Option<&Config> {
        match path.split_first() {
            None => Some(self),
            Some((first, rest)) => self.calls.get(first)?.module.as_deref()?.module_at(rest),
        }
    }

    /// The `module` block that calls the module at `path` (`None` for the root).
    pub fn call_at(&self, path: &[String]) -> Option<&ModuleCall> {
        let (last, parent) = path.split_last()?;
        self.module_at(parent)?.calls.get(last)
    }

    /// This module and every module below it, parents first.
    pub fn modules(&self) -> Vec<&Config> {
        let mut out = vec![self];
        for c in self.calls.values() {
            if let Some(m) = &c.module {
                out.extend(m.modules());
            }
        }
        out
    }

    /// The `moved` blocks of this module and the modules below it (addresses absolute).
    pub fn all_moves(&self) -> Vec<&Moved> {
        self.modules().into_iter().flat_map(|m| m.moves.iter()).collect()
    }

    /// The `removed` blocks of this module and the modules below it (addresses absolute).
    pub fn all_removed(&self) -> Vec<&Removed> {
        self.modules().into_iter().flat_map(|m| m.removed.iter()).collect()
    }

    /// Every resource and data block of this module and the modules below it.
    pub fn all_resources(&self) -> impl Iterator<Item = &ResourceConfig> {
        self.modules().into_iter().flat_map(|m| m.resources.iter())
    }

    /// The root provider alias (`None`: the default provider) that serves the provider
    /// `alias` as named in the module at `module`: each `module` block's `providers` maps a
    /// child's name to its caller's; a child's default provider is its caller's default.
    pub fn provider_alias(&self, module: &[String], alias: Option<&str>) -> Result<Option<String>, String> {
        let Some((_, parent)) = module.split_last() else {
            return Ok(alias.map(String::from));
        };
        let call = self.call_at(module).ok_or_else(|| format!("no module at {}", module.join(".")))?;
        let key = match alias {
            Some(a) => format!("aws.{a}"),
            None => "aws".to_string(),
        };
        match (call.providers.get(&key), alias) {
            (Some(parent_alias), _) => self.provider_alias(parent, parent_alias.as_deref()),
            (None, None) => self.provider_alias(parent, None),
            (None, Some(a)) => Err(format!(
                "module.{} uses provider aws.{a}, which its `module` block does not pass: add `providers = {{ aws.{a} = aws.ALIAS }}`",
                module.join(".module.")
            )),
        }
    }

    /// The resource or data block at `addr`.
    pub fn resource(&self, addr: &Address) -> Option<&ResourceConfig> {
        let names = addr.module_names();
        let m = self.module_at(names.strip_prefix(self.path.as_slice())?)?;
        let want = addr.config();
        m.resources.iter().find(|r| r.addr == want)
    }

    /// The module steps (without keys) of this module's path, for building its addresses.
    pub fn steps(&self) -> Vec<crate::addr::ModuleStep> {
        self.path.iter().map(|n| crate::addr::ModuleStep { name: n.clone(), key: None }).collect()
    }

    /// The provider a resource uses (`None` alias = default).
    pub fn provider(&self, alias: Option<&str>) -> Option<&ProviderConfig> {
        self.providers.iter().find(|p| p.alias.as_deref() == alias)
    }
}

/// What a file of a configuration directory is, by its name (Terraform's conventions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConfigFile {
    /// `*.tf` or `*.hcl`, in the native syntax.
    Native,
    /// `*.tf.json`: Terraform's JSON syntax.
    Json,
    /// `override.tf`, `*_override.tf` (or `.tf.json`): merged over the others by Terraform.
    Override,
    /// `*.hcl` in the native syntax, read only from a directory without `*.tf` files: beside
    /// them, `.hcl` files are other tools' (`terragrunt.hcl`, `.tflint.hcl`).
    Hcl,
}

impl ConfigFile {
    fn of(name: &str) -> Option<ConfigFile> {
        // Terraform ignores editors' and tools' files: hidden, `#…#` and `…~`.
        if name.starts_with('.') || name.starts_with('#') || name.ends_with('~') {
            return None;
        }
        let stem = name.strip_suffix(".tf.json").or_else(|| name.strip_suffix(".tf"));
        if stem.is_some_and(|s| s == "override" || s.ends_with("_override")) {
            return Some(ConfigFile::Override);
        }
        if name.ends_with(".tf.json") {
            return Some(ConfigFile::Json);
        }
        if name.ends_with(".tf") {
            return Some(ConfigFile::Native);
        }
        (name.ends_with(".hcl") && !name.ends_with(".tftest.hcl")).then_some(ConfigFile::Hcl)
    }
}

/// True for the names of files that belong to a configuration (`*.tf`, `*.hcl`, `*.tf.json`,
/// override files).
pub fn is_config_file(name: &str) -> bool {
    ConfigFile::of(name).is_some()
}

/// Reads every configuration file of `dir` (`*.tf`, `*.tf.json`, `*.hcl`) in lexical order,
/// then merges its override files over them, into one configuration, with the local modules
/// it calls (and the ones they call).
pub fn load_dir(dir: &Path) -> (Config, Diags) {
    let mut diags = Diags::new();
    let Some(files) = read_dir_files(dir, &mut diags) else {
        return (Config::default(), diags);
    };
    let (mut config, d) = load_sources(files);
    diags.extend(d);
    let module = display_dir(dir);
    let cwd = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_else(|_| ".".into());
    config.paths = Paths { root: module.clone(), module, cwd };
    let mut sources = std::mem::take(&mut config.sources);
    let mut chain: Vec<std::path::PathBuf> = dir.canonicalize().into_iter().collect();
    load_children(&mut config, dir, &mut sources, &mut chain, &mut diags);
    config.sources = sources;
    (config, diags)
}

/// A directory as `path.module` shows it: as given, without `.` steps or a trailing slash.
fn display_dir(dir: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in dir.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if parts.last().is_some_and(|p| p != ".." && p != "/") => {
                parts.pop();
            }
            std::path::Component::RootDir => parts.push("/".into()),
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    match parts.split_first() {
        None => ".".into(),
        Some((first, rest)) if first == "/" => format!("/{}", rest.join("/")),
        Some(_) => parts.join("/"),
    }
}

/// The `(name, text)` of each configuration file of `dir`, in lexical order; `None` (with a
/// diagnostic) when the directory cannot be read or holds none.
fn read_dir_files(dir: &Path, diags: &mut Diags) -> Option<Vec<(String, String)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(
                Diag::error(
                    "baseline::config::no_dir",
                    format!("cannot read configuration directory {}: {e}", dir.display()),
                )
                .help("pass the directory holding your *.tf or *.hcl files, e.g. `baseline plan examples/inspector-classic`"),
            );
            return None;
        }
    };
    let mut paths: Vec<_> = Vec::new();
    let mut override_paths: Vec<_> = Vec::new();
    let mut hcl_paths: Vec<_> = Vec::new();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()) {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        match ConfigFile::of(name) {
            Some(ConfigFile::Native | ConfigFile::Json) => paths.push(path),
            Some(ConfigFile::Override) => override_paths.push(path),
            Some(ConfigFile::Hcl) => hcl_paths.push(path),
            None => {}
        }
    }
    if paths.is_empty() && override_paths.is_empty() {
        paths = hcl_paths;
    }
    // Terraform reads a directory's files in lexical order of their names, override files
    // after all the others.
    paths.sort();
    override_paths.sort();
    if paths.is_empty() {
        diags.push(
            Diag::error("baseline::config::no_files", format!("no *.tf or *.hcl files in {}", dir.display())).help(
                "baseline reads every *.tf, *.tf.json and *.hcl file of the directory it is given (default: the current one)",
            ),
        );
        return None;
    }
    paths.extend(override_paths);
    let mut files = Vec::new();
    for p in paths {
        match std::fs::read(&p) {
            Ok(bytes) => files.push((p.display().to_string(), utf8_or_marked(bytes))),
            Err(e) => diags.push(Diag::error("baseline::config::read", format!("cannot read {}: {e}", p.display()))),
        }
    }
    Some(files)
}

/// Reads the modules `config` calls (local sources only), recursively. `chain` holds the
/// directories of the modules being read, to refuse a module that calls itself.
fn load_children(
    config: &mut Config,
    dir: &Path,
    sources: &mut SourceMap,
    chain: &mut Vec<std::path::PathBuf>,
    diags: &mut Diags,
) {
    let (path, paths) = (config.path.clone(), config.paths.clone());
    for call in config.calls.values_mut() {
        let src = call.source.clone();
        if src.is_empty() {
            continue;
        }
        if !(src.starts_with("./") || src.starts_with("../")) {
            diags.push(
                Diag::error(
                    "baseline::config::module_source",
                    format!("module `{}` comes from {src:?}, which would be downloaded; baseline reads local modules only", call.name),
                )
                .at(call.span, "not a local directory")
                .help("vendor the module into this repository (copy it, or `git subtree add`) and set `source = \"./modules/NAME\"`; plans never download code"),
            );
            continue;
        }
        let child_dir = std::path::PathBuf::from(display_dir(&dir.join(&src)));
        let canon = child_dir.canonicalize().unwrap_or_else(|_| child_dir.clone());
        if chain.contains(&canon) {
            diags.push(
                Diag::error(
                    "baseline::config::module_cycle",
                    format!("module `{}` calls itself (through {src:?})", call.name),
                )
                .at(call.span, "recursive module"),
            );
            continue;
        }
        if !child_dir.is_dir() {
            diags.push(
                Diag::error(
                    "baseline::config::module_source",
                    format!("module `{}`: the directory {} does not exist", call.name, child_dir.display()),
                )
                .at(call.span, "no such directory")
                .help("`source` is relative to the directory of the file with the `module` block"),
            );
            continue;
        }
        let mut local = Diags::new();
        let Some(files) = read_dir_files(&child_dir, &mut local) else {
            for d in local.0 {
                diags.push(Diag { span: d.span.or(call.span), label: d.label.or(Some("module source".into())), ..d });
            }
            continue;
        };
        diags.extend(local);
        let mut child = Config { path: [path.clone(), vec![call.name.clone()]].concat(), ..Config::default() };
        decode_files(&mut child, sources, files, diags);
        for p in &child.providers {
            diags.push(
                Diag::error("baseline::config::module_provider", "a child module cannot configure a provider")
                    .at(p.span, "provider block in a module")
                    .help("move the provider block to the root module and pass it with `providers = { aws = aws.ALIAS }` in the `module` block"),
            );
        }
        child.paths = Paths { module: display_dir(&child_dir), root: paths.root.clone(), cwd: paths.cwd.clone() };
        chain.push(canon);
        load_children(&mut child, &child_dir, sources, chain, diags);
        chain.pop();
        call.module = Some(Box::new(child));
    }
}

/// Decodes the given `(name, text)` files as one configuration.
pub fn load_sources(files: Vec<(String, String)>) -> (Config, Diags) {
    let mut diags = Diags::new();
    let mut config = Config::default();
    let mut sources = SourceMap::default();
    decode_files(&mut config, &mut sources, files, &mut diags);
    config.sources = sources;
    if config.provider(None).is_none() {
        config.providers.push(ProviderConfig::default());
    }
    (config, diags)
}

/// Marks text that was not valid UTF-8: the file's text (bad bytes replaced) follows this
/// prefix and the offset of the first bad byte.
const NOT_UTF8: &str = "\u{0}baseline:not-utf8:";

/// The text of a file, or, when it is not valid UTF-8, a marked text for [`decode_files`] to
/// report at the first bad byte.
fn utf8_or_marked(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            format!("{NOT_UTF8}{at}:{}", String::from_utf8_lossy(e.as_bytes()))
        }
    }
}

/// Parses a file of HCL's native syntax as Terraform does. A file the parser refuses may be one
/// it reads once the newlines HCL ignores are made spaces (same offsets, so spans still point
/// into the file as written), or one holding a number literal too large for the parser (read
/// through a placeholder of the same length, see `lang::number`).
pub fn parse_native(text: &str) -> Result<hcl_edit::structure::Body, hcl_edit::parser::Error> {
    hcl_edit::parser::parse_body(text)
        .or_else(|e| newlines::relaxed(text).and_then(|t| hcl_edit::parser::parse_body(&t).ok()).ok_or(e))
        .or_else(|e| {
            let safe = crate::lang::number::protect_big_literals(text);
            let safe = safe.map(|t| newlines::relaxed(&t).unwrap_or(t));
            safe.and_then(|t| hcl_edit::parser::parse_body(&t).ok()).ok_or(e)
        })
}

/// Parses each file (added to `sources`) and decodes it into `config`.
fn decode_files(config: &mut Config, sources: &mut SourceMap, files: Vec<(String, String)>, diags: &mut Diags) {
    let mut bodies = Vec::new();
    for (name, text) in files {
        if let Some((at, text)) = text.strip_prefix(NOT_UTF8).and_then(|r| r.split_once(':')) {
            let at: usize = at.parse().unwrap_or(0);
            let (line, col) =
                (text[..at].matches('\n').count() + 1, at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1);
            let len = text.len();
            let id = sources.add(name.clone(), text.to_string());
            diags.push(
                Diag::error(
                    "baseline::config::encoding",
                    format!("{name} is not valid UTF-8: line {line}, column {col}"),
                )
                .at(Some(Span::new(id, at..(at + 3).min(len))), "not UTF-8")
                .help("save the file as UTF-8"),
            );
            continue;
        }
        // Terraform's JSON syntax is read through its translation to the native syntax.
        let (id, parsed) = if name.ends_with(".tf.json") {
            match json::translate(&text) {
                Ok(t) => {
                    let parsed = hcl_edit::parser::parse_body(&t.text);
                    (sources.add_translated(name, text, t.text, t.map), parsed)
                }
                Err((msg, at)) => {
                    config.unparsed = true;
                    let len = text.len();
                    let id = sources.add(name, text);
                    diags.push(json::syntax_error(id, &msg, at, len));
                    continue;
                }
            }
        } else {
            let parsed = parse_native(&text);
            (sources.add(name, text), parsed)
        };
        match parsed {
            Ok(body) => bodies.push((id, body)),
            Err(e) => {
                config.unparsed = true;
                let off = e.location().offset();
                let len = sources.get(id).text.len();
                let span = Span::new(id, off.min(len)..(off + 1).min(len));
                diags.push(
                    Diag::error("baseline::config::syntax", format!("syntax error: {}", e.message()))
                        .at(Some(span), "here"),
                );
            }
        }
    }
    for (id, body) in &bodies {
        let name = sources.get(*id).name.clone();
        let base = name.rsplit('/').next().unwrap_or(&name);
        if ConfigFile::of(base) == Some(ConfigFile::Override) {
            overrides::merge(config, *id, body, diags);
        } else {
            decode::decode_file(config, *id, body, diags);
        }
    }
}

#[cfg(test)]
mod robustness_tests;
