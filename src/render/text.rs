//! The human-readable plan, laid out like Terraform's.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value as Json;
use similar::{ChangeTag, TextDiff};

use super::Style;
use crate::lang::{Seq, Value};
use crate::plan::{Action, AttrDiff, BlockDiff, Drift, Plan, PlanMode, ResourceChange};

/// The full plan text: drift, actions, summary line.
pub fn render_plan(plan: &Plan, style: Style) -> String {
    let mut out = String::new();
    if plan.refresh_only {
        if plan.drift.is_empty() {
            let _ = writeln!(out, "{}", style.bold("No changes."));
            let _ = writeln!(out, "No objects have changed outside of baseline.");
            return out;
        }
        render_drift(&mut out, &plan.drift, style, false);
        let n = plan.drift.len();
        let _ = writeln!(
            out,
            "{}",
            style.bold(&format!(
                "Refresh only: {n} object{} changed outside baseline. Applying this plan records {} in the state and changes nothing in the account.",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            ))
        );
        return out;
    }
    if !plan.drift.is_empty() {
        render_drift(&mut out, &plan.drift, style, true);
    }
    let acting: Vec<&ResourceChange> = plan.changes.iter().filter(|c| c.is_shown()).collect();
    if acting.is_empty() && render_outputs(&mut out, plan, style) {
        // Only outputs change, as Terraform says it.
        let _ = writeln!(
            out,
            "\nYou can apply this plan to save these new output values to the state, without changing anything in the account."
        );
        return out;
    }
    if acting.is_empty() {
        let _ = writeln!(out, "{}", style.bold("No changes."));
        let tail = match (plan.mode, plan.drift.is_empty()) {
            (PlanMode::Destroy, _) => "No objects need to be destroyed: the state is empty.",
            (_, true) => "The account matches the configuration.",
            (_, false) => "The configuration still matches the account; run apply to record the changes made outside baseline in the state.",
        };
        let _ = writeln!(out, "{tail}");
        return out;
    }
    let mut legend: Vec<(Action, &str)> = Vec::new();
    for c in &acting {
        if !c.deposed.is_empty() && !legend.iter().any(|(a, _)| *a == Action::Delete) {
            legend.push((Action::Delete, "destroy"));
        }
        let label = match c.action {
            Action::Create => "create",
            Action::Update => "update in place",
            Action::Delete => "destroy",
            Action::Replace { create_before_destroy: false } => "destroy and then create replacement",
            Action::Replace { create_before_destroy: true } => "create replacement and then destroy",
            Action::Read => "read (data resources)",
            Action::Forget => "forget (leave in the account)",
            Action::NoOp => continue,
        };
        if !legend.iter().any(|(a, _)| *a == c.action) {
            legend.push((c.action, label));
        }
    }
    if legend.is_empty() {
        let _ = writeln!(out, "baseline will perform the following actions:");
    } else {
        let _ = writeln!(out, "baseline will perform the following actions. Symbols:");
    }
    for (a, label) in legend {
        let _ = writeln!(out, "  {} {label}", paint_symbol(style, a, 0));
    }
    out.push('\n');
    for c in acting {
        for old in &c.deposed {
            let id = old.get("id").and_then(|v| v.as_str()).unwrap_or("?");
            let _ = writeln!(out, "  # {} (deposed object {id}) will be destroyed", style.bold(&c.addr.to_string()));
            let _ =
                writeln!(out, "  # (because an earlier create_before_destroy replacement did not finish deleting it)");
            let _ = writeln!(out, "  {} resource \"{}\" \"{}\" {{", style.red("-"), c.addr.type_name, c.addr.name);
            let _ = writeln!(out, "      {} id = {}", style.red("-"), serde_json::Value::String(id.to_string()));
            let _ = writeln!(out, "    }}");
            out.push('\n');
        }
        if c.action == Action::NoOp && c.importing.is_none() && c.previous_address.is_none() {
            continue;
        }
        render_change(&mut out, c, style);
        // Decided by the plan's preflight: the account cannot carry this action out.
        if let Some(why) = &c.preflight {
            let _ = writeln!(out, "  {} {why}", style.red("# preflight:"));
        }
        // Review aids: warnings, never errors.
        for w in &c.warnings {
            let _ = writeln!(out, "  {} {}: {}", style.yellow("# warning:"), w.attribute, w.message);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", style.bold(&plan.summary()));
    let mut outputs = String::new();
    if render_outputs(&mut outputs, plan, style) {
        out.push('\n');
        out.push_str(&outputs);
    }
    out
}

/// The lines of "Changes to Outputs:" (without the heading); `None` when no output changes.
pub fn output_lines(plan: &Plan, style: Style) -> Option<String> {
    let mut out = String::new();
    render_outputs(&mut out, plan, style)
        .then(|| out.split_once('\n').map(|(_, rest)| rest.to_string()).unwrap_or_default())
}

/// "Changes to Outputs:" and a line per changed output, as Terraform prints them (a
/// sensitive one's values hidden); false, writing nothing, when no output changes.
fn render_outputs(out: &mut String, plan: &Plan, style: Style) -> bool {
    let all = plan.output_changes();
    // Aligned over every output, the unchanged too, as Terraform aligns them.
    let width = all.iter().map(|o| o.name.len()).max().unwrap_or(0);
    let changes: Vec<_> = all.into_iter().filter(|o| o.action != Action::NoOp).collect();
    if changes.is_empty() {
        return false;
    }
    let _ = writeln!(out, "{}", style.bold("Changes to Outputs:"));
    for o in changes {
        if o.sensitive {
            let sym = match o.action {
                Action::Create => "+",
                Action::Delete => "-",
                _ => "~",
            };
            let _ = writeln!(out, "  {} {:<width$} = (sensitive value)", paint(style, sym), o.name);
            continue;
        }
        let d = AttrDiff {
            name: o.name,
            before: o.before,
            after: o.after,
            changed: true,
            forces_replacement: false,
            json_doc: false,
            explain: None,
        };
        // The resource layout, four columns to the left: outputs stand at the top level.
        let mut inner = String::new();
        render_attr(&mut inner, &d, o.action, width, style);
        for l in inner.lines() {
            let _ = writeln!(out, "{}", l.get(4..).unwrap_or(l));
        }
    }
    true
}

/// `a`'s symbol right-aligned to `width`, padded before it is painted.
fn paint_symbol(style: Style, a: Action, width: usize) -> String {
    let s = &format!("{:>width$}", a.symbol());
    match a {
        Action::Create | Action::Read => style.green(s),
        Action::Update => style.yellow(s),
        Action::Delete => style.red(s),
        Action::Replace { .. } => style.yellow(s),
        Action::NoOp | Action::Forget => s.to_string(),
    }
}

fn render_drift(out: &mut String, drift: &[Drift], style: Style, undo_note: bool) {
    let _ = writeln!(out, "{}", style.bold("Note: Objects have changed outside of baseline"));
    out.push('\n');
    let _ = writeln!(
        out,
        "baseline detected the following changes made outside of baseline since the last \"baseline apply\":"
    );
    out.push('\n');
    for d in drift {
        render_drift_one(out, d, style);
        out.push('\n');
    }
    if undo_note {
        let _ = writeln!(
            out,
            "Unless you have made equivalent changes to your configuration, the actions below undo these changes."
        );
        out.push('\n');
    }
}

/// One drift entry: what changed outside baseline, in words and as a diff.
pub fn render_drift_one(out: &mut String, d: &Drift, style: Style) {
    let (ty, name) = (&d.addr.type_name, &d.addr.name);
    if d.deleted {
        let _ = writeln!(out, "  # {} was {}", style.bold(&d.addr.to_string()), d.summary);
        let _ = writeln!(out, "  {} resource \"{ty}\" \"{name}\" {{", style.red("-"));
        let _ = writeln!(out, "    }}");
    } else {
        let _ = writeln!(out, "  # {}: {}", style.bold(&d.addr.to_string()), d.summary);
        let _ = writeln!(out, "  {} resource \"{ty}\" \"{name}\" {{", style.yellow("~"));
        let width = d.attrs.iter().map(|a| a.name.len()).max().unwrap_or(0);
        for a in &d.attrs {
            render_attr(out, a, Action::Update, width, style);
        }
        for b in &d.blocks {
            render_block(out, b, Action::Update, style);
        }
        let _ = writeln!(out, "    }}");
    }
}

fn header(c: &ResourceChange) -> String {
    let a = &c.addr;
    match c.action {
        Action::Create => format!("{a} will be created"),
        Action::Update => format!("{a} will be updated in place"),
        Action::Delete => format!("{a} will be destroyed"),
        Action::Replace { .. } => format!("{a} must be replaced"),
        Action::Read => format!("{a} will be read during apply"),
        Action::Forget => format!("{a} will no longer be managed by baseline, but will not be destroyed"),
        Action::NoOp if c.importing.is_some() => format!("{a} will be imported"),
        Action::NoOp => match &c.previous_address {
            Some(old) => format!("{old} has moved to {a}"),
            None => format!("{a} is unchanged"),
        },
    }
}

/// One resource's change: header comment, reason, and the attribute diff.
pub fn render_change(out: &mut String, c: &ResourceChange, style: Style) {
    let _ = writeln!(out, "  # {}", style.bold(&header(c)));
    if let (Some(old), false) = (&c.previous_address, c.action == Action::NoOp) {
        let _ = writeln!(out, "  # (moved from {old})");
    }
    if let Some(r) = &c.reason {
        let _ = writeln!(out, "  # (because {r})");
    }
    if let Some(id) = &c.importing {
        if c.action != Action::NoOp {
            let _ = writeln!(out, "  # (imported from {})", serde_json::Value::String(id.clone()));
        }
    }
    for n in &c.notes {
        let _ = writeln!(out, "  # {n}");
    }
    let kind = if c.action == Action::Read { "data" } else { "resource" };
    let _ =
        writeln!(out, "{} {kind} \"{}\" \"{}\" {{", paint_symbol(style, c.action, 3), c.addr.type_name, c.addr.name);
    let shown: Vec<&AttrDiff> = c.attrs.iter().filter(|a| shows(c.action, a)).collect();
    let width = shown.iter().map(|a| a.name.len()).max().unwrap_or(0);
    for a in &shown {
        if c.sensitive.contains(&a.name) {
            // The whole value, as Terraform hides it, not only the secret inside it.
            let (sym, _) = attr_symbol(c.action, a);
            let note = if a.changed && c.action == Action::Update { " # (value changed)" } else { "" };
            let _ = writeln!(out, "      {} {:<width$} = (sensitive value){note}", paint(style, sym), a.name);
            continue;
        }
        render_attr(out, a, c.action, width, style);
    }
    // Terraform counts the unchanged attributes that have a value; unset ones are not shown
    // or counted.
    let hidden = c
        .attrs
        .iter()
        .filter(|a| !shows(c.action, a))
        .filter(|a| !matches!(a.after, Value::Null(_)) || a.before.as_ref().is_some_and(|b| !b.is_null()))
        .count();
    if matches!(c.action, Action::Update | Action::Replace { .. }) && hidden > 0 {
        let _ = writeln!(out, "        # ({hidden} unchanged attribute{} hidden)", if hidden == 1 { "" } else { "s" });
    }
    for b in &c.blocks {
        render_block(out, b, c.action, style);
    }
    let _ = writeln!(out, "    }}");
}

/// Which attributes a change shows: creates show what is set or computed, deletes what was
/// set, updates what changes plus the identifying `id`/`name` and any schedule.
fn shows(action: Action, a: &AttrDiff) -> bool {
    match action {
        Action::Create => !matches!(a.after, Value::Null(_)),
        Action::Delete => a.before.as_ref().is_some_and(|b| !b.is_null()),
        Action::Update | Action::Replace { .. } => {
            a.changed
                || matches!(a.after, Value::Unknown(_))
                || ((a.name == "id" || a.name == "name" || a.explain.is_some()) && !matches!(a.after, Value::Null(_)))
        }
        Action::NoOp | Action::Forget => {
            (a.name == "id" || a.name == "name" || a.name == "arn") && !matches!(a.after, Value::Null(_))
        }
        Action::Read => false,
    }
}

fn attr_symbol(action: Action, a: &AttrDiff) -> (&'static str, bool) {
    match action {
        Action::Create => ("+", true),
        Action::Delete => ("-", true),
        _ if a.changed && a.before.as_ref().is_none_or(Json::is_null) => ("+", true),
        _ if a.changed && matches!(a.after, Value::Null(_)) => ("-", true),
        _ if a.changed || matches!(a.after, Value::Unknown(_)) => ("~", true),
        _ => (" ", false),
    }
}

fn paint(style: Style, sym: &str) -> String {
    match sym {
        "+" => style.green(sym),
        "-" => style.red(sym),
        "~" => style.yellow(sym),
        _ => sym.to_string(),
    }
}

fn render_attr(out: &mut String, a: &AttrDiff, action: Action, width: usize, style: Style) {
    let (sym, _) = attr_symbol(action, a);
    let lead = format!("      {} {:<width$} = ", paint(style, sym), a.name);
    let suffix = {
        let mut s = String::new();
        if a.forces_replacement {
            s.push_str(&format!(" {}", style.red("# forces replacement")));
        }
        if let Some(e) = &a.explain {
            s.push_str(&format!(" # {e}"));
        }
        s
    };
    let before = a.before.clone().unwrap_or(Json::Null);
    if a.json_doc {
        let b = before.as_str().map(crate::policy::pretty);
        let after = match &a.after {
            Value::String(s) => Some(crate::policy::pretty(s)),
            _ => None,
        };
        match (sym, b, after) {
            ("+", _, Some(new)) => json_block(out, &lead, &suffix, None, Some(&new), style),
            ("-", Some(old), _) => json_block(out, &lead, &suffix, Some(&old), None, style),
            ("~", Some(old), Some(new)) => json_block(out, &lead, &suffix, Some(&old), Some(&new), style),
            (" ", Some(old), _) => json_block(out, &lead, &suffix, Some(&old), Some(&old), style),
            _ => {
                let _ = writeln!(out, "{lead}{}{suffix}", scalar_change(action, sym, &before, &a.after));
            }
        }
        return;
    }
    if let (Some("~"), Some(old), Some(Json::Array(new))) = (Some(sym), before.as_array(), a.after.to_json()) {
        let scalar = |x: &Json| !x.is_array() && !x.is_object();
        if old.iter().chain(new.iter()).all(scalar) {
            list_diff(out, &lead, &suffix, old, &new, style);
            return;
        }
    }
    let _ = writeln!(out, "{lead}{}{suffix}", scalar_change(action, sym, &before, &a.after));
}

/// How many unchanged elements (or lines) are shown around a change.
const CONTEXT: usize = 1;

/// A changed list or set of scalars, element by element as Terraform shows it: added and
/// removed elements marked, unchanged ones collapsed past [`CONTEXT`] into a count.
fn list_diff(out: &mut String, lead: &str, suffix: &str, old: &[Json], new: &[Json], style: Style) {
    let show = |x: &Json| show_json(x);
    let (o, n): (Vec<String>, Vec<String>) = (old.iter().map(show).collect(), new.iter().map(show).collect());
    let _ = writeln!(out, "{lead}[{suffix}");
    let pad = "          ";
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &o, &n);
    let hidden = |out: &mut String, k: usize| {
        let s = if k == 1 { "" } else { "s" };
        let _ = writeln!(out, "{pad}  # ({k} unchanged element{s} hidden)");
    };
    let last = ops.len().saturating_sub(1);
    for (i, op) in ops.iter().enumerate() {
        match *op {
            similar::DiffOp::Equal { old_index, len, .. } => {
                // Context after the previous change and before the next, the rest counted.
                let head = if i == 0 { 0 } else { CONTEXT.min(len) };
                let tail = if i == last { 0 } else { CONTEXT.min(len - head) };
                for x in &o[old_index..old_index + head] {
                    let _ = writeln!(out, "{pad}  {x},");
                }
                if len > head + tail {
                    hidden(out, len - head - tail);
                }
                for x in &o[old_index + len - tail..old_index + len] {
                    let _ = writeln!(out, "{pad}  {x},");
                }
            }
            similar::DiffOp::Delete { old_index, old_len, .. } => {
                for x in &o[old_index..old_index + old_len] {
                    let _ = writeln!(out, "{pad}{} {x},", style.red("-"));
                }
            }
            similar::DiffOp::Insert { new_index, new_len, .. } => {
                for x in &n[new_index..new_index + new_len] {
                    let _ = writeln!(out, "{pad}{} {x},", style.green("+"));
                }
            }
            similar::DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                for x in &n[new_index..new_index + new_len] {
                    let _ = writeln!(out, "{pad}{} {x},", style.green("+"));
                }
                for x in &o[old_index..old_index + old_len] {
                    let _ = writeln!(out, "{pad}{} {x},", style.red("-"));
                }
            }
        }
    }
    let _ = writeln!(out, "        ]");
}

