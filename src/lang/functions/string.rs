//! String functions.

use super::{integer, list, string as text, strs};
use unicode_segmentation::UnicodeSegmentation;

use crate::lang::Value;

pub fn chomp(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(text(&a[0])?.trim_end_matches(['\n', '\r']).to_string()))
}

/// `lower`, as Go's `strings.ToLower`: each character by its simple case mapping (no
/// final sigma, `İ` to `i`).
pub fn lower(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(text(&a[0])?.chars().map(simple_lower).collect()))
}

/// `upper`, as Go's `strings.ToUpper`: each character by its simple case mapping (`ß` stays).
pub fn upper(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(text(&a[0])?.chars().map(simple_upper).collect()))
}

/// A character's simple lower-case mapping: Rust gives the full mapping, which only `İ`
/// makes longer than one character (its simple mapping is `i`).
fn simple_lower(c: char) -> char {
    let mut m = c.to_lowercase();
    match (m.next(), m.next()) {
        (Some(l), None) => l,
        _ if c == '\u{130}' => 'i',
        _ => c,
    }
}

/// A character's simple upper-case mapping: where the full mapping is longer (`ß` → `SS`)
/// Go keeps the character.
fn simple_upper(c: char) -> char {
    let mut m = c.to_uppercase();
    match (m.next(), m.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// A character's title-case mapping, as Go's `unicode.ToTitle`: the upper case but for the
/// digraphs that have a title case of their own.
fn simple_title(c: char) -> char {
    match c {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        c => simple_upper(c),
    }
}

/// `title`, as Go's `strings.Title`: the character after a separator in title case. ASCII
/// letters, digits and `_` and any other letter or digit are not separators; other ASCII
/// characters and spaces are.
pub fn title(a: &[Value]) -> Result<Value, String> {
    fn separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        !(c.is_alphabetic() || c.is_numeric()) && c.is_whitespace()
    }
    let mut prev = ' ';
    let out = text(&a[0])?
        .chars()
        .map(|c| {
            let t = if separator(prev) { simple_title(c) } else { c };
            prev = c;
            t
        })
        .collect();
    Ok(Value::String(out))
}

pub fn indent(a: &[Value]) -> Result<Value, String> {
    let n = integer(&a[0])?.max(0) as usize;
    let s = text(&a[1])?;
    let pad = " ".repeat(n);
    Ok(Value::String(s.replace('\n', &format!("\n{pad}"))))
}

/// `join(separator, list, ...)`: elements of every list, in order.
pub fn join(a: &[Value]) -> Result<Value, String> {
    let sep = text(&a[0])?;
    if a.len() < 2 {
        return Err("at least one list is required".into());
    }
    let mut parts = Vec::new();
    for l in &a[1..] {
        for v in list(l)? {
            if matches!(v, Value::Null(_)) {
                return Err(format!("element {} is null; cannot concatenate null values", parts.len()));
            }
            parts.push(text(v)?);
        }
    }
    Ok(Value::String(parts.join(&sep)))
}

/// `split(separator, string)`; an empty string gives `[""]`, as Terraform.
pub fn split(a: &[Value]) -> Result<Value, String> {
    let sep = text(&a[0])?;
    let s = text(&a[1])?;
    if sep.is_empty() {
        return Ok(strs(s.chars().map(String::from)));
    }
    Ok(strs(s.split(sep.as_str()).map(String::from)))
}

pub fn startswith(a: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(text(&a[0])?.starts_with(text(&a[1])?.as_str())))
}

pub fn endswith(a: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(text(&a[0])?.ends_with(text(&a[1])?.as_str())))
}

pub fn strcontains(a: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(text(&a[0])?.contains(text(&a[1])?.as_str())))
}

/// `strrev`: the grapheme clusters in reverse order (combining marks stay on their letter).
pub fn strrev(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(text(&a[0])?.graphemes(true).rev().collect()))
}

