//! `resource` and `data` blocks (they share one decoder, as in Terraform): the arguments and
//! nested blocks the type's schema declares, `dynamic` blocks, the meta-arguments
//! (`count`, `for_each`, `depends_on`, `provider`), `lifecycle` and `timeouts`. Contract: a
//! type baseline does not know is reported once and recorded in `config.rejected` (so its
//! references are not reported again); an argument or block the type does not have sets
//! `misspelt`; one block per address.

use std::collections::BTreeMap;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Structure};

use super::schema_rules;
use super::{
    absolute, condition_block, depends_on, expr, header_span, label_span, literal_bool, schema_of, sp,
    traversal_address, unexpected_attr, unexpected_block, want_labels,
};
use crate::addr::{Address, Mode};
use crate::config::{Config, Dynamic, Expr, Lifecycle, NestedBlock, ResourceConfig};
use crate::diag::{did_you_mean, Diag, Diags, FileId};
use crate::schema::{self, BlockType, Schema};

const META_ARGS: &[&str] = &["depends_on", "provider", "lifecycle", "count", "for_each"];

/// Any block of another provider's type: its content is not checked.
static OPEN_BLOCK: BlockType = BlockType::new("block", &[]).open();

/// A resource's `lifecycle` block: its settings and `precondition`/`postcondition` blocks.
fn lifecycle(file: FileId, b: &Block, diags: &mut Diags) -> Lifecycle {
    let mut l = Lifecycle::default();
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "prevent_destroy" => l.prevent_destroy = literal_bool(file, a, diags),
                "create_before_destroy" => l.create_before_destroy = literal_bool(file, a, diags),
                "ignore_changes" => match &a.value {
                    Expression::Variable(v) if v.as_str() == "all" => l.ignore_changes = vec!["*".into()],
                    Expression::Array(items) => {
                        for e in items.iter() {
                            match e {
                                Expression::Variable(v) => l.ignore_changes.push(v.as_str().to_string()),
                                Expression::String(s) => l.ignore_changes.push(s.value().clone()),
                                _ => diags.push(
                                    Diag::error(
                                        "baseline::config::ignore_changes",
                                        "each `ignore_changes` entry must be an attribute name",
                                    )
                                    .at(sp(file, e), "not an attribute name"),
                                ),
                            }
                        }
                    }
                    _ => diags.push(
                        Diag::error(
                            "baseline::config::ignore_changes",
                            "`ignore_changes` must be a list of attribute names or `all`",
                        )
                        .at(sp(file, &a.value), "not a list"),
                    ),
                },
                "replace_triggered_by" => match &a.value {
                    Expression::Array(items) => {
                        for e in items.iter() {
                            let Some(span) = sp(file, e) else { continue };
                            l.replace_triggered_by.push(Expr {
                                expr: e.clone(),
                                file,
                                span: Some(span),
                                scope: Vec::new(),
                            });
                        }
                    }
                    _ => diags.push(
                        Diag::error(
                            "baseline::config::replace_triggered_by",
                            "`replace_triggered_by` must be a list of resource references",
                        )
                        .at(sp(file, &a.value), "not a list"),
                    ),
                },
                _ => diags.push(unexpected_attr(
                    file,
                    a,
                    "lifecycle",
                    &["prevent_destroy", "create_before_destroy", "ignore_changes", "replace_triggered_by"],
                )),
            },
            Structure::Block(nb) if nb.ident.as_str() == "precondition" => {
                l.preconditions.extend(condition_block(file, nb, diags));
            }
            Structure::Block(nb) if nb.ident.as_str() == "postcondition" => {
                l.postconditions.extend(condition_block(file, nb, diags));
            }
            Structure::Block(nb) => diags.push(
                Diag::error(
                    "baseline::config::unsupported",
                    format!("lifecycle `{}` blocks are not supported", nb.ident.as_str()),
                )
                .at(sp(file, &nb.ident), "not supported"),
            ),
        }
    }
    l
}

