//! `provider "aws" { ... }` blocks: region, profile, `assume_role`, `endpoints`, the account
//! allow/deny lists, `default_tags` and `ignore_tags`; a deprecated `version` is a warning. Contract: another provider's block is
//! a warning and ignored; one configuration per alias (a second is reported and dropped).

use std::collections::BTreeMap;

use hcl_edit::structure::{Block, Structure};

use super::{expr, header_span, label_span, literal_string, unexpected_attr, unexpected_block, want_labels};
use crate::config::{Config, Expr, ProviderConfig};
use crate::diag::{Diag, Diags, FileId};

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
                _ => diags.push(unexpected_attr(
                    file,
                    a,
                    "the aws provider",
                    &["region", "alias", "profile", "allowed_account_ids", "forbidden_account_ids"],
                )),
            },
            Structure::Block(nb) => match nb.ident.as_str() {
                "assume_role" => p.assume_role = Some(string_args(file, nb, "assume_role", ASSUME_ROLE_ARGS, diags)),
                "endpoints" => p.endpoints = string_args(file, nb, "endpoints", ENDPOINTS, diags),
                "default_tags" => {
                    p.default_tags = string_args(file, nb, "default_tags", &["tags"], diags).remove("tags")
                }
                "ignore_tags" => p.ignore_tags = string_args(file, nb, "ignore_tags", &["keys", "key_prefixes"], diags),
                _ => diags.push(unexpected_block(
                    file,
                    nb,
                    "the aws provider",
                    &["assume_role", "endpoints", "default_tags", "ignore_tags"],
                )),
            },
        }
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

/// A block of `name = expr` arguments, each from `allowed`.
fn string_args(file: FileId, b: &Block, what: &str, allowed: &[&str], diags: &mut Diags) -> BTreeMap<String, Expr> {
    let mut out = BTreeMap::new();
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) if allowed.contains(&a.key.as_str()) => {
                out.insert(a.key.as_str().to_string(), expr(file, a));
            }
            Structure::Attribute(a) => diags.push(unexpected_attr(file, a, &format!("`{what}`"), allowed)),
            Structure::Block(nb) => diags.push(unexpected_block(file, nb, &format!("`{what}`"), &[])),
        }
    }
    out
}
