//! The blocks that say where stored objects belong: `import` (adopt an object), `moved`
//! (between resources, or between module instances) and `removed` (forget or destroy).
//! Contract: addresses are made absolute in the module's path; each block is checked on its
//! own here (whether `from` is still declared is checked by [`super::module_checks`]).

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Attribute, Block, Structure};

use super::{expr, header_span, literal_bool, sp, traversal_instance, unexpected_attr, unexpected_block, want_labels};
use crate::addr::{Address, Mode};
use crate::config::{Config, Import, ModuleMoved, Moved, Removed};
use crate::diag::{Diag, Diags, FileId};

/// Decodes one `import` block (root module only) into `config.imports`.
pub(super) fn import(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
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

/// Decodes one `moved` block into `config.moves`, or `config.module_moves` between modules.
pub(super) fn moved(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
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

/// Decodes one `removed` block into `config.removed`.
pub(super) fn removed(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    want_labels(file, b, 0, "none", diags);
    let (mut from, mut destroy, mut module) = (None, true, None);
    for s in b.body.iter() {
        match s {
            // `module.NAME`: a whole module call.
            Structure::Attribute(a) if a.key.as_str() == "from" && module_endpoint(&a.value).is_some() => {
                let steps = module_endpoint(&a.value).unwrap_or_default();
                if steps.iter().any(|s| s.key.is_some()) {
                    diags.push(
                        Diag::error("baseline::config::removed", "`removed` takes a module call, not one instance")
                            .at(sp(file, &a.value), "instance key"),
                    );
                }
                let mut path: Vec<String> = config.steps().into_iter().map(|s| s.name).collect();
                path.extend(steps.into_iter().map(|s| s.name));
                module = Some(path);
            }
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
    if let Some(module) = module {
        config.removed.push(Removed { from: Address::managed("", ""), module: Some(module), destroy, span });
        return;
    }
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
    config.removed.push(Removed { from: from.in_module(&steps), module: None, destroy, span });
}
