//! Override files (`override.tf`, `*_override.tf`, and their `.tf.json` forms), merged over the
//! configuration as Terraform merges them: each block names an existing block (same type and
//! labels); the arguments it sets replace the original's, and the nested blocks of a type it
//! writes replace all of the original's blocks of that type. `lifecycle` merges argument by
//! argument, `locals` value by value, `required_providers` provider by provider.

use hcl_edit::structure::{Block, Body, Structure};

use super::decode::{decode_file, header_span};
use super::{Config, Lifecycle};
use crate::diag::{Diag, Diags, FileId};

/// What a block writes: the names of its arguments and the types of its nested blocks.
#[derive(Default)]
struct Written {
    attrs: Vec<String>,
    blocks: Vec<String>,
}

impl Written {
    /// What `b` writes, in file order.
    fn of(b: &Block) -> Written {
        let mut w = Written::default();
        for s in b.body.iter() {
            match s {
                Structure::Attribute(a) => w.attrs.push(a.key.as_str().to_string()),
                Structure::Block(nb) => w.blocks.push(nb.ident.as_str().to_string()),
            }
        }
        w
    }

    /// Whether a nested block of type `name` is written.
    fn has_block(&self, name: &str) -> bool {
        self.blocks.iter().any(|n| n == name)
    }
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
        let ov = decode_alone(config, file, b, diags);
        let w = Written::of(b);
        let not_declared = match b.ident.as_str() {
            "resource" | "data" => merge_resource(config, ov, b, &w),
            "variable" => merge_variable(config, ov, &w),
            "output" => merge_output(config, ov, &w),
            "locals" => merge_locals(config, ov),
            "module" => merge_module(config, ov, &w),
            "provider" => merge_provider(config, ov, &w),
            "terraform" => {
                merge_terraform(config, ov);
                Vec::new()
            }
            other => {
                diags.push(
                    Diag::error("baseline::config::override", format!("`{other}` blocks cannot be overridden"))
                        .at(header_span(file, b), "not overridable")
                        .help("write this block in a primary file"),
                );
                Vec::new()
            }
        };
        for what in not_declared {
            diags.push(
                Diag::error(
                    "baseline::config::override",
                    format!("the override names {what}, which no other file declares"),
                )
                .at(header_span(file, b), "nothing to override")
                .help("an override file changes blocks declared in the other files; declare the block there"),
            );
        }
    }
}

/// The override block `b` decoded on its own, as a configuration of its own in `config`'s
/// module. Its own "missing argument" errors do not count, since the original supplies what
/// the override leaves out; its other errors are reported.
fn decode_alone(config: &Config, file: FileId, b: &Block, diags: &mut Diags) -> Config {
    let mut ov = Config { path: config.path.clone(), ..Config::default() };
    let mut d = Diags::new();
    decode_file(&mut ov, file, &Body::from(vec![Structure::Block(b.clone())]), &mut d);
    for x in d.0 {
        if x.code != "baseline::config::missing" {
            diags.push(x);
        }
    }
    ov
}

// Each `merge_KIND` below merges the decoded override `ov` of one block kind into `config`,
// and returns what the override names that no other file declares (for the caller to report).

