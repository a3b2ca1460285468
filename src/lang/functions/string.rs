//! String functions.

use super::{integer, list, string as text, strs};
use crate::lang::Value;

pub fn chomp(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(text(&a[0])?.trim_end_matches(['\n', '\r']).to_string()))
}

pub fn lower(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(text(&a[0])?.to_lowercase()))
}

pub fn upper(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(text(&a[0])?.to_uppercase()))
}

/// `title`: the first letter of each word in upper case (words are runs of letters).
pub fn title(a: &[Value]) -> Result<Value, String> {
    let mut out = String::new();
    let mut prev_letter = false;
    for c in text(&a[0])?.chars() {
        if !prev_letter && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_letter = c.is_alphanumeric() || c == '_' || c == '\'';
    }
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
    let mut parts = Vec::new();
    for l in &a[1..] {
        for v in list(l)? {
            if matches!(v, Value::Null) {
                return Err("the lists must not contain null".into());
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

pub fn strrev(a: &[Value]) -> Result<Value, String> {
    Ok(Value::String(text(&a[0])?.chars().rev().collect()))
}

/// `substr(string, offset, length)`: in characters; a negative offset counts from the end and
/// a length of -1 takes the rest.
pub fn substr(a: &[Value]) -> Result<Value, String> {
    let chars: Vec<char> = text(&a[0])?.chars().collect();
    let len = chars.len() as i64;
    let mut offset = integer(&a[1])?;
    let length = integer(&a[2])?;
    if offset < 0 {
        offset += len;
    }
    if offset < 0 || offset > len {
        return Err(format!("offset {} is out of range for a string of {len} characters", integer(&a[1])?));
    }
    let end = if length < 0 { len } else { (offset + length).min(len) };
    Ok(Value::String(chars[offset as usize..end.max(offset) as usize].iter().collect()))
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

fn compile(pattern: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(pattern).map_err(|e| format!("invalid regular expression: {e}"))
}

/// One match as Terraform returns it: the whole match without capture groups, an object of
/// named groups, or a list of the unnamed groups (unmatched optional groups are null).
fn captured(re: &regex::Regex, caps: &regex::Captures) -> Value {
    if re.captures_len() == 1 {
        return Value::str(caps.get(0).map_or("", |m| m.as_str()));
    }
    let group = |m: Option<regex::Match>| m.map_or(Value::Null, |m| Value::str(m.as_str()));
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
        None => Err("the pattern did not match any part of the string".into()),
    }
}

pub fn regexall(a: &[Value]) -> Result<Value, String> {
    let re = compile(&text(&a[0])?)?;
    let s = text(&a[1])?;
    Ok(Value::List(re.captures_iter(&s).map(|c| captured(&re, &c)).collect()))
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
    if from.is_empty() {
        return Ok(Value::String(s));
    }
    Ok(Value::String(s.replace(&from, &to)))
}

/// `format`: verbs `%s %d %v %#v %q %f %t %%`, with widths and precisions for numbers.
pub fn format(a: &[Value]) -> Result<Value, String> {
    let fmt = text(&a[0])?;
    format_with(&fmt, &a[1..]).map(Value::String)
}

fn format_with(fmt: &str, args: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    let mut next = 0usize;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek() {
            if "#+- 0".contains(f) || f.is_ascii_digit() || f == '.' {
                flags.push(f);
                chars.next();
            } else {
                break;
            }
        }
        let Some(verb) = chars.next() else {
            return Err("the format ends with a lone `%`".into());
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next) else {
            return Err(format!("not enough arguments for the format (verb {} has none)", next + 1));
        };
        next += 1;
        let precision: Option<usize> = flags.split_once('.').and_then(|(_, p)| p.parse().ok());
        let width: usize =
            flags.split('.').next().unwrap_or("").trim_start_matches(['#', '+', '-', ' ', '0']).parse().unwrap_or(0);
        let piece = match verb {
            'v' if flags.contains('#') => arg.to_json().map(|j| j.to_string()).unwrap_or_default(),
            's' | 'v' => match arg {
                Value::List(_) | Value::Object(_) if verb == 'v' => {
                    arg.to_json().map(|j| j.to_string()).unwrap_or_default()
                }
                Value::Null => return Err(format!("unsupported value for %{verb}: null")),
                _ => text(arg)?,
            },
            'q' => serde_json::Value::String(text(arg)?).to_string(),
            'd' => match arg.as_f64() {
                Some(f) if f.fract() == 0.0 => {
                    let s = (f as i64).to_string();
                    if flags.contains('+') && f >= 0.0 {
                        format!("+{s}")
                    } else {
                        s
                    }
                }
                _ => return Err(format!("%d needs a whole number, got {arg}")),
            },
            'f' => match arg.as_f64() {
                Some(f) => format!("{f:.*}", precision.unwrap_or(6)),
                None => return Err(format!("%f needs a number, got {arg}")),
            },
            't' => match arg {
                Value::Bool(b) => b.to_string(),
                _ => return Err(format!("%t needs a bool, got {arg}")),
            },
            other => return Err(format!("unsupported format verb %{other}")),
        };
        let pad = width.saturating_sub(piece.chars().count());
        if flags.contains('-') {
            out.push_str(&piece);
            out.push_str(&" ".repeat(pad));
        } else {
            let fill = if flags.starts_with('0') && verb != 's' { "0" } else { " " };
            out.push_str(&fill.repeat(pad));
            out.push_str(&piece);
        }
    }
    if next < args.len() {
        return Err(format!("{} argument(s) given but the format uses {next}", args.len()));
    }
    Ok(out)
}

/// `formatlist(format, args...)`: one string per element; list arguments must have the same
/// length and other arguments repeat.
pub fn formatlist(a: &[Value]) -> Result<Value, String> {
    let fmt = text(&a[0])?;
    let mut n: Option<usize> = None;
    for v in &a[1..] {
        if let Value::List(l) = v {
            match n {
                Some(m) if m != l.len() => return Err("all list arguments must have the same length".into()),
                _ => n = Some(l.len()),
            }
        }
    }
    let n = n.unwrap_or(1);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let row: Vec<Value> = a[1..]
            .iter()
            .map(|v| match v {
                Value::List(l) => l[i].clone(),
                other => other.clone(),
            })
            .collect();
        out.push(format_with(&fmt, &row)?);
    }
    Ok(strs(out))
}
