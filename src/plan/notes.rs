//! What a plan tells its readers beside the diff, decided once here so every renderer (text,
//! markdown, JSON) and a saved plan file show the same thing: review warnings, schedules in
//! words, why a resource is destroyed or replaced, and drift in words.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::{Action, Drift, ResourceChange};
use crate::addr::Mode;
use crate::lang::Value;

/// A schedule expression and its reading in plain words (`None` when it does not parse).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    pub expression: String,
    pub words: Option<String>,
}

/// What a change does to a schedule: the attribute whose schema explains its value in words
/// (an EventBridge rule's `schedule_expression`), before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleNote {
    pub attribute: String,
    /// The live schedule (`None` when there is none).
    pub before: Option<Reading>,
    /// The planned schedule (`None` when the object goes away or has none).
    pub after: Option<Reading>,
    /// True when the planned schedule is known only after apply.
    pub after_unknown: bool,
}

/// Why a destroyed or replaced object goes: the attributes and blocks whose change forces a
/// replacement, or the planner's reason ("no longer in the configuration").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestroyNotice {
    pub forced_by: Vec<String>,
    pub reason: Option<String>,
}

/// Fills in the reader-facing decisions of `c` from its action, diff and schema.
pub fn annotate(c: &mut ResourceChange) {
    c.warnings = super::policies::policy_warnings(c);
    c.schedule = schedule_note(c);
    if let (Action::Delete | Action::Replace { .. }, Some(before), Mode::Managed) = (c.action, &c.before, c.addr.mode) {
        if let Some(rt) = crate::resources::resource_type(&c.addr.type_name) {
            c.notes.extend(rt.destroy_notes(before));
        }
    }
    c.destroy_notice = matches!(c.action, Action::Delete | Action::Replace { .. }).then(|| DestroyNotice {
        forced_by: c
            .attrs
            .iter()
            .filter(|a| a.forces_replacement)
            .map(|a| a.name.clone())
            .chain(c.blocks.iter().filter(|b| b.forces_replacement).map(|b| b.name.clone()))
            .collect(),
        reason: c.reason.clone(),
    });
}

/// The drift in words: "deleted outside baseline", or "schedule_expression changed outside
/// baseline" (naming every changed attribute and block).
pub fn drift_summary(d: &Drift) -> String {
    if d.deleted {
        return "deleted outside baseline".to_string();
    }
    let names: Vec<&str> =
        d.attrs.iter().map(|a| a.name.as_str()).chain(d.blocks.iter().map(|b| b.name.as_str())).collect();
    let list = match names.as_slice() {
        [] => "nothing".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    format!("{list} changed outside baseline")
}

fn schedule_note(c: &ResourceChange) -> Option<ScheduleNote> {
    if c.addr.mode != Mode::Managed {
        return None;
    }
    let schema = crate::resources::resource_type(&c.addr.type_name)?.schema();
    let attr = schema.attrs.iter().find(|a| a.schedule)?;
    let explain = attr.explain?;
    let reading = |s: &str| Reading { expression: s.to_string(), words: explain(s) };
    let before = c.before.as_ref().and_then(|b| b.get(attr.name)).and_then(Json::as_str).map(reading);
    let planned = c.after.get(attr.name);
    let (after, after_unknown) = match (c.action, planned) {
        (Action::Delete, _) => (None, false),
        (_, Some(Value::Unknown(_))) => (None, true),
        (_, Some(Value::String(a))) => (Some(reading(a)), false),
        _ => (None, false),
    };
    (before.is_some() || after.is_some() || after_unknown).then(|| ScheduleNote {
        attribute: attr.name.to_string(),
        before,
        after,
        after_unknown,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::addr::Address;
    use crate::plan::AttrDiff;
    use crate::resources::Obj;

    fn change(type_name: &str, action: Action, before: Option<&str>, after: Value) -> ResourceChange {
        let before_obj = before.map(|b| Obj::from_iter([("schedule_expression".to_string(), Json::from(b))]));
        ResourceChange {
            sensitive: vec![],
            sensitive_paths: vec![],
            addr: Address::managed(type_name, "r"),
            action,
            before: before_obj,
            attrs: vec![AttrDiff {
                name: "schedule_expression".into(),
                before: before.map(Json::from),
                after: after.clone(),
                changed: true,
                forces_replacement: matches!(action, Action::Replace { .. }),
                json_doc: false,
                explain: None,
            }],
            blocks: vec![],
            reason: None,
            notes: vec![],
            importing: None,
            deposed: vec![],
            warnings: vec![],
            schedule: None,
            destroy_notice: None,
            read_waits_for_dependency: false,
            preflight: None,
            previous_address: None,
            after: BTreeMap::from([("schedule_expression".to_string(), after)]),
            region: "us-east-1".into(),
            provider: "aws".into(),
        }
    }

    #[test]
    fn a_schedule_is_read_in_words_from_the_schema_not_the_type_name() {
        let mut c = change(
            "aws_cloudwatch_event_rule",
            Action::Update,
            Some("cron(0 9 ? * 1 *)"),
            Value::String("rate(1 day)".into()),
        );
        annotate(&mut c);
        let n = c.schedule.expect("a schedule note");
        assert_eq!(n.before.unwrap().words.as_deref(), Some("every Sunday at 09:00 UTC"));
        assert_eq!(n.after.unwrap().words.as_deref(), Some("every day"));
        assert!(c.destroy_notice.is_none());

        // A type whose schema explains nothing gets no schedule note.
        let mut other = change("aws_iam_role", Action::Update, Some("x"), Value::String("y".into()));
        annotate(&mut other);
        assert!(other.schedule.is_none());
    }

    #[test]
    fn replacements_and_deletes_say_why() {
        let mut c = change(
            "aws_cloudwatch_event_rule",
            Action::Replace { create_before_destroy: false },
            Some("rate(1 day)"),
            Value::UNKNOWN,
        );
        annotate(&mut c);
        assert_eq!(c.destroy_notice.unwrap().forced_by, ["schedule_expression"]);
        assert!(c.schedule.unwrap().after_unknown);

        let mut d = change("aws_cloudwatch_event_rule", Action::Delete, Some("rate(1 day)"), Value::NULL);
        d.reason = Some("it is no longer in the configuration".into());
        annotate(&mut d);
        let notice = d.destroy_notice.unwrap();
        assert_eq!(notice.reason.as_deref(), Some("it is no longer in the configuration"));
        assert!(d.schedule.unwrap().after.is_none());
    }
}
