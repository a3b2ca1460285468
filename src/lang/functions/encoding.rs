//! Encoding functions: base64, CSV, JSON, URL and YAML.

use std::collections::BTreeMap;

use base64::Engine;

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
    go_json(&a[0]).map(Value::String).ok_or_else(|| "cannot serialize infinity as JSON".into())
}

/// A value as cty's JSON marshalling writes it; `None` if any part is unknown or infinite.
pub(super) fn go_json(v: &Value) -> Option<String> {
    let mut out = String::new();
    write_json(v, &mut out)?;
    Some(out)
}

fn write_json(v: &Value, out: &mut String) -> Option<()> {
    match v {
        Value::Null(_) => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // cty writes `Text('f', -1)`, every digit of the number; an infinity has no JSON.
        Value::Number(n) if n.is_inf() => return None,
        Value::Number(n) => out.push_str(&n.text()),
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
        Value::Unknown(_) => return None,
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
        out.push(Value::object(header.iter().cloned().zip(row.into_iter().map(Value::String)).collect()));
    }
    Ok(Value::list(out))
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
    // Nothing but space and comments is no document (as Terraform's YAML reader says).
    if s.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Err("the string holds no YAML document".into());
    }
    let s = yaml11_bools(&s);
    let mut docs = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(&s) {
        let v: serde_json::Value = serde::Deserialize::deserialize(doc)
            .map_err(|e| format!("on line {}: {e}", e.location().map_or(0, |l| l.line())))?;
        docs.push(v);
    }
    match docs.as_slice() {
        [] => Err("the string holds no YAML document".into()),
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
    if matches!(a[0], Value::Null(_) | Value::Bool(_) | Value::Number(_)) {
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
        // Every digit, as cty writes a number.
        Value::Number(n) => out.push_str(&n.text()),
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

/// `base64gzip(string)`: the string gzip-compressed (as Go writes it: no name, no time,
/// operating system "unknown", a sync flush before the end), then base64-encoded.
pub fn base64gzip(a: &[Value]) -> Result<Value, String> {
    let s = string(&a[0])?;
    // As Go's gzip writer after `Flush` and `Close`: the header with no time and an unknown
    // OS, the data ending in a sync flush, an empty stored final block, then the trailer.
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut z = flate2::Compress::new(flate2::Compression::default(), false);
    let mut body = Vec::with_capacity(s.len() + 64);
    loop {
        let consumed = z.total_in() as usize;
        body.reserve(s.len() + 64);
        z.compress_vec(&s.as_bytes()[consumed..], &mut body, flate2::FlushCompress::Sync)
            .map_err(|e| format!("failed to compress: {e}"))?;
        if z.total_in() as usize == s.len() && body.len() < body.capacity() {
            break;
        }
    }
    out.extend_from_slice(&body);
    out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    let mut crc = flate2::Crc::new();
    crc.update(s.as_bytes());
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    Ok(Value::String(base64::engine::general_purpose::STANDARD.encode(out)))
}

/// The YAML 1.1 bools Terraform's YAML reader (go-yaml v2's rules) knows beside YAML 1.2's
/// `true`/`false`: a plain (unquoted) `yes`, `on`, `y`... is a bool there, a string in
/// YAML 1.2. Rewritten as `true`/`false` where they stand as whole plain values or keys (at a
/// line's start, after `: `, `- `, or in a one-line flow collection), outside quotes,
/// comments and block scalars.
fn yaml11_bools(text: &str) -> String {
    const TRUE: &[&str] = &["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"];
    const FALSE: &[&str] = &["n", "N", "no", "No", "NO", "off", "Off", "OFF"];
    let mut out = String::with_capacity(text.len());
    // Inside a block scalar (`|`, `>`): the lines indented deeper than its key's.
    let mut block: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(b) = block {
            if line.trim().is_empty() || indent > b {
                out.push_str(line);
                continue;
            }
            block = None;
        }
        let mut rewritten = String::with_capacity(line.len());
        let mut token_start: Option<usize> = None;
        let bytes = line.as_bytes();
        let mut quote: Option<u8> = None;
        let mut i = 0;
        let mut last = 0;
        // A line starts with a value or a key, and keys are read the same way (`yes: 1` has
        // the key "true" in Terraform).
        let mut value_next = true;
        let flush = |from: usize, to: usize, rewritten: &mut String, last: &mut usize| {
            let word = line[from..to].trim();
            let lead = &line[from..to][..line[from..to].len() - line[from..to].trim_start().len()];
            let replacement = if TRUE.contains(&word) {
                Some("true")
            } else if FALSE.contains(&word) {
                Some("false")
            } else {
                None
            };
            if let Some(r) = replacement {
                rewritten.push_str(&line[*last..from]);
                rewritten.push_str(lead);
                rewritten.push_str(r);
                rewritten.push_str(&line[from + lead.len() + word.len()..to]);
                *last = to;
            }
        };
        // Whole-value positions: the start of a line's content after `- `, after `: `, and
        // after `[`, `{` or `,` in a flow collection.
        while i < bytes.len() {
            let c = bytes[i];
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                i += 1;
                continue;
            }
            match c {
                b'"' | b'\'' if token_start.is_none() || line[token_start.unwrap_or(i)..i].trim().is_empty() => {
                    token_start = None;
                    quote = Some(c);
                }
                b'#' if i == 0 || bytes[i - 1] == b' ' => {
                    if let Some(t) = token_start.take() {
                        flush(t, i, &mut rewritten, &mut last);
                    }
                    break;
                }
                b':' if bytes.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\n' || *n == b'\r') => {
                    if let Some(t) = token_start.take() {
                        flush(t, i, &mut rewritten, &mut last);
                    }
                    value_next = true;
                }
                b'-' if line[..i].trim().is_empty() && bytes.get(i + 1).is_none_or(|n| *n == b' ') => {
                    value_next = true;
                }
                b'[' | b'{' | b',' => {
                    if let Some(t) = token_start.take() {
                        flush(t, i, &mut rewritten, &mut last);
                    }
                    value_next = true;
                }
                b']' | b'}' => {
                    if let Some(t) = token_start.take() {
                        flush(t, i, &mut rewritten, &mut last);
                    }
                }
                b'|' | b'>' if value_next && token_start.is_none() => {
                    block = Some(indent);
                    value_next = false;
                }
                b' ' | b'\n' | b'\r' => {}
                _ if value_next => {
                    token_start = Some(i);
                    value_next = false;
                }
                _ => {}
            }
            i += 1;
        }
        if let Some(t) = token_start {
            let end = line.trim_end_matches(['\n', '\r']).len();
            if t < end {
                flush(t, end, &mut rewritten, &mut last);
            }
        }
        rewritten.push_str(&line[last..]);
        out.push_str(&rewritten);
    }
    out
}

