//! The values references resolve to while planning or applying: variables, local values,
//! module inputs and outputs (evaluated on demand, per module instance), and each resource's
//! current object.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::addr::{Address, InstanceKey, ModuleStep};
use crate::config::{Config, Expr};
use crate::diag::{Diag, Diags};
use crate::lang::{eval, Kind, NoReferences, Resolver, Seq, Value};
use crate::resources::Obj;

/// A value cached for one module instance.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Cached {
    Local(Vec<ModuleStep>, String),
    /// A child module instance's input variable.
    Input(Vec<ModuleStep>, String),
    /// `module.NAME` as seen from a module instance.
    Call(Vec<ModuleStep>, String),
}

/// What `var.`, `local.`, `module.` and resource references see.
pub struct World<'a> {
    pub config: &'a Config,
    pub vars: &'a BTreeMap<String, Value>,
    /// Each resource's object (a list or map of instance objects for `count`/`for_each`),
    /// by its address in a module instance (module keys, no resource key).
    objects: BTreeMap<Address, Value>,
    cache: RefCell<BTreeMap<Cached, Value>>,
    /// Module instance lists, cached like `cache`.
    instances: RefCell<BTreeMap<Vec<String>, Vec<Instance>>>,
    evaluating: RefCell<Vec<Cached>>,
    /// Mistakes found while evaluating module inputs and outputs, which resolver methods
    /// cannot report directly; see [`World::take_diags`].
    pending: RefCell<Diags>,
    /// Every child module's input variables read as unknown, as `terraform validate` reads
    /// them (their arguments are still evaluated and converted, so mistakes there are found).
    unknown_inputs: bool,
    /// `timestamp()`, `uuid()` and `bcrypt()` have values (apply, console); while planning
    /// they are unknown, as in Terraform.
    impure_known: bool,
}