fn scalar_change(action: Action, sym: &str, before: &Json, after: &Value) -> String {
    match (action, sym) {
        (Action::Create, _) | (_, "+") => show_value(after),
        (Action::Delete, _) => format!("{} -> null", show_json(before)),
        (_, "-") => format!("{} -> null", show_json(before)),
        (_, "~") => format!("{} -> {}", show_json(before), show_value(after)),
        _ => show_json(before),
    }
}

/// A JSON document: new or removed documents in full, changes as a line diff with context.
fn json_block(out: &mut String, lead: &str, suffix: &str, old: Option<&str>, new: Option<&str>, style: Style) {
    let _ = writeln!(out, "{lead}jsonencode({suffix}");
    let pad = "          ";
    match (old, new) {
        (None, Some(n)) => n.lines().for_each(|l| {
            let _ = writeln!(out, "{pad}{} {l}", style.green("+"));
        }),
        (Some(o), None) => o.lines().for_each(|l| {
            let _ = writeln!(out, "{pad}{} {l}", style.red("-"));
        }),
        (Some(o), Some(n)) if o == n => {
            let _ = writeln!(out, "{pad}  # (document unchanged, {} lines)", o.lines().count());
        }
        (Some(o), Some(n)) => {
            let diff = TextDiff::from_lines(o, n);
            let lines: Vec<&str> = o.lines().collect();
            // Old-document line where the previous group ended: what lies between is elided.
            let mut shown_to = 0;
            for group in diff.grouped_ops(3).iter() {
                let (Some(first), Some(last)) = (group.first(), group.last()) else { continue };
                elide(out, pad, &lines, shown_to, first.old_range().start);
                shown_to = last.old_range().end;
                for op in group {
                    for ch in diff.iter_changes(op) {
                        let line = ch.value().trim_end_matches('\n');
                        let sym = match ch.tag() {
                            ChangeTag::Delete => style.red("-"),
                            ChangeTag::Insert => style.green("+"),
                            ChangeTag::Equal => " ".to_string(),
                        };
                        let _ = writeln!(out, "{pad}{sym} {line}");
                    }
                }
            }
            elide(out, pad, &lines, shown_to, lines.len());
        }
        (None, None) => {}
    }
    let _ = writeln!(out, "        )");
}

