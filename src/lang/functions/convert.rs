//! Type conversion functions.

use super::collection::set_of;
use super::{list, map};
use crate::lang::{Type, Value};

pub fn tobool(a: &[Value]) -> Result<Value, String> {
    match &a[0] {
        Value::Null(_) => Ok(Value::null_of(&Type::Bool)),
        v => super::boolean(v).map(Value::Bool).map_err(|_| format!("cannot convert {} to bool", super::describe(v))),
    }
}

pub fn tonumber(a: &[Value]) -> Result<Value, String> {
    match &a[0] {
        Value::Null(_) => Ok(Value::null_of(&Type::Number)),
        Value::Number(_) => Ok(a[0].clone()),
        Value::String(s) => crate::lang::number::Num::parse(s).map(Value::Number).ok_or_else(|| {
            format!("cannot convert {s:?} to number; given string must be a decimal representation of a number")
        }),
        v => Err(format!("cannot convert {} to number", v.type_name())),
    }
}

pub fn tostring(a: &[Value]) -> Result<Value, String> {
    match &a[0] {
        Value::Null(_) => Ok(Value::null_of(&Type::String)),
        v => v
            .as_template_string()
            .map(Value::String)
            .ok_or_else(|| format!("cannot convert {} to string", v.type_name())),
    }
}

/// The elements of a tuple converted to the one type they can all take (a list's).
fn unified(elems: Vec<Value>, to: &str) -> Result<Vec<Value>, String> {
    crate::lang::unify::unify_values(elems)
        .ok_or_else(|| format!("cannot convert to {to}: all elements must have the same type"))
}

pub fn tolist(a: &[Value]) -> Result<Value, String> {
    match &a[0] {
        Value::Null(_) => Ok(Value::null_of(&Type::List(Box::new(Type::Dynamic)))),
        v => {
            let l = list(v).map_err(|_| format!("cannot convert {} to list", v.type_name()))?;
            Ok(Value::list(unified(l.clone(), "list")?))
        }
    }
}

pub fn toset(a: &[Value]) -> Result<Value, String> {
    match &a[0] {
        Value::Null(_) => Ok(Value::null_of(&Type::Set(Box::new(Type::Dynamic)))),
        v => {
            let l = list(v).map_err(|_| format!("cannot convert {} to set", v.type_name()))?;
            Ok(Value::set(set_of(unified(l.clone(), "set")?)))
        }
    }
}

pub fn tomap(a: &[Value]) -> Result<Value, String> {
    match &a[0] {
        Value::Null(_) => Ok(Value::null_of(&Type::Map(Box::new(Type::Dynamic)))),
        v => {
            let m = map(v).map_err(|_| format!("cannot convert {} to map", v.type_name()))?;
            let (keys, vals): (Vec<String>, Vec<Value>) = m.clone().into_iter().unzip();
            Ok(Value::map(keys.into_iter().zip(unified(vals, "map")?).collect()))
        }
    }
}

/// `type(value)`: the value's type, written as a type constraint.
pub fn type_of(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(crate::lang::unify::type_string(&a[0])))
}
