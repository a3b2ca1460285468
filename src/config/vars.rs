//! Input variable values, with Terraform's sources and precedence (later wins): defaults,
//! `TF_VAR_name` environment variables, `terraform.tfvars`, `terraform.tfvars.json`,
//! `*.auto.tfvars(.json)` in lexical order, `--var-file` files, then `--var NAME=VALUE` flags.
//! A string-typed variable takes a flag's or environment variable's VALUE literally; others
//! parse it as HCL.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Config, Variable};
use crate::diag::{did_you_mean, Diag, Diags, FileId, Span};
use crate::lang::{eval, NoReferences, Resolver, Value};

fn constant(expr: &hcl_edit::expr::Expression, file: FileId, diags: &mut Diags) -> Value {
    let mut local = Diags::new();
    let refs = crate::lang::references(expr, file, &mut local);
    if !refs.is_empty() || local.has_errors() {
        let span = refs.first().and_then(|r| r.span).or_else(|| local.0.first().and_then(|d| d.span));
        diags.push(
            Diag::error("baseline::vars::reference", "variable values must be constants, not references")
                .at(span, "not a constant")
                .help("quote strings: a bare word is read as a reference"),
        );
        return Value::UNKNOWN;
    }
    eval(expr, file, &NoReferences, diags)
}

/// Where variable values come from, lowest precedence first.
#[derive(Debug, Clone, Default)]
pub struct VarSources {
    /// `TF_VAR_name` environment variables as `(name, value)` (the command layer reads them).
    pub environment: Vec<(String, String)>,
    /// Variable files in the order they apply: the directory's automatic ones
    /// ([`automatic_files`]), then `--var-file` files.
    pub files: Vec<PathBuf>,
    /// `--var NAME=VALUE` flags, in order.
    pub flags: Vec<String>,
}

/// The variable files Terraform loads from a configuration directory without being asked:
/// `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars` and `*.auto.tfvars.json`
/// in lexical order.
pub fn automatic_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> =
        ["terraform.tfvars", "terraform.tfvars.json"].iter().map(|n| dir.join(n)).filter(|p| p.is_file()).collect();
    let mut auto: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            p.is_file() && (name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json"))
        })
        .collect();
    auto.sort();
    out.extend(auto);
    out
}

/// Resolves every declared variable's value from `var_files` then `cli` flags (see
/// [`resolve_all`]).
pub fn resolve(config: &mut Config, var_files: &[PathBuf], cli: &[String]) -> (BTreeMap<String, Value>, Diags) {
    resolve_all(config, &VarSources { environment: Vec::new(), files: var_files.to_vec(), flags: cli.to_vec() })
}

/// A `NAME=VALUE` value for a variable declared with `decl`: literal for strings and for a
/// variable declared without a type, else HCL.
fn flag_value(config: &mut Config, what: &str, name: &str, raw: &str, diags: &mut Diags) -> Option<Value> {
    let decl = config.variables.get(name)?;
    if decl.ty.is_string() || !decl.typed {
        return Some(Value::str(raw));
    }
    // As Terraform: a primitive-typed variable takes the text itself, converted to its type.
    let not = |kind: &str, diags: &mut Diags| {
        diags.push(
            Diag::error("baseline::vars::type", format!("{what} {name}: {raw:?} is not {kind}"))
                .help(format!("`{name}` is declared as {}", decl.ty.describe())),
        );
        None
    };
    match decl.ty {
        super::types::TypeConstraint::Number => {
            return match raw.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => Some(Value::num(n)),
                _ => not("a number", diags),
            }
        }
        super::types::TypeConstraint::Bool => {
            return match raw.trim() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => not("true or false", diags),
            }
        }
        _ => {}
    }
    match hcl_edit::parser::parse_expr(raw) {
        Ok(e) => {
            let file = config.sources.add(format!("{what} {name}"), raw.to_string());
            Some(constant(&e, file, diags))
        }
        Err(e) => {
            diags.push(
                Diag::error(
                    "baseline::vars::flag",
                    format!("{what} {name}: the value is not a valid expression: {}", e.message()),
                )
                .help("quote strings, e.g. --var 'regions=[\"us-east-1\"]'"),
            );
            None
        }
    }
}

/// Reads one `*.tfvars.json` file: an object of variable values.
fn json_file(path: &Path, text: &str, diags: &mut Diags) -> Vec<(String, Value)> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect(),
        Ok(_) => {
            diags.push(Diag::error(
                "baseline::vars::json",
                format!("{} must hold one JSON object of variable values", path.display()),
            ));
            Vec::new()
        }
        Err(e) => {
            diags.push(Diag::error("baseline::vars::json", format!("{} is not valid JSON: {e}", path.display())));
            Vec::new()
        }
    }
}

/// The values given for variables, by name, before conversion to their types: with where a
/// variable file gave it (`None` for the environment and flags).
type Given = BTreeMap<String, (Value, Option<Span>)>;

