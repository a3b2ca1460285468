//! `check "NAME" { assert { ... } }` blocks. Contract: at least one `assert`; scoped `data`
//! blocks are reported as not supported yet.

use hcl_edit::structure::{Block, Structure};

use super::{condition_block, header_span, unexpected_attr, unexpected_block, want_labels};
use crate::config::{Check, Config};
use crate::diag::{Diag, Diags, FileId};

/// `check "NAME" { assert { ... } }`. Scoped `data` blocks are not supported yet.
pub(super) fn check(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
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
