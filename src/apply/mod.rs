//! Applying a plan: carrying out creates, updates and deletes in dependency order, with
//! bounded parallelism, recording the state after every completed action.
//!
//! # Expected flow
//! 1. Build one node per step: create, update, delete, deferred data read; a replacement is
//!    two nodes (delete then create, or create then delete with `create_before_destroy`).
//! 2. Edges: creates, updates and reads wait for the resources they depend on; deletes wait
//!    for the deletes of the resources that depended on them (from the state's recorded
//!    dependencies). Dependencies name blocks, so each block has barrier nodes
//!    (`Step::Applied`, `Step::DependentsDeleted`) between its instances and the instances
//!    that wait on it: edges grow with the instances, not with their product. The graph is
//!    walked by [`crate::dag::Walk`], the walker planning uses.
//! 3. Ready nodes run, at most `parallelism` at a time. Just before a create or update runs,
//!    its config is evaluated again against the now-known values of its dependencies, and
//!    that final planned object is checked against the plan: a value the plan showed as known
//!    must not have changed ("inconsistent final plan"), or the action is refused.
//! 4. Before a create calls AWS, its intent is appended to the state's journal (fsync'd);
//!    a create that makes its object in several calls journals the object as soon as the
//!    first call has made it (`Ctx::record`).
//! 5. Each completed action updates the in-memory state and is made durable at once as a
//!    journal line (O(1)); the whole snapshot is written atomically every few seconds
//!    (`SNAPSHOT_EVERY`) and at the end, so apply stays linear in the number of resources. A
//!    failed create that had made something records that too.
//! 6. At the end, the journal is removed, or keeps only the intents of creates that failed
//!    without telling whether they took effect (timeouts, lost responses).
//!
//! # Guarantees
//! - The state file always records exactly the actions that completed, and the journal every
//!   object made before its action completed: a crash (even SIGKILL) or failure mid-apply leaves
//!   a true record, and the next run takes the journal into its state and picks up from it.
//! - A create meeting "already exists" adopts the object when it is what the create would
//!   have made (its own earlier call took effect: a lost response, a retry), then completes it;
//!   a create of unknown outcome is looked for by its identity by the next run before it
//!   creates another. No object is made twice, and none is left that the record does not know
//!   of, for types whose identity the configuration names (`ResourceType::identity`).
//! - A failed action stops everything that waits on it (transitively); independent branches
//!   still run to completion. Failures are collected and reported together.
//! - Nothing is done for no-op resources except refreshing their stored attributes.
//! - Only what the plan showed is done: an action whose final values differ from the plan's
//!   known values fails without calling the cloud, and its dependents are skipped; an object
//!   that reads back after its action with an argument other than the plan knew is recorded as
//!   it is, and the action fails ("inconsistent result after apply").
//!
//! # Assumptions
//! - The plan was computed from the same config, variables and state moments ago, and the
//!   caller holds the state lock for the whole apply.
//!
//! # Caveats
//! - Cancellation (Ctrl-C) between actions loses nothing; inside an action the cloud call
//!   may or may not have happened: the journal's intent makes the next run look for it.
//! - A killed create of a type whose identity AWS chooses (an Inspector filter's ARN) and that
//!   was killed after AWS made it but before its response arrived cannot be found again by
//!   identity; types with server-chosen ids record as soon as the response is in.
//! - With `create_before_destroy`, the old object is recorded as deposed from the moment its
//!   replacement exists until its delete completes; if that delete fails (or the run dies),
//!   the next plan destroys the deposed object.
//!
//! # Errors
//! - A cloud error fails that node only (see guarantees). A state write failure stops the
//!   whole apply immediately: continuing would make changes the record cannot show.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use crate::addr::{Address, Mode};
use crate::cloud::CloudError;
use crate::dag::{Dag, Start};
use crate::diag::Diags;
use crate::lang::{eval, Value};
use crate::plan::world::{instances, Instance, World};
use crate::plan::{desired, plan_object, Action, Plan, Planner, ResourceChange};
use crate::resources::{self, Ctx, Obj};
use crate::state::journal::{Entry, Journal};
use crate::state::{OutputState, ResourceState, State, StateError, StateWriter};
use verbs::{call_verb, inconsistencies, unknown_outcome};

