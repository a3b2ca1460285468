//! Decoding parsed HCL bodies into [`Config`] declarations, and static checks of references.

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Attribute, Block, Body, Structure};
use hcl_edit::Span as _;

use super::types::TypeConstraint;
use super::{
    Check, Config, Dynamic, Expr, Import, Lifecycle, Local, ModuleCall, ModuleMoved, Moved, NestedBlock, Output,
    ProviderConfig, Removed, ResourceConfig, Validation, Variable,
};
use crate::addr::{Address, Mode};
use crate::diag::{did_you_mean, Diag, Diags, FileId, Span};
use crate::lang::{references, RefTarget};
use crate::resources;
use crate::schema::{BlockType, Schema};

const TOP_BLOCKS: &[&str] = &[
    "provider",
    "variable",
    "locals",
    "resource",
    "data",
    "output",
    "module",
    "terraform",
    "import",
    "moved",
    "removed",
    "check",
];
const UNSUPPORTED_TOP: &[&str] = &[];
const META_ARGS: &[&str] = &["depends_on", "provider", "lifecycle", "count", "for_each"];

pub(super) fn sp(file: FileId, x: &impl hcl_edit::Span) -> Option<Span> {
    x.span().map(|r| Span::new(file, r))
}

/// Span of a block's header: from its identifier to the end of its last label.
pub(super) fn header_span(file: FileId, b: &Block) -> Option<Span> {
    let start = b.ident.span()?.start;
    let end = b.labels.last().and_then(|l| l.span()).map(|r| r.end).unwrap_or(b.ident.span()?.end);
    Some(Span::new(file, start..end))
}

pub(super) fn label_span(file: FileId, b: &Block, i: usize) -> Option<Span> {
    b.labels.get(i).and_then(|l| sp(file, l)).or_else(|| header_span(file, b))
}

pub(super) fn expr(file: FileId, a: &Attribute) -> Expr {
    Expr { expr: a.value.clone(), file, span: sp(file, a), scope: Vec::new() }
}

/// A literal string/bool from an attribute, or a diagnostic.
pub(super) fn literal_string(file: FileId, a: &Attribute, diags: &mut Diags) -> Option<String> {
    match &a.value {
        Expression::String(s) => Some(s.value().clone()),
        // A heredoc or template without references is a literal too, as Terraform reads it.
        e @ (Expression::HeredocTemplate(_) | Expression::StringTemplate(_))
            if crate::lang::references(e, file, &mut Diags::new()).is_empty() =>
        {
            match crate::lang::eval(e, file, &crate::lang::NoReferences, diags) {
                crate::lang::Value::String(s) => Some(s),
                _ => None,
            }
        }
        _ => {
            diags.push(
                Diag::error("baseline::config::literal", format!("`{}` must be a literal string", a.key.as_str()))
                    .at(sp(file, &a.value), "not a literal string"),
            );
            None
        }
    }
}

fn literal_bool(file: FileId, a: &Attribute, diags: &mut Diags) -> bool {
    match &a.value {
        Expression::Bool(b) => *b.value(),
        _ => {
            diags.push(
                Diag::error("baseline::config::literal", format!("`{}` must be true or false", a.key.as_str()))
                    .at(sp(file, &a.value), "not a literal bool"),
            );
            false
        }
    }
}

pub(super) fn unexpected_attr(file: FileId, a: &Attribute, context: &str, allowed: &[&str]) -> Diag {
    let name = a.key.as_str();
    Diag::error("baseline::config::unknown_argument", format!("{context} has no argument named `{name}`"))
        .at(sp(file, &a.key), "unknown argument")
        .maybe_help(did_you_mean(name, allowed.iter().copied()))
}

pub(super) fn unexpected_block(file: FileId, b: &Block, context: &str, allowed: &[&str]) -> Diag {
    let name = b.ident.as_str();
    Diag::error("baseline::config::unknown_block", format!("{context} has no block named `{name}`"))
        .at(sp(file, &b.ident), "unknown block")
        .maybe_help(did_you_mean(name, allowed.iter().copied()))
}

pub(super) fn want_labels(file: FileId, b: &Block, n: usize, what: &str, diags: &mut Diags) -> bool {
    if b.labels.len() == n {
        return true;
    }
    diags.push(
        Diag::error(
            "baseline::config::labels",
            format!(
                "a `{}` block takes {n} label{} ({what}), found {}",
                b.ident.as_str(),
                if n == 1 { "" } else { "s" },
                b.labels.len()
            ),
        )
        .at(header_span(file, b), "wrong number of labels"),
    );
    false
}

/// Decodes one file's top-level body into `config`.
pub(super) fn decode_file(config: &mut Config, file: FileId, body: &Body, diags: &mut Diags) {
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => diags.push(
                Diag::error(
                    "baseline::config::top_attribute",
                    format!("unexpected argument `{}` at the top level", a.key.as_str()),
                )
                .at(sp(file, &a.key), "not inside a block")
                .help("top-level arguments belong in a block, e.g. `locals { ... }` or a `.tfvars`-style --var-file"),
            ),
            Structure::Block(b) => match b.ident.as_str() {
                "provider" => provider(config, file, b, diags),
                "variable" => variable(config, file, b, diags),
                "locals" => locals(config, file, b, diags),
                "resource" => resource(config, file, b, Mode::Managed, diags),
                "data" => resource(config, file, b, Mode::Data, diags),
                "output" => output(config, file, b, diags),
                "import" => import(config, file, b, diags),
                "moved" => moved(config, file, b, diags),
                "module" => module_call(config, file, b, diags),
                "removed" => removed(config, file, b, diags),
                "check" => check(config, file, b, diags),
                "terraform" => super::terraform::block(config, file, b, diags),
                other if UNSUPPORTED_TOP.contains(&other) => diags.push(
                    Diag::error(
                        "baseline::config::unsupported",
                        format!("`{other}` blocks are not supported by baseline"),
                    )
                    .at(header_span(file, b), "not supported"),
                ),
                _ => diags.push(unexpected_block(file, b, "the configuration", TOP_BLOCKS)),
            },
        }
    }
}

fn provider(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    if !want_labels(file, b, 1, "the provider name", diags) {
        return;
    }
    let name = b.labels[0].as_str();
    if name != "aws" {
        // A configuration may configure other providers; only their resources are errors.
        diags.push(
            Diag::warning(
                "baseline::config::provider",
                format!("provider `{name}` is not supported; baseline manages AWS only and ignores this block"),
            )
            .at(label_span(file, b, 0), "ignored"),
        );
        return;
    }
    let mut p = ProviderConfig { span: header_span(file, b), ..ProviderConfig::default() };
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "region" => p.region = Some(expr(file, a)),
                "profile" => p.profile = Some(expr(file, a)),
                "alias" => p.alias = literal_string(file, a, diags),
                "allowed_account_ids" => p.allowed_account_ids = Some(expr(file, a)),
                "forbidden_account_ids" => p.forbidden_account_ids = Some(expr(file, a)),
                _ => diags.push(unexpected_attr(
                    file,
                    a,
                    "the aws provider",
                    &["region", "alias", "profile", "allowed_account_ids", "forbidden_account_ids"],
                )),
            },
            Structure::Block(nb) => match nb.ident.as_str() {
                "assume_role" => p.assume_role = Some(string_args(file, nb, "assume_role", ASSUME_ROLE_ARGS, diags)),
                "endpoints" => p.endpoints = string_args(file, nb, "endpoints", ENDPOINTS, diags),
                "default_tags" => {
                    p.default_tags = string_args(file, nb, "default_tags", &["tags"], diags).remove("tags")
                }
                "ignore_tags" => p.ignore_tags = string_args(file, nb, "ignore_tags", &["keys", "key_prefixes"], diags),
                _ => diags.push(unexpected_block(
                    file,
                    nb,
                    "the aws provider",
                    &["assume_role", "endpoints", "default_tags", "ignore_tags"],
                )),
            },
        }
    }
    if let Some(ar) = &p.assume_role {
        if !ar.contains_key("role_arn") {
            diags.push(
                Diag::error("baseline::config::missing", "`assume_role` needs a `role_arn`")
                    .at(p.span, "in this provider"),
            );
        }
    }
    if let Some(prev) = config.providers.iter().find(|x| x.alias == p.alias) {
        diags.push(
            Diag::error(
                "baseline::config::duplicate",
                match &p.alias {
                    Some(a) => format!("provider \"aws\" with alias `{a}` is declared twice"),
                    None => "the default provider \"aws\" (without alias) is declared twice".to_string(),
                },
            )
            .at(p.span, "declared again here")
            .maybe_help(prev.span.map(|_| "give one of them an `alias = \"...\"`".to_string())),
        );
        return;
    }
    config.providers.push(p);
}

