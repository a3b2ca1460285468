//! The plan as a pull-request comment (GitHub-flavoured markdown).
//!
//! Layout: the marker a workflow finds its comment by, a heading, the summary line, an alert
//! naming everything destroyed or replaced, what changed outside baseline, policy warnings,
//! schedules in words, then one collapsed section per changing resource holding its text diff
//! in a ```` ```diff ```` fence. Comments have a size limit, so the body is assembled from
//! whole pieces: the summary, the destroy alert and the drift list always stay (their lists
//! shortened only when they alone are too long), warnings and schedules take at most half of
//! the rest, resource sections are included in order while they fit, and a note says how many
//! were left out. Nothing is ever cut inside a fence or a `<details>`.

use super::text::{render_change, render_drift_one};
use super::Style;
use crate::plan::notes::Reading;
use crate::plan::{Action, Drift, Plan, PlanMode, ResourceChange};
use crate::review::Warning;

/// Options for the markdown plan.
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    /// The most characters (not bytes) the body may have; GitHub's comment limit by default.
    pub limit: usize,
    /// Where the full plan is, for the note shown when the comment is truncated, e.g. "the
    /// workflow run's log".
    pub full_plan_hint: String,
}

impl Default for MarkdownOptions {
    /// GitHub's limit of 65,536 characters and a hint pointing at the workflow's log.
    fn default() -> Self {
        MarkdownOptions { limit: 65_536, full_plan_hint: "the workflow run's log".to_string() }
    }
}

/// The hidden marker a workflow uses to find and update its previous comment.
pub const MARKER: &str = "<!-- baseline-plan -->";

/// Diffs are plain text inside fences: colour codes would show as garbage.
const PLAIN: Style = Style { color: false };

/// The plan as a PR comment body; never longer than `opts.limit` characters (chars, not bytes —
/// GitHub counts characters). Well formed whenever the limit leaves room for the marker,
/// heading, summary and the truncation note; below that, only whole leading lines are kept.
pub fn render_markdown(plan: &crate::plan::Plan, opts: &MarkdownOptions) -> String {
    let acting: Vec<&ResourceChange> = plan
        .changes
        .iter()
        .filter(|c| c.action != Action::NoOp || c.importing.is_some() || !c.deposed.is_empty())
        .collect();
    let warnings: Vec<&[Warning]> = acting.iter().map(|c| c.warnings.as_slice()).collect();
    let mut parts = Vec::new();

    parts.push(Part::Fixed(format!("{MARKER}\n{}\n\n{}\n\n", heading(plan), summary(plan, &acting))));

    let doomed: Vec<String> = acting.iter().filter_map(|c| doomed_line(c)).collect();
    if !doomed.is_empty() {
        let n = doomed.len();
        parts.push(Part::List(List {
            head: format!(
                "> [!WARNING]\n> **This plan destroys or replaces {n} resource{}.** Their current objects are \
                 deleted:\n",
                plural(n)
            ),
            items: doomed,
            more: |n, hint| format!("> - …and {n} more; the full plan is in {hint}.\n"),
            tail: "\n".to_string(),
            capped: false,
        }));
    }

    if !plan.drift.is_empty() {
        // A refresh-only summary already says what applying does.
        let tail = if plan.refresh_only {
            "\n".to_string()
        } else {
            "\nUnless you have made equivalent changes to your configuration, the actions below undo these \
             changes.\n\n"
                .to_string()
        };
        parts.push(Part::List(List {
            head: "#### Changed outside baseline\n\n".to_string(),
            items: plan.drift.iter().map(|d| format!("- {}: {}\n", code(&d.addr.to_string()), d.summary)).collect(),
            more: |n, hint| format!("- …and {n} more; the full plan is in {hint}.\n"),
            tail,
            capped: false,
        }));
        parts.extend(plan.drift.iter().map(|d| Part::Section(Section { kind: Kind::Drift, text: drift_section(d) })));
    }

    let review: Vec<String> = warnings.iter().flat_map(|w| w.iter()).map(warning_line).collect();
    if !review.is_empty() {
        parts.push(Part::List(List {
            head: "#### Review\n\nWhat the policy documents in this plan allow. These are not errors; check that each \
                   is intended.\n\n"
                .to_string(),
            items: review,
            more: |n, _| format!("- …and {n} more warning{} not shown: the comment is too long.\n", plural(n)),
            tail: "\n".to_string(),
            capped: true,
        }));
    }

    let schedules: Vec<String> = acting.iter().filter_map(|c| schedule_line(c)).collect();
    if !schedules.is_empty() {
        parts.push(Part::List(List {
            head: "#### Schedules\n\n".to_string(),
            items: schedules,
            more: |n, hint| format!("- …and {n} more; the full plan is in {hint}.\n"),
            tail: "\n".to_string(),
            capped: true,
        }));
    }

    if !acting.is_empty() {
        parts.push(Part::Fixed("#### Changes\n\n".to_string()));
        for (c, w) in acting.iter().zip(&warnings) {
            parts.push(Part::Section(Section { kind: Kind::Resource, text: resource_section(c, !w.is_empty()) }));
        }
    }

    assemble(&parts, opts)
}