/// A text encoding by its IANA name or alias (case-insensitive), as Terraform's `ianaindex`.
enum Charset {
    Utf8,
    Utf16 {
        little: bool,
        bom: bool,
    },
    /// Single-byte: the highest code point it maps to itself (ASCII 0x7f, Latin-1 0xff).
    Identity(u32, &'static str),
    Other(&'static encoding_rs::Encoding),
}

fn charset(name: &str) -> Result<Charset, String> {
    let lower = name.to_ascii_lowercase();
    Ok(match lower.as_str() {
        "utf-8" | "csutf8" => Charset::Utf8,
        "utf-16" | "csutf16" => Charset::Utf16 { little: false, bom: true },
        "utf-16le" | "csutf16le" => Charset::Utf16 { little: true, bom: false },
        "utf-16be" | "csutf16be" => Charset::Utf16 { little: false, bom: false },
        "us-ascii" | "ascii" | "us" | "iso646-us" | "ansi_x3.4-1968" | "cp367" | "ibm367" | "csascii" => {
            Charset::Identity(0x7f, "US-ASCII")
        }
        "iso-8859-1" | "iso_8859-1" | "iso_8859-1:1987" | "latin1" | "l1" | "ibm819" | "cp819" | "csisolatin1" => {
            Charset::Identity(0xff, "ISO_8859-1:1987")
        }
        // WHATWG labels that are not IANA names or aliases.
        "utf8" | "unicode-1-1-utf-8" | "x-user-defined" | "replacement" => return Err(unsupported(name)),
        _ => match encoding_rs::Encoding::for_label_no_replacement(lower.as_bytes()) {
            Some(e) => Charset::Other(e),
            None => return Err(unsupported(name)),
        },
    })
}

fn unsupported(name: &str) -> String {
    format!("{name:?} is not a supported IANA encoding name or alias in this Terraform version")
}

impl Charset {
    fn name(&self) -> &'static str {
        match self {
            Charset::Utf8 => "UTF-8",
            Charset::Utf16 { little: true, .. } => "UTF-16LE",
            Charset::Utf16 { bom: true, .. } => "UTF-16",
            Charset::Utf16 { .. } => "UTF-16BE",
            Charset::Identity(_, name) => name,
            Charset::Other(e) => e.name(),
        }
    }
}

/// `textencodebase64(string, encoding)`: the string in that encoding, base64-encoded.
pub fn textencodebase64(a: &[Value]) -> Result<Value, String> {
    let s = string(&a[0])?;
    let cs = charset(&string(&a[1])?)?;
    let unrepresentable =
        || format!("the given string contains characters that cannot be represented in {}", cs.name());
    let bytes: Vec<u8> = match &cs {
        Charset::Utf8 => s.into_bytes(),
        Charset::Utf16 { little, bom } => {
            let units = (if *bom { Some(0xfeff) } else { None }).into_iter().chain(s.encode_utf16());
            units.flat_map(|u| if *little { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
        }
        Charset::Identity(max, _) => {
            let mut out = Vec::with_capacity(s.len());
            for c in s.chars() {
                // At most 0xff, so the cast keeps the code point.
                (u32::from(c) <= *max).then(|| out.push(u32::from(c) as u8)).ok_or_else(unrepresentable)?;
            }
            out
        }
        Charset::Other(e) => {
            let (bytes, _, errors) = e.encode(&s);
            if errors || e.output_encoding() != *e {
                return Err(unrepresentable());
            }
            bytes.into_owned()
        }
    };
    Ok(Value::String(base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// `textdecodebase64(source, encoding)`: base64 bytes read as text in that encoding.
pub fn textdecodebase64(a: &[Value]) -> Result<Value, String> {
    let src = string(&a[0])?;
    let cs = charset(&string(&a[1])?)?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(src.as_bytes()).map_err(|e| match e {
        base64::DecodeError::InvalidByte(at, _) | base64::DecodeError::InvalidLastSymbol { offset: at, .. } => {
            format!("the given value is has an invalid base64 symbol at offset {at}")
        }
        _ => "the given value is has an invalid base64 symbol at offset 0".to_string(),
    })?;
    let undefined = || format!("the given string contains symbols that are not defined for {}", cs.name());
    let text = match &cs {
        Charset::Utf8 => String::from_utf8(bytes).map_err(|_| undefined())?,
        Charset::Utf16 { little, bom } => {
            let mut units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| match c {
                    [x, y] if *little => u16::from_le_bytes([*x, *y]),
                    [x, y] => u16::from_be_bytes([*x, *y]),
                    _ => 0xfffd,
                })
                .collect();
            if *bom && units.first() == Some(&0xfeff) {
                units.remove(0);
            }
            String::from_utf16(&units).map_err(|_| undefined())?
        }
        Charset::Identity(max, _) => bytes
            .iter()
            .map(|&b| (u32::from(b) <= *max).then_some(char::from(b)).ok_or_else(undefined))
            .collect::<Result<_, _>>()?,
        Charset::Other(e) => {
            let (text, errors) = e.decode_without_bom_handling(&bytes);
            if errors {
                return Err(undefined());
            }
            text.into_owned()
        }
    };
    Ok(Value::String(text))
}
