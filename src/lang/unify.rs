//! Terraform's type unification (cty's `convert.Unify`), over values: the one type a set of
//! values can all take, and each value converted to it. The language has no static types
//! here, so a value's type is read off the value; what unification changes in a value is
//! what a user sees: `tolist(["a", 3])` is `["a", "3"]`, `true ? 1 : "x"` is `"1"`.

use std::collections::BTreeMap;

use super::{Kind, Seq, Value};

use super::types::{TyId, Type as Ty, Typed};

/// A value's type: a null's or an unknown's as it carries it (`dynamic` when it carries none),
/// a collection's element type as its conversion recorded it, or else read off the elements.
pub fn type_of(v: &Value) -> Ty {
    match v {
        Value::Null(t) | Value::Unknown(t) => t.ty().cloned().unwrap_or(Ty::Dynamic),
        Value::Bool(_) => Ty::Bool,
        Value::Number(_) => Ty::Number,
        Value::String(_) => Ty::String,
        // A list's (or set's) elements share one type; a tuple's each have their own.
        Value::List(l) if matches!(l.kind, Kind::Collection | Kind::Set) => {
            let elem = Box::new(match l.elem {
                Some(id) => id.get().clone(),
                None => unify(&l.iter().map(type_of).collect::<Vec<_>>()).unwrap_or(Ty::Dynamic),
            });
            if l.kind == Kind::Set {
                Ty::Set(elem)
            } else {
                Ty::List(elem)
            }
        }
        Value::List(l) => Ty::Tuple(l.iter().map(type_of).collect()),
        Value::Object(m) if m.kind == Kind::Collection => Ty::Map(Box::new(match m.elem {
            Some(id) => id.get().clone(),
            None => unify(&m.values().map(type_of).collect::<Vec<_>>()).unwrap_or(Ty::Dynamic),
        })),
        Value::Object(m) => Ty::Object(m.iter().map(|(k, v)| (k.clone(), type_of(v))).collect()),
    }
}

/// The one type all `tys` convert to, as cty's `Unify` finds it.
fn unify(tys: &[Ty]) -> Option<Ty> {
    let tys: Vec<&Ty> = tys.iter().filter(|t| **t != Ty::Dynamic).collect();
    let Some(first) = tys.first() else { return Some(Ty::Dynamic) };
    if tys.iter().all(|t| t == first) {
        return Some((*first).clone());
    }
    let primitive = |t: &&Ty| matches!(t, Ty::Bool | Ty::Number | Ty::String);
    if tys.iter().all(primitive) {
        // Numbers and bools convert to strings, not to each other.
        return tys.iter().any(|t| **t == Ty::String).then_some(Ty::String);
    }
    let seq = |t: &&Ty| matches!(t, Ty::Tuple(_) | Ty::List(_) | Ty::Set(_));
    if tys.iter().all(seq) {
        let tuples: Option<Vec<&Vec<Ty>>> =
            tys.iter().map(|t| if let Ty::Tuple(e) = t { Some(e) } else { None }).collect();
        if let Some(tuples) = &tuples {
            if tuples.iter().all(|e| e.len() == tuples[0].len()) {
                let each =
                    (0..tuples[0].len()).map(|i| unify(&tuples.iter().map(|e| e[i].clone()).collect::<Vec<_>>()));
                return each.collect::<Option<Vec<_>>>().map(Ty::Tuple);
            }
        }
        let elems: Vec<Ty> = tys
            .iter()
            .flat_map(|t| match t {
                Ty::Tuple(e) => e.clone(),
                Ty::List(e) | Ty::Set(e) => vec![(**e).clone()],
                _ => vec![],
            })
            .collect();
        // A list wins over a set, and a set over tuples (`true ? toset(…) : []` is a set).
        let set = tys.iter().any(|t| matches!(t, Ty::Set(_))) && !tys.iter().any(|t| matches!(t, Ty::List(_)));
        return unify(&elems).map(|e| if set { Ty::Set(Box::new(e)) } else { Ty::List(Box::new(e)) });
    }
    let keyed = |t: &&Ty| matches!(t, Ty::Object(_) | Ty::Map(_));
    if tys.iter().all(keyed) {
        let objects: Option<Vec<&BTreeMap<String, Ty>>> =
            tys.iter().map(|t| if let Ty::Object(a) = t { Some(a) } else { None }).collect();
        if let Some(objects) = &objects {
            if objects.iter().all(|a| a.keys().eq(objects[0].keys())) {
                let each = objects[0]
                    .keys()
                    .map(|k| unify(&objects.iter().map(|a| a[k].clone()).collect::<Vec<_>>()).map(|t| (k.clone(), t)));
                return each.collect::<Option<BTreeMap<_, _>>>().map(Ty::Object);
            }
        }
        let elems: Vec<Ty> = tys
            .iter()
            .flat_map(|t| match t {
                Ty::Object(a) => a.values().cloned().collect(),
                Ty::Map(e) => vec![(**e).clone()],
                _ => vec![],
            })
            .collect();
        return unify(&elems).map(|e| Ty::Map(Box::new(e)));
    }
    None
}

