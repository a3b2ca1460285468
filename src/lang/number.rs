//! Numbers as Terraform has them: binary floating point of arbitrary precision (Go's
//! `big.Float`, which cty's numbers are), so `0.1 + 0.2` is `0.3` and
//! `10000000000000000000 + 1` is exact.
//!
//! Each number carries its precision in bits, as a `big.Float` does, because Terraform's
//! results depend on it: literals and parsed strings have 512 bits, integers from functions
//! (`length`) 64, and the results of Go's float64 math (`pow`, `log`) 53, so `pow(2, 100)`
//! prints as `1267650600228229400000000000000` while `pow(2, 100) + 1` is exact. Arithmetic
//! rounds to the larger precision of its operands, to nearest, ties to even. A number prints
//! as Go's `Text('f', -1)`: the fewest digits that read back to the same number at its
//! precision, never in exponent form.

use std::cmp::Ordering;
use std::fmt;

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};

/// The precision of number literals and of numbers parsed from strings (cty's).
pub const LITERAL_PREC: u32 = 512;
/// The precision of Go's float64 results.
pub const FLOAT_PREC: u32 = 53;
/// The least precision of an integer (Go's `SetInt64`).
const INT_PREC: u32 = 64;

#[derive(Clone)]
pub struct Num {
    neg: bool,
    inf: bool,
    /// The value is `mant * 2^exp`; `mant` has at most `prec` bits and no trailing zero bit
    /// (zero is `mant == 0`).
    mant: BigUint,
    exp: i64,
    prec: u32,
}

impl Num {
    fn make(neg: bool, mant: BigUint, exp: i64, prec: u32) -> Num {
        let (mant, exp) = round(mant, exp, prec, false);
        Num { neg, inf: false, mant, exp, prec }.trimmed()
    }

    /// Drops trailing zero bits so each value has one representation.
    fn trimmed(mut self) -> Num {
        if self.mant.is_zero() {
            self.exp = 0;
        } else if let Some(tz) = self.mant.trailing_zeros() {
            if tz > 0 {
                self.mant >>= tz as usize;
                self.exp += tz as i64;
            }
        }
        self
    }

    pub fn zero() -> Num {
        Num { neg: false, inf: false, mant: BigUint::zero(), exp: 0, prec: INT_PREC }
    }

    pub fn infinity(neg: bool) -> Num {
        Num { neg, inf: true, mant: BigUint::zero(), exp: 0, prec: 0 }
    }

    /// An integer (Go's `SetInt64`: 64 bits of precision, exact).
    pub fn from_i64(i: i64) -> Num {
        Num::make(i < 0, BigUint::from(i.unsigned_abs()), 0, INT_PREC)
    }

    /// An integer of any size (Go's `SetInt`: at least 64 bits, exact).
    pub fn from_bigint(i: &BigInt) -> Num {
        let prec = (i.bits() as u32).max(INT_PREC);
        Num::make(i.sign() == Sign::Minus, i.magnitude().clone(), 0, prec)
    }

