//! What every simulated service shares: deterministic ids, timestamps and partitions, and
//! AWS's wording of request validation errors, so each service's rules read as AWS's do.

use std::fmt::Display;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::cloud::{CloudError, CloudResult, ErrorKind, Tags};

/// The error code of a request that breaks the API's constraints (most services).
pub(crate) const VALIDATION: &str = "ValidationException";

pub(crate) const IAM_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
pub(crate) const INSPECTOR_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub(crate) const HEX_ALPHABET: &[u8] = b"0123456789abcdef";

// ---- Ids, time, partitions ----

pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(crate) fn render_id(seed: u64, alphabet: &[u8], len: usize) -> String {
    let mut state = seed;
    let n = alphabet.len() as u64;
    (0..len).map(|_| char::from(alphabet[(splitmix64(&mut state) % n) as usize])).collect()
}

/// FNV-1a, to give hand-added roles a stable id without consuming `next_id`.
pub(crate) fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3))
}

/// Seconds since the Unix epoch as RFC 3339 UTC (civil-from-days after H. Hinnant).
pub(crate) fn rfc3339(secs: u64) -> String {
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    let z = days + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
}

pub(crate) fn now_rfc3339() -> String {
    // A clock before 1970 is not worth an error; it renders as the epoch.
    rfc3339(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0))
}

pub(crate) fn partition(region: &str) -> &'static str {
    if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("cn-") {
        "aws-cn"
    } else {
        "aws"
    }
}

// ---- Errors and validation ----

/// One AWS operation (`service`, `Operation`): names faults and errors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op(pub(crate) &'static str, pub(crate) &'static str);

impl Op {
    pub(crate) fn err(self, kind: ErrorKind, code: &str, message: impl Into<String>) -> CloudError {
        CloudError::new(self.0, self.1, kind, code, message)
    }
    pub(crate) fn invalid(self, code: &str, message: impl Into<String>) -> CloudError {
        self.err(ErrorKind::Invalid, code, message)
    }
    pub(crate) fn not_found(self, code: &str, message: impl Into<String>) -> CloudError {
        self.err(ErrorKind::NotFound, code, message)
    }
    /// Inspector errors carry a sub-code (`errorCode`); it goes into the message.
    pub(crate) fn inspector(self, kind: ErrorKind, exception: &str, sub: &str, msg: impl Display) -> CloudError {
        self.err(kind, exception, format!("{msg} (errorCode: {sub})"))
    }
    pub(crate) fn bad_input(self, sub: &str, msg: impl Display) -> CloudError {
        self.inspector(ErrorKind::Invalid, "InvalidInputException", sub, msg)
    }
    pub(crate) fn matches(self, fault: &str) -> bool {
        fault.split_once(':').is_some_and(|(service, operation)| {
            service.eq_ignore_ascii_case(self.0) && operation.eq_ignore_ascii_case(self.1)
        })
    }
}

/// AWS's usual wording for a request-field violation.
pub(crate) fn constraint(op: Op, code: &str, field: &str, value: &str, rule: &str) -> CloudError {
    let msg = format!("1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {rule}");
    op.invalid(code, msg)
}

/// Checks a name of 1..=`max` ASCII letters, digits and `extra` characters.
pub(crate) fn check_name(op: Op, code: &str, field: &str, value: &str, max: usize, extra: &str) -> CloudResult<()> {
    let len = value.chars().count();
    if len == 0 || len > max {
        let rule = format!("Member must have length between 1 and {max}");
        return Err(constraint(op, code, field, value, &rule));
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || extra.contains(c)) {
        let rule = format!("Member must consist of letters, digits and {extra}");
        return Err(constraint(op, code, field, value, &rule));
    }
    Ok(())
}

pub(crate) fn check_len(op: Op, code: &str, field: &str, value: &str, max: usize) -> CloudResult<()> {
    if value.chars().count() > max {
        let rule = format!("Member must have length less than or equal to {max}");
        return Err(constraint(op, code, field, value, &rule));
    }
    Ok(())
}

