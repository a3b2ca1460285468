//! Resource addresses: `aws_iam_role.events`, `data.aws_inspector_rules_packages.rules`,
//! instance addresses of `count`/`for_each` resources, `aws_inspector2_enabler.all["us-east-1"]`,
//! and resources in modules, `module.inspector["eu"].aws_iam_role.this`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Managed resource or data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Managed,
    Data,
}

/// Which instance of a `count` (index) or `for_each` (key) resource.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstanceKey {
    Index(i64),
    Key(String),
}

impl fmt::Display for InstanceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstanceKey::Index(i) => write!(f, "[{i}]"),
            InstanceKey::Key(k) => write!(f, "[{}]", serde_json::Value::String(k.clone())),
        }
    }
}

/// One step of a module path: a `module` block's name and, for an instance of a module
/// called with `count`/`for_each`, its key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleStep {
    pub name: String,
    pub key: Option<InstanceKey>,
}

/// `module.a["x"].module.b` (empty for the root module).
pub fn module_path_string(path: &[ModuleStep]) -> String {
    let mut out = String::new();
    for (i, s) in path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str("module.");
        out.push_str(&s.name);
        if let Some(k) = &s.key {
            out.push_str(&k.to_string());
        }
    }
    out
}

/// The address of one resource or data source (or one instance of it), printed in HCL
/// traversal syntax. Addresses sort root module first, then by module path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Address {
    /// The module the resource is declared in (empty: the root module); the steps carry
    /// instance keys in an instance address and none in a configuration address.
    pub module: Vec<ModuleStep>,
    pub mode: Mode,
    pub type_name: String,
    pub name: String,
    pub key: Option<InstanceKey>,
}

impl Address {
    /// A managed resource address.
    pub fn managed(type_name: impl Into<String>, name: impl Into<String>) -> Address {
        Address { module: Vec::new(), mode: Mode::Managed, type_name: type_name.into(), name: name.into(), key: None }
    }

    /// A data source address.
    pub fn data(type_name: impl Into<String>, name: impl Into<String>) -> Address {
        Address { module: Vec::new(), mode: Mode::Data, type_name: type_name.into(), name: name.into(), key: None }
    }

    /// This address with an instance key.
    pub fn instance(&self, key: Option<InstanceKey>) -> Address {
        Address { key, ..self.clone() }
    }

    /// The configuration block's address: no instance key, and no keys on its module steps.
    pub fn config(&self) -> Address {
        Address {
            module: self.module.iter().map(|s| ModuleStep { name: s.name.clone(), key: None }).collect(),
            ..self.instance(None)
        }
    }

    /// This address (relative to a module) placed in the module instance `path`.
    pub fn in_module(&self, path: &[ModuleStep]) -> Address {
        let mut module = path.to_vec();
        module.extend(self.module.iter().cloned());
        Address { module, ..self.clone() }
    }

    /// The names of the module path (`["a", "b"]` for `module.a[0].module.b.x.y`).
    pub fn module_names(&self) -> Vec<String> {
        self.module.iter().map(|s| s.name.clone()).collect()
    }

    /// Parses `TYPE.NAME`, `data.TYPE.NAME`, each optionally followed by `[N]` or `["KEY"]`
    /// and preceded by `module.NAME` steps (each optionally keyed); `None` for anything else.
    pub fn parse(s: &str) -> Option<Address> {
        let mut rest = s;
        let mut module = Vec::new();
        while let Some(after) = rest.strip_prefix("module.") {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let name = &after[..end];
            let mut tail = &after[end..];
            let key = if tail.starts_with('[') {
                let close = key_end(tail)?;
                let k = parse_key(&tail[1..close])?;
                tail = &tail[close + 1..];
                Some(k)
            } else {
                None
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                return None;
            }
            module.push(ModuleStep { name: name.to_string(), key });
            rest = tail.strip_prefix('.')?;
        }
        let mut addr = Address::parse_resource(rest)?;
        addr.module = module;
        Some(addr)
    }

    fn parse_resource(s: &str) -> Option<Address> {
        let (base, key) = match s.find('[') {
            Some(i) if s.ends_with(']') => (&s[..i], Some(parse_key(&s[i + 1..s.len() - 1])?)),
            Some(_) => return None,
            None => (s, None),
        };
        let parts: Vec<&str> = base.split('.').collect();
        let valid = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let addr = match parts.as_slice() {
            ["data", t, n] if valid(t) && valid(n) => Address::data(*t, *n),
            [t, n] if valid(t) && valid(n) && *t != "data" => Address::managed(*t, *n),
            _ => return None,
        };
        Some(addr.instance(key))
    }
}

