//! Applying a plan: carrying out creates, updates and deletes in dependency order, with
//! bounded parallelism, recording the state after every completed action.
//!
//! # Expected flow
//! 1. Build one node per step: create, update, delete, deferred data read; a replacement is
//!    two nodes (delete then create, or create then delete with `create_before_destroy`).
//! 2. A node becomes ready when every node it waits for has succeeded: creates, updates and
//!    reads wait for the resources they depend on; deletes wait for the deletes of the
//!    resources that depended on them (from the state's recorded dependencies).
//! 3. Ready nodes run, at most `parallelism` at a time. Just before a create or update runs,
//!    its config is evaluated again against the now-known values of its dependencies.
//! 4. Each completed action updates the in-memory state and persists it (atomic write).
//!
//! # Guarantees
//! - The state file always records exactly the actions that completed: a crash or failure
//!   mid-apply leaves a true record, and the next plan picks up from it.
//! - A failed action stops everything that waits on it (transitively); independent branches
//!   still run to completion. Failures are collected and reported together.
//! - Nothing is done for no-op resources except refreshing their stored attributes.
//!
//! # Assumptions
//! - The plan was computed from the same config, variables and state moments ago, and the
//!   caller holds the state lock for the whole apply.
//!
//! # Caveats
//! - Cancellation (Ctrl-C) between actions loses nothing; inside an action the cloud call
//!   may or may not have happened, and the next refresh tells.
//! - With `create_before_destroy`, the old object is recorded as deposed from the moment its
//!   replacement exists until its delete completes; if that delete fails (or the run dies),
//!   the next plan destroys the deposed object.
//!
//! # Errors
//! - A cloud error fails that node only (see guarantees). A state write failure stops the
//!   whole apply immediately: continuing would make changes the record cannot show.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use futures::stream::{FuturesUnordered, StreamExt};

use crate::addr::{Address, Mode};
use crate::diag::Diags;
use crate::lang::{eval, Value};
use crate::plan::world::World;
use crate::plan::{desired, plan_object, Action, Plan, Planner};
use crate::providers::CloudError;
use crate::resources::{self, Ctx, Obj};
use crate::state::{OutputState, ResourceState, State, StateError, StateWriter};

/// One step of an apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Create,
    Update,
    Delete,
    Read,
    /// Delete the objects an interrupted create_before_destroy left behind.
    DeleteDeposed,
}

type Node = (Address, Step);

/// Progress events, for the command to print (hooks, not prints inside the engine).
pub trait Progress: Sync {
    /// An action started.
    fn start(&self, addr: &Address, verb: &str);
    /// An action finished; `id` is the object's id when there is one.
    fn done(&self, addr: &Address, verb: &str, secs: u64, id: Option<&str>);
    /// An action failed.
    fn failed(&self, addr: &Address, verb: &str, error: &CloudError);
    /// A note from a verb ("adopting an existing role").
    fn note(&self, msg: &str);
}

/// A failed action and why.
#[derive(Debug)]
pub struct Failure {
    pub addr: Address,
    pub verb: &'static str,
    pub error: String,
}

/// What an apply did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub added: usize,
    pub changed: usize,
    pub destroyed: usize,
    pub failures: Vec<Failure>,
    /// Actions not attempted because something they wait on failed.
    pub skipped: Vec<Address>,
    pub outputs: BTreeMap<String, Value>,
}

/// Why apply stopped early.
#[derive(Debug)]
pub enum ApplyError {
    State(StateError),
    /// Evaluating config at apply time failed (values known only now were invalid).
    Config(Diags),
}

fn verb(step: Step) -> (&'static str, &'static str) {
    match step {
        Step::Create => ("Creating", "Creation"),
        Step::Update => ("Modifying", "Modifications"),
        Step::Delete => ("Destroying", "Destruction"),
        Step::Read => ("Reading", "Read"),
        Step::DeleteDeposed => ("Destroying deposed objects", "Destruction of deposed objects"),
    }
}

struct Done {
    node: Node,
    region: String,
    result: Result<Option<Obj>, CloudError>,
    started: Instant,
}

