//! Override files (`override.tf`, `*_override.tf`, and their `.tf.json` forms), merged over the
//! configuration as Terraform merges them: each block names an existing block (same type and
//! labels); the arguments it sets replace the original's, and the nested blocks of a type it
//! writes replace all of the original's blocks of that type. `lifecycle` merges argument by
//! argument, `locals` value by value, `required_providers` provider by provider.

use hcl_edit::structure::{Block, Body, Structure};

use super::decode::{decode_file, header_span};
use super::Config;
use crate::diag::{Diag, Diags, FileId};

/// Names of the arguments and of the nested block types written in `b`.
fn written(b: &Block) -> (Vec<String>, Vec<String>) {
    let mut attrs = Vec::new();
    let mut blocks = Vec::new();
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => attrs.push(a.key.as_str().to_string()),
            Structure::Block(nb) => blocks.push(nb.ident.as_str().to_string()),
        }
    }
    (attrs, blocks)
}

/// The nested block `name` of `b`, if written.
fn nested<'b>(b: &'b Block, name: &str) -> Option<&'b Block> {
    b.body.iter().find_map(|s| match s {
        Structure::Block(nb) if nb.ident.as_str() == name => Some(nb),
        _ => None,
    })
}

/// Merges one override file's body (file `file`) into `config`.
pub(super) fn merge(config: &mut Config, file: FileId, body: &Body, diags: &mut Diags) {
    for s in body.iter() {
        let Structure::Block(b) = s else {
            if let Structure::Attribute(a) = s {
                diags.push(
                    Diag::error("baseline::config::override", "an override file holds blocks only")
                        .at(super::decode::sp(file, &a.key), "not inside a block"),
                );
            }
            continue;
        };
        // The block decoded on its own; its own "missing argument" errors do not count, since
        // the original supplies what the override leaves out.
        let mut ov = Config { path: config.path.clone(), ..Config::default() };
        let mut d = Diags::new();
        decode_file(&mut ov, file, &Body::from(vec![Structure::Block(b.clone())]), &mut d);
        for x in d.0 {
            if x.code != "baseline::config::missing" {
                diags.push(x);
            }
        }
        let missing = |what: String| {
            Diag::error(
                "baseline::config::override",
                format!("the override names {what}, which no other file declares"),
            )
            .at(header_span(file, b), "nothing to override")
            .help("an override file changes blocks declared in the other files; declare the block there")
        };
        let (attrs, blocks) = written(b);
        match b.ident.as_str() {
            "resource" | "data" => {
                let Some(o) = ov.resources.pop() else { continue };
                let Some(base) = config.resources.iter_mut().find(|r| r.addr == o.addr) else {
                    diags.push(missing(format!("`{}`", o.addr)));
                    continue;
                };
                for name in &attrs {
                    match name.as_str() {
                        "count" => base.count = o.count.clone(),
                        "for_each" => base.for_each = o.for_each.clone(),
                        "depends_on" => base.depends_on = o.depends_on.clone(),
                        "provider" => base.provider = o.provider.clone(),
                        other => {
                            if let Some(e) = o.attrs.get(other) {
                                base.attrs.insert(other.to_string(), e.clone());
                            }
                        }
                    }
                }
                for name in &blocks {
                    if name == "lifecycle" {
                        let (lc_attrs, lc_blocks) = nested(b, "lifecycle").map(written).unwrap_or_default();
                        let (l, ol) = (&mut base.lifecycle, &o.lifecycle);
                        for a in lc_attrs {
                            match a.as_str() {
                                "prevent_destroy" => l.prevent_destroy = ol.prevent_destroy,
                                "create_before_destroy" => l.create_before_destroy = ol.create_before_destroy,
                                "ignore_changes" => l.ignore_changes = ol.ignore_changes.clone(),
                                "replace_triggered_by" => l.replace_triggered_by = ol.replace_triggered_by.clone(),
                                _ => {}
                            }
                        }
                        if lc_blocks.iter().any(|n| n == "precondition") {
                            l.preconditions = ol.preconditions.clone();
                        }
                        if lc_blocks.iter().any(|n| n == "postcondition") {
                            l.postconditions = ol.postconditions.clone();
                        }
                    } else if let Some(list) = o.blocks.get(name) {
                        base.blocks.insert(name.clone(), list.clone());
                    }
                }
            }
            "variable" => {
                let Some((name, o)) = ov.variables.pop_first() else { continue };
                let Some(base) = config.variables.get_mut(&name) else {
                    diags.push(missing(format!("variable `{name}`")));
                    continue;
                };
                for a in &attrs {
                    match a.as_str() {
                        "type" => base.ty = o.ty.clone(),
                        "default" => base.default = o.default.clone(),
                        "description" => base.description = o.description.clone(),
                        "sensitive" => base.sensitive = o.sensitive,
                        "nullable" => base.nullable = o.nullable,
                        "ephemeral" => base.ephemeral = o.ephemeral,
                        _ => {}
                    }
                }
                if blocks.iter().any(|n| n == "validation") {
                    base.validations = o.validations.clone();
                }
            }
            "output" => {
                let Some((name, o)) = ov.outputs.pop_first() else { continue };
                let Some(base) = config.outputs.get_mut(&name) else {
                    diags.push(missing(format!("output `{name}`")));
                    continue;
                };
                for a in &attrs {
                    match a.as_str() {
                        "value" => base.value = o.value.clone(),
                        "description" => base.description = o.description.clone(),
                        "sensitive" => base.sensitive = o.sensitive,
                        "depends_on" => base.depends_on = o.depends_on.clone(),
                        _ => {}
                    }
                }
                if blocks.iter().any(|n| n == "precondition") {
                    base.preconditions = o.preconditions.clone();
                }
            }
            "locals" => {
                for (name, l) in ov.locals {
                    match config.locals.get_mut(&name) {
                        Some(base) => *base = l,
                        None => diags.push(missing(format!("local value `{name}`"))),
                    }
                }
            }
            "module" => {
                let Some((name, o)) = ov.calls.pop_first() else { continue };
                let Some(base) = config.calls.get_mut(&name) else {
                    diags.push(missing(format!("module `{name}`")));
                    continue;
                };
                for a in &attrs {
                    match a.as_str() {
                        "source" => base.source = o.source.clone(),
                        "count" => base.count = o.count.clone(),
                        "for_each" => base.for_each = o.for_each.clone(),
                        "depends_on" => base.depends_on = o.depends_on.clone(),
                        "providers" => base.providers = o.providers.clone(),
                        "version" => {}
                        arg => {
                            if let Some(e) = o.args.get(arg) {
                                base.args.insert(arg.to_string(), e.clone());
                            }
                        }
                    }
                }
            }
            "provider" => {
                let Some(o) = ov.providers.pop() else { continue };
                let Some(base) = config.providers.iter_mut().find(|p| p.alias == o.alias) else {
                    diags.push(missing("this provider configuration".into()));
                    continue;
                };
                for a in &attrs {
                    match a.as_str() {
                        "region" => base.region = o.region.clone(),
                        "profile" => base.profile = o.profile.clone(),
                        _ => {}
                    }
                }
                if blocks.iter().any(|n| n == "assume_role") {
                    base.assume_role = o.assume_role.clone();
                }
                if blocks.iter().any(|n| n == "endpoints") {
                    base.endpoints = o.endpoints.clone();
                }
            }
            "terraform" => {
                let (t, o) = (&mut config.terraform, ov.terraform);
                if o.required_version.is_some() {
                    t.required_version = o.required_version;
                }
                t.required_providers.extend(o.required_providers);
                if o.backend.is_some() {
                    t.backend = o.backend;
                }
                t.configuration_aliases.extend(o.configuration_aliases);
            }
            other => diags.push(
                Diag::error("baseline::config::override", format!("`{other}` blocks cannot be overridden"))
                    .at(header_span(file, b), "not overridable")
                    .help("write this block in a primary file"),
            ),
        }
    }
}