    /// A float64 result (Go's `SetFloat64`: 53 bits). `None` for NaN.
    pub fn from_f64(f: f64) -> Option<Num> {
        if f.is_nan() {
            return None;
        }
        if f.is_infinite() {
            return Some(Num::infinity(f < 0.0));
        }
        let neg = f.is_sign_negative();
        let bits = f.abs().to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1u64 << 52) - 1);
        let (m, e) = if biased == 0 { (frac, -1074) } else { (frac | (1u64 << 52), biased - 1075) };
        Some(Num::make(neg, BigUint::from(m), e, FLOAT_PREC))
    }

    /// Parses a decimal number as cty does (`big.ParseFloat` at 512 bits): an optional sign,
    /// digits with an optional fraction, an optional exponent; also `Inf`/`+Inf`/`-Inf`.
    /// `None` for anything else (spaces included).
    pub fn parse(s: &str) -> Option<Num> {
        let (neg, body) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
            return Some(Num::infinity(neg));
        }
        let (mantissa, exponent) = match body.find(['e', 'E']) {
            Some(i) => (&body[..i], Some(&body[i + 1..])),
            None => (body, None),
        };
        let (int, frac) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        let digits_ok = |d: &str| d.bytes().all(|b| b.is_ascii_digit() || b == b'_');
        if int.is_empty() && frac.is_empty() || !digits_ok(int) || !digits_ok(frac) {
            return None;
        }
        let mut e10: i64 = match exponent {
            None => 0,
            Some(e) => {
                let (eneg, ed) = match e.as_bytes().first()? {
                    b'-' => (true, &e[1..]),
                    b'+' => (false, &e[1..]),
                    _ => (false, e),
                };
                if ed.is_empty() || !ed.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let v: i64 = ed.parse().ok().filter(|v: &i64| *v < 1_000_000_000)?;
                if eneg {
                    -v
                } else {
                    v
                }
            }
        };
        let all: String = int.chars().chain(frac.chars()).filter(|c| *c != '_').collect();
        e10 -= frac.chars().filter(|c| *c != '_').count() as i64;
        let d = BigUint::parse_bytes(all.as_bytes(), 10).unwrap_or_default();
        Some(Num::from_decimal(neg, d, e10, LITERAL_PREC))
    }

    /// `d * 10^e10`, correctly rounded to `prec` bits.
    fn from_decimal(neg: bool, d: BigUint, e10: i64, prec: u32) -> Num {
        if d.is_zero() {
            return Num { neg, prec, ..Num::zero() };
        }
        // Numbers beyond any float's range are infinite (Go's exponent limit is 2^31).
        if e10 > 700_000_000 {
            return Num::infinity(neg);
        }
        if e10 < -700_000_000 {
            return Num { neg, prec, ..Num::zero() };
        }
        if e10 >= 0 {
            let m = d * pow5(e10 as u64);
            return Num::make(neg, m, e10, prec);
        }
        let den = pow5((-e10) as u64);
        let (m, exp) = divide(&d, &den, prec);
        Num { neg, inf: false, mant: m, exp: exp + e10, prec }.trimmed()
    }

    pub fn prec(&self) -> u32 {
        self.prec
    }

    pub fn is_zero(&self) -> bool {
        !self.inf && self.mant.is_zero()
    }

    pub fn is_inf(&self) -> bool {
        self.inf
    }

    pub fn is_negative(&self) -> bool {
        self.neg && !self.is_zero()
    }

    /// True for a whole number (not infinite).
    pub fn is_integer(&self) -> bool {
        !self.inf && (self.mant.is_zero() || self.exp >= 0)
    }

    /// The integer part, towards zero (`None` when infinite).
    pub fn trunc(&self) -> Option<BigInt> {
        if self.inf {
            return None;
        }
        let mag = if self.exp >= 0 {
            &self.mant << (self.exp as usize)
        } else if -self.exp >= self.mant.bits() as i64 {
            BigUint::zero()
        } else {
            &self.mant >> ((-self.exp) as usize)
        };
        Some(BigInt::from_biguint(if self.neg { Sign::Minus } else { Sign::Plus }, mag))
    }

    /// The value as an `i64` when it is a whole number that fits.
    pub fn to_i64(&self) -> Option<i64> {
        if !self.is_integer() {
            return None;
        }
        self.trunc()?.to_i64()
    }

    /// The nearest float64 (infinities when out of range).
    pub fn to_f64(&self) -> f64 {
        if self.inf {
            return if self.neg { f64::NEG_INFINITY } else { f64::INFINITY };
        }
        // Round to 53 bits first, so the conversion below is exact but for the exponent.
        let (m, e) = round(self.mant.clone(), self.exp, FLOAT_PREC, false);
        // In two steps, so a subnormal result does not pass through zero.
        let e = e.clamp(-2200, 2200) as i32;
        let f = m.to_f64().unwrap_or(f64::INFINITY) * 2f64.powi(e / 2) * 2f64.powi(e - e / 2);
        if self.neg {
            -f
        } else {
            f
        }
    }

    pub fn neg(&self) -> Num {
        Num { neg: !self.neg, ..self.clone() }
    }

    pub fn abs(&self) -> Num {
        Num { neg: false, ..self.clone() }
    }

    pub fn add(&self, other: &Num) -> Result<Num, &'static str> {
        let prec = self.prec.max(other.prec);
        if self.inf || other.inf {
            if self.inf && other.inf && self.neg != other.neg {
                return Err("can't add infinities of opposite sign");
            }
            return Ok(Num::infinity(if self.inf { self.neg } else { other.neg }));
        }
        if self.is_zero() && other.is_zero() {
            // Go: -0 + -0 is -0; otherwise +0.
            return Ok(Num { neg: self.neg && other.neg, prec, ..Num::zero() });
        }
        if self.is_zero() {
            return Ok(Num::make(other.neg, other.mant.clone(), other.exp, prec));
        }
        if other.is_zero() {
            return Ok(Num::make(self.neg, self.mant.clone(), self.exp, prec));
        }
        // A far smaller operand cannot change the rounded result but by its sign, which
        // decides a tie: it stands as one unit two bits below the precision's last bit.
        let (hi, lo) = if self.top() >= other.top() { (self, other) } else { (other, self) };
        let k = (prec as i64 + 2 - hi.mant.bits() as i64).max(2);
        if lo.top() <= hi.exp - k {
            let m = &hi.mant << k as usize;
            let m = if hi.neg == lo.neg { m + 1u32 } else { m - 1u32 };
            return Ok(Num::make(hi.neg, m, hi.exp - k, prec));
        }
        let e = self.exp.min(other.exp);
        let a = signed(self.neg, &self.mant << ((self.exp - e) as usize));
        let b = signed(other.neg, &other.mant << ((other.exp - e) as usize));
        let s = a + b;
        if s.is_zero() {
            return Ok(Num { prec, ..Num::zero() });
        }
        Ok(Num::make(s.sign() == Sign::Minus, s.magnitude().clone(), e, prec))
    }

    pub fn sub(&self, other: &Num) -> Result<Num, &'static str> {
        self.add(&other.neg())
    }

    pub fn mul(&self, other: &Num) -> Result<Num, &'static str> {
        let prec = self.prec.max(other.prec);
        let neg = self.neg != other.neg;
        if self.inf || other.inf {
            if self.is_zero() || other.is_zero() {
                return Err("can't multiply zero by infinity");
            }
            return Ok(Num::infinity(neg));
        }
        Ok(Num::make(neg, &self.mant * &other.mant, self.exp + other.exp, prec))
    }

    pub fn div(&self, other: &Num) -> Result<Num, &'static str> {
        let prec = self.prec.max(other.prec);
        let neg = self.neg != other.neg;
        if (self.is_zero() && other.is_zero()) || (self.inf && other.inf) {
            return Err("can't divide zero by zero or infinity by infinity");
        }
        if self.inf || other.is_zero() {
            return Ok(Num::infinity(neg));
        }
        if other.inf || self.is_zero() {
            return Ok(Num { neg, prec, ..Num::zero() });
        }
        let (m, e) = divide(&self.mant, &other.mant, prec);
        Ok(Num { neg, inf: false, mant: m, exp: e + self.exp - other.exp, prec }.trimmed())
    }

    /// cty's `Modulo`: `a - trunc(a / b) * b`, the last two steps at `a`'s precision, as cty
    /// computes them; `a % 0` is `a`.
    pub fn rem(&self, other: &Num) -> Result<Num, &'static str> {
        if self.inf || other.inf {
            return self.mul(other);
        }
        if other.is_zero() {
            return Ok(self.clone());
        }
        let p = self.prec;
        let q = self.div(other)?.trunc().unwrap_or_default();
        let q = Num::from_bigint(&q);
        let q = Num::make(q.neg, q.mant, q.exp, p);
        let work = Num::make(q.neg != other.neg, &q.mant * &other.mant, q.exp + other.exp, p);
        let r = Num::make(self.neg, self.mant.clone(), self.exp, p).sub(&work)?;
        Ok(Num::make(r.neg, r.mant, r.exp, p))
    }

    /// Rounds towards negative infinity to a whole number (cty's `floor`; precision kept).
    pub fn floor(&self) -> Num {
        self.to_integer(|t, n| if n.neg && !n.is_integer() { t - 1 } else { t })
    }

    /// Rounds towards positive infinity to a whole number (cty's `ceil`).
    pub fn ceil(&self) -> Num {
        self.to_integer(|t, n| if !n.neg && !n.is_integer() { t + 1 } else { t })
    }

    fn to_integer(&self, adjust: impl Fn(BigInt, &Num) -> BigInt) -> Num {
        let Some(t) = self.trunc() else { return self.clone() };
        let i = adjust(t, self);
        let r = Num::from_bigint(&i);
        Num::make(r.neg, r.mant, r.exp, self.prec.max(INT_PREC))
    }

    /// The exponent of the bit just above the most significant one.
    fn top(&self) -> i64 {
        self.exp + self.mant.bits() as i64
    }

    /// Go's `Text('f', -1)`: the shortest decimal that reads back to this number at its
    /// precision, in positional notation.
    pub fn text(&self) -> String {
        if self.inf {
            return if self.neg { "-Inf".into() } else { "+Inf".into() };
        }
        let sign = if self.neg { "-" } else { "" };
        if self.mant.is_zero() {
            return format!("{sign}0");
        }
        let mut d = Decimal::of(&self.mant, self.exp);
        shortest(&mut d, &self.mant, self.exp, self.prec);
        format!("{sign}{}", d.positional())
    }
}

