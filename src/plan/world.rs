//! The values references resolve to while planning or applying: variables, local values
//! (evaluated on demand), and each resource's current object.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::addr::{Address, InstanceKey};
use crate::config::Config;
use crate::diag::Diags;
use crate::lang::{eval, Resolver, Value};
use crate::resources::Obj;

/// What `var.`, `local.` and resource references see.
pub struct World<'a> {
    pub config: &'a Config,
    pub vars: &'a BTreeMap<String, Value>,
    objects: BTreeMap<Address, Value>,
    locals: RefCell<BTreeMap<String, Value>>,
    evaluating: RefCell<Vec<String>>,
}

impl<'a> World<'a> {
    /// A world with no resource values yet (declared resources read as unknown).
    pub fn new(config: &'a Config, vars: &'a BTreeMap<String, Value>) -> World<'a> {
        World { config, vars, objects: BTreeMap::new(), locals: RefCell::default(), evaluating: RefCell::default() }
    }

    /// Sets a resource's object. Cached local values are dropped since they may depend on it.
    pub fn set(&mut self, addr: Address, v: Value) {
        self.objects.insert(addr, v);
        self.locals.borrow_mut().clear();
    }

    /// Sets a resource's object from stored attributes.
    pub fn set_obj(&mut self, addr: Address, o: &Obj) {
        self.set(addr, Value::from_json(&serde_json::Value::Object(o.clone())));
    }

    /// Sets one instance's object: a resource without count/for_each is the object itself;
    /// `count` instances form a list and `for_each` instances a map under the block's address.
    pub fn set_instance(&mut self, addr: &Address, v: Value) {
        let config = addr.config();
        match &addr.key {
            None => self.set(config, v),
            Some(InstanceKey::Index(i)) => {
                let i = usize::try_from(*i).unwrap_or(0);
                let mut list = match self.objects.remove(&config) {
                    Some(Value::List(l)) => l,
                    _ => Vec::new(),
                };
                if list.len() <= i {
                    list.resize(i + 1, Value::Unknown);
                }
                list[i] = v;
                self.set(config, Value::List(list));
            }
            Some(InstanceKey::Key(k)) => {
                let mut map = match self.objects.remove(&config) {
                    Some(Value::Object(m)) => m,
                    _ => BTreeMap::new(),
                };
                map.insert(k.clone(), v);
                self.set(config, Value::Object(map));
            }
        }
    }

    /// Sets one instance's object from stored attributes.
    pub fn set_instance_obj(&mut self, addr: &Address, o: &Obj) {
        self.set_instance(addr, Value::from_json(&serde_json::Value::Object(o.clone())));
    }
}

impl Resolver for World<'_> {
    fn var(&self, name: &str) -> Option<Value> {
        self.vars.get(name).cloned()
    }

    fn local(&self, name: &str, diags: &mut Diags) -> Option<Value> {
        let l = self.config.locals.get(name)?;
        if let Some(v) = self.locals.borrow().get(name) {
            return Some(v.clone());
        }
        // A cycle among locals is reported by the graph; here it just reads as unknown.
        if self.evaluating.borrow().iter().any(|n| n == name) {
            return Some(Value::Unknown);
        }
        self.evaluating.borrow_mut().push(name.to_string());
        let v = eval(&l.value.expr, l.value.file, self, diags);
        self.evaluating.borrow_mut().pop();
        self.locals.borrow_mut().insert(name.to_string(), v.clone());
        Some(v)
    }

    fn object(&self, addr: &Address) -> Option<Value> {
        match self.objects.get(addr) {
            Some(v) => Some(v.clone()),
            None => self.config.resource(addr).map(|_| Value::Unknown),
        }
    }

    fn path(&self, which: &str) -> Option<Value> {
        let p = &self.config.paths;
        match which {
            "module" => Some(Value::str(&p.module)),
            "root" => Some(Value::str(&p.root)),
            "cwd" => Some(Value::str(&p.cwd)),
            _ => None,
        }
    }
}

