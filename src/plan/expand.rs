//! Planning one configuration block: expanding it into instances (`count`/`for_each`),
//! evaluating each against what is known so far, and deciding each instance's change.
//!
//! A block is planned in two halves around the walker (see `crate::dag`): [`Expansion::start`]
//! evaluates synchronously and hands back one future for the block's cloud lookups (data
//! source reads, `import` reads, adoptions of existing objects), which run concurrently with
//! other blocks' lookups; [`Expansion::finish`] records what they found. Blocks that need no
//! lookup are finished in `start`.

use std::collections::{BTreeMap, BTreeSet};

use futures::future::join_all;

use super::compute::{desired, plan_object, Desired};
use super::conditions::{check_rules, triggered, WithSelf};
use super::planner::{PlanError, Planner};
use super::world::{instances, Instance, World};
use super::{Action, ResourceChange};
use crate::addr::{Address, Mode};
use crate::config::ResourceConfig;
use crate::dag::{Start, Task};
use crate::diag::{Diag, Diags};
use crate::lang::{eval, Value};
use crate::resources::{self, Ctx, DataSourceType, Obj, ResourceType};
use crate::schema::{Invalid, Schema};
use crate::state::{ResourceState, State};

/// The planning of every block, in progress.
pub(super) struct Expansion<'x, 'p> {
    planner: &'x Planner<'p>,
    prior: &'x State,
    regions: BTreeMap<Option<String>, String>,
    pub world: World<'x>,
    /// The refreshed state, plus objects imported or adopted by this plan.
    pub refreshed: State,
    pub changes: Vec<ResourceChange>,
    /// Data sources read while planning.
    pub data: BTreeMap<Address, Obj>,
    /// Every instance address the configuration declares.
    pub configured: BTreeSet<Address>,
    pub diags: Diags,
}

/// Where an instance is and which provider serves it.
#[derive(Clone)]
pub(super) struct Placement {
    region: String,
    provider: String,
}