/// Unchanged document lines `from..to` between shown parts: the brackets that close what was
/// shown before and open what is shown after are kept, so the excerpt reads as balanced JSON;
/// the rest is counted in `# (N unchanged lines hidden)` markers.
fn elide(out: &mut String, pad: &str, lines: &[&str], from: usize, to: usize) {
    let indent = |k: usize| lines.get(k).map_or(0, |l| l.len() - l.trim_start().len());
    let mut keep = vec![false; to.saturating_sub(from)];
    // Closers of what came before: each line less indented than all before it.
    let mut min = if from == 0 { 0 } else { indent(from - 1) };
    for k in from..to {
        if indent(k) < min {
            keep[k - from] = true;
            min = indent(k);
        }
    }
    // Openers of what comes after: each line less indented than all after it.
    let mut min = if to >= lines.len() { 0 } else { indent(to) };
    for k in (from..to).rev() {
        if indent(k) < min {
            keep[k - from] = true;
            min = indent(k);
        }
    }
    let mut run = 0;
    let flush = |out: &mut String, run: &mut usize| {
        if *run > 0 {
            let s = if *run == 1 { "" } else { "s" };
            let _ = writeln!(out, "{pad}  # ({run} unchanged line{s} hidden)");
            *run = 0;
        }
    };
    for (i, kept) in keep.iter().enumerate() {
        if *kept {
            flush(out, &mut run);
            let _ = writeln!(out, "{pad}  {}", lines[from + i]);
        } else {
            run += 1;
        }
    }
    flush(out, &mut run);
}