mod verbs;

/// One step of an apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Step {
    Create,
    Update,
    Delete,
    Read,
    /// Delete the objects an interrupted create_before_destroy left behind.
    DeleteDeposed,
    /// A block's barrier (its config address): done once every create, update and read of
    /// its instances is. Dependents wait on it, so edges grow with instances, not with the
    /// product of two blocks' instances.
    Applied,
    /// A block's barrier: done once every object recorded as depending on it is deleted; its
    /// instances' deletes wait on it.
    DependentsDeleted,
}

impl Step {
    /// True for the barriers, which do nothing and are not actions.
    fn is_barrier(self) -> bool {
        matches!(self, Step::Applied | Step::DependentsDeleted)
    }
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
    /// True once the run was asked to stop (SIGINT/SIGTERM): no new action starts; those in
    /// progress finish (bounded by the API timeouts) and are recorded.
    fn stopping(&self) -> bool {
        false
    }
    /// Called often while actions run: a chance to say which are still running.
    fn tick(&self) {}
    /// True once the run was asked to stop at once (a second signal): actions in progress are
    /// abandoned (their intents stay journalled) and what is known is recorded.
    fn abandoning(&self) -> bool {
        false
    }
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
    /// The `check` blocks' results against the applied values.
    pub checks: Vec<crate::plan::conditions::CheckResult>,
    /// Stopped on request before every action had started: how many never started.
    pub not_started: Option<usize>,
    /// Stopped at once on request: how many actions in progress were abandoned.
    pub abandoned: usize,
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
        Step::Applied | Step::DependentsDeleted => ("", ""),
    }
}

/// What a finished action hands back to be recorded.
struct Done {
    region: String,
    result: Result<Option<Obj>, CloudError>,
    /// How long the action took, from its first call to its last (not time spent queued).
    took: std::time::Duration,
    /// What a failed create had already made (see `Ctx::record`).
    partial: Option<Obj>,
}

/// What a create, update or read will send, evaluated just before it runs.
enum Evaluated {
    /// The planned object of a create or update (cloud-chosen values null), or a data
    /// source's arguments; and the region it goes to.
    Ready { obj: Obj, region: String },
    /// The node fails without running (the reason is recorded).
    Failed,
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
    let mut run = Run::new(planner, plan, regions);
    run.journal = writer.journal();
    let dag = steps(planner, plan, &run.state);
    let actions = dag.nodes().filter(|(_, s)| !s.is_barrier()).count();
    let log = |m: &str| progress.note(m);
    let log_ref: &(dyn Fn(&str) + Sync) = &log;
    let mut walk = dag.walker(planner.parallelism);
    let mut started = 0usize;
    loop {
        while let Some(node) = (!progress.stopping()).then(|| walk.next_ready()).flatten() {
            if node.1.is_barrier() {
                walk.succeeded(&node);
                continue;
            }
            started += 1;
            match run.start(&node, log_ref, progress)? {
                Start::Run(fut) => walk.run(&node, fut),
                Start::Done => walk.succeeded(&node),
                Start::Failed => walk.failed(&node),
            }
        }
        let next = tokio::select! {
            biased;
            // Polled while actions run, so a first signal is acknowledged at once too.
            () = crate::interrupt::until(|| {
                progress.tick();
                progress.stopping() && progress.abandoning()
            }) => {
                run.outcome.abandoned = walk.running();
                break;
            }
            next = walk.next_done() => next,
        };
        let Some((node, done)) = next else { break };
        let ok = run.finish(&node, done, progress);
        // Durable at once as a journal line (a failed create may have recorded what it made);
        // the whole snapshot every few seconds.
        let entries = run.entries_for(&node.0);
        let keep = run.unsettled();
        writer.checkpoint(&run.state, &entries, &keep).await.map_err(ApplyError::State)?;
        if ok {
            walk.succeeded(&node);
        } else {
            walk.failed(&node);
        }
    }
    if progress.stopping() {
        run.outcome.not_started = Some(actions.saturating_sub(started));
    }
    let skipped = walk.report().skipped.into_iter().filter(|(_, s)| !s.is_barrier());
    run.outcome.skipped = skipped.map(|(a, _)| a).collect();
    run.conclude();
    writer.persist(&run.state).await.map_err(ApplyError::State)?;
    // Everything known is in the snapshot now; only creates of unknown outcome (failed, or
    // abandoned in progress) stay journalled, with what they had made.
    writer.settle_journal(&run.unsettled()).map_err(ApplyError::State)?;
    Ok(run.outcome)
}