/// What a command may name, as Terraform's `state` commands and `-target` take it: a whole
/// module (`module.a`, `module.a["k"]`, `module.a.module.b`), a resource (`module.a.aws_x.y`,
/// every instance) or one instance (`aws_x.y["k"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Module(Vec<ModuleStep>),
    Resource(Address),
}

impl Target {
    /// A resource or instance address, else a module path; `None` for anything else.
    pub fn parse(s: &str) -> Option<Target> {
        if let Some(a) = Address::parse(s) {
            return Some(Target::Resource(a));
        }
        // A module path alone: parsed as the module of a placeholder resource.
        let a = Address::parse(&format!("{s}.t.n"))?;
        (a.key.is_none() && !a.module.is_empty()).then_some(Target::Module(a.module))
    }

    /// Whether the object at `a` is what this names. A module step written without a key
    /// stands for every instance of that module call.
    pub fn matches(&self, a: &Address) -> bool {
        match self {
            Target::Module(path) => steps_match(path, &a.module, true),
            Target::Resource(r) => {
                steps_match(&r.module, &a.module, false)
                    && r.mode == a.mode
                    && r.type_name == a.type_name
                    && r.name == a.name
                    && (r.key.is_none() || r.key == a.key)
            }
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Module(path) => f.write_str(&module_path_string(path)),
            Target::Resource(a) => write!(f, "{a}"),
        }
    }
}

/// `pattern` matches the module path `actual` (a prefix of it when `prefix`), a step without a
/// key matching any key.
fn steps_match(pattern: &[ModuleStep], actual: &[ModuleStep], prefix: bool) -> bool {
    let len_ok = if prefix { actual.len() >= pattern.len() } else { actual.len() == pattern.len() };
    len_ok && pattern.iter().zip(actual).all(|(p, a)| p.name == a.name && (p.key.is_none() || p.key == a.key))
}

/// `0` or `"key"` inside brackets.
fn parse_key(inner: &str) -> Option<InstanceKey> {
    if inner.starts_with('"') {
        Some(InstanceKey::Key(serde_json::from_str::<String>(inner).ok()?))
    } else {
        Some(InstanceKey::Index(inner.parse().ok()?))
    }
}

/// The index of the `]` closing the key that `s` starts with (`[` …), skipping quoted text.
fn key_end(s: &str) -> Option<usize> {
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match (in_str, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_str = false,
            (false, _, '"') => in_str = true,
            (false, _, ']') => return Some(i),
            _ => {}
        }
    }
    None
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.module.is_empty() {
            write!(f, "{}.", module_path_string(&self.module))?;
        }
        match self.mode {
            Mode::Managed => write!(f, "{}.{}", self.type_name, self.name)?,
            Mode::Data => write!(f, "data.{}.{}", self.type_name, self.name)?,
        }
        if let Some(k) = &self.key {
            write!(f, "{k}")?;
        }
        Ok(())
    }
}

impl Serialize for Address {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Address {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Address::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("bad address {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for s in [
            "aws_iam_role.events",
            "data.aws_inspector_rules_packages.rules",
            "aws_inspector2_enabler.all[\"us-east-1\"]",
            "aws_iam_role.r[3]",
            "data.x.y[\"a \\\"b\\\"\"]",
            "module.inspector.aws_iam_role.this",
            "module.a[\"x.y]\"].module.b[2].data.t.n[0]",
        ] {
            assert_eq!(Address::parse(s).unwrap().to_string(), s);
        }
        assert!(Address::parse("aws_iam_role").is_none());
        assert!(Address::parse("data.x").is_none());
        assert!(Address::parse("a.b.c").is_none());
        assert!(Address::parse("a.b[x]").is_none());
        assert!(Address::parse("a.b[0").is_none());
        assert!(Address::parse("module.a").is_none());
        assert!(Address::parse("module..x.y").is_none());
        let a = Address::parse("module.a[\"k\"].module.b[1].t.n[\"i\"]").unwrap();
        assert_eq!(a.config().to_string(), "module.a.module.b.t.n");
        assert_eq!(a.module_names(), ["a", "b"]);
    }

    #[test]
    fn instances_sort_under_their_block() {
        let a = Address::managed("t", "n");
        let mut v =
            [a.instance(Some(InstanceKey::Key("b".into()))), a.clone(), a.instance(Some(InstanceKey::Key("a".into())))];
        v.sort();
        assert_eq!(v[0], a);
        assert_eq!(v[1].config(), a);
        // Root resources sort before module resources.
        let m = Address::parse("module.m.a.b").unwrap();
        assert!(Address::managed("z", "z") < m);
    }
}
