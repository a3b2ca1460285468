//! `format` and `formatlist`: cty's printf (`stdlib/format.go` and its grammar in
//! `format_fsm.rl`), verb for verb.
//!
//! A verb is `%`, flags (`0 # - +` and space), a width, a precision (`.` and digits), an
//! argument index (`[n]`, from 1) and a letter, in that order. Strings are padded and cut in
//! grapheme clusters; numbers are written as Go writes a `big.Float` (`%e %E %f %g %G`) or a
//! `big.Int` (`%b %d %o %x %X`); `%v` writes strings and numbers as they are and anything else
//! as JSON, `%#v` always as JSON.

use unicode_segmentation::UnicodeSegmentation;

use super::encoding::go_json;
use super::{string as text, strs};
use crate::lang::Value;

/// One verb of a format string, as the grammar reads it.
#[derive(Default)]
struct Verb<'a> {
    /// The verb as written (`%-5[2]s`), for messages.
    raw: &'a str,
    /// Its byte offset in the format string.
    offset: usize,
    /// The argument it formats, from 1.
    arg: usize,
    mode: char,
    zero: bool,
    sharp: bool,
    plus: bool,
    minus: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

pub fn format(a: &[Value]) -> Result<Value, String> {
    if matches!(a[0], Value::Null(_)) {
        return Err("argument 1 must not be null".into());
    }
    format_with(&text(&a[0])?, &a[1..]).map(Value::String)
}

/// `formatlist(format, args...)`: list arguments are iterated together (they must have the
/// same length), other arguments repeat; one string per element. An unknown element makes its
/// row unknown; an unknown list the whole result.
pub fn formatlist(a: &[Value]) -> Result<Value, String> {
    if matches!(a[0], Value::Null(_)) {
        return Err("argument 1 must not be null".into());
    }
    if a.iter().any(Value::is_unknown) {
        return Ok(Value::UNKNOWN);
    }
    let fmt = text(&a[0])?;
    let args = &a[1..];
    if args.is_empty() {
        return format_with(&fmt, args).map(|s| strs([s]));
    }
    let mut len: Option<(usize, usize)> = None;
    for (i, v) in args.iter().enumerate() {
        if let Value::List(l) = v {
            match len {
                Some((n, first)) if n != l.len() => {
                    return Err(format!(
                        "argument {} has length {}, which is inconsistent with argument {} of length {n}",
                        i + 1,
                        l.len(),
                        first + 1
                    ))
                }
                Some(_) => {}
                None => len = Some((l.len(), i)),
            }
        }
    }
    let n = len.map_or(1, |(n, _)| n);
    let mut out = Vec::with_capacity(n);
    for row in 0..n {
        let vals: Vec<Value> = args
            .iter()
            .map(|v| match v {
                Value::List(l) => l[row].clone(),
                other => other.clone(),
            })
            .collect();
        if !vals.iter().all(Value::is_known) {
            out.push(Value::UNKNOWN);
            continue;
        }
        let s = format_with(&fmt, &vals).map_err(|e| format!("error on format iteration {row}: {e}"))?;
        out.push(Value::String(s));
    }
    Ok(Value::list(out))
}

/// Formats `args` by `fmt`; every argument must be used.
fn format_with(fmt: &str, args: &[Value]) -> Result<String, String> {
    let bytes = fmt.as_bytes();
    let mut out = String::new();
    let mut next = 1usize;
    let mut highest = 0usize;
    let mut p = 0usize;
    let mut lit = 0usize;
    while p < bytes.len() {
        if bytes[p] != b'%' {
            p += 1;
            continue;
        }
        out.push_str(&fmt[lit..p]);
        if bytes.get(p + 1) == Some(&b'%') {
            out.push('%');
            p += 2;
            lit = p;
            continue;
        }
        let start = p;
        let mut v = Verb { offset: start, arg: next, ..Verb::default() };
        p += 1;
        let at = |p: usize| bytes.get(p).copied();
        let bad = |p: usize| -> String {
            match fmt[p..].chars().next() {
                Some(c) => format!("unrecognized format character {} at offset {p}", go_rune(c)),
                None => format!("invalid format string starting at offset {p}"),
            }
        };
        while let Some(c) = at(p) {
            match c {
                b'0' => v.zero = true,
                b'#' => v.sharp = true,
                b'-' => v.minus = true,
                b'+' => v.plus = true,
                b' ' => v.space = true,
                _ => break,
            }
            p += 1;
        }
        if let Some(b'1'..=b'9') = at(p) {
            v.width = Some(digits(bytes, &mut p));
        }
        if at(p) == Some(b'.') {
            p += 1;
            v.prec = Some(digits(bytes, &mut p));
        }
        if at(p) == Some(b'[') {
            p += 1;
            if !matches!(at(p), Some(b'1'..=b'9')) {
                return Err(bad(p));
            }
            v.arg = digits(bytes, &mut p);
            if at(p) != Some(b']') {
                return Err(bad(p));
            }
            p += 1;
        }
        match at(p) {
            Some(c) if c.is_ascii_alphabetic() => v.mode = c as char,
            _ => return Err(bad(p)),
        }
        p += 1;
        v.raw = &fmt[start..p];
        highest = highest.max(v.arg);
        append(&v, &mut out, args)?;
        next = v.arg + 1;
        lit = p;
    }
    out.push_str(&fmt[lit..]);
    if highest < args.len() {
        return Err(if highest == 0 {
            "too many arguments; no verbs in format string".into()
        } else {
            format!("too many arguments; only {highest} used by format string")
        });
    }
    Ok(out)
}

