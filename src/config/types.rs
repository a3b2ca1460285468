//! Variable type constraints (`string`, `list(string)`, `object({...})`) and conversion of
//! values to them.

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ObjectKey};

use crate::lang::unify::with_elem;
use crate::lang::{Type, Value};

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
    Object(BTreeMap<String, ObjectAttr>),
    Tuple(Vec<TypeConstraint>),
}

/// One attribute of an `object({...})` type.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectAttr {
    pub ty: TypeConstraint,
    /// `optional(T)` or `optional(T, default)`: may be omitted (or null).
    pub optional: bool,
    /// The default of `optional(T, default)`, already converted to `T`.
    pub default: Option<Value>,
}

const NOT_A_TYPE: &str = "use string, number, bool, list(...), set(...), map(...), object({...}), tuple([...]) or any";

impl TypeConstraint {
    /// Parses a type expression; `Err` names what is wrong. A quoted type (`"list"`, from
    /// Terraform 0.11) is `Err` too: [`TypeConstraint::parse_legacy`] reads those.
    pub fn parse(expr: &Expression) -> Result<TypeConstraint, String> {
        Self::parse_in(expr, false)
    }

    /// Reads Terraform 0.11's quoted types: `"string"`, `"list"` (`list(any)`) and `"map"`.
    pub fn parse_legacy(expr: &Expression) -> Option<TypeConstraint> {
        let Expression::String(s) = expr else { return None };
        match s.value().as_str() {
            "string" => Some(TypeConstraint::String),
            "list" => Some(TypeConstraint::List(Box::new(TypeConstraint::Any))),
            "map" => Some(TypeConstraint::Map(Box::new(TypeConstraint::Any))),
            _ => None,
        }
    }