impl<'a> World<'a> {
    /// A world with no resource values yet (declared resources read as unknown).
    pub fn new(config: &'a Config, vars: &'a BTreeMap<String, Value>) -> World<'a> {
        World {
            config,
            vars,
            objects: BTreeMap::new(),
            cache: RefCell::default(),
            instances: RefCell::default(),
            evaluating: RefCell::default(),
            pending: RefCell::default(),
            unknown_inputs: false,
            impure_known: false,
        }
    }

    /// This world with values for the impure functions (see [`World::impure_known`]).
    pub fn with_impure_known(mut self) -> World<'a> {
        self.impure_known = true;
        self
    }

    /// This world with every child module's input variables unknown (see
    /// [`World::unknown_inputs`]).
    pub fn with_unknown_inputs(mut self) -> World<'a> {
        self.unknown_inputs = true;
        self
    }

    /// Sets a resource's object (by its address in a module instance, without a resource
    /// key). Cached values are dropped since they may depend on it.
    pub fn set(&mut self, addr: Address, v: Value) {
        self.objects.insert(addr, v);
        self.cache.borrow_mut().clear();
        self.instances.borrow_mut().clear();
    }

    /// Sets a resource's object from stored attributes.
    pub fn set_obj(&mut self, addr: Address, o: &Obj) {
        self.set(addr, Value::from_json(&serde_json::Value::Object(o.clone())));
    }

    /// Sets one instance's object: a resource without count/for_each is the object itself;
    /// `count` instances form a list and `for_each` instances a map under the block's address.
    pub fn set_instance(&mut self, addr: &Address, v: Value) {
        let group = addr.instance(None);
        match &addr.key {
            None => self.set(group, v),
            Some(InstanceKey::Index(i)) => {
                let i = usize::try_from(*i).unwrap_or(0);
                let mut list = match self.objects.remove(&group) {
                    Some(Value::List(l)) => l,
                    // `count` instances are a tuple in Terraform; `for_each` ones an object.
                    _ => Seq::with_kind(Vec::new(), Kind::Structural),
                };
                if list.len() <= i {
                    list.resize(i + 1, Value::UNKNOWN);
                }
                list[i] = v;
                self.set(group, Value::List(list));
            }
            Some(InstanceKey::Key(k)) => {
                let mut map = match self.objects.remove(&group) {
                    Some(Value::Object(m)) => m,
                    _ => crate::lang::Obj::with_kind(BTreeMap::new(), Kind::Structural),
                };
                map.insert(k.clone(), v);
                self.set(group, Value::Object(map));
            }
        }
    }

    /// Sets one instance's object from stored attributes.
    pub fn set_instance_obj(&mut self, addr: &Address, o: &Obj) {
        self.set_instance(addr, Value::from_json(&serde_json::Value::Object(o.clone())));
    }

    /// The mistakes found in module inputs and outputs so far (each once).
    pub fn take_diags(&self) -> Diags {
        std::mem::take(&mut *self.pending.borrow_mut())
    }

    /// A resolver for the module instance `path` (empty: the root module).
    pub fn in_module(&self, path: Vec<ModuleStep>) -> InModule<'_, 'a> {
        InModule { world: self, path }
    }

    /// Evaluates once per cache key; a cycle reads as unknown (the graph reports it).
    fn cached(&self, key: Cached, f: impl FnOnce() -> Option<Value>) -> Option<Value> {
        if let Some(v) = self.cache.borrow().get(&key) {
            return Some(v.clone());
        }
        if self.evaluating.borrow().contains(&key) {
            return Some(Value::UNKNOWN);
        }
        self.evaluating.borrow_mut().push(key.clone());
        let v = f();
        self.evaluating.borrow_mut().pop();
        if let Some(v) = &v {
            self.cache.borrow_mut().insert(key, v.clone());
        }
        v
    }

    /// The instances of the module at `names` (its path without keys): every combination of
    /// its callers' instances and its own `count`/`for_each`. Unknown repetition gives one
    /// instance with unknown `each`/`count.index` when `lenient`, none otherwise (reported).
    pub fn module_instances(&self, names: &[String], lenient: bool, diags: &mut Diags) -> Vec<Instance> {
        if names.is_empty() {
            return vec![Instance::root()];
        }
        if let Some(v) = self.instances.borrow().get(names) {
            return v.clone();
        }
        let Some((last, parent)) = names.split_last() else { return vec![Instance::root()] };
        let Some(call) = self.config.call_at(names) else { return Vec::new() };
        let mut out = Vec::new();
        for p in self.module_instances(parent, lenient, diags) {
            let scope = self.in_module(p.module.clone());
            for i in expand(call.count.as_ref(), call.for_each.as_ref(), &scope, lenient, diags) {
                let mut module = p.module.clone();
                module.push(ModuleStep { name: last.clone(), key: i.key.clone() });
                out.push(Instance { module, ..i });
            }
        }
        self.instances.borrow_mut().insert(names.to_vec(), out.clone());
        out
    }

    /// The module instance `path`'s own `each`/`count.index` (for its `module` block's
    /// arguments).
    fn call_instance(&self, path: &[ModuleStep]) -> Option<Instance> {
        let names: Vec<String> = path.iter().map(|s| s.name.clone()).collect();
        let mut quiet = Diags::new();
        self.module_instances(&names, true, &mut quiet).into_iter().find(|i| i.module == path)
    }

    /// The value of input variable `name` in the child module instance `path`: the `module`
    /// block's argument (evaluated in the caller) or the variable's default, converted to
    /// its type.
    fn input(&self, path: &[ModuleStep], name: &str) -> Option<Value> {
        let names: Vec<String> = path.iter().map(|s| s.name.clone()).collect();
        let call = self.config.call_at(&names)?;
        let decl = call.module.as_ref()?.variables.get(name)?;
        self.cached(Cached::Input(path.to_vec(), name.to_string()), || {
            let mut diags = Diags::new();
            let (raw, at) = match call.args.get(name) {
                Some(e) => {
                    let inst = self.call_instance(path).unwrap_or_else(Instance::root);
                    let caller = self.in_module(path[..path.len() - 1].to_vec());
                    let scope = Scoped { module: caller, each: inst.each, count: inst.count };
                    (eval(&e.expr, e.file, &scope, &mut diags), e.span)
                }
                None => match &decl.default {
                    Some(d) => (eval(&d.expr, d.file, &NoReferences, &mut diags), d.span),
                    None => (Value::NULL, call.span),
                },
            };
            // `nullable = false`: a null argument means the default, as Terraform has it.
            let (raw, at) = match (&raw, &decl.default) {
                (Value::Null(_), Some(d)) if !decl.nullable => {
                    (eval(&d.expr, d.file, &NoReferences, &mut diags), d.span)
                }
                _ => (raw, at),
            };
            let v = match decl.ty.convert(&raw) {
                Ok(_) if self.unknown_inputs => Value::UNKNOWN,
                Ok(v) => {
                    self.validate_input(path, decl, &v, at, &mut diags);
                    v
                }
                Err(e) => {
                    diags.push(
                        Diag::error(
                            "baseline::vars::type",
                            format!("invalid value for variable `{name}` of module `{}`: {e}", call.name),
                        )
                        .at(at, "wrong type"),
                    );
                    Value::UNKNOWN
                }
            };
            self.pending.borrow_mut().extend(diags);
            Some(v)
        })
    }

    /// Evaluates the child variable's `validation` rules against `v` (skipped while `v` is
    /// not known); a failed rule is an error at the argument.
    fn validate_input(
        &self,
        path: &[ModuleStep],
        decl: &crate::config::Variable,
        v: &Value,
        at: Option<crate::diag::Span>,
        diags: &mut Diags,
    ) {
        if !v.is_known() {
            return;
        }
        let scope = WithVar { inner: self.in_module(path.to_vec()), name: &decl.name, value: v };
        for rule in &decl.validations {
            let crate::config::Outcome::Fail(message) = rule.evaluate(&scope, diags) else { continue };
            let module = crate::addr::module_path_string(path);
            let mut d = Diag::error(
                "baseline::vars::validation",
                format!("invalid value for variable `{}` of {module}: {message}", decl.name),
            )
            .at(at, "this value");
            if let Some(span) = rule.span {
                d = d.help(format!("checked by the validation rule at {}", self.config.sources.location(span)));
            }
            diags.push(d);
        }
    }

    /// `module.NAME` seen from the module instance `path`: an object of the child's outputs,
    /// or a list (count) or map (for_each) of such objects.
    fn call_value(&self, path: &[ModuleStep], name: &str) -> Option<Value> {
        let mut names: Vec<String> = path.iter().map(|s| s.name.clone()).collect();
        names.push(name.to_string());
        let call = self.config.call_at(&names)?;
        let child = call.module.as_ref()?;
        self.cached(Cached::Call(path.to_vec(), name.to_string()), || {
            let mut diags = Diags::new();
            let all = self.module_instances(&names, true, &mut diags);
            let mine: Vec<&Instance> = all.iter().filter(|i| i.module[..path.len()] == *path).collect();
            let outputs_of = |i: &Instance| {
                let scope = self.in_module(i.module.clone());
                let mut m = BTreeMap::new();
                for o in child.outputs.values() {
                    m.insert(o.name.clone(), eval(&o.value.expr, o.value.file, &scope, &mut Diags::new()));
                }
                Value::object(m)
            };
            let v = if call.count.is_none() && call.for_each.is_none() {
                mine.first().map(|i| outputs_of(i)).unwrap_or(Value::UNKNOWN)
            } else if mine.iter().any(|i| i.module.last().is_some_and(|s| s.key.is_none())) {
                Value::UNKNOWN
            } else if call.count.is_some() {
                Value::tuple(mine.iter().map(|i| outputs_of(i)).collect())
            } else {
                let key = |i: &Instance| match i.module.last().and_then(|s| s.key.clone()) {
                    Some(InstanceKey::Key(k)) => k,
                    _ => String::new(),
                };
                Value::object(mine.iter().map(|i| (key(i), outputs_of(i))).collect())
            };
            Some(v)
        })
    }

    /// Evaluates every output of every instance of every child module, reporting mistakes
    /// (module outputs are otherwise evaluated only when read).
    pub fn check_module_outputs(&self, diags: &mut Diags) {
        for m in self.config.modules().into_iter().skip(1) {
            for inst in self.module_instances(&m.path, true, diags) {
                let scope = self.in_module(inst.module.clone());
                for o in m.outputs.values() {
                    eval(&o.value.expr, o.value.file, &scope, diags);
                }
                for name in m.locals.keys() {
                    scope.local(name, diags);
                }
            }
        }
        diags.extend(self.take_diags());
    }
}