/// `substr(string, offset, length)`, as cty: in grapheme clusters; a negative offset counts
/// from the end (and starts at the beginning if it is still negative); a negative length takes
/// the rest, and so does a length of 0 after a negative offset (cty's quirk); an offset past
/// the end gives `""`.
pub fn substr(a: &[Value]) -> Result<Value, String> {
    let s = text(&a[0])?;
    let whole = |v: &Value| {
        integer(v).map_err(|_| {
            "value must be a whole number, between -9223372036854775808 and 9223372036854775807".to_string()
        })
    };
    let mut offset = whole(&a[1])?;
    let length = whole(&a[2])?;
    if offset < 0 {
        offset += s.graphemes(true).count() as i64;
    } else if length == 0 {
        return Ok(Value::str(""));
    }
    let mut start = 0;
    if offset > 0 {
        match s.grapheme_indices(true).nth(offset as usize) {
            Some((i, _)) => start = i,
            None if s.graphemes(true).count() as i64 == offset => start = s.len(),
            None => return Ok(Value::str("")),
        }
    }
    let rest = &s[start..];
    if length <= 0 {
        return Ok(Value::str(rest));
    }
    let end = rest.grapheme_indices(true).nth(length as usize).map_or(rest.len(), |(i, _)| i);
    Ok(Value::str(&rest[..end]))
}

pub fn trim(a: &[Value]) -> Result<Value, String> {
    let cut: Vec<char> = text(&a[1])?.chars().collect();
    Ok(Value::String(text(&a[0])?.trim_matches(|c| cut.contains(&c)).to_string()))
}

pub fn trimprefix(a: &[Value]) -> Result<Value, String> {
    let s = text(&a[0])?;
    let p = text(&a[1])?;
    Ok(Value::String(s.strip_prefix(p.as_str()).unwrap_or(&s).to_string()))
}

pub fn trimsuffix(a: &[Value]) -> Result<Value, String> {
    let s = text(&a[0])?;
    let p = text(&a[1])?;
    Ok(Value::String(s.strip_suffix(p.as_str()).unwrap_or(&s).to_string()))
}

pub fn trimspace(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(text(&a[0])?.trim().to_string()))
}

/// An RE2 pattern, as Go's `regexp` (which the `regex` crate's syntax follows); Terraform
/// refuses a pattern that mixes named and unnamed groups.
fn compile(pattern: &str) -> Result<regex::Regex, String> {
    let re = regex::Regex::new(pattern).map_err(|e| {
        // The crate's message draws the pattern with a caret; keep its last line, the reason.
        let text = e.to_string();
        let why = text.lines().rev().find_map(|l| l.strip_prefix("error: ")).unwrap_or(&text).to_string();
        format!("invalid regexp pattern: {why}")
    })?;
    let named = re.capture_names().flatten().count();
    if named > 0 && named + 1 != re.captures_len() {
        return Err("invalid regexp pattern: cannot mix both named and unnamed capture groups".into());
    }
    Ok(re)
}

/// One match as Terraform returns it: the whole match without capture groups, an object of
/// named groups, or a list of the unnamed groups (unmatched optional groups are null).
fn captured(re: &regex::Regex, caps: &regex::Captures) -> Value {
    if re.captures_len() == 1 {
        return Value::str(caps.get(0).map_or("", |m| m.as_str()));
    }
    let group = |m: Option<regex::Match>| m.map_or(Value::NULL, |m| Value::str(m.as_str()));
    let named: Vec<&str> = re.capture_names().flatten().collect();
    if !named.is_empty() {
        return Value::Object(named.iter().map(|n| (n.to_string(), group(caps.name(n)))).collect());
    }
    Value::List((1..re.captures_len()).map(|i| group(caps.get(i))).collect())
}

pub fn regex(a: &[Value]) -> Result<Value, String> {
    let re = compile(&text(&a[0])?)?;
    let s = text(&a[1])?;
    match re.captures(&s) {
        Some(c) => Ok(captured(&re, &c)),
        None => Err("pattern did not match any part of the given string".into()),
    }
}

pub fn regexall(a: &[Value]) -> Result<Value, String> {
    let re = compile(&text(&a[0])?)?;
    let s = text(&a[1])?;
    Ok(Value::list(re.captures_iter(&s).map(|c| captured(&re, &c)).collect()))
}

/// `replace(string, substring, replacement)`; a substring in slashes is a regular expression
/// and the replacement may use `$1` / `${name}`.
pub fn replace(a: &[Value]) -> Result<Value, String> {
    let s = text(&a[0])?;
    let from = text(&a[1])?;
    let to = text(&a[2])?;
    if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
        let re = compile(&from[1..from.len() - 1])?;
        return Ok(Value::String(re.replace_all(&s, to.as_str()).into_owned()));
    }
    // An empty substring is found between every two characters, as Go's `strings.Replace`.
    Ok(Value::String(s.replace(&from, &to)))
}
