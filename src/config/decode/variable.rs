//! `variable "NAME" { ... }` blocks: type constraint (Terraform 0.11's quoted types read, with
//! a warning), default, description, `sensitive`, `nullable`, `ephemeral` and `validation`
//! rules. Contract: a default is a constant (no references); one declaration per name.

use hcl_edit::structure::{Block, Structure};

use super::{
    condition_block, expr, header_span, literal_bool, literal_string, sp, unexpected_attr, unexpected_block,
    want_labels,
};
use crate::config::types::TypeConstraint;
use crate::config::{Config, Variable};
use crate::diag::{Diag, Diags, FileId};
use crate::lang::references;

/// Decodes one `variable` block into `config.variables`.
pub(super) fn variable(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    if !want_labels(file, b, 1, "the variable name", diags) {
        return;
    }
    let name = b.labels[0].as_str().to_string();
    let mut v = Variable {
        name: name.clone(),
        ty: TypeConstraint::Any,
        typed: false,
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
                    (Ok(t), _) => {
                        v.ty = t;
                        v.typed = true;
                    }
                    // Terraform 0.11's quoted types still appear in old modules: read them,
                    // and say how to write them today.
                    (Err(e), Some(t)) => {
                        v.ty = t;
                        v.typed = true;
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
