//! Terraform's state file format, version 4: what `terraform.tfstate` and the S3 backend's
//! object hold. baseline reads and writes it, so a directory moves between Terraform and
//! baseline with no migration.
//!
//! The file groups instances under their resource (`module`, `mode`, `type`, `name`,
//! `provider`), each instance with its `index_key`, `schema_version`, `attributes` as the
//! provider stores them (a `dynamic` attribute as `{"value", "type"}`), its
//! `sensitive_attributes` paths, `private`, `dependencies`, `create_before_destroy`, and
//! deposed objects as instances with a `deposed` key. What baseline records beyond Terraform
//! (the account each provider configuration reached, whether it was the sandbox, its own
//! version) is in a top-level `baseline` object, which Terraform ignores and drops when it
//! writes; the resource's region is its `region` attribute, as the AWS provider 6 keeps it.
//!
//! Reading also takes baseline's own earlier format (version 1), converted on the next write
//! (the store keeps a backup of the file as it was), and Terraform's older formats (versions
//! 1–3), upgraded as Terraform 1.x upgrades them: flat attributes kept as `attributes_flat`
//! until something rewrites the object, legacy provider addresses in today's form, `depends_on`
//! dropped. `tests/tfstate.rs` holds this to Terraform's own round-trip fixtures.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};

use super::{AccountRecord, OutputState, ResourceState, State, TfInstance};
use crate::addr::{Address, InstanceKey, Mode, ModuleStep};

/// The version of Terraform's state format this module reads and writes.
pub const VERSION: u64 = 4;

/// baseline's own format before it wrote Terraform's (read, converted on the next write).
pub const LEGACY_VERSION: u64 = 1;

/// What a new state claims as `terraform_version`: Terraform refuses a state written by a
/// newer Terraform than itself, so a state baseline starts is one every Terraform 1.x reads.
/// A state read from Terraform keeps the version it had.
const NEW_TERRAFORM_VERSION: &str = "1.0.0";

/// The registry address of the AWS provider, as Terraform records it.
const AWS: &str = "registry.terraform.io/hashicorp/aws";

/// Why a file is not a state baseline can read.
#[derive(Debug)]
pub enum DecodeError {
    /// Not JSON, or not the shape of a state.
    Corrupt(serde_json::Error),
    /// A format version this baseline does not read.
    Version(u64),
}

fn corrupt(msg: impl std::fmt::Display) -> DecodeError {
    DecodeError::Corrupt(<serde_json::Error as serde::de::Error>::custom(msg))
}

/// Reads a state file (Terraform's version 4, or baseline's earlier version 1).
pub fn decode(bytes: &[u8]) -> Result<State, DecodeError> {
    let doc: Json = serde_json::from_slice(bytes).map_err(DecodeError::Corrupt)?;
    let version = doc.get("version").and_then(Json::as_u64).ok_or_else(|| corrupt("the state has no `version`"))?;
    match version {
        VERSION => decode_v4(doc),
        // Terraform 0.7–0.11 (versions 2 and 3, and a version 1 of Terraform's own, told from
        // baseline's by its `modules`): read as Terraform 0.12+ upgrades them.
        2 | 3 => decode_v3(doc),
        LEGACY_VERSION if doc.get("modules").is_some() => decode_v3(doc),
        LEGACY_VERSION => {
            let mut state: State = serde_json::from_value(doc).map_err(DecodeError::Corrupt)?;
            state.terraform_version = None;
            Ok(state)
        }
        other => Err(DecodeError::Version(other)),
    }
}