const ASSUME_ROLE_ARGS: &[&str] = &["role_arn", "session_name", "external_id"];
/// Services whose endpoint the provider block may override.
pub const ENDPOINTS: &[&str] = &["iam", "events", "inspector", "inspector2", "sts", "sns", "organizations"];

/// A block of `name = expr` arguments, each from `allowed`.
fn string_args(file: FileId, b: &Block, what: &str, allowed: &[&str], diags: &mut Diags) -> BTreeMap<String, Expr> {
    let mut out = BTreeMap::new();
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) if allowed.contains(&a.key.as_str()) => {
                out.insert(a.key.as_str().to_string(), expr(file, a));
            }
            Structure::Attribute(a) => diags.push(unexpected_attr(file, a, &format!("`{what}`"), allowed)),
            Structure::Block(nb) => diags.push(unexpected_block(file, nb, &format!("`{what}`"), &[])),
        }
    }
    out
}

fn variable(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    if !want_labels(file, b, 1, "the variable name", diags) {
        return;
    }
    let name = b.labels[0].as_str().to_string();
    let mut v = Variable {
        name: name.clone(),
        ty: TypeConstraint::Any,
        default: None,
        description: None,
        sensitive: false,
        nullable: true,
        ephemeral: false,
        validations: Vec::new(),
        span: header_span(file, b),
    };
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "type" => match (TypeConstraint::parse(&a.value), TypeConstraint::parse_legacy(&a.value)) {
                    (Ok(t), _) => v.ty = t,
                    // Terraform 0.11's quoted types still appear in old modules: read them,
                    // and say how to write them today.
                    (Err(e), Some(t)) => {
                        v.ty = t;
                        diags.push(
                            Diag::warning("baseline::config::quoted_type", e)
                                .at(sp(file, &a.value), "quoted type constraint"),
                        );
                    }
                    (Err(e), None) => {
                        diags.push(Diag::error("baseline::config::type", e).at(sp(file, &a.value), "invalid type"))
                    }
                },
                "default" => v.default = Some(expr(file, a)),
                "description" => v.description = literal_string(file, a, diags),
                "sensitive" => v.sensitive = literal_bool(file, a, diags),
                "nullable" => v.nullable = literal_bool(file, a, diags),
                "ephemeral" => v.ephemeral = literal_bool(file, a, diags),
                _ => diags.push(unexpected_attr(
                    file,
                    a,
                    "a variable",
                    &["type", "default", "description", "sensitive", "nullable", "ephemeral"],
                )),
            },
            Structure::Block(nb) if nb.ident.as_str() == "validation" => {
                if let Some(rule) = condition_block(file, nb, diags) {
                    v.validations.push(rule);
                }
            }
            Structure::Block(nb) => diags.push(unexpected_block(file, nb, "a variable", &[])),
        }
    }
    if let Some(d) = &v.default {
        let mut refs_d = Diags::new();
        if !references(&d.expr, file, &mut refs_d).is_empty() {
            diags.push(
                Diag::error("baseline::config::default_refs", "a variable's default cannot refer to other values")
                    .at(sp(file, &d.expr), "uses a reference"),
            );
        }
    }
    if config.variables.contains_key(&name) {
        diags.push(
            Diag::error("baseline::config::duplicate", format!("variable `{name}` is declared twice"))
                .at(v.span, "declared again here"),
        );
        return;
    }
    config.variables.insert(name, v);
}

/// A `validation`, `precondition` or `postcondition` block: `condition` and `error_message`.
fn condition_block(file: FileId, b: &Block, diags: &mut Diags) -> Option<Validation> {
    let what = b.ident.as_str();
    want_labels(file, b, 0, "none", diags);
    let (mut condition, mut error_message) = (None, None);
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) if a.key.as_str() == "condition" => condition = Some(expr(file, a)),
            Structure::Attribute(a) if a.key.as_str() == "error_message" => error_message = Some(expr(file, a)),
            Structure::Attribute(a) => {
                diags.push(unexpected_attr(file, a, &format!("a `{what}` block"), &["condition", "error_message"]))
            }
            Structure::Block(x) => diags.push(unexpected_block(file, x, &format!("a `{what}` block"), &[])),
        }
    }
    let missing = |name: &str| {
        Diag::error("baseline::config::missing", format!("a `{what}` block needs `{name}`"))
            .at(header_span(file, b), format!("missing `{name}`"))
    };
    match (condition, error_message) {
        (Some(condition), Some(error_message)) => {
            Some(Validation { condition, error_message, span: header_span(file, b) })
        }
        (c, _) => {
            diags.push(missing(if c.is_none() { "condition" } else { "error_message" }));
            None
        }
    }
}

fn locals(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    want_labels(file, b, 0, "none", diags);
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => {
                let name = a.key.as_str().to_string();
                if config.locals.contains_key(&name) {
                    diags.push(
                        Diag::error("baseline::config::duplicate", format!("local value `{name}` is declared twice"))
                            .at(sp(file, &a.key), "declared again here"),
                    );
                    continue;
                }
                config.locals.insert(name.clone(), Local { name, value: expr(file, a) });
            }
            Structure::Block(nb) => diags.push(
                Diag::error("baseline::config::locals_block", "`locals` holds only `name = value` arguments")
                    .at(sp(file, &nb.ident), "unexpected block"),
            ),
        }
    }
}

fn output(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    if !want_labels(file, b, 1, "the output name", diags) {
        return;
    }
    let name = b.labels[0].as_str().to_string();
    let mut value = None;
    let mut o = Output {
        name: name.clone(),
        value: Expr { expr: Expression::null(), file, span: None, scope: Vec::new() },
        description: None,
        sensitive: false,
        depends_on: vec![],
        preconditions: Vec::new(),
    };
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "value" => value = Some(expr(file, a)),
                "description" => o.description = literal_string(file, a, diags),
                "sensitive" => o.sensitive = literal_bool(file, a, diags),
                "depends_on" => o.depends_on = absolute(config, depends_on(file, a, diags)),
                _ => diags.push(unexpected_attr(
                    file,
                    a,
                    "an output",
                    &["value", "description", "sensitive", "depends_on"],
                )),
            },
            Structure::Block(nb) if nb.ident.as_str() == "precondition" => {
                o.preconditions.extend(condition_block(file, nb, diags));
            }
            Structure::Block(nb) => diags.push(unexpected_block(file, nb, "an output", &["precondition"])),
        }
    }
    match value {
        Some(v) => o.value = v,
        None => {
            diags.push(
                Diag::error("baseline::config::missing", format!("output `{name}` needs a `value`"))
                    .at(header_span(file, b), "no value"),
            );
            return;
        }
    }
    if config.outputs.contains_key(&name) {
        diags.push(
            Diag::error("baseline::config::duplicate", format!("output `{name}` is declared twice"))
                .at(header_span(file, b), "declared again here"),
        );
        return;
    }
    config.outputs.insert(name, o);
}

fn import(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    want_labels(file, b, 0, "none", diags);
    if !config.path.is_empty() {
        diags.push(
            Diag::error("baseline::config::import", "`import` blocks belong in the root module")
                .at(header_span(file, b), "in a child module")
                .help("move the block to the root module, with `to = module.NAME.TYPE.NAME`"),
        );
        return;
    }
    let (mut to, mut id) = (None, None);
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "to" => match traversal_instance(&a.value) {
                    Some(addr) if addr.mode == Mode::Managed => to = Some(addr),
                    _ => diags.push(
                        Diag::error(
                            "baseline::config::import",
                            "`to` must be a resource address such as `aws_iam_role.events` or `aws_x.y[\"key\"]`",
                        )
                        .at(sp(file, &a.value), "not a resource address"),
                    ),
                },
                "id" => id = Some(expr(file, a)),
                "provider" => {}
                _ => diags.push(unexpected_attr(file, a, "an import block", &["to", "id", "provider"])),
            },
            Structure::Block(nb) => diags.push(unexpected_block(file, nb, "an import block", &[])),
        }
    }
    match (to, id) {
        (Some(to), Some(id)) => config.imports.push(Import { to, id, span: header_span(file, b) }),
        _ => diags.push(
            Diag::error("baseline::config::import", "an import block needs `to` and `id`")
                .at(header_span(file, b), "incomplete"),
        ),
    }
}

