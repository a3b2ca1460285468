//! The planner: refresh the stored state against the account, evaluate the config in
//! dependency order, and decide each resource's action.

use std::borrow::Cow;
use std::collections::BTreeMap;

use futures::stream::{self, StreamExt};
use serde_json::Value as Json;

use super::compute::{desired, drift_diff, plan_object};
use super::expand::Expansion;
use super::tags::{TagPolicies, TagPolicy};
use super::world::{instances, World};
use super::{Action, AttrDiff, Drift, Plan, ResourceChange, StateIdentity};
use crate::addr::{Address, Mode};
use crate::cloud::{CloudError, CloudResult};
use crate::config::Config;
use crate::dag::Start;
use crate::diag::{Diag, Diags};
use crate::graph::Graph;
use crate::lang::{eval, Value};
use crate::resources::{self, Ctx, Obj};
use crate::services::Clouds;
use crate::state::{ResourceState, State};

/// Plan for the config (`Normal`) or to remove everything (`Destroy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PlanMode {
    Normal,
    Destroy,
}

/// Why planning failed.
#[derive(Debug)]
pub enum PlanError {
    /// Mistakes in the configuration (or a prevented destroy), all of them.
    Config(Diags),
    /// A cloud call failed while reading.
    Cloud { addr: Address, error: CloudError },
}

/// Inputs shared by planning and applying.
pub struct Planner<'a> {
    pub config: &'a Config,
    pub graph: &'a Graph,
    pub vars: &'a BTreeMap<String, Value>,
    pub clouds: &'a Clouds,
    pub parallelism: usize,
    pub log: &'a (dyn Fn(&str) + Sync),
    /// `--target` and `--replace`.
    pub focus: Focus,
    /// Each provider's `default_tags`/`ignore_tags`, evaluated once for the run
    /// ([`super::tags::policies`]).
    pub tags: TagPolicies,
}

/// `--target ADDRESS` (plan only what is under these addresses and what they depend on) and
/// `--replace ADDRESS` (replace these instances even when nothing changed), as Terraform's.
#[derive(Debug, Clone, Default)]
pub struct Focus {
    /// `--target`s: modules, resources or instances.
    pub targets: Vec<crate::addr::Target>,
    pub replace: Vec<Address>,
}

impl Focus {
    /// Keeps the changes `--target` allows: the targets, what they depend on (for a destroy,
    /// what depends on them), nothing else. Everything when there are no targets.
    fn narrow(&self, changes: &mut Vec<ResourceChange>, graph: &crate::graph::Graph, destroy: bool) {
        if self.targets.is_empty() {
            return;
        }
        use crate::addr::Target;
        // Blocks reached from the targets' blocks (a module's: every block in it and in its
        // children): dependencies, or for a destroy dependents.
        let mut reached: std::collections::BTreeSet<Address> = std::collections::BTreeSet::new();
        // The blocks inside targeted modules: their instances are kept only when targeted.
        let mut own: std::collections::BTreeSet<Address> = std::collections::BTreeSet::new();
        for t in &self.targets {
            match t {
                Target::Resource(a) => {
                    reached.insert(a.config());
                }
                // Blocks are addressed without instance keys: matched by the module names.
                Target::Module(path) => {
                    let names = Target::Module(
                        path.iter().map(|s| crate::addr::ModuleStep { name: s.name.clone(), key: None }).collect(),
                    );
                    own.extend(graph.deps.keys().filter(|b| names.matches(b)).cloned())
                }
            }
        }
        reached.extend(own.iter().cloned());
        let mut todo: Vec<Address> = reached.iter().cloned().collect();
        while let Some(b) = todo.pop() {
            let next: Vec<Address> = if destroy {
                graph.deps.iter().filter(|(_, ds)| ds.contains(&b)).map(|(k, _)| k.clone()).collect()
            } else {
                graph.deps.get(&b).into_iter().flatten().cloned().collect()
            };
            for n in next {
                if reached.insert(n.clone()) {
                    todo.push(n);
                }
            }
        }
        // Another instance of a targeted instance's resource is not reached through it.
        let instance_of = |c: &ResourceChange| {
            self.targets
                .iter()
                .any(|t| matches!(t, Target::Resource(a) if a.key.is_some() && a.config() == c.addr.config()))
        };
        changes.retain(|c| {
            let block = c.addr.config();
            self.targets.iter().any(|t| t.matches(&c.addr))
                || (reached.contains(&block) && !own.contains(&block) && !instance_of(c))
        });
    }
}

