//! Values of the configuration language, including "unknown until apply".

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value as Json;

use super::number::Num;

/// A configuration value. `Unknown` stands for something the cloud computes during apply
/// (an ARN of a resource not yet created); any value built from an unknown is unknown.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Num),
    String(String),
    /// Lists, tuples and sets (sets are kept sorted and deduplicated by `toset`).
    List(Vec<Value>),
    /// Objects and maps, keys sorted.
    Object(BTreeMap<String, Value>),
    Unknown,
}

impl Value {
    /// A string value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// A number from an f64: exact as an integer when it is one, else a float64 result as
    /// Go's math gives it (53 bits); NaN is null.
    pub fn num(f: f64) -> Value {
        if f.fract() == 0.0 && f.abs() < 9.0e15 {
            Value::int(f as i64)
        } else {
            Num::from_f64(f).map(Value::Number).unwrap_or(Value::Null)
        }
    }

    /// A whole number (cty's `NumberIntVal`).
    pub fn int(i: i64) -> Value {
        Value::Number(Num::from_i64(i))
    }

    /// The number, if this is one.
    pub fn as_num(&self) -> Option<&Num> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The value as a number, converting a string as Terraform does (`"5"` is 5; no spaces).
    pub fn to_num(&self) -> Option<Num> {
        match self {
            Value::Number(n) => Some(n.clone()),
            Value::String(s) => Num::parse(s),
            _ => None,
        }
    }

    /// The value as an i64, if it is a whole number that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_num().and_then(Num::to_i64)
    }

    /// True when no part of the value is unknown.
    pub fn is_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::List(v) => v.iter().all(Value::is_known),
            Value::Object(m) => m.values().all(Value::is_known),
            _ => true,
        }
    }

    /// `"true"` and `"false"` as bools (where a bool is wanted, Terraform converts them);
    /// any other value as it is.
    pub fn string_to_bool(self) -> Value {
        match self {
            Value::String(s) if s == "true" => Value::Bool(true),
            Value::String(s) if s == "false" => Value::Bool(false),
            v => v,
        }
    }

    /// True for null.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// True only for a top-level `Unknown`.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// The value's type name as the language spells it, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Object(_) => "object",
            Value::Unknown => "unknown",
        }
    }

    /// The string form a template interpolation uses; `None` for collections and null.
    pub fn as_template_string(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.text()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The value as f64, if it is a number or a numeric string.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(n.to_f64()),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The `(key, value)` pairs a `for` or a `dynamic` block iterates: `(index, element)` of a
    /// list, `(key, value)` of a map; `Err` gives back any other value.
    pub fn pairs(self) -> Result<Vec<(Value, Value)>, Value> {
        match self {
            Value::List(l) => Ok(l.into_iter().enumerate().map(|(i, v)| (Value::int(i as i64), v)).collect()),
            Value::Object(m) => Ok(m.into_iter().map(|(k, v)| (Value::String(k), v)).collect()),
            other => Err(other),
        }
    }

    /// Converts to JSON; `None` if any part is unknown.
    pub fn to_json(&self) -> Option<Json> {
        Some(match self {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => n.to_json().map_or_else(|| Json::String(n.text()), Json::Number),
            Value::String(s) => Json::String(s.clone()),
            Value::List(v) => Json::Array(v.iter().map(Value::to_json).collect::<Option<_>>()?),
            Value::Object(m) => {
                Json::Object(m.iter().map(|(k, v)| Some((k.clone(), v.to_json()?))).collect::<Option<_>>()?)
            }
            Value::Unknown => return None,
        })
    }

    /// Converts from JSON (object keys sorted).
    pub fn from_json(j: &Json) -> Value {
        match j {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(Num::from_json(n)),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            Json::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect()),
        }
    }
}

impl fmt::Display for Value {
    /// HCL-like rendering used in messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => f.write_str(&n.text()),
            Value::String(s) => write!(f, "{}", Json::String(s.clone())),
            Value::Unknown => f.write_str("(known after apply)"),
            Value::List(v) => {
                f.write_str("[")?;
                for (i, x) in v.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{x}")?;
                }
                f.write_str("]")
            }
            Value::Object(m) => {
                f.write_str("{")?;
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k} = {x}")?;
                }
                f.write_str("}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_anywhere_makes_value_unknown_and_blocks_json() {
        let v = Value::List(vec![Value::str("a"), Value::Unknown]);
        assert!(!v.is_known());
        assert!(v.to_json().is_none());
        assert!(Value::List(vec![Value::str("a")]).to_json().is_some());
    }

    #[test]
    fn numbers_stay_integers_when_whole() {
        assert_eq!(Value::num(3.0).to_string(), "3");
        assert_eq!(Value::num(1.5).to_string(), "1.5");
    }
}