/// `v` converted to `ty` (which unification chose, so the conversion exists).
fn convert(v: Value, ty: &Ty) -> Value {
    match (v, ty) {
        (v, Ty::Dynamic) => v,
        // A null or an unknown takes the type it is converted to: `true ? null : "a"` is a
        // null string.
        (Value::Null(_), t) => Value::Null(Typed::of(t)),
        (Value::Unknown(_), t) => Value::Unknown(Typed::of(t)),
        (Value::Number(n), Ty::String) => Value::String(n.text()),
        (Value::Bool(b), Ty::String) => Value::String(b.to_string()),
        (Value::List(l), Ty::Tuple(ts)) => {
            let kind = l.kind;
            Value::List(Seq::with_kind(l.into_iter().zip(ts).map(|(x, t)| convert(x, t)).collect(), kind))
        }
        (Value::List(l), Ty::List(t)) => with_elem(Value::list(l.into_iter().map(|x| convert(x, t)).collect()), t),
        (Value::List(l), Ty::Set(t)) => {
            let items: Vec<Value> = l.into_iter().map(|x| convert(x, t)).collect();
            with_elem(Value::set(crate::lang::functions::set_of(items)), t)
        }
        (Value::Object(m), Ty::Object(ts)) => Value::object(
            m.into_iter()
                .map(|(k, x)| match ts.get(&k) {
                    Some(t) => (k, convert(x, t)),
                    None => (k, x),
                })
                .collect(),
        ),
        (Value::Object(m), Ty::Map(t)) => {
            with_elem(Value::map(m.into_iter().map(|(k, x)| (k, convert(x, t))).collect()), t)
        }
        (v, _) => v,
    }
}

/// `v` (a list, set or map) recorded as holding elements of type `elem`, so that an empty one
/// still knows it (`tolist([])` of `list(string)`); `dynamic` records nothing.
pub fn with_elem(mut v: Value, elem: &Ty) -> Value {
    if *elem == Ty::Dynamic {
        return v;
    }
    let id = Some(TyId::of(elem));
    match &mut v {
        Value::List(l) => l.elem = id,
        Value::Object(m) => m.elem = id,
        _ => {}
    }
    v
}

/// The value's type as `type()` shows it in the console: primitives and collections of
/// them on one line, tuples and objects (and collections of them) over several, indented.
pub fn type_string(v: &Value) -> String {
    fn simple(t: &Ty) -> bool {
        match t {
            Ty::List(e) | Ty::Set(e) | Ty::Map(e) => simple(e),
            Ty::Tuple(_) | Ty::Object(_) => false,
            _ => true,
        }
    }
    fn write(t: &Ty, indent: usize, out: &mut String) {
        let pad = "    ".repeat(indent + 1);
        let close = "    ".repeat(indent);
        match t {
            Ty::Dynamic => out.push_str("dynamic"),
            Ty::Bool => out.push_str("bool"),
            Ty::Number => out.push_str("number"),
            Ty::String => out.push_str("string"),
            Ty::List(e) | Ty::Set(e) | Ty::Map(e) => {
                let name = match t {
                    Ty::List(_) => "list",
                    Ty::Set(_) => "set",
                    _ => "map",
                };
                out.push_str(name);
                out.push('(');
                if simple(e) {
                    write(e, indent, out);
                } else {
                    out.push('\n');
                    out.push_str(&pad);
                    write(e, indent + 1, out);
                    out.push_str(",\n");
                    out.push_str(&close);
                }
                out.push(')');
            }
            Ty::Tuple(es) if es.is_empty() => out.push_str("tuple([])"),
            Ty::Object(m) if m.is_empty() => out.push_str("object({})"),
            Ty::Tuple(es) => {
                out.push_str("tuple([\n");
                for e in es {
                    out.push_str(&pad);
                    write(e, indent + 1, out);
                    out.push_str(",\n");
                }
                out.push_str(&close);
                out.push_str("])");
            }
            Ty::Object(m) => {
                out.push_str("object({\n");
                for (k, e) in m {
                    out.push_str(&pad);
                    out.push_str(k);
                    out.push_str(": ");
                    write(e, indent + 1, out);
                    out.push_str(",\n");
                }
                out.push_str(&close);
                out.push_str("})");
            }
        }
    }
    let mut out = String::new();
    write(&type_of(v), 0, &mut out);
    out
}

/// The value's type in Terraform's JSON type notation, as its state and `output -json`
/// record it: `"string"`, `["list","string"]`, `["object",{"a":"number"}]`.
pub fn type_json(v: &Value) -> serde_json::Value {
    use serde_json::{json, Value as Json};
    fn render(t: &Ty) -> Json {
        match t {
            Ty::Dynamic => json!("dynamic"),
            Ty::Bool => json!("bool"),
            Ty::Number => json!("number"),
            Ty::String => json!("string"),
            Ty::List(e) => json!(["list", render(e)]),
            Ty::Set(e) => json!(["set", render(e)]),
            Ty::Map(e) => json!(["map", render(e)]),
            Ty::Tuple(es) => json!(["tuple", es.iter().map(render).collect::<Vec<_>>()]),
            Ty::Object(m) => {
                json!(["object", m.iter().map(|(k, e)| (k.clone(), render(e))).collect::<serde_json::Map<_, _>>()])
            }
        }
    }
    render(&type_of(v))
}