fn signed(neg: bool, m: BigUint) -> BigInt {
    BigInt::from_biguint(if neg { Sign::Minus } else { Sign::Plus }, m)
}

fn pow5(n: u64) -> BigUint {
    num_traits::pow(BigUint::from(5u32), n as usize)
}

/// Rounds `mant * 2^exp` to `prec` bits, to nearest, ties to even; `sticky` says a nonzero
/// remainder lies below `mant`'s last bit.
fn round(mant: BigUint, exp: i64, prec: u32, sticky: bool) -> (BigUint, i64) {
    let bits = mant.bits();
    if bits <= prec as u64 {
        return (mant, exp);
    }
    let shift = bits - prec as u64;
    let half = mant.bit(shift - 1);
    let below = sticky || (shift > 1 && mant.trailing_zeros().is_some_and(|tz| tz < shift - 1));
    let mut q = mant >> shift as usize;
    let mut e = exp + shift as i64;
    if half && (below || q.bit(0)) {
        q += 1u32;
        if q.bits() > prec as u64 {
            q >>= 1usize;
            e += 1;
        }
    }
    (q, e)
}

/// `a / b` rounded to `prec` bits, as `(mant, exp)` with the value `mant * 2^exp`.
fn divide(a: &BigUint, b: &BigUint, prec: u32) -> (BigUint, i64) {
    let shift = (prec as i64 + 2 + b.bits() as i64 - a.bits() as i64).max(0);
    let (q, r) = (a << shift as usize).div_rem(b);
    round(q, -shift, prec, !r.is_zero())
}

