//! `data "aws_iam_policy_document"`: an IAM policy built from blocks, computed offline (known
//! while planning), with the provider's output byte for byte: source documents merged first,
//! then the statements, then override documents (a statement with the `Sid` of an earlier one
//! replaces it); one value written as a string and several as a list in reverse lexical
//! order; principals and conditions grouped by type and test, several blocks of one type (or
//! test and variable) joined in the provider's set order (`set_order`), not as written; `&{`
//! written as `${`; no `Statement` when there is none; JSON indented by two spaces with Go's
//! HTML-safe escapes; the id the CRC-32 of that text.

use async_trait::async_trait;
use serde_json::Value as Json;

use super::{obj, Ctx, DataSource, Obj, ID};
use crate::cloud::{CloudError, CloudResult, ErrorKind};
use crate::schema::{self, Attr, BlockType, Default, Invalid, Schema, Ty};

data_source!(IamPolicyDocument = "aws_iam_policy_document");

/// Provider v6 takes letters and digits only (IAM's rule; a KMS key policy with spaces in a
/// Sid is written as JSON instead).
fn sid(v: &Json) -> Result<(), Invalid> {
    match v.as_str() {
        Some(s) if !s.chars().all(|c| c.is_ascii_alphanumeric()) => {
            Err(Invalid::new(format!("must only include alphanumeric characters, not {s:?}")))
        }
        _ => Ok(()),
    }
}

/// `source_json` and `override_json`: deprecated and not used by provider v6, which takes
/// only `""` (use `source_policy_documents` and `override_policy_documents`).
fn not_used(v: &Json) -> Result<(), Invalid> {
    match v.as_str() {
        Some(s) if !s.is_empty() => Err(Invalid::new(
            "no longer used: provider v6 takes only \"\"; put the document in `source_policy_documents` or `override_policy_documents`",
        )),
        _ => Ok(()),
    }
}

const PRINCIPAL: &[Attr] = &[Attr::required("type", Ty::String), Attr::required("identifiers", Ty::StringSet)];
const CONDITION: &[Attr] = &[
    Attr::required("test", Ty::String),
    Attr::required("variable", Ty::String),
    Attr::required("values", Ty::StringList),
];

fn effect(v: &Json) -> Result<(), Invalid> {
    schema::one_of(v, &["Allow", "Deny"])
}

fn version(v: &Json) -> Result<(), Invalid> {
    schema::one_of(v, &["2008-10-17", "2012-10-17"])
}

const STATEMENT: &[Attr] = &[
    Attr::optional("sid", Ty::String).validate(sid),
    Attr::optional("effect", Ty::String).default(Default::Str("Allow")).validate(effect),
    Attr::optional("actions", Ty::StringSet),
    Attr::optional("not_actions", Ty::StringSet),
    Attr::optional("resources", Ty::StringSet),
    Attr::optional("not_resources", Ty::StringSet),
];

static SCHEMA: Schema = Schema {
    attrs: &[
        ID,
        Attr::computed("json", Ty::String),
        Attr::computed("minified_json", Ty::String),
        Attr::optional("policy_id", Ty::String),
        Attr::optional("version", Ty::String).default(Default::Str("2012-10-17")).validate(version),
        Attr::optional("source_policy_documents", Ty::StringList),
        Attr::optional("override_policy_documents", Ty::StringList),
        Attr::optional("source_json", Ty::String).validate(not_used),
        Attr::optional("override_json", Ty::String).validate(not_used),
    ],
    blocks: &[BlockType::new("statement", STATEMENT).blocks(&[
        BlockType::new("principals", PRINCIPAL).set(),
        BlockType::new("not_principals", PRINCIPAL).set(),
        BlockType::new("condition", CONDITION).set(),
    ])],
    ..Schema::NONE
};

