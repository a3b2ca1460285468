//! Amazon EventBridge rule schedule expressions (`rate(...)` and `cron(...)`):
//! strict validation with byte-precise error spans, and plain-English readings in UTC.

use std::fmt;

/// The unit of a `rate(...)` expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateUnit {
    /// `minute` / `minutes`.
    Minute,
    /// `hour` / `hours`.
    Hour,
    /// `day` / `days`.
    Day,
}

/// A parsed, valid EventBridge schedule expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// `rate(value unit)`: fires every `value` units, counted from when the rule is created.
    Rate {
        /// How many units between runs; at least 1.
        value: u32,
        /// The unit of `value`.
        unit: RateUnit,
    },
    /// `cron(...)`: fires at the UTC times its six fields select.
    Cron(CronSpec),
}

/// The validated fields of a `cron(...)` expression, expanded to value sets so that equivalent
/// spellings (`0/15` and `0,15,30,45`) compare equal; only [`Schedule::parse`] builds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronSpec {
    minutes: Vec<u16>,
    hours: Vec<u16>,
    days: Days,
    months: Vec<u16>,
    years: Vec<u16>,
}

/// Which days fire: whichever of day-of-month / day-of-week is not `?`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Days {
    Every,
    OfMonth(Vec<u16>),
    LastDay,
    LastWeekday,
    NearestWeekday(u16),
    OfWeek(Vec<u16>),
    LastOfWeekday(u16),
    Nth { weekday: u16, nth: u16 },
}

/// Why an expression is not a valid schedule; `offset`/`len` are a byte range inside the expression string (so a caller can underline exactly the bad field), `help` is an optional fix suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    /// What is wrong, in one sentence.
    pub message: String,
    /// Byte offset of the offending part within the full expression.
    pub offset: usize,
    /// Byte length of the offending part.
    pub len: usize,
    /// A suggested fix, when one is known.
    pub help: Option<String>,
}

impl ScheduleError {
    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Shows the message only; `help` is for callers that render diagnostics.
impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A plain error value with no underlying cause.
impl std::error::Error for ScheduleError {}

/// An error underlining `len` bytes at `offset`.
fn err(offset: usize, len: usize, message: impl Into<String>) -> ScheduleError {
    let message = message.into();
    ScheduleError { message, offset, len, help: None }
}

type Res<T> = Result<T, ScheduleError>;

const EXAMPLES: &str = "use `rate(5 minutes)` or `cron(0 9 * * ? *)`";
/// English month names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// The six cron fields, which carry their own bounds and spelling rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Minutes,
    Hours,
    Dom,
    Month,
    Dow,
    Year,
}

impl Kind {
    /// Name, smallest and largest value.
    fn info(self) -> (&'static str, u16, u16) {
        match self {
            Kind::Minutes => ("minutes", 0, 59),
            Kind::Hours => ("hours", 0, 23),
            Kind::Dom => ("day-of-month", 1, 31),
            Kind::Month => ("month", 1, 12),
            Kind::Dow => ("day-of-week", 1, 7),
            Kind::Year => ("year", 1970, 2199),
        }
    }

    /// Full names whose first three letters are accepted, case-insensitively, for `min..`.
    fn names(self) -> &'static [&'static str] {
        match self {
            Kind::Month => &MONTHS,
            Kind::Dow => &WEEKDAYS,
            _ => &[],
        }
    }

    /// Whether `start-end` may run past the top of the cycle (AWS's own docs use hours `20-2`).
    fn wraps(self) -> bool {
        !matches!(self, Kind::Dom | Kind::Year)
    }

    /// Largest `/` increment: Quartz, which AWS inherits, caps it at the field maximum.
    fn step_max(self) -> u16 {
        if self == Kind::Year {
            u16::MAX
        } else {
            self.info().2
        }
    }

    fn expected(self) -> String {
        match self {
            Kind::Month => "month takes 1-12 or JAN-DEC".into(),
            Kind::Dow => "day-of-week takes 1-7 (1 = SUN) or SUN-SAT".into(),
            _ => {
                let (name, min, max) = self.info();
                format!("{name} takes {min}-{max}")
            }
        }
    }
}