fn render_block(out: &mut String, b: &BlockDiff, action: Action, style: Style) {
    let norm = |j: &Json| j.to_string();
    let after_json: Vec<Option<Json>> = b.after.iter().map(Value::to_json).collect();
    let (removed, added, same): (Vec<&Json>, Vec<&Value>, usize) = match action {
        Action::Create => (vec![], b.after.iter().collect(), 0),
        Action::Delete => (b.before.iter().collect(), vec![], 0),
        _ => {
            let removed: Vec<&Json> =
                b.before.iter().filter(|x| !after_json.iter().flatten().any(|y| norm(y) == norm(x))).collect();
            let added: Vec<&Value> = b
                .after
                .iter()
                .zip(&after_json)
                .filter(|(_, j)| j.as_ref().is_none_or(|j| !b.before.iter().any(|x| norm(x) == norm(j))))
                .map(|(v, _)| v)
                .collect();
            let same = b.after.len() - added.len();
            (removed, added, same)
        }
    };
    let forces = if b.forces_replacement { format!(" {}", style.red("# forces replacement")) } else { String::new() };
    let mut item = |sym: &str, v: Value| {
        let mut text = String::new();
        block_item(&mut text, &b.name, sym, &v, &b.json_attrs, &forces, style);
        for l in text.lines() {
            let _ = writeln!(out, "      {l}");
        }
    };
    // An item whose identifying first attribute (a policy's name, a subscription's event)
    // stays the same is shown as changed in place, so a policy edit reads as a line diff.
    let key = |v: &Value| match v {
        Value::Object(m) => m.iter().find(|(_, x)| !matches!(x, Value::Null(_))).map(|(k, x)| format!("{k}={x}")),
        _ => None,
    };
    let mut pairs = Vec::new();
    let mut removed_left = Vec::new();
    let mut added_left: Vec<&Value> = added.clone();
    for r in removed {
        let rv = Value::from_json(r);
        match added_left.iter().position(|a| key(a).is_some() && key(a) == key(&rv)) {
            Some(i) if action != Action::Delete => pairs.push((rv, added_left.remove(i).clone())),
            _ => removed_left.push(rv),
        }
    }
    for r in removed_left {
        item("-", r);
    }
    for a in added_left {
        item("+", a.clone());
    }
    for (old, new) in pairs {
        let _ = writeln!(out, "      {} {} {{", style.yellow("~"), b.name);
        let (Value::Object(om), Value::Object(nm)) = (&old, &new) else {
            continue;
        };
        let mut inner = String::new();
        changed_item_body(&mut inner, om, nm, &b.json_attrs, style);
        for l in inner.lines() {
            let _ = writeln!(out, "      {l}");
        }
        let _ = writeln!(out, "        }}");
    }
    if same > 0 && action != Action::Create {
        let _ =
            writeln!(out, "        # ({same} unchanged {} block{} hidden)", b.name, if same == 1 { "" } else { "s" });
    }
}

