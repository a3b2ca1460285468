//! Collection functions. Lists, tuples and sets are all `Value::List`; maps and objects are
//! `Value::Object`.

use std::collections::BTreeMap;

use super::{boolean, integer, list, map, string, strings, strs};
use crate::lang::number::Num;
use crate::lang::{Kind, Obj, Seq, Value};

/// Sets as `toset` leaves them: duplicates removed, strings sorted.
pub(crate) fn set_of(items: impl IntoIterator<Item = Value>) -> Vec<Value> {
    let items: Vec<Value> = items.into_iter().collect();
    if items.iter().all(|v| matches!(v, Value::String(_))) {
        // Sorted, then duplicates are neighbours: O(n log n) for sets of thousands of keys.
        let mut out = items;
        out.sort_by_cached_key(Value::as_template_string);
        out.dedup();
        return out;
    }
    // Other values keep their first occurrence's order; known ones are compared by their
    // JSON text, values with unknowns (rare, and small) one by one.
    let mut seen = std::collections::HashSet::new();
    let mut partly_unknown: Vec<Value> = Vec::new();
    let mut out: Vec<Value> = Vec::new();
    for v in items {
        let fresh = match v.to_json() {
            Some(j) => seen.insert(j.to_string()),
            None if partly_unknown.contains(&v) => false,
            None => {
                partly_unknown.push(v.clone());
                true
            }
        };
        if fresh {
            out.push(v);
        }
    }
    // cty orders a set of primitives: known values (strings by text, numbers by value, false
    // before true), then unknowns, then null.
    let rank = |v: &Value| match v {
        Value::Unknown(_) => 1,
        Value::Null(_) => 2,
        _ => 0,
    };
    let known = || out.iter().filter(|v| rank(v) == 0);
    if known().all(|v| matches!(v, Value::Number(_))) {
        out.sort_by(|a, b| {
            rank(a).cmp(&rank(b)).then(a.as_num().partial_cmp(&b.as_num()).unwrap_or(std::cmp::Ordering::Equal))
        });
    } else if known().all(|v| matches!(v, Value::Bool(_))) {
        out.sort_by_key(|v| (rank(v), matches!(v, Value::Bool(true))));
    } else if known().all(|v| matches!(v, Value::String(_))) {
        out.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.as_template_string().cmp(&b.as_template_string())));
    }
    out
}

/// The elements of every list in `lists`, converted to the one type they can all take (a
/// set function's result is a set of one element type: `setunion([1], ["a"])` is strings).
fn unified_elements(lists: &[Value]) -> Result<Vec<Vec<Value>>, String> {
    let mut all = Vec::new();
    let mut lens = Vec::new();
    for v in lists {
        let l = list(v)?;
        lens.push(l.len());
        all.extend(l.iter().cloned());
    }
    let mut all =
        crate::lang::unify::unify_values(all).ok_or("all arguments must have the same element type")?.into_iter();
    Ok(lens.into_iter().map(|n| all.by_ref().take(n).collect()).collect())
}

/// A null element counts as false, as Terraform counts it.
pub fn alltrue(a: &[Value]) -> Result<Value, String> {
    let mut all = true;
    for v in list(&a[0])? {
        all &= !v.is_null() && boolean(v)?;
    }
    Ok(Value::Bool(all))
}

pub fn anytrue(a: &[Value]) -> Result<Value, String> {
    let mut any = false;
    for v in list(&a[0])? {
        any |= !v.is_null() && boolean(v)?;
    }
    Ok(Value::Bool(any))
}

pub fn chunklist(a: &[Value]) -> Result<Value, String> {
    let l = list(&a[0])?;
    let size = integer(&a[1])?;
    if size < 0 {
        return Err("the chunk size must not be negative".into());
    }
    if size == 0 {
        return Ok(Value::list(vec![Value::list(l.to_vec())]));
    }
    Ok(Value::list(l.chunks(size as usize).map(|c| Value::list(c.to_vec())).collect()))
}