/// Resolves every declared variable's value from `sources` (see the module documentation).
/// Var files are added to the config's source map so their errors point into them.
///
/// The steps read in the order of precedence: the environment, each file, each flag (later
/// wins), then each declared variable's value (or default), typed, then validation rules.
pub fn resolve_all(config: &mut Config, sources: &VarSources) -> (BTreeMap<String, Value>, Diags) {
    let mut diags = Diags::new();
    let mut given = Given::new();
    given_by_environment(config, &sources.environment, &mut given, &mut diags);
    for path in &sources.files {
        given_by_file(config, path, &mut given, &mut diags);
    }
    given_by_flags(config, &sources.flags, &mut given, &mut diags);
    warn_undeclared(config, &given, &mut diags);
    let mut values = BTreeMap::new();
    let mut spans: BTreeMap<String, Option<Span>> = BTreeMap::new();
    for (name, decl) in &config.variables {
        let Some((raw, span)) = given_or_default(name, decl, given.remove(name), &mut diags) else {
            values.insert(name.clone(), Value::UNKNOWN);
            continue;
        };
        spans.insert(name.clone(), span);
        values.insert(name.clone(), typed(name, decl, raw, span, &mut diags));
    }
    check_validations(config, &values, &spans, &mut diags);
    (values, diags)
}

/// `TF_VAR_name` values; Terraform ignores environment variables for undeclared names.
fn given_by_environment(config: &mut Config, environment: &[(String, String)], given: &mut Given, diags: &mut Diags) {
    for (name, raw) in environment {
        if let Some(v) = flag_value(config, "TF_VAR", name, raw, diags) {
            given.insert(name.clone(), (v, None));
        }
    }
}

/// The values of one variable file (`.tfvars` in HCL, or `.tfvars.json`); an HCL file is
/// added to the config's source map so its errors point into it.
fn given_by_file(config: &mut Config, path: &Path, given: &mut Given, diags: &mut Diags) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diag::error(
                "baseline::vars::file",
                format!("cannot read variable file {}: {e}", path.display()),
            ));
            return;
        }
    };
    if path.extension().is_some_and(|x| x == "json") {
        for (name, v) in json_file(path, &text, diags) {
            given.insert(name, (v, None));
        }
        return;
    }
    let parsed = hcl_edit::parser::parse_body(&text);
    let file = config.sources.add(path.display().to_string(), text);
    let body = match parsed {
        Ok(b) => b,
        Err(e) => {
            let off = e.location().offset();
            diags.push(
                Diag::error("baseline::vars::syntax", format!("syntax error: {}", e.message()))
                    .at(Some(Span::new(file, off..off + 1)), "here"),
            );
            return;
        }
    };
    for s in body.iter() {
        match s {
            hcl_edit::structure::Structure::Attribute(a) => {
                let v = constant(&a.value, file, diags);
                let span = hcl_edit::Span::span(&a.key).map(|r| Span::new(file, r));
                given.insert(a.key.as_str().to_string(), (v, span));
            }
            hcl_edit::structure::Structure::Block(b) => diags.push(
                Diag::error("baseline::vars::block", "a variable file holds only `name = value` lines")
                    .at(hcl_edit::Span::span(&b.ident).map(|r| Span::new(file, r)), "unexpected block"),
            ),
        }
    }
}

/// `--var NAME=VALUE` flags, in order; a flag for an undeclared name is an error.
fn given_by_flags(config: &mut Config, flags: &[String], given: &mut Given, diags: &mut Diags) {
    for item in flags {
        let Some((name, raw)) = item.split_once('=') else {
            diags.push(
                Diag::error("baseline::vars::flag", format!("--var {item:?} is not NAME=VALUE"))
                    .help("write e.g. --var region=eu-west-1"),
            );
            continue;
        };
        let name = name.trim();
        if !config.variables.contains_key(name) {
            diags.push(
                Diag::error(
                    "baseline::vars::undeclared",
                    format!("--var sets `{name}`, but no variable of that name is declared"),
                )
                .maybe_help(did_you_mean(name, config.variables.keys().map(String::as_str))),
            );
            continue;
        }
        // A value that was given but is wrong stands as unknown: it was reported, and is not
        // also "missing".
        let v = flag_value(config, "--var", name, raw, diags).unwrap_or(Value::UNKNOWN);
        given.insert(name.to_string(), (v, None));
    }
}

/// A variable file that sets an undeclared name: a warning, as Terraform's (the
/// environment's are ignored, and flags' are errors already).
fn warn_undeclared(config: &Config, given: &Given, diags: &mut Diags) {
    for (name, (_, span)) in given.iter() {
        if !config.variables.contains_key(name) && span.is_some() {
            diags.push(
                Diag::warning(
                    "baseline::vars::undeclared",
                    format!("the variable file sets `{name}`, which is not declared"),
                )
                .at(*span, "not declared")
                .maybe_help(did_you_mean(name, config.variables.keys().map(String::as_str))),
            );
        }
    }
}

