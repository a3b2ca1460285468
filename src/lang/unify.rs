//! Terraform's type unification (cty's `convert.Unify`), over values: the one type a set of
//! values can all take, and each value converted to it. The language has no static types
//! here, so a value's type is read off the value; what unification changes in a value is
//! what a user sees: `tolist(["a", 3])` is `["a", "3"]`, `true ? 1 : "x"` is `"1"`.

use std::collections::BTreeMap;

use super::Value;

/// A value's type as unification needs it.
#[derive(Debug, Clone, PartialEq)]
enum Ty {
    /// Null or unknown: takes any type.
    Any,
    Bool,
    Number,
    String,
    Tuple(Vec<Ty>),
    List(Box<Ty>),
    Object(BTreeMap<String, Ty>),
    Map(Box<Ty>),
}

fn type_of(v: &Value) -> Ty {
    match v {
        Value::Null | Value::Unknown => Ty::Any,
        Value::Bool(_) => Ty::Bool,
        Value::Number(_) => Ty::Number,
        Value::String(_) => Ty::String,
        Value::List(l) => Ty::Tuple(l.iter().map(type_of).collect()),
        Value::Object(m) => Ty::Object(m.iter().map(|(k, v)| (k.clone(), type_of(v))).collect()),
    }
}

/// The one type all `tys` convert to, as cty's `Unify` finds it.
fn unify(tys: &[Ty]) -> Option<Ty> {
    let tys: Vec<&Ty> = tys.iter().filter(|t| **t != Ty::Any).collect();
    let Some(first) = tys.first() else { return Some(Ty::Any) };
    if tys.iter().all(|t| t == first) {
        return Some((*first).clone());
    }
    let primitive = |t: &&Ty| matches!(t, Ty::Bool | Ty::Number | Ty::String);
    if tys.iter().all(primitive) {
        // Numbers and bools convert to strings, not to each other.
        return tys.iter().any(|t| **t == Ty::String).then_some(Ty::String);
    }
    let seq = |t: &&Ty| matches!(t, Ty::Tuple(_) | Ty::List(_));
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
                Ty::List(e) => vec![(**e).clone()],
                _ => vec![],
            })
            .collect();
        return unify(&elems).map(|e| Ty::List(Box::new(e)));
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
        (v @ (Value::Null | Value::Unknown), _) | (v, Ty::Any) => v,
        (Value::Number(n), Ty::String) => Value::String(n.text()),
        (Value::Bool(b), Ty::String) => Value::String(b.to_string()),
        (Value::List(l), Ty::Tuple(ts)) => Value::List(l.into_iter().zip(ts).map(|(x, t)| convert(x, t)).collect()),
        (Value::List(l), Ty::List(t)) => Value::List(l.into_iter().map(|x| convert(x, t)).collect()),
        (Value::Object(m), Ty::Object(ts)) => Value::Object(
            m.into_iter()
                .map(|(k, x)| match ts.get(&k) {
                    Some(t) => (k, convert(x, t)),
                    None => (k, x),
                })
                .collect(),
        ),
        (Value::Object(m), Ty::Map(t)) => Value::Object(m.into_iter().map(|(k, x)| (k, convert(x, t))).collect()),
        (v, _) => v,
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
        assert_eq!(unify_values(vec![Value::int(1), Value::Null]).unwrap(), vec![Value::int(1), Value::Null]);
    }

    #[test]
    fn tuples_of_other_lengths_become_lists_and_objects_maps() {
        let a = Value::List(vec![Value::int(1)]);
        let b = Value::List(vec![s("x"), s("y")]);
        assert_eq!(unify_with(a, &b).unwrap(), Value::List(vec![s("1")]));
        let o1 = Value::Object([("a".to_string(), Value::int(1))].into());
        let o2 = Value::Object([("b".to_string(), s("x"))].into());
        assert_eq!(unify_with(o1, &o2).unwrap(), Value::Object([("a".to_string(), s("1"))].into()));
        assert!(unify_with(Value::List(vec![]), &Value::Object(BTreeMap::new())).is_none());
    }
}