/// A `timeouts { create = "30m", update = "10m", delete = "1h" }` block: Go durations, by
/// operation.
fn check_timeouts(file: FileId, b: &Block, diags: &mut Diags) -> BTreeMap<String, std::time::Duration> {
    let mut out = BTreeMap::new();
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) if ["create", "read", "update", "delete"].contains(&a.key.as_str()) => {
                if let Expression::String(v) = &a.value {
                    if let Some(d) = crate::lang::functions::parse_std_duration(v.value()) {
                        out.insert(a.key.as_str().to_string(), d);
                    } else {
                        diags.push(
                            Diag::error("baseline::config::timeouts", format!("{:?} is not a duration", v.value()))
                                .at(sp(file, &a.value), "not a duration")
                                .help("write e.g. \"30s\", \"10m\" or \"1h30m\""),
                        );
                    }
                }
            }
            Structure::Attribute(a) => {
                diags.push(unexpected_attr(file, a, "`timeouts`", &["create", "read", "update", "delete"]))
            }
            Structure::Block(x) => diags.push(unexpected_block(file, x, "`timeouts`", &[])),
        }
    }
    out
}

/// `check "NAME" { assert { ... } }`. Scoped `data` blocks are not supported yet.
fn check(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    if !want_labels(file, b, 1, "the check's name", diags) {
        return;
    }
    let mut c = Check { name: b.labels[0].as_str().to_string(), asserts: Vec::new(), span: header_span(file, b) };
    for s in b.body.iter() {
        match s {
            Structure::Block(nb) if nb.ident.as_str() == "assert" => c.asserts.extend(condition_block(file, nb, diags)),
            Structure::Block(nb) if nb.ident.as_str() == "data" => diags.push(
                Diag::error(
                    "baseline::config::unsupported",
                    "scoped `data` blocks in `check` blocks are not supported yet",
                )
                .at(header_span(file, nb), "not supported")
                .help("declare the data source outside the check block and refer to it from the assertion"),
            ),
            Structure::Block(nb) => diags.push(unexpected_block(file, nb, "a `check` block", &["assert"])),
            Structure::Attribute(a) => diags.push(unexpected_attr(file, a, "a `check` block", &[])),
        }
    }
    if c.asserts.is_empty() {
        diags.push(
            Diag::error("baseline::config::missing", "a `check` block needs an `assert` block")
                .at(c.span, "no assertion"),
        );
    }
    config.checks.push(c);
}

/// `module "NAME" { source = "./dir", ... }`. Its source is read by the loader.
fn module_call(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    if !want_labels(file, b, 1, "the module's name", diags) {
        return;
    }
    let name = b.labels[0].as_str().to_string();
    let span = header_span(file, b);
    let mut call = ModuleCall {
        name: name.clone(),
        source: String::new(),
        args: BTreeMap::new(),
        count: None,
        for_each: None,
        depends_on: Vec::new(),
        providers: BTreeMap::new(),
        span,
        module: None,
    };
    let mut source_seen = false;
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "source" => {
                    source_seen = true;
                    if let Some(src) = literal_string(file, a, diags) {
                        call.source = src;
                    }
                }
                // Only registry sources take a version; their `source` is the diagnostic.
                "version" => {}
                "count" => call.count = Some(expr(file, a)),
                "for_each" => call.for_each = Some(expr(file, a)),
                "depends_on" => call.depends_on = absolute(config, depends_on(file, a, diags)),
                "providers" => call.providers = module_providers(file, a, diags),
                arg => {
                    call.args.insert(arg.to_string(), expr(file, a));
                }
            },
            Structure::Block(nb) => diags.push(unexpected_block(file, nb, "a `module` block", &[])),
        }
    }
    if !source_seen {
        diags.push(
            Diag::error("baseline::config::missing", format!("module `{name}` needs a `source`")).at(span, "no source"),
        );
    }
    if let (Some(_), Some(fe)) = (&call.count, &call.for_each) {
        diags.push(
            Diag::error("baseline::config::count_and_for_each", "a module cannot have both `count` and `for_each`")
                .at(fe.span, "choose one"),
        );
    }
    if config.calls.contains_key(&name) {
        diags.push(
            Diag::error("baseline::config::duplicate", format!("module `{name}` is declared twice"))
                .at(span, "declared again here"),
        );
        return;
    }
    config.calls.insert(name, call);
}

/// `providers = { aws = aws.usw2, aws.east = aws.use1 }`.
fn module_providers(file: FileId, a: &Attribute, diags: &mut Diags) -> BTreeMap<String, Option<String>> {
    let mut out = BTreeMap::new();
    let bad = |e: Option<Span>, what: &str| {
        Diag::error("baseline::config::module_providers", format!("{what} must be `aws` or `aws.ALIAS`"))
            .at(e, "not a provider")
    };
    let Expression::Object(o) = &a.value else {
        diags.push(bad(sp(file, &a.value), "`providers`: each entry"));
        return out;
    };
    let provider_ref = |e: &Expression| -> Option<Option<String>> {
        match e {
            Expression::Variable(v) if v.as_str() == "aws" => Some(None),
            e => traversal_address(e).filter(|ad| ad.type_name == "aws").map(|ad| Some(ad.name)),
        }
    };
    for (k, v) in o.iter() {
        let key = match k {
            hcl_edit::expr::ObjectKey::Ident(i) if i.as_str() == "aws" => Some("aws".to_string()),
            hcl_edit::expr::ObjectKey::Expression(e) => match provider_ref(e) {
                Some(None) => Some("aws".to_string()),
                Some(Some(alias)) => Some(format!("aws.{alias}")),
                None => None,
            },
            _ => None,
        };
        let Some(key) = key else {
            diags.push(bad(sp(file, v.expr()), "a `providers` key"));
            continue;
        };
        match provider_ref(v.expr()) {
            Some(target) => {
                out.insert(key, target);
            }
            None => diags.push(bad(sp(file, v.expr()), "a `providers` value")),
        }
    }
    out
}

/// A managed resource address from `from`/`to` of a `moved` or `removed` block.
fn move_endpoint(file: FileId, a: &Attribute, what: &str, diags: &mut Diags) -> Option<Address> {
    match traversal_instance(&a.value) {
        Some(addr) if addr.mode == Mode::Managed => Some(addr),
        _ => {
            diags.push(
                Diag::error(
                    "baseline::config::moved",
                    format!(
                        "`{}` of a `{what}` block must be a resource address such as `aws_iam_role.events`",
                        a.key.as_str()
                    ),
                )
                .at(sp(file, &a.value), "not a resource address"),
            );
            None
        }
    }
}

/// A module address `module.a["k"].module.b` (no resource after it).
fn module_endpoint(e: &Expression) -> Option<Vec<crate::addr::ModuleStep>> {
    use crate::addr::{InstanceKey, ModuleStep};
    let Expression::Traversal(t) = e else { return None };
    let Expression::Variable(root) = &t.expr else { return None };
    if root.as_str() != "module" {
        return None;
    }
    let mut steps: Vec<ModuleStep> = Vec::new();
    let mut expect_module_word = false;
    for o in &t.operators {
        match o.value() {
            TraversalOperator::GetAttr(n) if expect_module_word && n.as_str() == "module" => expect_module_word = false,
            TraversalOperator::GetAttr(n) if !expect_module_word => {
                steps.push(ModuleStep { name: n.as_str().to_string(), key: None });
                expect_module_word = true;
            }
            TraversalOperator::Index(Expression::String(k)) if expect_module_word => {
                steps.last_mut()?.key = Some(InstanceKey::Key(k.value().clone()));
            }
            TraversalOperator::Index(Expression::Number(n)) if expect_module_word => {
                steps.last_mut()?.key = Some(InstanceKey::Index(n.value().as_f64()? as i64));
            }
            _ => return None,
        }
    }
    (expect_module_word && !steps.is_empty()).then_some(steps)
}