/// Applies `plan`. See the module documentation for the contract.
pub async fn apply(
    planner: &Planner<'_>,
    plan: &Plan,
    writer: &mut StateWriter,
    progress: &dyn Progress,
) -> Result<Outcome, ApplyError> {
    let mut diags = Diags::new();
    let regions = planner.regions(&mut diags);
    let mut state: State = plan.refreshed.clone();
    let mut world = World::new(planner.config, planner.vars);
    for r in &state.resources {
        world.set_instance_obj(&r.address, &r.attributes);
    }
    for (a, o) in &plan.data {
        world.set_instance_obj(a, o);
    }

    // ---- nodes and what each waits for ----
    let mut nodes: BTreeMap<Node, BTreeSet<Node>> = BTreeMap::new();
    let actions: BTreeMap<&Address, Action> = plan.changes.iter().map(|c| (&c.addr, c.action)).collect();
    for c in &plan.changes {
        let a = c.addr.clone();
        if !c.deposed.is_empty() {
            nodes.insert((a.clone(), Step::DeleteDeposed), BTreeSet::new());
        }
        match c.action {
            Action::NoOp => {}
            Action::Create => {
                nodes.insert((a, Step::Create), BTreeSet::new());
            }
            Action::Update => {
                nodes.insert((a, Step::Update), BTreeSet::new());
            }
            Action::Read => {
                nodes.insert((a, Step::Read), BTreeSet::new());
            }
            Action::Delete => {
                nodes.insert((a, Step::Delete), BTreeSet::new());
            }
            Action::Replace { create_before_destroy } => {
                let (c_, d_) = ((a.clone(), Step::Create), (a.clone(), Step::Delete));
                if create_before_destroy {
                    nodes.insert(c_.clone(), BTreeSet::new());
                    nodes.insert(d_, BTreeSet::from([c_]));
                } else {
                    nodes.insert(d_.clone(), BTreeSet::new());
                    nodes.insert(c_, BTreeSet::from([d_]));
                }
            }
        }
    }
    // Dependencies recorded in state (for deletes) and from the config graph.
    let state_deps: BTreeMap<Address, Vec<Address>> =
        state.resources.iter().map(|r| (r.address.clone(), r.dependencies.clone())).collect();
    let keys: Vec<Node> = nodes.keys().cloned().collect();
    // Graph and state dependencies name blocks; a block stands for all of its instances.
    let nodes_of = |block: &Address, steps: &[Step]| -> Vec<Node> {
        keys.iter().filter(|(a, s)| &a.config() == block && steps.contains(s)).cloned().collect()
    };
    for (addr, step) in &keys {
        let mut waits = BTreeSet::new();
        let block = addr.config();
        match step {
            Step::Create | Step::Update | Step::Read => {
                for dep in planner.graph.deps.get(&block).into_iter().flatten() {
                    waits.extend(nodes_of(dep, &[Step::Create, Step::Update, Step::Read]));
                }
            }
            Step::DeleteDeposed => {}
            Step::Delete => {
                let cbd = matches!(actions.get(addr), Some(Action::Replace { create_before_destroy: true }));
                for (other, deps) in &state_deps {
                    if deps.contains(&block) && nodes.contains_key(&(other.clone(), Step::Delete)) {
                        waits.insert((other.clone(), Step::Delete));
                    }
                }
                if cbd {
                    // Dependents must point at the new object before the old one goes.
                    for (other, deps) in &planner.graph.deps {
                        if deps.contains(&block) {
                            waits.extend(nodes_of(other, &[Step::Create, Step::Update]));
                        }
                    }
                }
            }
        }
        if let Some(w) = nodes.get_mut(&(addr.clone(), *step)) {
            w.extend(waits);
        }
    }

    // ---- run ----
    let mut outcome = Outcome::default();
    let mut done: BTreeSet<Node> = BTreeSet::new();
    let mut failed: BTreeSet<Node> = BTreeSet::new();
    let mut running: BTreeSet<Node> = BTreeSet::new();
    let log = |m: &str| progress.note(m);
    let log_ref: &(dyn Fn(&str) + Sync) = &log;
    let mut inflight: FuturesUnordered<Pin<Box<dyn Future<Output = Done> + '_>>> = FuturesUnordered::new();
    let change_of = |a: &Address| plan.changes.iter().find(|c| &c.addr == a);

    loop {
        // Anything waiting (transitively) on a failed node is skipped.
        loop {
            let blocked: Vec<Node> = nodes
                .iter()
                .filter(|(n, w)| {
                    !done.contains(*n)
                        && !failed.contains(*n)
                        && !running.contains(*n)
                        && w.iter().any(|x| failed.contains(x))
                })
                .map(|(n, _)| n.clone())
                .collect();
            if blocked.is_empty() {
                break;
            }
            for n in blocked {
                outcome.skipped.push(n.0.clone());
                failed.insert(n);
            }
        }
        let ready: Vec<Node> = nodes
            .iter()
            .filter(|(n, w)| {
                !done.contains(*n)
                    && !failed.contains(*n)
                    && !running.contains(*n)
                    && w.iter().all(|x| done.contains(x))
            })
            .map(|(n, _)| n.clone())
            .collect();
        for node in ready {
            if inflight.len() >= planner.parallelism.max(1) {
                break;
            }
            let (addr, step) = node.clone();
            let Some(change) = change_of(&addr) else {
                continue;
            };
            // A delete removes the object the plan saw (with create_before_destroy the state
            // already holds its replacement), where it was; creates and updates go to the
            // configured region.
            let (mut region, prior) = match step {
                Step::Delete | Step::DeleteDeposed => match plan.refreshed.get(&addr) {
                    Some(r) => (r.region.clone(), Some(r.attributes.clone())),
                    None => (change.region.clone(), None),
                },
                _ => (planner.placement(&regions, &addr).0, state.get(&addr).map(|r| r.attributes.clone())),
            };
            let mut planned: Option<Obj> = None;
            let mut args: Option<Obj> = None;
            if matches!(step, Step::Create | Step::Update | Step::Read) {
                let Some(rc) = planner.config.resource(&addr.config()) else {
                    continue;
                };
                let mut d = Diags::new();
                let inst = crate::plan::world::instances(rc, &world, true, &mut d)
                    .into_iter()
                    .find(|i| i.key == addr.key)
                    .unwrap_or(crate::plan::world::Instance { key: None, each: None, count: None });
                let scope = crate::plan::world::Scoped { world: &world, each: inst.each, count: inst.count };
                if step == Step::Read {
                    let Some(ds) = resources::data_source(&addr.type_name) else {
                        continue;
                    };
                    let des =
                        desired(rc, ds.schema(), &region, &|_| Vec::new(), &scope, &planner.config.sources, &mut d);
                    region = des.region(&region);
                    args = des.attrs.iter().map(|(k, v)| Some((k.clone(), v.to_json()?))).collect();
                } else {
                    let Some(rt) = resources::resource_type(&addr.type_name) else {
                        continue;
                    };
                    let des =
                        desired(rc, rt.schema(), &region, &|o| rt.check(o), &scope, &planner.config.sources, &mut d);
                    region = des.region(&region);
                    let live = if step == Step::Update { prior.as_ref() } else { None };
                    let p = plan_object(rt.schema(), &des, live, &rc.lifecycle, false);
                    // Values the cloud chooses are still unknown here; the verb fills them.
                    planned = p
                        .after
                        .iter()
                        .map(|(k, v)| match v {
                            Value::Unknown => Some((k.clone(), serde_json::Value::Null)),
                            v => Some((k.clone(), v.to_json()?)),
                        })
                        .collect();
                }
                if d.has_errors() {
                    return Err(ApplyError::Config(d));
                }
                if planned.is_none() && args.is_none() {
                    outcome.failures.push(Failure {
                        addr: addr.clone(),
                        verb: "evaluate",
                        error: "a value it needs is still unknown after its dependencies were applied".into(),
                    });
                    failed.insert(node);
                    continue;
                }
            }
            let (ing, _) = verb(step);
            progress.start(&addr, ing);
            running.insert(node.clone());
            let started = Instant::now();
            let cloud = planner.clouds.get(&change.provider);
            let region_for_done = region.clone();
            let deposed = change.deposed.clone();
            let fut = async move {
                let ctx = Ctx { cloud, region: &region, log: log_ref };
                let result = match step {
                    Step::Create => match resources::resource_type(&addr.type_name) {
                        Some(rt) => rt.create(&ctx, &planned.unwrap_or_default()).await.map(Some),
                        None => Ok(None),
                    },
                    Step::Update => match resources::resource_type(&addr.type_name) {
                        Some(rt) => {
                            rt.update(&ctx, &prior.unwrap_or_default(), &planned.unwrap_or_default()).await.map(Some)
                        }
                        None => Ok(None),
                    },
                    Step::Delete => match (resources::resource_type(&addr.type_name), prior) {
                        (Some(rt), Some(p)) => rt.delete(&ctx, &p).await.map(|_| None),
                        _ => Ok(None),
                    },
                    Step::Read => match resources::data_source(&addr.type_name) {
                        Some(ds) => ds.read(&ctx, &args.unwrap_or_default()).await.map(Some),
                        None => Ok(None),
                    },
                    Step::DeleteDeposed => match resources::resource_type(&addr.type_name) {
                        Some(rt) => {
                            let mut r = Ok(None);
                            for old in &deposed {
                                if let Err(e) = rt.delete(&ctx, old).await {
                                    r = Err(e);
                                    break;
                                }
                            }
                            r
                        }
                        None => Ok(None),
                    },
                };
                Done { node: (addr, step), result, started, region: region_for_done }
            };
            inflight.push(Box::pin(fut));
        }
        let Some(finished) = inflight.next().await else {
            break;
        };
        let (addr, step) = finished.node.clone();
        running.remove(&finished.node);
        let (_, noun) = verb(step);
        match finished.result {
            Err(e) => {
                progress.failed(&addr, noun, &e);
                outcome.failures.push(Failure { addr: addr.clone(), verb: noun, error: e.to_string() });
                failed.insert(finished.node);
            }
            Ok(obj) => {
                let secs = finished.started.elapsed().as_secs();
                let id = obj.as_ref().and_then(|o| o.get("id")).and_then(|v| v.as_str()).map(str::to_string);
                progress.done(&addr, noun, secs, id.as_deref());
                match (step, obj) {
                    (Step::Delete, _) => {
                        // A create-before-destroy replacement already recorded the new object;
                        // the old one, deposed until now, is gone.
                        let cbd_new =
                            matches!(actions.get(&addr), Some(Action::Replace { create_before_destroy: true }));
                        if cbd_new {
                            if let (Some(mut r), Some(old)) = (state.get(&addr).cloned(), plan.refreshed.get(&addr)) {
                                r.deposed.retain(|d| d != &old.attributes);
                                state.put(r);
                            }
                        } else {
                            state.remove(&addr);
                        }
                        outcome.destroyed += 1;
                    }
                    (Step::DeleteDeposed, _) => {
                        let n = change_of(&addr).map_or(0, |c| c.deposed.len());
                        if let Some(mut r) = state.get(&addr).cloned() {
                            r.deposed.clear();
                            state.put(r);
                        }
                        outcome.destroyed += n;
                    }
                    (Step::Read, Some(o)) => world.set_instance_obj(&addr, &o),
                    (_, Some(mut o)) => {
                        let provider = planner.placement(&regions, &addr).1;
                        let region = finished.region.clone();
                        if resources::resource_type(&addr.type_name)
                            .is_some_and(|rt| rt.schema().attr("region").is_some())
                        {
                            o.insert("region".to_string(), serde_json::Value::from(region.as_str()));
                        }
                        let deps = planner
                            .graph
                            .deps
                            .get(&addr.config())
                            .map(|d| d.iter().filter(|x| x.mode == Mode::Managed).cloned().collect())
                            .unwrap_or_default();
                        world.set_instance_obj(&addr, &o);
                        // With create_before_destroy the old object still exists until its
                        // delete completes: keep it on record as deposed meanwhile.
                        let mut deposed = state.get(&addr).map(|r| r.deposed.clone()).unwrap_or_default();
                        let cbd = matches!(actions.get(&addr), Some(Action::Replace { create_before_destroy: true }));
                        if step == Step::Create && cbd {
                            if let Some(old) = plan.refreshed.get(&addr) {
                                deposed.push(old.attributes.clone());
                            }
                        }
                        state.put(ResourceState {
                            address: addr.clone(),
                            mode: Mode::Managed,
                            type_name: addr.type_name.clone(),
                            name: addr.name.clone(),
                            provider,
                            region,
                            attributes: o,
                            dependencies: deps,
                            deposed,
                        });
                        if step == Step::Create {
                            outcome.added += 1;
                        } else {
                            outcome.changed += 1;
                        }
                    }
                    (_, None) => {}
                }
                writer.persist(&state).await.map_err(ApplyError::State)?;
                done.insert(finished.node);
            }
        }
    }

    // Record current dependencies of untouched resources too, so later destroys order right.
    for r in state.resources.iter_mut() {
        if let Some(d) = planner.graph.deps.get(&r.address.config()) {
            r.dependencies = d.iter().filter(|x| x.mode == Mode::Managed).cloned().collect();
        }
    }
    if outcome.failures.is_empty() {
        let mut d = Diags::new();
        state.outputs.clear();
        for o in planner.config.outputs.values() {
            let v = eval(&o.value.expr, o.value.file, &world, &mut d);
            if let Some(j) = v.to_json() {
                state.outputs.insert(o.name.clone(), OutputState { value: j, sensitive: o.sensitive });
            }
            outcome.outputs.insert(o.name.clone(), v);
        }
    }
    writer.persist(&state).await.map_err(ApplyError::State)?;
    Ok(outcome)
}