    fn parse_in(expr: &Expression, in_object: bool) -> Result<TypeConstraint, String> {
        use TypeConstraint as T;
        match expr {
            Expression::Variable(v) => match v.as_str() {
                "any" => Ok(T::Any),
                "string" => Ok(T::String),
                "number" => Ok(T::Number),
                "bool" => Ok(T::Bool),
                // A bare collection keyword means a collection of `any`, as in Terraform.
                "list" => Ok(T::List(Box::new(T::Any))),
                "set" => Ok(T::Set(Box::new(T::Any))),
                "map" => Ok(T::Map(Box::new(T::Any))),
                other => Err(format!("`{other}` is not a type; {NOT_A_TYPE}")),
            },
            Expression::String(s) => Err(format!(
                "quoted type constraints are a Terraform 0.11 form; write `{}` without quotes",
                match s.value().as_str() {
                    "list" => "list(string)",
                    "map" => "map(string)",
                    other => other,
                }
            )),
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str();
                let args: Vec<&Expression> = f.args.iter().collect();
                if name == "optional" {
                    return Err(if in_object {
                        "`optional(...)` is allowed only as the type of an object attribute".into()
                    } else {
                        "`optional(...)` is allowed only inside `object({...})`".into()
                    });
                }
                if args.len() != 1 {
                    return Err(format!("`{name}(...)` takes exactly one argument"));
                }
                match name {
                    "list" => Ok(T::List(Box::new(Self::parse_in(args[0], false)?))),
                    "set" => Ok(T::Set(Box::new(Self::parse_in(args[0], false)?))),
                    "map" => Ok(T::Map(Box::new(Self::parse_in(args[0], false)?))),
                    "object" => {
                        let Expression::Object(o) = args[0] else {
                            return Err("`object` takes `{ name = type, ... }`".into());
                        };
                        let mut m = BTreeMap::new();
                        for (k, v) in o.iter() {
                            let key = match k {
                                ObjectKey::Ident(i) => i.as_str().to_string(),
                                ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                                ObjectKey::Expression(Expression::Variable(i)) => i.as_str().to_string(),
                                _ => return Err("object attribute names must be plain names".into()),
                            };
                            m.insert(key, Self::attr(v.expr())?);
                        }
                        Ok(T::Object(m))
                    }
                    "tuple" => {
                        let Expression::Array(a) = args[0] else { return Err("`tuple` takes `[type, ...]`".into()) };
                        Ok(T::Tuple(a.iter().map(|e| Self::parse_in(e, false)).collect::<Result<_, _>>()?))
                    }
                    other => Err(format!("`{other}(...)` is not a type constructor; {NOT_A_TYPE}")),
                }
            }
            _ => Err(format!("expected a type; {NOT_A_TYPE}")),
        }
    }

    /// An object attribute's type, with `optional(T[, default])`.
    fn attr(expr: &Expression) -> Result<ObjectAttr, String> {
        let Expression::FuncCall(f) = expr else {
            return Ok(ObjectAttr { ty: Self::parse_in(expr, true)?, optional: false, default: None });
        };
        if f.name.name.as_str() != "optional" {
            return Ok(ObjectAttr { ty: Self::parse_in(expr, true)?, optional: false, default: None });
        }
        let args: Vec<&Expression> = f.args.iter().collect();
        let (ty, default) = match args.as_slice() {
            [t] => (Self::parse_in(t, false)?, None),
            [t, d] => {
                let ty = Self::parse_in(t, false)?;
                let mut diags = crate::diag::Diags::new();
                let v = crate::lang::eval(d, crate::diag::FileId(0), &crate::lang::NoReferences, &mut diags);
                if diags.has_errors() || !v.is_known() {
                    return Err("an optional attribute's default must be a constant".into());
                }
                let v = ty.convert(&v).map_err(|e| format!("the default does not fit its type: {e}"))?;
                (ty, Some(v))
            }
            _ => return Err("`optional` takes a type and, optionally, a default: `optional(string, \"x\")`".into()),
        };
        Ok(ObjectAttr { ty, optional: true, default })
    }

    /// True for `string`: a command-line value is then taken literally.
    pub fn is_string(&self) -> bool {
        matches!(self, TypeConstraint::String)
    }

    /// The type as Terraform writes it, for messages.
    pub fn describe(&self) -> String {
        use TypeConstraint as T;
        match self {
            T::Any => "any".into(),
            T::String => "string".into(),
            T::Number => "number".into(),
            T::Bool => "bool".into(),
            T::List(e) => format!("list of {}", e.describe()),
            T::Set(e) => format!("set of {}", e.describe()),
            T::Map(e) => format!("map of {}", e.describe()),
            T::Object(_) => "object".into(),
            T::Tuple(_) => "tuple".into(),
        }
    }

    /// The type values of this constraint have; `any` is `dynamic` (the value's own type).
    pub fn to_type(&self) -> Type {
        use TypeConstraint as T;
        match self {
            T::Any => Type::Dynamic,
            T::String => Type::String,
            T::Number => Type::Number,
            T::Bool => Type::Bool,
            T::List(e) => Type::List(Box::new(e.to_type())),
            T::Set(e) => Type::Set(Box::new(e.to_type())),
            T::Map(e) => Type::Map(Box::new(e.to_type())),
            T::Object(attrs) => Type::Object(attrs.iter().map(|(k, a)| (k.clone(), a.ty.to_type())).collect()),
            T::Tuple(ts) => Type::Tuple(ts.iter().map(TypeConstraint::to_type).collect()),
        }
    }

    /// Converts `v` to this type, as Terraform does: primitives convert between each other
    /// where the text allows, optional object attributes take their defaults, extra object
    /// attributes are dropped. `Err` says why it cannot, with the path to the bad part
    /// (`attribute "rules": element 0: a number is required`).
    pub fn convert(&self, v: &Value) -> Result<Value, String> {
        use TypeConstraint as T;
        match (self, v) {
            (T::Any, _) => return Ok(v.clone()),
            // A null or an unknown of the declared type: `tobool(null)`, an unknown string.
            (t, Value::Null(_)) => return Ok(Value::null_of(&t.to_type())),
            (t, Value::Unknown(_)) => return Ok(Value::unknown_of(&t.to_type())),
            _ => {}
        }
        match self {
            T::Any => Ok(v.clone()),
            T::String | T::Number | T::Bool => {
                let ty = match self {
                    T::String => crate::schema::Ty::String,
                    T::Number => crate::schema::Ty::Number,
                    _ => crate::schema::Ty::Bool,
                };
                crate::schema::convert(v, ty).map_err(|_| format!("{} required", self.describe()))
            }
            T::List(e) | T::Set(e) => {
                let Value::List(items) = v else {
                    return Err(format!("{} required", self.describe()));
                };
                let mut out = Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    out.push(e.convert(x).map_err(|m| format!("element {i}: {m}"))?);
                }
                if matches!(self, T::Set(_)) {
                    out.sort_by_key(|x| x.to_string());
                    out.dedup();
                    return Ok(with_elem(Value::set(out), &e.to_type()));
                }
                Ok(with_elem(Value::list(out), &e.to_type()))
            }
            T::Map(e) => {
                let Value::Object(m) = v else {
                    return Err(format!("{} required", self.describe()));
                };
                let mut out = BTreeMap::new();
                for (k, x) in m {
                    out.insert(k.clone(), e.convert(x).map_err(|m| format!("element {k:?}: {m}"))?);
                }
                Ok(with_elem(Value::map(out), &e.to_type()))
            }
            T::Object(attrs) => {
                let Value::Object(m) = v else {
                    return Err("object required".into());
                };
                let mut out = BTreeMap::new();
                for (k, a) in attrs {
                    let x = match m.get(k) {
                        Some(Value::Null(_)) | None if a.optional => {
                            a.default.clone().unwrap_or_else(|| Value::null_of(&a.ty.to_type()))
                        }
                        Some(x) => a.ty.convert(x).map_err(|e| format!("attribute {k:?}: {e}"))?,
                        None => return Err(format!("attribute {k:?} is required")),
                    };
                    out.insert(k.clone(), x);
                }
                Ok(Value::object(out))
            }
            T::Tuple(ts) => {
                let Value::List(items) = v else {
                    return Err("tuple required".into());
                };
                if items.len() != ts.len() {
                    return Err(format!("tuple required with {} elements, got {}", ts.len(), items.len()));
                }
                let mut out = Vec::with_capacity(items.len());
                for (i, (t, x)) in ts.iter().zip(items).enumerate() {
                    out.push(t.convert(x).map_err(|m| format!("element {i}: {m}"))?);
                }
                Ok(Value::tuple(out))
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
            ty("list(string)").convert(&Value::List(vec![Value::num(1.0)].into())).unwrap(),
            Value::List(vec![Value::str("1")].into())
        );
        assert!(ty("map(number)").convert(&Value::str("x")).is_err());
        let o = ty("object({ name = string, n = number })");
        let err =
            o.convert(&Value::Object(BTreeMap::from([("name".to_string(), Value::str("a"))]).into())).unwrap_err();
        assert_eq!(err, "attribute \"n\" is required");
        assert!(TypeConstraint::parse(&hcl_edit::parser::parse_expr("strng").unwrap()).is_err());
    }

    fn hcl(s: &str) -> Value {
        let mut d = crate::diag::Diags::new();
        let e = hcl_edit::parser::parse_expr(s).unwrap();
        crate::lang::eval(&e, crate::diag::FileId(0), &crate::lang::NoReferences, &mut d)
    }

    #[test]
    fn optional_attributes_take_their_defaults_at_any_depth() {
        let t =
            ty(r#"map(object({ name = string, days = optional(list(string), ["MON"]), note = optional(string) }))"#);
        let got = t.convert(&hcl(r#"{ a = { name = "x" }, b = { name = "y", days = ["TUE"], note = "n" } }"#)).unwrap();
        let want = hcl(
            r#"{ a = { name = "x", days = ["MON"], note = null }, b = { name = "y", days = ["TUE"], note = "n" } }"#,
        );
        assert_eq!(got, want);
        // An explicit null takes the default too.
        let got = t.convert(&hcl(r#"{ a = { name = "x", days = null } }"#)).unwrap();
        assert_eq!(got, hcl(r#"{ a = { name = "x", days = ["MON"], note = null } }"#));
        // Extra attributes are dropped, as Terraform does.
        let got = t.convert(&hcl(r#"{ a = { name = "x", extra = 1 } }"#)).unwrap();
        assert_eq!(got, hcl(r#"{ a = { name = "x", days = ["MON"], note = null } }"#));
    }

    #[test]
    fn errors_name_the_path_to_the_bad_part() {
        let t = ty("object({ rules = list(object({ port = number })) })");
        let err = t.convert(&hcl(r#"{ rules = [{ port = "http" }] }"#)).unwrap_err();
        assert_eq!(err, "attribute \"rules\": element 0: attribute \"port\": number required");
        assert_eq!(ty("list(string)").convert(&hcl("{}")).unwrap_err(), "list of string required");
        assert_eq!(
            ty("tuple([string, bool])").convert(&hcl(r#"["a", "yes"]"#)).unwrap_err(),
            "element 1: bool required"
        );
    }

    #[test]
    fn bare_collections_legacy_quotes_and_misplaced_optional() {
        assert_eq!(ty("list"), TypeConstraint::List(Box::new(TypeConstraint::Any)));
        assert_eq!(ty("map"), TypeConstraint::Map(Box::new(TypeConstraint::Any)));
        let quoted = hcl_edit::parser::parse_expr(r#""list""#).unwrap();
        assert!(TypeConstraint::parse(&quoted).unwrap_err().contains("list(string)"));
        assert_eq!(TypeConstraint::parse_legacy(&quoted), Some(TypeConstraint::List(Box::new(TypeConstraint::Any))));
        let opt = hcl_edit::parser::parse_expr("optional(string)").unwrap();
        assert!(TypeConstraint::parse(&opt).unwrap_err().contains("only inside `object"));
        let bad_default = hcl_edit::parser::parse_expr(r#"object({ n = optional(number, "x") })"#).unwrap();
        assert!(TypeConstraint::parse(&bad_default).unwrap_err().contains("does not fit"));
    }
}