/// `coalesce(...)`: the first argument that is neither null nor an empty string.
pub fn coalesce(a: &[Value]) -> Result<Value, String> {
    // The arguments take one type first (`coalesce(1, "a")` is `"1"`).
    let a = crate::lang::unify::unify_values(a.to_vec()).ok_or("all arguments must have the same type")?;
    for v in &a {
        match v {
            Value::Null(_) => {}
            Value::String(s) if s.is_empty() => {}
            // An unknown before the first usable value could be the answer.
            // (of the arguments' type, never null).
            Value::Unknown(t) => return Ok(Value::Unknown(t.not_null())),
            v => return Ok(v.clone()),
        }
    }
    Err("no non-null, non-empty-string arguments".into())
}

pub fn coalescelist(a: &[Value]) -> Result<Value, String> {
    for v in a {
        if !list(v)?.is_empty() {
            return Ok(v.clone());
        }
    }
    Err("no non-empty list arguments".into())
}

/// `compact(list)`: without null and empty-string elements.
pub fn compact(a: &[Value]) -> Result<Value, String> {
    let mut out = Vec::new();
    for v in list(&a[0])? {
        match v {
            Value::Null(_) => {}
            Value::String(s) if s.is_empty() => {}
            v => out.push(Value::String(string(v)?)),
        }
    }
    Ok(Value::list(out))
}

pub fn concat(a: &[Value]) -> Result<Value, String> {
    let mut out = Vec::new();
    for v in a {
        out.extend(list(v)?.iter().cloned());
    }
    // Lists concatenate to a list; with a tuple among them the result is a tuple.
    let kinds: Vec<Kind> = a.iter().map(super::kind).collect();
    let kind = if kinds.iter().all(|k| *k == Kind::Collection) {
        Kind::Collection
    } else if kinds.contains(&Kind::Structural) {
        Kind::Structural
    } else {
        Kind::Unset
    };
    Ok(Value::List(Seq::with_kind(out, kind)))
}

pub fn contains(a: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(list(&a[0])?.contains(&a[1])))
}

pub fn distinct(a: &[Value]) -> Result<Value, String> {
    let mut out: Vec<Value> = Vec::new();
    for v in unified_elements(&a[..1])?.concat() {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(Value::list(out))
}

/// `element(list, index)`: wraps around past the end.
pub fn element(a: &[Value]) -> Result<Value, String> {
    let l = list(&a[0])?;
    let i = integer(&a[1])?;
    if l.is_empty() {
        return Err("cannot use element function with an empty list".into());
    }
    if i < 0 {
        return Err("cannot use element function with a negative index".into());
    }
    Ok(l[i as usize % l.len()].clone())
}

pub fn flatten(a: &[Value]) -> Result<Value, String> {
    use crate::lang::Type;
    /// False when an unknown might be a list, so the shape of the result is not known.
    fn walk(items: &[Value], out: &mut Vec<Value>) -> bool {
        for v in items {
            match v {
                Value::List(inner) => {
                    if !walk(inner, out) {
                        return false;
                    }
                }
                // An unknown string or object is one element; an unknown list, or one of no
                // known type, could hold any number.
                Value::Unknown(t) if !matches!(t.ty(), Some(t) if !matches!(t, Type::Dynamic | Type::List(_) | Type::Set(_) | Type::Tuple(_))) => {
                    return false
                }
                other => out.push(other.clone()),
            }
        }
        true
    }
    if a[0].is_unknown() {
        return Ok(Value::UNKNOWN);
    }
    let mut out = Vec::new();
    if !walk(list(&a[0])?, &mut out) {
        return Ok(Value::UNKNOWN);
    }
    // Terraform's flatten gives a tuple whatever it flattens.
    Ok(Value::tuple(out))
}

pub fn index(a: &[Value]) -> Result<Value, String> {
    match list(&a[0])?.iter().position(|v| v == &a[1]) {
        Some(i) => Ok(Value::int(i as i64)),
        None => Err(format!("item {} not found", a[1])),
    }
}

pub fn keys(a: &[Value]) -> Result<Value, String> {
    let keys = map(&a[0])?.keys().cloned().map(Value::String).collect();
    Ok(Value::List(Seq::with_kind(keys, same_shape(&a[0]))))
}

pub fn values(a: &[Value]) -> Result<Value, String> {
    Ok(Value::List(Seq::with_kind(map(&a[0])?.values().cloned().collect(), same_shape(&a[0]))))
}

/// A result's kind following its argument's shape, as cty's functions type it: from a map or
/// list a list (or map), from an object or tuple a tuple (or object).
fn same_shape(v: &Value) -> Kind {
    match super::kind(v) {
        Kind::Set => Kind::Collection,
        k => k,
    }
}

pub fn length(a: &[Value]) -> Result<Value, String> {
    match &a[0] {
        Value::List(v) => Ok(Value::int(v.len() as i64)),
        Value::Object(m) => Ok(Value::int(m.len() as i64)),
        // In grapheme clusters, as Terraform: `length("💃🏾")` is 1.
        Value::String(s) => {
            Ok(Value::int(unicode_segmentation::UnicodeSegmentation::graphemes(s.as_str(), true).count() as i64))
        }
        v => Err(format!("cannot take the length of a {}", v.type_name())),
    }
}

pub fn list_removed(_: &[Value]) -> Result<Value, String> {
    Err("the `list` function was removed in Terraform 0.15; write a list as `[a, b]`, or use `tolist([...])`".into())
}

pub fn map_removed(_: &[Value]) -> Result<Value, String> {
    Err("the `map` function was removed in Terraform 0.15; write a map as `{ k = v }`, or use `tomap({...})`".into())
}

/// `lookup(map, key, default)`: the default when the key is absent.
pub fn lookup(a: &[Value]) -> Result<Value, String> {
    let m = match &a[0] {
        Value::Null(_) => return Err("argument 1 must not be null".into()),
        v => map(v)?,
    };
    let key = string(&a[1])?;
    match (m.get(&key), a.get(2)) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => Err(format!("the map has no key {key:?} and no default was given")),
    }
}