/// A `resource` or `data` block: its meta-arguments, arguments and nested block types as
/// written, and `lifecycle` argument by argument.
fn merge_resource(config: &mut Config, mut ov: Config, b: &Block, w: &Written) -> Vec<String> {
    let Some(o) = ov.resources.pop() else { return Vec::new() };
    let Some(base) = config.resources.iter_mut().find(|r| r.addr == o.addr) else {
        return vec![format!("`{}`", o.addr)];
    };
    for name in &w.attrs {
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
    for name in &w.blocks {
        if name == "lifecycle" {
            let lc = nested(b, "lifecycle").map(Written::of).unwrap_or_default();
            merge_lifecycle(&mut base.lifecycle, &o.lifecycle, &lc);
        } else if let Some(list) = o.blocks.get(name) {
            base.blocks.insert(name.clone(), list.clone());
        }
    }
    Vec::new()
}

/// The settings of the override's `lifecycle` (`lc`: what it writes) over the original's.
fn merge_lifecycle(l: &mut Lifecycle, ol: &Lifecycle, lc: &Written) {
    for a in &lc.attrs {
        match a.as_str() {
            "prevent_destroy" => l.prevent_destroy = ol.prevent_destroy,
            "create_before_destroy" => l.create_before_destroy = ol.create_before_destroy,
            "ignore_changes" => l.ignore_changes = ol.ignore_changes.clone(),
            "replace_triggered_by" => l.replace_triggered_by = ol.replace_triggered_by.clone(),
            _ => {}
        }
    }
    if lc.has_block("precondition") {
        l.preconditions = ol.preconditions.clone();
    }
    if lc.has_block("postcondition") {
        l.postconditions = ol.postconditions.clone();
    }
}

/// A `variable` block: the settings written; `validation` blocks replace all of the original's.
fn merge_variable(config: &mut Config, mut ov: Config, w: &Written) -> Vec<String> {
    let Some((name, o)) = ov.variables.pop_first() else { return Vec::new() };
    let Some(base) = config.variables.get_mut(&name) else {
        return vec![format!("variable `{name}`")];
    };
    for a in &w.attrs {
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
    if w.has_block("validation") {
        base.validations = o.validations.clone();
    }
    Vec::new()
}

/// An `output` block: the settings written; `precondition` blocks replace the original's.
fn merge_output(config: &mut Config, mut ov: Config, w: &Written) -> Vec<String> {
    let Some((name, o)) = ov.outputs.pop_first() else { return Vec::new() };
    let Some(base) = config.outputs.get_mut(&name) else {
        return vec![format!("output `{name}`")];
    };
    for a in &w.attrs {
        match a.as_str() {
            "value" => base.value = o.value.clone(),
            "description" => base.description = o.description.clone(),
            "sensitive" => base.sensitive = o.sensitive,
            "depends_on" => base.depends_on = o.depends_on.clone(),
            _ => {}
        }
    }
    if w.has_block("precondition") {
        base.preconditions = o.preconditions.clone();
    }
    Vec::new()
}

/// A `locals` block: value by value; each must be declared elsewhere.
fn merge_locals(config: &mut Config, ov: Config) -> Vec<String> {
    let mut not_declared = Vec::new();
    for (name, l) in ov.locals {
        match config.locals.get_mut(&name) {
            Some(base) => *base = l,
            None => not_declared.push(format!("local value `{name}`")),
        }
    }
    not_declared
}

/// A `module` block: its meta-arguments and the input variables written.
fn merge_module(config: &mut Config, mut ov: Config, w: &Written) -> Vec<String> {
    let Some((name, o)) = ov.calls.pop_first() else { return Vec::new() };
    let Some(base) = config.calls.get_mut(&name) else {
        return vec![format!("module `{name}`")];
    };
    for a in &w.attrs {
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
    Vec::new()
}

/// A `provider` block (the one with the same alias): `region`, `profile`, and the
/// `assume_role` and `endpoints` blocks written.
fn merge_provider(config: &mut Config, mut ov: Config, w: &Written) -> Vec<String> {
    let Some(o) = ov.providers.pop() else { return Vec::new() };
    let Some(base) = config.providers.iter_mut().find(|p| p.alias == o.alias) else {
        return vec!["this provider configuration".into()];
    };
    for a in &w.attrs {
        match a.as_str() {
            "region" => base.region = o.region.clone(),
            "profile" => base.profile = o.profile.clone(),
            _ => {}
        }
    }
    if w.has_block("assume_role") {
        base.assume_role = o.assume_role.clone();
    }
    if w.has_block("endpoints") {
        base.endpoints = o.endpoints.clone();
    }
    Vec::new()
}

/// A `terraform` block: the settings it gives; `required_providers` provider by provider.
fn merge_terraform(config: &mut Config, ov: Config) {
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
