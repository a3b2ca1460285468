//! Custom conditions and replacement triggers: `precondition` and `postcondition` blocks
//! (the latter reading the object as `self`), output preconditions, `check` assertions, and
//! `replace_triggered_by`.

use hcl_edit::expr::{Expression, TraversalOperator};

use super::{Action, ResourceChange};
use crate::addr::{Address, InstanceKey, ModuleStep};
use crate::config::{Expr, Validation};
use crate::diag::{Diag, Diags};
use crate::lang::{eval, Resolver, Value};

pub use crate::config::Outcome;

/// Evaluates one rule; a condition that is neither true nor false is an error (and passes).
pub fn evaluate(rule: &Validation, r: &dyn Resolver, diags: &mut Diags) -> Outcome {
    match rule.evaluate(r, diags) {
        Outcome::NotBool(ty) => {
            diags.push(
                Diag::error("baseline::plan::condition", format!("a condition must be true or false, not {ty}"))
                    .at(rule.condition.span, "not a bool"),
            );
            Outcome::Pass
        }
        o => o,
    }
}

/// Checks `rules` (`kind`: "precondition" or "postcondition" of `what`); each false one is an
/// error at its condition. Returns true when every rule passed (unknown ones count as passed:
/// they are checked again during apply).
pub fn check_rules(rules: &[Validation], kind: &str, what: &str, r: &dyn Resolver, diags: &mut Diags) -> bool {
    let mut ok = true;
    for rule in rules {
        if let Outcome::Fail(msg) = evaluate(rule, r, diags) {
            ok = false;
            let code =
                if kind == "precondition" { "baseline::plan::precondition" } else { "baseline::plan::postcondition" };
            diags.push(
                Diag::error(code, format!("{kind} of `{what}` failed: {msg}"))
                    .at(rule.condition.span, "this condition is false"),
            );
        }
    }
    ok
}

/// A resolver with `self` (the object a postcondition checks).
pub struct WithSelf<'r> {
    pub inner: &'r dyn Resolver,
    pub me: Value,
}

impl Resolver for WithSelf<'_> {
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
    fn each(&self) -> Option<(Value, Value)> {
        self.inner.each()
    }
    fn count_index(&self) -> Option<Value> {
        self.inner.count_index()
    }
    fn path(&self, which: &str) -> Option<Value> {
        self.inner.path(which)
    }
    fn module(&self, name: &str) -> Option<Value> {
        self.inner.module(name)
    }
    fn self_object(&self) -> Option<Value> {
        Some(self.me.clone())
    }
}

/// Whether a planned change of something `replace_triggered_by` names replaces the resource:
/// a reference to a resource (`aws_x.y`, `aws_x.y[each.key]`) triggers on any planned change of
/// it, a reference to an attribute (`aws_x.y.arn`) on a change of that attribute.
pub fn triggered(triggers: &[Expr], module: &[ModuleStep], r: &dyn Resolver, changes: &[ResourceChange]) -> bool {
    triggers.iter().any(|e| {
        let Some((target, attr)) = trigger_target(e, module, r) else { return false };
        changes.iter().filter(|c| target.matches(&c.addr)).any(|c| match (&attr, c.action) {
            (_, Action::NoOp | Action::Read | Action::Forget) => false,
            (None, _) => true,
            (Some(name), Action::Update | Action::Replace { .. }) => {
                c.attrs.iter().any(|a| &a.name == name && a.changed)
            }
            (Some(_), _) => true,
        })
    })
}

/// A resource, or one of its instances, that a trigger names.
struct Target {
    addr: Address,
    any_instance: bool,
}

impl Target {
    fn matches(&self, a: &Address) -> bool {
        if self.any_instance {
            a.instance(None) == self.addr
        } else {
            *a == self.addr
        }
    }
}

/// The resource (instance) and attribute a trigger expression refers to.
fn trigger_target(e: &Expr, module: &[ModuleStep], r: &dyn Resolver) -> Option<(Target, Option<String>)> {
    let Expression::Traversal(t) = &e.expr else { return None };
    let Expression::Variable(root) = &t.expr else { return None };
    let mut ops = t.operators.iter().map(|o| o.value());
    let Some(TraversalOperator::GetAttr(name)) = ops.next() else { return None };
    let base = Address::managed(root.as_str(), name.as_str()).in_module(module);
    let mut rest: Vec<&TraversalOperator> = ops.collect();
    let key = match rest.first() {
        Some(TraversalOperator::Index(ix)) => {
            let k = eval(ix, e.file, r, &mut Diags::new());
            rest.remove(0);
            match k {
                Value::String(s) => Some(InstanceKey::Key(s)),
                Value::Number(n) => Some(InstanceKey::Index(n.to_i64()?)),
                _ => return None,
            }
        }
        _ => None,
    };
    let attr = match rest.first() {
        Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_string()),
        _ => None,
    };
    let any_instance = key.is_none();
    Some((Target { addr: base.instance(key), any_instance }, attr))
}

/// The result of one `check` block.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CheckResult {
    pub name: String,
    /// `pass`, `fail` or `unknown` (decided only after apply), as Terraform's JSON says.
    pub status: String,
    /// The error messages of the assertions that failed.
    pub problems: Vec<String>,
}

/// Evaluates every `check` block of the root module with `r`. Failures are warnings for the
/// caller to show; they never stop a plan or an apply.
pub fn run_checks(config: &crate::config::Config, r: &dyn Resolver) -> Vec<CheckResult> {
    config
        .checks
        .iter()
        .map(|c| {
            let mut problems = Vec::new();
            let mut unknown = false;
            for a in &c.asserts {
                match evaluate(a, r, &mut Diags::new()) {
                    // `evaluate` reports a condition that is not a bool (and passes it).
                    Outcome::Pass | Outcome::NotBool(_) => {}
                    Outcome::Unknown => unknown = true,
                    Outcome::Fail(m) => problems.push(m),
                }
            }
            let status = match (problems.is_empty(), unknown) {
                (false, _) => "fail",
                (true, true) => "unknown",
                (true, false) => "pass",
            };
            CheckResult { name: c.name.clone(), status: status.into(), problems }
        })
        .collect()
}

/// The warnings for failed checks, and for checks known only after apply (as Terraform
/// warns of both), at their `check` blocks.
pub fn check_warnings(config: &crate::config::Config, results: &[CheckResult]) -> Diags {
    let mut d = Diags::new();
    for r in results.iter().filter(|r| r.status == "unknown") {
        let span = config.checks.iter().find(|c| c.name == r.name).and_then(|c| c.span);
        d.push(
            Diag::warning("baseline::check::unknown", format!("check `{}`: assertion known after apply", r.name))
                .at(span, "not known yet")
                .help("the condition could not be evaluated now; its result will be known when this plan is applied"),
        );
    }
    for r in results.iter().filter(|r| r.status == "fail") {
        let span = config.checks.iter().find(|c| c.name == r.name).and_then(|c| c.span);
        for m in &r.problems {
            d.push(
                Diag::warning("baseline::check::failed", format!("check `{}` failed: {m}", r.name))
                    .at(span, "assertion failed")
                    .help("checks report problems without stopping plan or apply"),
            );
        }
    }
    d
}
