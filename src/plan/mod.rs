//! Plans: what would change, computed from three separate inputs — the stored state (prior
//! run), the refreshed state (live account) and the desired config. Drift is stored-vs-live;
//! changes are live-vs-desired. Rendering lives in `crate::render` and never decides.

mod compute;
pub mod conditions;
pub mod configuration;
mod expand;
pub mod moves;
pub mod notes;
mod planner;
pub mod policies;
mod preflight;
pub mod providers;
pub mod saved;
pub mod tags;
pub mod world;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::addr::Address;
use crate::lang::Value;
use crate::resources::Obj;
use crate::state::State;
pub use compute::{desired, plan_object, Desired, Planned};
pub use planner::{check_values, provider_name, validate_values, Focus, PlanError, PlanMode, Planner};

/// What happens to one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    NoOp,
    Create,
    /// A data source read during apply (its arguments are unknown until then).
    Read,
    Update,
    /// Destroy and create again; `create_before_destroy` flips the order.
    Replace {
        create_before_destroy: bool,
    },
    Delete,
    /// Dropped from the state and left in the account (a `removed` block with
    /// `destroy = false`).
    Forget,
}

impl Action {
    /// Terraform's symbol for the action.
    pub fn symbol(self) -> &'static str {
        match self {
            Action::NoOp => " ",
            Action::Create => "+",
            Action::Read => "<=",
            Action::Update => "~",
            Action::Replace { create_before_destroy: false } => "-/+",
            Action::Replace { create_before_destroy: true } => "+/-",
            Action::Delete => "-",
            Action::Forget => ".",
        }
    }
}

/// One attribute's before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttrDiff {
    pub name: String,
    /// `None` when the object does not exist before.
    pub before: Option<Json>,
    /// `Value::NULL` when the object does not exist after (delete).
    pub after: Value,
    pub changed: bool,
    pub forces_replacement: bool,
    /// A JSON document (policy): shown pretty-printed, diffed by lines.
    pub json_doc: bool,
    /// Plain-words reading of the value (schedules).
    pub explain: Option<String>,
}

/// One nested block type's items before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockDiff {
    pub name: String,
    pub before: Vec<Json>,
    pub after: Vec<Value>,
    pub changed: bool,
    pub forces_replacement: bool,
    /// Attributes of the block type that are JSON documents.
    pub json_attrs: Vec<String>,
}

/// The planned change of one resource or data source.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResourceChange {
    pub addr: Address,
    pub action: Action,
    /// The live object before the change (`None` when it does not exist).
    pub before: Option<Obj>,
    pub attrs: Vec<AttrDiff>,
    pub blocks: Vec<BlockDiff>,
    /// Why, when not obvious ("deleted outside baseline", "no longer in the configuration").
    pub reason: Option<String>,
    /// Plain-words notes from the resource type (a CIS scan's schedule).
    #[serde(default)]
    pub notes: Vec<String>,
    /// The import id, when the object is adopted into the state by this plan (an `import`
    /// block, or a service-linked role that exists already).
    #[serde(default)]
    pub importing: Option<String>,
    /// Deposed objects (left by an interrupted create_before_destroy) this plan destroys.
    #[serde(default)]
    pub deposed: Vec<Obj>,
    /// Review warnings about what the planned object would allow (see [`notes::annotate`]).
    #[serde(default)]
    pub warnings: Vec<crate::review::Warning>,
    /// The schedule before and after, in words, for types whose schema explains one.
    #[serde(default)]
    pub schedule: Option<notes::ScheduleNote>,
    /// Why the object is destroyed, for deletes and replacements.
    #[serde(default)]
    pub destroy_notice: Option<notes::DestroyNotice>,
    /// For a data source read deferred to apply: true when it waits because its `depends_on`
    /// names something this plan changes (rather than for arguments known only then).
    #[serde(default)]
    pub read_waits_for_dependency: bool,
    /// Why the account this change would run in cannot carry it out (an organization action
    /// of another account: see `preflight.rs`), found before apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preflight: Option<String>,
    /// The address the object had before a `moved` block renamed it.
    #[serde(default)]
    pub previous_address: Option<Address>,
    /// Attributes and blocks whose value (before or after) holds a sensitive variable's value:
    /// machine formats mark them, as Terraform's `*_sensitive` masks do.
    #[serde(default)]
    pub sensitive: Vec<String>,
    /// Where inside the planned object the sensitive values are, as Terraform's state records
    /// them (`sensitive_attributes`: a path of `get_attr`/`index` steps each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive_paths: Vec<serde_json::Value>,
    /// The planned object (may hold unknowns); empty for deletes.
    pub after: BTreeMap<String, Value>,
    /// Region the resource is (or will be) in.
    pub region: String,
    /// `aws` or `aws.ALIAS`.
    pub provider: String,
}

