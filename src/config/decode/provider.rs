//! `provider "aws" { ... }` blocks: region, profile, `assume_role`, `endpoints`, the account
//! allow/deny lists, `default_tags` and `ignore_tags`; a deprecated `version` is a warning. Contract: another provider's block is
//! a warning and ignored; one configuration per alias (a second is reported and dropped).

use std::collections::BTreeMap;

use hcl_edit::structure::{Block, Structure};

use super::{expr, header_span, label_span, literal_string, unexpected_attr, unexpected_block, want_labels};
use crate::config::{Config, Expr, ProviderConfig};
use crate::diag::{Diag, Diags, FileId};
use crate::schema::catalogue::{catalogue, Body, Kind};

/// Decodes one `provider` block into `config.providers`.
pub(super) fn provider(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    if !want_labels(file, b, 1, "the provider name", diags) {
        return;
    }
    let name = b.labels[0].as_str();
    if name != "aws" {
        // A configuration may configure other providers; only their resources are errors.
        diags.push(
            Diag::warning(
                "baseline::config::provider",
                format!("provider `{name}` is not supported; baseline manages AWS only and ignores this block"),
            )
            .at(label_span(file, b, 0), "ignored"),
        );
        return;
    }
    let mut p = ProviderConfig { span: header_span(file, b), ..ProviderConfig::default() };
    let schema = &catalogue().provider;
    // The provider's other arguments: accepted, as Terraform accepts them, and named in one
    // warning, since baseline does not act on them.
    let mut ignored: Vec<String> = Vec::new();
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "region" => p.region = Some(expr(file, a)),
                "profile" => p.profile = Some(expr(file, a)),
                "alias" => p.alias = literal_string(file, a, diags),
                "allowed_account_ids" => p.allowed_account_ids = Some(expr(file, a)),
                "forbidden_account_ids" => p.forbidden_account_ids = Some(expr(file, a)),
                // Terraform still reads it, with this warning; its constraint is not checked.
                "version" => diags.push(
                    Diag::warning(
                        "baseline::config::deprecated",
                        "version constraints inside provider configuration blocks are deprecated",
                    )
                    .at(super::sp(file, a), "deprecated argument")
                    .help(
                        "Terraform 0.13 and earlier allowed provider version constraints inside the provider \
                         configuration block; move the constraint into the `required_providers` block",
                    ),
                ),
                key if schema.item(key).is_some() => ignored.push(key.to_string()),
                _ => diags.push(unexpected_attr(file, a, "the aws provider", &names(schema, false))),
            },
            Structure::Block(nb) => {
                let mut args = |name: &str, allowed: &[&str]| {
                    let inner = match schema.item(name).map(|i| &i.kind) {
                        Some(Kind::Block { body, .. }) => Some(body),
                        _ => None,
                    };
                    string_args(file, nb, name, allowed, inner, &mut ignored, diags)
                };
                match nb.ident.as_str() {
                    "assume_role" => p.assume_role = Some(args("assume_role", ASSUME_ROLE_ARGS)),
                    "endpoints" => p.endpoints = args("endpoints", ENDPOINTS),
                    "default_tags" => p.default_tags = args("default_tags", &["tags"]).remove("tags"),
                    "ignore_tags" => p.ignore_tags = args("ignore_tags", &["keys", "key_prefixes"]),
                    name if schema.item(name).is_some() => ignored.push(name.to_string()),
                    _ => diags.push(unexpected_block(file, nb, "the aws provider", &names(schema, true))),
                }
            }
        }
    }
    if !ignored.is_empty() {
        let list = ignored.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        diags.push(
            Diag::warning("baseline::config::provider_ignored", format!("baseline ignores {list} of the aws provider"))
                .at(p.span, "in this provider")
                .help(
                    "these are arguments of the Terraform AWS provider that baseline does not act on; credentials \
                     come from the environment, `profile` or `assume_role`",
                ),
        );
    }
    if let Some(ar) = &p.assume_role {
        if !ar.contains_key("role_arn") {
            diags.push(
                Diag::error("baseline::config::missing", "`assume_role` needs a `role_arn`")
                    .at(p.span, "in this provider"),
            );
        }
    }
    if let Some(prev) = config.providers.iter().find(|x| x.alias == p.alias) {
        diags.push(
            Diag::error(
                "baseline::config::duplicate",
                match &p.alias {
                    Some(a) => format!("provider \"aws\" with alias `{a}` is declared twice"),
                    None => "the default provider \"aws\" (without alias) is declared twice".to_string(),
                },
            )
            .at(p.span, "declared again here")
            .maybe_help(prev.span.map(|_| "give one of them an `alias = \"...\"`".to_string())),
        );
        return;
    }
    config.providers.push(p);
}

const ASSUME_ROLE_ARGS: &[&str] = &["role_arn", "session_name", "external_id"];
/// Services whose endpoint the provider block may override.
pub const ENDPOINTS: &[&str] = &["iam", "events", "inspector", "inspector2", "sts", "sns", "organizations"];

/// The provider's arguments (or blocks), for a near-miss hint.
fn names(schema: &Body, blocks: bool) -> Vec<&'static str> {
    let is_block = |k: &Kind| matches!(k, Kind::Block { .. } | Kind::AnyBlock);
    schema.items.iter().filter(|i| is_block(&i.kind) == blocks).map(|i| i.name).collect()
}

/// A block of `name = expr` arguments, each from `allowed`; another of the provider's
/// (`schema`) is added to `ignored` as `what.name`.
fn string_args(
    file: FileId,
    b: &Block,
    what: &str,
    allowed: &[&str],
    schema: Option<&Body>,
    ignored: &mut Vec<String>,
    diags: &mut Diags,
) -> BTreeMap<String, Expr> {
    let mut out = BTreeMap::new();
    let known = |name: &str| schema.is_some_and(|s| s.item(name).is_some());
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) if allowed.contains(&a.key.as_str()) => {
                out.insert(a.key.as_str().to_string(), expr(file, a));
            }
            Structure::Attribute(a) if known(a.key.as_str()) => ignored.push(format!("{what}.{}", a.key.as_str())),
            Structure::Block(nb) if known(nb.ident.as_str()) => ignored.push(format!("{what}.{}", nb.ident.as_str())),
            Structure::Attribute(a) => {
                let all: Vec<&str> = match schema {
                    Some(s) => s.items.iter().map(|i| i.name).collect(),
                    None => allowed.to_vec(),
                };
                diags.push(unexpected_attr(file, a, &format!("`{what}`"), &all))
            }
            Structure::Block(nb) => diags.push(unexpected_block(file, nb, &format!("`{what}`"), &[])),
        }
    }
    out
}