/// JSON with its object keys in the order written (Go's struct order), unlike `serde_json`'s.
#[derive(Debug, Clone, PartialEq)]
enum J {
    Null,
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

/// A statement as the provider models it.
#[derive(Debug, Clone, Default)]
struct Statement {
    sid: String,
    effect: String,
    /// `(key, value)` of Action, NotAction, Resource, NotResource, Principal, NotPrincipal,
    /// Condition, in that order, as present.
    parts: Vec<(&'static str, J)>,
}

/// One value as a string, several as a list in reverse lexical order (the provider's rule).
fn string_or_list(mut items: Vec<String>) -> J {
    if items.len() == 1 {
        return J::Str(items.remove(0));
    }
    items.sort();
    items.reverse();
    J::Arr(items.into_iter().map(J::Str).collect())
}

/// `&{aws:username}` is how a policy variable is written in HCL; the policy needs `${...}`.
fn vars(s: &str, version: &str) -> CloudResult<String> {
    if version == "2008-10-17" && s.contains("&{") {
        return Err(invalid(format!("found &{{ in {s:?}, which policy version 2008-10-17 does not support")));
    }
    Ok(s.replace("&{", "${"))
}

/// [`vars`] in a string or each string of a list, after the list is ordered (the provider
/// orders the identifiers and resources as written, `&{`, then replaces it).
fn with_vars(value: J, version: &str) -> CloudResult<J> {
    Ok(match value {
        J::Str(s) => J::Str(vars(&s, version)?),
        J::Arr(items) => J::Arr(items.into_iter().map(|x| with_vars(x, version)).collect::<Result<_, _>>()?),
        other => other,
    })
}

fn invalid(msg: String) -> CloudError {
    CloudError::new("baseline", "aws_iam_policy_document", ErrorKind::Invalid, "InvalidDocument", msg)
}

fn strings(v: Option<&Json>) -> Vec<String> {
    v.and_then(Json::as_array)
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// The elements of one of the provider's `schema.TypeSet`s in the order its `Set.List()` gives
/// them, which is the order the provider writes them in: by hash code, the CRC-32 of the
/// element's serialization as decimal text, compared as text (`sort.Strings`); elements with
/// one hash code are one element (the first is kept).
fn set_order<T>(items: impl IntoIterator<Item = T>, serialize: impl Fn(&T) -> String) -> Vec<T> {
    let mut by_code = std::collections::BTreeMap::new();
    for item in items {
        by_code.entry(crc32(serialize(&item).as_bytes()).to_string()).or_insert(item);
    }
    by_code.into_values().collect()
}

/// A set of strings (`actions`, `identifiers`, ...) in set order: the SDK's default hash of a
/// string element (`HashSchema`) serializes it followed by `;`.
fn string_set(v: Option<&Json>) -> Vec<String> {
    set_order(strings(v), |s| format!("{s};"))
}

/// How the SDK serializes a `principals` block to hash it (`SerializeResourceForHash`):
/// attributes by name, `identifiers` (a set, braces) then `type`, each value ended by `;`.
fn principal_hash_text((ty, ids): &(String, Vec<String>)) -> String {
    let ids: String = ids.iter().map(|i| format!("{i};")).collect();
    format!("identifiers:{{{ids}}};type:{ty};")
}

/// How the SDK serializes a `condition` block to hash it: `test`, `values` (a list,
/// parentheses), `variable`, each value ended by `;`.
fn condition_hash_text((test, variable, values): &(String, String, Vec<String>)) -> String {
    let values: String = values.iter().map(|v| format!("{v};")).collect();
    format!("test:{test};values:({values});variable:{variable};")
}

/// Principals grouped by type, types sorted (Go marshals a map sorted); the blocks of one type
/// joined in set order, each block's identifiers one string or a list in reverse lexical
/// order; `{"*": "*"}` alone is written `"*"`.
fn principals(blocks: &[Json], version: &str) -> CloudResult<J> {
    let blocks = set_order(
        blocks.iter().map(|b| {
            let ty = b.get("type").and_then(Json::as_str).unwrap_or_default().to_string();
            (ty, string_set(b.get("identifiers")))
        }),
        principal_hash_text,
    );
    if let [(ty, ids)] = blocks.as_slice() {
        if ty == "*" && ids == &["*"] {
            return Ok(J::Str("*".into()));
        }
    }
    let mut by_type: std::collections::BTreeMap<String, J> = std::collections::BTreeMap::new();
    for (ty, ids) in blocks {
        let value = with_vars(string_or_list(ids), version)?;
        let merged = match (by_type.remove(&ty), value) {
            (None, v) => v,
            (Some(J::Str(a)), J::Str(b)) => J::Arr(vec![J::Str(a), J::Str(b)]),
            (Some(J::Str(a)), J::Arr(b)) => J::Arr([vec![J::Str(a)], b].concat()),
            (Some(J::Arr(a)), J::Str(b)) => J::Arr([a, vec![J::Str(b)]].concat()),
            (Some(J::Arr(a)), J::Arr(b)) => J::Arr([a, b].concat()),
            (Some(other), _) => other,
        };
        by_type.insert(ty, merged);
    }
    Ok(J::Obj(by_type.into_iter().collect()))
}

/// Conditions grouped by test then variable (both sorted); the values of the blocks of one
/// test and variable joined in set order, each block's in the order written; a single value
/// written as a string.
fn conditions(blocks: &[Json], version: &str) -> CloudResult<J> {
    let blocks = set_order(
        blocks.iter().map(|b| {
            let field = |k: &str| b.get(k).and_then(Json::as_str).unwrap_or_default().to_string();
            (field("test"), field("variable"), strings(b.get("values")))
        }),
        condition_hash_text,
    );
    let mut by_test: std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<String>>> =
        std::collections::BTreeMap::new();
    for (test, var, values) in blocks {
        let values: Vec<String> = values.iter().map(|v| vars(v, version)).collect::<Result<_, _>>()?;
        by_test.entry(test).or_default().entry(var).or_default().extend(values);
    }
    Ok(J::Obj(
        by_test
            .into_iter()
            .map(|(test, vars)| {
                let inner = vars
                    .into_iter()
                    .map(|(var, mut values)| {
                        let v = if values.len() == 1 {
                            J::Str(values.remove(0))
                        } else {
                            J::Arr(values.into_iter().map(J::Str).collect())
                        };
                        (var, v)
                    })
                    .collect();
                (test, J::Obj(inner))
            })
            .collect(),
    ))
}

/// The statements of the configuration's `statement` blocks.
fn configured(blocks: &[Json], version: &str) -> CloudResult<Vec<Statement>> {
    let mut out = Vec::new();
    let mut sids = std::collections::BTreeSet::new();
    for b in blocks {
        let mut s = Statement {
            sid: b.get("sid").and_then(Json::as_str).unwrap_or_default().to_string(),
            effect: b.get("effect").and_then(Json::as_str).unwrap_or("Allow").to_string(),
            parts: Vec::new(),
        };
        if !s.sid.is_empty() && !sids.insert(s.sid.clone()) {
            return Err(invalid(format!("duplicate Sid ({}); remove the Sid or make it unique", s.sid)));
        }
        for (key, json_key) in [("actions", "Action"), ("not_actions", "NotAction")] {
            let items = string_set(b.get(key));
            if !items.is_empty() {
                s.parts.push((json_key, string_or_list(items)));
            }
        }
        for (key, json_key) in [("resources", "Resource"), ("not_resources", "NotResource")] {
            let items = string_set(b.get(key));
            if !items.is_empty() {
                s.parts.push((json_key, with_vars(string_or_list(items), version)?));
            }
        }
        for (key, json_key) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
            let list = b.get(key).and_then(Json::as_array).cloned().unwrap_or_default();
            if !list.is_empty() {
                s.parts.push((json_key, principals(&list, version)?));
            }
        }
        let conds = b.get("condition").and_then(Json::as_array).cloned().unwrap_or_default();
        if !conds.is_empty() {
            s.parts.push(("Condition", conditions(&conds, version)?));
        }
        out.push(s);
    }
    Ok(out)
}

/// A document given as JSON text (`source_policy_documents`, `override_policy_documents`),
/// read as the provider reads it: `Version`, `Id`, and each statement's parts in its order.
fn parse(text: &str) -> CloudResult<(String, String, Vec<Statement>)> {
    let doc: Json = serde_json::from_str(text).map_err(|e| invalid(format!("not a JSON policy: {e}")))?;
    let field = |k: &str| doc.get(k).and_then(Json::as_str).unwrap_or_default().to_string();
    let stmts = match doc.get("Statement") {
        Some(Json::Array(a)) => a.clone(),
        Some(one @ Json::Object(_)) => vec![one.clone()],
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for st in stmts {
        let mut s = Statement {
            sid: st.get("Sid").and_then(Json::as_str).unwrap_or_default().to_string(),
            effect: st.get("Effect").and_then(Json::as_str).unwrap_or_default().to_string(),
            parts: Vec::new(),
        };
        for key in ["Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"] {
            if let Some(v) = st.get(key) {
                let value = match key {
                    "Principal" | "NotPrincipal" => principals_read(v),
                    "Condition" => conditions_read(v),
                    _ => from_json(v),
                };
                s.parts.push((key, value));
            }
        }
        out.push(s);
    }
    Ok((field("Version"), field("Id"), out))
}

/// A parsed value re-emitted as the provider does after reading it: lists kept in order,
/// object keys sorted (Go writes a map's keys sorted).
fn from_json(v: &Json) -> J {
    match v {
        Json::String(s) => J::Str(s.clone()),
        Json::Array(a) => J::Arr(a.iter().map(from_json).collect()),
        Json::Object(m) => J::Obj(sorted(m).map(|(k, x)| (k.clone(), from_json(x))).collect()),
        Json::Null => J::Null,
        other => J::Str(other.to_string()),
    }
}

/// The members of `m` by key (the parser keeps the document's order).
fn sorted(m: &serde_json::Map<String, Json>) -> impl Iterator<Item = (&String, &Json)> {
    let mut members: Vec<(&String, &Json)> = m.iter().collect();
    members.sort_by(|a, b| a.0.cmp(b.0));
    members.into_iter()
}

/// A read document's principals as the provider writes them back: any string is `"*"`; in a
/// map (types sorted), a string stays a string and a list of identifiers is sorted in reverse
/// lexical order (it stays a list, even of one).
fn principals_read(v: &Json) -> J {
    let Json::Object(m) = v else { return J::Str("*".into()) };
    J::Obj(
        sorted(m)
            .map(|(ty, ids)| {
                let value = match ids {
                    Json::Array(a) => {
                        let mut ids: Vec<String> =
                            a.iter().map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string)).collect();
                        ids.sort();
                        ids.reverse();
                        J::Arr(ids.into_iter().map(J::Str).collect())
                    }
                    other => from_json(other),
                };
                (ty.clone(), value)
            })
            .collect(),
    )
}

/// A read document's conditions as the provider writes them back: tests and variables sorted,
/// a boolean as its string, and a list of one value as that value.
fn conditions_read(v: &Json) -> J {
    let Json::Object(tests) = v else { return from_json(v) };
    let value = |x: &Json| -> J {
        match x {
            Json::Bool(b) => J::Str(b.to_string()),
            Json::Array(a) if a.len() == 1 => from_json(&a[0]),
            other => from_json(other),
        }
    };
    J::Obj(
        sorted(tests)
            .map(|(test, vars)| match vars {
                Json::Object(vars) => {
                    (test.clone(), J::Obj(sorted(vars).map(|(k, x)| (k.clone(), value(x))).collect()))
                }
                other => (test.clone(), from_json(other)),
            })
            .collect(),
    )
}

/// The document: `Version`, `Id`, statements merged by Sid in order.
#[derive(Default)]
struct Doc {
    version: String,
    id: String,
    statements: Vec<Statement>,
}

impl Doc {
    /// Merges `other` over this document: its Id and newer Version win; a statement with the
    /// Sid of one already here replaces it, others are appended.
    fn merge(&mut self, version: String, id: String, statements: Vec<Statement>) {
        if !id.is_empty() {
            self.id = id;
        }
        if version > self.version {
            self.version = version;
        }
        for s in statements {
            match self.statements.iter_mut().find(|x| !s.sid.is_empty() && x.sid == s.sid) {
                Some(x) => *x = s,
                None => self.statements.push(s),
            }
        }
    }