/// A resolver for one instance of a `for_each`/`count` resource: the world plus `each` or
/// `count.index`.
pub struct Scoped<'w, 'a> {
    pub world: &'w World<'a>,
    pub each: Option<(Value, Value)>,
    pub count: Option<Value>,
}

impl Resolver for Scoped<'_, '_> {
    fn var(&self, name: &str) -> Option<Value> {
        self.world.var(name)
    }
    fn local(&self, name: &str, diags: &mut Diags) -> Option<Value> {
        self.world.local(name, diags)
    }
    fn object(&self, addr: &Address) -> Option<Value> {
        self.world.object(addr)
    }
    fn path(&self, which: &str) -> Option<Value> {
        self.world.path(which)
    }
    fn each(&self) -> Option<(Value, Value)> {
        self.each.clone()
    }
    fn count_index(&self) -> Option<Value> {
        self.count.clone()
    }
}

/// One instance to plan: its key and what `each`/`count.index` read as.
#[derive(Debug, Clone)]
pub struct Instance {
    pub key: Option<InstanceKey>,
    pub each: Option<(Value, Value)>,
    pub count: Option<Value>,
}

/// The instances of a resource block. `count` and `for_each` must be known while planning;
/// when they are not (or are invalid), a diagnostic is pushed and, if `lenient`, one instance
/// with unknown `each`/`count.index` stands in (so `validate` can still check the body).
pub fn instances(rc: &crate::config::ResourceConfig, world: &World, lenient: bool, diags: &mut Diags) -> Vec<Instance> {
    let single = || vec![Instance { key: None, each: None, count: None }];
    let unknown = |each: bool| {
        vec![Instance {
            key: None,
            each: each.then_some((Value::Unknown, Value::Unknown)),
            count: (!each).then_some(Value::Unknown),
        }]
    };
    let err = |diags: &mut Diags, e: &crate::config::Expr, msg: String| {
        diags.push(crate::diag::Diag::error("baseline::config::expansion", msg).at(e.span, "here"));
    };
    if let Some(e) = &rc.count {
        let v = eval(&e.expr, e.file, world, diags);
        return match v {
            Value::Unknown if lenient => unknown(false),
            Value::Unknown => {
                err(
                    diags,
                    e,
                    "`count` depends on values known only after apply; it must be known while planning".into(),
                );
                Vec::new()
            }
            v => match v.as_f64() {
                Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 10_000.0 => (0..f as i64)
                    .map(|i| Instance {
                        key: Some(InstanceKey::Index(i)),
                        each: None,
                        count: Some(Value::num(i as f64)),
                    })
                    .collect(),
                _ => {
                    err(diags, e, format!("`count` must be a whole number from 0 to 9999, got {v}"));
                    if lenient {
                        unknown(false)
                    } else {
                        Vec::new()
                    }
                }
            },
        };
    }
    if let Some(e) = &rc.for_each {
        let v = eval(&e.expr, e.file, world, diags);
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
        return match (keys_known, pairs) {
            (false, _) if lenient => unknown(true),
            (false, _) => {
                err(
                    diags,
                    e,
                    "`for_each` depends on values known only after apply; its keys must be known while planning".into(),
                );
                Vec::new()
            }
            (true, Some(mut pairs)) => {
                pairs.sort_by(|a, b| a.0.cmp(&b.0));
                pairs.dedup_by(|a, b| a.0 == b.0);
                pairs
                    .into_iter()
                    .map(|(k, val)| Instance {
                        key: Some(InstanceKey::Key(k.clone())),
                        each: Some((Value::String(k), val)),
                        count: None,
                    })
                    .collect()
            }
            (true, None) => {
                err(diags, e, format!("`for_each` needs a set of strings or a map, got {}", v.type_name()));
                if lenient {
                    unknown(true)
                } else {
                    Vec::new()
                }
            }
        };
    }
    single()
}
