//! Typed inputs for resource verbs: a stored or planned object (every schema attribute, null
//! when unset) converted once into a Rust struct, so verbs read fields instead of looking up
//! strings. Each type lists the fields its verbs read ([`super::ResourceType::reads`], from
//! [`fields_of`]), and a registry test checks every one is an attribute or block of the type's
//! schema: a misspelt attribute name fails that test instead of reading as empty.
//!
//! The field deserializers below give the conventions every verb relied on: an empty string is
//! unset, numbers may arrive as floats, tags and lists may be null.

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::Value as Json;

use super::Obj;
use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};

/// `o` as `T`. Fails only when a value has the wrong JSON type, which the planner's type
/// checks rule out for planned objects; the error says which type and why.
pub(crate) fn typed<T: DeserializeOwned>(type_name: &'static str, o: &Obj) -> CloudResult<T> {
    // Deserialised from the borrowed map: only the fields `T` reads are copied.
    T::deserialize(o).map_err(|e| {
        CloudError::new("baseline", "Decode", ErrorKind::Invalid, "InvalidObject", format!("{type_name}: {e}"))
    })
}

/// An API shape `T` from the JSON a verb built for it (a nested block converted to the API's
/// form); fails only for a planned object the schema should have refused.
pub(crate) fn shape<T: DeserializeOwned>(type_name: &'static str, what: &str, v: &Json) -> CloudResult<T> {
    T::deserialize(v).map_err(|e| {
        CloudError::new("baseline", "Decode", ErrorKind::Invalid, "InvalidObject", format!("{type_name} {what}: {e}"))
    })
}

/// The field names of struct `T` as its `Deserialize` implementation knows them (serde's
/// derive passes them to `deserialize_struct`; this deserializer records them and stops).
pub(crate) fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("fields recorded"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
            unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    // The probe always "fails" once it has the names; the error carries nothing.
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

/// The names [`super::ResourceType::reads`] reports for input struct `T`: its fields, each
/// under `block.` when `T` is the item type of nested block `block` (`""` for the top level).
pub(crate) fn names<T: DeserializeOwned>(block: &str) -> Vec<String> {
    let prefix = if block.is_empty() { String::new() } else { format!("{block}.") };
    fields_of::<T>().iter().map(|f| format!("{prefix}{f}")).collect()
}

/// A string where null, missing and `""` all mean unset.
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Json>::deserialize(d)?.and_then(|v| v.as_str().map(str::to_string)).filter(|s| !s.is_empty()))
}

/// A string that the schema requires; null or missing (never the case in a planned object)
/// reads as `""`.
pub(crate) fn required<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(text(d)?.unwrap_or_default())
}

/// A whole number, which JSON may carry as a float.
pub(crate) fn int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<Json>::deserialize(d)?.and_then(|v| v.as_f64()).map(|f| f as i64))
}

/// A map of strings (tags); null is empty and non-string values are left out.
pub(crate) fn tags<'de, D: Deserializer<'de>>(d: D) -> Result<Tags, D::Error> {
    let v = Option::<Json>::deserialize(d)?;
    let m = v.as_ref().and_then(Json::as_object);
    Ok(m.map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
        .unwrap_or_default())
}

/// A list of strings; null is empty and non-strings are left out.
pub(crate) fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Option::<Json>::deserialize(d)?;
    let a = v.as_ref().and_then(Json::as_array);
    Ok(a.map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default())
}

/// A boolean; null is unset.
pub(crate) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(Option::<Json>::deserialize(d)?.and_then(|v| v.as_bool()))
}

/// A nested block list as typed items; null is empty.
pub(crate) fn blocks<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    match Option::<Json>::deserialize(d)? {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(v) => Vec::<T>::deserialize(v).map_err(de::Error::custom),
    }
}

/// Any JSON value as it is (nested blocks), null when unset.
pub(crate) fn raw<'de, D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
    Ok(Option::<Json>::deserialize(d)?.unwrap_or(Json::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Sample {
        #[serde(default, deserialize_with = "text")]
        name: Option<String>,
        #[serde(default, deserialize_with = "required")]
        role: String,
        #[serde(default, deserialize_with = "int")]
        max: Option<i64>,
        #[serde(default, deserialize_with = "tags")]
        tags: Tags,
        #[serde(default, deserialize_with = "strings")]
        arns: Vec<String>,
    }

    #[test]
    fn conventions_of_stored_objects_hold() {
        let o: Obj = serde_json::from_value(serde_json::json!({
            "name": "", "role": null, "max": 3600.0, "tags": {"a": "b", "n": 1}, "arns": ["x", 2], "extra": true
        }))
        .unwrap();
        let s: Sample = typed("sample", &o).unwrap();
        assert_eq!(s.name, None, "an empty string is unset");
        assert_eq!(s.role, "");
        assert_eq!(s.max, Some(3600));
        assert_eq!(s.tags, Tags::from([("a".to_string(), "b".to_string())]));
        assert_eq!(s.arns, ["x"]);
        assert_eq!(fields_of::<Sample>(), ["name", "role", "max", "tags", "arns"]);
    }
}