/// A decimal `0.digits * 10^point`, as Go's `big.decimal`.
struct Decimal {
    digits: Vec<u8>,
    point: i64,
}

impl Decimal {
    /// `mant * 2^exp` exactly, trailing zeros dropped.
    fn of(mant: &BigUint, exp: i64) -> Decimal {
        let (n, scale) = if exp >= 0 { (mant << exp as usize, 0i64) } else { (mant * pow5((-exp) as u64), -exp) };
        let s = n.to_str_radix(10);
        let mut digits: Vec<u8> = s.into_bytes();
        let point = digits.len() as i64 - scale;
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Decimal { digits, point }
    }

    fn at(&self, i: usize) -> u8 {
        self.digits.get(i).copied().unwrap_or(b'0')
    }

    fn round_down(&mut self, n: usize) {
        self.digits.truncate(n);
        while self.digits.last() == Some(&b'0') {
            self.digits.pop();
        }
    }

    fn round_up(&mut self, n: usize) {
        let mut n = n.min(self.digits.len());
        while n > 0 && self.digits[n - 1] >= b'9' {
            n -= 1;
        }
        if n == 0 {
            self.digits = vec![b'1'];
            self.point += 1;
            return;
        }
        self.digits[n - 1] += 1;
        self.digits.truncate(n);
    }

    fn round(&mut self, n: usize) {
        if n >= self.digits.len() {
            return;
        }
        let up = if self.digits[n] == b'5' && n + 1 == self.digits.len() {
            n > 0 && (self.digits[n - 1] - b'0') % 2 == 1
        } else {
            self.digits[n] >= b'5'
        };
        if up {
            self.round_up(n)
        } else {
            self.round_down(n)
        }
    }