/// The first key that an object of JSON `text` repeats (AWS refuses such documents, where a
/// JSON parser would quietly keep the last), if any; `None` too for text that is not JSON.
pub(crate) fn duplicate_json_key(text: &str) -> Option<String> {
    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    struct Scan;
    impl<'de> Deserialize<'de> for Scan {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scan, D::Error> {
            d.deserialize_any(Scan)
        }
    }
    impl<'de> Visitor<'de> for Scan {
        type Value = Scan;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Scan, A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(k) = m.next_key::<String>()? {
                if !seen.insert(k.clone()) {
                    return Err(de::Error::custom(k));
                }
                m.next_value::<Scan>()?;
            }
            Ok(Scan)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Scan, A::Error> {
            while s.next_element::<Scan>()?.is_some() {}
            Ok(Scan)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Scan, E> {
            Ok(Scan)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Scan, E> {
            Ok(Scan)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Scan, E> {
            Ok(Scan)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Scan, E> {
            Ok(Scan)
        }
        fn visit_str<E>(self, _: &str) -> Result<Scan, E> {
            Ok(Scan)
        }
        fn visit_unit<E>(self) -> Result<Scan, E> {
            Ok(Scan)
        }
    }
    let err = serde_json::from_str::<Scan>(text).err()?;
    // A custom error is the repeated key; a syntax error is no duplicate.
    (err.classify() == serde_json::error::Category::Data).then(|| {
        let msg = err.to_string();
        msg.split(" at line ").next().unwrap_or(&msg).to_string()
    })
}

pub(crate) fn is_json_object(text: &str) -> bool {
    matches!(serde_json::from_str::<Value>(text), Ok(Value::Object(_)))
}

/// What is wrong with a tag set, if anything.
pub(crate) fn tag_problem(tags: &Tags, max_count: usize, min_value: usize) -> Option<String> {
    if tags.len() > max_count {
        return Some(format!("at most {max_count} tags are allowed, got {}", tags.len()));
    }
    tags.iter().find_map(|(k, v)| {
        let (klen, vlen) = (k.chars().count(), v.chars().count());
        if klen == 0 || klen > 128 {
            Some(format!("tag key '{k}' must have 1 to 128 characters"))
        } else if vlen < min_value || vlen > 256 {
            Some(format!("value of tag '{k}' must have {min_value} to 256 characters"))
        } else {
            None
        }
    })
}

/// Splits `arn:partition:service:region:account:resource`.
pub(crate) fn arn_parts(arn: &str) -> Option<[&str; 6]> {
    let mut it = arn.splitn(6, ':');
    let parts = [it.next()?, it.next()?, it.next()?, it.next()?, it.next()?, it.next()?];
    (parts[0] == "arn").then_some(parts)
}

pub(crate) fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// A request member that is missing or of the wrong JSON type.
pub(crate) fn malformed(op: Op, field: &str, rule: &str) -> CloudError {
    let msg = format!("1 validation error detected: Value at '{field}' failed to satisfy constraint: {rule}");
    op.invalid(VALIDATION, msg)
}

pub(crate) fn enum_value(op: Op, field: &str, value: &str, allowed: &[&str]) -> CloudResult<()> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let rule = format!("Member must satisfy enum value set: [{}]", allowed.join(", "));
    Err(constraint(op, VALIDATION, field, value, &rule))
}

pub(crate) fn length(op: Op, field: &str, value: &str, min: usize, max: usize) -> CloudResult<()> {
    if (min..=max).contains(&value.chars().count()) {
        return Ok(());
    }
    let rule = format!("Member must have length between {min} and {max}");
    Err(constraint(op, VALIDATION, field, value, &rule))
}

pub(crate) fn count(op: Op, field: &str, n: usize, min: usize, max: usize) -> CloudResult<()> {
    if (min..=max).contains(&n) {
        return Ok(());
    }
    let rule = format!("Member must have between {min} and {max} items");
    Err(constraint(op, VALIDATION, field, &n.to_string(), &rule))
}

pub(crate) fn account_ids(op: Op, field: &str, ids: &[String]) -> CloudResult<()> {
    match ids.iter().find(|id| !is_account_id(id)) {
        Some(bad) => {
            Err(constraint(op, VALIDATION, field, bad, "Member must satisfy regular expression pattern: \\d{12}"))
        }
        None => Ok(()),
    }
}

/// The members of JSON object `v` at `field`, none outside `allowed`.
pub(crate) fn object<'a>(
    op: Op,
    field: &str,
    v: &'a Value,
    allowed: &[&str],
) -> CloudResult<&'a serde_json::Map<String, Value>> {
    let map = v.as_object().ok_or_else(|| malformed(op, field, "Member must be a structure"))?;
    if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        let msg = format!("Unknown member '{unknown}' at '{field}'; expected one of: {}", allowed.join(", "));
        return Err(op.invalid(VALIDATION, msg));
    }
    Ok(map)
}

pub(crate) fn required<'a>(
    op: Op,
    map: &'a serde_json::Map<String, Value>,
    field: &str,
    key: &str,
) -> CloudResult<&'a Value> {
    map.get(key).ok_or_else(|| malformed(op, &format!("{field}.{key}"), "Member must not be null"))
}

pub(crate) fn string<'a>(op: Op, field: &str, v: &'a Value) -> CloudResult<&'a str> {
    v.as_str().ok_or_else(|| malformed(op, field, "Member must be a string"))
}

pub(crate) fn number(op: Op, field: &str, v: &Value) -> CloudResult<f64> {
    v.as_f64().ok_or_else(|| malformed(op, field, "Member must be a number"))
}
