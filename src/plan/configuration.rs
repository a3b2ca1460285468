//! The configuration as Terraform's JSON plan format describes it (`configuration` of
//! `terraform show -json`): provider configs and each resource's expressions, either a
//! constant value or the references it is made from. Policy tools read this to see, for
//! example, that a role's trust policy refers to a variable.

use serde_json::{json, Map, Value as Json};

use crate::addr::Mode;
use crate::config::{Config, Expr};
use crate::diag::Diags;
use crate::lang::{eval, NoReferences, RefTarget};

/// `{"constant_value": ...}` for an expression without references, else `{"references": [...]}`
/// listing each reference with and without its attribute, as Terraform does.
fn expression(e: &Expr) -> Json {
    let mut quiet = Diags::new();
    let refs = e.references(&mut quiet);
    if refs.is_empty() {
        let v = eval(&e.expr, e.file, &NoReferences, &mut quiet);
        return json!({ "constant_value": v.to_json().unwrap_or(Json::Null) });
    }
    let mut out: Vec<String> = Vec::new();
    for r in refs {
        let base = r.target.to_string();
        if let (RefTarget::Object(_), Some((attr, _))) = (&r.target, &r.attr) {
            let full = format!("{base}.{attr}");
            if !out.contains(&full) {
                out.push(full);
            }
        }
        if !out.contains(&base) {
            out.push(base);
        }
    }
    json!({ "references": out })
}

/// A nested block's expressions, blocks inside it as arrays of the same.
fn block_expressions(b: &crate::config::NestedBlock) -> Json {
    let mut m: Map<String, Json> = b.attrs.iter().map(|(k, e)| (k.clone(), expression(e))).collect();
    for (name, items) in &b.blocks {
        m.insert(name.clone(), Json::Array(items.iter().map(block_expressions).collect()));
    }
    Json::Object(m)
}

/// The whole `configuration` object.
pub fn configuration_json(config: &Config) -> Json {
    let mut providers = Map::new();
    for p in &config.providers {
        let key = match &p.alias {
            Some(a) => format!("aws.{a}"),
            None => "aws".to_string(),
        };
        let mut expressions = Map::new();
        for (k, e) in [("region", &p.region), ("profile", &p.profile)] {
            if let Some(e) = e {
                expressions.insert(k.to_string(), expression(e));
            }
        }
        if let Some(ar) = &p.assume_role {
            let m: Map<String, Json> = ar.iter().map(|(k, e)| (k.clone(), expression(e))).collect();
            expressions.insert("assume_role".into(), Json::Array(vec![Json::Object(m)]));
        }
        let mut entry =
            json!({ "name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": expressions });
        if let Some(a) = &p.alias {
            entry["alias"] = Json::from(a.as_str());
        }
        providers.insert(key, entry);
    }
    json!({
        "provider_config": providers,
        "root_module": module_json(config),
    })
}

/// One module's resources, outputs, variables and `module_calls` (each with its module), in
/// Terraform's shape. Addresses are relative to the module, as Terraform writes them.
fn module_json(config: &Config) -> Json {
    let mut resources = Vec::new();
    for r in &config.resources {
        let mut expressions: Map<String, Json> = r.attrs.iter().map(|(k, e)| (k.clone(), expression(e))).collect();
        for (bname, items) in &r.blocks {
            expressions.insert(bname.clone(), Json::Array(items.iter().map(block_expressions).collect()));
        }
        let mut entry = json!({
            "address": crate::addr::Address { module: Vec::new(), ..r.addr.clone() }.to_string(),
            "mode": if r.addr.mode == Mode::Managed { "managed" } else { "data" },
            "type": r.addr.type_name,
            "name": r.addr.name,
            "provider_config_key": r.provider.as_ref().map(|(a, _)| format!("aws.{a}")).unwrap_or_else(|| "aws".into()),
            "expressions": expressions,
            "schema_version": 0,
        });
        if let Some(c) = &r.count {
            entry["count_expression"] = expression(c);
        }
        if let Some(f) = &r.for_each {
            entry["for_each_expression"] = expression(f);
        }
        if !r.depends_on.is_empty() {
            entry["depends_on"] = Json::from(r.depends_on.iter().map(|(a, _)| a.to_string()).collect::<Vec<_>>());
        }
        resources.push(entry);
    }
    let outputs: Map<String, Json> = config
        .outputs
        .values()
        .map(|o| {
            let mut e = json!({ "expression": expression(&o.value) });
            if o.sensitive {
                e["sensitive"] = Json::Bool(true);
            }
            (o.name.clone(), e)
        })
        .collect();
    let variables: Map<String, Json> = config
        .variables
        .values()
        .map(|v| {
            let mut e = Map::new();
            if let Some(d) = &v.default {
                let mut quiet = Diags::new();
                e.insert(
                    "default".into(),
                    eval(&d.expr, d.file, &NoReferences, &mut quiet).to_json().unwrap_or(Json::Null),
                );
            }
            if let Some(desc) = &v.description {
                e.insert("description".into(), Json::from(desc.as_str()));
            }
            if v.sensitive {
                e.insert("sensitive".into(), Json::Bool(true));
            }
            (v.name.clone(), Json::Object(e))
        })
        .collect();
    let mut calls = Map::new();
    for c in config.calls.values() {
        let expressions: Map<String, Json> = c.args.iter().map(|(k, e)| (k.clone(), expression(e))).collect();
        let mut entry = json!({ "source": c.source, "expressions": expressions });
        if let Some(e) = &c.count {
            entry["count_expression"] = expression(e);
        }
        if let Some(e) = &c.for_each {
            entry["for_each_expression"] = expression(e);
        }
        if !c.depends_on.is_empty() {
            entry["depends_on"] = Json::from(c.depends_on.iter().map(|(a, _)| a.to_string()).collect::<Vec<_>>());
        }
        if let Some(m) = &c.module {
            entry["module"] = module_json(m);
        }
        calls.insert(c.name.clone(), entry);
    }
    let mut out = json!({ "resources": resources, "outputs": outputs, "variables": variables });
    if !calls.is_empty() {
        out["module_calls"] = Json::Object(calls);
    }
    out
}
