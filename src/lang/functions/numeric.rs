//! Numeric functions.

use super::{integer, number, string};
use crate::lang::Value;

pub fn abs(a: &[Value]) -> Result<Value, String> {
    Ok(Value::num(number(&a[0])?.abs()))
}

pub fn ceil(a: &[Value]) -> Result<Value, String> {
    Ok(Value::num(number(&a[0])?.ceil()))
}

pub fn floor(a: &[Value]) -> Result<Value, String> {
    Ok(Value::num(number(&a[0])?.floor()))
}

pub fn log(a: &[Value]) -> Result<Value, String> {
    Ok(Value::num(number(&a[0])?.log(number(&a[1])?)))
}

pub fn pow(a: &[Value]) -> Result<Value, String> {
    Ok(Value::num(number(&a[0])?.powf(number(&a[1])?)))
}

pub fn signum(a: &[Value]) -> Result<Value, String> {
    let n = number(&a[0])?;
    Ok(Value::num(if n > 0.0 {
        1.0
    } else if n < 0.0 {
        -1.0
    } else {
        0.0
    }))
}

fn fold(a: &[Value], pick: fn(f64, f64) -> f64) -> Result<Value, String> {
    let mut it = a.iter().map(number);
    let first = it.next().ok_or("at least one number is required")??;
    it.try_fold(first, |acc, n| n.map(|n| pick(acc, n))).map(Value::num)
}

pub fn max(a: &[Value]) -> Result<Value, String> {
    fold(a, f64::max)
}

pub fn min(a: &[Value]) -> Result<Value, String> {
    fold(a, f64::min)
}

/// `parseint(string, base)`: bases 2 to 62, digits then lower then upper case letters.
pub fn parseint(a: &[Value]) -> Result<Value, String> {
    let s = string(&a[0])?;
    let base = integer(&a[1])?;
    if !(2..=62).contains(&base) {
        return Err(format!("the base must be from 2 to 62, not {base}"));
    }
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    if digits.is_empty() {
        return Err(format!("cannot parse {s:?} as a base {base} integer"));
    }
    let mut n: i128 = 0;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as i128 - '0' as i128,
            'a'..='z' if base <= 36 => c as i128 - 'a' as i128 + 10,
            'A'..='Z' if base <= 36 => c as i128 - 'A' as i128 + 10,
            'a'..='z' => c as i128 - 'a' as i128 + 10,
            'A'..='Z' => c as i128 - 'A' as i128 + 36,
            _ => i128::MAX,
        };
        if d >= base as i128 {
            return Err(format!("cannot parse {s:?} as a base {base} integer"));
        }
        n = n.checked_mul(base as i128).and_then(|n| n.checked_add(d)).ok_or("the number is too large")?;
    }
    Ok(Value::num((if neg { -n } else { n }) as f64))
}