pub fn matchkeys(a: &[Value]) -> Result<Value, String> {
    let values = list(&a[0])?;
    let keys = list(&a[1])?;
    let search = list(&a[2])?;
    if values.len() != keys.len() {
        return Err("the values and keys lists must have the same length".into());
    }
    Ok(Value::List(values.iter().zip(keys).filter(|(_, k)| search.contains(k)).map(|(v, _)| v.clone()).collect()))
}

pub fn merge(a: &[Value]) -> Result<Value, String> {
    let mut out = BTreeMap::new();
    for v in a {
        match v {
            Value::Null(_) => {}
            v => out.extend(map(v)?.clone()),
        }
    }
    // Maps merge to a map; with an object among them the result is an object.
    let kind = if a.iter().all(|v| matches!(super::kind(v), Kind::Collection) || v.is_null()) {
        Kind::Collection
    } else {
        Kind::Structural
    };
    Ok(Value::Object(Obj::with_kind(out, kind)))
}

/// `one(list)`: null for an empty list, the element of a one-element list.
pub fn one(a: &[Value]) -> Result<Value, String> {
    match &a[0] {
        Value::Null(_) => Err("argument must not be null".into()),
        v => match list(v)?.as_slice() {
            [] => Ok(Value::NULL),
            [x] => Ok(x.clone()),
            _ => Err("must be a list, set, or tuple value with either zero or one elements".into()),
        },
    }
}

/// `range(end)`, `range(start, end)`, `range(start, end, step)`; at most 1024 elements.
pub fn range(a: &[Value]) -> Result<Value, String> {
    let nums: Vec<Num> = a.iter().map(super::num).collect::<Result<_, _>>()?;
    let (start, end) = match nums.as_slice() {
        [e] => (Num::zero(), e.clone()),
        [s, e, ..] => (s.clone(), e.clone()),
        [] => return Err("expects 1 to 3 arguments".into()),
    };
    let step = match nums.get(2) {
        Some(s) => s.clone(),
        None => Num::from_i64(if start > end { -1 } else { 1 }),
    };
    if step.is_zero() {
        return Err("the step must not be zero".into());
    }
    let up = step.sign() > 0;
    let mut out = Vec::new();
    let mut x = start;
    while (up && x < end) || (!up && x > end) {
        if out.len() >= 1024 {
            return Err("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step".into());
        }
        let next = x.add(&step).map_err(str::to_string)?;
        out.push(Value::Number(x));
        x = next;
    }
    Ok(Value::list(out))
}