/// A resolver for one module instance (the root module when `path` is empty).
pub struct InModule<'w, 'a> {
    pub world: &'w World<'a>,
    pub path: Vec<ModuleStep>,
}

impl InModule<'_, '_> {
    /// The module's configuration.
    fn config(&self) -> Option<&Config> {
        let names: Vec<String> = self.path.iter().map(|s| s.name.clone()).collect();
        self.world.config.module_at(&names)
    }

    /// The value of a block that has no instance here, as Terraform gives it: an empty tuple
    /// (`count`) or object (`for_each`) when its repetition is known to ask for none, so
    /// `one(x[*].arn)` and `try(x[0].arn, ...)` are known; `None` otherwise.
    fn no_instances(&self, rc: &crate::config::ResourceConfig) -> Option<Value> {
        // Mistakes in the expression are reported where the block is planned, not here.
        let mut quiet = Diags::new();
        let each = rc.for_each.is_some();
        let e = rc.count.as_ref().or(rc.for_each.as_ref())?;
        let v = eval(&e.expr, e.file, self, &mut quiet);
        let empty = match &v {
            Value::Number(_) => v.as_f64() == Some(0.0),
            Value::List(l) => l.is_empty(),
            Value::Object(m) => m.is_empty(),
            _ => false,
        };
        empty.then(|| if each { Value::object(BTreeMap::new()) } else { Value::tuple(Vec::new()) })
    }
}

