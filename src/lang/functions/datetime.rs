//! Date and time functions. Timestamps are RFC 3339 strings.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

use super::string;
use crate::lang::Value;

/// `timestamp()`: the time the run started, the same for every call in one run.
pub fn timestamp(_: &[Value]) -> Result<Value, String> {
    Ok(Value::str(run_start()))
}

/// `plantimestamp()`: the time the plan was made, a known value during the plan. baseline
/// plans and applies in one run, so this is the run's start, as `timestamp()`.
pub fn plantimestamp(_: &[Value]) -> Result<Value, String> {
    Ok(Value::str(run_start()))
}

/// `timecmp(a, b)`: -1, 0 or 1 as instant `a` is before, at or after instant `b`.
pub fn timecmp(a: &[Value]) -> Result<Value, String> {
    let ts = |v: &Value| -> Result<DateTime<FixedOffset>, String> {
        let s = string(v)?;
        DateTime::parse_from_rfc3339(&s).map_err(|_| {
            if s.len() > 10 && s.as_bytes()[10] != b'T' && s.as_bytes()[10] != b't' || s.len() == 10 {
                "not a valid RFC3339 timestamp: missing required time introducer 'T'".to_string()
            } else {
                format!("not a valid RFC3339 timestamp: cannot use {s:?} as a timestamp")
            }
        })
    };
    let (x, y) = (ts(&a[0])?, ts(&a[1])?);
    Ok(Value::num(match x.cmp(&y) {
        std::cmp::Ordering::Less => -1.0,
        std::cmp::Ordering::Equal => 0.0,
        std::cmp::Ordering::Greater => 1.0,
    }))
}

fn run_start() -> &'static str {
    static START: OnceLock<String> = OnceLock::new();
    START.get_or_init(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        DateTime::from_timestamp(secs, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string()
    })
}

fn parse_ts(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s).map_err(|_| format!("{s:?} is not a valid RFC 3339 timestamp"))
}

/// Go's `time.RFC3339`: whole seconds (a fraction is dropped, as Terraform drops it).
fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    if t.offset().local_minus_utc() == 0 {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

/// A non-negative Go duration (`"30s"`, `"5m"`) as a [`std::time::Duration`]; `None` otherwise.
pub(crate) fn parse_std_duration(s: &str) -> Option<std::time::Duration> {
    parse_duration(s).ok().and_then(|ns| u64::try_from(ns).ok()).map(std::time::Duration::from_nanos)
}

/// A Go duration (`"1h30m"`, `"-10s"`, `"1.5h"`, units ns us µs ms s m h) in nanoseconds.
pub(crate) fn parse_duration(s: &str) -> Result<i128, String> {
    let bad = || format!("{s:?} is not a valid duration (write e.g. \"1h30m\" or \"-10s\")");
    let (neg, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(bad());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let n_end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(bad)?;
        let n: f64 = rest[..n_end].parse().map_err(|_| bad())?;
        rest = &rest[n_end..];
        let u_end = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = match &rest[..u_end] {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return Err(bad()),
        };
        total += n * unit;
        rest = &rest[u_end..];
    }
    Ok(if neg { -(total as i128) } else { total as i128 })
}

pub fn timeadd(a: &[Value]) -> Result<Value, String> {
    let t = parse_ts(&string(&a[0])?)?;
    let ns = parse_duration(&string(&a[1])?)?;
    let d = chrono::Duration::nanoseconds(ns as i64);
    let out = t.checked_add_signed(d).ok_or("the result is out of range")?;
    Ok(Value::String(rfc3339(&out)))
}

use crate::cron::MONTHS;

const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// `formatdate(spec, timestamp)` with Terraform's tokens (`YYYY`, `MMM`, `DD`, `EEE`, `hh`,
/// `mm`, `ss`, `AA`, `ZZZZZ`, … and `'literal'`).
pub fn formatdate(a: &[Value]) -> Result<Value, String> {
    let spec: Vec<char> = string(&a[0])?.chars().collect();
    let t = parse_ts(&string(&a[1])?)?;
    let mut out = String::new();
    let mut i = 0;
    while i < spec.len() {
        let c = spec[i];
        if c == '\'' {
            // A quoted literal, in which `''` is one quote; `''` outside one is a quote too.
            i += 1;
            if spec.get(i) == Some(&'\'') {
                out.push('\'');
                i += 1;
                continue;
            }
            loop {
                match spec.get(i) {
                    None => return Err("unterminated literal: a quote (') opens text that never ends".into()),
                    Some('\'') if spec.get(i + 1) == Some(&'\'') => {
                        out.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(&ch) => {
                        out.push(ch);
                        i += 1;
                    }
                }
            }
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let run = spec[i..].iter().take_while(|&&x| x == c).count();
        let token: String = spec[i..i + run].iter().collect();
        let off = t.offset().local_minus_utc();
        let (h, m) = (off.abs() / 3600, off.abs() % 3600 / 60);
        let sign = if off < 0 { '-' } else { '+' };
        let h12 = match t.hour() % 12 {
            0 => 12,
            x => x,
        };
        out.push_str(&match token.as_str() {
            "YYYY" => format!("{:04}", t.year()),
            "YY" => format!("{:02}", t.year() % 100),
            "MMMM" => MONTHS[t.month0() as usize].to_string(),
            "MMM" => MONTHS[t.month0() as usize][..3].to_string(),
            "MM" => format!("{:02}", t.month()),
            "M" => t.month().to_string(),
            "DD" => format!("{:02}", t.day()),
            "D" => t.day().to_string(),
            "EEEE" => DAYS[t.weekday().num_days_from_monday() as usize].to_string(),
            "EEE" => DAYS[t.weekday().num_days_from_monday() as usize][..3].to_string(),
            "hh" => format!("{:02}", t.hour()),
            "h" => t.hour().to_string(),
            "HH" => format!("{h12:02}"),
            "H" => h12.to_string(),
            "AA" => (if t.hour() < 12 { "AM" } else { "PM" }).to_string(),
            "aa" => (if t.hour() < 12 { "am" } else { "pm" }).to_string(),
            "mm" => format!("{:02}", t.minute()),
            "m" => t.minute().to_string(),
            "ss" => format!("{:02}", t.second()),
            "s" => t.second().to_string(),
            "ZZZZZ" => format!("{sign}{h:02}:{m:02}"),
            "ZZZZ" => format!("{sign}{h:02}{m:02}"),
            "ZZZ" if off == 0 => "UTC".to_string(),
            "ZZZ" => format!("{sign}{h:02}{m:02}"),
            "Z" if off == 0 => "Z".to_string(),
            "Z" => format!("{sign}{h:02}:{m:02}"),
            other => return Err(format!("invalid date format verb {other:?}; put literal text in single quotes")),
        });
        i += run;
    }
    Ok(Value::String(out))
}