/// One piece of the body, in layout order.
enum Part {
    /// Always shown.
    Fixed(String),
    /// Always shown; items dropped from the end when they do not fit.
    List(List),
    /// Shown whole or not at all.
    Section(Section),
}

struct List {
    /// Text before the items (heading, intro); ends with a newline.
    head: String,
    /// One line each, ending with a newline.
    items: Vec<String>,
    /// The line standing in for `n` dropped items, given the full-plan hint. Its length must
    /// not shrink as `n` grows (only digits and plurals vary), so reserving room for it with
    /// the largest `n` suffices.
    more: fn(usize, &str) -> String,
    /// Text after the items.
    tail: String,
    /// A review aid rather than summary: gets at most half the room left (see `assemble`).
    capped: bool,
}

struct Section {
    kind: Kind,
    text: String,
}

/// What a section shows, for the truncation note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Drift,
    Resource,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Decides what fits in `opts.limit` and writes the body.
///
/// When everything fits, everything is shown. Otherwise what is always shown is counted first,
/// together with room for each list's "…and N more" line and the truncation note at their
/// longest. What is left is handed out in priority order: the destroy alert's and the drift
/// list's items; then the review aids' items (warnings, schedules), which may take at most half
/// of what remains, so diffs still get room when there are thousands of warnings; then drift
/// diffs; then resource sections. Each group goes in order and stops at the first piece that
/// does not fit, so what is shown is always a prefix and the note's count is the rest.
fn assemble(parts: &[Part], opts: &MarkdownOptions) -> String {
    // The hint goes inside list items and the note: a line break would end them early.
    let hint = opts.full_plan_hint.replace(['\n', '\r'], " ");
    let hint = hint.as_str();
    let whole: usize = parts
        .iter()
        .map(|p| match p {
            Part::Fixed(t) => chars(t),
            Part::List(l) => chars(&l.head) + l.items.iter().map(|i| chars(i)).sum::<usize>() + chars(&l.tail),
            Part::Section(s) => chars(&s.text),
        })
        .sum();
    if whole <= opts.limit {
        let everything: Vec<usize> = parts
            .iter()
            .map(|p| match p {
                Part::List(l) => l.items.len(),
                _ => 1,
            })
            .collect();
        return emit(parts, &everything, hint);
    }

    let count = |k: Kind| parts.iter().filter(|p| matches!(p, Part::Section(s) if s.kind == k)).count();
    let (all_resources, all_drift) = (count(Kind::Resource), count(Kind::Drift));
    let note_room = [(all_resources, 0), (0, all_drift), (all_resources, all_drift)]
        .iter()
        .filter_map(|&(r, d)| note(r, d, hint))
        .map(|n| chars(&n))
        .max()
        .unwrap_or(0);
    let mut fixed = note_room;
    for p in parts {
        match p {
            Part::Fixed(t) => fixed += chars(t),
            Part::List(l) => fixed += chars(&l.head) + chars(&l.tail) + chars(&(l.more)(l.items.len(), hint)),
            Part::Section(_) => {}
        }
    }
    let Some(mut room) = opts.limit.checked_sub(fixed) else {
        return fallback(parts, opts.limit);
    };

    // `shown[i]`: how many items of list `i` are shown, or 1 when section `i` is.
    let mut shown = vec![0usize; parts.len()];
    for capped in [false, true] {
        let mut cap = if capped { room / 2 } else { room };
        for (i, p) in parts.iter().enumerate() {
            match p {
                Part::List(l) if l.capped == capped => {
                    for item in &l.items {
                        let n = chars(item);
                        if n > cap {
                            break;
                        }
                        cap -= n;
                        room -= n;
                        shown[i] += 1;
                    }
                }
                _ => {}
            }
        }
    }
    for kind in [Kind::Drift, Kind::Resource] {
        for (i, p) in parts.iter().enumerate() {
            match p {
                Part::Section(s) if s.kind == kind => {
                    let n = chars(&s.text);
                    if n > room {
                        break;
                    }
                    room -= n;
                    shown[i] = 1;
                }
                _ => {}
            }
        }
    }
    emit(parts, &shown, hint)
}

