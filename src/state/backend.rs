//! Which store a configuration's state lives in: the `backend` block (with `--backend-config`
//! values over it, as `terraform init -backend-config` gives them), or the local file.

use std::path::Path;

use super::s3::S3Settings;
use crate::config::terraform::Backend;
use crate::diag::{Diag, Diags};
use crate::lang::{eval, NoReferences, Value};

/// The arguments of the `s3` backend baseline reads (others are refused, not ignored).
const S3_ARGS: &[&str] = &[
    "bucket",
    "key",
    "region",
    "encrypt",
    "kms_key_id",
    "use_lockfile",
    "use_path_style",
    "force_path_style",
    "workspace_key_prefix",
    "profile",
    "endpoints.s3",
    "endpoint",
    "assume_role.role_arn",
    "role_arn",
];

/// `--backend-config` values: `KEY=VALUE` pairs, or files of `key = value` lines.
pub fn overrides(items: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for item in items {
        let path = Path::new(item);
        if path.is_file() || !item.contains('=') {
            let text = std::fs::read_to_string(path).map_err(|e| format!("--backend-config {item}: {e}"))?;
            let body: hcl::Body = hcl::from_str(&text).map_err(|e| format!("--backend-config {item}: {e}"))?;
            for a in body.attributes() {
                let v = match a.expr() {
                    hcl::Expression::String(s) => s.clone(),
                    hcl::Expression::Bool(b) => b.to_string(),
                    hcl::Expression::Number(n) => n.to_string(),
                    other => {
                        return Err(format!("--backend-config {item}: `{}` must be a literal, not {other}", a.key()))
                    }
                };
                out.push((a.key().to_string(), v));
            }
        } else if let Some((k, v)) = item.split_once('=') {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    Ok(out)
}

/// The S3 settings of `backend` with `overrides` over its arguments. Mistakes are diagnostics
/// at the argument (or naming the `--backend-config` key).
pub fn s3_settings(backend: &Backend, overrides: &[(String, String)], diags: &mut Diags) -> S3Settings {
    let mut values: std::collections::BTreeMap<String, (String, Option<crate::diag::Span>)> = Default::default();
    for (k, e) in &backend.args {
        if !S3_ARGS.contains(&k.as_str()) {
            diags.push(
                Diag::error(
                    "baseline::state::backend",
                    format!("the s3 backend argument `{k}` is not supported by baseline"),
                )
                .at(e.span, "not supported")
                .help(format!("supported: {}", S3_ARGS.join(", "))),
            );
            continue;
        }
        // Backend settings cannot refer to anything, as in Terraform.
        let v = match eval(&e.expr, e.file, &NoReferences, diags) {
            Value::String(s) => s,
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            other => {
                diags.push(
                    Diag::error(
                        "baseline::state::backend",
                        format!("`{k}` must be a literal, got {}", other.type_name()),
                    )
                    .at(e.span, "not a literal"),
                );
                continue;
            }
        };
        values.insert(k.clone(), (v, e.span));
    }
    for (k, v) in overrides {
        if !S3_ARGS.contains(&k.as_str()) {
            diags.push(Diag::error(
                "baseline::state::backend",
                format!("--backend-config `{k}` is not an s3 backend argument baseline supports"),
            ));
            continue;
        }
        values.insert(k.clone(), (v.clone(), None));
    }
    let text = |k: &str| values.get(k).map(|(v, _)| v.clone()).filter(|v| !v.is_empty());
    let flag = |k: &str, diags: &mut Diags| match values.get(k) {
        None => false,
        Some((v, span)) => match v.as_str() {
            "true" => true,
            "false" => false,
            _ => {
                diags.push(
                    Diag::error("baseline::state::backend", format!("`{k}` must be true or false, got {v:?}"))
                        .at(*span, "not a bool"),
                );
                false
            }
        },
    };
    for required in ["bucket", "key"] {
        if text(required).is_none() {
            diags.push(
                Diag::error("baseline::state::backend", format!("the s3 backend needs `{required}`"))
                    .at(backend.span, "in this backend")
                    .help(format!("set it in the block or with --backend-config {required}=...")),
            );
        }
    }
    S3Settings {
        bucket: text("bucket").unwrap_or_default(),
        key: text("key").unwrap_or_default(),
        region: text("region"),
        encrypt: flag("encrypt", diags),
        kms_key_id: text("kms_key_id"),
        use_lockfile: flag("use_lockfile", diags),
        use_path_style: flag("use_path_style", diags) || flag("force_path_style", diags),
        workspace_key_prefix: text("workspace_key_prefix").unwrap_or_else(|| "env:".to_string()),
        profile: text("profile"),
        endpoint: text("endpoints.s3").or_else(|| text("endpoint")),
        role_arn: text("assume_role.role_arn").or_else(|| text("role_arn")),
    }
}
