//! Resource addresses: `aws_iam_role.events`, `data.aws_inspector_rules_packages.rules`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Managed resource or data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Managed,
    Data,
}

/// The address of one resource or data source, printed in HCL traversal syntax.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Address {
    pub mode: Mode,
    pub type_name: String,
    pub name: String,
}

impl Address {
    /// A managed resource address.
    pub fn managed(type_name: impl Into<String>, name: impl Into<String>) -> Address {
        Address { mode: Mode::Managed, type_name: type_name.into(), name: name.into() }
    }

    /// A data source address.
    pub fn data(type_name: impl Into<String>, name: impl Into<String>) -> Address {
        Address { mode: Mode::Data, type_name: type_name.into(), name: name.into() }
    }

    /// Parses `TYPE.NAME` or `data.TYPE.NAME`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Address> {
        let parts: Vec<&str> = s.split('.').collect();
        let valid = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        match parts.as_slice() {
            ["data", t, n] if valid(t) && valid(n) => Some(Address::data(*t, *n)),
            [t, n] if valid(t) && valid(n) && *t != "data" => Some(Address::managed(*t, *n)),
            _ => None,
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mode {
            Mode::Managed => write!(f, "{}.{}", self.type_name, self.name),
            Mode::Data => write!(f, "data.{}.{}", self.type_name, self.name),
        }
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
        for s in ["aws_iam_role.events", "data.aws_inspector_rules_packages.rules"] {
            assert_eq!(Address::parse(s).unwrap().to_string(), s);
        }
        assert!(Address::parse("aws_iam_role").is_none());
        assert!(Address::parse("data.x").is_none());
        assert!(Address::parse("a.b.c").is_none());
    }
}