/// Decodes one `resource` or `data` block into `config.resources`: the type's schema decides
/// which arguments and blocks it takes, and every mistake is reported with its own span.
pub(super) fn resource(config: &mut Config, file: FileId, b: &Block, mode: Mode, diags: &mut Diags) {
    if !want_labels(file, b, 2, "the type and the name", diags) {
        return;
    }
    let (ty, name) = (b.labels[0].as_str(), b.labels[1].as_str());
    let addr = Address { module: config.steps(), mode, type_name: ty.to_string(), name: name.to_string(), key: None };
    let Some(schema) = schema_of(mode, ty) else {
        reject_type(config, file, b, addr, diags);
        return;
    };
    let mut r = ResourceConfig {
        addr: addr.clone(),
        file,
        span: header_span(file, b),
        attrs: BTreeMap::new(),
        blocks: BTreeMap::new(),
        depends_on: vec![],
        lifecycle: Lifecycle::default(),
        provider: None,
        count: None,
        for_each: None,
        misspelt: false,
        timeouts: BTreeMap::new(),
    };
    // Read after the other arguments: the rule looks at what they set.
    let mut deprecated = Vec::new();
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) if schema_rules::deprecated(schema, a.key.as_str()).is_some() => deprecated.push(a),
            Structure::Attribute(a) => resource_arg(config, file, a, schema, &mut r, diags),
            Structure::Block(nb) => resource_block(file, nb, schema, &mut r, diags),
        }
    }
    for a in deprecated {
        if let Some(d) = schema_rules::deprecated(schema, a.key.as_str()) {
            schema_rules::read_deprecated(file, a, d, &mut r, diags);
        }
    }
    check_arguments(schema, &r, diags);
    if config.resource(&addr).is_some() {
        diags.push(
            Diag::error("baseline::config::duplicate", format!("`{addr}` is declared twice"))
                .at(r.span, "declared again here"),
        );
        return;
    }
    config.resources.push(r);
}

/// Reports a block whose type baseline does not know (naming the provider when the type is
/// another provider's), and records it in `config.rejected` so references to it are not
/// reported again: one diagnostic per cause.
fn reject_type(config: &mut Config, file: FileId, b: &Block, addr: Address, diags: &mut Diags) {
    let kind = if addr.mode == Mode::Managed { "resource" } else { "data source" };
    let catalogue = crate::schema::catalogue::catalogue();
    let known = match addr.mode {
        Mode::Managed => &catalogue.resources,
        Mode::Data => &catalogue.data,
    };
    let ty = addr.type_name.clone();
    config.rejected.push(addr);
    diags.push(
        Diag::error("baseline::config::unknown_type", format!("the AWS provider has no {kind} type `{ty}`"))
            .at(label_span(file, b, 0), "unknown type")
            .maybe_help(
                // Every name shares `aws_`, which would make any two look alike: compare the rest.
                did_you_mean(ty.trim_start_matches("aws_"), known.keys().map(|k| k.trim_start_matches("aws_")))
                    .map(|h| h.replacen('`', "`aws_", 1)),
            )
            .help_if_none(format!(
                "the {kind} types are those of the AWS provider 6.25 (its documentation lists them)"
            )),
    );
}

/// One argument of a resource block: a meta-argument (`depends_on`, `provider`, `count`,
/// `for_each`) or an argument of the type's schema (see [`schema_arg`]).
fn resource_arg(
    config: &Config,
    file: FileId,
    a: &Attribute,
    schema: &Schema,
    r: &mut ResourceConfig,
    diags: &mut Diags,
) {
    match a.key.as_str() {
        "depends_on" => r.depends_on = absolute(config, depends_on(file, a, diags)),
        // Another provider's configuration: not baseline's to check.
        "provider" if schema.open => {}
        "provider" => match &a.value {
            Expression::Variable(v) if v.as_str() == "aws" => {}
            e => match traversal_address(e) {
                Some(ad) if ad.type_name == "aws" => r.provider = Some((ad.name, sp(file, e))),
                _ => diags.push(
                    Diag::error("baseline::config::provider_ref", "`provider` must be `aws` or `aws.ALIAS`")
                        .at(sp(file, e), "not a provider reference"),
                ),
            },
        },
        "count" => r.count = Some(expr(file, a)),
        "for_each" => r.for_each = Some(expr(file, a)),
        _ => schema_arg(file, a, schema, r, diags),
    }
}