impl Resolver for InModule<'_, '_> {
    fn impure_unknown(&self) -> bool {
        !self.world.impure_known
    }
    fn var_sensitive(&self, name: &str) -> bool {
        self.config().and_then(|c| c.variables.get(name)).is_some_and(|v| v.sensitive)
    }
    fn local_sensitive(&self, name: &str) -> bool {
        // Locals form no cycle (the graph refuses one), so this recursion ends.
        self.config().and_then(|c| c.locals.get(name)).is_some_and(|l| crate::lang::sensitive::top(&l.value.expr, self))
    }
    fn var(&self, name: &str) -> Option<Value> {
        if self.path.is_empty() {
            return self.world.vars.get(name).cloned();
        }
        self.world.input(&self.path, name)
    }

    fn local(&self, name: &str, diags: &mut Diags) -> Option<Value> {
        let l = self.config()?.locals.get(name)?;
        let key = Cached::Local(self.path.clone(), name.to_string());
        self.world.cached(key, || Some(eval(&l.value.expr, l.value.file, self, diags)))
    }

    fn object(&self, addr: &Address) -> Option<Value> {
        let abs = addr.in_module(&self.path);
        match self.world.objects.get(&abs) {
            Some(v) => Some(v.clone()),
            None => self.world.config.resource(&abs).map(|rc| self.no_instances(rc).unwrap_or(Value::UNKNOWN)),
        }
    }

    fn object_instance(&self, addr: &Address, key: &Value) -> Option<Value> {
        let abs = addr.in_module(&self.path);
        match (self.world.objects.get(&abs)?, key) {
            (Value::Object(m), Value::String(k)) => m.get(k).cloned(),
            (Value::List(l), Value::Number(n)) => {
                let i = usize::try_from(n.to_i64()?).ok()?;
                l.get(i).cloned()
            }
            // Anything else (a missing key, a wrong key type): the general path says why.
            _ => None,
        }
    }

    fn path(&self, which: &str) -> Option<Value> {
        let p = &self.config()?.paths;
        match which {
            "module" => Some(Value::str(&p.module)),
            "root" => Some(Value::str(&p.root)),
            "cwd" => Some(Value::str(&p.cwd)),
            _ => None,
        }
    }

    fn module(&self, name: &str) -> Option<Value> {
        self.world.call_value(&self.path, name)
    }

    fn workspace(&self) -> Option<Value> {
        Some(Value::str(self.world.config.workspace.as_deref().unwrap_or("default")))
    }
}

impl Resolver for World<'_> {
    fn impure_unknown(&self) -> bool {
        !self.impure_known
    }
    fn var_sensitive(&self, name: &str) -> bool {
        self.in_module(Vec::new()).var_sensitive(name)
    }
    fn local_sensitive(&self, name: &str) -> bool {
        self.in_module(Vec::new()).local_sensitive(name)
    }
    fn var(&self, name: &str) -> Option<Value> {
        self.vars.get(name).cloned()
    }
    fn local(&self, name: &str, diags: &mut Diags) -> Option<Value> {
        self.in_module(Vec::new()).local(name, diags)
    }
    fn object(&self, addr: &Address) -> Option<Value> {
        self.in_module(Vec::new()).object(addr)
    }
    fn object_instance(&self, addr: &Address, key: &Value) -> Option<Value> {
        self.in_module(Vec::new()).object_instance(addr, key)
    }
    fn path(&self, which: &str) -> Option<Value> {
        self.in_module(Vec::new()).path(which)
    }
    fn module(&self, name: &str) -> Option<Value> {
        self.call_value(&[], name)
    }
    fn workspace(&self) -> Option<Value> {
        self.in_module(Vec::new()).workspace()
    }
}