fn moved(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    want_labels(file, b, 0, "none", diags);
    let attr = |name: &str| {
        b.body.iter().find_map(|s| match s {
            Structure::Attribute(a) if a.key.as_str() == name => Some(a),
            _ => None,
        })
    };
    // `moved { from = module.a, to = module.b }` moves every object of a module instance.
    if let (Some(f), Some(t)) = (attr("from"), attr("to")) {
        if let (Some(from), Some(to)) = (module_endpoint(&f.value), module_endpoint(&t.value)) {
            let steps = config.steps();
            let abs = |p: Vec<crate::addr::ModuleStep>| [steps.clone(), p].concat();
            config.module_moves.push(ModuleMoved { from: abs(from), to: abs(to), span: header_span(file, b) });
            return;
        }
    }
    let (mut from, mut to) = (None, None);
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) if a.key.as_str() == "from" => from = move_endpoint(file, a, "moved", diags),
            Structure::Attribute(a) if a.key.as_str() == "to" => to = move_endpoint(file, a, "moved", diags),
            Structure::Attribute(a) => diags.push(unexpected_attr(file, a, "a `moved` block", &["from", "to"])),
            Structure::Block(nb) => diags.push(unexpected_block(file, nb, "a `moved` block", &[])),
        }
    }
    let span = header_span(file, b);
    let (Some(from), Some(to)) = (from, to) else {
        diags.push(
            Diag::error("baseline::config::moved", "a `moved` block needs `from` and `to`").at(span, "incomplete"),
        );
        return;
    };
    if from.type_name != to.type_name {
        diags.push(
            Diag::error(
                "baseline::config::moved",
                format!("cannot move `{from}` to `{to}`: an object keeps its resource type"),
            )
            .at(span, "different types")
            .help("a moved block renames; to change the type, import the object into the new resource"),
        );
        return;
    }
    if from == to {
        diags.push(Diag::error("baseline::config::moved", format!("`{from}` is moved to itself")).at(span, "no move"));
        return;
    }
    let steps = config.steps();
    config.moves.push(Moved { from: from.in_module(&steps), to: to.in_module(&steps), span });
}

fn removed(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    want_labels(file, b, 0, "none", diags);
    let (mut from, mut destroy) = (None, true);
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) if a.key.as_str() == "from" => from = move_endpoint(file, a, "removed", diags),
            Structure::Attribute(a) => diags.push(unexpected_attr(file, a, "a `removed` block", &["from"])),
            Structure::Block(nb) if nb.ident.as_str() == "lifecycle" => {
                for x in nb.body.iter() {
                    match x {
                        Structure::Attribute(a) if a.key.as_str() == "destroy" => {
                            destroy = literal_bool(file, a, diags)
                        }
                        Structure::Attribute(a) => {
                            diags.push(unexpected_attr(file, a, "a `removed` block's `lifecycle`", &["destroy"]))
                        }
                        Structure::Block(y) => diags.push(unexpected_block(file, y, "`lifecycle`", &[])),
                    }
                }
            }
            Structure::Block(nb) => diags.push(unexpected_block(file, nb, "a `removed` block", &["lifecycle"])),
        }
    }
    let span = header_span(file, b);
    let Some(from) = from else {
        diags.push(Diag::error("baseline::config::removed", "a `removed` block needs `from`").at(span, "incomplete"));
        return;
    };
    if from.key.is_some() {
        diags.push(
            Diag::error(
                "baseline::config::removed",
                format!("`removed` takes a resource, not one instance: `{}`", from.config()),
            )
            .at(span, "instance key")
            .help("to stop managing one instance, change the resource's count or for_each"),
        );
        return;
    }
    let steps = config.steps();
    config.removed.push(Removed { from: from.in_module(&steps), destroy, span });
}

/// A traversal `TYPE.NAME`, optionally indexed `[N]` or `["key"]`, as an instance address.
fn traversal_instance(e: &Expression) -> Option<Address> {
    use crate::addr::{InstanceKey, ModuleStep};
    enum Seg {
        Name(String),
        Key(InstanceKey),
    }
    let Expression::Traversal(t) = e else { return None };
    let Expression::Variable(root) = &t.expr else { return None };
    let mut segs = vec![Seg::Name(root.as_str().to_string())];
    for o in &t.operators {
        segs.push(match o.value() {
            TraversalOperator::GetAttr(n) => Seg::Name(n.as_str().to_string()),
            TraversalOperator::Index(Expression::String(s)) => Seg::Key(InstanceKey::Key(s.value().clone())),
            TraversalOperator::Index(Expression::Number(n)) => Seg::Key(InstanceKey::Index(n.value().as_f64()? as i64)),
            TraversalOperator::LegacyIndex(i) => Seg::Key(InstanceKey::Index(*i.value() as i64)),
            _ => return None,
        });
    }
    let mut it = segs.into_iter().peekable();
    let mut module = Vec::new();
    let take_key = |it: &mut std::iter::Peekable<std::vec::IntoIter<Seg>>| match it.peek() {
        Some(Seg::Key(_)) => match it.next() {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        },
        _ => None,
    };
    loop {
        let Some(Seg::Name(first)) = it.next() else { return None };
        let Some(Seg::Name(second)) = it.next() else { return None };
        let key = take_key(&mut it);
        if first == "module" && it.peek().is_some() {
            module.push(ModuleStep { name: second, key });
            continue;
        }
        if first == "data" || first == "module" || it.next().is_some() {
            return None;
        }
        return Some(Address { module, ..Address::managed(first, second).instance(key) });
    }
}

/// A traversal `TYPE.NAME` or `data.TYPE.NAME` as an address.
fn traversal_address(e: &Expression) -> Option<Address> {
    let Expression::Traversal(t) = e else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let names: Vec<&str> = t
        .operators
        .iter()
        .map(|o| match o.value() {
            TraversalOperator::GetAttr(i) => Some(i.as_str()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    match (root.as_str(), names.as_slice()) {
        ("data", [ty, n]) => Some(Address::data(*ty, *n)),
        (ty, [n]) if ty != "data" => Some(Address::managed(ty, *n)),
        _ => None,
    }
}

/// Addresses written in a module, made absolute.
fn absolute(config: &Config, list: Vec<(Address, Option<Span>)>) -> Vec<(Address, Option<Span>)> {
    let steps = config.steps();
    list.into_iter().map(|(a, s)| (a.in_module(&steps), s)).collect()
}

fn depends_on(file: FileId, a: &Attribute, diags: &mut Diags) -> Vec<(Address, Option<Span>)> {
    let Expression::Array(items) = &a.value else {
        diags.push(
            Diag::error("baseline::config::depends_on", "`depends_on` must be a list of resource addresses")
                .at(sp(file, &a.value), "not a list"),
        );
        return vec![];
    };
    let mut out = Vec::new();
    for e in items.iter() {
        match traversal_address(e) {
            Some(addr) => out.push((addr, sp(file, e))),
            None => diags.push(
                Diag::error(
                    "baseline::config::depends_on",
                    "each `depends_on` entry must be a resource address such as `aws_iam_role.events`",
                )
                .at(sp(file, e), "not a resource address"),
            ),
        }
    }
    out
}

fn lifecycle(file: FileId, b: &Block, diags: &mut Diags) -> Lifecycle {
    let mut l = Lifecycle::default();
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "prevent_destroy" => l.prevent_destroy = literal_bool(file, a, diags),
                "create_before_destroy" => l.create_before_destroy = literal_bool(file, a, diags),
                "ignore_changes" => match &a.value {
                    Expression::Variable(v) if v.as_str() == "all" => l.ignore_changes = vec!["*".into()],
                    Expression::Array(items) => {
                        for e in items.iter() {
                            match e {
                                Expression::Variable(v) => l.ignore_changes.push(v.as_str().to_string()),
                                Expression::String(s) => l.ignore_changes.push(s.value().clone()),
                                _ => diags.push(
                                    Diag::error(
                                        "baseline::config::ignore_changes",
                                        "each `ignore_changes` entry must be an attribute name",
                                    )
                                    .at(sp(file, e), "not an attribute name"),
                                ),
                            }
                        }
                    }
                    _ => diags.push(
                        Diag::error(
                            "baseline::config::ignore_changes",
                            "`ignore_changes` must be a list of attribute names or `all`",
                        )
                        .at(sp(file, &a.value), "not a list"),
                    ),
                },
                "replace_triggered_by" => match &a.value {
                    Expression::Array(items) => {
                        for e in items.iter() {
                            let Some(span) = sp(file, e) else { continue };
                            l.replace_triggered_by.push(Expr {
                                expr: e.clone(),
                                file,
                                span: Some(span),
                                scope: Vec::new(),
                            });
                        }
                    }
                    _ => diags.push(
                        Diag::error(
                            "baseline::config::replace_triggered_by",
                            "`replace_triggered_by` must be a list of resource references",
                        )
                        .at(sp(file, &a.value), "not a list"),
                    ),
                },
                _ => diags.push(unexpected_attr(
                    file,
                    a,
                    "lifecycle",
                    &["prevent_destroy", "create_before_destroy", "ignore_changes", "replace_triggered_by"],
                )),
            },
            Structure::Block(nb) if nb.ident.as_str() == "precondition" => {
                l.preconditions.extend(condition_block(file, nb, diags));
            }
            Structure::Block(nb) if nb.ident.as_str() == "postcondition" => {
                l.postconditions.extend(condition_block(file, nb, diags));
            }
            Structure::Block(nb) => diags.push(
                Diag::error(
                    "baseline::config::unsupported",
                    format!("lifecycle `{}` blocks are not supported", nb.ident.as_str()),
                )
                .at(sp(file, &nb.ident), "not supported"),
            ),
        }
    }
    l
}