/// An argument the schema lets be configured goes into `r.attrs`; a read-only one, a block
/// written as an argument, or a name the type does not have is reported (the last marks the
/// block `misspelt`).
fn schema_arg(file: FileId, a: &Attribute, schema: &Schema, r: &mut ResourceConfig, diags: &mut Diags) {
    let key = a.key.as_str();
    if schema.open {
        r.attrs.insert(key.to_string(), expr(file, a));
        return;
    }
    match schema.attr(key) {
        // Computed from `tags` and the provider's `default_tags`, as in the provider.
        Some(at) if at.configurable() && key != "tags_all" => {
            r.attrs.insert(key.to_string(), expr(file, a));
        }
        Some(_) => diags.push(
            Diag::error("baseline::config::computed", format!("`{key}` is set by AWS and cannot be configured"))
                .at(sp(file, &a.key), "read-only attribute")
                .help(format!("read it instead as `{}.{key}`", r.addr)),
        ),
        None if schema.block(key).is_some() => diags.push(
            Diag::error("baseline::config::block_as_attr", format!("`{key}` is a block, not an argument"))
                .at(sp(file, &a.key), "write it as a block")
                .help(format!("write `{key} {{ ... }}`")),
        ),
        None => {
            r.misspelt = true;
            let allowed: Vec<&str> = schema
                .attrs
                .iter()
                .filter(|x| x.configurable())
                .map(|x| x.name)
                .chain(META_ARGS.iter().copied())
                .collect();
            diags.push(unexpected_attr(file, a, &format!("`{}`", r.addr.type_name), &allowed));
        }
    }
}

/// One nested block of a resource block: `lifecycle` (a data source's takes conditions
/// only), `dynamic`, `timeouts`, or a block type of the schema; anything else is reported
/// (and marks the block `misspelt`).
fn resource_block(file: FileId, nb: &Block, schema: &Schema, r: &mut ResourceConfig, diags: &mut Diags) {
    match nb.ident.as_str() {
        "lifecycle" => {
            r.lifecycle = lifecycle(file, nb, diags);
            let l = &r.lifecycle;
            let managed_only = l.prevent_destroy
                || l.create_before_destroy
                || !l.ignore_changes.is_empty()
                || !l.replace_triggered_by.is_empty();
            if r.addr.mode == Mode::Data && managed_only {
                diags.push(
                    Diag::error(
                        "baseline::config::lifecycle",
                        "a data source's `lifecycle` takes only `precondition` and `postcondition` blocks",
                    )
                    .at(sp(file, &nb.ident), "managed-resource settings"),
                );
            }
        }
        // `dynamic "timeouts"`: its values are known only once evaluated, so the plan checks
        // them (a written `timeouts` block is read below).
        "dynamic" if nb.labels.first().is_some_and(|l| l.as_str() == "timeouts") => {
            if let Some((bname, block)) = dynamic_block(file, nb, std::slice::from_ref(&schema::TIMEOUTS), diags) {
                r.blocks.entry(bname).or_default().push(block);
            }
        }
        // Another provider's type: not checked (it cannot be planned with instances).
        "dynamic" if schema.open => {}
        "dynamic" => {
            if let Some((bname, block)) = dynamic_block(file, nb, schema.blocks, diags) {
                r.blocks.entry(bname).or_default().push(block);
            }
        }
        // Accepted as Terraform does; baseline's operations end by themselves (types that
        // wait say what they wait for), so the limits are checked, not applied.
        "timeouts" => r.timeouts = check_timeouts(file, nb, diags),
        "provisioner" | "connection" => diags.push(
            Diag::error(
                "baseline::config::unsupported",
                format!("`{}` blocks are not supported by baseline", nb.ident.as_str()),
            )
            .at(sp(file, &nb.ident), "not supported"),
        ),
        bname if schema.open => {
            r.blocks.entry(bname.to_string()).or_default().push(nested_block(file, nb, &OPEN_BLOCK, diags))
        }
        bname => match schema.block(bname) {
            Some(bt) => push_nested(&mut r.blocks, file, nb, bt, diags),
            None => {
                let names: Vec<&str> = schema.blocks.iter().map(|b| b.name).chain(["lifecycle"]).collect();
                let mut d = unexpected_block(file, nb, &format!("`{}`", r.addr.type_name), &names);
                if schema.attr(bname).is_some() {
                    d = d.help(format!("`{bname}` is an argument: write `{bname} = ...`"));
                }
                r.misspelt = true;
                diags.push(d);
            }
        },
    }
}

