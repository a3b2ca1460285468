//! Tests of the markdown (pull-request comment) renderer.

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
        sensitive_variables: vec![],
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
        checks: Vec::new(),
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
        sensitive: vec![],
        sensitive_paths: vec![],
        deposed: vec![],
        warnings: vec![],
        schedule: None,
        destroy_notice: None,
        read_waits_for_dependency: false,
        preflight: None,
        previous_address: None,
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
            ("id", None, Value::UNKNOWN),
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
        change(type_name, name, Action::Delete, vec![("id", j(name), Value::NULL), ("name", j(name), Value::NULL)]);
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
            ("id", j("Old"), Value::UNKNOWN),
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
        vec![("name", j("weekly"), s("weekly")), ("schedule_expression", j("rate(1 day)"), s("cron(0 0 ? * MON *)"))],
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
    assert!(out.contains("\n!        schedule_expression = \"cron(0 0 ? * MON *)\" -> \"rate(1 day)\" # every day\n"));

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
            "- ⚠️ `aws_iam_role_policy.events` `policy`: statement 1 allows \"iam:PassRole\" on every resource \
             (\"Resource\": \"\\*\")\n"
        ),
        "{out}"
    );
    assert!(out.contains("<summary>⚠️ <code>~ aws_iam_role_policy.events</code> will be updated in place</summary>"));
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
            vec![("schedule_expression", j("rate(5 minutes)"), Value::NULL)],
        )],
        vec![],
    ));
    assert!(gone.contains("- 🕒 `aws_cloudwatch_event_rule.r`: stops running every 5 minutes (`rate(5 minutes)`)\n"));
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

/// 300 roles with the same broad policy: one warning line with a count and the first places,
/// not 300 bullets.
#[test]
fn identical_warnings_are_grouped_with_a_count() {
    let changes: Vec<ResourceChange> = (0..300).map(|i| policy_update(&format!("p{i:03}"), NARROW, BROAD)).collect();
    let out = md(&plan(changes, vec![]));
    let review = &out[out.find("#### Review").unwrap()..out.find("#### Changes").unwrap()];
    assert_eq!(review.matches("- ⚠️").count(), 1, "{review}");
    assert!(
        review.contains(
            "(300 places: `aws_iam_role_policy.p000` `policy`, `aws_iam_role_policy.p001` `policy`, \
             `aws_iam_role_policy.p002` `policy`, `aws_iam_role_policy.p003` `policy`, \
             `aws_iam_role_policy.p004` `policy` and 295 more)"
        ),
        "{review}"
    );
}
