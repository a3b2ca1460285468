//! Built-in functions: the subset of Terraform's that baselines use. Any unknown argument
//! makes the result unknown.

use std::collections::BTreeMap;

use super::value::Value;

/// Why a call failed.
#[derive(Debug)]
pub enum FnError {
    /// No function of that name.
    Unknown,
    /// Wrong arguments; the message says how.
    Invalid(String),
}

/// Names of all supported functions, for help texts and suggestions.
pub const NAMES: &[&str] = &[
    "concat",
    "format",
    "join",
    "jsondecode",
    "jsonencode",
    "length",
    "lookup",
    "lower",
    "merge",
    "replace",
    "tolist",
    "toset",
    "upper",
];

fn invalid<T>(msg: impl Into<String>) -> Result<T, FnError> {
    Err(FnError::Invalid(msg.into()))
}

fn arity(args: &[Value], min: usize, max: usize) -> Result<(), FnError> {
    if args.len() < min || args.len() > max {
        let want = if min == max { min.to_string() } else { format!("{min} to {max}") };
        return invalid(format!("expects {want} argument(s), got {}", args.len()));
    }
    Ok(())
}

fn string_arg(v: &Value, what: &str) -> Result<String, FnError> {
    v.as_template_string().ok_or_else(|| FnError::Invalid(format!("{what} must be a string, not {}", v.type_name())))
}

/// Calls function `name` with `args`.
///
/// One match arm per built-in function, so the whole function table reads in one place
/// (which is why this is over 120 lines).
pub fn call(name: &str, args: &[Value]) -> Result<Value, FnError> {
    if !NAMES.contains(&name) {
        return Err(FnError::Unknown);
    }
    // Most functions cannot say anything about unknown input; `length` and `concat` of
    // collections with unknown elements are handled the same way for simplicity.
    if args.iter().any(|a| !a.is_known()) {
        arity_check(name, args)?;
        return Ok(Value::Unknown);
    }
    match name {
        "jsonencode" => {
            arity(args, 1, 1)?;
            // to_json cannot fail: all arguments are known (checked above).
            let j = args[0].to_json().unwrap_or(serde_json::Value::Null);
            Ok(Value::String(j.to_string()))
        }
        "jsondecode" => {
            arity(args, 1, 1)?;
            let s = string_arg(&args[0], "the argument")?;
            match serde_json::from_str::<serde_json::Value>(&s) {
                Ok(j) => Ok(Value::from_json(&j)),
                Err(e) => invalid(format!("not valid JSON: {e}")),
            }
        }
        "format" => {
            if args.is_empty() {
                return invalid("expects a format string");
            }
            format(&string_arg(&args[0], "the format")?, &args[1..])
        }
        "join" => {
            arity(args, 2, 2)?;
            let sep = string_arg(&args[0], "the separator")?;
            let Value::List(items) = &args[1] else {
                return invalid("the second argument must be a list");
            };
            let parts: Result<Vec<String>, FnError> = items.iter().map(|v| string_arg(v, "each element")).collect();
            Ok(Value::String(parts?.join(&sep)))
        }
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                let Value::List(items) = a else {
                    return invalid(format!("arguments must be lists, not {}", a.type_name()));
                };
                out.extend(items.iter().cloned());
            }
            Ok(Value::List(out))
        }
        "merge" => {
            let mut out = BTreeMap::new();
            for a in args {
                match a {
                    Value::Object(m) => out.extend(m.clone()),
                    Value::Null => {}
                    other => return invalid(format!("arguments must be maps or objects, not {}", other.type_name())),
                }
            }
            Ok(Value::Object(out))
        }
        "lower" | "upper" => {
            arity(args, 1, 1)?;
            let s = string_arg(&args[0], "the argument")?;
            Ok(Value::String(if name == "lower" { s.to_lowercase() } else { s.to_uppercase() }))
        }
        "replace" => {
            arity(args, 3, 3)?;
            let s = string_arg(&args[0], "the string")?;
            let from = string_arg(&args[1], "the substring")?;
            let to = string_arg(&args[2], "the replacement")?;
            if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                return invalid("regular-expression patterns are not supported; pass a plain substring");
            }
            if from.is_empty() {
                return invalid("the substring must not be empty");
            }
            Ok(Value::String(s.replace(&from, &to)))
        }
        "toset" => {
            arity(args, 1, 1)?;
            let Value::List(items) = &args[0] else {
                return invalid("the argument must be a list or set");
            };
            let mut out: Vec<Value> = Vec::new();
            for v in items {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
            // Sets of strings are ordered lexically, as Terraform shows them.
            if out.iter().all(|v| matches!(v, Value::String(_))) {
                out.sort_by_key(|v| v.to_string());
            }
            Ok(Value::List(out))
        }
        "tolist" => {
            arity(args, 1, 1)?;
            match &args[0] {
                Value::List(_) => Ok(args[0].clone()),
                v => invalid(format!("cannot convert a {} to a list", v.type_name())),
            }
        }
        "length" => {
            arity(args, 1, 1)?;
            match &args[0] {
                Value::List(v) => Ok(Value::num(v.len() as f64)),
                Value::Object(m) => Ok(Value::num(m.len() as f64)),
                Value::String(s) => Ok(Value::num(s.chars().count() as f64)),
                v => invalid(format!("cannot take the length of a {}", v.type_name())),
            }
        }
        "lookup" => {
            arity(args, 2, 3)?;
            let Value::Object(m) = &args[0] else {
                return invalid("the first argument must be a map");
            };
            let key = string_arg(&args[1], "the key")?;
            match (m.get(&key), args.get(2)) {
                (Some(v), _) => Ok(v.clone()),
                (None, Some(d)) => Ok(d.clone()),
                (None, None) => invalid(format!("the map has no key {key:?} and no default was given")),
            }
        }
        _ => Err(FnError::Unknown),
    }
}

