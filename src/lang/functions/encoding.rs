//! Encoding functions: base64, CSV, JSON, URL and YAML.

use std::collections::BTreeMap;

use base64::Engine;

use super::format::Decimal;
use super::string;
use crate::lang::Value;

pub fn base64encode(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(base64::engine::general_purpose::STANDARD.encode(string(&a[0])?)))
}

/// `base64decode`, as Go's decoder: padding required, line breaks (`\r`, `\n`) skipped.
pub fn base64decode(a: &[Value]) -> Result<Value, String> {
    let s = string(&a[0])?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s.replace(['\r', '\n'], ""))
        .map_err(|_| format!("failed to decode base64 data {}", Value::str(s.clone())))?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|_| "the result of decoding the provided string is not valid UTF-8".into())
}

/// `jsonencode`: as cty marshals a value: Go's escapes in strings (`<`, `>`, `&`, U+2028 and
/// U+2029 as `\u` escapes), object keys sorted, numbers in full decimal (`0.000001`, not
/// `1e-06`).
pub fn jsonencode(a: &[Value]) -> Result<Value, String> {
    // Whole-unknown arguments were turned away by the table (`Unknowns::Whole`).
    go_json(&a[0]).map(Value::String).ok_or_else(|| "the value is not known yet".into())
}

/// A value as cty's JSON marshalling writes it; `None` if any part is unknown.
pub(super) fn go_json(v: &Value) -> Option<String> {
    let mut out = String::new();
    write_json(v, &mut out)?;
    Some(out)
}

fn write_json(v: &Value, out: &mut String) -> Option<()> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // num: cty writes `Text('f', -1)`, every digit of the number.
        Value::Number(_) => match Decimal::of(v) {
            Some(d) => {
                if d.is_negative() {
                    out.push('-');
                }
                out.push_str(&d.text('f', None));
            }
            None => out.push_str(&v.to_string()),
        },
        Value::String(s) => crate::policy::go_string(s, out),
        Value::List(l) => {
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(x, out)?;
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                crate::policy::go_string(k, out);
                out.push(':');
                write_json(x, out)?;
            }
            out.push('}');
        }
        Value::Unknown => return None,
    }
    Some(())
}

pub fn jsondecode(a: &[Value]) -> Result<Value, String> {
    let s = string(&a[0])?;
    serde_json::from_str::<serde_json::Value>(&s)
        .map(|j| Value::from_json(&j))
        .map_err(|e| format!("not valid JSON: {e}"))
}

/// `urlencode`: as Go's `url.QueryEscape` (space as `+`).
pub fn urlencode(a: &[Value]) -> Result<Value, String> {
    let mut out = String::new();
    for b in string(&a[0])?.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    Ok(Value::String(out))
}

/// `csvdecode`: RFC 4180 with a header row; a list of objects of strings.
pub fn csvdecode(a: &[Value]) -> Result<Value, String> {
    let rows = parse_csv(&string(&a[0])?)?;
    let mut it = rows.into_iter();
    let Some(header) = it.next() else {
        return Err("missing header line".into());
    };
    let mut out = Vec::new();
    for (i, row) in it.enumerate() {
        if row.len() != header.len() {
            return Err(format!("CSV parse error on line {}: wrong number of fields", i + 2));
        }
        out.push(Value::Object(header.iter().cloned().zip(row.into_iter().map(Value::String)).collect()));
    }
    Ok(Value::List(out))
}

fn parse_csv(s: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    let mut line = 1;
    // Where the open quoted field began: Go reports an unclosed quote there.
    let mut quote_line = 1;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c)
            }
            (false, '"') if field.is_empty() => {
                quoted = true;
                quote_line = line;
            }
            (false, '"') => return Err(format!("CSV parse error on line {line}: bare \" in non-quoted-field")),
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                line += 1;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(format!("CSV parse error on line {quote_line}: extraneous or missing \" in quoted-field"));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

pub fn yamldecode(a: &[Value]) -> Result<Value, String> {
    let s = string(&a[0])?;
    let mut docs = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(&s) {
        let v: serde_json::Value = serde::Deserialize::deserialize(doc)
            .map_err(|e| format!("on line {}: {e}", e.location().map_or(0, |l| l.line())))?;
        docs.push(v);
    }
    match docs.as_slice() {
        [] => Ok(Value::Null),
        [one] => Ok(Value::from_json(one)),
        _ => Err("the string contains more than one YAML document".into()),
    }
}

/// `yamlencode`, as go-yaml v3 writes cty values: block style; strings double-quoted with
/// YAML's escapes (folded at spaces past column 80), multi-line strings as literal blocks where
/// YAML allows one; numbers in full decimal; a scalar document ends with `...` unless it is a
/// string.
pub fn yamlencode(a: &[Value]) -> Result<Value, String> {
    let mut out = String::new();
    yaml(&a[0], 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if matches!(a[0], Value::Null | Value::Bool(_) | Value::Number(_)) {
        out.push_str("...\n");
    }
    Ok(Value::String(out))
}

/// Whether go-yaml writes a character as it is inside double quotes (`is_printable`).
fn yaml_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}') && c != '\u{FEFF}'
}