/// Writes the parts in layout order, `shown[i]` items of list `i` and section `i` when 1, with
/// "…and N more" lines and the note for what is left out.
fn emit(parts: &[Part], shown: &[usize], hint: &str) -> String {
    let mut out = String::new();
    let (mut left_resources, mut left_drift) = (0, 0);
    for (p, &n) in parts.iter().zip(shown) {
        match p {
            Part::Fixed(t) => out.push_str(t),
            Part::List(l) => {
                out.push_str(&l.head);
                l.items.iter().take(n).for_each(|item| out.push_str(item));
                if n < l.items.len() {
                    out.push_str(&(l.more)(l.items.len() - n, hint));
                }
                out.push_str(&l.tail);
            }
            Part::Section(s) if n == 1 => out.push_str(&s.text),
            Part::Section(s) => match s.kind {
                Kind::Drift => left_drift += 1,
                Kind::Resource => left_resources += 1,
            },
        }
    }
    if let Some(n) = note(left_resources, left_drift, hint) {
        out.push_str(&n);
    }
    out
}

/// The truncation note, if anything was left out.
fn note(resources: usize, drift: usize, hint: &str) -> Option<String> {
    let what = match (resources, drift) {
        (0, 0) => return None,
        (r, 0) => format!("…{r} more resource{} not shown", plural(r)),
        (0, d) => format!("…the diffs of {d} change{} made outside baseline are not shown", plural(d)),
        (r, d) => format!(
            "…{r} more resource{} not shown, nor the diffs of {d} change{} made outside baseline",
            plural(r),
            plural(d)
        ),
    };
    Some(format!("{what}: the plan is too long for a comment. The full plan is in {hint}.\n"))
}

/// For a limit too small for even the summary-level parts: the first part's whole lines that
/// fit. That part holds no fence, `<details>` or alert, so any line prefix is well formed.
fn fallback(parts: &[Part], limit: usize) -> String {
    let first = match parts.first() {
        Some(Part::Fixed(t)) => t.as_str(),
        _ => "",
    };
    let mut out = String::new();
    for line in first.split_inclusive('\n') {
        if chars(&out) + chars(line) > limit {
            break;
        }
        out.push_str(line);
    }
    out
}

fn heading(plan: &Plan) -> String {
    match (plan.refresh_only, plan.mode) {
        (true, _) => "### baseline plan (refresh only)".to_string(),
        (false, PlanMode::Destroy) => "### baseline plan (destroy)".to_string(),
        (false, PlanMode::Normal) => "### baseline plan".to_string(),
    }
}

/// The summary as the text plan words it, so the comment and the log agree.
fn summary(plan: &Plan, acting: &[&ResourceChange]) -> String {
    // Kept word for word in step with `render::text::render_plan` (tests compare them).
    if plan.refresh_only {
        let n = plan.drift.len();
        return if n == 0 {
            "No changes.\nNo objects have changed outside of baseline.".to_string()
        } else {
            format!(
                "Refresh only: {n} object{} changed outside baseline. Applying this plan records {} in the state \
                 and changes nothing in the account.",
                plural(n),
                if n == 1 { "it" } else { "them" }
            )
        };
    }
    if acting.is_empty() {
        let tail = match (plan.mode, plan.drift.is_empty()) {
            (PlanMode::Destroy, _) => "No objects need to be destroyed: the state is empty.",
            (_, true) => "The account matches the configuration.",
            (_, false) => {
                "The configuration still matches the account; run apply to record the changes made outside \
                 baseline in the state."
            }
        };
        return format!("No changes.\n{tail}");
    }
    plan.summary()
}

/// The alert line for a destroyed or replaced resource: what happens to it, and why.
fn doomed_line(c: &ResourceChange) -> Option<String> {
    let what = match c.action {
        Action::Delete => "will be destroyed",
        Action::Replace { create_before_destroy: false } => "will be replaced: destroyed, then created again",
        Action::Replace { create_before_destroy: true } => {
            "will be replaced: a new one is created, then the old one destroyed"
        }
        _ => return None,
    };
    let notice = c.destroy_notice.as_ref()?;
    let forcing: Vec<String> = notice.forced_by.iter().map(|n| code(n)).collect();
    let why = match (forcing.as_slice(), &notice.reason) {
        ([], Some(r)) => format!(" (because {})", escape(r)),
        ([], None) => String::new(),
        ([one], _) => format!(" (changing {one} forces it)"),
        ([init @ .., last], _) => format!(" (changing {} and {last} forces it)", init.join(", ")),
    };
    Some(format!("> - {} {what}{why}\n", code(&c.addr.to_string())))
}

fn warning_line(w: &Warning) -> String {
    format!("- ⚠️ {} {}: {}\n", code(&w.address), code(&w.attribute), escape(&w.message))
}

