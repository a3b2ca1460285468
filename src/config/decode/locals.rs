//! `locals { name = value ... }` blocks. Contract: only arguments; one declaration per name
//! across all `locals` blocks of the module.

use hcl_edit::structure::{Block, Structure};

use super::{expr, sp, want_labels};
use crate::config::{Config, Local};
use crate::diag::{Diag, Diags, FileId};

/// Decodes one `locals` block into `config.locals`.
pub(super) fn locals(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
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