/// Decodes one `resource` or `data` block. Longer than most functions: it reads the
/// block's meta-arguments and nested blocks in one pass so every mistake is reported with
/// its own span; the nested parts are decoded by the helpers above.
fn resource(config: &mut Config, file: FileId, b: &Block, mode: Mode, diags: &mut Diags) {
    let kind = if mode == Mode::Managed { "resource" } else { "data source" };
    if !want_labels(file, b, 2, "the type and the name", diags) {
        return;
    }
    let (ty, name) = (b.labels[0].as_str(), b.labels[1].as_str());
    let schema: Option<&'static Schema> = match mode {
        Mode::Managed => resources::resource_type(ty).map(|r| r.schema()),
        Mode::Data => resources::data_source(ty).map(|r| r.schema()),
    };
    let Some(schema) = schema else {
        // References to the rejected block are not reported again as undeclared.
        config.rejected.push(Address {
            module: config.steps(),
            mode,
            type_name: ty.to_string(),
            name: name.to_string(),
            key: None,
        });
        let known: Vec<&str> = match mode {
            Mode::Managed => resources::RESOURCES.iter().map(|r| r.type_name()).collect(),
            Mode::Data => resources::DATA_SOURCES.iter().map(|r| r.type_name()).collect(),
        };
        // Another provider's type (`google_…`): name the provider, not a near miss.
        let provider = ty.split('_').next().unwrap_or_default();
        if provider != "aws" && !provider.is_empty() && ty.contains('_') {
            diags.push(
                Diag::error(
                    "baseline::config::unsupported_provider",
                    format!("`{ty}` belongs to provider `{provider}`, which baseline does not support"),
                )
                .at(label_span(file, b, 0), "not an AWS type")
                .help("baseline manages AWS resources only; keep this resource in a configuration Terraform applies"),
            );
            return;
        }
        diags.push(
            Diag::error("baseline::config::unknown_type", format!("baseline does not know the {kind} type `{ty}`"))
                .at(label_span(file, b, 0), "unknown type")
                .maybe_help(
                    // Every name shares `aws_`, which would make any two look alike: compare the rest.
                    did_you_mean(ty.trim_start_matches("aws_"), known.iter().map(|k| k.trim_start_matches("aws_")))
                        .map(|h| h.replacen('`', "`aws_", 1)),
                )
                .help_if_none(format!("supported {kind} types: {}", known.join(", "))),
        );
        return;
    };
    let addr = Address { module: config.steps(), mode, type_name: ty.to_string(), name: name.to_string(), key: None };
    let mut r = ResourceConfig {
        addr: addr.clone(),
        file,
        span: header_span(file, b),
        attrs: BTreeMap::new(),
        blocks: BTreeMap::new(),
        depends_on: vec![],
        lifecycle: Lifecycle::default(),
        provider: None,
        count: None,
        for_each: None,
        misspelt: false,
        timeouts: BTreeMap::new(),
    };
    let allowed: Vec<&str> =
        schema.attrs.iter().filter(|a| a.configurable()).map(|a| a.name).chain(META_ARGS.iter().copied()).collect();
    let mut is_enabled = None;
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "depends_on" => r.depends_on = absolute(config, depends_on(file, a, diags)),
                "provider" => match &a.value {
                    Expression::Variable(v) if v.as_str() == "aws" => {}
                    e => match traversal_address(e) {
                        Some(ad) if ad.type_name == "aws" => r.provider = Some((ad.name, sp(file, e))),
                        _ => diags.push(
                            Diag::error("baseline::config::provider_ref", "`provider` must be `aws` or `aws.ALIAS`")
                                .at(sp(file, e), "not a provider reference"),
                        ),
                    },
                },
                "count" => r.count = Some(expr(file, a)),
                "for_each" => r.for_each = Some(expr(file, a)),
                "is_enabled" if ty == "aws_cloudwatch_event_rule" && mode == Mode::Managed => is_enabled = Some(a),
                key => match schema.attr(key) {
                    // Computed from `tags` and the provider's `default_tags`, as in the provider.
                    Some(at) if at.configurable() && key != "tags_all" => {
                        r.attrs.insert(key.to_string(), expr(file, a));
                    }
                    Some(_) => diags.push(
                        Diag::error(
                            "baseline::config::computed",
                            format!("`{key}` is set by AWS and cannot be configured"),
                        )
                        .at(sp(file, &a.key), "read-only attribute")
                        .help(format!("read it instead as `{addr}.{key}`")),
                    ),
                    None if schema.block(key).is_some() => diags.push(
                        Diag::error("baseline::config::block_as_attr", format!("`{key}` is a block, not an argument"))
                            .at(sp(file, &a.key), "write it as a block")
                            .help(format!("write `{key} {{ ... }}`")),
                    ),
                    None => {
                        r.misspelt = true;
                        diags.push(unexpected_attr(file, a, &format!("`{ty}`"), &allowed));
                    }
                },
            },
            Structure::Block(nb) => match nb.ident.as_str() {
                "lifecycle" => {
                    r.lifecycle = lifecycle(file, nb, diags);
                    let l = &r.lifecycle;
                    let managed_only = l.prevent_destroy
                        || l.create_before_destroy
                        || !l.ignore_changes.is_empty()
                        || !l.replace_triggered_by.is_empty();
                    if mode == Mode::Data && managed_only {
                        diags.push(
                            Diag::error(
                                "baseline::config::lifecycle",
                                "a data source's `lifecycle` takes only `precondition` and `postcondition` blocks",
                            )
                            .at(sp(file, &nb.ident), "managed-resource settings"),
                        );
                    }
                }
                "dynamic" => {
                    if let Some((bname, block)) = dynamic_block(file, nb, schema.blocks, diags) {
                        r.blocks.entry(bname).or_default().push(block);
                    }
                }
                // Accepted as Terraform does; baseline's operations end by themselves (types that
                // wait say what they wait for), so the limits are checked, not applied.
                "timeouts" => r.timeouts = check_timeouts(file, nb, diags),
                "provisioner" | "connection" => diags.push(
                    Diag::error(
                        "baseline::config::unsupported",
                        format!("`{}` blocks are not supported by baseline", nb.ident.as_str()),
                    )
                    .at(sp(file, &nb.ident), "not supported"),
                ),
                bname => match schema.block(bname) {
                    Some(bt) => {
                        let list = r.blocks.entry(bname.to_string()).or_default();
                        list.push(nested_block(file, nb, bt, diags));
                        if let Some(max) = bt.max_items {
                            if list.len() > max {
                                diags.push(
                                    Diag::error(
                                        "baseline::config::too_many",
                                        format!("at most {max} `{bname}` block(s) allowed"),
                                    )
                                    .at(header_span(file, nb), "one too many"),
                                );
                            }
                        }
                    }
                    None => {
                        let names: Vec<&str> = schema.blocks.iter().map(|b| b.name).chain(["lifecycle"]).collect();
                        let mut d = unexpected_block(file, nb, &format!("`{ty}`"), &names);
                        if schema.attr(bname).is_some() {
                            d = d.help(format!("`{bname}` is an argument: write `{bname} = ...`"));
                        }
                        r.misspelt = true;
                        diags.push(d);
                    }
                },
            },
        }
    }
    if let Some(a) = is_enabled {
        is_enabled_to_state(file, a, &mut r, diags);
    }
    if let (Some(_), Some(fe)) = (&r.count, &r.for_each) {
        diags.push(
            Diag::error("baseline::config::count_and_for_each", "a resource cannot have both `count` and `for_each`")
                .at(fe.span, "choose one"),
        );
    }
    for at in schema.attrs.iter().filter(|a| a.presence == crate::schema::Presence::Required) {
        if !r.attrs.contains_key(at.name) {
            diags.push(
                Diag::error(
                    "baseline::config::missing",
                    format!("`{addr}` is missing the required argument `{}`", at.name),
                )
                .at(r.span, format!("needs `{}`", at.name)),
            );
        }
    }
    if config.resource(&addr).is_some() {
        diags.push(
            Diag::error("baseline::config::duplicate", format!("`{addr}` is declared twice"))
                .at(r.span, "declared again here"),
        );
        return;
    }
    config.resources.push(r);
}