/// The steps of `plan` and what each waits for.
fn steps(planner: &Planner<'_>, plan: &Plan, state: &State) -> Dag<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut edges: Vec<(Node, Node)> = Vec::new(); // (dependent, dependency)
    for c in &plan.changes {
        let a = c.addr.clone();
        if !c.deposed.is_empty() {
            nodes.push((a.clone(), Step::DeleteDeposed));
        }
        match c.action {
            // A forgotten object left the state the apply starts from; nothing to do.
            Action::NoOp | Action::Forget => {}
            Action::Create => nodes.push((a, Step::Create)),
            Action::Update => nodes.push((a, Step::Update)),
            Action::Read => nodes.push((a, Step::Read)),
            Action::Delete => nodes.push((a, Step::Delete)),
            Action::Replace { create_before_destroy } => {
                let (create, delete) = ((a.clone(), Step::Create), (a, Step::Delete));
                nodes.extend([create.clone(), delete.clone()]);
                edges.push(if create_before_destroy { (delete, create) } else { (create, delete) });
            }
        }
    }
    // Graph and state dependencies name blocks; a block stands for all of its instances,
    // through its barriers (see `Step::Applied`).
    let applied = |block: &Address| (block.clone(), Step::Applied);
    let dependents_deleted = |block: &Address| (block.clone(), Step::DependentsDeleted);
    let cbd: BTreeSet<&Address> = plan
        .changes
        .iter()
        .filter(|c| c.action == Action::Replace { create_before_destroy: true })
        .map(|c| &c.addr)
        .collect();
    let mut barriers: BTreeSet<Node> = BTreeSet::new();
    for node in &nodes {
        let (addr, step) = node;
        let block = addr.config();
        match step {
            Step::Create | Step::Update | Step::Read => {
                edges.push((applied(&block), node.clone()));
                barriers.insert(applied(&block));
                for dep in planner.graph.deps.get(&block).into_iter().flatten() {
                    edges.push((node.clone(), applied(dep)));
                    barriers.insert(applied(dep));
                }
            }
            Step::Delete => {
                edges.push((node.clone(), dependents_deleted(&block)));
                barriers.insert(dependents_deleted(&block));
                if cbd.contains(&addr) {
                    // Dependents must point at the new object before the old one goes.
                    for (other, deps) in &planner.graph.deps {
                        if deps.contains(&block) {
                            edges.push((node.clone(), applied(other)));
                            barriers.insert(applied(other));
                        }
                    }
                }
            }
            Step::DeleteDeposed | Step::Applied | Step::DependentsDeleted => {}
        }
    }
    // Who depended on each block, as the state recorded it: their deletes come first.
    for r in &state.resources {
        for d in &r.dependencies {
            let barrier = dependents_deleted(d);
            if barriers.contains(&barrier) {
                edges.push((barrier, (r.address.clone(), Step::Delete)));
            }
        }
    }
    nodes.extend(barriers);
    let mut dag = Dag::new(nodes);
    for (dependent, dependency) in &edges {
        dag.depends(dependent, dependency);
    }
    dag
}

