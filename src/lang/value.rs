//! Values of the configuration language, including "unknown until apply".

use std::collections::BTreeMap;
use std::fmt;

use serde::ser::SerializeStructVariant;
use serde_json::Value as Json;

use super::number::Num;
use super::types::{TyId, Type, Typed};

/// A configuration value. `Unknown` stands for something the cloud computes during apply
/// (an ARN of a resource not yet created); any value built from an unknown is unknown.
/// A null or an unknown carries what it knows of its type ([`Typed`]); comparisons outside
/// the language ignore it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null(Typed),
    Bool(bool),
    Number(Num),
    String(String),
    /// Lists, tuples and sets (sets are kept sorted and deduplicated by `toset`).
    List(Seq),
    /// Objects and maps, keys sorted.
    Object(Obj),
    Unknown(Typed),
}

impl Value {
    /// A null whose type is not tracked.
    pub const NULL: Value = Value::Null(Typed::NONE);
    /// An unknown whose type is not tracked.
    pub const UNKNOWN: Value = Value::Unknown(Typed::NONE);

    /// A null of type `ty`.
    pub fn null_of(ty: &Type) -> Value {
        Value::Null(Typed::of(ty))
    }

    /// An unknown of type `ty`.
    pub fn unknown_of(ty: &Type) -> Value {
        Value::Unknown(Typed::of(ty))
    }

    /// An unknown of type `ty` that will not be null.
    pub fn unknown_not_null(ty: &Type) -> Value {
        Value::Unknown(Typed::of(ty).not_null())
    }
}

/// Saved plans write a value as before types were carried (`"Null"`, `"Unknown"`), and a
/// typed null or unknown as `{"NullOf": type}` / `{"UnknownOf": type}`.
impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null(t) => match t.ty() {
                None => s.serialize_unit_variant("Value", 0, "Null"),
                Some(ty) => s.serialize_newtype_variant("Value", 7, "NullOf", ty),
            },
            Value::Bool(b) => s.serialize_newtype_variant("Value", 1, "Bool", b),
            Value::Number(n) => s.serialize_newtype_variant("Value", 2, "Number", n),
            Value::String(x) => s.serialize_newtype_variant("Value", 3, "String", x),
            // A list or map whose kind is tracked keeps it (and its element type), so a saved
            // plan's values have the types the plan had: `{"Seq": {"kind", "elem", "items"}}`.
            Value::List(l) if l.kind == Kind::Unset && l.elem.is_none() => {
                s.serialize_newtype_variant("Value", 4, "List", l)
            }
            Value::List(l) => {
                let mut v = s.serialize_struct_variant("Value", 9, "Seq", 3)?;
                v.serialize_field("kind", &l.kind)?;
                v.serialize_field("elem", &l.elem.map(TyId::get))?;
                v.serialize_field("items", &l.items)?;
                v.end()
            }
            Value::Object(o) if o.kind == Kind::Unset && o.elem.is_none() => {
                s.serialize_newtype_variant("Value", 5, "Object", o)
            }
            Value::Object(o) => {
                let mut v = s.serialize_struct_variant("Value", 10, "Keyed", 3)?;
                v.serialize_field("kind", &o.kind)?;
                v.serialize_field("elem", &o.elem.map(TyId::get))?;
                v.serialize_field("fields", &o.fields)?;
                v.end()
            }
            Value::Unknown(t) => match t.ty() {
                None => s.serialize_unit_variant("Value", 6, "Unknown"),
                Some(ty) => s.serialize_newtype_variant("Value", 8, "UnknownOf", ty),
            },
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(rename = "Value")]
enum Repr {
    Null,
    Bool(bool),
    Number(Num),
    String(String),
    List(Seq),
    Object(Obj),
    Unknown,
    NullOf(Type),
    UnknownOf(Type),
    Seq { kind: Kind, elem: Option<Type>, items: Vec<Value> },
    Keyed { kind: Kind, elem: Option<Type>, fields: BTreeMap<String, Value> },
}

impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        Ok(match Repr::deserialize(d)? {
            Repr::Null => Value::NULL,
            Repr::Bool(b) => Value::Bool(b),
            Repr::Number(n) => Value::Number(n),
            Repr::String(s) => Value::String(s),
            Repr::List(l) => Value::List(l),
            Repr::Object(o) => Value::Object(o),
            Repr::Unknown => Value::UNKNOWN,
            Repr::NullOf(t) => Value::null_of(&t),
            Repr::UnknownOf(t) => Value::unknown_of(&t),
            Repr::Seq { kind, elem, items } => Value::List(Seq { items, kind, elem: elem.as_ref().map(TyId::of) }),
            Repr::Keyed { kind, elem, fields } => {
                Value::Object(Obj { fields, kind, elem: elem.as_ref().map(TyId::of) })
            }
        })
    }
}

