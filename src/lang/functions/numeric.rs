//! Numeric functions, with cty's precision rules (see `lang::number`): `abs`, `ceil`,
//! `floor`, `max`, `min`, `sum` and `parseint` are exact; `log` and `pow` are Go's float64
//! math.

use num_bigint::BigInt;

use super::{integer, num, number, string};
use crate::lang::number::Num;
use crate::lang::Value;

pub fn abs(a: &[Value]) -> Result<Value, String> {
    Ok(Value::Number(num(&a[0])?.abs()))
}

pub fn ceil(a: &[Value]) -> Result<Value, String> {
    Ok(Value::Number(num(&a[0])?.ceil()))
}

pub fn floor(a: &[Value]) -> Result<Value, String> {
    Ok(Value::Number(num(&a[0])?.floor()))
}

fn float(f: f64) -> Result<Value, String> {
    Num::from_f64(f).map(Value::Number).ok_or_else(|| "the result is not a number".to_string())
}

pub fn log(a: &[Value]) -> Result<Value, String> {
    float(number(&a[0])?.ln() / number(&a[1])?.ln())
}

pub fn pow(a: &[Value]) -> Result<Value, String> {
    float(number(&a[0])?.powf(number(&a[1])?))
}

pub fn signum(a: &[Value]) -> Result<Value, String> {
    Ok(Value::int(num(&a[0])?.sign() as i64))
}

/// The argument that `better` prefers over every earlier one, as given (precision kept).
fn pick(a: &[Value], better: fn(&Num, &Num) -> bool) -> Result<Value, String> {
    let mut best: Option<Num> = None;
    for v in a {
        let n = num(v)?;
        if best.as_ref().is_none_or(|b| better(&n, b)) {
            best = Some(n);
        }
    }
    best.map(Value::Number).ok_or_else(|| "at least one number is required".to_string())
}

pub fn max(a: &[Value]) -> Result<Value, String> {
    pick(a, |n, b| n > b)
}

pub fn min(a: &[Value]) -> Result<Value, String> {
    pick(a, |n, b| n < b)
}

/// `parseint(string, base)`: bases 2 to 62; up to base 36 letters of either case, above it
/// lower case letters before upper case ones (Go's `big.Int.SetString`). Any size.
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
    let bad = || format!("cannot parse {s:?} as a base {base} integer");
    if digits.is_empty() {
        return Err(bad());
    }
    let mut n = BigInt::from(0);
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as i64 - '0' as i64,
            'a'..='z' => c as i64 - 'a' as i64 + 10,
            'A'..='Z' if base <= 36 => c as i64 - 'A' as i64 + 10,
            'A'..='Z' => c as i64 - 'A' as i64 + 36,
            _ => i64::MAX,
        };
        if d >= base {
            return Err(bad());
        }
        n = n * base + d;
    }
    Ok(Value::Number(Num::from_bigint(&if neg { -n } else { n })))
}
