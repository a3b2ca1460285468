//! `module "NAME" { source = "./dir", ... }` blocks: the source, meta-arguments (`count`,
//! `for_each`, `depends_on`, `providers`) and the input variables passed. Contract: the
//! called module itself is read by the loader (`load_children`), not here; one call per name.

use std::collections::BTreeMap;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Structure};

use super::{
    absolute, depends_on, expr, header_span, literal_string, sp, traversal_address, unexpected_block, want_labels,
};
use crate::config::{Config, ModuleCall};
use crate::diag::{Diag, Diags, FileId, Span};

/// `module "NAME" { source = "./dir", ... }`. Its source is read by the loader.
pub(super) fn module_call(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
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