/// Reads decimal digits at `*p` (saturating: a width that large fails later anyway).
fn digits(bytes: &[u8], p: &mut usize) -> usize {
    let mut n = 0usize;
    while let Some(d @ b'0'..=b'9') = bytes.get(*p).copied() {
        n = n.saturating_mul(10).saturating_add((d - b'0') as usize).min(1 << 20);
        *p += 1;
    }
    n
}

/// A character as Go's `%q` quotes a rune.
fn go_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '\\' => "'\\\\'".into(),
        c if c.is_control() => format!("'\\u{:04x}'", c as u32),
        c => format!("'{c}'"),
    }
}

fn append(v: &Verb, out: &mut String, args: &[Value]) -> Result<(), String> {
    let Some(arg) = args.get(v.arg - 1) else {
        return Err(format!(
            "not enough arguments for {:?} at {}: need index {} but have {} total",
            v.raw,
            v.offset,
            v.arg,
            args.len()
        ));
    };
    let unsupported = |why: &str| format!("unsupported value for {:?} at {}: {why}", v.raw, v.offset);
    if v.mode != 'v' && matches!(arg, Value::Null(_)) {
        return Err(unsupported("null value cannot be formatted"));
    }
    match v.mode {
        'v' => {
            let s = match arg {
                Value::String(s) if !v.sharp => s.clone(),
                Value::Number(_) if !v.sharp => {
                    let d = Decimal::of(arg).ok_or_else(|| unsupported("number required"))?;
                    let sign = if d.is_negative() { "-" } else { "" };
                    format!("{sign}{}", d.text('g', None))
                }
                other => go_json(other).ok_or_else(|| unsupported("value is not known"))?,
            };
            out.push_str(&pad(v, s));
        }
        't' => match arg {
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::String(s) if s == "true" || s == "1" => out.push_str("true"),
            Value::String(s) if s == "false" || s == "0" => out.push_str("false"),
            Value::String(_) => return Err(unsupported("a bool is required")),
            _ => return Err(unsupported("bool required")),
        },
        'b' | 'd' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'g' | 'G' => {
            if !matches!(arg, Value::Number(_) | Value::String(_)) {
                return Err(unsupported("number required"));
            }
            let d = Decimal::of(arg).ok_or_else(|| unsupported("a number is required"))?;
            let s = match v.mode {
                'e' | 'E' | 'f' | 'g' | 'G' => float_verb(v, &d),
                _ => int_verb(v, &d).ok_or_else(|| unsupported("an integer is required"))?,
            };
            out.push_str(&s);
        }
        's' | 'q' => {
            let mut s = match arg {
                Value::String(s) => s.clone(),
                Value::Number(_) => Decimal::of(arg).map_or_else(
                    || arg.to_string(),
                    |d| format!("{}{}", if d.is_negative() { "-" } else { "" }, d.text('f', None)),
                ),
                Value::Bool(b) => b.to_string(),
                _ => return Err(unsupported("string required")),
            };
            if let Some(n) = v.prec.filter(|&n| n > 0) {
                let cut = s.grapheme_indices(true).nth(n).map_or(s.len(), |(i, _)| i);
                s.truncate(cut);
            }
            if v.mode == 'q' {
                let mut q = String::new();
                crate::policy::go_string(&s, &mut q);
                s = q;
            }
            out.push_str(&pad(v, s));
        }
        m => return Err(format!("unsupported format verb {} in {:?} at offset {}", go_rune(m), v.raw, v.offset)),
    }
    Ok(())
}