    fn to_j(&self) -> J {
        let mut top = Vec::new();
        if !self.version.is_empty() {
            top.push(("Version".to_string(), J::Str(self.version.clone())));
        }
        if !self.id.is_empty() {
            top.push(("Id".to_string(), J::Str(self.id.clone())));
        }
        // No statement, no `Statement` (Go's `omitempty`).
        if !self.statements.is_empty() {
            let statements = J::Arr(
                self.statements
                    .iter()
                    .map(|s| {
                        // `Sid` and `Effect` only when set (provider v5 and later).
                        let mut m = Vec::new();
                        if !s.sid.is_empty() {
                            m.push(("Sid".to_string(), J::Str(s.sid.clone())));
                        }
                        if !s.effect.is_empty() {
                            m.push(("Effect".to_string(), J::Str(s.effect.clone())));
                        }
                        m.extend(s.parts.iter().map(|(k, v)| (k.to_string(), v.clone())));
                        J::Obj(m)
                    })
                    .collect(),
            );
            top.push(("Statement".to_string(), statements));
        }
        J::Obj(top)
    }
}

/// Writes `v` as Go's `json.MarshalIndent(v, "", "  ")` (indent `Some`) or `json.Marshal`.
fn write(v: &J, indent: Option<usize>, out: &mut String) {
    let nl = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    match v {
        J::Null => out.push_str("null"),
        J::Str(s) => crate::policy::go_string(s, out),
        J::Arr(items) if items.is_empty() => out.push_str("[]"),
        J::Obj(items) if items.is_empty() => out.push_str("{}"),
        J::Arr(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(d) = indent {
                    nl(out, d + 1);
                }
                write(x, indent.map(|d| d + 1), out);
            }
            if let Some(d) = indent {
                nl(out, d);
            }
            out.push(']');
        }
        J::Obj(items) => {
            out.push('{');
            for (i, (k, x)) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(d) = indent {
                    nl(out, d + 1);
                }
                crate::policy::go_string(k, out);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write(x, indent.map(|d| d + 1), out);
            }
            if let Some(d) = indent {
                nl(out, d);
            }
            out.push('}');
        }
    }
}