/// Splits on ASCII whitespace, keeping each word's absolute byte offset.
fn words(text: &str, base: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_ascii_whitespace(), start) {
            (true, Some(s)) => {
                out.push((base + s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((base + s, &text[s..]));
    }
    out
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl Schedule {
    /// Parses `rate(...)` or `cron(...)`; never panics on any input.
    pub fn parse(expr: &str) -> Result<Schedule, ScheduleError> {
        let whole = |msg: &str| err(0, expr.len(), msg);
        if expr.trim().is_empty() {
            return Err(whole("schedule expression is empty").help(EXAMPLES));
        }
        if expr.trim() != expr {
            let e = whole("schedule expression has leading or trailing whitespace");
            return Err(e.help("remove the surrounding whitespace"));
        }
        let Some(open) = expr.find('(') else {
            return Err(missing_paren(expr));
        };
        let Some(inner) = expr[open + 1..].strip_suffix(')') else {
            let e = whole("schedule expression is missing its closing `)`");
            return Err(e.help("end the expression with `)`"));
        };
        let base = open + 1;
        if let Some(i) = inner.find(['(', ')']) {
            let e = err(base + i, 1, format!("unexpected `{}`", &inner[i..i + 1]));
            return Err(e.help("parentheses only wrap the whole expression"));
        }
        // Underline the function name, or the `(` when there is none.
        let name = &expr[..open];
        let name_err = |msg: String| err(0, open.max(1), msg);
        match name {
            "rate" => parse_rate(inner, base, expr.len()),
            "cron" => parse_cron(inner, base, expr.len()).map(Schedule::Cron),
            "at" => Err(name_err("`at(...)` exists only in EventBridge Scheduler, not rules".into())
                .help("use a `cron(...)` with a fixed year, e.g. `cron(0 9 1 6 ? 2027)`")),
            _ if matches!(name.to_ascii_lowercase().as_str(), "rate" | "cron") => {
                let lower = name.to_ascii_lowercase();
                Err(name_err(format!("`{name}` must be lowercase")).help(format!("write `{lower}(`")))
            }
            _ if matches!(name.trim_end(), "rate" | "cron") => {
                let e = name_err(format!("unexpected space after `{}`", name.trim_end()));
                Err(e.help("remove the space before `(`"))
            }
            _ => Err(name_err(format!("unknown schedule type `{name}`")).help(EXAMPLES)),
        }
    }

    /// Plain-English reading in UTC, e.g. "every Sunday at 09:00 UTC".
    pub fn describe(&self) -> String {
        let word = |unit: &RateUnit| match unit {
            RateUnit::Minute => "minute",
            RateUnit::Hour => "hour",
            RateUnit::Day => "day",
        };
        match self {
            Schedule::Rate { value: 1, unit } => format!("every {}", word(unit)),
            Schedule::Rate { value, unit } => format!("every {value} {}s", word(unit)),
            Schedule::Cron(spec) => spec.describe(),
        }
    }
}

/// Explains an expression with no `(` at all, guessing what was meant.
fn missing_paren(expr: &str) -> ScheduleError {
    let first = expr.split_ascii_whitespace().next().unwrap_or_default();
    if matches!(first.to_ascii_lowercase().as_str(), "cron" | "rate") {
        // `first` is a prefix of `expr`, which has no leading whitespace.
        let rest = expr.get(first.len()..).unwrap_or_default().trim();
        let help = format!("write `{}({rest})`", first.to_ascii_lowercase());
        err(0, expr.len(), format!("expected `(` after `{first}`")).help(help)
    } else if expr.starts_with(|c: char| c.is_ascii_digit() || c == '*') && expr.contains(' ') {
        let e = err(0, expr.len(), "cron fields must be wrapped in `cron(...)`");
        // Five fields are a crontab line: offer the EventBridge expression that means the same.
        let fields: Vec<&str> = expr.split_ascii_whitespace().collect();
        match six_fields(&fields) {
            Some(fixed) => e.help(format!("write `{fixed}`")),
            None if fields.len() == 5 => e.help(format!("write `cron({expr} *)` with `?` in one of the day fields")),
            None => e.help(format!("write `cron({expr})`")),
        }
    } else {
        err(0, expr.len(), format!("`{expr}` is not a schedule expression")).help(EXAMPLES)
    }
}

fn parse_rate(inner: &str, base: usize, full: usize) -> Res<Schedule> {
    let (value_at, value, unit_at, unit) = match words(inner, base).as_slice() {
        [] => return Err(err(0, full, "rate expression is empty").help("write e.g. `rate(5 minutes)`")),
        &[(at, v)] if is_digits(v) => {
            let unit = if v == "1" { "minute" } else { "minutes" };
            let e = err(at, v.len(), "rate needs a unit after the value");
            return Err(e.help(format!("write e.g. `rate({v} {unit})`")));
        }
        &[(at, u)] => {
            let e = err(at, u.len(), "rate needs a number before the unit");
            return Err(e.help(format!("write e.g. `rate(5 {u})`")));
        }
        &[(va, v), (ua, u)] => (va, v, ua, u),
        &[_, _, (at, x), ..] => {
            let msg = format!("unexpected `{x}`: rate takes exactly a value and a unit");
            return Err(err(at, base + inner.trim_end().len() - at, msg));
        }
    };
    let value_err = |msg: String| err(value_at, value.len(), msg);
    if !is_digits(value) {
        return Err(value_err(format!("rate value `{value}` must be a positive whole number")));
    }
    let n = value.parse::<u32>().map_err(|_| value_err(format!("rate value `{value}` is too large")))?;
    if n == 0 {
        let e = value_err("rate value must be at least 1".into());
        return Err(e.help("write e.g. `rate(1 minute)`"));
    }
    let unit_err = |msg: String| err(unit_at, unit.len(), msg);
    let lower = unit.to_ascii_lowercase();
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    let kind = match singular {
        "minute" => RateUnit::Minute,
        "hour" => RateUnit::Hour,
        "day" => RateUnit::Day,
        _ => {
            let help = match singular {
                "second" => "EventBridge rates are at least one minute; use `rate(1 minute)`",
                "week" => "express weeks in days, e.g. `rate(7 days)`",
                _ => "use minute(s), hour(s) or day(s)",
            };
            return Err(unit_err(format!("unknown rate unit `{unit}`")).help(help));
        }
    };
    // AWS wants `rate(1 hour)` but `rate(5 hours)`, in lowercase.
    let want = if n == 1 { singular.to_string() } else { format!("{singular}s") };
    if unit == want {
        return Ok(Schedule::Rate { value: n, unit: kind });
    }
    let msg = if lower == want {
        format!("rate unit `{unit}` must be lowercase")
    } else if n == 1 {
        format!("a rate of 1 needs the singular unit `{want}`")
    } else {
        format!("a rate of {n} needs the plural unit `{want}`")
    };
    Err(unit_err(msg).help(format!("write `rate({n} {want})`")))
}

fn parse_cron(inner: &str, base: usize, full: usize) -> Res<CronSpec> {
    let fields = words(inner, base);
    let &[min, hour, dom, month, dow, year] = fields.as_slice() else {
        let n = fields.len();
        if n == 5 {
            let texts: Vec<&str> = fields.iter().map(|f| f.1).collect();
            let help = match six_fields(&texts) {
                Some(fix) => format!("EventBridge cron has six fields (the last is the year): `{fix}`"),
                None => "EventBridge cron has six fields; add a year field such as `*`".to_string(),
            };
            return Err(err(0, full, format!("cron expression has {n} fields, but EventBridge needs six")).help(help));
        }
        let help = match n {
            7 => {
                "EventBridge cron has no seconds field; its six fields are \
                  minutes hours day-of-month month day-of-week year"
            }
            _ => {
                "EventBridge cron has six fields: \
                  minutes hours day-of-month month day-of-week year"
            }
        };
        let s = if n == 1 { "" } else { "s" };
        let msg = format!("cron expression has {n} field{s}, but EventBridge needs six");
        return Err(err(0, full, msg).help(help));
    };
    let minutes = parse_list(min, Kind::Minutes)?;
    let hours = parse_list(hour, Kind::Hours)?;
    let dom_days = parse_dom(dom)?;
    let months = parse_list(month, Kind::Month)?;
    let dow_days = parse_dow(dow)?;
    let years = parse_list(year, Kind::Year)?;
    // A conflict underlines day-of-month through day-of-week.
    let pair = |msg: &str| err(dom.0, dow.0 + dow.1.len() - dom.0, msg);
    let days = match (dom_days, dow_days) {
        (Some(d), None) | (None, Some(d)) => d,
        (None, None) => {
            return Err(pair("day-of-month and day-of-week cannot both be `?`")
                .help("put `*` or a value in one of them, e.g. `cron(0 9 * * ? *)`"))
        }
        _ if dom.1 == "*" && dow.1 == "*" => {
            let e = pair("day-of-month and day-of-week cannot both be `*`");
            return Err(e.help("use `?` in one of them"));
        }
        _ => {
            let e = pair("day-of-month and day-of-week cannot both be specified");
            return Err(e.help("use `?` in the one you do not need"));
        }
    };
    Ok(CronSpec { minutes, hours, days, months, years })
}

/// A valid EventBridge expression meaning what five fields mean: EventBridge's own fields
/// without the year (`0 9 ? * MON`), or else a Unix crontab line (`0 9 * * 1`: Monday, where
/// EventBridge's 1 is Sunday; Unix matches either day field, EventBridge takes one of them).
/// `None` when neither reading gives a valid expression with the same meaning.
fn six_fields(f: &[&str]) -> Option<String> {
    let &[min, hour, dom, month, dow] = f else { return None };
    let valid = |e: String| Schedule::parse(&e).is_ok().then_some(e);
    valid(format!("cron({min} {hour} {dom} {month} {dow} *)")).or_else(|| {
        const NAMES: [&str; 8] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];
        // Unix day numbers (0 and 7 are Sunday) as names, which mean the same in EventBridge.
        let day = |d: &str| match d.parse::<usize>() {
            Ok(n) => NAMES.get(n).map(|s| s.to_string()),
            Err(_) => Some(d.to_ascii_uppercase()),
        };
        let days: Option<Vec<String>> = dow
            .split(',')
            .map(|item| match item.split_once('-') {
                _ if item.contains('/') => None,
                Some((a, b)) => Some(format!("{}-{}", day(a)?, day(b)?)),
                None if item == "*" => Some("*".to_string()),
                None => day(item),
            })
            .collect();
        let dow = days?.join(",");
        let (dom, dow) = match (dom, dow.as_str()) {
            ("*", "*") => ("*".to_string(), "?".to_string()),
            ("*", _) => ("?".to_string(), dow.clone()),
            (_, "*") => (dom.to_string(), "?".to_string()),
            _ => return None,
        };
        valid(format!("cron({min} {hour} {dom} {month} {dow} *)"))
    })
}

/// Day-of-month: `?`, `L`, `LW`, `15W`, or a plain list; `None` means `?`.
fn parse_dom((at, text): (usize, &str)) -> Res<Option<Days>> {
    let upper = text.to_ascii_uppercase();
    Ok(Some(match upper.as_str() {
        "?" => return Ok(None),
        "L" => Days::LastDay,
        "LW" => Days::LastWeekday,
        _ => match upper.strip_suffix('W') {
            Some(day) if is_digits(day) => Days::NearestWeekday(value(day, at, Kind::Dom)?),
            _ => match parse_list((at, text), Kind::Dom)? {
                days if days.len() == 31 => Days::Every,
                days => Days::OfMonth(days),
            },
        },
    }))
}

/// Day-of-week: `?`, `L` (Saturday), `6L`, `3#2`, or a plain list; `None` means `?`.
fn parse_dow((at, text): (usize, &str)) -> Res<Option<Days>> {
    let upper = text.to_ascii_uppercase();
    let single = !text.contains([',', '-', '/']);
    match upper.as_str() {
        "?" => return Ok(None),
        "L" => return Ok(Some(Days::OfWeek(vec![7]))),
        _ => {}
    }
    if let Some((day, nth)) = text.split_once('#') {
        if !single || day.is_empty() {
            let e = err(at, text.len(), "`#` must follow a single weekday and be the only expression");
            return Err(e.help("AWS allows one `#` expression such as `3#2` per rule"));
        }
        let weekday = value(day, at, Kind::Dow)?;
        return match nth.parse::<u16>() {
            Ok(k @ 1..=5) if is_digits(nth) => Ok(Some(Days::Nth { weekday, nth: k })),
            _ => {
                let (o, l) = match nth.len() {
                    0 => (at, text.len()),
                    l => (at + day.len() + 1, l),
                };
                let e = err(o, l, format!("`#{nth}` must be 1 to 5"));
                Err(e.help("write e.g. `3#2` for the second Tuesday"))
            }
        };
    }
    if let Some(day) = upper.strip_suffix('L').filter(|_| single) {
        // `6L` or `FRIL`; ASCII uppercasing keeps byte offsets, so `day` indexes `text` too.
        match value(&text[..day.len()], at, Kind::Dow) {
            Ok(d) => return Ok(Some(Days::LastOfWeekday(d))),
            Err(e) if is_digits(day) => return Err(e),
            Err(_) => {} // not a weekday before `L`: report the whole token below
        }
    }
    Ok(Some(match parse_list((at, text), Kind::Dow)? {
        days if days.len() == 7 => Days::Every,
        days => Days::OfWeek(days),
    }))
}

/// Parses a `,`-list of `*`, `v` or `a-b`, each optionally `/step`, into sorted distinct values.
fn parse_list((at, text): (usize, &str), kind: Kind) -> Res<Vec<u16>> {
    let (name, min, max) = kind.info();
    let size = usize::from(max - min) + 1;
    let mut hit = vec![false; size];
    let mut item_at = at;
    for item in text.split(',') {
        if item.is_empty() {
            let e = err(at, text.len(), format!("empty item in the {name} list"));
            return Err(e.help("remove the extra `,`"));
        }
        parse_item(item, item_at, kind, &mut hit)?;
        item_at += item.len() + 1;
    }
    // Each index is below `size`, which fits in u16 because `max` does.
    Ok((0..size).filter(|&i| hit[i]).map(|i| min + i as u16).collect())
}

/// Marks the values one list item selects in `hit` (indexed from the field minimum).
fn parse_item(item: &str, at: usize, kind: Kind, hit: &mut [bool]) -> Res<()> {
    let (name, min, max) = kind.info();
    let incomplete = || err(at, item.len(), format!("incomplete {name} item `{item}`"));
    let (range, step) = match item.split_once('/') {
        None => (item, 1),
        Some((range, step)) if range.is_empty() || step.is_empty() => {
            return Err(incomplete().help("write e.g. `*/5` or `0/15`"))
        }
        Some((range, step)) => match step.parse::<u16>() {
            Ok(n) if is_digits(step) && (1..=kind.step_max()).contains(&n) => (range, n),
            _ => {
                let msg = format!("{name} increment `{step}` must be 1-{}", kind.step_max());
                let e = err(at + range.len() + 1, step.len(), msg);
                return Err(e.help("write e.g. `*/5` or `0/15`"));
            }
        },
    };
    let (from, to) = if range == "*" {
        (min, max)
    } else if let Some((a, b)) = range.split_once('-') {
        if a.is_empty() || b.is_empty() {
            return Err(incomplete().help("write a range as `start-end`"));
        }
        let (from, to) = (value(a, at, kind)?, value(b, at + a.len() + 1, kind)?);
        if from > to && !kind.wraps() {
            let e = err(at, range.len(), format!("{name} range `{range}` runs backwards"));
            return Err(e.help(format!("write `{b}-{a}`")));
        }
        (from, to)
    } else {
        let v = value(range, at, kind)?;
        // Quartz semantics: `5/15` runs from 5 to the end of the field.
        (v, if item.contains('/') { max } else { v })
    };
    let size = usize::from(max - min) + 1;
    let (start, end) = (usize::from(from - min), usize::from(to - min));
    let span = if end >= start { end - start } else { end + size - start };
    for k in (0..=span).step_by(usize::from(step)) {
        hit[(start + k) % size] = true;
    }
    Ok(())
}

/// One field value: a number in range, or a three-letter name where the field has them.
fn value(tok: &str, at: usize, kind: Kind) -> Res<u16> {
    let (name, min, max) = kind.info();
    if is_digits(tok) {
        return match tok.parse::<u16>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ if kind == Kind::Dow && tok.trim_start_matches('0').is_empty() => {
                Err(err(at, tok.len(), format!("day-of-week value {tok} is out of range"))
                    .help("day-of-week counts 1 (SUN) to 7 (SAT); Unix cron's 0 for Sunday is 1 here"))
            }
            _ => Err(err(at, tok.len(), format!("{name} value {tok} is out of range")).help(kind.expected())),
        };
    }
    let abbr = |n: &&str| tok.len() == 3 && n.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(tok));
    match kind.names().iter().position(abbr) {
        // At most 12 names, so the cast cannot truncate.
        Some(i) => Ok(min + i as u16),
        None => Err(misplaced(tok, at, kind)),
    }
}