/// The value given for the declared variable `decl`, or its default, with where it was
/// written; `None` (reported) for a required variable not given.
fn given_or_default(
    name: &str,
    decl: &Variable,
    given: Option<(Value, Option<Span>)>,
    diags: &mut Diags,
) -> Option<(Value, Option<Span>)> {
    match given {
        // `nullable = false`: a null given means "use the default".
        Some((Value::Null(_), _)) if !decl.nullable && decl.default.is_some() => {
            let d = decl.default.as_ref().map(|d| (constant(&d.expr, d.file, diags), d.span));
            Some(d.unwrap_or((Value::NULL, decl.span)))
        }
        Some((v, s)) => Some((v, s.or(decl.span))),
        None => match &decl.default {
            Some(d) => Some((constant(&d.expr, d.file, diags), d.span)),
            None => {
                diags.push(
                    Diag::error("baseline::vars::missing", format!("no value for the required variable `{name}`"))
                        .at(decl.span, "declared without a default")
                        .help(format!("pass --var {name}=VALUE, or set it in a --var-file")),
                );
                None
            }
        },
    }
}

/// `raw` converted to the variable's type; unknown (reported) when it is null for a variable
/// declared `nullable = false`, or of the wrong type.
fn typed(name: &str, decl: &Variable, raw: Value, span: Option<Span>, diags: &mut Diags) -> Value {
    if raw == Value::NULL && !decl.nullable {
        diags.push(
            Diag::error("baseline::vars::null", format!("variable `{name}` must not be null"))
                .at(span, "null")
                .help("the variable is declared `nullable = false`; give it a value"),
        );
        return Value::UNKNOWN;
    }
    match decl.ty.convert(&raw) {
        Ok(v) => v,
        Err(e) => {
            diags.push(
                Diag::error("baseline::vars::type", format!("invalid value for variable `{name}`: {e}"))
                    .at(span, "wrong type"),
            );
            Value::UNKNOWN
        }
    }
}

/// Values read back from a saved plan, converted again to their declared types: a plan file
/// keeps the values but not whether each is a list or a tuple, a map or an object, which
/// `==` and the outputs' recorded types tell apart.
pub fn retyped(config: &Config, values: &BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    values
        .iter()
        .map(|(k, v)| {
            let typed = config.variables.get(k).and_then(|d| d.ty.convert(v).ok());
            (k.clone(), typed.unwrap_or_else(|| v.clone()))
        })
        .collect()
}

/// What a validation rule sees: the variables' values (other references are not known yet).
struct VarsOnly<'a>(&'a BTreeMap<String, Value>);

impl Resolver for VarsOnly<'_> {
    fn var(&self, name: &str) -> Option<Value> {
        self.0.get(name).cloned()
    }
    fn local(&self, _: &str, _: &mut Diags) -> Option<Value> {
        None
    }
    fn object(&self, _: &crate::addr::Address) -> Option<Value> {
        None
    }
}

/// Evaluates every variable's `validation` rules against its value; a failed rule is an error
/// at the value, naming the rule. Rules over values not known yet (`validate` without values)
/// are skipped, as Terraform skips them.
fn check_validations(
    config: &Config,
    values: &BTreeMap<String, Value>,
    spans: &BTreeMap<String, Option<Span>>,
    diags: &mut Diags,
) {
    let r = VarsOnly(values);
    for (name, decl) in &config.variables {
        if !values.get(name).is_some_and(Value::is_known) {
            continue;
        }
        for rule in &decl.validations {
            match rule.evaluate(&r, diags) {
                super::Outcome::Pass | super::Outcome::Unknown => {}
                super::Outcome::Fail(message) => {
                    let mut d = Diag::error(
                        "baseline::vars::validation",
                        format!("invalid value for variable `{name}`: {message}"),
                    )
                    .at(spans.get(name).copied().flatten().or(decl.span), "this value");
                    if let Some(at) = rule.span {
                        d = d.help(format!("checked by the validation rule at {}", config.sources.location(at)));
                    }
                    diags.push(d);
                }
                super::Outcome::NotBool(ty) => diags.push(
                    Diag::error(
                        "baseline::vars::validation",
                        format!("a validation condition must be true or false, not {ty}"),
                    )
                    .at(rule.condition.span, "not a bool"),
                ),
            }
        }
    }
}

/// The values of the variables declared `sensitive`, as the text they print as: every string
/// and number inside them.
pub fn sensitive_values(config: &Config, values: &BTreeMap<String, Value>) -> Vec<String> {
    let names: Vec<String> = config.variables.values().filter(|v| v.sensitive).map(|v| v.name.clone()).collect();
    values_of(&names, values)
}

/// The strings and numbers inside the values of the variables `names`.
pub fn values_of(names: &[String], values: &BTreeMap<String, Value>) -> Vec<String> {
    fn leaves(j: &serde_json::Value, out: &mut Vec<String>) {
        match j {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Number(n) => out.push(n.to_string()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| leaves(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| leaves(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for name in names {
        if let Some(j) = values.get(name).and_then(Value::to_json) {
            leaves(&j, &mut out);
        }
    }
    out
}