/// cty's padding of `%s`, `%q` and `%v`: to the width in grapheme clusters, with zeros when
/// the `0` flag is given (even before a sign), on the right with `-`.
fn pad(v: &Verb, s: String) -> String {
    let Some(width) = v.width else { return s };
    let have = s.graphemes(true).count();
    if have >= width {
        return s;
    }
    let fill = if v.zero { "0" } else { " " }.repeat(width - have);
    if v.minus {
        s + &fill
    } else {
        fill + &s
    }
}

/// The sign a numeric verb writes: `-`, else `+` with the `+` flag, a space with the space
/// flag.
fn sign(v: &Verb, negative: bool) -> &'static str {
    if negative {
        "-"
    } else if v.plus {
        "+"
    } else if v.space {
        " "
    } else {
        ""
    }
}

/// `%e %E %f %g %G` as Go's `big.Float` formats itself: the `0` flag pads with zeros after the
/// sign even with `-`; otherwise `-` pads on the right.
fn float_verb(v: &Verb, d: &Decimal) -> String {
    let prec = match v.mode {
        'g' | 'G' => v.prec,
        _ => Some(v.prec.unwrap_or(6)),
    };
    let body = d.text(v.mode, prec);
    let sign = sign(v, d.is_negative());
    let len = sign.len() + body.len();
    let padding = v.width.map_or(0, |w| w.saturating_sub(len));
    if v.zero {
        format!("{sign}{}{body}", "0".repeat(padding))
    } else if v.minus {
        format!("{sign}{body}{}", " ".repeat(padding))
    } else {
        format!("{}{sign}{body}", " ".repeat(padding))
    }
}

/// `%b %d %o %x %X` as Go's `big.Int` formats itself; `None` when the number is not whole.
fn int_verb(v: &Verb, d: &Decimal) -> Option<String> {
    let decimal = d.integer_digits()?;
    let base = match v.mode {
        'b' => 2,
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    };
    let mut digits = to_base(&decimal, base);
    if v.mode == 'X' {
        digits = digits.to_uppercase();
    }
    let sign = sign(v, d.neg && digits != "0");
    let prefix = match (v.sharp, v.mode) {
        (true, 'b') => "0b",
        (true, 'o') => "0",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    let mut zeros = 0;
    if let Some(p) = v.prec {
        if digits.len() < p {
            zeros = p - digits.len();
        } else if digits == "0" && p == 0 {
            return Some(String::new());
        }
    }
    let (mut left, mut right) = (0, 0);
    let length = sign.len() + prefix.len() + zeros + digits.len();
    if let Some(w) = v.width.filter(|&w| w > length) {
        let extra = w - length;
        if v.minus {
            right = extra;
        } else if v.zero && v.prec.is_none() {
            zeros = extra;
        } else {
            left = extra;
        }
    }
    Some(format!("{}{sign}{prefix}{}{digits}{}", " ".repeat(left), "0".repeat(zeros), " ".repeat(right)))
}

/// Decimal digits (no sign, no leading zeros) in another base, by long division.
fn to_base(decimal: &str, base: u32) -> String {
    if base == 10 {
        return decimal.to_string();
    }
    let mut num: Vec<u32> = decimal.bytes().map(|b| (b - b'0') as u32).collect();
    let mut out = Vec::new();
    while !(num.is_empty() || num == [0]) {
        let mut rem = 0;
        let mut quotient = Vec::with_capacity(num.len());
        for d in &num {
            let cur = rem * 10 + d;
            let q = cur / base;
            rem = cur % base;
            if !(quotient.is_empty() && q == 0) {
                quotient.push(q);
            }
        }
        // `rem < base <= 16`, so it is a digit of that base.
        out.push(std::char::from_digit(rem, base).unwrap_or('?'));
        num = quotient;
    }
    if out.is_empty() {
        return "0".into();
    }
    out.iter().rev().collect()
}

/// A number as decimal digits, as Go's `big` package formats through: the value is
/// `0.mant × 10^exp`, `mant` without leading or trailing zeros (empty for zero).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Decimal {
    neg: bool,
    mant: Vec<u8>,
    exp: i64,
}

impl Decimal {
    /// The decimal a number (or a numeric string, as cty converts one) is.
    // Read from the number's own text, which holds every digit.
    pub(super) fn of(v: &Value) -> Option<Decimal> {
        let text = match v {
            Value::Number(_) => v.to_string(),
            Value::String(s) => {
                // cty reads a string as a number literal: no spaces, no `+`, no hex.
                crate::lang::number::Num::parse(s).filter(|n| !n.is_inf())?.text()
            }
            _ => return None,
        };
        Decimal::parse(&text)
    }