/// `aws` or `aws.ALIAS`.
pub fn provider_name(alias: Option<&str>) -> String {
    match alias {
        Some(a) => format!("aws.{a}"),
        None => "aws".to_string(),
    }
}

impl<'a> Planner<'a> {
    /// Each provider's region, evaluated (`None` key = default provider).
    pub fn regions(&self, diags: &mut Diags) -> BTreeMap<Option<String>, String> {
        let world = World::new(self.config, self.vars);
        let env_region = self.clouds.fallback_region();
        let uses_aws = self.config.all_resources().any(|r| r.addr.type_name.starts_with("aws_"));
        let mut out = BTreeMap::new();
        for p in &self.config.providers {
            let region = match &p.region {
                Some(e) => match eval(&e.expr, e.file, &world, diags) {
                    Value::String(s) if !s.is_empty() => Some(s),
                    Value::Unknown(_) => None,
                    other => {
                        diags.push(
                            Diag::error(
                                "baseline::provider::region",
                                format!("the region must be a string, got {}", other.type_name()),
                            )
                            .at(e.span, "invalid region"),
                        );
                        None
                    }
                },
                None => env_region.clone(),
            };
            match region {
                Some(r) => {
                    out.insert(p.alias.clone(), r);
                }
                // As Terraform, a configuration with nothing of the AWS provider (only
                // `terraform_data`, say) needs no region.
                None if p.region.is_none() && uses_aws => diags.push(
                    Diag::error("baseline::provider::region", "no region is set for the aws provider")
                        .at(p.span, "no region")
                        .help("set `region = \"...\"` in the provider block, or AWS_REGION in the environment"),
                ),
                None => {}
            }
        }
        out
    }

    /// The `default_tags`/`ignore_tags` of provider `provider` (`aws`, `aws.ALIAS`).
    pub fn tag_policy(&self, provider: &str) -> &TagPolicy {
        static NONE: std::sync::LazyLock<TagPolicy> = std::sync::LazyLock::new(TagPolicy::default);
        self.tags.get(provider).unwrap_or(&NONE)
    }

    /// The region and provider name of a configured resource.
    pub fn placement(&self, regions: &BTreeMap<Option<String>, String>, addr: &Address) -> (String, String) {
        let alias = self.config.resource(&addr.config()).and_then(|r| r.provider.as_ref().map(|p| p.0.clone()));
        // In a module, the alias is the module's own name for a provider its caller passes.
        let alias = self.config.provider_alias(&addr.module_names(), alias.as_deref()).unwrap_or(alias);
        let region = regions.get(&alias).cloned().unwrap_or_default();
        (region, resources::provider_config(&addr.type_name, alias.as_deref()))
    }

    /// Reads every stored resource from the account, up to `parallelism` reads at a time:
    /// the refreshed record (in address order) and the drift, each object once.
    async fn refresh(&self, prior: &State) -> Result<(State, Vec<Drift>), PlanError> {
        let reads = read_groups(prior).into_iter().map(|group| self.read_group(group));
        let mut results: Vec<_> = stream::iter(reads)
            .buffer_unordered(self.parallelism.max(1))
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .flatten()
            .collect();
        // In address order (each is read once), so the refreshed record is built sorted by
        // pushing, without first copying every stored object.
        results.sort_unstable_by(|a, b| a.0.address.cmp(&b.0.address));
        let mut refreshed = prior.without_resources();
        refreshed.resources.reserve_exact(results.len());
        let mut drift = Vec::new();
        for (r, res) in results {
            match res {
                Err(error) => return Err(PlanError::Cloud { addr: r.address.clone(), error }),
                Ok(None) => drift.push(Drift {
                    addr: r.address.clone(),
                    deleted: true,
                    stored: r.attributes.clone(),
                    live: None,
                    attrs: vec![],
                    blocks: vec![],
                    summary: String::new(),
                }),
                Ok(Some(live)) => {
                    let (live, changed) = self.as_stored(r, live);
                    drift.extend(changed);
                    refreshed.resources.push(r.with_attributes(live));
                }
            }
        }
        drift.sort_by(|a, b| a.addr.cmp(&b.addr));
        for d in &mut drift {
            d.summary = super::notes::drift_summary(d);
        }
        Ok((refreshed, drift))
    }

