//! The `terraform` block, read as Terraform reads it: `required_version`, `required_providers`
//! (the AWS provider is what baseline implements; other providers are recorded so their
//! resources get a precise diagnostic), `backend` (recorded for the state store),
//! `experiments` (ignored, with a warning) and `cloud` (not supported).

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, Structure};

use super::decode::{expr, header_span, label_span, sp, unexpected_attr, unexpected_block, want_labels};
use super::{Config, Expr};
use crate::diag::{Diag, Diags, FileId, Span};

/// What the `terraform` blocks of a configuration say.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `required_version`: a constraint on Terraform's own version, which baseline records.
    pub required_version: Option<Expr>,
    /// `required_providers`: local name → source address (`hashicorp/aws`), where given.
    pub required_providers: BTreeMap<String, (Option<String>, Option<Span>)>,
    /// `backend "KIND" { ... }`.
    pub backend: Option<Backend>,
    /// `configuration_aliases = [aws.east]` of `aws` in `required_providers`: provider aliases a
    /// child module expects its caller to pass (`""` for a bare `aws`: the default
    /// configuration, passed explicitly).
    pub configuration_aliases: Vec<String>,
}

/// A `backend` block: its kind (`s3`, `local`, …) and arguments.
#[derive(Debug, Clone)]
pub struct Backend {
    pub kind: String,
    pub args: BTreeMap<String, Expr>,
    pub span: Option<Span>,
}

const ARGS: &[&str] = &["required_version", "experiments"];
const BLOCKS: &[&str] = &["required_providers", "backend", "cloud", "provider_meta"];

/// Decodes one `terraform` block into `config.terraform`.
pub(super) fn block(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "required_version" => config.terraform.required_version = Some(expr(file, a)),
                "experiments" => diags.push(
                    Diag::warning(
                        "baseline::terraform::experiments",
                        "`experiments` are Terraform's; baseline ignores them",
                    )
                    .at(sp(file, &a.key), "ignored"),
                ),
                _ => diags.push(unexpected_attr(file, a, "the terraform block", ARGS)),
            },
            Structure::Block(nb) => match nb.ident.as_str() {
                "required_providers" => required_providers(config, file, nb, diags),
                "backend" => backend(config, file, nb, diags),
                "provider_meta" => {}
                "cloud" => diags.push(
                    Diag::error("baseline::terraform::cloud", "HCP Terraform (`cloud` block) is not supported")
                        .at(header_span(file, nb), "not supported")
                        .help("keep the state with a `backend` block instead"),
                ),
                _ => diags.push(unexpected_block(file, nb, "the terraform block", BLOCKS)),
            },
        }
    }
}

/// `name = { source = "hashicorp/aws", version = "~> 6.0" }` (or the legacy `name = "6.0"`).
fn required_providers(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    for s in b.body.iter() {
        let Structure::Attribute(a) = s else {
            if let Structure::Block(nb) = s {
                diags.push(unexpected_block(file, nb, "required_providers", &[]));
            }
            continue;
        };
        let name = a.key.as_str().to_string();
        let source = match &a.value {
            Expression::Object(o) => o.iter().find_map(|(k, v)| {
                let key = match k {
                    ObjectKey::Ident(i) => i.as_str().to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                    _ => return None,
                };
                match (key.as_str(), v.expr()) {
                    ("source", Expression::String(s)) => Some(s.value().clone()),
                    _ => None,
                }
            }),
            _ => None,
        };
        let aws = source.as_deref().is_none_or(|s| s.trim_start_matches("registry.terraform.io/") == "hashicorp/aws");
        if name == "aws" && !aws {
            diags.push(
                Diag::error(
                    "baseline::terraform::provider_source",
                    format!(
                        "the `aws` provider comes from {:?}; baseline implements hashicorp/aws",
                        source.clone().unwrap_or_default()
                    ),
                )
                .at(sp(file, a), "another provider"),
            );
        }
        if let Expression::Object(o) = &a.value {
            for (k, v) in o.iter() {
                let is_aliases = matches!(k, ObjectKey::Ident(i) if i.as_str() == "configuration_aliases");
                let Expression::Array(items) = v.expr() else { continue };
                if !is_aliases {
                    continue;
                }
                for item in items.iter() {
                    match item {
                        // `[aws]`: the module takes its default configuration from its caller,
                        // which must pass it (`providers = { aws = ... }`), as Terraform reads it.
                        Expression::Variable(v) if v.as_str() == name => {
                            config.terraform.configuration_aliases.push(String::new());
                        }
                        Expression::Traversal(t) if matches!(&t.expr, Expression::Variable(v) if v.as_str() == name) => {
                            if let Some(hcl_edit::expr::TraversalOperator::GetAttr(alias)) =
                                t.operators.first().map(|o| o.value())
                            {
                                config.terraform.configuration_aliases.push(alias.as_str().to_string());
                            }
                        }
                        e => diags.push(
                            Diag::error(
                                "baseline::terraform::configuration_aliases",
                                format!("each configuration alias must be written `{name}` or `{name}.ALIAS`"),
                            )
                            .at(sp(file, e), "not a provider alias"),
                        ),
                    }
                }
            }
        }
        config.terraform.required_providers.insert(name, (source, sp(file, &a.key)));
    }
}

/// `backend "KIND" { ... }`: recorded for the state store (one per configuration).
fn backend(config: &mut Config, file: FileId, b: &Block, diags: &mut Diags) {
    if !want_labels(file, b, 1, "the backend type", diags) {
        return;
    }
    if let Some(first) = &config.terraform.backend {
        diags.push(
            Diag::error("baseline::terraform::backend", "a configuration has at most one backend")
                .at(header_span(file, b), "second backend")
                .help(format!("the first is the `{}` backend", first.kind)),
        );
        return;
    }
    let mut args = BTreeMap::new();
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) => {
                args.insert(a.key.as_str().to_string(), expr(file, a));
            }
            // Nested blocks (`assume_role { role_arn }`, `endpoints { s3 }`): dotted keys.
            Structure::Block(nb) => {
                for inner in nb.body.iter() {
                    if let Structure::Attribute(a) = inner {
                        args.insert(format!("{}.{}", nb.ident.as_str(), a.key.as_str()), expr(file, a));
                    }
                }
            }
        }
    }
    config.terraform.backend =
        Some(Backend { kind: b.labels[0].as_str().to_string(), args, span: label_span(file, b, 0) });
}