/// A cloud lookup one instance needs before it can be planned.
enum Lookup {
    /// Read a data source whose arguments are known.
    Read { addr: Address, ds: &'static dyn DataSourceType, args: Obj, at: Placement },
    /// Find the existing object of a managed instance with nothing on record: the `import`
    /// block's (id and read skeleton given), or one the type adopts.
    Find {
        addr: Address,
        rt: &'static dyn ResourceType,
        d: Desired,
        import: Option<(String, Obj)>,
        /// What an interrupted create of a type without an identity was to make: the type
        /// looks for it (`ResourceType::find_made`).
        made: Option<Obj>,
        /// The import is a look for what an interrupted create may have made: finding
        /// nothing is no error.
        from_intent: bool,
        at: Placement,
        inst: Box<Instance>,
    },
}

/// What a lookup found.
pub(super) enum Found {
    Read {
        addr: Address,
        ds: &'static dyn DataSourceType,
        obj: Obj,
        /// The provider configuration read through (its `ignore_tags` applies).
        provider: String,
    },
    Find {
        addr: Address,
        rt: &'static dyn ResourceType,
        d: Desired,
        found: Option<(String, Obj)>,
        at: Placement,
        inst: Box<Instance>,
    },
    /// An `import` block named nothing: reported, and the instance is planned as new.
    Missing { addr: Address, rt: &'static dyn ResourceType, d: Desired, at: Placement, diag: Diag, inst: Box<Instance> },
}

/// The lookups of one block, finished.
pub(super) type LookedUp = Result<Vec<Found>, PlanError>;

/// Carries out one lookup in `ctx` (its instance's account and region).
async fn look_up(l: Lookup, ctx: &Ctx<'_>) -> Result<Found, PlanError> {
    match l {
        Lookup::Read { addr, ds, args, at } => match ds.read(ctx, &args).await {
            Ok(obj) => Ok(Found::Read { addr, ds, obj, provider: at.provider }),
            Err(error) => Err(PlanError::Cloud { addr, error }),
        },
        Lookup::Find { addr, rt, d, import, made, from_intent, at, inst } => {
            let found = match &import {
                Some((id, skeleton)) => rt.read(ctx, skeleton).await.map(|o| o.map(|o| (id.clone(), o))),
                None => find_unrecorded(rt, ctx, &d, made.as_ref()).await.map(|o| o.map(|o| (id_of(&o), o))),
            };
            match (found, import) {
                (Err(error), _) => Err(PlanError::Cloud { addr, error }),
                (Ok(None), Some((id, _))) if !from_intent => {
                    let diag = Diag::error(
                        "baseline::plan::import",
                        format!("cannot import `{addr}`: no object with id {id:?} exists"),
                    );
                    Ok(Found::Missing { addr, rt, d, at, diag, inst })
                }
                (Ok(found), _) => Ok(Found::Find { addr, rt, d, found, at, inst }),
            }
        }
    }
}

/// The existing object of a managed instance that names none: what an interrupted create
/// (`made`) made, else an object the type adopts for the desired values' known part.
async fn find_unrecorded(
    rt: &dyn ResourceType,
    ctx: &Ctx<'_>,
    d: &Desired,
    made: Option<&Obj>,
) -> Result<Option<Obj>, crate::cloud::CloudError> {
    if let Some(planned) = made {
        if let Some(o) = rt.find_made(ctx, planned).await? {
            return Ok(Some(o));
        }
    }
    let known: Obj = d.attrs.iter().filter_map(|(k, v)| Some((k.clone(), v.to_json()?))).collect();
    rt.adopt(ctx, &known).await
}

/// True when baseline can manage (or read) objects of `block`'s type. Any type of the provider
/// decodes and validates; one baseline cannot manage yet is refused only when it has
/// instances, so a module with optional parts behind `count = 0` plans.
fn manages(block: &Address) -> bool {
    match block.mode {
        Mode::Managed => resources::resource_type(&block.type_name).is_some(),
        Mode::Data => resources::data_source(&block.type_name).is_some(),
    }
}

fn unmanageable(rc: &ResourceConfig, n: usize) -> Diag {
    let (kind, known): (&str, Vec<&str>) = match rc.addr.mode {
        Mode::Managed => ("resource", resources::RESOURCES.iter().map(|r| r.type_name()).collect()),
        Mode::Data => ("data source", resources::DATA_SOURCES.iter().map(|r| r.type_name()).collect()),
    };
    let ty = &rc.addr.type_name;
    let what = if n == 1 { "1 instance".to_string() } else { format!("{n} instances") };
    if let Some(provider) = crate::schema::catalogue::other_provider(ty) {
        return Diag::error(
            "baseline::plan::unsupported_provider",
            format!("`{ty}` belongs to provider `{provider}`, which baseline does not support"),
        )
        .at(rc.span, format!("{what} declared here"))
        .help(
            "baseline manages AWS resources only: keep this one in a configuration Terraform applies, or give it \
             no instances (`count = 0`)",
        );
    }
    Diag::error("baseline::plan::unmanaged_type", format!("baseline cannot manage the {kind} type `{ty}` yet"))
        .at(rc.span, format!("{what} declared here"))
        .help(format!(
            "`{ty}` is a type of the AWS provider and validates, but only these {kind} types can be planned: {}; \
             keep it in a configuration Terraform applies, or give it no instances (`count = 0`)",
            known.join(", ")
        ))
}

impl<'x, 'p> Expansion<'x, 'p> {
    pub fn new(
        planner: &'x Planner<'p>,
        prior: &'x State,
        refreshed: State,
        regions: BTreeMap<Option<String>, String>,
    ) -> Self {
        Expansion {
            planner,
            prior,
            regions,
            world: World::new(planner.config, planner.vars),
            // Usually one change per stored object: no doubling (and copying) while growing.
            changes: Vec::with_capacity(refreshed.resources.len()),
            refreshed,
            data: BTreeMap::new(),
            configured: BTreeSet::new(),
            diags: Diags::new(),
        }
    }

