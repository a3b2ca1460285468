//! The rules a type's schema declares between its arguments and other types' (see
//! `crate::schema::Deprecated` and `crate::schema::ManagedBy`), applied while decoding: a
//! deprecated argument read as another (by [`super::resource`]), and objects managed both
//! one by one and by their owner's argument (checked with the module, by
//! [`super::module_checks`]). No type is named here: each rule is the schema's.

use hcl_edit::expr::Expression;
use hcl_edit::structure::Attribute;

use super::{expr, schema_of, sp};
use crate::addr::Mode;
use crate::config::{Config, ResourceConfig};
use crate::diag::{Diag, Diags, FileId};
use crate::lang::RefTarget;
use crate::schema::{Deprecated, Schema};

/// The deprecated argument `key` of `schema`, if it is one.
pub(super) fn deprecated<'s>(schema: &'s Schema, key: &str) -> Option<&'s Deprecated> {
    schema.deprecated.iter().find(|d| d.name == key)
}

/// Reads deprecated argument `a` as its replacement, `becomes = a ? when_true : when_false`,
/// with a deprecation warning; setting both is an error, as in the provider. Called after the
/// block's other arguments are read.
pub(super) fn read_deprecated(file: FileId, a: &Attribute, d: &Deprecated, r: &mut ResourceConfig, diags: &mut Diags) {
    let Deprecated { name, becomes, when_true, when_false } = *d;
    diags.push(
        Diag::warning("baseline::config::deprecated", format!("`{name}` is deprecated: use `{becomes}`"))
            .at(sp(file, a), "deprecated argument")
            .help(format!(
                "write `{becomes} = \"{when_true}\"` or `{becomes} = \"{when_false}\"`; this is read as \
                 `{becomes} = {name} ? \"{when_true}\" : \"{when_false}\"`"
            )),
    );
    if let Some(set) = r.attrs.get(becomes) {
        diags.push(
            Diag::error("baseline::config::conflict", format!("`{name}` and `{becomes}` cannot both be set"))
                .at(set.span, format!("`{name}` is set too"))
                .help(format!("remove `{name}` (deprecated)")),
        );
        return;
    }
    let cond =
        hcl_edit::expr::Conditional::new(a.value.clone(), Expression::from(when_true), Expression::from(when_false));
    let mut e = expr(file, a);
    e.expr = Expression::Conditional(Box::new(cond));
    r.attrs.insert(becomes.into(), e);
}

/// A warning naming both sides wherever an object is managed one by one (a resource whose
/// schema declares `managed_by`) and by an owner's argument that manages them all (the
/// owner's `part` is set): each apply would undo the other, as in the provider.
pub(super) fn check_managed_by(config: &Config, diags: &mut Diags) {
    for p in &config.resources {
        let Some(schema) = schema_of(p.addr.mode, &p.addr.type_name) else { continue };
        for m in schema.managed_by {
            let Some(via) = p.attrs.get(m.via) else { continue };
            for rf in via.references(&mut Diags::new()) {
                let RefTarget::Object(a) = &rf.target else { continue };
                let abs = a.in_module(&config.steps());
                let manages = |r: &&ResourceConfig| {
                    r.addr == abs
                        && r.addr.mode == Mode::Managed
                        && r.addr.type_name == m.owner
                        && (r.attrs.contains_key(m.part) || r.blocks.get(m.part).is_some_and(|b| !b.is_empty()))
                };
                if let Some(owner) = config.resources.iter().find(manages) {
                    diags.push(
                        Diag::warning(
                            "baseline::config::exclusive_policies",
                            format!(
                                "`{}` {}, and `{}` adds one to it: each apply undoes the other",
                                owner.addr, m.what, p.addr
                            ),
                        )
                        .at(via.span, format!("the same {}", m.via))
                        .help(m.choice),
                    );
                }
            }
        }
    }
}
