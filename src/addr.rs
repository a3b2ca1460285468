//! Resource addresses: `aws_iam_role.events`, `data.aws_inspector_rules_packages.rules`, and
//! instance addresses of `count`/`for_each` resources, `aws_inspector2_enabler.all["us-east-1"]`.

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

/// The address of one resource or data source (or one instance of it), printed in HCL
/// traversal syntax.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Address {
    pub mode: Mode,
    pub type_name: String,
    pub name: String,
    pub key: Option<InstanceKey>,
}

impl Address {
    /// A managed resource address.
    pub fn managed(type_name: impl Into<String>, name: impl Into<String>) -> Address {
        Address { mode: Mode::Managed, type_name: type_name.into(), name: name.into(), key: None }
    }

    /// A data source address.
    pub fn data(type_name: impl Into<String>, name: impl Into<String>) -> Address {
        Address { mode: Mode::Data, type_name: type_name.into(), name: name.into(), key: None }
    }

    /// This address with an instance key.
    pub fn instance(&self, key: Option<InstanceKey>) -> Address {
        Address { key, ..self.clone() }
    }

    /// The configuration block's address (without the instance key).
    pub fn config(&self) -> Address {
        self.instance(None)
    }

    /// Parses `TYPE.NAME`, `data.TYPE.NAME`, each optionally followed by `[N]` or `["KEY"]`;
    /// `None` for anything else.
    pub fn parse(s: &str) -> Option<Address> {
        let (base, key) = match s.find('[') {
            Some(i) if s.ends_with(']') => {
                let inner = &s[i + 1..s.len() - 1];
                let key = if inner.starts_with('"') {
                    InstanceKey::Key(serde_json::from_str::<String>(inner).ok()?)
                } else {
                    InstanceKey::Index(inner.parse().ok()?)
                };
                (&s[..i], Some(key))
            }
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

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
        ] {
            assert_eq!(Address::parse(s).unwrap().to_string(), s);
        }
        assert!(Address::parse("aws_iam_role").is_none());
        assert!(Address::parse("data.x").is_none());
        assert!(Address::parse("a.b.c").is_none());
        assert!(Address::parse("a.b[x]").is_none());
        assert!(Address::parse("a.b[0").is_none());
    }

    #[test]
    fn instances_sort_under_their_block() {
        let a = Address::managed("t", "n");
        let mut v =
            [a.instance(Some(InstanceKey::Key("b".into()))), a.clone(), a.instance(Some(InstanceKey::Key("a".into())))];
        v.sort();
        assert_eq!(v[0], a);
        assert_eq!(v[1].config(), a);
    }
}