/// A module instance's resolver with one variable's value given (for its validation rules,
/// evaluated while the variable's own value is being computed).
struct WithVar<'r, 'w, 'a> {
    inner: InModule<'w, 'a>,
    name: &'r str,
    value: &'r Value,
}

impl Resolver for WithVar<'_, '_, '_> {
    fn var_sensitive(&self, name: &str) -> bool {
        self.inner.var_sensitive(name)
    }
    fn local_sensitive(&self, name: &str) -> bool {
        self.inner.local_sensitive(name)
    }
    fn impure_unknown(&self) -> bool {
        self.inner.impure_unknown()
    }
    fn var(&self, name: &str) -> Option<Value> {
        if name == self.name {
            return Some(self.value.clone());
        }
        self.inner.var(name)
    }
    fn local(&self, name: &str, diags: &mut Diags) -> Option<Value> {
        self.inner.local(name, diags)
    }
    fn object(&self, addr: &Address) -> Option<Value> {
        self.inner.object(addr)
    }
    fn object_instance(&self, addr: &Address, key: &Value) -> Option<Value> {
        self.inner.object_instance(addr, key)
    }
    fn path(&self, which: &str) -> Option<Value> {
        self.inner.path(which)
    }
    fn workspace(&self) -> Option<Value> {
        self.inner.workspace()
    }
}

/// A resolver for one instance of a resource (or of a `module` block's arguments): its module
/// instance plus `each` or `count.index`.
pub struct Scoped<'w, 'a> {
    pub module: InModule<'w, 'a>,
    pub each: Option<(Value, Value)>,
    pub count: Option<Value>,
}

impl Resolver for Scoped<'_, '_> {
    fn var_sensitive(&self, name: &str) -> bool {
        self.module.var_sensitive(name)
    }
    fn local_sensitive(&self, name: &str) -> bool {
        self.module.local_sensitive(name)
    }
    fn impure_unknown(&self) -> bool {
        self.module.impure_unknown()
    }
    fn var(&self, name: &str) -> Option<Value> {
        self.module.var(name)
    }
    fn local(&self, name: &str, diags: &mut Diags) -> Option<Value> {
        self.module.local(name, diags)
    }
    fn object(&self, addr: &Address) -> Option<Value> {
        self.module.object(addr)
    }
    fn object_instance(&self, addr: &Address, key: &Value) -> Option<Value> {
        self.module.object_instance(addr, key)
    }
    fn path(&self, which: &str) -> Option<Value> {
        self.module.path(which)
    }
    fn module(&self, name: &str) -> Option<Value> {
        Resolver::module(&self.module, name)
    }
    fn each(&self) -> Option<(Value, Value)> {
        self.each.clone()
    }
    fn count_index(&self) -> Option<Value> {
        self.count.clone()
    }
    fn workspace(&self) -> Option<Value> {
        self.module.workspace()
    }
}

/// One instance to plan: its module instance, its key, and what `each`/`count.index` read as.
#[derive(Debug, Clone)]
pub struct Instance {
    /// The module instance it lives in (empty: the root module).
    pub module: Vec<ModuleStep>,
    pub key: Option<InstanceKey>,
    pub each: Option<(Value, Value)>,
    pub count: Option<Value>,
}

impl Instance {
    fn root() -> Instance {
        Instance { module: Vec::new(), key: None, each: None, count: None }
    }

    /// The instance's address, from its block's configuration address.
    pub fn address(&self, block: &Address) -> Address {
        Address { module: self.module.clone(), ..block.instance(self.key.clone()) }
    }

    /// The resolver for the instance's expressions.
    pub fn scope<'w, 'a>(&self, world: &'w World<'a>) -> Scoped<'w, 'a> {
        Scoped { module: world.in_module(self.module.clone()), each: self.each.clone(), count: self.count.clone() }
    }
}

