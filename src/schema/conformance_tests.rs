//! Every type baseline manages holds to the provider's schema (`catalogue`): each argument
//! and block the provider has is accepted with the provider's type, optionality and nesting,
//! each attribute it computes can be read, and baseline has nothing the provider lacks. A
//! deliberate difference is written in the type's schema (`Schema::differs`) with its reason;
//! one written there that is no longer a difference fails too, so the list stays true.
//!
//! Two things of the provider's schema are left out for every type: `id` (an SDK artefact
//! that is optional in every SDK v2 schema; baseline records it and never takes it from the
//! configuration) and `timeouts` (decoded for every type alike, see `config/decode/resource.rs`).

use super::catalogue::{catalogue, Body, Count, Flag, Kind};
use super::{Attr, BlockType, Presence, Schema, Ty};
use crate::addr::Mode;
use crate::resources::{DATA_SOURCES, RESOURCES};

/// The type syntaxes a `Ty` stands for (the provider's schema does not tell lists from sets).
fn accepts(ty: Ty, syntax: &str) -> bool {
    syntax == "any"
        || match ty {
            Ty::String => syntax == "string",
            Ty::Number => syntax == "number",
            Ty::Bool => syntax == "bool",
            Ty::StringList | Ty::StringSet => syntax == "list(string)",
            Ty::StringMap => syntax == "map(string)",
            Ty::StringSetMap => syntax == "map(list(string))",
            Ty::Dynamic => true,
        }
}

fn presence_matches(ours: Presence, flag: Flag) -> bool {
    match flag {
        Flag::Required => ours == Presence::Required,
        Flag::Optional => matches!(ours, Presence::Optional | Presence::OptionalComputed),
        Flag::Computed => true,
    }
}

fn flag_name(f: Flag) -> &'static str {
    match f {
        Flag::Required => "required",
        Flag::Optional => "optional",
        Flag::Computed => "computed",
    }
}

/// The differences between one body of ours (attributes and blocks) and the provider's, each
/// as (path, what differs).
fn compare(path: &str, attrs: &[Attr], blocks: &[BlockType], theirs: &Body, out: &mut Vec<(String, String)>) {
    let at = |name: &str| if path.is_empty() { name.to_string() } else { format!("{path}.{name}") };
    for item in &theirs.items {
        if path.is_empty() && (item.name == "id" || item.name == "timeouts") {
            continue;
        }
        let ours_attr = attrs.iter().find(|a| a.name == item.name);
        let ours_block = blocks.iter().find(|b| b.name == item.name);
        match (&item.kind, ours_attr, ours_block) {
            (Kind::Attr(syntax), Some(a), _) => {
                if !accepts(a.ty, syntax) {
                    out.push((at(item.name), format!("type {} here, {syntax} in the provider", a.ty.name())));
                }
                if item.flag != Flag::Computed && !a.configurable() {
                    out.push((at(item.name), format!("read-only here, {} in the provider", flag_name(item.flag))));
                } else if !presence_matches(a.presence, item.flag) {
                    out.push((
                        at(item.name),
                        format!("{:?} here, {} in the provider", a.presence, flag_name(item.flag)),
                    ));
                }
            }
            (Kind::Block { count, body }, _, Some(b)) => {
                let single = b.max_items == Some(1);
                if single != (*count == Count::One) {
                    out.push((at(item.name), format!("max_items {:?} here, {count:?} in the provider", b.max_items)));
                }
                if (b.min_items > 0) != (item.flag == Flag::Required) {
                    out.push((
                        at(item.name),
                        format!("min_items {} here, {} in the provider", b.min_items, flag_name(item.flag)),
                    ));
                }
                compare(&at(item.name), b.attrs, b.blocks, body, out);
            }
            (Kind::Object { .. } | Kind::AnyBlock, Some(a), _) if a.ty == Ty::Dynamic => {}
            (Kind::AnyBlock, _, Some(b)) if b.open => {}
            (Kind::Block { .. } | Kind::AnyBlock, Some(_), None) => {
                out.push((at(item.name), "an argument here, a block in the provider".into()))
            }
            (Kind::Attr(_), None, Some(_)) => {
                out.push((at(item.name), "a block here, an argument in the provider".into()))
            }
            (_, None, None) => {
                out.push((at(item.name), format!("missing here, {} in the provider", flag_name(item.flag))))
            }
            (_, _, _) => out.push((at(item.name), "another kind of value here than in the provider".into())),
        }
    }
    for a in attrs {
        if theirs.item(a.name).is_none() && !(path.is_empty() && a.name == "id") {
            out.push((at(a.name), "not in the provider's schema".into()));
        }
    }
    for b in blocks {
        if theirs.item(b.name).is_none() {
            out.push((at(b.name), "not in the provider's schema".into()));
        }
    }
}