/// CRC-32 (IEEE), as the provider's id of the document.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// The document's `(json, minified_json, id)` for the arguments.
fn render(args: &Obj) -> CloudResult<(String, String, String)> {
    let version = args.get("version").and_then(Json::as_str).unwrap_or("2012-10-17").to_string();
    let mut doc = Doc::default();
    let mut sids = std::collections::BTreeSet::new();
    // Empty and null entries are skipped, as the provider skips them (a module's optional
    // document is often `""`).
    let documents = |key: &str| -> Vec<(usize, String)> {
        let listed = args.get(key).and_then(Json::as_array).cloned().unwrap_or_default();
        listed
            .iter()
            .enumerate()
            .filter_map(|(i, d)| Some((i, d.as_str().filter(|t| !t.is_empty())?.to_string())))
            .collect()
    };
    for (i, text) in documents("source_policy_documents") {
        let (v, id, stmts) = parse(&text).map_err(|e| invalid(format!("source document {i}: {}", e.message)))?;
        for s in stmts.iter().filter(|s| !s.sid.is_empty()) {
            if !sids.insert(s.sid.clone()) {
                return Err(invalid(format!(
                    "source document {i}: duplicate Sid ({}) in source_policy_documents",
                    s.sid
                )));
            }
        }
        doc.merge(v, id, stmts);
    }
    let blocks = args.get("statement").and_then(Json::as_array).cloned().unwrap_or_default();
    let own = configured(&blocks, &version)?;
    let policy_id = args.get("policy_id").and_then(Json::as_str).unwrap_or_default().to_string();
    doc.merge(version, policy_id, own);
    for (i, text) in documents("override_policy_documents") {
        let (v, id, stmts) = parse(&text).map_err(|e| invalid(format!("override document {i}: {}", e.message)))?;
        doc.merge(v, id, stmts);
    }
    let j = doc.to_j();
    let (mut pretty, mut minified) = (String::new(), String::new());
    write(&j, Some(0), &mut pretty);
    write(&j, None, &mut minified);
    let id = crc32(pretty.as_bytes()).to_string();
    Ok((pretty, minified, id))
}

#[async_trait]
impl DataSource for IamPolicyDocument {
    fn reads() -> Vec<String> {
        [
            "policy_id",
            "version",
            "source_policy_documents",
            "override_policy_documents",
            "statement.sid",
            "statement.effect",
            "statement.actions",
            "statement.not_actions",
            "statement.resources",
            "statement.not_resources",
            "statement.principals.type",
            "statement.principals.identifiers",
            "statement.not_principals.type",
            "statement.not_principals.identifiers",
            "statement.condition.test",
            "statement.condition.variable",
            "statement.condition.values",
        ]
        .map(String::from)
        .to_vec()
    }