fn arity_check(name: &str, args: &[Value]) -> Result<(), FnError> {
    match name {
        "jsonencode" | "jsondecode" | "lower" | "upper" | "toset" | "tolist" | "length" => arity(args, 1, 1),
        "join" => arity(args, 2, 2),
        "replace" => arity(args, 3, 3),
        "lookup" => arity(args, 2, 3),
        _ => Ok(()),
    }
}

/// Terraform's `format`: verbs `%s`, `%d`, `%v`, `%q`, `%f`, `%t` and `%%`.
fn format(fmt: &str, args: &[Value]) -> Result<Value, FnError> {
    let mut out = String::new();
    let mut next = 0usize;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(verb) = chars.next() else {
            return invalid("the format ends with a lone `%`");
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next) else {
            return invalid(format!("not enough arguments for the format (verb {} has none)", next + 1));
        };
        next += 1;
        match verb {
            's' | 'v' => out.push_str(&arg.as_template_string().ok_or_else(|| {
                FnError::Invalid(format!("%{verb} needs a string, number or bool, not {}", arg.type_name()))
            })?),
            'q' => out.push_str(&serde_json::Value::String(string_arg(arg, "%q's argument")?).to_string()),
            'd' => match arg.as_f64() {
                Some(f) if f.fract() == 0.0 => out.push_str(&(f as i64).to_string()),
                _ => return invalid(format!("%d needs a whole number, got {arg}")),
            },
            'f' => match arg.as_f64() {
                Some(f) => out.push_str(&format!("{f:.6}")),
                None => return invalid(format!("%f needs a number, got {arg}")),
            },
            't' => match arg {
                Value::Bool(b) => out.push_str(&b.to_string()),
                _ => return invalid(format!("%t needs a bool, got {arg}")),
            },
            other => return invalid(format!("unsupported format verb %{other}")),
        }
    }
    if next < args.len() {
        return invalid(format!("{} argument(s) given but the format uses {next}", args.len()));
    }
    Ok(Value::String(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    #[test]
    fn jsonencode_sorts_keys_and_round_trips() {
        let obj = Value::Object(BTreeMap::from([("b".into(), s("2")), ("a".into(), Value::num(1.0))]));
        let enc = call("jsonencode", std::slice::from_ref(&obj)).unwrap();
        assert_eq!(enc, s(r#"{"a":1,"b":"2"}"#));
        assert_eq!(call("jsondecode", &[enc]).unwrap(), obj);
    }

    #[test]
    fn format_supports_common_verbs_and_checks_counts() {
        assert_eq!(call("format", &[s("%s-%d%%"), s("a"), Value::num(3.0)]).unwrap(), s("a-3%"));
        assert!(call("format", &[s("%s %s"), s("a")]).is_err());
        assert!(call("format", &[s("%s"), s("a"), s("b")]).is_err());
    }

    #[test]
    fn collection_functions() {
        let l = Value::List(vec![s("b"), s("a"), s("b")]);
        assert_eq!(call("toset", std::slice::from_ref(&l)).unwrap(), Value::List(vec![s("a"), s("b")]));
        assert_eq!(call("length", std::slice::from_ref(&l)).unwrap(), Value::num(3.0));
        assert_eq!(call("join", &[s(","), l.clone()]).unwrap(), s("b,a,b"));
        assert_eq!(
            call("concat", &[l.clone(), Value::List(vec![s("c")])]).unwrap().to_string(),
            r#"["b", "a", "b", "c"]"#
        );
        let m = Value::Object(BTreeMap::from([("k".into(), s("v"))]));
        assert_eq!(call("lookup", &[m.clone(), s("k")]).unwrap(), s("v"));
        assert_eq!(call("lookup", &[m.clone(), s("x"), s("d")]).unwrap(), s("d"));
        assert!(call("lookup", &[m, s("x")]).is_err());
    }

    #[test]
    fn unknown_arguments_give_unknown_results() {
        assert_eq!(call("upper", &[Value::Unknown]).unwrap(), Value::Unknown);
        assert!(call("upper", &[Value::Unknown, Value::Unknown]).is_err());
        assert!(matches!(call("nope", &[]), Err(FnError::Unknown)));
    }

    #[test]
    fn string_functions() {
        assert_eq!(call("replace", &[s("a-b-c"), s("-"), s("_")]).unwrap(), s("a_b_c"));
        assert_eq!(call("lower", &[s("AbC")]).unwrap(), s("abc"));
        assert_eq!(call("upper", &[s("AbC")]).unwrap(), s("ABC"));
    }
}