/// The provider's deprecated `is_enabled` on an event rule: read as
/// `state = is_enabled ? "ENABLED" : "DISABLED"`, with a deprecation warning; setting both is
/// an error, as in the provider.
fn is_enabled_to_state(file: FileId, a: &Attribute, r: &mut ResourceConfig, diags: &mut Diags) {
    diags.push(
        Diag::warning("baseline::config::deprecated", "`is_enabled` is deprecated: use `state`")
            .at(sp(file, a), "deprecated argument")
            .help("write `state = \"ENABLED\"` or `state = \"DISABLED\"`; this is read as `state = is_enabled ? \"ENABLED\" : \"DISABLED\"`"),
    );
    if let Some(state) = r.attrs.get("state") {
        diags.push(
            Diag::error("baseline::config::conflict", "`is_enabled` and `state` cannot both be set")
                .at(state.span, "`is_enabled` is set too")
                .help("remove `is_enabled` (deprecated)"),
        );
        return;
    }
    let cond =
        hcl_edit::expr::Conditional::new(a.value.clone(), Expression::from("ENABLED"), Expression::from("DISABLED"));
    let mut e = expr(file, a);
    e.expr = Expression::Conditional(Box::new(cond));
    r.attrs.insert("state".into(), e);
}

/// Decodes one nested block (and, recursively, the blocks inside it) against its type.
fn nested_block(file: FileId, nb: &Block, bt: &BlockType, diags: &mut Diags) -> NestedBlock {
    let bname = bt.name;
    if !nb.labels.is_empty() {
        diags.push(
            Diag::error("baseline::config::labels", format!("a `{bname}` block takes no labels"))
                .at(header_span(file, nb), "unexpected label"),
        );
    }
    let mut out =
        NestedBlock { attrs: BTreeMap::new(), blocks: BTreeMap::new(), span: header_span(file, nb), dynamic: None };
    let names: Vec<&str> = bt.attrs.iter().map(|a| a.name).collect();
    let block_names: Vec<&str> = bt.blocks.iter().map(|b| b.name).collect();
    for s in nb.body.iter() {
        match s {
            Structure::Attribute(a) if bt.attrs.iter().any(|x| x.name == a.key.as_str()) => {
                out.attrs.insert(a.key.as_str().to_string(), expr(file, a));
            }
            Structure::Attribute(a) => diags.push(unexpected_attr(file, a, &format!("`{bname}`"), &names)),
            Structure::Block(x) if x.ident.as_str() == "dynamic" => {
                if let Some((name, block)) = dynamic_block(file, x, bt.blocks, diags) {
                    out.blocks.entry(name).or_default().push(block);
                }
            }
            Structure::Block(x) => match bt.blocks.iter().find(|b| b.name == x.ident.as_str()) {
                Some(inner) => {
                    let list = out.blocks.entry(inner.name.to_string()).or_default();
                    list.push(nested_block(file, x, inner, diags));
                    if inner.max_items.is_some_and(|m| list.len() > m) {
                        diags.push(
                            Diag::error(
                                "baseline::config::too_many",
                                format!("at most {} `{}` block(s) allowed", inner.max_items.unwrap_or(0), inner.name),
                            )
                            .at(header_span(file, x), "one too many"),
                        );
                    }
                }
                None => diags.push(unexpected_block(file, x, &format!("`{bname}`"), &block_names)),
            },
        }
    }
    for at in bt.attrs.iter().filter(|a| a.presence == crate::schema::Presence::Required) {
        if !out.attrs.contains_key(at.name) {
            diags.push(
                Diag::error(
                    "baseline::config::missing",
                    format!("`{bname}` block is missing the required argument `{}`", at.name),
                )
                .at(header_span(file, nb), "incomplete block"),
            );
        }
    }
    for inner in bt.blocks.iter().filter(|b| b.min_items > 0) {
        if out.blocks.get(inner.name).map_or(0, Vec::len) < inner.min_items {
            diags.push(
                Diag::error("baseline::config::missing", format!("`{bname}` needs a `{}` block", inner.name))
                    .at(header_span(file, nb), "incomplete block"),
            );
        }
    }
    out
}

/// `dynamic "NAME" { for_each = ..., iterator = x, content { ... } }`: the block type it
/// generates and its content, decoded against that type, with the iterator bound.
fn dynamic_block(file: FileId, b: &Block, types: &[BlockType], diags: &mut Diags) -> Option<(String, NestedBlock)> {
    if !want_labels(file, b, 1, "the name of the block type to generate", diags) {
        return None;
    }
    let name = b.labels[0].as_str();
    let Some(bt) = types.iter().find(|t| t.name == name) else {
        let names: Vec<&str> = types.iter().map(|t| t.name).collect();
        diags.push(
            Diag::error("baseline::config::dynamic", format!("a `dynamic` block cannot generate `{name}` blocks here"))
                .at(label_span(file, b, 0), "not a block type of this resource")
                .maybe_help(did_you_mean(name, names.iter().copied()))
                .help_if_none(if names.is_empty() {
                    "this resource has no nested blocks".to_string()
                } else {
                    format!("block types here: {}", names.join(", "))
                }),
        );
        return None;
    };
    let mut for_each = None;
    let mut iterator = name.to_string();
    let mut content: Option<NestedBlock> = None;
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "for_each" => for_each = Some(expr(file, a)),
                "iterator" => match &a.value {
                    Expression::Variable(v) => iterator = v.as_str().to_string(),
                    e => diags.push(
                        Diag::error(
                            "baseline::config::dynamic",
                            "`iterator` must be a bare name, like `iterator = rule`",
                        )
                        .at(sp(file, e), "not a name"),
                    ),
                },
                "labels" => diags.push(
                    Diag::error("baseline::config::dynamic", format!("`{name}` blocks take no labels"))
                        .at(sp(file, &a.key), "remove `labels`"),
                ),
                _ => diags.push(unexpected_attr(file, a, "`dynamic`", &["for_each", "iterator"])),
            },
            Structure::Block(x) if x.ident.as_str() == "content" => {
                if content.is_some() {
                    diags.push(
                        Diag::error("baseline::config::dynamic", "a `dynamic` block has one `content` block")
                            .at(header_span(file, x), "second `content`"),
                    );
                    continue;
                }
                content = Some(nested_block(file, x, bt, diags));
            }
            Structure::Block(x) => diags.push(unexpected_block(file, x, "`dynamic`", &["content"])),
        }
    }
    let Some(for_each) = for_each else {
        diags.push(
            Diag::error("baseline::config::dynamic", "a `dynamic` block needs `for_each`")
                .at(header_span(file, b), "missing `for_each`"),
        );
        return None;
    };
    let Some(mut content) = content else {
        diags.push(
            Diag::error("baseline::config::dynamic", "a `dynamic` block needs a `content` block")
                .at(header_span(file, b), "missing `content`"),
        );
        return None;
    };
    content.bind(&iterator);
    content.span = header_span(file, b);
    content.dynamic = Some(Dynamic { for_each, iterator });
    Some((name.to_string(), content))
}