/// A type written in Terraform's JSON type notation; `None` when `j` is not one.
pub fn type_from_json(j: &serde_json::Value) -> Option<Ty> {
    use serde_json::Value as Json;
    Some(match j {
        Json::String(s) => match s.as_str() {
            "dynamic" => Ty::Dynamic,
            "bool" => Ty::Bool,
            "number" => Ty::Number,
            "string" => Ty::String,
            _ => return None,
        },
        Json::Array(t) if t.len() == 2 => match (t[0].as_str()?, &t[1]) {
            ("list", e) => Ty::List(Box::new(type_from_json(e)?)),
            ("set", e) => Ty::Set(Box::new(type_from_json(e)?)),
            ("map", e) => Ty::Map(Box::new(type_from_json(e)?)),
            ("tuple", Json::Array(es)) => Ty::Tuple(es.iter().map(type_from_json).collect::<Option<_>>()?),
            ("object", Json::Object(m)) => {
                Ty::Object(m.iter().map(|(k, e)| Some((k.clone(), type_from_json(e)?))).collect::<Option<_>>()?)
            }
            _ => return None,
        },
        _ => return None,
    })
}

/// A JSON value read as the type `ty` (Terraform's JSON type notation) says: the kinds of its
/// lists, sets and maps restored, and the types of its nulls, as a state's recorded output is
/// read back.
pub fn from_json_typed(j: &serde_json::Value, ty: &serde_json::Value) -> Value {
    match type_from_json(ty) {
        Some(t) => from_json_as(j, &t),
        None => Value::from_json(j),
    }
}

fn from_json_as(j: &serde_json::Value, ty: &Ty) -> Value {
    use serde_json::Value as Json;
    match (ty, j) {
        (Ty::Dynamic, _) => Value::from_json(j),
        (t, Json::Null) => Value::Null(Typed::of(t)),
        (Ty::List(e), Json::Array(a)) => with_elem(Value::list(a.iter().map(|x| from_json_as(x, e)).collect()), e),
        (Ty::Set(e), Json::Array(a)) => with_elem(Value::set(a.iter().map(|x| from_json_as(x, e)).collect()), e),
        (Ty::Tuple(ts), Json::Array(a)) => Value::tuple(
            a.iter()
                .enumerate()
                .map(|(i, x)| ts.get(i).map_or_else(|| Value::from_json(x), |t| from_json_as(x, t)))
                .collect(),
        ),
        (Ty::Map(e), Json::Object(o)) => {
            with_elem(Value::map(o.iter().map(|(k, x)| (k.clone(), from_json_as(x, e))).collect()), e)
        }
        (Ty::Object(ts), Json::Object(o)) => Value::object(
            o.iter()
                .map(|(k, x)| (k.clone(), ts.get(k).map_or_else(|| Value::from_json(x), |t| from_json_as(x, t))))
                .collect(),
        ),
        _ => Value::from_json(j),
    }
}

/// The values converted to the one type they can all take; `None` when there is none.
pub fn unify_values(values: Vec<Value>) -> Option<Vec<Value>> {
    let ty = unify(&values.iter().map(type_of).collect::<Vec<_>>())?;
    Some(values.into_iter().map(|v| convert(v, &ty)).collect())
}

/// `chosen` converted to the type it and `other` unify to (a conditional's result, whose
/// two arms must agree); `None` when they have no common type.
pub fn unify_with(chosen: Value, other: &Value) -> Option<Value> {
    let ty = unify(&[type_of(&chosen), type_of(other)])?;
    Some(convert(chosen, &ty))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    #[test]
    fn primitives_unify_to_string_when_one_is() {
        let out = unify_values(vec![s("a"), Value::int(3), Value::Bool(true)]).unwrap();
        assert_eq!(out, vec![s("a"), s("3"), s("true")]);
        assert!(unify_values(vec![Value::int(1), Value::Bool(true)]).is_none());
        assert_eq!(unify_values(vec![Value::int(1), Value::NULL]).unwrap(), vec![Value::int(1), Value::NULL]);
    }

    #[test]
    fn tuples_of_other_lengths_become_lists_and_objects_maps() {
        let a = Value::List(vec![Value::int(1)].into());
        let b = Value::List(vec![s("x"), s("y")].into());
        assert_eq!(unify_with(a, &b).unwrap(), Value::List(vec![s("1")].into()));
        let o1 = Value::from(BTreeMap::from([("a".to_string(), Value::int(1))]));
        let o2 = Value::from(BTreeMap::from([("b".to_string(), s("x"))]));
        assert_eq!(unify_with(o1, &o2).unwrap(), Value::from(BTreeMap::from([("a".to_string(), s("1"))])));
        assert!(unify_with(Value::List(vec![].into()), &Value::Object(BTreeMap::new().into())).is_none());
    }
}