/// The instances of a resource block in every instance of its module. `count` and
/// `for_each` must be known while planning; when they are not (or are invalid), a diagnostic
/// is pushed and, if `lenient`, one instance with unknown `each`/`count.index` stands in (so
/// `validate` can still check the body).
pub fn instances(rc: &crate::config::ResourceConfig, world: &World, lenient: bool, diags: &mut Diags) -> Vec<Instance> {
    let mut out = Vec::new();
    for m in world.module_instances(&rc.addr.module_names(), lenient, diags) {
        let scope = world.in_module(m.module.clone());
        for i in expand(rc.count.as_ref(), rc.for_each.as_ref(), &scope, lenient, diags) {
            out.push(Instance { module: m.module.clone(), ..i });
        }
    }
    out
}

/// The repetitions `count` or `for_each` (evaluated with `r`) ask for; one instance without
/// a key when neither is set. `lenient` (validate, without an account): a value unknown or
/// wrong gives one instance whose key and values are unknown, instead of none.
fn expand(
    count: Option<&Expr>,
    for_each: Option<&Expr>,
    r: &dyn Resolver,
    lenient: bool,
    diags: &mut Diags,
) -> Vec<Instance> {
    match (count, for_each) {
        (Some(e), _) => expand_count(e, r, lenient, diags),
        (None, Some(e)) => expand_for_each(e, r, lenient, diags),
        (None, None) => vec![Instance::root()],
    }
}

/// One instance whose key and `count.index` or `each` are unknown.
fn unknown_instance(each: bool) -> Vec<Instance> {
    vec![Instance {
        module: Vec::new(),
        key: None,
        each: each.then_some((Value::UNKNOWN, Value::UNKNOWN)),
        count: (!each).then_some(Value::UNKNOWN),
    }]
}

/// Reports `msg` at `e`; what [`expand`] then gives (see `lenient`).
fn expansion_error(diags: &mut Diags, e: &Expr, msg: String, lenient: bool, each: bool) -> Vec<Instance> {
    diags.push(Diag::error("baseline::config::expansion", msg).at(e.span, "here"));
    if lenient {
        unknown_instance(each)
    } else {
        Vec::new()
    }
}

/// The instances `count = e` asks for: indexes 0 to 9999.
fn expand_count(e: &Expr, r: &dyn Resolver, lenient: bool, diags: &mut Diags) -> Vec<Instance> {
    match eval(&e.expr, e.file, r, diags) {
        Value::Unknown(_) if lenient => unknown_instance(false),
        Value::Unknown(_) => {
            let msg = "`count` depends on values known only after apply; it must be known while planning";
            expansion_error(diags, e, msg.into(), false, false)
        }
        v => match v.as_f64() {
            Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 10_000.0 => (0..f as i64)
                .map(|i| Instance {
                    module: Vec::new(),
                    key: Some(InstanceKey::Index(i)),
                    each: None,
                    count: Some(Value::num(i as f64)),
                })
                .collect(),
            _ => {
                let msg = format!("`count` must be a whole number from 0 to 9999, got {v}");
                expansion_error(diags, e, msg, lenient, false)
            }
        },
    }
}

/// The instances `for_each = e` asks for: a set of strings or a map, one per key in key order.
fn expand_for_each(e: &Expr, r: &dyn Resolver, lenient: bool, diags: &mut Diags) -> Vec<Instance> {
    let v = eval(&e.expr, e.file, r, diags);
    let pairs: Option<Vec<(String, Value)>> = match &v {
        Value::List(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Some((s.clone(), i.clone())),
                _ => None,
            })
            .collect(),
        Value::Object(m) => Some(m.iter().map(|(k, x)| (k.clone(), x.clone())).collect()),
        _ => None,
    };
    // Only the keys must be known: a map's values (each.value) may still be unknown.
    let keys_known = match &v {
        Value::Object(_) => true,
        other => other.is_known(),
    };
    match (keys_known, pairs) {
        (false, _) if lenient => unknown_instance(true),
        (false, _) => {
            let msg = "`for_each` depends on values known only after apply; its keys must be known while planning";
            expansion_error(diags, e, msg.into(), false, true)
        }
        (true, Some(mut pairs)) => {
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            pairs.dedup_by(|a, b| a.0 == b.0);
            pairs
                .into_iter()
                .map(|(k, val)| Instance {
                    module: Vec::new(),
                    key: Some(InstanceKey::Key(k.clone())),
                    each: Some((Value::String(k), val)),
                    count: None,
                })
                .collect()
        }
        (true, None) => {
            let msg = format!("`for_each` needs a set of strings or a map, got {}", v.type_name());
            expansion_error(diags, e, msg, lenient, true)
        }
    }
}
