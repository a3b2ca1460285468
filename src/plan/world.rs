//! The values references resolve to while planning or applying: variables, local values
//! (evaluated on demand), and each resource's current object.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::addr::Address;
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
}
