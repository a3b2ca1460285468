//! Plans: what would change, computed from three separate inputs — the stored state (prior
//! run), the refreshed state (live account) and the desired config. Drift is stored-vs-live;
//! changes are live-vs-desired. Rendering lives in `crate::render` and never decides.

mod compute;
mod planner;
pub mod world;

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::addr::Address;
use crate::lang::Value;
use crate::resources::Obj;
use crate::state::State;
pub use compute::{desired, plan_object, Desired, Planned};
pub use planner::{check_values, PlanError, PlanMode, Planner};

/// What happens to one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        }
    }
}

/// One attribute's before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct AttrDiff {
    pub name: String,
    /// `None` when the object does not exist before.
    pub before: Option<Json>,
    /// `Value::Null` when the object does not exist after (delete).
    pub after: Value,
    pub changed: bool,
    pub forces_replacement: bool,
    /// A JSON document (policy): shown pretty-printed, diffed by lines.
    pub json_doc: bool,
    /// Plain-words reading of the value (schedules).
    pub explain: Option<String>,
}

/// One nested block type's items before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockDiff {
    pub name: String,
    pub before: Vec<Json>,
    pub after: Vec<Value>,
    pub changed: bool,
    pub forces_replacement: bool,
    /// Attributes of the block type that are JSON documents.
    pub json_attrs: Vec<&'static str>,
}

/// The planned change of one resource or data source.
#[derive(Debug, Clone)]
pub struct ResourceChange {
    pub addr: Address,
    pub action: Action,
    pub attrs: Vec<AttrDiff>,
    pub blocks: Vec<BlockDiff>,
    /// Why, when not obvious ("deleted outside baseline", "no longer in the configuration").
    pub reason: Option<String>,
    /// The planned object (may hold unknowns); empty for deletes.
    pub after: BTreeMap<String, Value>,
    /// Region the resource is (or will be) in.
    pub region: String,
    /// `aws` or `aws.ALIAS`.
    pub provider: String,
}

/// A difference between the stored state and the live account.
#[derive(Debug, Clone)]
pub struct Drift {
    pub addr: Address,
    /// True when the object is gone from the account.
    pub deleted: bool,
    /// Changed attributes, stored → live.
    pub attrs: Vec<AttrDiff>,
    pub blocks: Vec<BlockDiff>,
}

/// A computed plan.
#[derive(Debug, Clone)]
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
                Action::NoOp | Action::Read => {}
            }
        }
        (a, c, d)
    }

    /// True when applying would change the account.
    pub fn has_changes(&self) -> bool {
        self.counts() != (0, 0, 0)
    }

    /// True when there is anything to apply (changes, or data reads deferred to apply).
    pub fn has_actions(&self) -> bool {
        self.changes.iter().any(|c| c.action != Action::NoOp)
    }
}