    /// Reads one group of [`read_groups`]: one `read`, or one `read_many` for the group.
    async fn read_group<'s>(
        &self,
        group: Vec<&'s ResourceState>,
    ) -> Vec<(&'s ResourceState, CloudResult<Option<Obj>>)> {
        let first = group[0];
        let Some(rt) = resources::resource_type(&first.type_name) else {
            let e = CloudError::new(
                "baseline",
                "Refresh",
                crate::cloud::ErrorKind::Other,
                "UnknownType",
                format!("state holds `{}`, a type this baseline does not know", first.type_name),
            );
            return group.into_iter().map(|r| (r, Err(e.clone()))).collect();
        };
        let record = &resources::no_record;
        let ctx = Ctx {
            cloud: self.clouds.get(&first.provider),
            region: &first.region,
            log: self.log,
            record,
            timeout: None,
        };
        if group.len() == 1 {
            return vec![(first, rt.read(&ctx, &first.attributes).await)];
        }
        let priors: Vec<&Obj> = group.iter().map(|r| &r.attributes).collect();
        match rt.read_many(&ctx, &priors).await {
            Ok(objs) => group.into_iter().zip(objs).map(|(r, o)| (r, Ok(o))).collect(),
            Err(e) => group.into_iter().map(|r| (r, Err(e.clone()))).collect(),
        }
    }

    /// The live object `live` read for stored `r`, as state keeps it (its region, tags split
    /// by the provider's tag policy), and its drift from `r` if any.
    fn as_stored(&self, r: &ResourceState, mut live: Obj) -> (Obj, Option<Drift>) {
        let Some(rt) = resources::resource_type(&r.type_name) else { return (live, None) };
        if rt.schema().attr("region").is_some() {
            live.insert("region".to_string(), serde_json::Value::from(r.region.as_str()));
        }
        let (own, all) = (r.attributes.get("tags"), r.attributes.get("tags_all"));
        live = self.tag_policy(&r.provider).incoming(rt.schema(), live, own, all);
        let (mut attrs, mut blocks) = drift_diff(rt.schema(), &r.attributes, &live);
        // As the provider does: a block kept live when unset (a role's inline policies, maybe
        // written by `aws_iam_role_policy`) is managed, and its drift reported, only when the
        // resource's configuration declares it; likewise a shared attribute.
        if let Some(rc) = self.config.resource(&r.address.config()) {
            attrs.retain(|a| {
                let shared = rt.schema().attr(&a.name).is_some_and(|at| at.shared);
                !shared || rc.attrs.contains_key(&a.name)
            });
            blocks.retain(|b| {
                let unmanaged = rt.schema().block(&b.name).is_some_and(|bt| bt.keep_live_when_unset);
                !unmanaged || rc.blocks.contains_key(&b.name)
            });
        }
        if attrs.is_empty() && blocks.is_empty() {
            return (live, None);
        }
        let drift = Drift {
            addr: r.address.clone(),
            deleted: false,
            stored: r.attributes.clone(),
            live: Some(live.clone()),
            attrs,
            blocks,
            summary: String::new(),
        };
        (live, Some(drift))
    }

    /// Computes the plan from the stored state `prior` (`prior_existed`: whether a state file
    /// was there at all). With `refresh_only`, only the drift matters: nothing is planned.
    ///
    /// A caller that no longer needs the stored state passes it owned: its objects are then
    /// freed once refreshed (a plan's memory is mostly copies of objects).
    pub async fn plan_with(
        &self,
        prior: Cow<'_, State>,
        prior_existed: bool,
        mode: PlanMode,
        refresh_only: bool,
    ) -> Result<Plan, PlanError> {
        let identity = StateIdentity { existed: prior_existed, lineage: prior.lineage.clone(), serial: prior.serial };
        let mut plan = self.plan(prior, mode).await?;
        plan.prior = identity;
        if refresh_only {
            plan.refresh_only = true;
            plan.changes.iter_mut().for_each(|c| c.action = Action::NoOp);
        }
        Ok(plan)
    }

    /// Computes the plan from the stored state `prior`.
    ///
    /// Expected flow: refresh every stored object (concurrently); walk the configuration's
    /// blocks in dependency order with the shared walker, planning each block's instances
    /// (data reads, imports and adoptions of blocks whose dependencies are planned run
    /// concurrently, up to `parallelism`); plan stored objects no longer configured as
    /// deletes; check `prevent_destroy`; evaluate outputs; annotate the changes for readers.
    ///
    /// Guarantees: nothing in the account is changed; `prior`, when owned, loses its objects'
    /// attributes after the refresh (only which addresses were stored, and the pending
    /// creates, matter from then on).
    pub async fn plan(&self, prior: Cow<'_, State>, mode: PlanMode) -> Result<Plan, PlanError> {
        let mut diags = Diags::new();
        let regions = self.regions(&mut diags);
        if diags.has_errors() {
            return Err(PlanError::Config(diags));
        }
        // `moved` blocks rename stored objects before anything is compared (on a copy, made
        // only when there are some: the state is the largest thing a plan holds).
        let module_moves: Vec<_> = self.config.modules().into_iter().flat_map(|m| m.module_moves.iter()).collect();
        let moves = self.config.all_moves();
        let mut prior = prior;
        // A state Terraform wrote does not say the region of an object whose attributes do not
        // (a global type's): it is its provider configuration's (copied only when so).
        if prior.resources.iter().any(|r| r.region.is_empty()) {
            for r in prior.to_mut().resources.iter_mut().filter(|r| r.region.is_empty()) {
                r.region = self.placement(&regions, &r.address).0;
            }
        }
        let mut moved = if module_moves.is_empty() && moves.is_empty() {
            BTreeMap::new()
        } else {
            super::moves::apply_moves(&module_moves, &moves, prior.to_mut(), &mut diags)
        };
        // The state is copied only when an implied move is due.
        let implied = super::moves::implied_moves(self.config, &prior);
        if !implied.is_empty() {
            super::moves::apply_implied_moves(implied, prior.to_mut(), &mut moved);
        }
        if diags.has_errors() {
            return Err(PlanError::Config(diags));
        }
        let (refreshed, drift) = self.refresh(&prior).await?;
        if let Cow::Owned(p) = &mut prior {
            // The refreshed record and the drift hold their own copies from here on.
            p.resources.iter_mut().for_each(|r| r.attributes = Obj::new());
        }
        let prior = &*prior;
        let mut run = Expansion::new(self, prior, refreshed, regions);
        if mode == PlanMode::Normal {
            self.walk(&mut run).await?;
        }
        let Expansion { world, mut refreshed, mut changes, data, configured, mut diags, .. } = run;
        diags.extend(world.take_diags());
        self.plan_unconfigured(&mut refreshed, &configured, &mut changes, mode);
        for c in &mut changes {
            c.previous_address = moved.get(&c.addr).cloned();
        }
        self.check_prevent_destroy(&changes, &mut diags);
        let secrets = crate::config::vars::sensitive_values(self.config, self.vars);
        let outputs =
            if mode == PlanMode::Normal { self.outputs(&world, &secrets, &mut diags) } else { BTreeMap::new() };
        let checks =
            if mode == PlanMode::Normal { super::conditions::run_checks(self.config, &world) } else { Vec::new() };
        // The values references saw are no longer needed: freed before the changes are
        // sorted and annotated, where a plan's memory peaks.
        drop(world);
        if diags.has_errors() {
            return Err(PlanError::Config(diags));
        }
        super::expand::restore(&mut refreshed, &changes);
        // Addresses are unique, so an unstable sort gives the one order (without a buffer).
        changes.sort_unstable_by(|a, b| a.addr.cmp(&b.addr));
        self.focus.narrow(&mut changes, self.graph, mode == PlanMode::Destroy);
        changes.iter_mut().for_each(super::notes::annotate);
        super::preflight::check(self, &mut changes).await;
        for c in &mut changes {
            c.sensitive = sensitive_attrs(c, &secrets);
            if !secrets.is_empty() {
                c.sensitive_paths = secret_paths(c, &secrets);
            }
        }
        Ok(Plan {
            changes,
            drift,
            refreshed,
            data,
            outputs,
            mode,
            refresh_only: false,
            prior: StateIdentity { existed: true, lineage: prior.lineage.clone(), serial: prior.serial },
            configuration: super::configuration::configuration_json(self.config),
            variables: self.vars.clone(),
            sensitive_variables: self
                .config
                .variables
                .values()
                .filter(|v| v.sensitive)
                .map(|v| v.name.clone())
                .collect(),
            checks,
        })
    }

    /// Walks the configuration's blocks in dependency order with the shared walker, planning
    /// each block's instances into `run` (reads, imports and adoptions run concurrently, up to
    /// `parallelism`).
    async fn walk(&self, run: &mut Expansion<'_, '_>) -> Result<(), PlanError> {
        let dag = self.graph.dag();
        let mut walk = dag.walker(self.parallelism);
        loop {
            while let Some(block) = walk.next_ready() {
                match run.start(&block) {
                    Start::Run(fut) => walk.run(&block, fut),
                    Start::Done => walk.succeeded(&block),
                    Start::Failed => walk.failed(&block),
                }
            }
            let Some((block, looked_up)) = walk.next_done().await else { return Ok(()) };
            run.finish(looked_up?);
            walk.succeeded(&block);
        }
    }

    /// Plans the stored objects the configuration no longer declares: deleted, or forgotten
    /// (a `removed` block), in which case they leave the state the apply starts from.
    fn plan_unconfigured(
        &self,
        refreshed: &mut State,
        configured: &std::collections::BTreeSet<Address>,
        changes: &mut Vec<ResourceChange>,
        mode: PlanMode,
    ) {
        for r in &refreshed.resources {
            if configured.contains(&r.address) {
                continue;
            }
            if super::moves::forgotten(self.config, &r.address) {
                changes.push(super::moves::forget(r));
            } else {
                changes.push(orphan(r, mode));
            }
        }
        refreshed
            .resources
            .retain(|r| configured.contains(&r.address) || !super::moves::forgotten(self.config, &r.address));
    }

    /// The outputs' values, their preconditions checked. As Terraform: an output showing a
    /// sensitive value (one of `secrets`) must say it is sensitive.
    fn outputs(&self, world: &World, secrets: &[String], diags: &mut Diags) -> BTreeMap<String, Value> {
        let mut outputs = BTreeMap::new();
        for o in self.config.outputs.values() {
            let what = format!("output.{}", o.name);
            super::conditions::check_rules(&o.preconditions, "precondition", &what, world, diags);
            let v = eval(&o.value.expr, o.value.file, world, diags);
            if has_infinity(&v) {
                diags.push(
                    Diag::error("baseline::output::infinity", format!("output `{}` is infinite", o.name))
                        .at(o.value.span, "an infinity cannot be stored")
                        .help("a division by zero gives an infinity; check the divisor"),
                );
            }
            let marked = crate::lang::sensitive::deep(&o.value.expr, world);
            if !o.sensitive && (marked || v.to_json().is_some_and(|j| holds(&j, secrets))) {
                diags.push(
                    Diag::error(
                        "baseline::output::sensitive",
                        format!("output `{}` shows a sensitive value but is not declared sensitive", o.name),
                    )
                    .at(o.value.span, "derived from a sensitive variable")
                    .help("add `sensitive = true` to the output block"),
                );
            }
            outputs.insert(o.name.clone(), v);
        }
        outputs
    }

    /// An error for each destroy or replacement of a resource with `prevent_destroy`.
    fn check_prevent_destroy(&self, changes: &[ResourceChange], diags: &mut Diags) {
        for c in changes {
            if !matches!(c.action, Action::Delete | Action::Replace { .. }) {
                continue;
            }
            if let Some(rc) = self.config.resource(&c.addr.config()).filter(|rc| rc.lifecycle.prevent_destroy) {
                diags.push(
                    Diag::error(
                        "baseline::plan::prevent_destroy",
                        format!("`{}` has lifecycle.prevent_destroy set, but the plan would destroy it", c.addr),
                    )
                    .at(rc.span, "protected resource")
                    .help(match c.action {
                        Action::Replace { .. } => "change the configuration so it does not force replacement, or remove prevent_destroy deliberately",
                        _ => "remove prevent_destroy first if you really mean to destroy it",
                    }),
                );
            }
        }
    }
}

