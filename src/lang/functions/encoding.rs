//! Encoding functions: base64, CSV, JSON, URL and YAML.

use std::collections::BTreeMap;

use base64::Engine;

use super::string;
use crate::lang::Value;

pub fn base64encode(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(base64::engine::general_purpose::STANDARD.encode(string(&a[0])?)))
}

pub fn base64decode(a: &[Value]) -> Result<Value, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(string(&a[0])?)
        .map_err(|e| format!("failed to decode base64 data: {e}"))?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|_| "the result of decoding the provided string is not valid UTF-8".into())
}

pub fn jsonencode(a: &[Value]) -> Result<Value, String> {
    // Whole-unknown arguments were turned away by the table (`Unknowns::Whole`).
    let j = a[0].to_json().ok_or("the value is not known yet")?;
    Ok(Value::String(j.to_string()))
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
            return Err(format!("line {}: wrong number of fields ({} instead of {})", i + 2, row.len(), header.len()));
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
            (false, '"') if field.is_empty() => quoted = true,
            (false, '"') => return Err(format!("line {line}: bare \" in non-quoted field")),
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
        return Err(format!("line {line}: extraneous or missing \" in quoted field"));
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

/// `yamlencode`: block style, every string double-quoted, as Terraform writes it.
pub fn yamlencode(a: &[Value]) -> Result<Value, String> {
    let mut out = String::new();
    yaml(&a[0], 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(Value::String(out))
}

fn yaml_scalar(v: &Value) -> String {
    match v {
        Value::String(s) => serde_json::Value::String(s.clone()).to_string(),
        Value::List(l) if l.is_empty() => "[]".into(),
        Value::Object(m) if m.is_empty() => "{}".into(),
        other => other.to_string(),
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
                    out.push_str(&yaml_scalar(x));
                    out.push('\n');
                }
            }
        }
        Value::Object(m) if !m.is_empty() => {
            let m: &BTreeMap<String, Value> = m;
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(&pad);
                }
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
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
                        out.push_str(&yaml_scalar(x));
                        out.push('\n');
                    }
                }
            }
        }
        other => {
            out.push_str(&yaml_scalar(other));
            out.push('\n');
        }
    }
}