/// Whether a multi-line string may be a literal block: no unprintable character, no space
/// before a line break, no trailing space (go-yaml's `block_allowed`).
fn yaml_block_allowed(s: &str) -> bool {
    s.chars().all(yaml_printable) && !s.contains(" \n") && !s.ends_with(' ')
}

/// A literal block scalar, its lines at `indent`.
fn yaml_literal(s: &str, indent: usize, out: &mut String) {
    out.push('|');
    if s.starts_with([' ', '\n']) {
        out.push('2');
    }
    let keep = s.ends_with("\n\n") || s == "\n";
    out.push_str(if !s.ends_with('\n') {
        "-"
    } else if keep {
        "+"
    } else {
        ""
    });
    out.push('\n');
    let mut at_break = true;
    for c in s.chars() {
        if c == '\n' {
            out.push('\n');
            at_break = true;
        } else {
            if at_break {
                out.push_str(&" ".repeat(indent));
            }
            out.push(c);
            at_break = false;
        }
    }
    if !s.ends_with('\n') {
        out.push('\n');
    }
}

/// A double-quoted scalar with go-yaml's escapes; `fold_indent`: where a line folded at a
/// space past column 80 continues (`None` for keys, which are not folded).
fn yaml_quoted(s: &str, fold_indent: Option<usize>, out: &mut String) {
    let mut column = out.rsplit('\n').next().map_or(0, |l| l.chars().count());
    out.push('"');
    column += 1;
    let chars: Vec<char> = s.chars().collect();
    let mut spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        if !yaml_printable(c) || matches!(c, '\n' | '"' | '\\' | '\u{2028}' | '\u{2029}') {
            let e = match c {
                '\0' => "\\0".to_string(),
                '\u{7}' => "\\a".into(),
                '\u{8}' => "\\b".into(),
                '\t' => "\\t".into(),
                '\n' => "\\n".into(),
                '\u{b}' => "\\v".into(),
                '\u{c}' => "\\f".into(),
                '\r' => "\\r".into(),
                '\u{1b}' => "\\e".into(),
                '"' => "\\\"".into(),
                '\\' => "\\\\".into(),
                '\u{85}' => "\\N".into(),
                '\u{A0}' => "\\_".into(),
                '\u{2028}' => "\\L".into(),
                '\u{2029}' => "\\P".into(),
                c if (c as u32) <= 0xFF => format!("\\x{:02X}", c as u32),
                c if (c as u32) <= 0xFFFF => format!("\\u{:04X}", c as u32),
                c => format!("\\U{:08X}", c as u32),
            };
            column += e.chars().count();
            out.push_str(&e);
            spaces = false;
        } else if c == ' ' {
            match fold_indent {
                Some(indent) if !spaces && column > 80 && i > 0 && i + 1 < chars.len() => {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent));
                    column = indent;
                    if chars[i + 1] == ' ' {
                        out.push('\\');
                        column += 1;
                    }
                }
                _ => {
                    out.push(' ');
                    column += 1;
                }
            }
            spaces = true;
        } else {
            out.push(c);
            column += 1;
            spaces = false;
        }
    }
    out.push('"');
}

/// A scalar in a block collection at `indent` (or at the top, `indent` 0).
fn yaml_scalar(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::String(s) if s.contains('\n') && yaml_block_allowed(s) => yaml_literal(s, indent + 2, out),
        Value::String(s) => yaml_quoted(s, Some(indent + 2), out),
        Value::List(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
        // num: every digit, as cty writes a number.
        Value::Number(_) => match Decimal::of(v) {
            Some(d) => {
                if d.is_negative() {
                    out.push('-');
                }
                out.push_str(&d.text('f', None));
            }
            None => out.push_str(&v.to_string()),
        },
        other => out.push_str(&other.to_string()),
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
}

fn is_block(v: &Value) -> bool {
    matches!(v, Value::List(l) if !l.is_empty()) || matches!(v, Value::Object(m) if !m.is_empty())
}

/// Writes `v` at `indent`; the caller has written any `- ` or `key:` before it.
fn yaml(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::List(l) if !l.is_empty() => {
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push_str(&pad);
                }
                out.push_str("- ");
                if is_block(x) {
                    yaml(x, indent + 2, out);
                } else {
                    yaml_scalar(x, indent, out);
                }
            }
        }
        Value::Object(m) if !m.is_empty() => {
            let m: &BTreeMap<String, Value> = m;
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(&pad);
                }
                yaml_quoted(k, None, out);
                out.push(':');
                match x {
                    Value::List(l) if !l.is_empty() => {
                        out.push('\n');
                        out.push_str(&pad);
                        yaml(x, indent, out);
                    }
                    Value::Object(inner) if !inner.is_empty() => {
                        out.push('\n');
                        out.push_str(&" ".repeat(indent + 2));
                        yaml(x, indent + 2, out);
                    }
                    _ => {
                        out.push(' ');
                        yaml_scalar(x, indent, out);
                    }
                }
            }
        }
        other => yaml_scalar(other, 0, out),
    }
}