/// Checks across a resource block's arguments, once all are read: not both `count` and
/// `for_each`, and every argument the schema requires.
fn check_arguments(schema: &Schema, r: &ResourceConfig, diags: &mut Diags) {
    if let (Some(_), Some(fe)) = (&r.count, &r.for_each) {
        diags.push(
            Diag::error("baseline::config::count_and_for_each", "a resource cannot have both `count` and `for_each`")
                .at(fe.span, "choose one"),
        );
    }
    for at in schema.attrs.iter().filter(|a| a.presence == crate::schema::Presence::Required) {
        if !r.attrs.contains_key(at.name) {
            diags.push(
                Diag::error(
                    "baseline::config::missing",
                    format!("`{}` is missing the required argument `{}`", r.addr, at.name),
                )
                .at(r.span, format!("needs `{}`", at.name)),
            );
        }
    }
}

/// Decodes `nb` against its block type `bt` into `blocks`; a block beyond the type's
/// `max_items` is reported at that block.
fn push_nested(
    blocks: &mut BTreeMap<String, Vec<NestedBlock>>,
    file: FileId,
    nb: &Block,
    bt: &BlockType,
    diags: &mut Diags,
) {
    let list = blocks.entry(bt.name.to_string()).or_default();
    list.push(nested_block(file, nb, bt, diags));
    if let Some(max) = bt.max_items.filter(|&max| list.len() > max) {
        diags.push(
            Diag::error("baseline::config::too_many", format!("at most {max} `{}` block(s) allowed", bt.name))
                .at(header_span(file, nb), "one too many"),
        );
    }
}

/// A `timeouts { create = "30m", update = "10m", delete = "1h" }` block: Go durations, by
/// operation.
fn check_timeouts(file: FileId, b: &Block, diags: &mut Diags) -> BTreeMap<String, std::time::Duration> {
    let mut out = BTreeMap::new();
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) if ["create", "read", "update", "delete"].contains(&a.key.as_str()) => {
                if let Expression::String(v) = &a.value {
                    if let Some(d) = crate::lang::functions::parse_std_duration(v.value()) {
                        out.insert(a.key.as_str().to_string(), d);
                    } else {
                        diags.push(
                            Diag::error("baseline::config::timeouts", format!("{:?} is not a duration", v.value()))
                                .at(sp(file, &a.value), "not a duration")
                                .help("write e.g. \"30s\", \"10m\" or \"1h30m\""),
                        );
                    }
                }
            }
            Structure::Attribute(a) => {
                diags.push(unexpected_attr(file, a, "`timeouts`", &["create", "read", "update", "delete"]))
            }
            Structure::Block(x) => diags.push(unexpected_block(file, x, "`timeouts`", &[])),
        }
    }
    out
}

/// Decodes one nested block (and, recursively, the blocks inside it) against its type.
fn nested_block(file: FileId, nb: &Block, bt: &BlockType, diags: &mut Diags) -> NestedBlock {
    let bname = bt.name;
    if !nb.labels.is_empty() {
        diags.push(
            Diag::error("baseline::config::labels", format!("a `{bname}` block takes no labels"))
                .at(header_span(file, nb), "unexpected label"),
        );
    }
    let mut out =
        NestedBlock { attrs: BTreeMap::new(), blocks: BTreeMap::new(), span: header_span(file, nb), dynamic: None };
    if bt.open {
        return out;
    }
    let names: Vec<&str> = bt.attrs.iter().map(|a| a.name).collect();
    let block_names: Vec<&str> = bt.blocks.iter().map(|b| b.name).collect();
    for s in nb.body.iter() {
        match s {
            Structure::Attribute(a) if bt.attrs.iter().any(|x| x.name == a.key.as_str()) => {
                out.attrs.insert(a.key.as_str().to_string(), expr(file, a));
            }
            Structure::Attribute(a) => diags.push(unexpected_attr(file, a, &format!("`{bname}`"), &names)),
            Structure::Block(x) if x.ident.as_str() == "dynamic" => {
                if let Some((name, block)) = dynamic_block(file, x, bt.blocks, diags) {
                    out.blocks.entry(name).or_default().push(block);
                }
            }
            Structure::Block(x) => match bt.blocks.iter().find(|b| b.name == x.ident.as_str()) {
                Some(inner) => push_nested(&mut out.blocks, file, x, inner, diags),
                None => diags.push(unexpected_block(file, x, &format!("`{bname}`"), &block_names)),
            },
        }
    }
    for at in bt.attrs.iter().filter(|a| a.presence == crate::schema::Presence::Required) {
        if !out.attrs.contains_key(at.name) {
            diags.push(
                Diag::error(
                    "baseline::config::missing",
                    format!("`{bname}` block is missing the required argument `{}`", at.name),
                )
                .at(header_span(file, nb), "incomplete block"),
            );
        }
    }
    for inner in bt.blocks.iter().filter(|b| b.min_items > 0) {
        if out.blocks.get(inner.name).map_or(0, Vec::len) < inner.min_items {
            diags.push(
                Diag::error("baseline::config::missing", format!("`{bname}` needs a `{}` block", inner.name))
                    .at(header_span(file, nb), "incomplete block"),
            );
        }
    }
    out
}