/// Explains an unrecognised token, calling out special characters used in the wrong place.
fn misplaced(tok: &str, at: usize, kind: Kind) -> ScheduleError {
    use Kind::{Dom, Dow};
    let name = kind.info().0;
    let upper = tok.to_ascii_uppercase();
    let digits_then = |c| upper.strip_suffix(c).is_some_and(|p: &str| p.is_empty() || is_digits(p));
    // (character, fields that allow it, where it is allowed, example)
    let special: Option<(char, &[Kind], &str, &str)> = if tok.contains('?') {
        Some(('?', &[Dom, Dow], "day-of-month or day-of-week", "?"))
    } else if tok.contains('#') {
        Some(('#', &[Dow], "day-of-week", "3#2"))
    } else if upper == "LW" || (upper.len() > 1 && digits_then('W')) {
        Some(('W', &[Dom], "day-of-month", "15W"))
    } else if digits_then('L') {
        Some(('L', &[Dom, Dow], "day-of-month or day-of-week", "L"))
    } else {
        None
    };
    match special {
        Some((c, homes, _, example)) if homes.contains(&kind) => {
            err(at, tok.len(), format!("`{c}` must be the whole {name} field"))
                .help(format!("write e.g. `{example}` alone"))
        }
        Some((c, _, home, example)) => err(at, tok.len(), format!("`{c}` is not allowed in {name}"))
            .help(format!("`{c}` only goes in {home}, e.g. `{example}`")),
        None => err(at, tok.len(), format!("invalid {name} value `{tok}`")).help(kind.expected()),
    }
}

