//! Variable type constraints (`string`, `list(string)`, `object({...})`) and conversion of
//! values to them.

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ObjectKey};

use crate::lang::Value;

/// A variable's declared type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeConstraint {
    Any,
    String,
    Number,
    Bool,
    List(Box<TypeConstraint>),
    Set(Box<TypeConstraint>),
    Map(Box<TypeConstraint>),
    Object(BTreeMap<String, TypeConstraint>),
    Tuple(Vec<TypeConstraint>),
}

impl TypeConstraint {
    /// Parses a type expression; `Err` names what is wrong.
    pub fn parse(expr: &Expression) -> Result<TypeConstraint, String> {
        match expr {
            Expression::Variable(v) => match v.as_str() {
                "any" => Ok(TypeConstraint::Any),
                "string" => Ok(TypeConstraint::String),
                "number" => Ok(TypeConstraint::Number),
                "bool" => Ok(TypeConstraint::Bool),
                "list" | "set" | "map" => Err(format!("`{}` needs an element type, e.g. `{}(string)`", v.as_str(), v.as_str())),
                other => Err(format!("`{other}` is not a type; use string, number, bool, list(...), set(...), map(...), object({{...}}), tuple([...]) or any")),
            },
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str();
                let args: Vec<&Expression> = f.args.iter().collect();
                if args.len() != 1 {
                    return Err(format!("`{name}(...)` takes exactly one argument"));
                }
                match name {
                    "list" => Ok(TypeConstraint::List(Box::new(TypeConstraint::parse(args[0])?))),
                    "set" => Ok(TypeConstraint::Set(Box::new(TypeConstraint::parse(args[0])?))),
                    "map" => Ok(TypeConstraint::Map(Box::new(TypeConstraint::parse(args[0])?))),
                    "object" => {
                        let Expression::Object(o) = args[0] else { return Err("`object` takes `{ name = type, ... }`".into()) };
                        let mut m = BTreeMap::new();
                        for (k, v) in o.iter() {
                            let key = match k {
                                ObjectKey::Ident(i) => i.as_str().to_string(),
                                ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                                ObjectKey::Expression(Expression::Variable(i)) => i.as_str().to_string(),
                                _ => return Err("object attribute names must be plain names".into()),
                            };
                            m.insert(key, TypeConstraint::parse(v.expr())?);
                        }
                        Ok(TypeConstraint::Object(m))
                    }
                    "tuple" => {
                        let Expression::Array(a) = args[0] else { return Err("`tuple` takes `[type, ...]`".into()) };
                        Ok(TypeConstraint::Tuple(a.iter().map(TypeConstraint::parse).collect::<Result<_, _>>()?))
                    }
                    "optional" => Err("`optional(...)` attributes are not supported yet".into()),
                    other => Err(format!("`{other}(...)` is not a type constructor")),
                }
            }
            _ => Err("expected a type such as string, number, bool, list(string) or map(string)".into()),
        }
    }

    /// True for `string`: a command-line value is then taken literally.
    pub fn is_string(&self) -> bool {
        matches!(self, TypeConstraint::String)
    }

    /// Converts `v` to this type, as Terraform does; `Err` says why it cannot.
    pub fn convert(&self, v: &Value) -> Result<Value, String> {
        use TypeConstraint as T;
        if matches!(v, Value::Null | Value::Unknown) {
            return Ok(v.clone());
        }
        match self {
            T::Any => Ok(v.clone()),
            T::String | T::Number | T::Bool => {
                let ty = match self {
                    T::String => crate::schema::Ty::String,
                    T::Number => crate::schema::Ty::Number,
                    _ => crate::schema::Ty::Bool,
                };
                crate::schema::convert(v, ty)
            }
            T::List(e) | T::Set(e) => {
                let Value::List(items) = v else {
                    return Err(format!("expected a list, got {}", v.type_name()));
                };
                let mut out = items.iter().map(|i| e.convert(i)).collect::<Result<Vec<_>, _>>()?;
                if matches!(self, T::Set(_)) {
                    out.sort_by_key(|x| x.to_string());
                    out.dedup();
                }
                Ok(Value::List(out))
            }
            T::Map(e) => {
                let Value::Object(m) = v else {
                    return Err(format!("expected a map, got {}", v.type_name()));
                };
                Ok(Value::Object(m.iter().map(|(k, x)| Ok((k.clone(), e.convert(x)?))).collect::<Result<_, String>>()?))
            }
            T::Object(attrs) => {
                let Value::Object(m) = v else {
                    return Err(format!("expected an object, got {}", v.type_name()));
                };
                let mut out = BTreeMap::new();
                for (k, t) in attrs {
                    let x = m.get(k).ok_or_else(|| format!("attribute `{k}` is required"))?;
                    out.insert(k.clone(), t.convert(x).map_err(|e| format!("attribute `{k}`: {e}"))?);
                }
                if let Some(extra) = m.keys().find(|k| !attrs.contains_key(*k)) {
                    return Err(format!("unexpected attribute `{extra}`"));
                }
                Ok(Value::Object(out))
            }
            T::Tuple(ts) => {
                let Value::List(items) = v else {
                    return Err(format!("expected a tuple, got {}", v.type_name()));
                };
                if items.len() != ts.len() {
                    return Err(format!("expected {} elements, got {}", ts.len(), items.len()));
                }
                Ok(Value::List(ts.iter().zip(items).map(|(t, i)| t.convert(i)).collect::<Result<_, _>>()?))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> TypeConstraint {
        TypeConstraint::parse(&hcl_edit::parser::parse_expr(s).unwrap()).unwrap()
    }

    #[test]
    fn parses_and_converts() {
        assert_eq!(
            ty("list(string)").convert(&Value::List(vec![Value::num(1.0)])).unwrap(),
            Value::List(vec![Value::str("1")])
        );
        assert!(ty("map(number)").convert(&Value::str("x")).is_err());
        let o = ty("object({ name = string, n = number })");
        assert!(o.convert(&Value::Object(BTreeMap::from([("name".to_string(), Value::str("a"))]))).is_err());
        assert!(TypeConstraint::parse(&hcl_edit::parser::parse_expr("strng").unwrap()).is_err());
    }
}
