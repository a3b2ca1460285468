//! `output "NAME" { ... }` blocks: value, description, `sensitive`, `depends_on` and
//! `precondition` blocks. Contract: an output without a `value` is reported and dropped; one
//! declaration per name; `depends_on` addresses are made absolute.

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Structure};

use super::{
    absolute, condition_block, depends_on, expr, header_span, literal_bool, literal_string, unexpected_attr,
    unexpected_block, want_labels,
};
use crate::config::{Config, Expr, Output};
use crate::diag::{Diag, Diags, FileId};

/// Decodes one `output` block into `config.outputs`.
pub(super) fn output(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
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