    /// Go's `%f` with exactly the digits held.
    fn positional(&self) -> String {
        let mut out = String::new();
        if self.point > 0 {
            for i in 0..self.point as usize {
                out.push(self.at(i) as char);
            }
        } else {
            out.push('0');
        }
        let frac = self.digits.len() as i64 - self.point;
        if frac > 0 {
            out.push('.');
            for i in 0..frac {
                let at = self.point + i;
                out.push(if at < 0 { '0' } else { self.at(at as usize) as char });
            }
        }
        out
    }
}

/// Go's `roundShortest`: the fewest digits that still lie within half a unit in the last
/// place (at the number's precision) of it.
fn shortest(d: &mut Decimal, mant: &BigUint, exp: i64, prec: u32) {
    // `mant` with prec + 1 bits, so its last bit is half a unit in the last place.
    let s = mant.bits() as i64 - (prec as i64 + 1);
    let (m, e) = if s < 0 { (mant << (-s) as usize, exp + s) } else { (mant >> s as usize, exp + s) };
    let lower = Decimal::of(&(&m - 1u32), e);
    let upper = Decimal::of(&(&m + 1u32), e);
    let inclusive = !m.bit(1);
    for i in 0..d.digits.len() {
        let (l, c, u) = (lower.at(i), d.digits[i], upper.at(i));
        let okdown = l != c || inclusive && i + 1 == lower.digits.len();
        let okup = c != u && (inclusive || c + 1 < u || i + 1 < upper.digits.len());
        match (okdown, okup) {
            (true, true) => return d.round(i + 1),
            (true, false) => return d.round_down(i + 1),
            (false, true) => return d.round_up(i + 1),
            _ => {}
        }
    }
}

impl PartialEq for Num {
    /// By value, as cty's `Equals` (`big.Float.Cmp`): precision does not count.
    fn eq(&self, other: &Num) -> bool {
        self.partial_cmp(other) == Some(Ordering::Equal)
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Num) -> Option<Ordering> {
        let sa = self.sign();
        let sb = other.sign();
        if sa != sb {
            return Some(sa.cmp(&sb));
        }
        if sa == 0 {
            return Some(Ordering::Equal);
        }
        let mag = match (self.inf, other.inf) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => {
                let e = self.exp.min(other.exp);
                let a = &self.mant << ((self.exp - e) as usize);
                let b = &other.mant << ((other.exp - e) as usize);
                a.cmp(&b)
            }
        };
        Some(if sa < 0 { mag.reverse() } else { mag })
    }
}

impl Num {
    /// -1, 0 or 1 (zero of either sign is 0).
    pub fn sign(&self) -> i32 {
        if self.is_zero() {
            0
        } else if self.neg {
            -1
        } else {
            1
        }
    }

    /// The number as a JSON number holding its exact text (`serde_json`'s
    /// `arbitrary_precision`); `None` for the infinities, which JSON cannot hold.
    /// Negative zero is written `0`, as Terraform's plans and states write it.
    pub fn to_json(&self) -> Option<serde_json::Number> {
        if self.inf {
            return None;
        }
        if self.is_zero() {
            return Some(0.into());
        }
        self.text().parse().ok()
    }

    /// A JSON number, read as cty reads one (512 bits).
    pub fn from_json(n: &serde_json::Number) -> Num {
        Num::parse(&n.to_string()).unwrap_or_else(Num::zero)
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl fmt::Debug for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.text())
    }
}

impl serde::Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.to_json() {
            Some(n) => n.serialize(s),
            None => s.serialize_str(&self.text()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Number(serde_json::Number),
            Text(String),
        }
        match Repr::deserialize(d)? {
            Repr::Number(n) => Ok(Num::from_json(&n)),
            Repr::Text(t) => Num::parse(&t).ok_or_else(|| serde::de::Error::custom(format!("not a number: {t}"))),
        }
    }
}

impl From<i64> for Num {
    fn from(i: i64) -> Num {
        Num::from_i64(i)
    }
}

/// Number literals the HCL parser cannot hold (an integer past 2^64, a decimal past a
/// float64's range), each replaced before parsing by a placeholder of the same length (so
/// spans still point into the file as written) that the evaluator maps back to the literal.
static PLACEHOLDERS: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());