/// True for a list of objects: nested blocks.
fn is_block_list(x: &Value) -> bool {
    matches!(x, Value::List(items) if items.iter().all(|i| matches!(i, Value::Object(_))))
}

/// The inside of a block item changed in place: changed attributes (unchanged ones are kept
/// for identification only when they name the item), then nested blocks — unchanged ones
/// hidden, changed ones shown as removed and added items.
fn changed_item_body(
    out: &mut String,
    om: &BTreeMap<String, Value>,
    nm: &BTreeMap<String, Value>,
    json_attrs: &[String],
    style: Style,
) {
    let attrs: Vec<(&String, &Value)> =
        nm.iter().filter(|(k, v)| !(is_block_list(v) && om.get(*k).is_none_or(is_block_list))).collect();
    let width = attrs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, nv) in attrs {
        let ov = om.get(k).and_then(Value::to_json).unwrap_or(Json::Null);
        if matches!(nv, Value::Null(_)) && ov.is_null() {
            continue;
        }
        let changed = nv.to_json().is_none_or(|j| j != ov);
        let d = AttrDiff {
            name: k.clone(),
            before: Some(ov),
            after: nv.clone(),
            changed,
            forces_replacement: false,
            json_doc: json_attrs.iter().any(|x| x == k),
            explain: None,
        };
        let mut inner = String::new();
        render_attr(&mut inner, &d, Action::Update, width, style);
        for l in inner.lines() {
            let _ = writeln!(out, "{}", l.get(2..).unwrap_or(l));
        }
    }
    let none = Value::List(Seq::default());
    for (k, nv) in nm.iter().filter(|(_, v)| is_block_list(v)) {
        let (Value::List(new_items), Value::List(old_items)) = (nv, om.get(k).unwrap_or(&none)) else {
            continue;
        };
        let removed: Vec<&Value> = old_items.iter().filter(|o| !new_items.contains(o)).collect();
        let added: Vec<&Value> = new_items.iter().filter(|n| !old_items.contains(n)).collect();
        let same = new_items.len() - added.len();
        if same > 0 {
            let s = if same == 1 { "" } else { "s" };
            let _ = writeln!(out, "      # ({same} unchanged {k} block{s} hidden)");
        }
        // One item replaced by one (a single nested block edited): changed in place, so the
        // changed attribute is shown inside it, not the whole block removed and added.
        if let ([Value::Object(o1)], [Value::Object(n1)]) = (removed.as_slice(), added.as_slice()) {
            let _ = writeln!(out, "    {} {k} {{", style.yellow("~"));
            let mut inner = String::new();
            changed_item_body(&mut inner, o1, n1, json_attrs, style);
            for l in inner.lines() {
                let _ = writeln!(out, "    {l}");
            }
            let _ = writeln!(out, "      }}");
            continue;
        }
        for (sym, items) in [("-", removed), ("+", added)] {
            for it in items {
                let mut inner = String::new();
                block_item(&mut inner, k, sym, it, json_attrs, "", style);
                for l in inner.lines() {
                    let _ = writeln!(out, "    {l}");
                }
            }
        }
    }
}

