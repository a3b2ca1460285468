//! Input variable values: defaults, `--var-file` files and `--var NAME=VALUE` flags, with
//! Terraform's rules (a string-typed variable takes VALUE literally; others parse it as HCL).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Config;
use crate::diag::{did_you_mean, Diag, Diags, FileId, Span};
use crate::lang::{eval, NoReferences, Value};

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
        return Value::Unknown;
    }
    eval(expr, file, &NoReferences, diags)
}

/// Resolves every declared variable's value. `var_files` are read first, in order, then
/// `cli` (`NAME=VALUE` strings) in order; later assignments win. Var files are added to the
/// config's source map so their errors point into them.
///
/// Kept as one function (over 120 lines) because the precedence rules read top to bottom:
/// defaults, each file, each flag, then type conversion and required checks.
pub fn resolve(config: &mut Config, var_files: &[PathBuf], cli: &[String]) -> (BTreeMap<String, Value>, Diags) {
    let mut diags = Diags::new();
    let mut set: BTreeMap<String, (Value, Option<Span>)> = BTreeMap::new();
    for path in var_files {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diag::error(
                    "baseline::vars::file",
                    format!("cannot read variable file {}: {e}", path.display()),
                ));
                continue;
            }
        };
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
                continue;
            }
        };
        for s in body.iter() {
            match s {
                hcl_edit::structure::Structure::Attribute(a) => {
                    let v = constant(&a.value, file, &mut diags);
                    let span = hcl_edit::Span::span(&a.key).map(|r| Span::new(file, r));
                    set.insert(a.key.as_str().to_string(), (v, span));
                }
                hcl_edit::structure::Structure::Block(b) => diags.push(
                    Diag::error("baseline::vars::block", "a variable file holds only `name = value` lines")
                        .at(hcl_edit::Span::span(&b.ident).map(|r| Span::new(file, r)), "unexpected block"),
                ),
            }
        }
    }
    for item in cli {
        let Some((name, raw)) = item.split_once('=') else {
            diags.push(
                Diag::error("baseline::vars::flag", format!("--var {item:?} is not NAME=VALUE"))
                    .help("write e.g. --var region=eu-west-1"),
            );
            continue;
        };
        let name = name.trim();
        let Some(decl) = config.variables.get(name) else {
            diags.push(
                Diag::error(
                    "baseline::vars::undeclared",
                    format!("--var sets `{name}`, but no variable of that name is declared"),
                )
                .maybe_help(did_you_mean(name, config.variables.keys().map(String::as_str))),
            );
            continue;
        };
        let v = if decl.ty.is_string() {
            Value::str(raw)
        } else {
            match hcl_edit::parser::parse_expr(raw) {
                Ok(e) => {
                    let file = config.sources.add(format!("--var {name}"), raw.to_string());
                    constant(&e, file, &mut diags)
                }
                Err(e) => {
                    diags.push(
                        Diag::error(
                            "baseline::vars::flag",
                            format!("--var {name}: the value is not a valid expression: {}", e.message()),
                        )
                        .help("quote strings, e.g. --var 'regions=[\"us-east-1\"]'"),
                    );
                    continue;
                }
            }
        };
        set.insert(name.to_string(), (v, None));
    }

    let mut values = BTreeMap::new();
    for (name, (_, span)) in set.iter() {
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
    for (name, decl) in &config.variables {
        let (raw, span) = match set.remove(name) {
            Some((v, s)) => (v, s.or(decl.span)),
            None => match &decl.default {
                Some(d) => (constant(&d.expr, d.file, &mut diags), d.span),
                None => {
                    diags.push(
                        Diag::error("baseline::vars::missing", format!("no value for the required variable `{name}`"))
                            .at(decl.span, "declared without a default")
                            .help(format!("pass --var {name}=VALUE, or set it in a --var-file")),
                    );
                    values.insert(name.clone(), Value::Unknown);
                    continue;
                }
            },
        };
        match decl.ty.convert(&raw) {
            Ok(v) => {
                values.insert(name.clone(), v);
            }
            Err(e) => {
                diags.push(
                    Diag::error("baseline::vars::type", format!("invalid value for variable `{name}`: {e}"))
                        .at(span, "wrong type"),
                );
                values.insert(name.clone(), Value::Unknown);
            }
        }
    }
    (values, diags)
}