/// `text` with every number literal the parser refuses replaced by a placeholder; `None`
/// when there is none. Literals in quoted strings and comments are left alone.
pub fn protect_big_literals(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut last, mut changed) = (0, 0, false);
    let mut in_string = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' | b'\n' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'#' => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'0'..=b'9'
                if i == 0
                    || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b'.') =>
            {
                let end = literal_end(bytes, i);
                let lit = &text[i..end];
                if refused_literal(lit) {
                    if let Some(p) = placeholder(lit) {
                        out.push_str(&text[last..i]);
                        out.push_str(&p);
                        last = end;
                        changed = true;
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&text[last..]);
    changed.then_some(out)
}

/// The end of the number literal starting at `i`: digits, a fraction, an exponent.
fn literal_end(b: &[u8], mut i: usize) -> usize {
    let digits = |b: &[u8], mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    i = digits(b, i);
    if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i = digits(b, i + 1);
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            i = digits(b, j);
        }
    }
    i
}

/// Whether the HCL parser refuses this literal: an integer past `u64`, or a decimal that is
/// infinite as a float64.
fn refused_literal(lit: &str) -> bool {
    if lit.bytes().all(|c| c.is_ascii_digit()) {
        return lit.parse::<u64>().is_err();
    }
    lit.parse::<f64>().is_ok_and(|f| f.is_infinite())
}

/// A fresh literal of `lit`'s length the parser reads (`0.0e…`), remembered with `lit`.
fn placeholder(lit: &str) -> Option<String> {
    let mut all = PLACEHOLDERS.lock().ok()?;
    if let Some((p, _)) = all.iter().find(|(_, l)| l == lit) {
        return Some(p.clone());
    }
    let width = lit.len().checked_sub(4).filter(|w| *w > 0)?;
    let n = all.len();
    let digits = format!("{n:0width$}");
    if digits.len() > width {
        return None;
    }
    let p = format!("0.0e{digits}");
    all.push((p.clone(), lit.to_string()));
    Some(p)
}