/// One block item added (`+`) or removed (`-`), with its attributes and, recursively, the
/// blocks inside it (lists of objects), indented from column 0.
fn block_item(out: &mut String, name: &str, sym: &str, v: &Value, json_attrs: &[String], note: &str, style: Style) {
    let _ = writeln!(out, "{} {name} {{{note}", paint(style, sym));
    if let Value::Object(m) = v {
        let is_blocks = |x: &Value| matches!(x, Value::List(items) if !items.is_empty() && items.iter().all(|i| matches!(i, Value::Object(_))));
        let attrs: Vec<(&String, &Value)> = m
            .iter()
            .filter(|(_, x)| {
                !matches!(x, Value::Null(_)) && !is_blocks(x) && !matches!(x, Value::List(l) if l.is_empty())
            })
            .collect();
        let width = attrs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (k, x) in attrs {
            let d = AttrDiff {
                name: k.clone(),
                before: if sym == "-" { x.to_json() } else { None },
                after: if sym == "-" { Value::NULL } else { x.clone() },
                changed: true,
                forces_replacement: false,
                json_doc: json_attrs.iter().any(|j| j == k),
                explain: None,
            };
            let act = if sym == "-" { Action::Delete } else { Action::Create };
            let mut inner = String::new();
            render_attr(&mut inner, &d, act, width, style);
            for l in inner.lines() {
                // render_attr indents attributes by 6; inside a block item they sit 4 deeper
                // than the block's symbol.
                let _ = writeln!(out, "{}", l.get(2..).unwrap_or(l));
            }
        }
        for (k, x) in m.iter().filter(|(_, x)| is_blocks(x)) {
            if let Value::List(items) = x {
                for it in items {
                    let mut inner = String::new();
                    block_item(&mut inner, k, sym, it, json_attrs, "", style);
                    for l in inner.lines() {
                        let _ = writeln!(out, "    {l}");
                    }
                }
            }
        }
    }
    let _ = writeln!(out, "  }}");
}