/// Every difference of `schema` from the provider's that it does not declare, and every
/// declaration that is not a difference.
fn check(mode: Mode, name: &str, schema: &Schema) -> Vec<String> {
    let Some(theirs) = catalogue().get(mode, name) else {
        // A type of baseline's own says so, as a difference named `*`.
        if schema.differs.iter().any(|d| d.name == "*" && !d.why.trim().is_empty()) {
            return Vec::new();
        }
        return vec![format!("{name}: not a {} of the provider", kind(mode))];
    };
    let mut found = Vec::new();
    compare("", schema.attrs, schema.blocks, theirs, &mut found);
    // A deprecated argument is accepted (and read as another one).
    found.retain(|(path, _)| !schema.deprecated.iter().any(|d| d.name == path));
    let mut problems: Vec<String> = found
        .iter()
        .filter(|(path, _)| !schema.differs.iter().any(|d| d.name == path))
        .map(|(path, what)| format!("{} {name}.{path}: {what}", kind(mode)))
        .collect();
    for d in schema.differs {
        if !found.iter().any(|(path, _)| path == d.name) {
            problems.push(format!("{name}.{}: declared as differing ({}), but it does not", d.name, d.why));
        }
        if d.why.trim().is_empty() {
            problems.push(format!("{name}.{}: a difference needs its reason", d.name));
        }
    }
    problems
}

#[test]
fn every_supported_type_holds_to_the_provider_schema() {
    let mut problems = Vec::new();
    // `terraform_data` is Terraform's own, not the AWS provider's.
    for r in RESOURCES.iter().filter(|r| r.type_name().starts_with("aws_")) {
        problems.extend(check(Mode::Managed, r.type_name(), r.schema()));
    }
    for d in DATA_SOURCES {
        problems.extend(check(Mode::Data, d.type_name(), d.schema()));
    }
    assert!(
        problems.is_empty(),
        "{} differences from provider 6.25's schema:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_check_finds_each_kind_of_difference() {
    use super::catalogue::Item;
    let theirs = Body {
        items: vec![
            Item { name: "name", flag: Flag::Required, kind: Kind::Attr("string") },
            Item { name: "size", flag: Flag::Optional, kind: Kind::Attr("number") },
            Item { name: "arn", flag: Flag::Computed, kind: Kind::Attr("string") },
            Item {
                name: "rule",
                flag: Flag::Optional,
                kind: Kind::Block {
                    count: Count::One,
                    body: Body { items: vec![Item { name: "x", flag: Flag::Required, kind: Kind::Attr("bool") }] },
                },
            },
        ],
    };
    static RULE: &[Attr] = &[Attr::optional("x", Ty::Bool)];
    static BLOCKS: &[BlockType] = &[BlockType::new("rule", RULE)];
    let attrs =
        [Attr::optional("name", Ty::String), Attr::required("size", Ty::String), Attr::optional("extra", Ty::Bool)];
    let mut out = Vec::new();
    compare("", &attrs, BLOCKS, &theirs, &mut out);
    let paths: Vec<&str> = out.iter().map(|(p, _)| p.as_str()).collect();
    // name optional (required there), size a string and required, arn missing, rule not
    // single, rule.x optional, extra unknown to the provider.
    assert_eq!(paths, ["name", "size", "size", "arn", "rule", "rule.x", "extra"], "{out:?}");
}

fn kind(mode: Mode) -> &'static str {
    match mode {
        Mode::Managed => "resource",
        Mode::Data => "data source",
    }
}