    /// Plans the block `block` as far as possible without the cloud; returns the future of
    /// the lookups it still needs.
    pub fn start(&mut self, block: &Address) -> Start<'x, LookedUp> {
        let planner = self.planner;
        let Some(rc) = planner.config.resource(block) else { return Start::Done };
        let placed = planner.placement(&self.regions, block);
        let mut lookups = Vec::new();
        let insts = instances(rc, &self.world, false, &mut self.diags);
        if !insts.is_empty() && !manages(block) {
            self.diags.push(unmanageable(rc, insts.len()));
            return Start::Done;
        }
        for inst in insts {
            let addr = inst.address(block);
            self.configured.insert(addr.clone());
            let lookup = match addr.mode {
                Mode::Data => self.start_read(rc, addr, &inst, &placed),
                Mode::Managed => self.start_managed(rc, addr, &inst, &placed),
            };
            lookups.extend(lookup);
        }
        if lookups.is_empty() {
            return Start::Done;
        }
        let (clouds, log) = (planner.clouds, planner.log);
        let task: Task<'x, LookedUp> = Box::pin(async move {
            join_all(lookups.into_iter().map(|l| async move {
                let at = match &l {
                    Lookup::Read { at, .. } | Lookup::Find { at, .. } => at.clone(),
                };
                let ctx = Ctx {
                    cloud: clouds.get(&at.provider),
                    region: &at.region,
                    log,
                    record: &resources::no_record,
                    timeout: None,
                };
                look_up(l, &ctx).await
            }))
            .await
            .into_iter()
            .collect()
        });
        Start::Run(task)
    }

    /// The desired object of instance `addr` of `rc` by `schema` (`check`: the type's checks
    /// across attributes), its preconditions checked, and where it goes (`placed`: the block's
    /// region and provider; an instance's `region` argument moves it).
    fn desire(
        &mut self,
        rc: &ResourceConfig,
        addr: &Address,
        inst: &Instance,
        schema: &Schema,
        check: &dyn Fn(&Obj) -> Vec<(&'static str, Invalid)>,
        placed: &(String, String),
    ) -> (Desired, Placement) {
        let scope = inst.scope(&self.world);
        let sources = &self.planner.config.sources;
        let d = desired(rc, schema, &placed.0, check, &scope, sources, &mut self.diags);
        check_rules(&rc.lifecycle.preconditions, "precondition", &addr.to_string(), &scope, &mut self.diags);
        let at = Placement { region: d.region(&placed.0), provider: placed.1.clone() };
        (d, at)
    }

    /// Plans data instance `addr`: its read now when its arguments are known and nothing it
    /// depends on is pending (the returned lookup), else a read deferred to apply.
    fn start_read(
        &mut self,
        rc: &ResourceConfig,
        addr: Address,
        inst: &Instance,
        placed: &(String, String),
    ) -> Option<Lookup> {
        let ds = resources::data_source(&addr.type_name)?;
        let (d, at) = self.desire(rc, &addr, inst, ds.schema(), &|_| Vec::new(), placed);
        let pending = self.depends_on_pending(rc);
        match d.data_args() {
            Some(args) if !pending && !self.diags.has_errors() => Some(Lookup::Read { addr, ds, args, at }),
            _ => {
                self.defer_read(addr, ds, &d, at, pending);
                None
            }
        }
    }

    /// Plans managed instance `addr` against its live object; one with nothing on record
    /// needs a lookup first (the returned one): an `import` block's object, what an
    /// interrupted create made, or an object the type adopts.
    fn start_managed(
        &mut self,
        rc: &ResourceConfig,
        addr: Address,
        inst: &Instance,
        placed: &(String, String),
    ) -> Option<Lookup> {
        let planner = self.planner;
        let rt = resources::resource_type(&addr.type_name)?;
        let (d, at) = self.desire(rc, &addr, inst, rt.schema(), &|o| rt.check(o), placed);
        let d = d.with_tags_all(rt.schema(), planner.tag_policy(&at.provider));
        // Moved, not copied, into the change's `before`; [`restore`] puts a copy back once the
        // references' values are freed.
        let live = self.refreshed.get_mut(&addr).map(|l| std::mem::take(&mut l.attributes));
        if live.is_some() {
            self.plan_managed(rc, &addr, rt, &d, live, None, at, inst);
            return None;
        }
        let import = match planner.config.imports.iter().find(|i| i.to == addr) {
            Some(imp) => match self.import_id(rt, imp) {
                Some(id) => Some(id),
                None => {
                    self.plan_managed(rc, &addr, rt, &d, None, None, at, inst);
                    return None;
                }
            },
            None => None,
        };
        // A create an interrupted run started: look for the object by the identity it was to
        // have, as if imported, before creating another.
        let from_intent = import.is_none();
        let intent = self.prior.pending.iter().find(|p| p.address == addr);
        let import = import.or_else(|| {
            let id = rt.identity(&intent?.planned)?;
            Some((id.clone(), rt.import_prior(&id)?))
        });
        // Without an identity (AWS chooses the id), the type looks for it.
        let made = (import.is_none()).then(|| intent.map(|p| p.planned.clone())).flatten();
        let from_intent = from_intent && import.is_some();
        let inst = Box::new(inst.clone());
        Some(Lookup::Find { addr, rt, d, import, made, from_intent, at, inst })
    }

    /// Records what a block's lookups found and plans the instances that waited on them.
    pub fn finish(&mut self, found: Vec<Found>) {
        for f in found {
            match f {
                Found::Read { addr, ds, obj, provider } => {
                    let obj = self.planner.tag_policy(&provider).read_by_data_source(ds.schema(), obj);
                    self.world.set_instance_obj(&addr, &obj);
                    self.data.insert(addr, obj);
                }
                Found::Find { addr, rt, d, found, at, inst } => {
                    let Some(rc) = self.planner.config.resource(&addr.config()) else { continue };
                    let (live, importing) = match found {
                        Some((id, obj)) => {
                            let own = d.attrs.get("tags").and_then(Value::to_json);
                            (Some(self.adopt(&addr, rt, obj, &at, own.as_ref())), Some(id))
                        }
                        None => (None, None),
                    };
                    self.plan_managed(rc, &addr, rt, &d, live, importing, at, &inst);
                }
                Found::Missing { addr, rt, d, at, diag, inst } => {
                    let Some(rc) = self.planner.config.resource(&addr.config()) else { continue };
                    let span = self.planner.config.imports.iter().find(|i| i.to == addr).and_then(|i| i.span);
                    self.diags.push(diag.at(span, "nothing to import"));
                    self.plan_managed(rc, &addr, rt, &d, None, None, at, &inst);
                }
            }
        }
    }

    /// True when a data source depends on a managed resource that changes in this plan:
    /// named in its `depends_on`, or referenced by its arguments, directly or through other
    /// blocks (locals, module values, other data sources). Its read then waits for apply, as
    /// Terraform's does ("depends on a resource or a module with changes pending"): read now,
    /// it would see the object as it is before the apply.
    fn depends_on_pending(&self, rc: &ResourceConfig) -> bool {
        let deps = &self.planner.graph.deps;
        let mut reached: BTreeSet<&Address> = rc.depends_on.iter().map(|(a, _)| a).collect();
        let mut todo: Vec<&Address> = reached.iter().copied().collect();
        todo.push(&rc.addr);
        while let Some(b) = todo.pop() {
            for d in deps.get(b).into_iter().flatten() {
                if reached.insert(d) {
                    todo.push(d);
                }
            }
        }
        if !reached.iter().any(|a| a.mode == Mode::Managed) {
            return false;
        }
        self.changes.iter().any(|c| c.action != Action::NoOp && reached.contains(&c.addr.config()))
    }

    /// A data source read deferred to apply: its result is unknown until then. `waits` says
    /// the read waits for a resource it depends on that changes ([`Self::depends_on_pending`]).
    fn defer_read(&mut self, addr: Address, ds: &dyn DataSourceType, d: &Desired, at: Placement, waits: bool) {
        // The arguments as far as known; what the read returns is unknown.
        let after: BTreeMap<String, Value> = ds
            .schema()
            .attrs
            .iter()
            .map(|a| {
                let v = match d.attrs.get(a.name) {
                    Some(v) if !matches!(v, Value::Null(_)) => v.clone(),
                    _ if a.computed_by_cloud() => Value::UNKNOWN,
                    _ => Value::NULL,
                };
                (a.name.to_string(), v)
            })
            .collect();
        self.world.set_instance(&addr, Value::UNKNOWN);
        self.changes.push(ResourceChange {
            read_waits_for_dependency: waits,
            reason: Some(
                if waits {
                    "it depends on a resource or a module with changes pending"
                } else {
                    "its arguments are known only during apply"
                }
                .into(),
            ),
            after,
            ..ResourceChange::new(addr, Action::Read, at.region, at.provider)
        });
    }

    /// The import id of an `import` block and the skeleton `read` finds the object by;
    /// `None` (with a diagnostic) when the id is not a known string or not this type's id.
    fn import_id(&mut self, rt: &dyn ResourceType, imp: &crate::config::Import) -> Option<(String, Obj)> {
        let world = World::new(self.planner.config, self.planner.vars);
        let id = match eval(&imp.id.expr, imp.id.file, &world, &mut self.diags) {
            Value::String(id) => id,
            other => {
                self.diags.push(
                    Diag::error(
                        "baseline::plan::import",
                        format!("the import id must be a known string, got {}", other.type_name()),
                    )
                    .at(imp.id.span, "not a string"),
                );
                return None;
            }
        };
        let Some(skeleton) = rt.import_prior(&id) else {
            self.diags.push(
                Diag::error("baseline::plan::import", format!("{id:?} is not an import id for `{}`", rt.type_name()))
                    .at(imp.id.span, "malformed id")
                    .help("see the README's resource table for each type's import id"),
            );
            return None;
        };
        Some((id, skeleton))
    }

    /// Puts an imported or adopted object on the refreshed record; returns it as live.
    /// `own`: the configured `tags`, which default tags of the same value stay part of.
    fn adopt(
        &mut self,
        addr: &Address,
        rt: &dyn ResourceType,
        obj: Obj,
        at: &Placement,
        own: Option<&serde_json::Value>,
    ) -> Obj {
        let mut obj = self.planner.tag_policy(&at.provider).incoming(rt.schema(), obj, own, None);
        if rt.schema().attr("region").is_some() {
            obj.insert("region".to_string(), serde_json::Value::from(at.region.as_str()));
        }
        self.refreshed.put(ResourceState {
            address: addr.clone(),
            mode: Mode::Managed,
            type_name: addr.type_name.clone(),
            name: addr.name.clone(),
            provider: at.provider.clone(),
            region: at.region.clone(),
            attributes: obj.clone(),
            dependencies: vec![],
            deposed: vec![],
            sensitive: vec![],
            terraform: Default::default(),
        });
        obj
    }

    /// Decides a managed instance's change from its desired values and live object.
    #[allow(clippy::too_many_arguments)] // one instance's inputs, each needed once
    fn plan_managed(
        &mut self,
        rc: &ResourceConfig,
        addr: &Address,
        rt: &dyn ResourceType,
        d: &Desired,
        live: Option<Obj>,
        importing: Option<String>,
        at: Placement,
        inst: &Instance,
    ) {
        let scope = inst.scope(&self.world);
        // A planned change of something `replace_triggered_by` names replaces an existing object.
        let requested = live.is_some() && self.planner.focus.replace.contains(addr);
        let force = live.is_some()
            && (requested || triggered(&rc.lifecycle.replace_triggered_by, &inst.module, &scope, &self.changes));
        let p = plan_object(rt.schema(), d, live.as_ref(), &rc.lifecycle, force);
        let me = WithSelf { inner: &scope, me: Value::object(p.after.clone()) };
        check_rules(&rc.lifecycle.postconditions, "postcondition", &addr.to_string(), &me, &mut self.diags);
        drop(scope);
        let reason = if live.is_none() && self.prior.get(addr).is_some() {
            Some("it was deleted outside baseline".to_string())
        } else {
            match (requested, force) {
                (true, _) => Some("replacement was requested with --replace".to_string()),
                (false, true) => Some("a resource its `replace_triggered_by` names changes in this plan".to_string()),
                _ => None,
            }
        };
        self.world.set_instance(addr, Value::object(p.after.clone()));
        let known: Obj = p.after.iter().filter_map(|(k, v)| Some((k.clone(), v.to_json()?))).collect();
        let deposed = self.refreshed.get(addr).map(|r| r.deposed.clone()).unwrap_or_default();
        self.changes.push(ResourceChange {
            deposed,
            importing,
            notes: rt.notes(&known),
            before: live,
            // A no-op's per-attribute diff is never shown (`before` and `after` hold it all):
            // dropped, so a plan's memory follows what changes.
            attrs: if p.action == Action::NoOp { Vec::new() } else { p.attrs },
            blocks: if p.action == Action::NoOp { Vec::new() } else { p.blocks },
            reason,
            after: p.after,
            ..ResourceChange::new(addr.clone(), p.action, at.region, at.provider)
        });
    }
}

/// Puts back into `refreshed` the live objects the expansion moved into the changes'
/// `before` (one copy each). Call it before any change is dropped (`--target`), and after the
/// references' values are freed, so the two copies never coexist with a third.
pub fn restore(refreshed: &mut State, changes: &[ResourceChange]) {
    for c in changes {
        if let (Some(before), Some(r)) = (&c.before, refreshed.get_mut(&c.addr)) {
            if r.attributes.is_empty() {
                r.attributes = before.clone();
            }
        }
    }
}

/// The id an adopted object is imported under.
fn id_of(o: &Obj) -> String {
    o.get("id").and_then(|v| v.as_str()).unwrap_or_default().to_string()
}