/// Which of Terraform's types a sequence or a keyed value has. Terraform tells a list from a
/// tuple (and a map from an object) only where a type shows: `==`, `type()` and the types it
/// records for outputs; everywhere else they behave alike. So the kind rides along with the
/// elements, and plain `PartialEq` (state, plan and diff comparisons) ignores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// Not known: built where the type was not tracked (JSON from a state, a provider's
    /// attribute); equal to either kind in `==`.
    #[default]
    Unset,
    /// A tuple (`[1, "a"]`) or an object (`{ a = 1 }`): each element its own type.
    Structural,
    /// A list (`tolist(…)`, `list(string)`) or a map (`tomap(…)`, `map(string)`).
    Collection,
    /// A set (`toset(…)`, `set(string)`), kept sorted and deduplicated.
    Set,
}

impl Kind {
    /// Whether values of kinds `self` and `other` can be equal in the language's `==`.
    pub fn agrees(self, other: Kind) -> bool {
        self == other || self == Kind::Unset || other == Kind::Unset
    }
}

/// The elements of a list, tuple or set, with its [`Kind`]; reads as a `Vec<Value>`.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Seq {
    items: Vec<Value>,
    #[serde(skip)]
    pub kind: Kind,
    /// The element type of a list or set converted to one (`list(string)`): what an empty
    /// one is a list of. Fits in the padding after `kind`.
    #[serde(skip)]
    pub elem: Option<TyId>,
}

/// The attributes of an object or map (keys sorted), with its [`Kind`]; reads as a `BTreeMap`.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Obj {
    fields: BTreeMap<String, Value>,
    #[serde(skip)]
    pub kind: Kind,
    /// The element type of a map converted to one (`map(string)`).
    #[serde(skip)]
    pub elem: Option<TyId>,
}

macro_rules! kinded {
    ($t:ident, $field:ident, $inner:ty, $item:ty) => {
        impl $t {
            /// The elements with a kind.
            pub fn with_kind($field: $inner, kind: Kind) -> $t {
                $t { $field, kind, elem: None }
            }
            /// The elements, without the kind.
            pub fn into_inner(self) -> $inner {
                self.$field
            }
        }
        /// Equal elements, whatever the kinds: comparisons outside the language.
        impl PartialEq for $t {
            fn eq(&self, other: &$t) -> bool {
                self.$field == other.$field
            }
        }
        impl std::ops::Deref for $t {
            type Target = $inner;
            fn deref(&self) -> &$inner {
                &self.$field
            }
        }
        impl std::ops::DerefMut for $t {
            fn deref_mut(&mut self) -> &mut $inner {
                &mut self.$field
            }
        }
        impl From<$inner> for $t {
            fn from($field: $inner) -> $t {
                $t { $field, kind: Kind::Unset, elem: None }
            }
        }
        impl From<$t> for $inner {
            fn from(x: $t) -> $inner {
                x.$field
            }
        }
        impl FromIterator<$item> for $t {
            fn from_iter<I: IntoIterator<Item = $item>>(iter: I) -> $t {
                $t::from(iter.into_iter().collect::<$inner>())
            }
        }
        impl IntoIterator for $t {
            type Item = $item;
            type IntoIter = <$inner as IntoIterator>::IntoIter;
            fn into_iter(self) -> Self::IntoIter {
                self.$field.into_iter()
            }
        }
        impl<'a> IntoIterator for &'a $t {
            type Item = <&'a $inner as IntoIterator>::Item;
            type IntoIter = <&'a $inner as IntoIterator>::IntoIter;
            fn into_iter(self) -> Self::IntoIter {
                self.$field.iter()
            }
        }
    };
}
kinded!(Seq, items, Vec<Value>, Value);
kinded!(Obj, fields, BTreeMap<String, Value>, (String, Value));

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Value {
        Value::List(items.into())
    }
}

impl From<BTreeMap<String, Value>> for Value {
    fn from(fields: BTreeMap<String, Value>) -> Value {
        Value::Object(fields.into())
    }
}

