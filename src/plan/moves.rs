//! `moved` and `removed` blocks: stored objects renamed before planning, and resources the
//! configuration forgets without destroying.

use std::collections::BTreeMap;

use super::{Action, ResourceChange};
use crate::addr::{Address, InstanceKey, Mode};
use crate::config::{Config, ModuleMoved, Moved};
use crate::diag::{Diag, Diags};
use crate::state::{ResourceState, State};

/// Renames the stored objects as the `moved` blocks say, in order; a chain (`a` → `b`,
/// `b` → `c`) moves `a` to `c` whatever the order of the blocks. Returns each moved object's
/// new address with its address before the moves. A move that cannot be made (its
/// destination is taken) is an error and changes nothing.
pub fn apply_moves(
    module_moves: &[&ModuleMoved],
    moves: &[&Moved],
    state: &mut State,
    diags: &mut Diags,
) -> BTreeMap<Address, Address> {
    let mut moved: BTreeMap<Address, Address> = BTreeMap::new();
    // Modules move first, then the resources (possibly within the moved modules).
    for m in module_moves {
        match state.move_module(&m.from, &m.to) {
            Ok(pairs) => {
                for (old, new) in pairs {
                    if old != new {
                        moved.insert(new, old);
                    }
                }
            }
            Err(e) => diags.push(Diag::error("baseline::plan::moved", e).at(m.span, "cannot move")),
        }
    }
    // Each pass can only extend chains, so more passes than blocks means a cycle.
    for _pass in 0..=moves.len() {
        let mut any = false;
        for m in moves {
            match state.move_objects(&m.from, &m.to) {
                Ok(pairs) => {
                    for (old, new) in pairs {
                        any = true;
                        let original = moved.remove(&old).unwrap_or(old);
                        if original != new {
                            moved.insert(new, original);
                        }
                    }
                }
                Err(e) => diags.push(Diag::error("baseline::plan::moved", e).at(m.span, "cannot move")),
            }
        }
        if !any {
            return moved;
        }
    }
    let first = moves.first().and_then(|m| m.span);
    diags.push(
        Diag::error("baseline::plan::moved", "the `moved` blocks form a cycle")
            .at(first, "part of the cycle")
            .help("each object can move along one chain of `moved` blocks; remove the block that leads back"),
    );
    moved
}

/// Terraform's implied moves, after the `moved` blocks: a resource given `count` takes its
/// unkeyed object as `[0]`, and a resource that loses `count` takes `[0]` as its unkeyed
/// object, when the destination is free. Returns (from, to) pairs; the configuration's blocks
/// are indexed once, so this stays linear in the state.
pub fn implied_moves(config: &Config, state: &State) -> Vec<(Address, Address)> {
    let mut counted = std::collections::HashSet::new();
    let mut single = std::collections::HashSet::new();
    for rc in config.all_resources().filter(|rc| rc.addr.mode == Mode::Managed) {
        match (rc.count.is_some(), rc.for_each.is_some()) {
            (true, _) => counted.insert(&rc.addr),
            (false, false) => single.insert(&rc.addr),
            _ => false,
        };
    }
    let mut pairs = Vec::new();
    for r in &state.resources {
        let a = &r.address;
        let to = match &a.key {
            None if counted.contains(&a.config()) => a.instance(Some(InstanceKey::Index(0))),
            Some(InstanceKey::Index(0)) if single.contains(&a.config()) => a.instance(None),
            _ => continue,
        };
        if state.get(&to).is_none() {
            pairs.push((a.clone(), to));
        }
    }
    pairs
}

/// Makes the `pairs` of [`implied_moves`] in `state`, recorded in `moved` (new address → old)
/// as the blocks' moves are.
pub fn apply_implied_moves(pairs: Vec<(Address, Address)>, state: &mut State, moved: &mut BTreeMap<Address, Address>) {
    for (old, new) in pairs {
        if let Some(mut r) = state.remove(&old) {
            r.address = new.clone();
            state.put(r);
            let original = moved.remove(&old).unwrap_or(old);
            moved.insert(new, original);
        }
    }
}

/// Whether a stored object no longer in the configuration is forgotten (a `removed` block
/// with `destroy = false`) rather than destroyed.
pub fn forgotten(config: &Config, addr: &Address) -> bool {
    config.all_removed().iter().any(|r| !r.destroy && r.covers(addr))
}

/// The warning a plan that forgets objects gives, as Terraform's: they stay in the account,
/// no longer managed.
pub fn forget_warning(changes: &[ResourceChange]) -> Option<Diag> {
    let gone: Vec<String> =
        changes.iter().filter(|c| c.action == Action::Forget).map(|c| format!(" - {}", c.addr)).collect();
    (!gone.is_empty()).then(|| {
        Diag::warning(
            "baseline::plan::forget",
            format!(
                "some objects will no longer be managed by baseline: applying this plan drops them from the \
                 state but does not delete them:\n{}",
                gone.join("\n")
            ),
        )
        .help("import them again to manage them")
    })
}

/// The change that drops a stored object from the state and leaves it in the account.
pub fn forget(r: &ResourceState) -> ResourceChange {
    ResourceChange {
        before: Some(r.attributes.clone()),
        attrs: super::planner::stored_attrs(r, true),
        reason: Some("a `removed` block says `destroy = false`".to_string()),
        ..ResourceChange::new(r.address.clone(), Action::Forget, r.region.clone(), r.provider.clone())
    }
}