// ---- describe ----

fn hhmm(h: u16, m: u16) -> String {
    format!("{h:02}:{m:02}")
}

/// Name for a 1-based month or weekday; `parse` never stores anything outside the table.
fn name_of(table: &[&'static str], v: u16) -> &'static str {
    table.get(usize::from(v).wrapping_sub(1)).copied().unwrap_or("?")
}

/// "a", "a and b", "a, b and c".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Maximal runs of consecutive values (input sorted and distinct).
fn runs(vals: &[u16]) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = Vec::new();
    for &v in vals {
        match out.last_mut() {
            Some((_, end)) if *end + 1 == v => *end = v,
            _ => out.push((v, v)),
        }
    }
    out
}

/// Lists values, collapsing runs of three or more into `a{sep}b`.
fn runs_text(vals: &[u16], sep: &str, name: impl Fn(u16) -> String) -> String {
    let mut items = Vec::new();
    for (a, b) in runs(vals) {
        match b - a {
            0 => items.push(name(a)),
            1 => items.extend([name(a), name(b)]),
            _ => items.push(format!("{}{sep}{}", name(a), name(b))),
        }
    }
    join(&items)
}

/// The common gap of sorted `vals`, if there are at least two and it is constant.
fn gap(vals: &[u16]) -> Option<u16> {
    let g = match vals {
        [a, b, ..] => b - a,
        _ => return None,
    };
    vals.windows(2).all(|w| w[1] - w[0] == g).then_some(g)
}

/// The step when `vals` evenly tile a cycle of length `cycle` (`0/15` in minutes);
/// a single value tiles with step `cycle`.
fn tiling_step(vals: &[u16], cycle: u16) -> Option<u16> {
    if vals.len() == 1 {
        return Some(cycle);
    }
    gap(vals).filter(|&g| usize::from(g) * vals.len() == usize::from(cycle))
}

/// Reading of the minutes/hours pair; the flag is true when it lists clock times ("at 09:00 UTC").
fn time_text(mins: &[u16], hours: &[u16]) -> (String, bool) {
    let clock = |times: Vec<String>| (format!("at {} UTC", join(&times)), true);
    if mins.len() * hours.len() <= 4 {
        return clock(hours.iter().flat_map(|&h| mins.iter().map(move |&m| hhmm(h, m))).collect());
    }
    let all_hours = hours.len() == 24;
    let (m0, m_last) = (mins.first().copied().unwrap_or(0), mins.last().copied().unwrap_or(0));
    let (h0, h_last) = (hours.first().copied().unwrap_or(0), hours.last().copied().unwrap_or(0));
    let text = match tiling_step(mins, 60) {
        None if all_hours => {
            format!("at minutes {} past every hour", runs_text(mins, "-", |m| m.to_string()))
        }
        None => format!(
            "at minutes {} past hour{} {} UTC",
            runs_text(mins, "-", |m| m.to_string()),
            if hours.len() == 1 { "" } else { "s" },
            runs_text(hours, "-", |h| format!("{h:02}"))
        ),
        // One run per hour: read the hours as the rhythm.
        Some(60) => match tiling_step(hours, 24) {
            Some(1) if m0 == 0 => "every hour".to_string(),
            Some(1) => format!("every hour at minute {m0}"),
            Some(hs) if m0 == 0 && h0 == 0 => format!("every {hs} hours"),
            Some(hs) => format!("every {hs} hours from {} to {} UTC", hhmm(h0, m0), hhmm(h_last, m0)),
            None if runs(hours).len() == 1 => {
                format!("every hour from {} to {} UTC", hhmm(h0, m0), hhmm(h_last, m0))
            }
            None => return clock(hours.iter().map(|&h| hhmm(h, m0)).collect()),
        },
        Some(ms) => {
            let every = if ms == 1 { "every minute".to_string() } else { format!("every {ms} minutes") };
            if all_hours && m0 == 0 {
                return (every, false);
            }
            let windows: Vec<String> =
                runs(hours).iter().map(|&(a, b)| format!("from {} to {}", hhmm(a, m0), hhmm(b, m_last))).collect();
            format!("{every} {} UTC", join(&windows))
        }
    };
    (text, false)
}

impl CronSpec {
    fn describe(&self) -> String {
        let all_months = self.months.len() == 12;
        let month_list = runs_text(&self.months, " to ", |m| name_of(&MONTHS, m).to_string());
        let of = if all_months { "every month" } else { month_list.as_str() };
        let day = |d: u16| name_of(&WEEKDAYS, d);
        // Weekly readings name weekdays only; monthly readings are whole phrases naming the months.
        let (weekly, monthly) = match &self.days {
            Days::Every => (None, None),
            Days::OfWeek(ds) => (Some(runs_text(ds, " to ", |d| day(d).to_string())), None),
            Days::OfMonth(ds) => (
                None,
                Some(match (ds.as_slice(), self.months.as_slice()) {
                    ([d], [m]) => format!("on {d} {}", name_of(&MONTHS, *m)),
                    ([d], _) => format!("on day {d} of {of}"),
                    _ => format!("on days {} of {of}", runs_text(ds, "-", |d| d.to_string())),
                }),
            ),
            Days::LastDay => (None, Some(format!("on the last day of {of}"))),
            Days::LastWeekday => (None, Some(format!("on the last weekday of {of}"))),
            Days::NearestWeekday(d) => (None, Some(format!("on the weekday nearest day {d} of {of}"))),
            Days::LastOfWeekday(d) => (None, Some(format!("on the last {} of {of}", day(*d)))),
            Days::Nth { weekday, nth } => {
                let ord = ["first", "second", "third", "fourth", "fifth"];
                let ord = ord.get(usize::from(*nth).wrapping_sub(1)).copied().unwrap_or("?");
                (None, Some(format!("on the {ord} {} of {of}", day(*weekday))))
            }
        };
        let (time, at_clock) = time_text(&self.minutes, &self.hours);
        let mut out = match (weekly, &monthly, at_clock) {
            (Some(w), _, true) => format!("every {w} {time}"),
            (Some(w), _, false) => format!("{time} on {w}"),
            (None, Some(p), true) => format!("{p} {time}"),
            (None, Some(p), false) => format!("{time} {p}"),
            (None, None, true) => format!("every day {time}"),
            (None, None, false) => time,
        };
        let months_named = !all_months && monthly.is_none();
        if months_named {
            out += &format!(", in {month_list}");
        }
        let (_, first_year, last_year) = Kind::Year.info();
        if self.years.len() != usize::from(last_year - first_year) + 1 {
            let stepped = gap(&self.years).filter(|&g| g > 1 && self.years.len() > 2);
            out += &match (stepped, self.years.first(), self.years.last()) {
                (Some(g), Some(a), Some(b)) => format!(", every {g} years from {a} to {b}"),
                _ => {
                    let glue = if months_named { " of" } else { ", in" };
                    format!("{glue} {}", runs_text(&self.years, "-", |y| y.to_string()))
                }
            };
        }
        out
    }
}
#[cfg(test)]
#[path = "cron_tests.rs"]
mod tests;
