//! Decoding parsed HCL bodies into [`Config`] declarations, one file per block kind (as
//! Terraform's `internal/configs` is split), and the static checks of references.
//!
//! This file holds what every block kind shares: spans, literal and address helpers,
//! `condition` blocks, and the file-level dispatch [`decode_file`]. Contract of every decoder
//! (`fn KIND(config, file, block, diags)`): it reports each mistake with its own span and reads
//! on, so one mistake does not hide the next; it adds to `config` what it could read (a block
//! too broken to use, or a second declaration of a name, is reported and left out). Nothing
//! here evaluates expressions that depend on the cloud.

mod check;
mod locals;
mod module_call;
mod module_checks;
mod moved;
mod output;
mod provider;
mod resource;
mod schema_rules;
mod variable;

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Attribute, Block, Body, Structure};
use hcl_edit::Span as _;

use super::{Config, Expr, Validation};
use crate::addr::{Address, Mode};
use crate::diag::{did_you_mean, Diag, Diags, FileId, Span};
use crate::resources;
use crate::schema::Schema;

pub use module_checks::check_references;

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

/// The span of a parsed element in `file`.
pub(super) fn sp(file: FileId, x: &impl hcl_edit::Span) -> Option<Span> {
    x.span().map(|r| Span::new(file, r))
}

/// Span of a block's header: from its identifier to the end of its last label.
pub(super) fn header_span(file: FileId, b: &Block) -> Option<Span> {
    let start = b.ident.span()?.start;
    let end = b.labels.last().and_then(|l| l.span()).map(|r| r.end).unwrap_or(b.ident.span()?.end);
    Some(Span::new(file, start..end))
}

/// Span of the block's label `i`, or of its header when the label is missing.
pub(super) fn label_span(file: FileId, b: &Block, i: usize) -> Option<Span> {
    b.labels.get(i).and_then(|l| sp(file, l)).or_else(|| header_span(file, b))
}

/// The attribute's value as an [`Expr`], spanning the whole `name = value`.
pub(super) fn expr(file: FileId, a: &Attribute) -> Expr {
    Expr { expr: a.value.clone(), file, span: sp(file, a), scope: Vec::new() }
}

/// A literal string (or a template without references) from an attribute, or a diagnostic.
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

/// A literal `true`/`false` from an attribute, or a diagnostic (and `false`).
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

/// "`context` has no argument named ...", with the nearest name of `allowed` as help.
pub(super) fn unexpected_attr(file: FileId, a: &Attribute, context: &str, allowed: &[&str]) -> Diag {
    let name = a.key.as_str();
    Diag::error("baseline::config::unknown_argument", format!("{context} has no argument named `{name}`"))
        .at(sp(file, &a.key), "unknown argument")
        .maybe_help(did_you_mean(name, allowed.iter().copied()))
}

/// "`context` has no block named ...", with the nearest name of `allowed` as help.
pub(super) fn unexpected_block(file: FileId, b: &Block, context: &str, allowed: &[&str]) -> Diag {
    let name = b.ident.as_str();
    Diag::error("baseline::config::unknown_block", format!("{context} has no block named `{name}`"))
        .at(sp(file, &b.ident), "unknown block")
        .maybe_help(did_you_mean(name, allowed.iter().copied()))
}

/// True when `b` has `n` labels; otherwise reports it (`what` names the labels) and is false.
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
                "provider" => provider::provider(config, file, b, diags),
                "variable" => variable::variable(config, file, b, diags),
                "locals" => locals::locals(config, file, b, diags),
                "resource" => resource::resource(config, file, b, Mode::Managed, diags),
                "data" => resource::resource(config, file, b, Mode::Data, diags),
                "output" => output::output(config, file, b, diags),
                "import" => moved::import(config, file, b, diags),
                "moved" => moved::moved(config, file, b, diags),
                "module" => module_call::module_call(config, file, b, diags),
                "removed" => moved::removed(config, file, b, diags),
                "check" => check::check(config, file, b, diags),
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

/// `depends_on = [TYPE.NAME, data.TYPE.NAME, ...]`: the addresses, as written (relative).
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

/// The schema of a managed resource type (`Mode::Managed`) or of a data source type; `None`
/// for a type baseline does not know.
fn schema_of(mode: Mode, ty: &str) -> Option<&'static Schema> {
    let managed = match mode {
        Mode::Managed => resources::resource_type(ty).map(|r| r.schema()),
        Mode::Data => resources::data_source(ty).map(|r| r.schema()),
    };
    // Any type of the provider validates; `plan` refuses one baseline cannot manage only when
    // it has instances (`plan/expand.rs`). So does another provider's, unchecked.
    managed.or_else(|| crate::schema::catalogue::schema(mode, ty)).or_else(|| {
        static OPEN: Schema = Schema::OPEN;
        crate::schema::catalogue::other_provider(ty).map(|_| &OPEN)
    })
}
