//! Values as `terraform console` prints them: HCL-like, one element per line, strings
//! quoted as Go quotes them, strings with line breaks as heredocs, lists, sets and maps
//! wrapped in `tolist(…)`, `toset(…)`, `tomap(…)` (tuples and objects bare).

use crate::lang::{Kind, Type, Value};

/// `v` as the console prints it (no final line break).
pub fn value(v: &Value) -> String {
    let mut out = String::new();
    write(v, 0, &mut out);
    out
}

fn write(v: &Value, indent: usize, out: &mut String) {
    let pad = |n: usize| "  ".repeat(n);
    match v {
        // A typed null says its type, as the conversion that makes one (`tobool(null)`).
        Value::Null(t) => out.push_str(&match t.ty() {
            None | Some(Type::Dynamic) => "null".to_string(),
            Some(Type::String) => "tostring(null)".to_string(),
            Some(Type::Number) => "tonumber(null)".to_string(),
            Some(Type::Bool) => "tobool(null)".to_string(),
            Some(Type::List(e)) => format!("tolist(null) /* of {} */", friendly(e)),
            Some(Type::Set(e)) => format!("toset(null) /* of {} */", friendly(e)),
            Some(Type::Map(e)) => format!("tomap(null) /* of {} */", friendly(e)),
            Some(t) => format!("null /* {} */", friendly(t)),
        }),
        Value::Unknown(_) => out.push_str("(known after apply)"),
        Value::Bool(b) => out.push_str(&b.to_string()),
        Value::Number(n) => out.push_str(&n.text()),
        // A heredoc; nested, an indented one with each line at the value's indentation.
        Value::String(s) if s.contains('\n') => {
            out.push_str(if indent == 0 { "<<EOT\n" } else { "<<-EOT\n" });
            for line in s.split('\n') {
                out.push_str(&pad(indent));
                out.push_str(line);
                out.push('\n');
            }
            out.push_str(&pad(indent));
            out.push_str("EOT");
        }
        Value::String(s) => out.push_str(&quote(s)),
        Value::List(l) => {
            let (open, close) = match l.kind {
                Kind::Collection => ("tolist([", "])"),
                Kind::Set => ("toset([", "])"),
                _ => ("[", "]"),
            };
            out.push_str(open);
            if !l.is_empty() {
                out.push('\n');
                for x in l {
                    out.push_str(&pad(indent + 1));
                    write(x, indent + 1, out);
                    out.push_str(",\n");
                }
                out.push_str(&pad(indent));
            }
            out.push_str(close);
        }
        Value::Object(m) => {
            let (open, close) = if m.kind == Kind::Collection { ("tomap({", "})") } else { ("{", "}") };
            out.push_str(open);
            if !m.is_empty() {
                out.push('\n');
                for (k, x) in m {
                    out.push_str(&pad(indent + 1));
                    out.push_str(&quote(k));
                    out.push_str(" = ");
                    write(x, indent + 1, out);
                    out.push('\n');
                }
                out.push_str(&pad(indent));
            }
            out.push_str(close);
        }
    }
}

/// Go's `strconv.Quote`: printable characters as they are, the usual escapes, other control
/// characters as `\xHH` and other unprintable ones as `\uHHHH`.
fn quote(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                if (c as u32) <= 0xffff {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32))
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A type as cty's `FriendlyName` writes it in messages: `list of string`, `object`.
fn friendly(t: &Type) -> String {
    match t {
        Type::Dynamic => "dynamic".into(),
        Type::Bool => "bool".into(),
        Type::Number => "number".into(),
        Type::String => "string".into(),
        Type::List(e) => format!("list of {}", friendly(e)),
        Type::Set(e) => format!("set of {}", friendly(e)),
        Type::Map(e) => format!("map of {}", friendly(e)),
        Type::Tuple(_) => "tuple".into(),
        Type::Object(_) => "object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Each expected text is what `terraform console` (1.11.4) printed for the same value.
    #[test]
    fn values_print_as_terraform_console_prints_them() {
        let obj: BTreeMap<String, Value> = [
            ("a".to_string(), Value::int(1)),
            ("b".to_string(), Value::str("x")),
            ("c".to_string(), Value::List(vec![Value::int(1), Value::int(2)].into())),
            ("d".to_string(), Value::Object(BTreeMap::new().into())),
        ]
        .into();
        assert_eq!(
            value(&Value::Object(obj.into())),
            "{\n  \"a\" = 1\n  \"b\" = \"x\"\n  \"c\" = [\n    1,\n    2,\n  ]\n  \"d\" = {}\n}"
        );
        assert_eq!(value(&Value::List(vec![].into())), "[]");
        assert_eq!(value(&Value::List(vec![Value::NULL, Value::Bool(true)].into())), "[\n  null,\n  true,\n]");
        assert_eq!(value(&Value::str("a\nb\n")), "<<EOT\na\nb\n\nEOT");
        let nested: BTreeMap<String, Value> =
            [("a".to_string(), Value::str("x\ny\n")), ("b".to_string(), Value::List(vec![Value::str("p\nq")].into()))]
                .into();
        assert_eq!(
            value(&Value::Object(nested.into())),
            "{\n  \"a\" = <<-EOT\n  x\n  y\n  \n  EOT\n  \"b\" = [\n    <<-EOT\n    p\n    q\n    EOT,\n  ]\n}"
        );
        assert_eq!(value(&Value::str("tab\there \"q\" \\ ${x}")), "\"tab\\there \\\"q\\\" \\\\ ${x}\"");
        assert_eq!(value(&Value::str("\u{1}é💃")), "\"\\x01é💃\"");
        assert_eq!(value(&Value::UNKNOWN), "(known after apply)");
    }
}