impl Value {
    /// A tuple (what `[…]` builds).
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::List(Seq::with_kind(items, Kind::Structural))
    }

    /// A list (`tolist`, `list(…)`, most functions' results).
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Seq::with_kind(items, Kind::Collection))
    }

    /// A set (`toset`, `set(…)`); the caller keeps it sorted and deduplicated.
    pub fn set(items: Vec<Value>) -> Value {
        Value::List(Seq::with_kind(items, Kind::Set))
    }

    /// An object (what `{…}` builds).
    pub fn object(fields: BTreeMap<String, Value>) -> Value {
        Value::Object(Obj::with_kind(fields, Kind::Structural))
    }

    /// A map (`tomap`, `map(…)`).
    pub fn map(fields: BTreeMap<String, Value>) -> Value {
        Value::Object(Obj::with_kind(fields, Kind::Collection))
    }

    /// The language's `==`: equal values of the same type. A list never equals a tuple, nor
    /// a map an object, as in Terraform (where the kind is known on both sides).
    pub fn lang_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::List(a), Value::List(b)) => {
                a.kind.agrees(b.kind) && a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.lang_eq(y))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.kind.agrees(b.kind)
                    && a.len() == b.len()
                    && a.iter().zip(b.iter()).all(|((k, x), (l, y))| k == l && x.lang_eq(y))
            }
            _ => self == other,
        }
    }

    /// The language's `==` as cty's `Equals`, with unknowns: `None` while they leave it open.
    /// An unknown never equals a value of a type it cannot have (`unknown_string == 1` and
    /// `{ a = unknown_string } == { a = 1 }` are false); otherwise any unknown part makes the
    /// result unknown, except that a null is never equal to a non-null collection.
    pub fn equals(&self, other: &Value) -> Option<bool> {
        if self.is_known() && other.is_known() {
            return Some(self.lang_eq(other));
        }
        match (self, other) {
            (Value::Unknown(_), Value::Unknown(_)) => return None,
            (Value::Unknown(t), k) | (k, Value::Unknown(t)) => {
                // A known null waits, unless the unknown is known not to be null: it may be
                // null, and nulls of any types are equal.
                if k.is_null() {
                    return if t.is_not_null() { Some(false) } else { None };
                }
                return match t.ty() {
                    Some(ty) if !k.is_null() && !has_dynamic(ty) && conflict(ty, &loose_type(k)) => Some(false),
                    _ => None,
                };
            }
            (Value::Null(_), _) | (_, Value::Null(_)) => return Some(false),
            _ => {}
        }
        if conflict(&loose_type(self), &loose_type(other)) {
            return Some(false);
        }
        let all = |pairs: &mut dyn Iterator<Item = (&Value, &Value)>| {
            for (x, y) in pairs {
                match x.equals(y) {
                    None => return None,
                    Some(false) => return Some(false),
                    Some(true) => {}
                }
            }
            Some(true)
        };
        match (self, other) {
            // A set holding an unknown equals nothing yet.
            (Value::List(a), Value::List(b)) if a.kind == Kind::Set || b.kind == Kind::Set => None,
            (Value::List(a), Value::List(b)) if a.len() != b.len() => Some(false),
            (Value::List(a), Value::List(b)) => all(&mut a.iter().zip(b.iter())),
            (Value::Object(a), Value::Object(b)) if !a.keys().eq(b.keys()) => Some(false),
            (Value::Object(a), Value::Object(b)) => all(&mut a.values().zip(b.values())),
            _ => Some(false),
        }
    }

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
            Num::from_f64(f).map(Value::Number).unwrap_or(Value::NULL)
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
            Value::Unknown(_) => false,
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
        matches!(self, Value::Null(_))
    }

    /// True only for a top-level `Unknown`.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    /// The value's type name as the language spells it, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null(_) => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Object(_) => "object",
            Value::Unknown(_) => "unknown",
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
            Value::Null(_) => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => n.to_json().map_or_else(|| Json::String(n.text()), Json::Number),
            Value::String(s) => Json::String(s.clone()),
            Value::List(v) => Json::Array(v.iter().map(Value::to_json).collect::<Option<_>>()?),
            Value::Object(m) => {
                Json::Object(m.iter().map(|(k, v)| Some((k.clone(), v.to_json()?))).collect::<Option<_>>()?)
            }
            Value::Unknown(_) => return None,
        })
    }

    /// Converts from JSON (object keys sorted).
    pub fn from_json(j: &Json) -> Value {
        match j {
            Json::Null => Value::NULL,
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
            Value::Null(_) => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => f.write_str(&n.text()),
            Value::String(s) => write!(f, "{}", Json::String(s.clone())),
            Value::Unknown(_) => f.write_str("(known after apply)"),
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

/// A value's type as far as it shows for certain: a list, set or map whose kind was not
/// tracked (read from a state) and a null or unknown without a type are `dynamic`.
fn loose_type(v: &Value) -> Type {
    match v {
        Value::List(l) if l.kind == Kind::Unset => Type::Dynamic,
        Value::Object(o) if o.kind == Kind::Unset => Type::Dynamic,
        v => super::unify::type_of(v),
    }
}

fn has_dynamic(t: &Type) -> bool {
    match t {
        Type::Dynamic => true,
        Type::List(e) | Type::Set(e) | Type::Map(e) => has_dynamic(e),
        Type::Tuple(es) => es.iter().any(has_dynamic),
        Type::Object(m) => m.values().any(has_dynamic),
        _ => false,
    }
}

/// True when values of types `a` and `b` can never be equal: they differ where both are
/// known (`dynamic` matches anything).
fn conflict(a: &Type, b: &Type) -> bool {
    use Type as T;
    match (a, b) {
        (T::Dynamic, _) | (_, T::Dynamic) => false,
        (T::List(x), T::List(y)) | (T::Set(x), T::Set(y)) | (T::Map(x), T::Map(y)) => conflict(x, y),
        (T::Tuple(xs), T::Tuple(ys)) => xs.len() != ys.len() || xs.iter().zip(ys).any(|(x, y)| conflict(x, y)),
        (T::Object(xs), T::Object(ys)) => {
            !xs.keys().eq(ys.keys()) || xs.values().zip(ys.values()).any(|(x, y)| conflict(x, y))
        }
        (a, b) => a != b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_anywhere_makes_value_unknown_and_blocks_json() {
        let v = Value::List(vec![Value::str("a"), Value::UNKNOWN].into());
        assert!(!v.is_known());
        assert!(v.to_json().is_none());
        assert!(Value::List(vec![Value::str("a")].into()).to_json().is_some());
    }

    #[test]
    fn the_language_tells_lists_from_tuples_but_comparisons_elsewhere_do_not() {
        let items = || vec![Value::str("a")];
        let (list, tuple, set) = (Value::list(items()), Value::tuple(items()), Value::set(items()));
        assert!(!list.lang_eq(&tuple) && !set.lang_eq(&list));
        assert!(list.lang_eq(&Value::list(items())));
        // A value whose kind was not tracked (read from JSON) equals either.
        assert!(Value::from(items()).lang_eq(&tuple) && Value::from(items()).lang_eq(&list));
        assert_eq!(list, tuple);
        let fields = || BTreeMap::from([("a".to_string(), Value::int(1))]);
        assert!(!Value::map(fields()).lang_eq(&Value::object(fields())));
        assert!(Value::object(vec![("x".to_string(), list.clone())].into_iter().collect())
            .lang_eq(&Value::object(vec![("x".to_string(), Value::list(items()))].into_iter().collect())));
        assert!(!Value::tuple(vec![list]).lang_eq(&Value::tuple(vec![tuple])));
    }

    #[test]
    fn numbers_stay_integers_when_whole() {
        assert_eq!(Value::num(3.0).to_string(), "3");
        assert_eq!(Value::num(1.5).to_string(), "1.5");
    }

    #[test]
    fn saved_values_keep_the_old_form_and_typed_nulls_their_type() {
        // Untyped: the form saved plans had before types were carried.
        assert_eq!(serde_json::to_string(&Value::NULL).unwrap(), r#""Null""#);
        assert_eq!(serde_json::to_string(&Value::UNKNOWN).unwrap(), r#""Unknown""#);
        let back: Value = serde_json::from_str(r#""Null""#).unwrap();
        assert!(matches!(back, Value::Null(t) if t.ty().is_none()));
        // Typed: the type comes back.
        let v = Value::list(vec![Value::null_of(&Type::Bool), Value::unknown_of(&Type::String)]);
        let back: Value = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
        let Value::List(l) = back else { panic!("a list") };
        assert!(matches!(&l[0], Value::Null(t) if t.ty() == Some(&Type::Bool)));
        assert!(matches!(&l[1], Value::Unknown(t) if t.ty() == Some(&Type::String)));
        // Kinds and element types come back too; untracked ones keep the old form.
        let v = Value::list(vec![
            Value::tuple(vec![]),
            crate::lang::unify::with_elem(Value::map(BTreeMap::new()), &Type::String),
        ]);
        let text = serde_json::to_string(&v).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(crate::lang::unify::type_string(&back), crate::lang::unify::type_string(&v));
        assert_eq!(serde_json::to_string(&Value::from(vec![Value::int(1)])).unwrap(), r#"{"List":[{"Number":1}]}"#);
        // Outside the language a type changes no comparison.
        assert_eq!(Value::null_of(&Type::Bool), Value::NULL);
    }
}