/// One apply in progress: the state as recorded so far, the values references see, and the
/// tally.
struct Run<'r, 'p> {
    planner: &'r Planner<'p>,
    plan: &'r Plan,
    regions: BTreeMap<Option<String>, String>,
    state: State,
    world: World<'r>,
    outcome: Outcome,
    /// Where intents and partly made objects are logged (see `crate::state::journal`).
    journal: Option<Journal>,
    /// Intents of creates that failed without telling whether the object was made.
    unresolved: Vec<Entry>,
    /// The intent journalled for each create of this run still in progress.
    intents: BTreeMap<Address, Entry>,
    /// What creates in progress have already made (`Ctx::record`), kept in the journal across
    /// snapshots until their create ends.
    partials: std::sync::Arc<std::sync::Mutex<BTreeMap<Address, Entry>>>,
    /// Each block's instances by address, expanded when the block's first instance starts:
    /// by then everything its `count`/`for_each` reads is applied (it waits on the barriers
    /// of every block it references), so expanding once per block is exact and keeps apply
    /// linear.
    expanded: HashMap<Address, HashMap<Address, Instance>>,
}

impl<'r, 'p> Run<'r, 'p> {
    fn new(planner: &'r Planner<'p>, plan: &'r Plan, regions: BTreeMap<Option<String>, String>) -> Self {
        let state = plan.refreshed.clone();
        let mut world = World::new(planner.config, planner.vars).with_impure_known();
        for r in &state.resources {
            world.set_instance_obj(&r.address, &r.attributes);
        }
        for (a, o) in &plan.data {
            world.set_instance_obj(a, o);
        }
        Run {
            planner,
            plan,
            regions,
            state,
            world,
            outcome: Outcome::default(),
            journal: None,
            unresolved: vec![],
            intents: BTreeMap::new(),
            partials: Default::default(),
            expanded: HashMap::new(),
        }
    }

    /// The instance `addr` of its block (see `Run::expanded`); `None` when the block no
    /// longer expands to it.
    fn instance(&mut self, rc: &crate::config::ResourceConfig, addr: &Address, d: &mut Diags) -> Option<Instance> {
        let block = addr.config();
        if !self.expanded.contains_key(&block) {
            let all = instances(rc, &self.world, true, d).into_iter().map(|i| (i.address(&rc.addr), i)).collect();
            self.expanded.insert(block.clone(), all);
        }
        self.expanded.get(&block)?.get(addr).cloned()
    }

    /// The journal lines a snapshot does not cover yet: intents of creates in progress or of
    /// unknown outcome, and what creates in progress have made.
    fn unsettled(&self) -> Vec<Entry> {
        let partials = self.partials.lock().unwrap_or_else(|p| p.into_inner());
        self.unresolved.iter().chain(self.intents.values()).chain(partials.values()).cloned().collect()
    }

    /// The journal lines recording what the state now says of `addr` (managed resources).
    fn entries_for(&self, addr: &Address) -> Vec<Entry> {
        if addr.mode != Mode::Managed {
            return vec![];
        }
        match self.state.get(addr) {
            Some(r) => vec![Entry::Recorded { resource: Box::new(r.clone()) }],
            None => vec![Entry::Removed { address: addr.clone() }],
        }
    }