    /// Reads `-12.5e3`-style text.
    fn parse(text: &str) -> Option<Decimal> {
        let (neg, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (num, e) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
            None => (rest, 0),
        };
        let (int, frac) = num.split_once('.').unwrap_or((num, ""));
        if int.is_empty() && frac.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut mant: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
        let mut exp = int.len() as i64 + e;
        let lead = mant.iter().take_while(|&&b| b == b'0').count();
        mant.drain(..lead);
        exp -= lead as i64;
        let mut d = Decimal { neg, mant, exp };
        d.trim();
        Some(d)
    }

    pub(super) fn is_negative(&self) -> bool {
        self.neg && !self.mant.is_empty()
    }

    fn trim(&mut self) {
        while self.mant.last() == Some(&b'0') {
            self.mant.pop();
        }
        if self.mant.is_empty() {
            self.exp = 0;
        }
    }

    /// The digits of a whole number; `None` if it has a fractional part.
    fn integer_digits(&self) -> Option<String> {
        if self.mant.is_empty() {
            return Some("0".into());
        }
        if self.exp < self.mant.len() as i64 {
            return None;
        }
        let mut s = String::from_utf8_lossy(&self.mant).into_owned();
        s.push_str(&"0".repeat((self.exp - self.mant.len() as i64) as usize));
        Some(s)
    }

    /// Rounds to `n` digits, as Go's `decimal.round` (half to even on an exact tie).
    fn round(&mut self, n: i64) {
        if n < 0 || n >= self.mant.len() as i64 {
            return;
        }
        let n = n as usize;
        let up = if self.mant[n] == b'5' && n + 1 == self.mant.len() {
            n > 0 && (self.mant[n - 1] - b'0') & 1 == 1
        } else {
            self.mant[n] >= b'5'
        };
        if up {
            match self.mant[..n].iter().rposition(|&d| d < b'9') {
                Some(i) => {
                    self.mant[i] += 1;
                    self.mant.truncate(i + 1);
                }
                None => {
                    self.mant = vec![b'1'];
                    self.exp += 1;
                }
            }
        } else {
            self.mant.truncate(n);
            self.trim();
        }
    }

    /// The digits without the sign, as Go's `big.Float.Text(mode, prec)` (`None`: shortest).
    pub(super) fn text(&self, mode: char, prec: Option<usize>) -> String {
        let mut d = self.clone();
        let shortest = prec.is_none();
        let mut prec = prec.map(|p| p as i64);
        if let Some(p) = prec {
            match mode {
                'e' | 'E' => d.round(1 + p),
                'f' => d.round(d.exp + p),
                _ => {
                    let p = p.max(1);
                    prec = Some(p);
                    d.round(p);
                }
            }
        }
        let len = d.mant.len() as i64;
        match mode {
            'e' | 'E' => d.fmt_e(mode, prec.unwrap_or(len - 1)),
            'f' => d.fmt_f(prec.unwrap_or((len - d.exp).max(0))),
            _ => {
                let p = prec.unwrap_or(len);
                let mut eprec = p;
                if eprec > len && len >= d.exp {
                    eprec = len;
                }
                if shortest {
                    eprec = 6;
                }
                let exp = d.exp - 1;
                let e = if mode == 'G' { 'E' } else { 'e' };
                if exp < -4 || exp >= eprec {
                    d.fmt_e(e, p.min(len) - 1)
                } else {
                    let p = if p > d.exp { len } else { p };
                    d.fmt_f((p - d.exp).max(0))
                }
            }
        }
    }

    fn digit(&self, i: i64) -> char {
        if i >= 0 && (i as usize) < self.mant.len() {
            self.mant[i as usize] as char
        } else {
            '0'
        }
    }

    fn fmt_e(&self, e: char, prec: i64) -> String {
        let mut s = String::new();
        s.push(self.digit(0));
        if prec > 0 {
            s.push('.');
            (1..=prec).for_each(|i| s.push(self.digit(i)));
        }
        s.push(e);
        let exp = if self.mant.is_empty() { 0 } else { self.exp - 1 };
        s.push(if exp < 0 { '-' } else { '+' });
        s.push_str(&format!("{:02}", exp.abs()));
        s
    }

    fn fmt_f(&self, prec: i64) -> String {
        let mut s = String::new();
        if self.exp > 0 {
            (0..self.exp).for_each(|i| s.push(self.digit(i)));
        } else {
            s.push('0');
        }
        if prec > 0 {
            s.push('.');
            (1..=prec).for_each(|i| s.push(self.digit(self.exp + i - 1)));
        }
        s
    }
}