/// The stored objects in groups to read together: one each, except for types whose APIs
/// describe many objects in one call, grouped by (type, provider, region) (a provider alias
/// may be another account).
fn read_groups(prior: &State) -> Vec<Vec<&ResourceState>> {
    let mut groups: Vec<Vec<&ResourceState>> = Vec::new();
    let mut batched: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    for r in &prior.resources {
        match resources::resource_type(&r.type_name) {
            Some(rt) if rt.batch_read() => {
                let key = (r.type_name.as_str(), r.provider.as_str(), r.region.as_str());
                match batched.get(&key) {
                    Some(&i) => groups[i].push(r),
                    None => {
                        batched.insert(key, groups.len());
                        groups.push(vec![r]);
                    }
                }
            }
            _ => groups.push(vec![r]),
        }
    }
    groups
}

/// A stored object's attributes as a diff: kept as they are (`kept`), or going to null.
pub(super) fn stored_attrs(r: &ResourceState, kept: bool) -> Vec<AttrDiff> {
    let schema = resources::resource_type(&r.type_name).map(|t| t.schema());
    schema
        .map(|s| {
            s.attrs
                .iter()
                .map(|a| {
                    let before = r.attributes.get(a.name).cloned().unwrap_or(Json::Null);
                    AttrDiff {
                        name: a.name.to_string(),
                        after: if kept { Value::from_json(&before) } else { Value::NULL },
                        before: Some(before),
                        changed: !kept,
                        forces_replacement: false,
                        json_doc: a.json,
                        explain: None,
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The delete of a stored object that the configuration no longer declares.
fn orphan(r: &ResourceState, mode: PlanMode) -> ResourceChange {
    ResourceChange {
        deposed: r.deposed.clone(),
        before: Some(r.attributes.clone()),
        attrs: stored_attrs(r, false),
        reason: (mode == PlanMode::Normal).then(|| "it is no longer in the configuration".to_string()),
        ..ResourceChange::new(r.address.clone(), Action::Delete, r.region.clone(), r.provider.clone())
    }
}

/// Evaluates every resource's arguments without an account (data sources read as unknown),
/// reporting type and value mistakes. Used by `validate`.
pub fn check_values(config: &Config, graph: &Graph, vars: &BTreeMap<String, Value>, diags: &mut Diags) {
    check_values_in(World::new(config, vars), config, graph, diags);
}

/// [`check_values`] as `terraform validate` evaluates a configuration: every input variable
/// unknown, the root module's and every child module's (defaults not used), so a module is
/// checked for any value a caller may give it.
pub fn validate_values(config: &Config, graph: &Graph, diags: &mut Diags) {
    let vars: BTreeMap<String, Value> = config.variables.keys().map(|k| (k.clone(), Value::UNKNOWN)).collect();
    check_values_in(World::new(config, &vars).with_unknown_inputs(), config, graph, diags);
}

fn check_values_in(mut world: World, config: &Config, graph: &Graph, diags: &mut Diags) {
    for config_addr in graph.order() {
        let Some(rc) = config.resource(&config_addr) else {
            continue;
        };
        for inst in instances(rc, &world, true, diags) {
            let addr = inst.address(&config_addr);
            let scope = inst.scope(&world);
            match addr.mode {
                Mode::Data => {
                    if let Some(ds) = resources::data_source(&addr.type_name) {
                        desired(rc, ds.schema(), "", &|_| Vec::new(), &scope, &config.sources, diags);
                    }
                    world.set_instance(&addr, Value::UNKNOWN);
                }
                Mode::Managed => {
                    let Some(rt) = resources::resource_type(&addr.type_name) else {
                        continue;
                    };
                    let d = desired(rc, rt.schema(), "", &|o| rt.check(o), &scope, &config.sources, diags);
                    let p = plan_object(rt.schema(), &d, None, &rc.lifecycle, false);
                    if inst.key.is_none() && (rc.count.is_some() || rc.for_each.is_some()) {
                        // Instances not known yet: references to them read as unknown.
                        world.set(addr.instance(None), Value::UNKNOWN);
                    } else {
                        world.set_instance(&addr, Value::object(p.after));
                    }
                }
            }
        }
    }
    for o in config.outputs.values() {
        eval(&o.value.expr, o.value.file, &world, diags);
    }
    // Unused locals are checked too, and the modules' outputs and locals.
    for name in config.locals.keys() {
        crate::lang::Resolver::local(&world, name, diags);
    }
    world.check_module_outputs(diags);
}

/// The attributes of `c` to hide: secrets by nature (the schema says so), and whatever holds
/// one of `secrets` (sensitive values).
fn sensitive_attrs(c: &ResourceChange, secrets: &[String]) -> Vec<String> {
    let schema = resources::resource_type(&c.addr.type_name).map(|rt| rt.schema());
    let mut marked: Vec<String> =
        schema.into_iter().flat_map(|s| s.attrs.iter()).filter(|a| a.sensitive).map(|a| a.name.to_string()).collect();
    if !secrets.is_empty() {
        marked.extend(holding(c, secrets));
    }
    marked.sort();
    marked.dedup();
    marked
}

/// The attributes and blocks of `c` whose value before or after holds one of `secrets`.
fn holding(c: &ResourceChange, secrets: &[String]) -> Vec<String> {
    let before = c.before.iter().flat_map(|b| b.iter().map(|(k, v)| (k, v.clone())));
    let after = c.after.iter().filter_map(|(k, v)| Some((k, v.to_json()?)));
    let mut out: Vec<String> = before.chain(after).filter(|(_, v)| holds(v, secrets)).map(|(k, _)| k.clone()).collect();
    out.sort();
    out.dedup();
    out
}

/// The paths to the values of `c`'s planned object that hold one of `secrets`, in Terraform's
/// notation: an attribute or an object's key is `get_attr`, a map's key or a list's position
/// is `index`; a set is marked whole (its elements have no address).
fn secret_paths(c: &ResourceChange, secrets: &[String]) -> Vec<serde_json::Value> {
    use serde_json::{json, Value as Json};
    fn walk(v: &Json, map: bool, path: &mut Vec<Json>, secrets: &[String], out: &mut Vec<Json>) {
        match v {
            Json::Object(o) => {
                for (k, x) in o {
                    path.push(if map {
                        json!({ "type": "index", "value": { "value": k, "type": "string" } })
                    } else {
                        json!({ "type": "get_attr", "value": k })
                    });
                    walk(x, false, path, secrets, out);
                    path.pop();
                }
            }
            Json::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    path.push(json!({ "type": "index", "value": { "value": i, "type": "number" } }));
                    walk(x, false, path, secrets, out);
                    path.pop();
                }
            }
            leaf if holds(leaf, secrets) => out.push(Json::Array(path.clone())),
            _ => {}
        }
    }
    let schema = resources::resource_type(&c.addr.type_name).map(|rt| rt.schema());
    let mut out = Vec::new();
    for (k, v) in &c.after {
        let Some(j) = v.to_json() else { continue };
        if !holds(&j, secrets) {
            continue;
        }
        let ty = schema.and_then(|s| s.attr(k)).map(|a| a.ty);
        let mut path = vec![json!({ "type": "get_attr", "value": k })];
        match ty {
            Some(crate::schema::Ty::StringSet) => out.push(Json::Array(path)),
            Some(crate::schema::Ty::StringMap | crate::schema::Ty::StringSetMap) => {
                walk(&j, true, &mut path, secrets, &mut out)
            }
            _ => walk(&j, false, &mut path, secrets, &mut out),
        }
    }
    out
}

/// True when `j` holds one of `secrets` (inside a string, or as a number).
fn holds(j: &serde_json::Value, secrets: &[String]) -> bool {
    match j {
        serde_json::Value::String(s) => secrets.iter().any(|x| s.contains(x.as_str())),
        serde_json::Value::Number(n) => secrets.iter().any(|x| *x == n.to_string()),
        serde_json::Value::Array(a) => a.iter().any(|x| holds(x, secrets)),
        serde_json::Value::Object(o) => o.values().any(|x| holds(x, secrets)),
        _ => false,
    }
}

/// Whether any number in `v` is infinite (JSON, so plans and states, cannot hold one).
fn has_infinity(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_inf(),
        Value::List(l) => l.iter().any(has_infinity),
        Value::Object(m) => m.values().any(has_infinity),
        _ => false,
    }
}