    fn change(&self, addr: &Address) -> Option<&'r ResourceChange> {
        let i = self.plan.changes.binary_search_by(|c| c.addr.cmp(addr)).ok()?;
        self.plan.changes.get(i)
    }

    fn is_cbd(&self, addr: &Address) -> bool {
        self.change(addr).is_some_and(|c| c.action == Action::Replace { create_before_destroy: true })
    }

    fn fail(&mut self, addr: &Address, verb: &'static str, error: String) {
        self.outcome.failures.push(Failure { addr: addr.clone(), verb, error });
    }

    /// Prepares node `(addr, step)` and returns the future that carries it out.
    fn start<'f>(
        &mut self,
        (addr, step): &Node,
        log: &'f (dyn Fn(&str) + Sync),
        progress: &dyn Progress,
    ) -> Result<Start<'f, Done>, ApplyError>
    where
        'r: 'f,
    {
        let Some(change) = self.change(addr).filter(|_| !step.is_barrier()) else { return Ok(Start::Done) };
        let (region, prior) = self.prior_of(addr, *step, change);
        let (obj, region) = match step {
            Step::Create | Step::Update | Step::Read => match self.evaluate(change, *step, region, prior.as_ref())? {
                Evaluated::Ready { obj, region } => (Some(obj), region),
                Evaluated::Failed => return Ok(Start::Failed),
            },
            Step::Delete | Step::DeleteDeposed | Step::Applied | Step::DependentsDeleted => (None, region),
        };
        progress.start(addr, verb(*step).0);
        let cloud = self.planner.clouds.get(&change.provider);
        let tags = self.planner.tag_policy(&change.provider).clone();
        if let (Step::Create, Some(planned)) = (step, &obj) {
            self.journal_intent(addr, change, &region, planned)?;
        }
        let op = match step {
            Step::Create => "create",
            Step::Update => "update",
            Step::Read => "read",
            Step::Delete | Step::DeleteDeposed => "delete",
            Step::Applied | Step::DependentsDeleted => return Ok(Start::Done),
        };
        let timeout = self.planner.config.resource(&addr.config()).and_then(|rc| rc.timeouts.get(op).copied());
        let journal = self.journal.clone();
        let partials = self.partials.clone();
        let provider = change.provider.clone();
        let (addr, step, deposed) = (addr.clone(), *step, change.deposed.clone());
        Ok(Start::Run(Box::pin(async move {
            let started = Instant::now();
            let partial = std::sync::Mutex::new(None::<Obj>);
            let record = |o: &Obj| {
                if let Some(j) = &journal {
                    let e = Entry::Exists {
                        address: addr.clone(),
                        provider: provider.clone(),
                        region: region.clone(),
                        object: o.clone(),
                    };
                    if let Err(err) = j.append(&e) {
                        log(&format!("{addr}: cannot journal the object being created: {err}"));
                    }
                    partials.lock().unwrap_or_else(|p| p.into_inner()).insert(addr.clone(), e);
                }
                // A poisoned slot still holds a whole value (it is only ever replaced whole).
                *partial.lock().unwrap_or_else(|p| p.into_inner()) = Some(o.clone());
            };
            let ctx = Ctx { cloud, region: &region, log, record: &record, timeout };
            let obj = obj.unwrap_or_default();
            let own = obj.get("tags").cloned();
            let result = call_verb(step, &addr.type_name, &ctx, &tags, obj, prior, &deposed).await;
            let partial = partial.into_inner().unwrap_or_else(|p| p.into_inner());
            let partial = match resources::resource_type(&addr.type_name) {
                Some(rt) if result.is_err() => partial.map(|o| tags.incoming(rt.schema(), o, own.as_ref(), None)),
                _ => None,
            };
            Done { result, took: started.elapsed(), region, partial }
        })))
    }

    /// Where node `(addr, step)` acts and the stored object it acts on: a delete removes the
    /// object the plan saw (with create_before_destroy the state already holds its
    /// replacement), where it was; creates and updates go to the configured region.
    fn prior_of(&self, addr: &Address, step: Step, change: &ResourceChange) -> (String, Option<Obj>) {
        match step {
            Step::Delete | Step::DeleteDeposed => match self.plan.refreshed.get(addr) {
                Some(r) => (r.region.clone(), Some(r.attributes.clone())),
                None => (change.region.clone(), None),
            },
            _ => (self.planner.placement(&self.regions, addr).0, self.state.get(addr).map(|r| r.attributes.clone())),
        }
    }

    /// Journals the intent to create `planned` before AWS is called: if the run dies, the next
    /// one looks for the object.
    fn journal_intent(
        &mut self,
        addr: &Address,
        change: &ResourceChange,
        region: &str,
        planned: &Obj,
    ) -> Result<(), ApplyError> {
        let Some(j) = &self.journal else { return Ok(()) };
        let at = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).to_rfc3339();
        let intent = Entry::Intent {
            address: addr.clone(),
            provider: change.provider.clone(),
            region: region.to_string(),
            planned: planned.clone(),
            at,
        };
        j.append(&intent).map_err(ApplyError::State)?;
        self.intents.insert(addr.clone(), intent);
        Ok(())
    }

    /// Evaluates a create's, update's or read's config against the values known now, and
    /// checks a create's or update's final planned object against the plan.
    fn evaluate(
        &mut self,
        change: &ResourceChange,
        step: Step,
        region: String,
        prior: Option<&Obj>,
    ) -> Result<Evaluated, ApplyError> {
        let addr = &change.addr;
        let Some(rc) = self.planner.config.resource(&addr.config()) else { return Ok(Evaluated::Failed) };
        let mut d = Diags::new();
        let Some(inst) = self.instance(rc, addr, &mut d) else { return Ok(Evaluated::Failed) };
        let scope = inst.scope(&self.world);
        let sources = &self.planner.config.sources;
        let (obj, region) = if step == Step::Read {
            let Some(ds) = resources::data_source(&addr.type_name) else { return Ok(Evaluated::Failed) };
            let des = desired(rc, ds.schema(), &region, &|_| Vec::new(), &scope, sources, &mut d);
            let args: Option<Obj> = des.data_args();
            (args, des.region(&region))
        } else {
            let Some(rt) = resources::resource_type(&addr.type_name) else { return Ok(Evaluated::Failed) };
            let des = desired(rc, rt.schema(), &region, &|o| rt.check(o), &scope, sources, &mut d)
                .with_tags_all(rt.schema(), self.planner.tag_policy(&change.provider));
            d.extend(self.world.take_diags());
            // Preconditions unknown while planning are decided now, before acting.
            let what = addr.to_string();
            crate::plan::conditions::check_rules(&rc.lifecycle.preconditions, "precondition", &what, &scope, &mut d);
            if d.has_errors() {
                return Err(ApplyError::Config(d));
            }
            // The final plan, made from the same live object the plan was made from.
            let fin = plan_object(rt.schema(), &des, change.before.as_ref(), &rc.lifecycle, false);
            if let Some(why) = crate::plan::inconsistency(&change.after, &fin.after) {
                self.fail(addr, "plan", format!("inconsistent final plan: {why}"));
                return Ok(Evaluated::Failed);
            }
            let live = if step == Step::Update { prior } else { None };
            // Usually the same inputs as the final plan (a create, or an update of the object
            // the plan saw): planned once.
            let p = if live == change.before.as_ref() {
                fin
            } else {
                plan_object(rt.schema(), &des, live, &rc.lifecycle, false)
            };
            // Values the cloud chooses are still unknown here; the verb fills them.
            let planned: Option<Obj> = p
                .after
                .iter()
                .map(|(k, v)| match v {
                    Value::Unknown(_) => Some((k.clone(), serde_json::Value::Null)),
                    v => Some((k.clone(), v.to_json()?)),
                })
                .collect();
            (planned, des.region(&region))
        };
        if d.has_errors() {
            return Err(ApplyError::Config(d));
        }
        match obj {
            Some(obj) => Ok(Evaluated::Ready { obj, region }),
            None => {
                let why = "a value it needs is still unknown after its dependencies were applied";
                self.fail(addr, "evaluate", why.into());
                Ok(Evaluated::Failed)
            }
        }
    }

    /// Records a finished action in the state and the tally; true when it succeeded.
    fn finish(&mut self, (addr, step): &Node, done: Done, progress: &dyn Progress) -> bool {
        let noun = verb(*step).1;
        self.partials.lock().unwrap_or_else(|p| p.into_inner()).remove(addr);
        let obj = match done.result {
            Err(e) => {
                progress.failed(addr, noun, &e);
                self.fail(addr, noun, e.to_string());
                if *step == Step::Create {
                    match done.partial {
                        // What exists is on record; the next plan finishes it.
                        Some(o) => {
                            self.intents.remove(addr);
                            self.record(addr, Step::Create, o, done.region);
                        }
                        // The call may have taken effect (a timeout, a lost response): the
                        // next run looks for the object before creating another.
                        None if unknown_outcome(&e) => self.unresolved.extend(self.intents.remove(addr)),
                        None => {
                            self.intents.remove(addr);
                        }
                    }
                }
                return false;
            }
            Ok(obj) => obj,
        };
        self.intents.remove(addr);
        let id = obj.as_ref().and_then(|o| o.get("id")).and_then(|v| v.as_str()).map(str::to_string);
        progress.done(addr, noun, done.took.as_secs(), id.as_deref());
        match (step, obj) {
            (Step::Delete, _) => {
                // A create-before-destroy replacement already recorded the new object; the old
                // one, deposed until now, is gone.
                if self.is_cbd(addr) {
                    if let (Some(mut r), Some(old)) = (self.state.get(addr).cloned(), self.plan.refreshed.get(addr)) {
                        // The deposed objects' recorded keys and flags go with them.
                        if let Some(i) = r.deposed.iter().position(|d| d == &old.attributes) {
                            r.deposed.remove(i);
                            let t = &mut r.terraform;
                            (i < t.deposed_keys.len()).then(|| t.deposed_keys.remove(i));
                            (i < t.deposed_create_before_destroy.len())
                                .then(|| t.deposed_create_before_destroy.remove(i));
                        }
                        self.state.put(r);
                    }
                } else {
                    self.state.remove(addr);
                }
                self.outcome.destroyed += 1;
            }
            (Step::DeleteDeposed, _) => {
                let n = self.change(addr).map_or(0, |c| c.deposed.len());
                if let Some(mut r) = self.state.get(addr).cloned() {
                    r.deposed.clear();
                    r.terraform.deposed_keys.clear();
                    r.terraform.deposed_create_before_destroy.clear();
                    self.state.put(r);
                }
                self.outcome.destroyed += n;
            }
            (Step::Read, Some(o)) => self.world.set_instance_obj(addr, &o),
            (_, Some(o)) => {
                let me = Value::from_json(&serde_json::Value::Object(o.clone()));
                let inconsistent = self.inconsistent_result(addr, &o);
                self.record(addr, *step, o, done.region);
                // What the action made is on record, true; it fails, and what depends on it
                // waits, because it is not what the plan showed.
                if let Some(why) = inconsistent {
                    self.fail(addr, noun, why);
                    return false;
                }
                if *step == Step::Create {
                    self.outcome.added += 1;
                } else {
                    self.outcome.changed += 1;
                }
                // Postconditions see the object as applied; a failure stops what depends on it
                // (the object is on record).
                if let Some(why) = self.postcondition_failure(addr, me) {
                    self.fail(addr, noun, why);
                    return false;
                }
            }
            (_, None) => {}
        }
        true
    }

    /// What the object an action returned (`got`) has other than the plan showed, worded as
    /// Terraform's "Provider produced inconsistent result after apply": each argument the plan
    /// knew (from the configuration) must read back with that value, by its meaning (JSON
    /// documents, sets, empty and unset alike). Values AWS or the planner computes, and shared
    /// ones another resource may write, are not compared.
    fn inconsistent_result(&self, addr: &Address, got: &Obj) -> Option<String> {
        let change = self.change(addr)?;
        let schema = resources::resource_type(&addr.type_name)?.schema();
        // Own tags that `ignore_tags` hides were sent, and are not recorded.
        let mut planned = std::borrow::Cow::Borrowed(&change.after);
        if let Some(tags) = change.after.get("tags") {
            let recorded = self.planner.tag_policy(&change.provider).recorded(tags);
            planned.to_mut().insert("tags".to_string(), recorded);
        }
        let differ = inconsistencies(schema, &planned, &change.sensitive, got);
        (!differ.is_empty()).then(|| {
            format!(
                "Provider produced inconsistent result after apply: when applying changes to {addr}, provider {:?} \
                 produced an unexpected new value: {}. The object is on record as it is, and the next plan shows \
                 what is left to do",
                resources::provider_source(&addr.type_name),
                differ.join("; ")
            )
        })
    }

    /// The first failed postcondition of `addr` for the applied object `me`, worded.
    fn postcondition_failure(&mut self, addr: &Address, me: Value) -> Option<String> {
        let rc = self.planner.config.resource(&addr.config())?;
        if rc.lifecycle.postconditions.is_empty() {
            return None;
        }
        let mut quiet = Diags::new();
        let inst = self.instance(rc, addr, &mut quiet)?;
        let scope = inst.scope(&self.world);
        let with_self = crate::plan::conditions::WithSelf { inner: &scope, me };
        rc.lifecycle.postconditions.iter().find_map(|rule| {
            match crate::plan::conditions::evaluate(rule, &with_self, &mut quiet) {
                crate::plan::conditions::Outcome::Fail(m) => Some(format!("postcondition failed: {m}")),
                _ => None,
            }
        })
    }

    /// Puts a created or updated object on record.
    fn record(&mut self, addr: &Address, step: Step, mut o: Obj, region: String) {
        let provider = self.planner.placement(&self.regions, addr).1;
        if resources::resource_type(&addr.type_name).is_some_and(|rt| rt.schema().attr("region").is_some()) {
            o.insert("region".to_string(), serde_json::Value::from(region.as_str()));
        }
        self.world.set_instance_obj(addr, &o);
        // With create_before_destroy the old object still exists until its delete
        // completes: keep it on record as deposed meanwhile.
        let mut deposed = self.state.get(addr).map(|r| r.deposed.clone()).unwrap_or_default();
        if step == Step::Create && self.is_cbd(addr) {
            if let Some(old) = self.plan.refreshed.get(addr) {
                deposed.push(old.attributes.clone());
            }
        }
        // Terraform's own fields: the attributes are now in the type's current schema, not
        // tainted; the provider's private data belongs to the object it was read with.
        let prior = self.state.get(addr).map(|r| r.terraform.clone()).unwrap_or_default();
        let terraform = crate::state::TfInstance {
            schema_version: None,
            private: if step == Step::Create { None } else { prior.private },
            status: None,
            create_before_destroy: self.is_cbd(addr),
            sensitive_attributes: self
                .change(addr)
                .filter(|c| !c.sensitive_paths.is_empty())
                .map(|c| serde_json::Value::Array(c.sensitive_paths.clone())),
            // Written by baseline, so no longer Terraform 0.11's flat map.
            attributes_flat: None,
            ..prior
        };
        self.state.put(ResourceState {
            address: addr.clone(),
            mode: Mode::Managed,
            type_name: addr.type_name.clone(),
            name: addr.name.clone(),
            provider,
            region,
            attributes: o,
            dependencies: self.managed_deps(addr),
            deposed,
            // As the plan found it: the attributes holding a sensitive variable's value.
            sensitive: self.change(addr).map(|c| c.sensitive.clone()).unwrap_or_default(),
            terraform,
        });
    }

    /// The managed resources `addr`'s block depends on, as the config says now.
    fn managed_deps(&self, addr: &Address) -> Vec<Address> {
        let deps = self.planner.graph.deps.get(&addr.config());
        deps.map(|d| d.iter().filter(|x| x.mode == Mode::Managed).cloned().collect()).unwrap_or_default()
    }

    /// After the walk: every resource's current dependencies on record (so later destroys
    /// order right) and, when nothing failed, the outputs.
    fn conclude(&mut self) {
        let deps: Vec<Vec<Address>> = self.state.resources.iter().map(|r| self.managed_deps(&r.address)).collect();
        for (r, d) in self.state.resources.iter_mut().zip(deps) {
            if self.planner.graph.deps.contains_key(&r.address.config()) {
                r.dependencies = d;
            }
        }
        if self.outcome.failures.is_empty() {
            let mut d = Diags::new();
            self.state.outputs.clear();
            // A destroy leaves no outputs, as Terraform's does: what they named is gone.
            let outputs = if self.plan.mode == crate::plan::PlanMode::Destroy {
                Vec::new()
            } else {
                self.planner.config.outputs.values().collect()
            };
            for o in outputs {
                let v = eval(&o.value.expr, o.value.file, &self.world, &mut d);
                // As Terraform, a null output is not stored (`output NAME` says it is not found).
                if let Some(j) = v.to_json().filter(|j| !j.is_null()) {
                    let ty = Some(crate::lang::unify::type_json(&v));
                    self.state.outputs.insert(o.name.clone(), OutputState { value: j, ty, sensitive: o.sensitive });
                }
                self.outcome.outputs.insert(o.name.clone(), v);
            }
            self.outcome.checks = crate::plan::conditions::run_checks(self.planner.config, &self.world);
        }
    }
}

#[cfg(test)]
mod tests;