/// The literal a placeholder stands for, or `text` itself.
pub fn literal_text(text: &str) -> String {
    // The parser takes a leading minus sign into the literal.
    if let Some(rest) = text.strip_prefix('-') {
        return format!("-{}", literal_text(rest));
    }
    if text.starts_with("0.0e") {
        if let Ok(all) = PLACEHOLDERS.lock() {
            if let Some((_, lit)) = all.iter().find(|(p, _)| p == text) {
                return lit.clone();
            }
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    /// Each value below is what `terraform console` (1.11.4) prints.
    #[test]
    fn arithmetic_and_text_are_terraforms() {
        let third = "0.33333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333335";
        assert_eq!(n("1").div(&n("3")).unwrap().text(), third);
        assert_eq!(n("0.1").add(&n("0.2")).unwrap().text(), "0.3");
        assert_eq!(n("0.1").add(&n("0.2")).unwrap(), n("0.3"));
        assert_eq!(n("10000000000000000000").add(&n("1")).unwrap().text(), "10000000000000000001");
        assert_eq!(n("1e20").text(), "100000000000000000000");
        assert_eq!(n("1e-7").text(), "0.0000001");
        assert_eq!(n("1.50").text(), "1.5");
        assert_eq!(n("10").div(&n("4")).unwrap().text(), "2.5");
        assert_eq!(n("0.1").mul(&n("3")).unwrap().text(), "0.3");
        assert_eq!(n("1").div(&n("3")).unwrap().mul(&n("3")).unwrap().text(), "1");
        assert_eq!(n("0").neg().text(), "-0");
        assert_eq!(n("0").mul(&n("-1")).unwrap().text(), "-0");
        assert_eq!(n("2").sub(&n("3")).unwrap().text(), "-1");
    }

    #[test]
    fn float64_results_print_at_53_bits() {
        let p = Num::from_f64(2f64.powi(100)).unwrap();
        assert_eq!(p.text(), "1267650600228229400000000000000");
        assert_eq!(p.add(&n("1")).unwrap().text(), "1267650600228229401496703205377");
        assert_eq!(Num::from_f64(2f64.sqrt()).unwrap().text(), "1.4142135623730951");
        assert_eq!(Num::from_f64(4.0).unwrap().text(), "4");
    }

    #[test]
    fn modulo_is_ctys() {
        assert_eq!(n("7").rem(&n("3")).unwrap().text(), "1");
        assert_eq!(n("-7").rem(&n("3")).unwrap().text(), "-1");
        assert_eq!(n("7").rem(&n("-3")).unwrap().text(), "1");
        assert_eq!(n("7.5").rem(&n("2")).unwrap().text(), "1.5");
        assert_eq!(n("-7.5").rem(&n("2")).unwrap().text(), "-1.5");
        assert_eq!(n("5").rem(&n("0")).unwrap().text(), "5");
        assert_eq!(n("1e30").rem(&n("7")).unwrap().text(), "1");
        assert_eq!(n("0.3").rem(&n("0.1")).unwrap().text(), "0");
    }

    #[test]
    fn infinities_and_division_by_zero() {
        assert_eq!(n("1").div(&n("0")).unwrap().text(), "+Inf");
        assert_eq!(n("-1").div(&n("0")).unwrap().text(), "-Inf");
        assert!(n("0").div(&n("0")).is_err());
        assert_eq!(Num::parse("inf").unwrap().text(), "+Inf");
    }

    #[test]
    fn parse_refuses_what_cty_refuses() {
        assert!(Num::parse(" 1").is_none());
        assert!(Num::parse("").is_none());
        assert!(Num::parse("1e").is_none());
        assert!(Num::parse("0x10").is_none());
        assert_eq!(n("1e-2").text(), "0.01");
        assert_eq!(n("-.5").text(), "-0.5");
    }

    #[test]
    fn floor_ceil_and_integers() {
        assert_eq!(n("-1.5").floor().text(), "-2");
        assert_eq!(n("1").div(&n("3")).unwrap().floor().text(), "0");
        assert_eq!(n("1e30").add(&n("0.5")).unwrap().ceil().text(), "1000000000000000000000000000001");
        assert_eq!(n("42").to_i64(), Some(42));
        assert_eq!(n("4.5").to_i64(), None);
        assert_eq!(Num::from_i64(i64::MIN).text(), "-9223372036854775808");
    }

    #[test]
    fn literals_the_parser_refuses_are_read_through_placeholders() {
        let text =
            "x = 123456789012345678901234567890 + 1e400 # 99999999999999999999999\ny = \"18446744073709551616\"\n";
        let safe = protect_big_literals(text).unwrap();
        assert_eq!(safe.len(), text.len(), "same offsets");
        assert!(safe.contains("\"18446744073709551616\"") && safe.contains("# 99999999999999999999999"));
        let body = hcl_edit::parser::parse_body(&safe).unwrap();
        let hcl_edit::expr::Expression::BinaryOp(op) = &body.get_attribute("x").unwrap().value else { panic!() };
        let hcl_edit::expr::Expression::Number(n) = &op.lhs_expr else { panic!() };
        assert_eq!(literal_text(n.as_repr().unwrap()), "123456789012345678901234567890");
        assert!(protect_big_literals("x = 18446744073709551615\n").is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        /// Printed text reads back as the same number, and no operation panics.
        #[test]
        fn text_reads_back_and_operations_never_panic(
            a in "-?[0-9]{1,40}(\\.[0-9]{1,40})?(e-?[0-9]{1,3})?",
            b in "-?[0-9]{1,25}(\\.[0-9]{1,25})?",
        ) {
            let x = Num::parse(&a).unwrap();
            let y = Num::parse(&b).unwrap();
            proptest::prop_assert_eq!(Num::parse(&x.text()).unwrap(), x.clone());
            for r in [x.add(&y), x.sub(&y), x.mul(&y), x.div(&y), x.rem(&y)].into_iter().flatten() {
                let back = Num::parse(&r.text());
                // An exact power of two is the one exception, in Go as here: the shortest
                // digits are sought within half the gap above it on both sides, though the gap
                // below is half as wide (so Terraform prints the same digits).
                let power_of_two = r.mant.count_ones() == 1;
                proptest::prop_assert!(r.is_inf() || power_of_two || back.is_some_and(|n| n == r), "{} -> {}", a, r.text());
            }
            let _ = (x.floor(), x.ceil(), x.to_f64(), x.to_i64());
        }
    }

    #[test]
    fn comparison_ignores_precision() {
        assert_eq!(Num::from_i64(1), n("1.0"));
        assert!(n("0.3") < n("1").div(&n("3")).unwrap());
        assert!(n("-2") < n("-1"));
        assert_eq!(n("-0"), n("0"));
    }
}