/// A schedule in words, before and after, as the plan read it.
fn schedule_line(c: &ResourceChange) -> Option<String> {
    let n = c.schedule.as_ref()?;
    let text = match (&n.before, &n.after) {
        (_, _) if n.after_unknown => "its schedule is known only after apply".to_string(),
        (Some(b), Some(a)) if a.expression == b.expression => format!("runs {} (unchanged)", words(a)),
        (Some(b), Some(a)) => format!("changes from {} to {}", words(b), words(a)),
        (None, Some(a)) => format!("runs {}", words(a)),
        (Some(b), None) => format!("stops running {}", words(b)),
        (None, None) => return None,
    };
    Some(format!("- 🕒 {}: {text}\n", code(&c.addr.to_string())))
}

/// "every Sunday at 09:00 UTC (`cron(0 9 ? * 1 *)`)".
fn words(r: &Reading) -> String {
    match &r.words {
        Some(w) => format!("{w} ({})", code(&r.expression)),
        None => format!("{} (not a valid schedule expression)", code(&r.expression)),
    }
}

/// The words of the text plan's header comment for the action.
fn action_words(a: Action) -> &'static str {
    match a {
        Action::Create => "will be created",
        Action::Update => "will be updated in place",
        Action::Delete => "will be destroyed",
        Action::Replace { .. } => "must be replaced",
        Action::Read => "will be read during apply",
        Action::NoOp => "is unchanged",
    }
}

fn resource_section(c: &ResourceChange, warned: bool) -> String {
    let mut diff = String::new();
    render_change(&mut diff, c, PLAIN);
    let flag = if warned { "⚠️ " } else { "" };
    let title = format!("{} {}", c.action.symbol(), c.addr);
    details(&format!("{flag}<code>{}</code> {}", html(&title), action_words(c.action)), &diff)
}

fn drift_section(d: &Drift) -> String {
    let mut diff = String::new();
    render_drift_one(&mut diff, d, PLAIN);
    details(&format!("<code>{}</code>: {}", html(&d.addr.to_string()), html(&d.summary)), &diff)
}

/// A collapsed section holding a diff. The blank lines around the fence make GitHub parse the
/// inside as markdown rather than raw HTML.
fn details(summary_html: &str, diff_text: &str) -> String {
    format!("<details><summary>{summary_html}</summary>\n\n{}\n</details>\n\n", fenced_diff(diff_text))
}

/// The text diff as a ```` ```diff ```` block. The fence is longer than any run of backticks in
/// the content, so no content line can close it.
fn fenced_diff(text: &str) -> String {
    let body: String = text.lines().map(|l| diff_line(l) + "\n").collect();
    let fence = "`".repeat(longest_backtick_run(&body).max(2) + 1);
    format!("{fence}diff\n{body}{fence}\n")
}

fn longest_backtick_run(s: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        run = if ch == '`' { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// One text-plan line with its change symbol moved to column 0, where GitHub's diff
/// highlighting looks: `+` and `-` keep their colours, `~` becomes `!` (shown as changed),
/// and a replacement's `-/+` or `+/-` header is marked `!` as a whole. The symbol's old place
/// becomes a space, so indentation and alignment stay as in the text plan; other lines get a
/// leading space.
fn diff_line(line: &str) -> String {
    let body = line.trim_start_matches(' ');
    let indent = &line[..line.len() - body.len()];
    if body.starts_with("-/+ ") || body.starts_with("+/- ") {
        return format!("!{line}");
    }
    let mut rest = body.chars();
    let symbol = rest.next();
    let rest = rest.as_str();
    match symbol {
        // A symbol is followed by a space; `-5` in a document is a number, not a removal.
        Some(s @ ('+' | '-' | '~')) if rest.is_empty() || rest.starts_with(' ') => {
            let mark = if s == '~' { '!' } else { s };
            format!("{mark}{indent} {rest}")
        }
        _ => format!(" {line}"),
    }
}

/// Inline code that stays inline code whatever it holds: the delimiter is one backtick longer
/// than any run inside, padded with spaces when the content touches a backtick.
fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let n = longest_backtick_run(&s);
    let tick = "`".repeat(n + 1);
    if n == 0 {
        format!("{tick}{s}{tick}")
    } else {
        format!("{tick} {s} {tick}")
    }
}

/// Text shown as written: markdown and HTML punctuation backslash-escaped, line breaks
/// flattened so a value cannot start a new block.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    out
}