impl ResourceChange {
    /// A change of `addr` with nothing else known yet: no diff, no notes (those are filled in
    /// by the planner and [`notes::annotate`]).
    pub fn new(addr: Address, action: Action, region: String, provider: String) -> ResourceChange {
        ResourceChange {
            addr,
            action,
            before: None,
            attrs: Vec::new(),
            blocks: Vec::new(),
            reason: None,
            notes: Vec::new(),
            importing: None,
            deposed: Vec::new(),
            warnings: Vec::new(),
            schedule: None,
            destroy_notice: None,
            read_waits_for_dependency: false,
            preflight: None,
            previous_address: None,
            sensitive: Vec::new(),
            sensitive_paths: Vec::new(),
            after: BTreeMap::new(),
            region,
            provider,
        }
    }

    /// True when the plan shows this change: it acts on the account or the state (a no-op
    /// that imports, destroys deposed objects or moves the object shows too).
    pub fn is_shown(&self) -> bool {
        self.action != Action::NoOp
            || self.importing.is_some()
            || !self.deposed.is_empty()
            || self.previous_address.is_some()
    }
}

/// A difference between the stored state and the live account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Drift {
    pub addr: Address,
    /// True when the object is gone from the account.
    pub deleted: bool,
    /// The object as stored, and as it is live (`None` when deleted).
    pub stored: Obj,
    pub live: Option<Obj>,
    /// Changed attributes, stored → live.
    pub attrs: Vec<AttrDiff>,
    pub blocks: Vec<BlockDiff>,
    /// The drift in words (see [`notes::drift_summary`]).
    #[serde(default)]
    pub summary: String,
}

/// Where a final planned object (made at apply time, with the values learned so far) departs
/// from the plan: the first attribute whose planned value was known, or partly known, and is
/// now different, worded for the user. `None` when the final object conforms (unknowns may
/// have become anything). This is Terraform's "inconsistent final plan" rule.
pub fn inconsistency(planned: &BTreeMap<String, Value>, fin: &BTreeMap<String, Value>) -> Option<String> {
    fn conforms(planned: &Value, fin: &Value) -> bool {
        match (planned, fin) {
            (Value::Unknown(_), _) => true,
            (Value::List(a), Value::List(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| conforms(x, y)),
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|((ka, x), (kb, y))| ka == kb && conforms(x, y))
            }
            (a, b) => a == b,
        }
    }
    let null = Value::NULL;
    planned.iter().find_map(|(name, p)| {
        let f = fin.get(name).unwrap_or(&null);
        (!conforms(p, f)).then(|| {
            format!(
                "`{name}` was planned as {p}, but is now {f}; nothing was changed for it. Run plan again to see \
                 the current plan"
            )
        })
    })
}

/// Which stored state a plan was made against: a saved plan applies only to that state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateIdentity {
    /// False when there was no state file at all.
    pub existed: bool,
    pub lineage: String,
    pub serial: u64,
}

/// One root output's change (see [`Plan::output_changes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct OutputChange {
    pub name: String,
    /// `Create`, `Update`, `Delete` or `NoOp`.
    pub action: Action,
    /// As the state records it; `None` when it has none.
    pub before: Option<Json>,
    /// As planned (may be unknown); null when deleted.
    pub after: crate::lang::Value,
    /// Declared `sensitive` (or recorded so): its values are never shown.
    pub sensitive: bool,
}