/// A known or unknown value in HCL-like syntax.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::Unknown(_) => "(known after apply)".to_string(),
        v => v.to_json().map(|j| show_json(&j)).unwrap_or_else(|| show_partial(v)),
    }
}

/// A root output's value as Terraform prints it after apply: nested lines indented from the
/// left margin.
pub fn show_output(v: &Value) -> String {
    match v.to_json() {
        Some(j) => show_json_at(&j, 0),
        None => show_value(v),
    }
}

fn show_partial(v: &Value) -> String {
    match v {
        Value::List(items) => format!("[{}]", items.iter().map(show_value).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => format!(
            "{{ {} }}",
            m.iter().map(|(k, x)| format!("{k} = {}", show_value(x))).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

/// A JSON value in HCL-like syntax: multi-line lists and maps.
pub fn show_json(j: &Json) -> String {
    show_json_at(j, 8)
}

/// `j` with nested lists and maps indented under the column `closer` their closing bracket
/// sits at (items two deeper).
pub fn show_json_at(j: &Json, closer: usize) -> String {
    let item = closer + 2;
    match j {
        Json::Array(a) if a.is_empty() => "[]".to_string(),
        Json::Array(a) => {
            let mut s = String::from("[\n");
            for x in a {
                let _ = writeln!(s, "{:item$}{},", "", show_json_at(x, item));
            }
            let _ = write!(s, "{:closer$}]", "");
            s
        }
        Json::Object(m) if m.is_empty() => "{}".to_string(),
        Json::Object(m) => {
            let width = m.keys().map(|k| k.len() + 2).max().unwrap_or(0);
            let mut s = String::from("{\n");
            for (k, x) in m {
                let _ = writeln!(s, "{:item$}{:<width$} = {}", "", format!("{k:?}"), show_json_at(x, item));
            }
            let _ = write!(s, "{:closer$}}}", "");
            s
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(range: std::ops::Range<u32>) -> Vec<Json> {
        range.map(|i| Json::from(format!("1000000000{i:02}"))).collect()
    }

    #[test]
    fn a_list_of_fifty_accounts_diffs_element_by_element() {
        let old = ids(0..50);
        let mut new = ids(0..50);
        new.remove(20);
        new.push(Json::from("999999999999"));
        let mut out = String::new();
        list_diff(&mut out, "      ~ account_ids = ", "", &old, &new, Style { color: false });
        insta::assert_snapshot!(out, @r###"
              ~ account_ids = [
                    # (19 unchanged elements hidden)
                    "100000000019",
                  - "100000000020",
                    "100000000021",
                    # (27 unchanged elements hidden)
                    "100000000049",
                  + "999999999999",
                ]
        "###);
    }

    #[test]
    fn an_elided_document_keeps_its_brackets() {
        let doc = "{\n  \"a\": [\n    1,\n    2,\n    3\n  ],\n  \"b\": [\n    4\n  ]\n}";
        let lines: Vec<&str> = doc.lines().collect();
        let mut out = String::new();
        // Lines 2..=4 were shown; the rest of the document is elided.
        elide(&mut out, "", &lines, 5, lines.len());
        assert_eq!(out, "    ],\n  # (3 unchanged lines hidden)\n  }\n");
    }
}