pub fn reverse(a: &[Value]) -> Result<Value, String> {
    Ok(Value::List(Seq::with_kind(list(&a[0])?.iter().rev().cloned().collect(), super::kind(&a[0]))))
}

pub fn setintersection(a: &[Value]) -> Result<Value, String> {
    let mut sets = unified_elements(a)?.into_iter();
    let mut out = set_of(sets.next().unwrap_or_default());
    for other in sets {
        out.retain(|x| other.contains(x));
    }
    Ok(Value::set(out))
}

pub fn setunion(a: &[Value]) -> Result<Value, String> {
    Ok(Value::set(set_of(unified_elements(a)?.concat())))
}

pub fn setsubtract(a: &[Value]) -> Result<Value, String> {
    let sets = unified_elements(&a[..2])?;
    Ok(Value::set(set_of(sets[0].iter().filter(|x| !sets[1].contains(x)).cloned())))
}

/// `setproduct(sets...)`: every combination, as lists, in order.
pub fn setproduct(a: &[Value]) -> Result<Value, String> {
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for v in a {
        let items = list(v)?;
        let mut next = Vec::with_capacity(out.len() * items.len());
        for prefix in &out {
            for x in items {
                let mut p = prefix.clone();
                p.push(x.clone());
                next.push(p);
            }
        }
        out = next;
    }
    // Tuples of one element from each; a set of them when any argument is a set.
    let items = out.into_iter().map(Value::tuple).collect();
    Ok(if a.iter().any(|v| super::kind(v) == Kind::Set) { Value::set(items) } else { Value::list(items) })
}

pub fn slice(a: &[Value]) -> Result<Value, String> {
    let l = list(&a[0])?;
    let (start, end) = (integer(&a[1])?, integer(&a[2])?);
    if start < 0 || end < start || end as usize > l.len() {
        return Err(format!("cannot slice a list of {} elements from {start} to {end}", l.len()));
    }
    Ok(Value::List(Seq::with_kind(l[start as usize..end as usize].to_vec(), super::kind(&a[0]))))
}

/// `sort(list)`: strings in lexical order (numbers are sorted as their strings, as
/// Terraform).
pub fn sort(a: &[Value]) -> Result<Value, String> {
    // With an unknown element no position is known, only how many there are.
    if let Value::List(l) = &a[0] {
        if l.iter().any(|v| !v.is_known()) {
            return Ok(Value::list(vec![Value::UNKNOWN; l.len()]));
        }
    }
    let mut s = strings(&a[0])?;
    s.sort();
    Ok(strs(s))
}

pub fn sum(a: &[Value]) -> Result<Value, String> {
    let l = list(&a[0])?;
    if l.is_empty() {
        return Err("cannot sum an empty list".into());
    }
    let mut total = super::num(&l[0])?;
    for v in &l[1..] {
        total = total.add(&super::num(v)?).map_err(str::to_string)?;
    }
    Ok(Value::Number(total))
}

/// `transpose(map of lists of strings)`: values become keys and keys values.
pub fn transpose(a: &[Value]) -> Result<Value, String> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in map(&a[0])? {
        for s in strings(v)? {
            out.entry(s).or_default().push(k.clone());
        }
    }
    Ok(Value::map(
        out.into_iter()
            .map(|(k, mut v)| {
                v.sort();
                (k, strs(v))
            })
            .collect(),
    ))
}

pub fn zipmap(a: &[Value]) -> Result<Value, String> {
    let keys = strings(&a[0])?;
    let values = list(&a[1])?;
    if keys.len() != values.len() {
        return Err(format!(
            "the number of keys ({}) does not match the number of values ({})",
            keys.len(),
            values.len()
        ));
    }
    Ok(Value::Object(Obj::with_kind(keys.into_iter().zip(values.iter().cloned()).collect(), same_shape(&a[1]))))
}
