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
    let acting: Vec<&ResourceChange> = plan.changes.iter().filter(|c| c.is_shown()).collect();
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

    let blocked: Vec<String> = acting
        .iter()
        .filter_map(|c| Some(format!("> - {}: {}\n", code(&c.addr.to_string()), escape(c.preflight.as_deref()?))))
        .collect();
    if !blocked.is_empty() {
        let n = blocked.len();
        parts.push(Part::List(List {
            head: format!(
                "> [!CAUTION]\n> **{n} action{} in this plan cannot be carried out by the account {} would run \
                 in:**\n",
                plural(n),
                if n == 1 { "it" } else { "they" }
            ),
            items: blocked,
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

    // Identical warnings (300 roles with one policy) are one line with a count.
    let review: Vec<String> = grouped(warnings.iter().flat_map(|w| w.iter())).iter().map(|g| warning_line(g)).collect();
    if !review.is_empty() {
        parts.push(Part::List(List {
            head: "#### Review\n\nWhat the policy documents in this plan allow. These are not errors; check that each \
                   is intended.\n\n"
                .to_string(),
            items: review,
            more: |n, _| format!("- …and {n} more warning{} not shown: the comment is too long.\n", plural(n)),
            tail: "\n".to_string(),
            // Grouped, warnings are few and fit whole; only thousands of distinct ones (each
            // naming its own Sid) are cut, so that diffs keep room.
            capped: true,
        }));
    }

    // The same schedule in 14 regions is one line with its places.
    let mut by_text: Vec<(String, Vec<String>)> = Vec::new();
    for (addr, text) in acting.iter().filter_map(|c| Some((code(&c.addr.to_string()), schedule_text(c)?))) {
        match by_text.iter_mut().find(|(t, _)| *t == text) {
            Some((_, places)) => places.push(addr),
            None => by_text.push((text, vec![addr])),
        }
    }
    let schedules: Vec<String> = by_text.iter().map(|(text, places)| schedule_line(text, places)).collect();
    if !schedules.is_empty() {
        parts.push(Part::List(List {
            head: "#### Schedules\n\n".to_string(),
            items: schedules,
            more: |n, hint| format!("- …and {n} more; the full plan is in {hint}.\n"),
            tail: "\n".to_string(),
            capped: true,
        }));
    }

    if let Some(lines) = super::text::output_lines(plan, super::Style { color: false }) {
        parts.push(Part::Fixed(format!("#### Changes to Outputs\n\n{}\n", fenced_diff(&lines))));
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
    if acting.is_empty() && plan.output_changes().iter().any(|o| o.action != Action::NoOp) {
        return "Only outputs change: applying saves their new values in the state, without changing anything in \
                the account."
            .to_string();
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

/// Warnings with the same message, in the order they first appear, with where each is.
fn grouped<'w>(all: impl Iterator<Item = &'w Warning>) -> Vec<(&'w str, Vec<&'w Warning>)> {
    let mut groups: Vec<(&str, Vec<&Warning>)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in all {
        match index.get(w.message.as_str()) {
            Some(&i) => groups[i].1.push(w),
            None => {
                index.insert(&w.message, groups.len());
                groups.push((&w.message, vec![w]));
            }
        }
    }
    groups
}

/// How many places a grouped warning names before counting the rest.
const PLACES: usize = 5;

fn warning_line((message, places): &(&str, Vec<&Warning>)) -> String {
    let at = |w: &&Warning| format!("{} {}", code(&w.address), code(&w.attribute));
    match places.as_slice() {
        [one] => format!("- ⚠️ {}: {}\n", at(one), escape(message)),
        many => {
            let named: Vec<String> = many.iter().take(PLACES).map(at).collect();
            let rest = match many.len().saturating_sub(PLACES) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            format!("- ⚠️ {} ({} places: {}{rest})\n", escape(message), many.len(), named.join(", "))
        }
    }
}

/// One schedule line: where (the first places, and how many more) and what.
fn schedule_line(text: &str, places: &[String]) -> String {
    let more = match places.len().saturating_sub(PLACES) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let named = places.iter().take(PLACES).cloned().collect::<Vec<_>>().join(", ");
    format!("- 🕒 {named}{more}: {text}\n")
}

/// A schedule in words, before and after, as the plan read it.
fn schedule_text(c: &ResourceChange) -> Option<String> {
    let n = c.schedule.as_ref()?;
    let text = match (&n.before, &n.after) {
        (_, _) if n.after_unknown => "its schedule is known only after apply".to_string(),
        (Some(b), Some(a)) if a.expression == b.expression => format!("runs {} (unchanged)", words(a)),
        (Some(b), Some(a)) => format!("changes from {} to {}", words(b), words(a)),
        (None, Some(a)) => format!("runs {}", words(a)),
        (Some(b), None) => format!("stops running {}", words(b)),
        (None, None) => return None,
    };
    Some(text)
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
        Action::Forget => "will no longer be managed by baseline, but will not be destroyed",
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
#[path = "markdown_tests.rs"]
mod tests;