/// Text for inside an HTML element.
fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::addr::Address;
    use crate::cron::Schedule;
    use crate::lang::Value;
    use crate::plan::{AttrDiff, BlockDiff, StateIdentity};
    use crate::render::text::render_plan;
    use crate::resources::Obj;
    use serde_json::Value as Json;

    /// A plan of `changes` and `drift`, with the reader-facing notes the planner adds.
    fn plan(mut changes: Vec<ResourceChange>, mut drift: Vec<Drift>) -> Plan {
        changes.iter_mut().for_each(crate::plan::notes::annotate);
        for d in &mut drift {
            d.summary = crate::plan::notes::drift_summary(d);
        }
        Plan {
            changes,
            drift,
            refreshed: crate::state::State::new(),
            data: BTreeMap::new(),
            outputs: BTreeMap::new(),
            mode: PlanMode::Normal,
            refresh_only: false,
            prior: StateIdentity { existed: true, lineage: "lineage".into(), serial: 1 },
            configuration: json!({}),
            variables: BTreeMap::new(),
        }
    }

    /// An attribute diff; `changed` when the values differ.
    fn attr(name: &str, before: Option<Json>, after: Value) -> AttrDiff {
        let changed = before.is_some() && before != after.to_json();
        AttrDiff {
            name: name.into(),
            before,
            after,
            changed,
            forces_replacement: false,
            json_doc: name.contains("policy"),
            explain: None,
        }
    }

    /// A change of `type.name`; `attrs` as `(name, before, after)`, which also fill the
    /// before and after objects.
    fn change(type_name: &str, name: &str, action: Action, attrs: Vec<(&str, Option<Json>, Value)>) -> ResourceChange {
        let before: Option<Obj> = match action {
            Action::Create => None,
            _ => Some(attrs.iter().filter_map(|(k, b, _)| Some((k.to_string(), b.clone()?))).collect()),
        };
        let after = match action {
            Action::Delete => BTreeMap::new(),
            _ => attrs.iter().map(|(k, _, a)| (k.to_string(), a.clone())).collect(),
        };
        ResourceChange {
            deposed: vec![],
            warnings: vec![],
            schedule: None,
            destroy_notice: None,
            importing: None,
            notes: vec![],
            addr: Address::managed(type_name, name),
            action,
            before,
            attrs: attrs.into_iter().map(|(k, b, a)| attr(k, b, a)).collect(),
            blocks: vec![],
            reason: None,
            after,
            region: "ap-northeast-1".into(),
            provider: "aws".into(),
        }
    }

    fn s(x: &str) -> Value {
        Value::str(x)
    }
    fn j(x: &str) -> Option<Json> {
        Some(Json::from(x))
    }

    fn rule_create(name: &str, schedule: &str) -> ResourceChange {
        let mut c = change(
            "aws_cloudwatch_event_rule",
            name,
            Action::Create,
            vec![
                ("id", None, Value::Unknown),
                ("name", None, s(name)),
                ("schedule_expression", None, s(schedule)),
                ("state", None, s("ENABLED")),
            ],
        );
        c.attrs[2].explain = Schedule::parse(schedule).ok().map(|x| x.describe());
        c
    }

    fn delete(type_name: &str, name: &str) -> ResourceChange {
        let mut c =
            change(type_name, name, Action::Delete, vec![("id", j(name), Value::Null), ("name", j(name), Value::Null)]);
        c.reason = Some("it is no longer in the configuration".into());
        c
    }

    fn replace(name: &str) -> ResourceChange {
        let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let mut c = change(
            "aws_iam_role",
            name,
            Action::Replace { create_before_destroy: false },
            vec![
                ("id", j("Old"), Value::Unknown),
                ("name", j("Old"), s("New")),
                ("assume_role_policy", j(trust), s(trust)),
            ],
        );
        c.attrs[1].forces_replacement = true;
        c
    }

    fn policy_update(name: &str, before: &str, after: &str) -> ResourceChange {
        change(
            "aws_iam_role_policy",
            name,
            Action::Update,
            vec![("id", j(&format!("role:{name}")), s(&format!("role:{name}"))), ("policy", j(before), s(after))],
        )
    }

    fn schedule_drift(name: &str, stored: &str, live: &str) -> Drift {
        let mut a = attr("schedule_expression", j(stored), s(live));
        a.explain = Schedule::parse(live).ok().map(|x| x.describe());
        Drift {
            addr: Address::managed("aws_cloudwatch_event_rule", name),
            deleted: false,
            stored: Obj::from_iter([("schedule_expression".to_string(), Json::from(stored))]),
            live: Some(Obj::from_iter([("schedule_expression".to_string(), Json::from(live))])),
            attrs: vec![a],
            blocks: vec![],
            summary: String::new(),
        }
    }

    const NARROW: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"inspector:StartAssessmentRun","Resource":"arn:aws:inspector:ap-northeast-1:123456789012:target/0-x/template/0-y"}]}"#;
    const BROAD: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["inspector:StartAssessmentRun","iam:PassRole"],"Resource":"*"}]}"#;

    /// Fences pair up (an opening ```` ```diff ````, then a closing fence at least as long),
    /// `<details>` pairs up, and neither crosses the other.
    fn assert_well_formed(md: &str) {
        let mut fence: Option<usize> = None;
        let mut details = 0i32;
        let mut fence_lines = 0;
        for line in md.lines() {
            let ticks = line.chars().take_while(|&c| c == '`').count();
            match fence {
                None if ticks >= 3 => {
                    assert_eq!(&line[ticks..], "diff", "opening fence: {line}");
                    assert_eq!(details, 1, "a fence outside <details>");
                    fence = Some(ticks);
                    fence_lines += 1;
                }
                Some(n) if ticks >= n && line[ticks..].trim().is_empty() => {
                    fence = None;
                    fence_lines += 1;
                }
                Some(_) => {}
                None => {
                    details += line.matches("<details>").count() as i32;
                    details -= line.matches("</details>").count() as i32;
                    assert!((0..=1).contains(&details), "nested or unbalanced <details>: {line}");
                }
            }
        }
        assert!(fence.is_none(), "unclosed fence");
        assert_eq!(fence_lines % 2, 0);
        assert_eq!(details, 0, "unclosed <details>");
        assert_eq!(md.matches("<details>").count(), md.matches("</details>").count());
    }

    fn md(p: &Plan) -> String {
        render_markdown(p, &MarkdownOptions::default())
    }

    fn mixed_plan() -> Plan {
        let weekly = policy_update("events", NARROW, BROAD);
        let mut fix_rule = change(
            "aws_cloudwatch_event_rule",
            "weekly",
            Action::Update,
            vec![
                ("name", j("weekly"), s("weekly")),
                ("schedule_expression", j("rate(1 day)"), s("cron(0 0 ? * MON *)")),
            ],
        );
        fix_rule.attrs[1].explain = Schedule::parse("cron(0 0 ? * MON *)").ok().map(|x| x.describe());
        plan(
            vec![
                rule_create("assessment", "cron(0 9 ? * 1 *)"),
                fix_rule,
                replace("inspector_events"),
                weekly,
                delete("aws_inspector_assessment_target", "old"),
            ],
            vec![schedule_drift("weekly", "cron(0 0 ? * MON *)", "rate(1 day)")],
        )
    }

    #[test]
    fn summary_line_matches_counts_and_the_text_plan() {
        let p = mixed_plan();
        let out = md(&p);
        assert_eq!(p.counts(), (2, 2, 2));
        assert!(out.contains("\nPlan: 2 to add, 2 to change, 2 to destroy.\n"), "{out}");
        assert!(render_plan(&p, PLAIN).contains("Plan: 2 to add, 2 to change, 2 to destroy."));
        assert!(out.starts_with(&format!("{MARKER}\n### baseline plan\n")));
    }

    #[test]
    fn no_changes_reads_as_the_text_plan_does() {
        let mut noop = rule_create("assessment", "rate(1 day)");
        noop.action = Action::NoOp;
        let mut p = plan(vec![noop], vec![]);
        let out = md(&p);
        assert!(out.contains("No changes.\nThe account matches the configuration.\n"), "{out}");
        assert!(render_plan(&p, PLAIN).contains("No changes.\nThe account matches the configuration.\n"));
        assert!(!out.contains("<details>"));

        p.drift = vec![schedule_drift("assessment", "rate(1 day)", "rate(2 days)")];
        let tail = "No changes.\nThe configuration still matches the account; run apply to record the changes made \
                    outside baseline in the state.\n";
        assert!(md(&p).contains(tail));
        assert!(render_plan(&p, PLAIN).contains(tail));
    }

    #[test]
    fn refresh_only_says_how_many_objects_changed() {
        let mut p = plan(vec![], vec![schedule_drift("a", "rate(1 day)", "rate(2 days)")]);
        p.refresh_only = true;
        let out = md(&p);
        let line = "Refresh only: 1 object changed outside baseline. Applying this plan records it in the state and \
                    changes nothing in the account.";
        assert!(out.contains(line), "{out}");
        assert!(render_plan(&p, PLAIN).contains(line));
        assert!(out.starts_with(&format!("{MARKER}\n### baseline plan (refresh only)\n")));
        assert!(!out.contains("undo these changes"));

        p.drift.clear();
        let none = "No changes.\nNo objects have changed outside of baseline.";
        assert!(md(&p).contains(none));
        assert!(render_plan(&p, PLAIN).contains(none));
    }

    #[test]
    fn destroys_and_replacements_get_a_warning_naming_each() {
        let out = md(&mixed_plan());
        let alert = "> [!WARNING]\n> **This plan destroys or replaces 2 resources.** Their current objects are \
                     deleted:\n\
                     > - `aws_iam_role.inspector_events` will be replaced: destroyed, then created again (changing \
                     `name` forces it)\n\
                     > - `aws_inspector_assessment_target.old` will be destroyed (because it is no longer in the \
                     configuration)\n";
        assert!(out.contains(alert), "{out}");

        let mut cbd = replace("r");
        cbd.action = Action::Replace { create_before_destroy: true };
        cbd.attrs[1].forces_replacement = false;
        cbd.blocks.push(BlockDiff {
            name: "inline_policy".into(),
            before: vec![],
            after: vec![],
            changed: true,
            forces_replacement: true,
            json_attrs: vec![],
        });
        cbd.attrs[0].forces_replacement = true;
        let out = md(&plan(vec![cbd], vec![]));
        assert!(out.contains(
            "> - `aws_iam_role.r` will be replaced: a new one is created, then the old one destroyed (changing `id` \
             and `inline_policy` forces it)\n"
        ));
    }

    #[test]
    fn no_warning_without_destroys() {
        let out = md(&plan(vec![rule_create("a", "rate(1 day)")], vec![]));
        assert!(!out.contains("[!WARNING]"));
    }

    #[test]
    fn drift_is_listed_in_words_with_its_diff() {
        let out = md(&mixed_plan());
        assert!(out.contains(
            "#### Changed outside baseline\n\n- `aws_cloudwatch_event_rule.weekly`: schedule_expression changed \
             outside baseline\n"
        ));
        assert!(out.contains("the actions below undo these changes."));
        assert!(out.contains(
            "<details><summary><code>aws_cloudwatch_event_rule.weekly</code>: schedule_expression changed outside \
             baseline</summary>"
        ));
        assert!(
            out.contains("\n!        schedule_expression = \"cron(0 0 ? * MON *)\" -> \"rate(1 day)\" # every day\n")
        );

        let gone = Drift {
            addr: Address::managed("aws_iam_role", "gone"),
            deleted: true,
            stored: Obj::new(),
            live: None,
            attrs: vec![],
            blocks: vec![],
            summary: String::new(),
        };
        assert!(md(&plan(vec![], vec![gone])).contains("- `aws_iam_role.gone`: deleted outside baseline\n"));
    }

    #[test]
    fn policy_warnings_are_listed_and_flagged_on_the_resource() {
        let out = md(&mixed_plan());
        assert!(out.contains("#### Review\n"));
        assert!(
            out.contains(
                "- ⚠️ `aws_iam_role_policy.events` `policy`: statement 1 allows \"inspector:StartAssessmentRun\" and \
             \"iam:PassRole\" on every resource (\"Resource\": \"\\*\")\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("<summary>⚠️ <code>~ aws_iam_role_policy.events</code> will be updated in place</summary>")
        );
        // No warnings, no section.
        let quiet = md(&plan(vec![policy_update("p", BROAD, NARROW)], vec![]));
        assert!(!quiet.contains("#### Review") && !quiet.contains("⚠️"), "{quiet}");
    }

    #[test]
    fn schedules_are_read_out_in_words() {
        let out = md(&mixed_plan());
        assert!(out.contains("#### Schedules\n\n"));
        assert!(
            out.contains(
                "- 🕒 `aws_cloudwatch_event_rule.assessment`: runs every Sunday at 09:00 UTC (`cron(0 9 ? * 1 *)`)\n"
            ),
            "{out}"
        );
        assert!(out.contains("- 🕒 `aws_cloudwatch_event_rule.weekly`: changes from every day (`rate(1 day)`) to "));
        let gone = md(&plan(
            vec![change(
                "aws_cloudwatch_event_rule",
                "r",
                Action::Delete,
                vec![("schedule_expression", j("rate(5 minutes)"), Value::Null)],
            )],
            vec![],
        ));
        assert!(
            gone.contains("- 🕒 `aws_cloudwatch_event_rule.r`: stops running every 5 minutes (`rate(5 minutes)`)\n")
        );
    }

    #[test]
    fn diff_lines_carry_their_symbol_in_column_zero() {
        assert_eq!(diff_line("      + id = 1"), "+        id = 1");
        assert_eq!(diff_line("      - id = 1"), "-        id = 1");
        assert_eq!(diff_line("      ~ id = 1 -> 2"), "!        id = 1 -> 2");
        assert_eq!(diff_line("  + resource \"a\" \"b\" {"), "+    resource \"a\" \"b\" {");
        assert_eq!(diff_line("-/+ resource \"a\" \"b\" {"), "!-/+ resource \"a\" \"b\" {");
        assert_eq!(diff_line(" <= data \"a\" \"b\" {"), "  <= data \"a\" \"b\" {");
        assert_eq!(diff_line("          -5,"), "           -5,");
        assert_eq!(diff_line("        id = 1"), "         id = 1");
        assert_eq!(diff_line(""), " ");
        let out = md(&mixed_plan());
        assert!(out.contains("\n-                  \"Action\": \"inspector:StartAssessmentRun\",\n"), "{out}");
    }

    #[test]
    fn backticks_in_values_get_a_longer_fence() {
        let c = change("aws_iam_role", "r", Action::Create, vec![("description", None, s("a\n```\n````` b"))]);
        let out = md(&plan(vec![c], vec![]));
        assert!(out.contains("\n``````diff\n"), "{out}");
        assert_well_formed(&out);
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("ab"), "`ab`");
    }

    #[test]
    fn a_small_plan_is_whole() {
        let out = md(&mixed_plan());
        assert!(!out.contains("not shown"));
        assert!(!out.contains("too long"));
        assert_eq!(out.matches("<details>").count(), 6);
        assert_well_formed(&out);
    }

    /// A long policy with every statement granting something broad.
    fn long_policy(i: usize) -> String {
        let statements: Vec<Json> = (0..25)
            .map(|k| json!({"Sid": format!("S{i}x{k}"), "Effect": "Allow", "Action": format!("svc{k}:Get*"), "Resource": "*"}))
            .collect();
        json!({"Version": "2012-10-17", "Statement": statements}).to_string()
    }

    #[test]
    fn a_huge_plan_is_cut_at_whole_sections_within_the_limit() {
        let changes: Vec<ResourceChange> = (0..2000)
            .map(|i| {
                let name = format!("p{i:04}");
                change(
                    "aws_iam_role_policy",
                    &name,
                    Action::Create,
                    vec![("name", None, s(&name)), ("role", None, s("r")), ("policy", None, s(&long_policy(i)))],
                )
            })
            .collect();
        let p = plan(changes, vec![schedule_drift("d", "rate(1 day)", "rate(2 days)")]);
        let opts = MarkdownOptions::default();
        let out = render_markdown(&p, &opts);
        assert!(out.chars().count() <= opts.limit, "{} chars", out.chars().count());
        assert!(out.starts_with(MARKER));
        assert!(out.contains("Plan: 2000 to add, 0 to change, 0 to destroy."));
        assert!(
            out.contains("- `aws_cloudwatch_event_rule.d`: rate_expression")
                || out.contains("- `aws_cloudwatch_event_rule.d`: schedule_expression changed outside baseline")
        );
        assert_well_formed(&out);
        let shown = out.matches("<details><summary>⚠️ <code>+ aws_iam_role_policy.").count();
        assert!(shown > 0);
        let note = format!(
            "…{} more resources not shown: the plan is too long for a comment. The full plan is in the workflow \
             run's log.\n",
            2000 - shown
        );
        assert!(out.ends_with(&note), "{}", &out[out.len() - 300..]);
        // 100,000 warnings cannot all be listed; the count of the rest is.
        assert!(out.contains("more warnings not shown: the comment is too long.\n"));

        // Tighter still: every limit keeps the body within it and well formed.
        for limit in [3_000, 10_000, 30_000] {
            let out = render_markdown(&p, &MarkdownOptions { limit, full_plan_hint: "the log".into() });
            assert!(out.chars().count() <= limit);
            assert!(out.contains("The full plan is in the log."));
            assert_well_formed(&out);
        }
    }

    #[test]
    fn drift_diffs_are_cut_too_and_the_note_says_so() {
        let drift: Vec<Drift> =
            (0..500).map(|i| schedule_drift(&format!("r{i:03}"), "rate(1 day)", "rate(2 days)")).collect();
        let mut p = plan(vec![], drift);
        p.refresh_only = true;
        let opts = MarkdownOptions { limit: 60_000, ..MarkdownOptions::default() };
        let out = render_markdown(&p, &opts);
        assert!(out.chars().count() <= opts.limit);
        assert_well_formed(&out);
        // Every drift stays listed in words; only diffs are left out.
        assert!(out.contains("- `aws_cloudwatch_event_rule.r499`: schedule_expression changed outside baseline\n"));
        let shown = out.matches("<details>").count();
        assert!(shown > 0 && shown < 500);
        assert!(out.ends_with(&format!(
            "…the diffs of {} changes made outside baseline are not shown: the plan is too long for a comment. The \
             full plan is in the workflow run's log.\n",
            500 - shown
        )));
    }

    #[test]
    fn a_limit_too_small_for_the_summary_keeps_whole_lines() {
        let p = mixed_plan();
        for limit in [0, 10, 40, 100] {
            let out = render_markdown(&p, &MarkdownOptions { limit, ..MarkdownOptions::default() });
            assert!(out.chars().count() <= limit);
            assert_well_formed(&out);
        }
        let out = render_markdown(&p, &MarkdownOptions { limit: 40, ..MarkdownOptions::default() });
        assert_eq!(out, format!("{MARKER}\n"));
    }

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        // "…" and "⚠️" are several bytes each; a limit in bytes would cut more than needed.
        let p = mixed_plan();
        let full = md(&p);
        let n = full.chars().count();
        assert!(full.len() > n);
        assert_eq!(render_markdown(&p, &MarkdownOptions { limit: n, ..MarkdownOptions::default() }), full);
    }

    #[test]
    fn snapshot_of_a_mixed_plan() {
        insta::assert_snapshot!("markdown_mixed_plan", md(&mixed_plan()));
    }
}