/// What an expression belongs to: it decides whether `each` and `count.index` are available.
#[derive(Clone, Copy)]
enum Owner<'c> {
    Module,
    Resource(&'c ResourceConfig),
    /// A resource's `postcondition`, where `self` is the object.
    Postcondition(&'c ResourceConfig),
    /// A `module` block's arguments.
    Call(&'c ModuleCall),
}

/// Every expression of one module with what it belongs to, for reference checks.
fn all_exprs(config: &Config) -> Vec<(&Expr, Owner<'_>)> {
    let mut out = Vec::new();
    for p in &config.providers {
        let nested = p.assume_role.iter().flat_map(|m| m.values()).chain(p.endpoints.values());
        for e in p.region.iter().chain(p.profile.iter()).chain(nested) {
            out.push((e, Owner::Module));
        }
    }
    for l in config.locals.values() {
        out.push((&l.value, Owner::Module));
    }
    for rule in config.variables.values().flat_map(|v| &v.validations) {
        out.push((&rule.condition, Owner::Module));
        out.push((&rule.error_message, Owner::Module));
    }
    for o in config.outputs.values() {
        out.push((&o.value, Owner::Module));
        for rule in &o.preconditions {
            out.extend([(&rule.condition, Owner::Module), (&rule.error_message, Owner::Module)]);
        }
    }
    for rule in config.checks.iter().flat_map(|c| &c.asserts) {
        out.extend([(&rule.condition, Owner::Module), (&rule.error_message, Owner::Module)]);
    }
    for c in config.calls.values() {
        for e in c.args.values().chain(c.count.iter()).chain(c.for_each.iter()) {
            out.push((e, Owner::Call(c)));
        }
    }
    for r in &config.resources {
        for e in r.attrs.values().chain(r.count.iter()).chain(r.for_each.iter()) {
            out.push((e, Owner::Resource(r)));
        }
        for b in r.blocks.values().flatten() {
            for e in b.exprs() {
                out.push((e, Owner::Resource(r)));
            }
        }
        let lc = &r.lifecycle;
        for e in lc.replace_triggered_by.iter() {
            out.push((e, Owner::Resource(r)));
        }
        for rule in &lc.preconditions {
            out.extend([(&rule.condition, Owner::Resource(r)), (&rule.error_message, Owner::Resource(r))]);
        }
        for rule in &lc.postconditions {
            out.extend([(&rule.condition, Owner::Postcondition(r)), (&rule.error_message, Owner::Postcondition(r))]);
        }
    }
    out
}

fn object_schema(addr: &Address) -> Option<&'static Schema> {
    match addr.mode {
        Mode::Managed => resources::resource_type(&addr.type_name).map(|r| r.schema()),
        Mode::Data => resources::data_source(&addr.type_name).map(|r| r.schema()),
    }
}

/// Checks, in the root module and every module it calls, that every reference points at
/// something declared, with an attribute that exists; that `depends_on` and `ignore_changes`
/// name real things; and that each `module` block passes the variables its module declares.
pub fn check_references(root: &Config, diags: &mut Diags) {
    for m in root.modules() {
        check_module(root, m, diags);
        check_calls(m, diags);
    }
    check_imports(root, diags);
    check_moves(root, diags);
}

/// One module's references (see [`check_references`]).
///
/// One match arm per kind of reference (why this is over 120 lines).
fn check_module(root: &Config, config: &Config, diags: &mut Diags) {
    let steps = config.steps();
    let declared: Vec<String> =
        config.resources.iter().map(|r| Address { module: Vec::new(), ..r.addr.clone() }.to_string()).collect();
    for (e, owner) in all_exprs(config) {
        for rf in e.references(diags) {
            match &rf.target {
                RefTarget::Var(n) if !config.variables.contains_key(n) => diags.push(
                    Diag::error("baseline::config::undeclared", format!("there is no variable named `{n}`"))
                        .at(rf.span, "undeclared variable")
                        .maybe_help(did_you_mean(n, config.variables.keys().map(String::as_str)))
                        .help_if_none(format!("declare it with `variable \"{n}\" {{}}`")),
                ),
                RefTarget::Local(n) if !config.locals.contains_key(n) => diags.push(
                    Diag::error("baseline::config::undeclared", format!("there is no local value named `{n}`"))
                        .at(rf.span, "undeclared local value")
                        .maybe_help(did_you_mean(n, config.locals.keys().map(String::as_str))),
                ),
                RefTarget::Each(_) => {
                    let ok = match owner {
                        Owner::Resource(r) | Owner::Postcondition(r) => r.for_each.is_some(),
                        Owner::Call(c) => c.for_each.is_some(),
                        Owner::Module => false,
                    };
                    if !ok {
                        diags.push(
                            Diag::error(
                                "baseline::config::each",
                                "`each` is only available in a resource or module that sets `for_each`",
                            )
                            .at(rf.span, "no for_each here"),
                        )
                    }
                }
                RefTarget::CountIndex => {
                    let ok = match owner {
                        Owner::Resource(r) | Owner::Postcondition(r) => r.count.is_some(),
                        Owner::Call(c) => c.count.is_some(),
                        Owner::Module => false,
                    };
                    if !ok {
                        diags.push(
                            Diag::error(
                                "baseline::config::count",
                                "`count.index` is only available in a resource or module that sets `count`",
                            )
                            .at(rf.span, "no count here"),
                        )
                    }
                }
                RefTarget::SelfObject if matches!(owner, Owner::Postcondition(_)) => {}
                RefTarget::SelfObject => diags.push(
                    Diag::error("baseline::config::self", "`self` can be used only in a resource's `postcondition`")
                        .at(rf.span, "`self` is not available here")
                        .help("refer to the resource by its address instead, e.g. `aws_iam_role.this.arn`"),
                ),
                RefTarget::Module(n) => match config.calls.get(n) {
                    None => diags.push(
                        Diag::error("baseline::config::undeclared", format!("there is no module named `{n}`"))
                            .at(rf.span, "undeclared module")
                            .maybe_help(did_you_mean(n, config.calls.keys().map(String::as_str))),
                    ),
                    Some(call) => {
                        let outputs = call.module.as_ref().map(|m| &m.outputs);
                        if let (Some((attr, aspan)), Some(outputs)) = (&rf.attr, outputs) {
                            // `module.x[0].y` indexes first: only a plain `module.x.y` names an output.
                            if call.count.is_none() && call.for_each.is_none() && !outputs.contains_key(attr) {
                                diags.push(
                                    Diag::error(
                                        "baseline::config::no_output",
                                        format!("module `{n}` has no output named `{attr}`"),
                                    )
                                    .at(aspan.or(rf.span), "unknown output")
                                    .maybe_help(did_you_mean(attr, outputs.keys().map(String::as_str))),
                                );
                            }
                        }
                    }
                },
                RefTarget::Object(a) => {
                    let abs = a.in_module(&steps);
                    if config.rejected.contains(&abs) {
                        // Its block was reported already: one diagnostic per cause.
                    } else if root.resource(&abs).is_none() {
                        diags.push(
                            Diag::error("baseline::config::undeclared", format!("`{a}` is not declared"))
                                .at(rf.span, "undeclared resource")
                                .maybe_help(did_you_mean(&a.to_string(), declared.iter().map(String::as_str))),
                        );
                    } else if matches!(owner, Owner::Resource(r) if r.addr == abs) {
                        diags.push(
                            Diag::error("baseline::config::self_reference", format!("`{a}` refers to itself"))
                                .at(rf.span, "self-reference"),
                        );
                    } else if let (Some((attr, aspan)), Some(schema)) = (&rf.attr, object_schema(a)) {
                        if schema.attr(attr).is_none() && schema.block(attr).is_none() {
                            diags.push(
                                Diag::error(
                                    "baseline::config::no_attribute",
                                    format!("`{}` has no attribute `{attr}`", a.type_name),
                                )
                                .at(aspan.or(rf.span), "unknown attribute")
                                .maybe_help(did_you_mean(attr, schema.names())),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
    check_declared_names(root, config, &declared, diags);
    check_exclusive_policies(config, diags);
}

/// A role that declares `inline_policy` blocks manages all of its inline policies, and one
/// that declares `managed_policy_arns` all of its attachments, so an `aws_iam_role_policy`
/// (an `aws_iam_role_policy_attachment`) for the same role is undone by it on every apply,
/// and the other way round, as in the provider: a warning naming both.
fn check_exclusive_policies(config: &Config, diags: &mut Diags) {
    let kinds = [
        (
            "aws_iam_role_policy",
            "declares `inline_policy` blocks, which manage all of its inline policies",
            "its `inline_policy` blocks, or `aws_iam_role_policy` resources",
        ),
        (
            "aws_iam_role_policy_attachment",
            "declares `managed_policy_arns`, which manages all of its attached policies",
            "its `managed_policy_arns`, or `aws_iam_role_policy_attachment` resources",
        ),
    ];
    for (other, what, choice) in kinds {
        let exclusive: Vec<&ResourceConfig> = config
            .resources
            .iter()
            .filter(|r| r.addr.type_name == "aws_iam_role")
            .filter(|r| match other {
                "aws_iam_role_policy" => r.blocks.get("inline_policy").is_some_and(|b| !b.is_empty()),
                _ => r.attrs.contains_key("managed_policy_arns"),
            })
            .collect();
        for p in config.resources.iter().filter(|r| r.addr.type_name == other) {
            let Some(role) = p.attrs.get("role") else { continue };
            for rf in role.references(&mut Diags::new()) {
                let RefTarget::Object(a) = &rf.target else { continue };
                let abs = a.in_module(&config.steps());
                if let Some(r) = exclusive.iter().find(|r| r.addr == abs) {
                    diags.push(
                        Diag::warning(
                            "baseline::config::exclusive_policies",
                            format!(
                                "`{}` {what}, and `{}` adds one to it: each apply undoes the other",
                                r.addr, p.addr
                            ),
                        )
                        .at(role.span, "the same role")
                        .help(format!("keep the role's policies in one place: {choice}")),
                    );
                }
            }
        }
    }
}

/// Each `module` block passes only variables its module declares, and every variable the
/// module requires (declared without a default).
fn check_calls(config: &Config, diags: &mut Diags) {
    for call in config.calls.values() {
        let Some(child) = &call.module else { continue };
        for (arg, e) in &call.args {
            if !child.variables.contains_key(arg) {
                diags.push(
                    Diag::error(
                        "baseline::config::module_argument",
                        format!("module `{}` has no variable named `{arg}`", call.name),
                    )
                    .at(e.span, "unknown argument")
                    .maybe_help(did_you_mean(arg, child.variables.keys().map(String::as_str))),
                );
            }
        }
        for v in child.variables.values() {
            if v.default.is_none() && !call.args.contains_key(&v.name) {
                diags.push(
                    Diag::error(
                        "baseline::config::module_argument",
                        format!("module `{}` needs a value for its variable `{}`", call.name, v.name),
                    )
                    .at(call.span, format!("missing `{}`", v.name)),
                );
            }
        }
        for child_name in call.providers.keys() {
            let alias = child_name.strip_prefix("aws.");
            if let Some(a) = alias.filter(|a| !child.terraform.configuration_aliases.iter().any(|x| x == a)) {
                diags.push(
                    Diag::warning(
                        "baseline::config::module_providers",
                        format!("module `{}` does not declare the provider alias `aws.{a}` it is passed", call.name),
                    )
                    .at(call.span, "unused provider")
                    .help(format!("declare it in the module: `required_providers {{ aws = {{ configuration_aliases = [aws.{a}] }} }}`")),
                );
            }
        }
    }
}

/// `depends_on`, `provider` and `ignore_changes` name things that exist.
fn check_declared_names(root: &Config, config: &Config, declared: &[String], diags: &mut Diags) {
    for r in &config.resources {
        for (a, span) in &r.depends_on {
            if root.resource(a).is_none() {
                diags.push(
                    Diag::error(
                        "baseline::config::undeclared",
                        format!("`depends_on` names `{a}`, which is not declared"),
                    )
                    .at(*span, "undeclared resource")
                    .maybe_help(did_you_mean(&a.to_string(), declared.iter().map(String::as_str))),
                );
            }
        }
        let alias_declared =
            r.provider.as_ref().is_none_or(|(a, _)| config.terraform.configuration_aliases.contains(a));
        if let (Err(msg), false, true) = (
            root.provider_alias(&config.path, r.provider.as_ref().map(|p| p.0.as_str())),
            config.path.is_empty(),
            alias_declared,
        ) {
            diags.push(
                Diag::error("baseline::config::module_providers", msg)
                    .at(r.provider.as_ref().and_then(|p| p.1).or(r.span), "provider not passed"),
            );
        }
        if let Some((alias, span)) = &r.provider {
            if !config.path.is_empty() {
                if !alias_declared {
                    diags.push(
                        Diag::error(
                            "baseline::config::undeclared",
                            format!("this module does not declare the provider alias `aws.{alias}`"),
                        )
                        .at(*span, "undeclared provider")
                        .help(format!("declare it: `terraform {{ required_providers {{ aws = {{ configuration_aliases = [aws.{alias}] }} }} }}`")),
                    );
                }
            } else if config.provider(Some(alias)).is_none() {
                diags.push(
                    Diag::error(
                        "baseline::config::undeclared",
                        format!("there is no provider \"aws\" with alias `{alias}`"),
                    )
                    .at(*span, "undeclared provider")
                    .help(format!("declare `provider \"aws\" {{ alias = \"{alias}\" }}`")),
                );
            }
        }
        if let Some(schema) = object_schema(&r.addr) {
            for ic in &r.lifecycle.ignore_changes {
                if ic != "*" && schema.attr(ic).is_none() && schema.block(ic).is_none() {
                    diags.push(
                        Diag::error(
                            "baseline::config::ignore_changes",
                            format!("`ignore_changes` names `{ic}`, which `{}` does not have", r.addr.type_name),
                        )
                        .at(r.span, "in this resource")
                        .maybe_help(did_you_mean(ic, schema.names())),
                    );
                }
            }
        }
    }
    for o in config.outputs.values() {
        for (a, span) in &o.depends_on {
            if root.resource(a).is_none() {
                diags.push(
                    Diag::error(
                        "baseline::config::undeclared",
                        format!("`depends_on` names `{a}`, which is not declared"),
                    )
                    .at(*span, "undeclared resource"),
                );
            }
        }
    }
}

/// `moved` and `removed` blocks name resources that are no longer declared.
fn check_moves(config: &Config, diags: &mut Diags) {
    for m in config.modules().into_iter().flat_map(|c| c.module_moves.iter()) {
        let names = |p: &[crate::addr::ModuleStep]| p.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        let (from, to) = (names(&m.from), names(&m.to));
        if from != to && config.module_at(&from).is_some() {
            let shown = crate::addr::module_path_string(&m.from);
            diags.push(
                Diag::error("baseline::config::moved", format!("`{shown}` is moved away, but it is still declared"))
                    .at(m.span, "the moved module still exists")
                    .help("remove or rename its `module` block, or remove this moved block"),
            );
        }
    }
    for m in config.all_moves() {
        // Moving `aws_x.y` to `aws_x.y[0]` (adding `count`) keeps the resource declared.
        if m.from.key.is_none() && m.to.config() != m.from && config.resource(&m.from).is_some() {
            diags.push(
                Diag::error("baseline::config::moved", format!("`{}` is moved away, but it is still declared", m.from))
                    .at(m.span, "the moved object still exists")
                    .help(format!("remove or rename the `{}` block, or remove this moved block", m.from)),
            );
        }
    }
    for r in config.all_removed() {
        if config.resource(&r.from).is_some() {
            diags.push(
                Diag::error(
                    "baseline::config::removed",
                    format!("`{}` is declared removed, but it is still declared", r.from),
                )
                .at(r.span, "the removed resource still exists")
                .help(format!("delete the `{}` block", r.from)),
            );
        }
    }
}

/// `import` blocks target declared, importable resources, with ids known before planning.
fn check_imports(config: &Config, diags: &mut Diags) {
    for i in &config.imports {
        if config.resource(&i.to.config()).is_none() {
            diags.push(
                Diag::error(
                    "baseline::config::undeclared",
                    format!("`import` targets `{}`, which is not declared", i.to),
                )
                .at(i.span, "undeclared resource")
                .help("declare the resource block the object should be managed by"),
            );
        } else if crate::resources::resource_type(&i.to.type_name).is_some_and(|rt| !rt.importable()) {
            diags.push(
                Diag::error("baseline::config::import", format!("`{}` objects cannot be imported", i.to.type_name))
                    .at(i.span, "not importable"),
            );
        }
        let mut quiet = Diags::new();
        if !references(&i.id.expr, i.id.file, &mut quiet)
            .iter()
            .all(|r| matches!(r.target, RefTarget::Var(_) | RefTarget::Local(_)))
        {
            diags.push(
                Diag::error("baseline::config::import", "an import `id` may use only variables and local values")
                    .at(i.id.span, "refers to a resource"),
            );
        }
    }
}