/// The bytes of `state` in Terraform's format: two-space indented JSON, resources in
/// Terraform's order, equal states giving equal bytes.
pub fn encode(state: &State) -> Result<Vec<u8>, serde_json::Error> {
    let mut doc = Map::new();
    doc.insert("version".into(), json!(VERSION));
    let tv = state.terraform_version.as_deref().unwrap_or(NEW_TERRAFORM_VERSION);
    doc.insert("terraform_version".into(), json!(tv));
    doc.insert("serial".into(), json!(state.serial));
    doc.insert("lineage".into(), json!(state.lineage));
    let outputs: Map<String, Json> = state.outputs.iter().map(|(k, o)| (k.clone(), encode_output(o))).collect();
    doc.insert("outputs".into(), Json::Object(outputs));
    doc.insert("resources".into(), Json::Array(encode_resources(state)));
    doc.insert("check_results".into(), state.check_results.clone());
    let mut mine = Map::new();
    mine.insert("version".into(), json!(state.baseline_version));
    if !state.accounts.is_empty() {
        mine.insert("accounts".into(), serde_json::to_value(&state.accounts)?);
    }
    // The region of each object whose attributes do not tell it (a global type's objects are
    // reached through their provider's region).
    let regions: Map<String, Json> = state
        .resources
        .iter()
        .filter(|r| region_of(&r.attributes) != r.region)
        .map(|r| (r.address.to_string(), json!(r.region)))
        .collect();
    if !regions.is_empty() {
        mine.insert("regions".into(), Json::Object(regions));
    }
    doc.insert("baseline".into(), Json::Object(mine));
    let mut bytes = serde_json::to_vec_pretty(&Json::Object(doc))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn encode_output(o: &OutputState) -> Json {
    let mut m = Map::new();
    let mut value = o.value.clone();
    crate::policy::sort_keys(&mut value);
    m.insert("value".into(), value);
    m.insert("type".into(), o.type_json());
    if o.sensitive {
        m.insert("sensitive".into(), json!(true));
    }
    Json::Object(m)
}

/// Instances grouped under their resource (one entry per module instance and resource), in
/// Terraform's order: by module, then mode, type and name.
fn encode_resources(state: &State) -> Vec<Json> {
    let mut groups: BTreeMap<(String, &str, &str, &str), Vec<&ResourceState>> = BTreeMap::new();
    for r in &state.resources {
        let mode = match r.mode {
            Mode::Managed => "managed",
            Mode::Data => "data",
        };
        let module = crate::addr::module_path_string(&r.address.module);
        groups.entry((module, mode, &r.type_name, &r.name)).or_default().push(r);
    }
    groups
        .into_iter()
        .map(|((module, mode, type_name, name), instances)| {
            let mut m = Map::new();
            if !module.is_empty() {
                m.insert("module".into(), json!(module));
            }
            m.insert("mode".into(), json!(mode));
            m.insert("type".into(), json!(type_name));
            m.insert("name".into(), json!(name));
            let first = instances[0];
            m.insert("provider".into(), json!(provider_address(first)));
            // The type's schema is looked up once per resource, not per instance.
            let ty = TypeInfo::of(type_name);
            let mut list = Vec::new();
            for r in instances {
                list.push(encode_instance(r, &r.attributes, None, &ty));
                for (i, d) in r.deposed.iter().enumerate() {
                    let key = r.terraform.deposed_keys.get(i).cloned().unwrap_or_else(|| deposed_key(d));
                    list.push(encode_instance(
                        r,
                        d,
                        Some((key, r.terraform.deposed_create_before_destroy.get(i))),
                        &ty,
                    ));
                }
            }
            m.insert("instances".into(), Json::Array(list));
            Json::Object(m)
        })
        .collect()
}

/// One instance object: the current one, or (`deposed`: its key and, when read, its own
/// `create_before_destroy`) a deposed one.
fn encode_instance(
    r: &ResourceState,
    attributes: &super::Obj,
    deposed: Option<(String, Option<&bool>)>,
    ty: &TypeInfo,
) -> Json {
    let t = &r.terraform;
    let cbd = deposed.as_ref().and_then(|(_, c)| c.copied()).unwrap_or(t.create_before_destroy);
    let deposed = deposed.map(|(k, _)| k);
    let mut m = Map::new();
    match &r.address.key {
        Some(InstanceKey::Index(i)) => {
            m.insert("index_key".into(), json!(i));
        }
        Some(InstanceKey::Key(k)) => {
            m.insert("index_key".into(), json!(k));
        }
        None => {}
    }
    if let Some(status) = t.status.as_ref().filter(|_| deposed.is_none()) {
        m.insert("status".into(), json!(status));
    }
    if let Some(key) = deposed.as_ref() {
        m.insert("deposed".into(), json!(key));
    }
    m.insert("schema_version".into(), json!(t.schema_version.unwrap_or(ty.version)));
    if deposed.is_none() && t.attributes_flat.as_ref() == Some(attributes) {
        // Not yet rewritten by a provider: still Terraform 0.11's flat map.
        let mut flat = Json::Object(attributes.clone());
        crate::policy::sort_keys(&mut flat);
        m.insert("attributes_flat".into(), flat);
    } else {
        // Sorted, as Go writes a map (and cty an object).
        let mut attributes = Json::Object(encode_attributes(&ty.dynamic, attributes));
        crate::policy::sort_keys(&mut attributes);
        m.insert("attributes".into(), attributes);
    }
    // The precise paths as read or planned, and each other sensitive attribute whole.
    let sensitive = match &t.sensitive_attributes {
        Some(whole @ Json::Array(raw)) => {
            let covered = sensitive_names(whole);
            let rest: Vec<String> = r.sensitive.iter().filter(|n| !covered.contains(n)).cloned().collect();
            let mut all = raw.clone();
            all.extend(sensitive_paths(&rest).as_array().cloned().unwrap_or_default());
            Json::Array(all)
        }
        _ => sensitive_paths(&r.sensitive),
    };
    m.insert("sensitive_attributes".into(), sensitive);
    if let Some(v) = t.identity_schema_version.or(t.identity.as_ref().map(|_| 0)) {
        m.insert("identity_schema_version".into(), json!(v));
    }
    if let Some(identity) = &t.identity {
        m.insert("identity".into(), identity.clone());
    }
    if let Some(p) = &t.private {
        m.insert("private".into(), json!(p));
    }
    if deposed.is_none() && !r.dependencies.is_empty() {
        let mut deps: Vec<String> = r.dependencies.iter().map(ToString::to_string).collect();
        deps.sort();
        deps.dedup();
        m.insert("dependencies".into(), json!(deps));
    }
    if cbd {
        m.insert("create_before_destroy".into(), json!(true));
    }
    Json::Object(m)
}

/// The attributes as the provider stores them: a `dynamic` attribute of a type baseline knows
/// is `{"value": V, "type": T}` in Terraform's state.
fn encode_attributes(dynamic: &[&str], attributes: &super::Obj) -> Map<String, Json> {
    attributes
        .iter()
        .map(|(k, v)| {
            if dynamic.contains(&k.as_str()) && !v.is_null() {
                (k.clone(), json!({ "value": v, "type": crate::render::json::implied_type(v) }))
            } else {
                (k.clone(), v.clone())
            }
        })
        .collect()
}

fn decode_attributes(dynamic: &[&str], mut attributes: Map<String, Json>) -> Map<String, Json> {
    for &name in dynamic {
        if let Some(Json::Object(wrapped)) = attributes.get(name) {
            if wrapped.len() == 2 && wrapped.contains_key("type") {
                if let Some(v) = wrapped.get("value").cloned() {
                    attributes.insert(name.to_string(), v);
                }
            }
        }
    }
    attributes
}

/// What the state's encoding needs of a resource type: its `dynamic`-typed attributes and the
/// provider's state schema version (none and 0 for a type baseline does not manage).
struct TypeInfo {
    dynamic: Vec<&'static str>,
    version: u64,
}

impl TypeInfo {
    fn of(type_name: &str) -> TypeInfo {
        let schema = crate::resources::resource_type(type_name).map(|rt| rt.schema());
        TypeInfo {
            dynamic: schema
                .map(|s| s.attrs.iter().filter(|a| a.ty == crate::schema::Ty::Dynamic).map(|a| a.name).collect())
                .unwrap_or_default(),
            version: schema.map_or(0, |s| s.version),
        }
    }
}

/// A deposed object's key when the state gave none: 8 hex digits, from the object itself so
/// equal states write equal bytes.
fn deposed_key(object: &super::Obj) -> String {
    let text = serde_json::to_string(object).unwrap_or_default();
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("{:08x}", hash as u32)
}

/// Terraform's absolute provider configuration address for the resource.
fn provider_address(r: &ResourceState) -> String {
    if let Some(raw) = &r.terraform.provider {
        return raw.clone();
    }
    match r.provider.as_str() {
        "aws" => format!("provider[{AWS:?}]"),
        p => match p.strip_prefix("aws.") {
            Some(alias) => format!("provider[{AWS:?}].{alias}"),
            None => p.to_string(),
        },
    }
}

/// baseline's provider name (`aws`, `aws.ALIAS`, or the address itself for another provider)
/// and whether Terraform's address says more than that name (a module's own provider
/// configuration, another registry), to be written back as it was.
fn provider_name(address: &str) -> (String, bool) {
    // `module.a.provider["…"].alias`: the configuration is the module's; the name is the same.
    let local = match address.find("provider[") {
        Some(i) => &address[i..],
        None => address,
    };
    let in_module = local.len() != address.len();
    let Some(inner) = local.strip_prefix("provider[\"") else { return (address.to_string(), false) };
    let Some(close) = inner.find("\"]") else { return (address.to_string(), false) };
    let source = &inner[..close];
    let alias = inner[close + 2..].strip_prefix('.');
    let is_aws = source.rsplit('/').next() == Some("aws") && source.contains("hashicorp/aws");
    if !is_aws {
        return (address.to_string(), false);
    }
    let name = alias.map_or_else(|| "aws".to_string(), |a| format!("aws.{a}"));
    (name, in_module || source != AWS)
}

fn decode_v4(doc: Json) -> Result<State, DecodeError> {
    let Json::Object(mut doc) = doc else { return Err(corrupt("the state is not a JSON object")) };
    let text = |doc: &Map<String, Json>, k: &str| doc.get(k).and_then(Json::as_str).map(str::to_string);
    let mut state = State::new();
    state.lineage = text(&doc, "lineage").unwrap_or_default();
    state.serial = doc.get("serial").and_then(Json::as_u64).unwrap_or(0);
    state.terraform_version = text(&doc, "terraform_version");
    state.check_results = doc.remove("check_results").unwrap_or(Json::Null);
    if let Some(Json::Object(mine)) = doc.get("baseline") {
        if let Some(v) = mine.get("version").and_then(Json::as_str) {
            state.baseline_version = v.to_string();
        }
        if let Some(a) = mine.get("accounts") {
            let accounts: BTreeMap<String, AccountRecord> =
                serde_json::from_value(a.clone()).map_err(DecodeError::Corrupt)?;
            state.accounts = accounts;
        }
    }
    let regions = match doc.get("baseline").and_then(|b| b.get("regions")) {
        Some(Json::Object(r)) => r.clone(),
        _ => Map::new(),
    };
    if let Some(Json::Object(outputs)) = doc.remove("outputs") {
        for (k, o) in outputs {
            let value = o.get("value").cloned().unwrap_or(Json::Null);
            let sensitive = o.get("sensitive").and_then(Json::as_bool).unwrap_or(false);
            state.outputs.insert(k, OutputState { value, ty: o.get("type").cloned(), sensitive });
        }
    }
    let resources = match doc.remove("resources") {
        Some(Json::Array(r)) => r,
        None | Some(Json::Null) => Vec::new(),
        Some(_) => return Err(corrupt("`resources` is not a list")),
    };
    for r in resources {
        for mut instance in decode_resource(r)? {
            if let Some(region) = regions.get(&instance.address.to_string()).and_then(Json::as_str) {
                instance.region = region.to_string();
            }
            if state.get(&instance.address).is_some() {
                return Err(corrupt(format!("the state lists `{}` twice", instance.address)));
            }
            state.put(instance);
        }
    }
    Ok(state)
}

/// The instances of one resource entry, deposed objects attached to their instance.
fn decode_resource(r: Json) -> Result<Vec<ResourceState>, DecodeError> {
    let Json::Object(mut r) = r else { return Err(corrupt("a resource is not a JSON object")) };
    let field = |r: &Map<String, Json>, k: &str| r.get(k).and_then(Json::as_str).map(str::to_string);
    let type_name = field(&r, "type").ok_or_else(|| corrupt("a resource has no `type`"))?;
    let name = field(&r, "name").ok_or_else(|| corrupt(format!("a resource of type {type_name} has no `name`")))?;
    let mode = match field(&r, "mode").as_deref() {
        Some("managed") | None => Mode::Managed,
        Some("data") => Mode::Data,
        Some(other) => return Err(corrupt(format!("resource mode {other:?} is neither managed nor data"))),
    };
    let module = match field(&r, "module") {
        Some(m) if !m.is_empty() => parse_module(&m).ok_or_else(|| corrupt(format!("bad module address {m:?}")))?,
        _ => Vec::new(),
    };
    // Terraform 0.12's legacy spelling (`provider.null`) as Terraform 1.x reads it.
    let raw_provider = legacy_provider(&field(&r, "provider").unwrap_or_default());
    let (provider, keep_raw) = provider_name(&raw_provider);
    let base = Address { module, mode, type_name: type_name.clone(), name: name.clone(), key: None };
    let instances = match r.remove("instances") {
        Some(Json::Array(i)) => i,
        _ => Vec::new(),
    };
    let ty = TypeInfo::of(&type_name);
    let mut out: Vec<ResourceState> = Vec::new();
    let mut deposed: Vec<(Option<InstanceKey>, String, super::Obj, bool)> = Vec::new();
    for i in instances {
        let Json::Object(mut i) = i else { return Err(corrupt(format!("an instance of {base} is not a JSON object"))) };
        let key = match i.get("index_key") {
            None | Some(Json::Null) => None,
            Some(Json::Number(n)) => Some(InstanceKey::Index(
                n.as_i64().ok_or_else(|| corrupt(format!("{base}: index_key {n} is not a whole number")))?,
            )),
            Some(Json::String(s)) => Some(InstanceKey::Key(s.clone())),
            Some(other) => return Err(corrupt(format!("{base}: index_key {other} is neither a number nor a string"))),
        };
        let (attributes, flat) = match (i.remove("attributes"), i.remove("attributes_flat")) {
            (Some(Json::Object(a)), _) => (decode_attributes(&ty.dynamic, a), None),
            // Terraform 0.11's flat map (`tags.%`, `tags.Name`), as an upgraded state keeps it.
            (_, Some(Json::Object(a))) => (a.clone(), Some(a)),
            _ => (Map::new(), None),
        };
        if let Some(d) = i.get("deposed").and_then(Json::as_str) {
            let cbd = i.get("create_before_destroy").and_then(Json::as_bool).unwrap_or(false);
            deposed.push((key, d.to_string(), attributes, cbd));
            continue;
        }
        let sensitive_raw = i.remove("sensitive_attributes").filter(|s| !s.is_null());
        let sensitive = sensitive_raw.as_ref().map(sensitive_names).unwrap_or_default();
        // Kept as read only when it says more than the attribute names do.
        let sensitive_raw = sensitive_raw.filter(|raw| *raw != sensitive_paths(&sensitive));
        // Only `dependencies`: Terraform 1.x ignores 0.11's `depends_on` (which may name
        // addresses no longer valid).
        let dependencies = match i.get("dependencies") {
            Some(Json::Array(d)) => d.iter().filter_map(Json::as_str).filter_map(Address::parse).collect(),
            _ => Vec::new(),
        };
        let region = region_of(&attributes);
        let address = base.instance(key);
        out.push(ResourceState {
            mode,
            type_name: type_name.clone(),
            name: name.clone(),
            provider: provider.clone(),
            region,
            attributes,
            dependencies,
            deposed: Vec::new(),
            sensitive,
            terraform: TfInstance {
                schema_version: i.get("schema_version").and_then(Json::as_u64).filter(|v| *v != ty.version),
                private: i.get("private").and_then(Json::as_str).map(str::to_string),
                status: i.get("status").and_then(Json::as_str).map(str::to_string),
                create_before_destroy: i.get("create_before_destroy").and_then(Json::as_bool).unwrap_or(false),
                sensitive_attributes: sensitive_raw,
                provider: keep_raw.then(|| raw_provider.clone()),
                identity: i.get("identity").cloned().filter(|v| !v.is_null()),
                identity_schema_version: i.get("identity_schema_version").and_then(Json::as_u64),
                deposed_keys: Vec::new(),
                deposed_create_before_destroy: Vec::new(),
                attributes_flat: flat,
            },
            address,
        });
    }
    for (key, dkey, object, cbd) in deposed {
        let address = base.instance(key);
        match out.iter_mut().find(|r| r.address == address) {
            Some(r) => {
                r.deposed.push(object);
                r.terraform.deposed_keys.push(dkey);
                r.terraform.deposed_create_before_destroy.push(cbd);
            }
            // A deposed object with no current one (its replacement's create failed): kept as
            // an instance holding nothing but the object still to delete.
            None => out.push(ResourceState {
                address,
                mode,
                type_name: type_name.clone(),
                name: name.clone(),
                provider: provider.clone(),
                region: region_of(&object),
                attributes: Map::new(),
                dependencies: Vec::new(),
                deposed: vec![object],
                sensitive: Vec::new(),
                terraform: TfInstance {
                    provider: keep_raw.then(|| raw_provider.clone()),
                    deposed_keys: vec![dkey],
                    deposed_create_before_destroy: vec![cbd],
                    create_before_destroy: cbd,
                    ..TfInstance::default()
                },
            }),
        }
    }
    Ok(out)
}

/// A state of Terraform 0.11 or older: `modules`, each with its `path` (`["root", "a"]` is
/// `module.a`) and `resources` keyed `TYPE.NAME`, `TYPE.NAME.N` (a `count` index) or `data.…`,
/// each object's attributes a flat map of strings (`tags.%`, `tags.Name`), as Terraform 0.12+
/// reads them before its first write. Written back in version 4.
fn decode_v3(doc: Json) -> Result<State, DecodeError> {
    let text = |k: &str| doc.get(k).and_then(Json::as_str).map(str::to_string);
    let mut state = State::new();
    // As Terraform's upgrade: a state that had no lineage has none.
    state.lineage = text("lineage").unwrap_or_default();
    state.serial = doc.get("serial").and_then(Json::as_u64).unwrap_or(0);
    state.terraform_version = text("terraform_version");
    let modules = doc.get("modules").and_then(Json::as_array).cloned().unwrap_or_default();
    for m in &modules {
        let path: Vec<String> = m
            .get("path")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .map(str::to_string)
            .collect();
        let module: Vec<ModuleStep> =
            path.iter().skip(1).map(|name| ModuleStep { name: name.clone(), key: None }).collect();
        if module.is_empty() {
            for (k, o) in m.get("outputs").and_then(Json::as_object).into_iter().flatten() {
                // Terraform 0.6 (version 1) kept an output as its string alone.
                let value = match o {
                    Json::String(_) => o.clone(),
                    _ => o.get("value").cloned().unwrap_or(Json::Null),
                };
                let sensitive = o.get("sensitive").and_then(Json::as_bool).unwrap_or(false);
                let ty = Some(simplified_type(&crate::render::json::implied_type(&value)));
                state.outputs.insert(k.clone(), OutputState { value, ty, sensitive });
            }
        }
        for (key, r) in m.get("resources").and_then(Json::as_object).into_iter().flatten() {
            let mut address =
                legacy_address(key).ok_or_else(|| corrupt(format!("bad resource key {key:?} in module {path:?}")))?;
            address.module = module.clone();
            let flat = |o: Option<&Json>| o.and_then(|p| p.get("attributes")).and_then(Json::as_object).cloned();
            let primary = r.get("primary");
            let attributes = flat(primary).unwrap_or_default();
            let deposed: Vec<super::Obj> =
                r.get("deposed").and_then(Json::as_array).into_iter().flatten().filter_map(|d| flat(Some(d))).collect();
            // A resource without a provider had its type's default one (`null_resource`: null).
            let implied = format!("provider.{}", address.type_name.split('_').next().unwrap_or_default());
            let raw_provider =
                r.get("provider").and_then(Json::as_str).filter(|p| !p.is_empty()).map_or(implied, str::to_string);
            let (provider, keep_raw) = provider_name(&legacy_provider(&raw_provider));
            // `depends_on` is dropped, as Terraform's upgrade drops it (the configuration
            // orders the next run).
            let dependencies = Vec::new();
            let tainted = primary.and_then(|p| p.get("tainted")).and_then(Json::as_bool).unwrap_or(false);
            let meta = primary.and_then(|p| p.get("meta")).and_then(Json::as_object).cloned().unwrap_or_default();
            let schema_version = match meta.get("schema_version") {
                Some(Json::String(v)) => v.parse().ok(),
                Some(Json::Number(n)) => n.as_u64(),
                _ => None,
            };
            // The rest of the SDK's `meta` becomes the provider's private data, as JSON.
            let private: Map<String, Json> =
                meta.into_iter().filter(|(k, _)| !(k == "schema_version" && schema_version.is_some())).collect();
            let private = (!private.is_empty()).then(|| {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD.encode(Json::Object(private).to_string())
            });
            let schema_version = schema_version.or(Some(0));
            let n = deposed.len();
            let flat_copy = attributes.clone();
            let instance = ResourceState {
                mode: address.mode,
                type_name: address.type_name.clone(),
                name: address.name.clone(),
                provider,
                region: region_of(&attributes),
                attributes,
                dependencies,
                deposed,
                sensitive: Vec::new(),
                terraform: TfInstance {
                    schema_version,
                    private,
                    status: tainted.then(|| "tainted".to_string()),
                    provider: keep_raw.then(|| legacy_provider(&raw_provider)),
                    deposed_keys: (0..n).map(|i| format!("{:08x}", i + 1)).collect(),
                    attributes_flat: Some(flat_copy),
                    ..TfInstance::default()
                },
                address,
            };
            if state.get(&instance.address).is_some() {
                return Err(corrupt(format!("the state lists `{}` twice", instance.address)));
            }
            state.put(instance);
        }
    }
    Ok(state)
}

/// A resource key of a version 3 state: `aws_x.y`, `aws_x.y.2`, `data.aws_x.y[.2]`.
fn legacy_address(key: &str) -> Option<Address> {
    let (data, rest) = match key.strip_prefix("data.") {
        Some(r) => (true, r),
        None => (false, key),
    };
    let parts: Vec<&str> = rest.split('.').collect();
    let (type_name, name, index) = match parts.as_slice() {
        [t, n] => (*t, *n, None),
        [t, n, i] => (*t, *n, Some(i.parse::<i64>().ok()?)),
        _ => return None,
    };
    let base = if data { Address::data(type_name, name) } else { Address::managed(type_name, name) };
    Some(base.instance(index.map(InstanceKey::Index)))
}

/// A legacy provider address (`provider.aws.east`, `module.a.provider.null`, as Terraform
/// 0.11 and 0.12 wrote them) in today's form, as Terraform reads it: the provider in the
/// legacy namespace (`registry.terraform.io/-/null`), `terraform` being the built-in one. The
/// AWS provider is `hashicorp/aws`, the one baseline is. Other addresses are returned as they are.
fn legacy_provider(raw: &str) -> String {
    let (module, local) = match raw.find("provider.") {
        Some(i) => (&raw[..i], &raw[i + "provider.".len()..]),
        None => return raw.to_string(),
    };
    // Read as a traversal, so spaces around the dots do not count (`provider. null`).
    let (name, alias) = local.split_once('.').map_or((local.trim(), None), |(n, a)| (n.trim(), Some(a.trim())));
    let source = match name {
        "aws" => AWS.to_string(),
        "terraform" => "terraform.io/builtin/terraform".to_string(),
        other => format!("registry.terraform.io/-/{other}"),
    };
    let mut out = format!("{module}provider[{source:?}]");
    if let Some(a) = alias {
        out.push('.');
        out.push_str(a);
    }
    out
}

/// The type Terraform's upgrade records for a version 3 output: the value's implied type, a
/// tuple of one element type made a list and an object of one attribute type a map, as
/// Terraform 0.11 had only those.
fn simplified_type(ty: &Json) -> Json {
    match ty {
        Json::Array(parts) if parts.len() == 2 && parts[0] == "tuple" => match parts[1].as_array() {
            Some(elems) if !elems.is_empty() && elems.iter().all(|e| *e == elems[0]) => {
                json!(["list", simplified_type(&elems[0])])
            }
            _ => ty.clone(),
        },
        Json::Array(parts) if parts.len() == 2 && parts[0] == "object" => match parts[1].as_object() {
            Some(attrs) if !attrs.is_empty() => {
                let mut types = attrs.values();
                let first = types.next().cloned().unwrap_or(Json::Null);
                if types.all(|t| *t == first) {
                    json!(["map", simplified_type(&first)])
                } else {
                    ty.clone()
                }
            }
            _ => ty.clone(),
        },
        _ => ty.clone(),
    }
}

/// `module.a["k"].module.b` as module steps.
fn parse_module(s: &str) -> Option<Vec<ModuleStep>> {
    Address::parse(&format!("{s}.x.y")).map(|a| a.module)
}

/// Terraform's `sensitive_attributes` for whole top-level attributes.
fn sensitive_paths(names: &[String]) -> Json {
    Json::Array(sorted(names).iter().map(|a| json!([{ "type": "get_attr", "value": a }])).collect())
}

fn sorted(names: &[String]) -> Vec<String> {
    let mut v = names.to_vec();
    v.sort();
    v.dedup();
    v
}

/// The top-level attribute names that `sensitive_attributes` paths start at.
fn sensitive_names(raw: &Json) -> Vec<String> {
    let mut names: Vec<String> = raw
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|path| {
            let step = path.as_array()?.first()?;
            (step.get("type")?.as_str()? == "get_attr").then(|| step.get("value")?.as_str().map(str::to_string))?
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The region an object is in: its `region` attribute (the AWS provider 6 records it on every
/// regional resource), else the region of its ARN; empty when neither says (the provider
/// configuration's region is used then).
fn region_of(attributes: &super::Obj) -> String {
    if let Some(r) = attributes.get("region").and_then(Json::as_str).filter(|r| !r.is_empty()) {
        return r.to_string();
    }
    let arn = attributes.get("arn").and_then(Json::as_str).unwrap_or("");
    arn.split(':').nth(3).unwrap_or("").to_string()
}