    /// Computed offline: no call is made, so the document is known while planning.
    async fn read(&self, _ctx: &Ctx<'_>, args: &Obj) -> CloudResult<Obj> {
        let (json, minified, id) = render(args)?;
        let mut pairs =
            vec![("id", Json::from(id)), ("json", Json::from(json)), ("minified_json", Json::from(minified))];
        for k in ["policy_id", "version", "source_policy_documents", "override_policy_documents", "statement"] {
            if let Some(v) = args.get(k) {
                pairs.push((k, v.clone()));
            }
        }
        Ok(obj(&SCHEMA, pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(args: Json) -> (String, String, String) {
        render(args.as_object().expect("object")).expect("renders")
    }

    /// Provider v6's rules: a Sid of letters and digits only; `source_json` and
    /// `override_json` only empty (no longer used).
    #[test]
    fn a_sid_is_alphanumeric_and_the_old_json_arguments_are_empty() {
        assert!(sid(&json!("EnableIAMUserPermissions")).is_ok());
        let e = sid(&json!("Enable IAM User Permissions")).expect_err("spaces");
        assert!(e.message.contains("alphanumeric"), "{}", e.message);
        assert!(not_used(&json!("")).is_ok());
        assert!(not_used(&json!("{}")).is_err());
    }

    #[test]
    fn a_trust_policy_reads_as_the_provider_writes_it() {
        let (pretty, minified, id) = doc(json!({
            "statement": [{
                "actions": ["sts:AssumeRole"],
                "principals": [{ "type": "Service", "identifiers": ["events.amazonaws.com"] }],
            }]
        }));
        let want = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"sts:AssumeRole\",\n      \"Principal\": {\n        \"Service\": \"events.amazonaws.com\"\n      }\n    }\n  ]\n}";
        assert_eq!(pretty, want);
        assert_eq!(
            minified,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"events.amazonaws.com"}}]}"#
        );
        assert_eq!(id, crc32(want.as_bytes()).to_string());
    }

    /// A source document is read and written back as the provider does (provider v6): its
    /// principal identifier lists in reverse order (a list of one stays a list), a string
    /// principal as `"*"`, a one-value condition list and a boolean as a string, no empty
    /// `Sid`; empty source and override documents are skipped.
    #[test]
    fn source_documents_are_written_back_as_the_provider_writes_them() {
        let source = r#"{"Version":"2012-10-17","Statement":[
            {"Sid":"","Effect":"Allow","Action":"s3:GetObject","Resource":"*",
             "Principal":{"AWS":["arn:aws:iam::111111111111:root","arn:aws:iam::222222222222:root"],"Service":["a.amazonaws.com"]},
             "Condition":{"StringEquals":{"aws:SourceAccount":["111111111111"]},"Bool":{"aws:SecureTransport":true}}},
            {"Effect":"Deny","Action":"s3:*","Resource":"*","NotPrincipal":"anyone"}]}"#;
        let (_, minified, _) =
            doc(json!({ "source_policy_documents": ["", source], "override_policy_documents": [""] }));
        assert_eq!(
            minified,
            concat!(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","#,
                r#""Principal":{"AWS":["arn:aws:iam::222222222222:root","arn:aws:iam::111111111111:root"],"Service":["a.amazonaws.com"]},"#,
                r#""Condition":{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"aws:SourceAccount":"111111111111"}}},"#,
                r#"{"Effect":"Deny","Action":"s3:*","Resource":"*","NotPrincipal":"*"}]}"#
            )
        );
    }

    #[test]
    fn several_values_are_reverse_sorted_lists_and_conditions_group() {
        let (_, minified, _) = doc(json!({
            "policy_id": "p1",
            "statement": [{
                "sid": "A1",
                "effect": "Deny",
                "actions": ["s3:GetObject", "s3:ListBucket", "s3:PutObject"],
                "resources": ["arn:aws:s3:::b/&{aws:username}/*", "arn:aws:s3:::b"],
                "condition": [
                    { "test": "StringEquals", "variable": "aws:PrincipalOrgID", "values": ["o-1"] },
                    { "test": "Bool", "variable": "aws:SecureTransport", "values": ["false", "0"] },
                ],
            }]
        }));
        assert_eq!(
            minified,
            r#"{"Version":"2012-10-17","Id":"p1","Statement":[{"Sid":"A1","Effect":"Deny","Action":["s3:PutObject","s3:ListBucket","s3:GetObject"],"Resource":["arn:aws:s3:::b/${aws:username}/*","arn:aws:s3:::b"],"Condition":{"Bool":{"aws:SecureTransport":["false","0"]},"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}"#
        );
    }

    #[test]
    fn sources_and_overrides_merge_by_sid_and_html_characters_are_escaped() {
        let source = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Keep","Effect":"Allow","Action":"a:B","Resource":"*"},{"Sid":"Swap","Effect":"Allow","Action":"c:D","Resource":"*"}]}"#;
        let over = r#"{"Statement":[{"Sid":"Swap","Effect":"Deny","Action":"e:F","Resource":"*"}]}"#;
        let (_, minified, _) = doc(json!({
            "source_policy_documents": [source],
            "override_policy_documents": [over],
            "statement": [{ "actions": ["x:Y"], "resources": ["arn:aws:s3:::a&b"], "principals": [{ "type": "*", "identifiers": ["*"] }] }]
        }));
        assert_eq!(
            minified,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Keep","Effect":"Allow","Action":"a:B","Resource":"*"},{"Sid":"Swap","Effect":"Deny","Action":"e:F","Resource":"*"},{"Effect":"Allow","Action":"x:Y","Resource":"arn:aws:s3:::a\u0026b","Principal":"*"}]}"#
        );
    }

    /// The `json` of one statement `{Sid, Effect, Action "*", Resource "*", Principal {AWS: ids}}`,
    /// as the provider's `StatementPrincipalIdentifiers` acceptance tests expect it.
    fn principal_document(sid: &str, ids: &[&str]) -> String {
        let ids: Vec<String> = ids.iter().map(|i| format!("          \"{i}\"")).collect();
        format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Sid\": \"{sid}\",\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\",\n      \"Principal\": {{\n        \"AWS\": [\n{}\n        ]\n      }}\n    }}\n  ]\n}}",
            ids.join(",\n")
        )
    }

    fn principal_blocks(sid: &str, blocks: &[&[String]]) -> Json {
        let principals: Vec<Json> = blocks.iter().map(|ids| json!({ "type": "AWS", "identifiers": ids })).collect();
        json!({ "statement": [{ "sid": sid, "actions": ["*"], "resources": ["*"], "principals": principals }] })
    }

    /// `TestAccIAMPolicyDocumentDataSource_StatementPrincipalIdentifiers_multiplePrincipals` and
    /// its `...Gov` twin: the blocks of one principal type are joined in the provider's set order
    /// (by the hash of each block), which depends on the identifiers themselves, so the two
    /// partitions give different orders; the order the blocks are written in does not matter.
    #[test]
    fn principal_blocks_of_one_type_join_in_the_provider_set_order() {
        let sid = "StatementPrincipalIdentifiersStringAndSlice";
        for (partition, want) in [("aws", ["3", "4", "2", "1"]), ("aws-us-gov", ["3", "2", "1", "4"])] {
            let arn = |d: &str| format!("arn:{partition}:iam::{}:root", d.repeat(12));
            let (one_two, three, four) = ([arn("1"), arn("2")], [arn("3")], [arn("4")]);
            let want: Vec<String> = want.iter().map(|d| arn(d)).collect();
            let want = principal_document(sid, &want.iter().map(String::as_str).collect::<Vec<_>>());
            for blocks in [[&one_two[..], &three, &four], [&four, &one_two, &three], [&three, &four, &one_two]] {
                assert_eq!(doc(principal_blocks(sid, &blocks)).0, want, "{partition}");
            }
        }
    }

    /// `TestAccIAMPolicyDocumentDataSource_StatementPrincipalIdentifiers_stringAndSlice`: a
    /// block of one identifier (a string) and one of two (a list) of one type make one list.
    #[test]
    fn a_single_identifier_and_a_list_of_one_type_make_one_list() {
        let sid = "StatementPrincipalIdentifiersStringAndSlice";
        let arn = |d: &str| format!("arn:aws:iam::{}:root", d.repeat(12));
        let (one, two_three) = ([arn("1")], [arn("2"), arn("3")]);
        let want = principal_document(sid, &[&arn("1"), &arn("3"), &arn("2")]);
        assert_eq!(doc(principal_blocks(sid, &[&one, &two_three])).0, want);
        assert_eq!(doc(principal_blocks(sid, &[&two_three, &one])).0, want);
    }

    /// `TestAccIAMPolicyDocumentDataSource_duplicateConditionKeys`: the values of condition
    /// blocks of one test and variable are joined in set order, whatever order they are written
    /// in; `..._multipleConditionKeys`: variables sorted, one value a string.
    #[test]
    fn condition_blocks_of_one_key_join_in_the_provider_set_order() {
        let one_two = json!({ "test": "StringEquals", "variable": "s3:prefix", "values": ["one/", "two/"] });
        let three = json!({ "test": "StringEquals", "variable": "s3:prefix", "values": ["three/"] });
        let statement = |conditions: Json| {
            json!({ "statement": [{
                "sid": "DuplicateConditionTest", "effect": "Allow", "actions": ["s3:PutObject"], "resources": ["*"],
                "principals": [{ "type": "Service", "identifiers": ["cloudtrail.amazonaws.com"] }],
                "condition": conditions,
            }]})
        };
        let want = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DuplicateConditionTest","Effect":"Allow","Action":"s3:PutObject","Resource":"*","Principal":{"Service":"cloudtrail.amazonaws.com"},"Condition":{"StringEquals":{"s3:prefix":["one/","two/","three/"]}}}]}"#;
        assert_eq!(doc(statement(json!([one_two, three]))).1, want);
        assert_eq!(doc(statement(json!([three, one_two]))).1, want);

        let acl =
            json!({ "test": "StringEquals", "variable": "s3:x-amz-acl", "values": ["bucket-owner-full-control"] });
        let arn = json!({ "test": "StringEquals", "variable": "aws:SourceArn", "values": ["some-other-value"] });
        let (_, minified, _) = doc(statement(json!([acl, arn])));
        assert!(
            minified.contains(r#""Condition":{"StringEquals":{"aws:SourceArn":"some-other-value","s3:x-amz-acl":"bucket-owner-full-control"}}"#),
            "{minified}"
        );
    }

    /// `TestAccIAMPolicyDocumentDataSource_basic`, its first statements: a condition's values
    /// in the order written (an empty one kept), `&{` written `${` after the resources are
    /// ordered, a not_principals block of one identifier a string.
    #[test]
    fn the_provider_basic_acceptance_document_is_written_as_expected() {
        let (pretty, _, _) = doc(json!({
            "policy_id": "policy_id",
            "statement": [
                { "sid": "1", "actions": ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], "resources": ["arn:aws:s3:::*"] },
                {
                    "actions": ["s3:ListBucket"], "resources": ["arn:aws:s3:::foo"],
                    "condition": [{ "test": "StringLike", "variable": "s3:prefix", "values": ["home/", "", "home/&{aws:username}/"] }],
                    "not_principals": [{ "type": "AWS", "identifiers": ["arn:blahblah:example"] }],
                },
                {
                    "actions": ["s3:*"],
                    "resources": ["arn:aws:s3:::foo/home/&{aws:username}", "arn:aws:s3:::foo/home/&{aws:username}/*"],
                    "principals": [{ "type": "AWS", "identifiers": ["arn:blahblah:example"] }],
                },
            ]
        }));
        let want = "{\n  \"Version\": \"2012-10-17\",\n  \"Id\": \"policy_id\",\n  \"Statement\": [\n    {\n      \"Sid\": \"1\",\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"s3:ListAllMyBuckets\",\n        \"s3:GetBucketLocation\"\n      ],\n      \"Resource\": \"arn:aws:s3:::*\"\n    },\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:ListBucket\",\n      \"Resource\": \"arn:aws:s3:::foo\",\n      \"NotPrincipal\": {\n        \"AWS\": \"arn:blahblah:example\"\n      },\n      \"Condition\": {\n        \"StringLike\": {\n          \"s3:prefix\": [\n            \"home/\",\n            \"\",\n            \"home/${aws:username}/\"\n          ]\n        }\n      }\n    },\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:*\",\n      \"Resource\": [\n        \"arn:aws:s3:::foo/home/${aws:username}/*\",\n        \"arn:aws:s3:::foo/home/${aws:username}\"\n      ],\n      \"Principal\": {\n        \"AWS\": \"arn:blahblah:example\"\n      }\n    }\n  ]\n}";
        assert_eq!(pretty, want);
    }

    /// `TestAccIAMPolicyDocumentDataSource_sourcePolicyValidJSON` and
    /// `..._overridePolicyDocumentValidJSON`: a document without statements has no `Statement`.
    #[test]
    fn a_document_without_statements_has_only_its_version() {
        for key in ["source_policy_documents", "override_policy_documents"] {
            let (pretty, minified, id) = doc(json!({ key: [""] }));
            assert_eq!(pretty, "{\n  \"Version\": \"2012-10-17\"\n}", "{key}");
            assert_eq!(minified, r#"{"Version":"2012-10-17"}"#, "{key}");
            assert_eq!(id, crc32(pretty.as_bytes()).to_string());
        }
        let (_, minified, _) = doc(json!({ "policy_id": "p", "statement": [] }));
        assert_eq!(minified, r#"{"Version":"2012-10-17","Id":"p"}"#);
    }

    /// The set order of strings is the SDK's (`HashSchema`: CRC-32 of the string and `;`), and
    /// the elements are compared by their hash codes as text, not as numbers.
    #[test]
    fn set_order_sorts_hash_codes_as_text() {
        let codes = |items: &[&str]| -> Vec<String> {
            set_order(items.iter().map(|s| s.to_string()), |s| format!("{s};"))
                .iter()
                .map(|s| crc32(format!("{s};").as_bytes()).to_string())
                .collect()
        };
        let items = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"];
        let got = codes(&items);
        let mut want = got.clone();
        want.sort();
        assert_eq!(got, want);
        let numeric = {
            let mut n: Vec<u64> = got.iter().map(|c| c.parse().expect("digits")).collect();
            n.sort();
            n.iter().map(u64::to_string).collect::<Vec<_>>()
        };
        assert_ne!(got, numeric, "the sample should hold codes of different lengths");
        assert_eq!(set_order(["x".to_string(), "x".to_string()], |s| s.clone()).len(), 1);
    }

    #[test]
    fn mistakes_are_errors() {
        let dup = json!({ "statement": [{ "sid": "A" }, { "sid": "A" }] });
        assert!(render(dup.as_object().unwrap()).is_err());
        let old = json!({ "version": "2008-10-17", "statement": [{ "resources": ["&{aws:username}"] }] });
        assert!(render(old.as_object().unwrap()).is_err());
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    /// The examples of the provider's documentation for this data source, with the JSON it
    /// says each evaluates to (indented output, compared byte for byte), but without the empty
    /// `"Sid": ""` the documentation still shows: provider v5 stopped writing it
    /// (terraform-provider-aws#28539). Its last example
    /// spells the Sids `Placeholder` in the output but `PlaceHolder` in the input, and ends
    /// with a stray comma; the input's spelling and valid JSON are used.
    #[test]
    fn the_provider_documentation_examples_evaluate_as_documented() {
        let statement = |sid: &str, effect: &str, action: &str| json!({ "sid": sid, "effect": effect, "actions": [action], "resources": ["*"] });
        let json_of = |args: Json| doc(args).0;
        // The documented text of a document of simple statements (Sid, Effect, Action,
        // Resource, in the provider's order), two-space indented.
        let s = |x: &str| J::Str(x.to_string());
        let st = |sid: &str, effect: &str, action: &str, resource: J| {
            let keys = ["Sid", "Effect", "Action", "Resource"].map(String::from);
            // An empty Sid is left out (provider v5 and later; the documentation still shows it).
            J::Obj(
                keys.into_iter()
                    .zip([s(sid), s(effect), s(action), resource])
                    .filter(|(k, v)| k != "Sid" || *v != s(""))
                    .collect(),
            )
        };
        let pretty = |statements: Vec<J>| {
            let top = J::Obj(vec![("Version".into(), s("2012-10-17")), ("Statement".into(), J::Arr(statements))]);
            let mut out = String::new();
            write(&top, Some(0), &mut out);
            out
        };

        // Multiple condition keys.
        let got = json_of(json!({ "statement": [{
            "actions": ["kms:Decrypt", "kms:GenerateDataKey"], "resources": ["*"],
            "condition": [
                { "test": "ForAnyValue:StringEquals", "variable": "kms:EncryptionContext:service", "values": ["pi"] },
                { "test": "ForAnyValue:StringEquals", "variable": "kms:EncryptionContext:aws:pi:service", "values": ["rds"] },
            ],
        }]}));
        let want = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"kms:GenerateDataKey\",\n        \"kms:Decrypt\"\n      ],\n      \"Resource\": \"*\",\n      \"Condition\": {\n        \"ForAnyValue:StringEquals\": {\n          \"kms:EncryptionContext:aws:pi:service\": \"rds\",\n          \"kms:EncryptionContext:service\": \"pi\"\n        }\n      }\n    }\n  ]\n}";
        assert_eq!(got, want);

        // A source document, and an override document.
        let source = json_of(json!({ "statement": [
            { "actions": ["ec2:*"], "resources": ["*"] },
            { "sid": "SidToOverride", "actions": ["s3:*"], "resources": ["*"] },
        ]}));
        let bucket = json!({ "sid": "SidToOverride", "actions": ["s3:*"],
                             "resources": ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"] });
        let got = json_of(json!({ "source_policy_documents": [source], "statement": [bucket] }));
        let want = pretty(vec![
            st("", "Allow", "ec2:*", s("*")),
            st(
                "SidToOverride",
                "Allow",
                "s3:*",
                J::Arr(vec![s("arn:aws:s3:::somebucket/*"), s("arn:aws:s3:::somebucket")]),
            ),
        ]);
        assert_eq!(got, want);
        let over =
            json_of(json!({ "statement": [{ "sid": "SidToOverride", "actions": ["s3:*"], "resources": ["*"] }] }));
        let got = json_of(json!({ "override_policy_documents": [over],
                                  "statement": [{ "actions": ["ec2:*"], "resources": ["*"] }, bucket] }));
        let want = pretty(vec![st("", "Allow", "ec2:*", s("*")), st("SidToOverride", "Allow", "s3:*", s("*"))]);
        assert_eq!(got, want);

        // Both source and override documents.
        let source = json_of(
            json!({ "statement": [statement("OverridePlaceholder", "Allow", "ec2:DescribeAccountAttributes")] }),
        );
        let over = json_of(json!({ "statement": [statement("OverridePlaceholder", "Allow", "s3:GetObject")] }));
        let got = json_of(json!({ "source_policy_documents": [source], "override_policy_documents": [over] }));
        let want = pretty(vec![st("OverridePlaceholder", "Allow", "s3:GetObject", s("*"))]);
        assert_eq!(got, want);

        // Merging source documents.
        let one = json_of(
            json!({ "statement": [statement("", "Allow", "ec2:*"), statement("UniqueSidOne", "Allow", "s3:*")] }),
        );
        let two = json_of(
            json!({ "statement": [statement("UniqueSidTwo", "Allow", "iam:*"), statement("", "Allow", "lambda:*")] }),
        );
        let got = json_of(json!({ "source_policy_documents": [one, two] }));
        let want = pretty(vec![
            st("", "Allow", "ec2:*", s("*")),
            st("UniqueSidOne", "Allow", "s3:*", s("*")),
            st("UniqueSidTwo", "Allow", "iam:*", s("*")),
            st("", "Allow", "lambda:*", s("*")),
        ]);
        assert_eq!(got, want);

        // Merging override documents.
        let one = json_of(json!({ "statement": [statement("OverridePlaceHolderOne", "Allow", "s3:*")] }));
        let two = json_of(
            json!({ "statement": [statement("", "Allow", "ec2:*"), statement("OverridePlaceHolderTwo", "Allow", "iam:*")] }),
        );
        let three = json_of(json!({ "statement": [statement("OverridePlaceHolderOne", "Deny", "logs:*")] }));
        let got = json_of(json!({ "override_policy_documents": [one, two, three],
                                  "statement": [statement("OverridePlaceHolderTwo", "Deny", "*")] }));
        let want = pretty(vec![
            st("OverridePlaceHolderTwo", "Allow", "iam:*", s("*")),
            st("OverridePlaceHolderOne", "Deny", "logs:*", s("*")),
            st("", "Allow", "ec2:*", s("*")),
        ]);
        assert_eq!(got, want);
    }
}