/// `dynamic "NAME" { for_each = ..., iterator = x, content { ... } }`: the block type it
/// generates and its content, decoded against that type, with the iterator bound.
fn dynamic_block(file: FileId, b: &Block, types: &[BlockType], diags: &mut Diags) -> Option<(String, NestedBlock)> {
    if !want_labels(file, b, 1, "the name of the block type to generate", diags) {
        return None;
    }
    let name = b.labels[0].as_str();
    let Some(bt) = types.iter().find(|t| t.name == name) else {
        let names: Vec<&str> = types.iter().map(|t| t.name).collect();
        diags.push(
            Diag::error("baseline::config::dynamic", format!("a `dynamic` block cannot generate `{name}` blocks here"))
                .at(label_span(file, b, 0), "not a block type of this resource")
                .maybe_help(did_you_mean(name, names.iter().copied()))
                .help_if_none(if names.is_empty() {
                    "this resource has no nested blocks".to_string()
                } else {
                    format!("block types here: {}", names.join(", "))
                }),
        );
        return None;
    };
    let mut for_each = None;
    let mut iterator = name.to_string();
    let mut content: Option<NestedBlock> = None;
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "for_each" => for_each = Some(expr(file, a)),
                "iterator" => match &a.value {
                    Expression::Variable(v) => iterator = v.as_str().to_string(),
                    e => diags.push(
                        Diag::error(
                            "baseline::config::dynamic",
                            "`iterator` must be a bare name, like `iterator = rule`",
                        )
                        .at(sp(file, e), "not a name"),
                    ),
                },
                "labels" => diags.push(
                    Diag::error("baseline::config::dynamic", format!("`{name}` blocks take no labels"))
                        .at(sp(file, &a.key), "remove `labels`"),
                ),
                _ => diags.push(unexpected_attr(file, a, "`dynamic`", &["for_each", "iterator"])),
            },
            Structure::Block(x) if x.ident.as_str() == "content" => {
                if content.is_some() {
                    diags.push(
                        Diag::error("baseline::config::dynamic", "a `dynamic` block has one `content` block")
                            .at(header_span(file, x), "second `content`"),
                    );
                    continue;
                }
                content = Some(nested_block(file, x, bt, diags));
            }
            Structure::Block(x) => diags.push(unexpected_block(file, x, "`dynamic`", &["content"])),
        }
    }
    let Some(for_each) = for_each else {
        diags.push(
            Diag::error("baseline::config::dynamic", "a `dynamic` block needs `for_each`")
                .at(header_span(file, b), "missing `for_each`"),
        );
        return None;
    };
    let Some(mut content) = content else {
        diags.push(
            Diag::error("baseline::config::dynamic", "a `dynamic` block needs a `content` block")
                .at(header_span(file, b), "missing `content`"),
        );
        return None;
    };
    content.bind(&iterator);
    content.span = header_span(file, b);
    content.dynamic = Some(Dynamic { for_each, iterator });
    Some((name.to_string(), content))
}