/// A computed plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    /// Every resource's change, NoOp included, in address order.
    pub changes: Vec<ResourceChange>,
    pub drift: Vec<Drift>,
    /// The stored state refreshed against the account: what apply starts from.
    pub refreshed: State,
    /// Data sources read during planning.
    pub data: BTreeMap<Address, Obj>,
    /// Output values as planned (may be unknown).
    pub outputs: BTreeMap<String, Value>,
    pub mode: PlanMode,
    /// True for `--refresh-only`: only the drift, accepted into the state on apply.
    pub refresh_only: bool,
    /// The state the plan was made against.
    pub prior: StateIdentity,
    /// The configuration in Terraform's JSON plan shape (`configuration` of `show -json`).
    pub configuration: serde_json::Value,
    /// Input variable values.
    pub variables: BTreeMap<String, Value>,
    /// The variables declared `sensitive`: anything showing the plan hides their values.
    #[serde(default)]
    pub sensitive_variables: Vec<String>,
    /// The `check` blocks' results against the planned values.
    #[serde(default)]
    pub checks: Vec<conditions::CheckResult>,
}

impl Plan {
    /// `(add, change, destroy)`, counting a replacement as one add and one destroy.
    pub fn counts(&self) -> (usize, usize, usize) {
        let (mut a, mut c, mut d) = (0, 0, 0);
        for ch in &self.changes {
            match ch.action {
                Action::Create => a += 1,
                Action::Update => c += 1,
                Action::Delete => d += 1,
                Action::Replace { .. } => {
                    a += 1;
                    d += 1
                }
                Action::NoOp | Action::Read | Action::Forget => {}
            }
            d += ch.deposed.len();
        }
        (a, c, d)
    }

    /// How many objects the plan forgets (`removed` blocks with `destroy = false`).
    pub fn forgets(&self) -> usize {
        self.changes.iter().filter(|c| c.action == Action::Forget).count()
    }

    /// How many objects the plan imports into the state.
    pub fn imports(&self) -> usize {
        self.changes.iter().filter(|c| c.importing.is_some()).count()
    }

    /// The summary line, as Terraform words it.
    pub fn summary(&self) -> String {
        let (a, c, d) = self.counts();
        let forget = match self.forgets() {
            0 => String::new(),
            f => format!(", {f} to forget"),
        };
        match self.imports() {
            0 => format!("Plan: {a} to add, {c} to change, {d} to destroy{forget}."),
            i => format!("Plan: {i} to import, {a} to add, {c} to change, {d} to destroy{forget}."),
        }
    }

    /// True when applying would change the account or the state (an output's value too, as
    /// Terraform's `-detailed-exitcode` counts it).
    pub fn has_changes(&self) -> bool {
        if self.refresh_only {
            return !self.drift.is_empty();
        }
        self.counts() != (0, 0, 0)
            || self.imports() > 0
            || self.changes.iter().any(|c| c.is_shown())
            || self.output_changes().iter().any(|o| o.action != Action::NoOp)
    }

    /// Each output's change, decided once for every renderer: created, updated, deleted (no
    /// longer declared, or now null: a null output is not stored), or unchanged. A destroy
    /// deletes them all.
    pub fn output_changes(&self) -> Vec<OutputChange> {
        let sensitive = |name: &str| {
            self.configuration["root_module"]["outputs"][name]["sensitive"].as_bool().unwrap_or(false)
                || self.refreshed.outputs.get(name).is_some_and(|o| o.sensitive)
        };
        let mut out = Vec::new();
        for (name, after) in &self.outputs {
            let before = self.refreshed.outputs.get(name).map(|o| o.value.clone());
            let action = match (&before, after.to_json()) {
                (None, Some(Json::Null)) => Action::NoOp,
                (Some(_), Some(Json::Null)) => Action::Delete,
                (None, _) => Action::Create,
                (Some(b), Some(a)) if *b == a => Action::NoOp,
                _ => Action::Update,
            };
            out.push(OutputChange {
                name: name.clone(),
                action,
                before,
                after: after.clone(),
                sensitive: sensitive(name),
            });
        }
        for (name, o) in &self.refreshed.outputs {
            if !self.outputs.contains_key(name) {
                let (before, after) = (Some(o.value.clone()), crate::lang::Value::NULL);
                out.push(OutputChange {
                    name: name.clone(),
                    action: Action::Delete,
                    before,
                    after,
                    sensitive: sensitive(name),
                });
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// True when there is anything to apply (changes, or data reads deferred to apply).
    pub fn has_actions(&self) -> bool {
        if self.refresh_only {
            return !self.drift.is_empty();
        }
        self.changes.iter().any(ResourceChange::is_shown)
    }
}
