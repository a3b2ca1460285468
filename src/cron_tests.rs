//! Tests of schedule expression parsing and reading.

use super::*;

/// Splits a table line `a => b => c` into trimmed cells.
fn cells(line: &str) -> Vec<&str> {
    line.split("=>").map(str::trim).collect()
}

fn rows(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table.lines().filter(|l| !l.trim().is_empty()).map(cells)
}

fn desc(expr: &str) -> String {
    match Schedule::parse(expr) {
        Ok(s) => s.describe(),
        Err(e) => panic!("{expr}: {e} ({:?})", e.help),
    }
}

/// Parses an invalid expression; returns the error and the text it underlines.
fn fail(expr: &str) -> (ScheduleError, &str) {
    let e = Schedule::parse(expr).expect_err(expr);
    let span = expr.get(e.offset..e.offset + e.len);
    (e.clone(), span.unwrap_or_else(|| panic!("{expr}: bad span {e:?}")))
}

const REQUIRED: &str = "
    cron(0 9 ? * 1 *)       => every Sunday at 09:00 UTC
    cron(0 9 ? * MON *)     => every Monday at 09:00 UTC
    cron(0 9 ? * MON-FRI *) => every Monday to Friday at 09:00 UTC
    cron(30 18 ? * 2,4 *)   => every Monday and Wednesday at 18:30 UTC
    cron(0 12 * * ? *)      => every day at 12:00 UTC
    cron(0/15 * * * ? *)    => every 15 minutes
    cron(0 8 1 * ? *)       => on day 1 of every month at 08:00 UTC
    cron(0 10 L * ? *)      => on the last day of every month at 10:00 UTC
    cron(0 9 ? * 3#2 *)     => on the second Tuesday of every month at 09:00 UTC
    cron(0 0 1 1 ? 2027)    => on 1 January at 00:00 UTC, in 2027
    cron(0 9,17 ? * MON *)  => every Monday at 09:00 and 17:00 UTC
    cron(0 * ? * MON *)     => every hour on Monday
    rate(1 hour)            => every hour
    rate(5 minutes)         => every 5 minutes
    rate(1 day)             => every day
    rate(1 minute)          => every minute
    rate(7   days)          => every 7 days";

const OTHER_SHAPES: &str = "
    cron(0 12 * 1,7 ? *)           => every day at 12:00 UTC, in January and July
    cron(0 12 * 1,7 ? 2027-2030)   => every day at 12:00 UTC, in January and July of 2027-2030
    cron(0 12 ? * 6 2027-2030)     => every Friday at 12:00 UTC, in 2027-2030
    cron(0 8 1 1,7 ? *)            => on day 1 of January and July at 08:00 UTC
    cron(0 8 1 MAR-MAY ? *)        => on day 1 of March to May at 08:00 UTC
    cron(15 10 ? * 6L 2019-2022)   => on the last Friday of every month at 10:15 UTC, in 2019-2022
    cron(0 9 15W * ? *)            => on the weekday nearest day 15 of every month at 09:00 UTC
    cron(0 9 LW * ? *)             => on the last weekday of every month at 09:00 UTC
    cron(0 9 ? * L *)              => every Saturday at 09:00 UTC
    cron(0 9 ? * fri#1 *)          => on the first Friday of every month at 09:00 UTC
    cron(0 9 ? * FRIL *)           => on the last Friday of every month at 09:00 UTC
    cron(0 9 ? * 1-7 *)            => every day at 09:00 UTC
    cron(0 9 ? * FRI-MON *)        => every Sunday, Monday, Friday and Saturday at 09:00 UTC
    cron(0 9 1-5 * ? *)            => on days 1-5 of every month at 09:00 UTC
    cron(* * * * ? *)              => every minute
    cron(0/10 * ? * MON-FRI *)     => every 10 minutes on Monday to Friday
    cron(0/5 8-17 ? * MON-FRI *)   => every 5 minutes from 08:00 to 17:55 UTC on Monday to Friday
    cron(0/30 20-2 ? * MON-FRI *)  => every 30 minutes from 00:00 to 02:30 and from 20:00 to 23:30 UTC on Monday to Friday
    cron(5/15 * * * ? *)           => every 15 minutes from 00:05 to 23:50 UTC
    cron(* 9 * * ? *)              => every minute from 09:00 to 09:59 UTC
    cron(0 */2 * * ? *)            => every 2 hours
    cron(30 1/3 * * ? *)           => every 3 hours from 01:30 to 22:30 UTC
    cron(30 * * * ? *)             => every hour at minute 30
    cron(0 8-17 * * ? *)           => every hour from 08:00 to 17:00 UTC
    cron(0 1,3,5,7,9 * * ? *)      => every day at 01:00, 03:00, 05:00, 07:00 and 09:00 UTC
    cron(5-10 1,3 * * ? *)         => at minutes 5-10 past hours 01 and 03 UTC
    cron(5-10 * ? * MON *)         => at minutes 5-10 past every hour on Monday
    cron(0-4 9 L * ? *)            => at minutes 0-4 past hour 09 UTC on the last day of every month
    cron(0 * L * ? *)              => every hour on the last day of every month
    cron(0 0 1 * ? 2020/2)         => on day 1 of every month at 00:00 UTC, every 2 years from 2020 to 2198";

#[test]
fn describes() {
    for row in rows(REQUIRED).chain(rows(OTHER_SHAPES)) {
        assert_eq!(desc(row[0]), row[1], "{}", row[0]);
    }
}

#[test]
fn equivalent_spellings_compare_equal() {
    let p = Schedule::parse;
    assert_eq!(p("cron(0/15 * * * ? *)"), p("cron(0,15,30,45 * * * ? *)"));
    assert_eq!(p("cron(0 9 ? * mon-fri *)"), p("cron(0 9 ? * 2-6 *)"));
    assert_eq!(p("cron(0 9 1 jan ? *)"), p("cron(0 9 1 1 ? *)"));
    assert_eq!(p("rate(1 hour)"), Ok(Schedule::Rate { value: 1, unit: RateUnit::Hour }));
}

#[test]
fn accepts_aws_wildcards() {
    let valid = "cron(*/5 * * * ? *) cron(5-30/5 * * * ? *) cron(1/10 * * * ? *)
        cron(0 22-2 ? * FRI-MON *) cron(0 0 1 NOV-FEB ? *) cron(0 0 ? * 2#5 *)
        cron(0 0 ? * 7L *) cron(0 0 31 * ? 2199) cron(0 0 1 * ? 1970) cron(0 0 1 */3 ? *)
        cron(0 0 1 1 ? 2020-2030/5) cron(0 0 ? * 1/2 *) cron(0 0 1 * ? 2030,2027)";
    for expr in valid.split(')').map(|s| format!("{})", s.trim())).filter(|s| s.len() > 1) {
        assert!(Schedule::parse(&expr).is_ok(), "{expr}: {:?}", Schedule::parse(&expr));
    }
    assert!(Schedule::parse("cron(  0 0   1 * ? *  )").is_ok());
}

#[test]
fn field_count_errors_cover_whole_expression() {
    let (e, span) = fail("cron(0 9 * * ?)");
    assert_eq!(span, "cron(0 9 * * ?)");
    assert_eq!(e.message, "cron expression has 5 fields, but EventBridge needs six");
    let help = "EventBridge cron has six fields (the last is the year): `cron(0 9 * * ? *)`";
    assert_eq!(e.help.as_deref(), Some(help));
    let (e, _) = fail("cron(0 0 9 * * ? *)");
    assert!(e.message.contains("7 fields") && e.help.is_some_and(|h| h.contains("seconds")));
    assert!(fail("cron()").0.message.contains("0 fields"));
}

#[test]
fn day_pair_errors() {
    let (e, span) = fail("cron(0 9 ? * ? *)");
    assert!(e.message.contains("both be `?`"));
    assert_eq!(span, "? * ?");
    let (e, span) = fail("cron(0 12 * * * *)");
    assert!(e.message.contains("both be `*`"));
    assert_eq!((e.help.as_deref(), span), (Some("use `?` in one of them"), "* * *"));
    let (e, _) = fail("cron(0 9 1 * MON *)");
    assert!(e.message.contains("both be specified") && e.help.is_some_and(|h| h.contains('?')));
}

/// expression => underlined text => part of the message
const FIELD_ERRORS: &str = "
    cron(0 25 ? * 1 *)          => 25      => hours value 25 is out of range
    cron(60 9 ? * 1 *)          => 60      => minutes value 60 is out of range
    cron(0 9 0 * ? *)           => 0       => day-of-month value 0
    cron(0 9 32 * ? *)          => 32      => day-of-month value 32
    cron(0 9 1 13 ? *)          => 13      => month value 13
    cron(0 9 ? * 8 *)           => 8       => day-of-week value 8
    cron(0 9 ? * 0 *)           => 0       => day-of-week value 0
    cron(0 9 1 * ? 1969)        => 1969    => year value 1969
    cron(0 9 1 * ? 2027-2200)   => 2200    => year value 2200
    cron(0 1,2,99 * * ? *)      => 99      => hours value 99
    cron(0 9 1 * ? 99999999999) => 99999999999 => year value
    cron(0 9 1 JANUARY ? *)     => JANUARY => invalid month value
    cron(0 9 ? * MOND *)        => MOND    => invalid day-of-week value
    cron(0 9 ? * 2W *)          => 2W      => `W` is not allowed in day-of-week
    cron(0 9 ? * LW *)          => LW      => `W` is not allowed in day-of-week
    cron(0 9 3#2 * ? *)         => 3#2     => `#` is not allowed in day-of-month
    cron(? 9 1 * ? *)           => ?       => `?` is not allowed in minutes
    cron(0 L 1 * ? *)           => L       => `L` is not allowed in hours
    cron(0 9 L,15 * ? *)        => L       => `L` must be the whole day-of-month field
    cron(0 9 1,15W * ? *)       => 15W     => `W` must be the whole day-of-month field
    cron(0 9 ? * 3#6 *)         => 6       => `#6` must be 1 to 5
    cron(0 9 ? * 3#0 *)         => 0       => `#0` must be 1 to 5
    cron(0 9 ? * 3#+2 *)        => +2      => must be 1 to 5
    cron(0 9 ? * 9#2 *)         => 9       => day-of-week value 9
    cron(0 9 ? * 3#1,6#3 *)     => 3#1,6#3 => only expression
    cron(0 9 20-10 * ? *)       => 20-10   => range `20-10` runs backwards
    cron(0 9 1 * ? 2030-2027)   => 2030-2027 => runs backwards
    cron(0/0 9 1 * ? *)         => 0       => minutes increment `0` must be 1-59
    cron(0/60 9 1 * ? *)        => 60      => minutes increment `60` must be 1-59
    cron(0/x 9 1 * ? *)         => x       => increment
    cron(5- 9 1 * ? *)          => 5-      => incomplete minutes item
    cron(*/ 9 1 * ? *)          => */      => incomplete
    cron(1,,2 9 1 * ? *)        => 1,,2    => empty item
    cron(+5 9 1 * ? *)          => +5      => invalid minutes value
    cron(0 9 1 * ? *))          => )       => unexpected `)`
    rate(1 hours)               => hours   => a rate of 1 needs the singular unit `hour`
    rate(5 hour)                => hour    => a rate of 5 needs the plural unit `hours`
    rate(0 minutes)             => 0       => at least 1
    rate(-1 minutes)            => -1      => positive whole number
    rate(+5 minutes)            => +5      => positive whole number
    rate(1.5 hours)             => 1.5     => positive whole number
    rate(99999999999 minutes)   => 99999999999 => too large
    rate(5)                     => 5       => needs a unit
    rate(minutes)               => minutes => needs a number
    rate(2 weeks)               => weeks   => unknown rate unit `weeks`
    rate(5 Minutes)             => Minutes => must be lowercase
    rate(1 Hours)               => Hours   => singular unit `hour`
    rate(5 minutess)            => minutess => unknown rate unit
    cron(0 9 ? * JUL *)         => JUL     => invalid day-of-week value `JUL`
    cron(0 9 ? * 8L *)          => 8       => day-of-week value 8
    cron(0 9 ? * 3# *)          => 3#      => must be 1 to 5
    rate(5 minutes please now)  => please now => unexpected `please`
    rate()                      => rate()  => empty";

#[test]
fn errors_underline_the_bad_part() {
    for row in rows(FIELD_ERRORS) {
        let (e, span) = fail(row[0]);
        assert_eq!(span, row[1], "{}", row[0]);
        assert!(e.message.contains(row[2]), "{}: {}", row[0], e.message);
        assert!(e.help.is_some() || row[0].starts_with("rate"), "{}", row[0]);
    }
    let help = |expr| fail(expr).0.help.unwrap_or_default();
    assert!(help("cron(0 9 ? * 0 *)").contains("Unix"));
    assert_eq!(help("rate(1 hours)"), "write `rate(1 hour)`");
    assert_eq!(help("rate(5 hour)"), "write `rate(5 hours)`");
    assert_eq!(help("rate(0 minutes)"), "write e.g. `rate(1 minute)`");
    assert_eq!(help("rate(2 weeks)"), "express weeks in days, e.g. `rate(7 days)`");
    assert_eq!(help("rate(5 Minutes)"), "write `rate(5 minutes)`");
    assert_eq!(help("rate(1 Hours)"), "write `rate(1 hour)`");
    assert_eq!(help("cron 0 9 * * ? *"), "write `cron(0 9 * * ? *)`");
}

#[test]
fn structural_errors() {
    let cases = [
        ("", "", "empty"),
        ("   ", "   ", "empty"),
        ("cron 0 9 * * ? *", "cron 0 9 * * ? *", "expected `(` after `cron`"),
        ("0 9 * * ? *", "0 9 * * ? *", "wrapped in `cron(...)`"),
        ("cron(0 9 * * ? *", "cron(0 9 * * ? *", "closing `)`"),
        ("every day", "every day", "not a schedule expression"),
        ("foo(1 day)", "foo", "unknown schedule type `foo`"),
        ("CRON(0 9 * * ? *)", "CRON", "lowercase"),
        ("cron (0 9 * * ? *)", "cron ", "unexpected space"),
        ("at(2027-01-01T00:00:00)", "at", "EventBridge Scheduler"),
        ("(0 9 * * ? *)", "(", "unknown schedule type"),
        (" cron(0 9 * * ? *)", " cron(0 9 * * ? *)", "whitespace"),
    ];
    for (expr, bad, msg) in cases {
        let (e, span) = fail(expr);
        assert_eq!(span, bad, "{expr}");
        assert!(e.message.contains(msg), "{expr}: {}", e.message);
        assert_eq!(e.to_string(), e.message);
    }
}

/// Deterministic junk from fragments: parse must not panic, spans must be valid,
/// and whatever is accepted must describe without panicking.
#[test]
fn junk_never_panics() {
    let frags: Vec<&str> = "|cron(|rate(|)|(| |  |0|59|60|*|?|/|-|,|#|L|W|LW|5L|3#2|MON|jan|é|\u{3000}\
        |🦀|1 minute|2 days|\t|99999999999|0/|2199|1970-2199/7|FRI-MON|at(|\0"
        .split('|')
        .collect();
    let mut count = 0;
    for (i, a) in frags.iter().enumerate() {
        for (j, b) in frags.iter().enumerate() {
            let c = frags[(i * 7 + j * 3) % frags.len()];
            let exprs = [format!("{a}{b}{c}"), format!("cron({a} {b} {c} * ? *)"), format!("{a}{b} {c})")];
            for expr in exprs {
                count += 1;
                match Schedule::parse(&expr) {
                    Ok(s) => assert!(!s.describe().is_empty()),
                    Err(e) => assert!(expr.get(e.offset..e.offset + e.len).is_some(), "{expr:?}: {e:?}"),
                }
            }
        }
    }
    assert!(count > 300);
}

/// Five fields read as a Unix crontab line get an EventBridge expression that is valid and
/// means the same (Unix 1 is Monday, EventBridge 1 is Sunday; names mean the same in both).
#[test]
fn a_unix_crontab_line_gets_an_equivalent_eventbridge_expression() {
    let hint = |e: &str| fail(e).0.help.unwrap_or_default();
    for (unix, fix) in [
        ("cron(0 9 * * 1)", "cron(0 9 ? * MON *)"),
        ("cron(30 2 * * 0,6)", "cron(30 2 ? * SUN,SAT *)"),
        ("cron(0 9 * * 1-5)", "cron(0 9 ? * MON-FRI *)"),
        ("cron(0 0 * * 7)", "cron(0 0 ? * SUN *)"),
        ("cron(0 9 1 * *)", "cron(0 9 1 * ? *)"),
        ("cron(*/15 * * * *)", "cron(*/15 * * * ? *)"),
    ] {
        let h = hint(unix);
        assert!(h.ends_with(&format!("`{fix}`")), "{unix}: {h}");
        let fixed = Schedule::parse(fix).expect("the hint is valid");
        if unix == "cron(0 9 * * 1)" {
            assert!(fixed.describe().contains("Monday"), "{}", fixed.describe());
        }
    }
    // Unix matches either day field; EventBridge cannot say that: no expression is offered.
    assert!(hint("cron(0 9 1 * 1)").contains("add a year field"));
    // A bare crontab line gets the same valid expression, not `cron(0 9 * * 1)`.
    assert_eq!(hint("0 9 * * 1"), "write `cron(0 9 ? * MON *)`");
    assert_eq!(hint("0 9 * * ? *"), "write `cron(0 9 * * ? *)`");
}
