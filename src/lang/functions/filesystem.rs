//! Filesystem functions. Relative paths are relative to the working directory, as in
//! Terraform; configurations write `"${path.module}/file"` to be independent of it.

use std::path::{Path, PathBuf};

use base64::Engine;

use super::string;
use crate::lang::Value;

/// The text of the file at `path`, which must be UTF-8.
pub fn read_text(path: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{path} contains invalid UTF-8 at byte {}; use filebase64 for binary files",
            e.utf8_error().valid_up_to()
        )
    })
}

pub fn file(a: &[Value]) -> Result<Value, String> {
    read_text(&string(&a[0])?).map(Value::String)
}

pub fn filebase64(a: &[Value]) -> Result<Value, String> {
    let path = string(&a[0])?;
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(Value::String(base64::engine::general_purpose::STANDARD.encode(bytes)))
}

pub fn fileexists(a: &[Value]) -> Result<Value, String> {
    let path = string(&a[0])?;
    match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => Err(format!("{path} is a directory, not a file")),
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Value::Bool(false)),
        Err(e) => Err(format!("cannot stat {path}: {e}")),
    }
}

/// `fileset(path, pattern)`: the files under `path` whose relative paths match `pattern`
/// (`*`, `**`, `?`, `[...]`, `{a,b}`), sorted, with forward slashes.
pub fn fileset(a: &[Value]) -> Result<Value, String> {
    let base = string(&a[0])?;
    let pattern = string(&a[1])?;
    if pattern.matches('[').count() > pattern.matches(']').count() {
        return Err(format!("failed to glob pattern ({pattern}): syntax error in pattern"));
    }
    let mut found = Vec::new();
    walk(Path::new(&base), "", &mut found).map_err(|e| format!("cannot list {base}: {e}"))?;
    let mut out: Vec<String> = found.into_iter().filter(|rel| glob_match(&pattern, rel)).collect();
    out.sort();
    Ok(Value::set(out.into_iter().map(Value::String).collect()))
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        if entry.file_type()?.is_dir() {
            walk(&entry.path(), &rel, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

/// Glob matching with `**` crossing directories and `*` not.
pub(crate) fn glob_match(pattern: &str, path: &str) -> bool {
    // `{a,b}` alternatives expand into separate patterns first.
    if let Some(open) = pattern.find('{') {
        if let Some(close) = pattern[open..].find('}').map(|c| c + open) {
            return pattern[open + 1..close]
                .split(',')
                .any(|alt| glob_match(&format!("{}{alt}{}", &pattern[..open], &pattern[close + 1..]), path));
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = path.chars().collect();
    matches(&p, &s)
}

fn matches(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            // `**/` also matches no directory at all.
            let rest = if p.get(2) == Some(&'/') { &p[3..] } else { &p[2..] };
            // A final `**` matches every path below.
            if rest.is_empty() {
                return true;
            }
            (0..=s.len()).any(|i| (i == 0 || s[i - 1] == '/') && matches(rest, &s[i..])) || matches(&p[2..], s)
        }
        Some('*') => (0..=s.len()).take_while(|&i| i == 0 || s[i - 1] != '/').any(|i| matches(&p[1..], &s[i..])),
        Some('?') => !s.is_empty() && s[0] != '/' && matches(&p[1..], &s[1..]),
        Some('[') => {
            let Some(end) = p.iter().position(|&c| c == ']') else {
                return !s.is_empty() && s[0] == '[' && matches(&p[1..], &s[1..]);
            };
            let Some(&c) = s.first() else { return false };
            let class = &p[1..end];
            let (negate, class) = match class.first() {
                Some('^' | '!') => (true, &class[1..]),
                _ => (false, class),
            };
            let mut hit = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == '-' {
                    hit |= class[i] <= c && c <= class[i + 2];
                    i += 3;
                } else {
                    hit |= class[i] == c;
                    i += 1;
                }
            }
            hit != negate && matches(&p[end + 1..], &s[1..])
        }
        Some(&c) => s.first() == Some(&c) && matches(&p[1..], &s[1..]),
    }
}

pub fn basename(a: &[Value]) -> Result<Value, String> {
    let p = string(&a[0])?;
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(Value::str(if p.is_empty() { "." } else { "/" }));
    }
    Ok(Value::str(trimmed.rsplit('/').next().unwrap_or(trimmed)))
}

pub fn dirname(a: &[Value]) -> Result<Value, String> {
    let p = string(&a[0])?;
    let dir = match p.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => p[..i].trim_end_matches('/').to_string(),
        None => ".".to_string(),
    };
    Ok(Value::String(if dir.is_empty() { "/".into() } else { dir }))
}

/// `abspath`: the absolute path, cleaned, with forward slashes.
pub fn abspath(a: &[Value]) -> Result<Value, String> {
    let p = PathBuf::from(string(&a[0])?);
    let abs = if p.is_absolute() {
        p
    } else {
        std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))?.join(p)
    };
    let mut parts: Vec<String> = Vec::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(x) => parts.push(x.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    Ok(Value::String(format!("/{}", parts.join("/"))))
}

/// `pathexpand(path)`: a leading `~` replaced by the home directory (`$HOME`).
pub fn pathexpand(a: &[Value]) -> Result<Value, String> {
    let p = string(&a[0])?;
    let Some(rest) = p.strip_prefix('~') else {
        return Ok(Value::String(p));
    };
    if !(rest.is_empty() || rest.starts_with('/') || rest.starts_with('\\')) {
        return Err("cannot expand user-specific home dir".into());
    }
    let home = std::env::var("HOME")
        .ok()
        .filter(|h| !h.is_empty())
        .ok_or("cannot find the home directory: $HOME is not set")?;
    Ok(Value::String(format!("{home}{rest}")))
}
