//! Evaluation of hcl-edit expressions into [`Value`]s.
//!
//! Errors never stop evaluation: they are pushed to the caller's [`Diags`] and the failing
//! sub-expression evaluates to `Unknown`, so one run reports every mistake. Evaluation follows
//! Terraform's rules where they are observable: `&&`/`||` short-circuit, a conditional
//! evaluates only the branch it takes (and neither when the condition is unknown), and any
//! operation on an unknown value is unknown.

use std::collections::BTreeMap;

use hcl_edit::expr::{BinaryOperator, Expression, ForExpr, TraversalOperator, UnaryOperator};

use super::functions;
use super::number::Num;
use super::refs::{classify, namespaced_function, span_of, unknown_function, RefTarget};
use super::types::Type;
use super::value::{Kind, Seq, Value};
use crate::addr::Address;
use crate::diag::{did_you_mean, Diag, Diags, FileId, Span};

/// Where reference values come from during evaluation.
pub trait Resolver {
    /// The value of `var.NAME`, if declared.
    fn var(&self, name: &str) -> Option<Value>;
    /// The value of `local.NAME`, if declared (evaluated on demand).
    fn local(&self, name: &str, diags: &mut Diags) -> Option<Value>;
    /// The object of a resource or data source, if declared. Unknown attributes are `Unknown`.
    /// For `count` resources it is a list of instance objects, for `for_each` a map.
    fn object(&self, addr: &Address) -> Option<Value>;
    /// One instance of a `count` or `for_each` resource (`aws_x.y[KEY]`), looked up without
    /// copying the others; `None` when the resolver cannot (the whole object is then read and
    /// indexed, with the same result).
    fn object_instance(&self, _addr: &Address, _key: &Value) -> Option<Value> {
        None
    }
    /// `each.key` and `each.value`, inside a `for_each` resource.
    fn each(&self) -> Option<(Value, Value)> {
        None
    }
    /// `count.index`, inside a `count` resource.
    fn count_index(&self) -> Option<Value> {
        None
    }
    /// `path.module`, `path.root` or `path.cwd`; `None` where paths are not available.
    fn path(&self, _which: &str) -> Option<Value> {
        None
    }
    /// `terraform.workspace`.
    fn workspace(&self) -> Option<Value> {
        Some(Value::str("default"))
    }
    /// `self`, in a postcondition.
    fn self_object(&self) -> Option<Value> {
        None
    }
    /// `module.NAME`: the outputs of a child module (an object; a list or map of objects for
    /// a module called with `count` or `for_each`), if it is called.
    fn module(&self, _name: &str) -> Option<Value> {
        None
    }
    /// Whether the impure functions (`timestamp`, `uuid`, `bcrypt`) are unknown here: while
    /// planning, as Terraform plans them; known when applying and in the console.
    fn impure_unknown(&self) -> bool {
        false
    }
    /// Whether `var.NAME` is declared `sensitive = true`.
    fn var_sensitive(&self, _name: &str) -> bool {
        false
    }
    /// Whether `local.NAME`'s value is marked sensitive (see `lang::sensitive`).
    fn local_sensitive(&self, _name: &str) -> bool {
        false
    }
    /// True in `baseline console`, where the console-only functions (`type`) exist.
    fn console(&self) -> bool {
        false
    }
}

/// A resolver for contexts where references are not allowed (variable defaults, constants):
/// every reference is undeclared.
pub struct NoReferences;

impl Resolver for NoReferences {
    fn var(&self, _: &str) -> Option<Value> {
        None
    }
    fn local(&self, _: &str, _: &mut Diags) -> Option<Value> {
        None
    }
    fn object(&self, _: &Address) -> Option<Value> {
        None
    }
}

/// Local symbols: the variables of enclosing `for` expressions, template `for` directives and
/// `dynamic` block iterators. Inner scopes shadow outer ones.
#[derive(Debug, Default)]
pub struct Scope<'p> {
    vars: Vec<(String, Value)>,
    parent: Option<&'p Scope<'p>>,
}

impl<'p> Scope<'p> {
    /// A scope with no symbols.
    pub fn empty() -> Scope<'static> {
        Scope { vars: Vec::new(), parent: None }
    }

    /// A scope inside `self` with `vars` added.
    pub fn child(&'p self, vars: Vec<(String, Value)>) -> Scope<'p> {
        Scope { vars, parent: Some(self) }
    }

    fn get(&self, name: &str) -> Option<&Value> {
        match self.vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Some(v),
            None => self.parent.and_then(|p| p.get(name)),
        }
    }
}

/// Evaluates `expr` (from `file`) against `r`. Errors go to `diags`; the failing part is
/// `Unknown`.
pub fn eval(expr: &Expression, file: FileId, r: &dyn Resolver, diags: &mut Diags) -> Value {
    eval_scoped(expr, file, r, &Scope::empty(), diags)
}

/// As [`eval`], with local symbols in `scope` (a `dynamic` block's iterator).
pub fn eval_scoped(expr: &Expression, file: FileId, r: &dyn Resolver, scope: &Scope, diags: &mut Diags) -> Value {
    Evaluator { file, r, scope }.eval(expr, diags)
}

/// A string as cty holds every string: in Unicode normal form C (`"e\u0301"` is `"é"`).
pub(super) fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if s.is_ascii() {
        return s.to_string();
    }
    s.nfc().collect()
}

/// The functions whose result changes from call to call, unknown while planning.
const IMPURE: &[&str] = &["timestamp", "uuid", "bcrypt"];

pub(super) struct Evaluator<'a> {
    pub(super) file: FileId,
    pub(super) r: &'a dyn Resolver,
    pub(super) scope: &'a Scope<'a>,
}

impl Evaluator<'_> {
    pub(super) fn sp(&self, s: &impl hcl_edit::Span) -> Option<Span> {
        span_of(self.file, s)
    }

    pub(super) fn err(&self, diags: &mut Diags, span: Option<Span>, msg: impl Into<String>, label: &str) -> Value {
        diags.push(Diag::error("baseline::lang::eval", msg).at(span, label));
        Value::UNKNOWN
    }

    /// One match arm per expression kind; operators, traversals, calls, `for` and templates
    /// are evaluated by the helpers below.
    pub(super) fn eval(&self, expr: &Expression, diags: &mut Diags) -> Value {
        match expr {
            // The literal's type is `dynamic`: it takes whatever type it meets.
            Expression::Null(_) => Value::Null(crate::lang::Typed::dynamic()),
            Expression::Bool(b) => Value::Bool(*b.value()),
            // From the literal's own text, so `0.1` is the decimal and not a float64's.
            Expression::Number(n) => {
                let text = n.as_repr().map_or_else(|| n.value().to_string(), |r| super::number::literal_text(r));
                match Num::parse(&text) {
                    Some(x) => Value::Number(x),
                    None => self.err(diags, self.sp(n), "number out of range", "here"),
                }
            }
            Expression::String(s) => Value::String(nfc(s.value())),
            Expression::Array(a) => Value::tuple(a.iter().map(|e| self.eval(e, diags)).collect()),
            Expression::Object(o) => self.object(o, diags),
            Expression::StringTemplate(t) => match t.iter().collect::<Vec<_>>().as_slice() {
                // A template that is one interpolation is its value, of any type (HCL's
                // template wrap): `"${1 + 1}"` is the number 2, `"${var.list}"` a list.
                [hcl_edit::template::Element::Interpolation(x)] => self.eval(&x.expr, diags),
                _ => self.template(t, diags),
            },
            Expression::HeredocTemplate(h) => match h.indent() {
                // The parser dedents a `<<-` heredoc's own lines; the lines inside its
                // directives are dedented here by the same amount.
                Some(n) if n > 0 => {
                    let mut t = h.template.clone();
                    super::template::dedent_directives(&mut t, n);
                    self.template(&t, diags)
                }
                _ => self.template(&h.template, diags),
            },
            Expression::Parenthesis(p) => self.eval(p.inner(), diags),
            Expression::Variable(v) => match self.scope.get(v.as_str()) {
                Some(x) => x.clone(),
                None => self.reference(v.as_str(), &[], self.sp(v), diags),
            },
            Expression::Traversal(t) => {
                let span = self.sp(t.as_ref());
                match &t.expr {
                    Expression::Variable(root) => match self.scope.get(root.as_str()) {
                        Some(x) => self.apply_ops(x.clone(), &t.operators, diags),
                        None => self.reference(root.as_str(), &t.operators, span, diags),
                    },
                    other => {
                        let base = self.eval(other, diags);
                        self.apply_ops(base, &t.operators, diags)
                    }
                }
            }
            // Only the branch taken is evaluated, so only its errors are reported.
            Expression::Conditional(c) => match self.eval(&c.cond_expr, diags).string_to_bool() {
                // As HCL: both arms are evaluated, the taken one's errors reported, and the
                // result converted to the type both arms unify to.
                Value::Bool(cond) => {
                    let (mut td, mut fd) = (Diags::new(), Diags::new());
                    let t = self.eval(&c.true_expr, &mut td);
                    let f = self.eval(&c.false_expr, &mut fd);
                    let (taken, other, taken_diags) = if cond { (t, f, td) } else { (f, t, fd) };
                    let failed = taken_diags.has_errors();
                    diags.extend(taken_diags);
                    if failed {
                        return Value::UNKNOWN;
                    }
                    match super::unify::unify_with(taken, &other) {
                        Some(v) => v,
                        None => self.err(
                            diags,
                            self.sp(expr),
                            "Inconsistent conditional result types: the true and false result expressions must have consistent types",
                            "no common type",
                        ),
                    }
                }
                Value::Unknown(_) => Value::UNKNOWN,
                Value::Null(_) => self.err(
                    diags,
                    self.sp(&c.cond_expr),
                    "the condition value is null; conditions must be either true or false",
                    "null condition",
                ),
                v => self.err(
                    diags,
                    self.sp(&c.cond_expr),
                    format!("a condition must be a bool, not {}", v.type_name()),
                    "not a bool",
                ),
            },
            Expression::FuncCall(f) => self.call(f, diags),
            Expression::UnaryOp(u) => {
                let v = self.eval(&u.expr, diags);
                match (u.operator.value(), v.string_to_bool()) {
                    (UnaryOperator::Not, Value::Unknown(_)) => Value::unknown_of(&Type::Bool),
                    (UnaryOperator::Neg, Value::Unknown(_)) => Value::unknown_of(&Type::Number),
                    (UnaryOperator::Not, Value::Bool(b)) => Value::Bool(!b),
                    (UnaryOperator::Neg, v) if v.to_num().is_some() => {
                        v.to_num().map_or(Value::UNKNOWN, |n| Value::Number(n.neg()))
                    }
                    (op, v) => self.err(
                        diags,
                        self.sp(u.as_ref()),
                        format!("cannot apply `{}` to {}", op.as_str(), v.type_name()),
                        "wrong type",
                    ),
                }
            }
            Expression::BinaryOp(b) => {
                let op = *b.operator.value();
                let l = self.eval(&b.lhs_expr, diags);
                // `false && x` and `true || x` do not evaluate `x` (Terraform 1.12+).
                match (op, &l) {
                    (BinaryOperator::And, Value::Bool(false)) => return Value::Bool(false),
                    (BinaryOperator::Or, Value::Bool(true)) => return Value::Bool(true),
                    _ => {}
                }
                let r = self.eval(&b.rhs_expr, diags);
                self.binary(op, l, r, self.sp(b.as_ref()), diags)
            }
            Expression::ForExpr(f) => self.for_expr(f, diags),
        }
    }

    fn object(&self, o: &hcl_edit::expr::Object, diags: &mut Diags) -> Value {
        let mut m = BTreeMap::new();
        let mut unknown_key = false;
        for (k, v) in o.iter() {
            let key = match k {
                hcl_edit::expr::ObjectKey::Ident(id) => id.as_str().to_string(),
                hcl_edit::expr::ObjectKey::Expression(Expression::Variable(id)) => id.as_str().to_string(),
                hcl_edit::expr::ObjectKey::Expression(e) => match self.key(e, "an object key", diags) {
                    Some(k) => k,
                    None => {
                        unknown_key = true;
                        continue;
                    }
                },
            };
            m.insert(key, self.eval(v.expr(), diags));
        }
        if unknown_key {
            Value::UNKNOWN
        } else {
            Value::object(m)
        }
    }

    /// A map key: `None` when it is unknown or not a string (reported).
    fn key(&self, e: &Expression, what: &str, diags: &mut Diags) -> Option<String> {
        match self.eval(e, diags) {
            Value::Unknown(_) => None,
            kv => {
                let s = kv.as_template_string();
                if s.is_none() {
                    let msg = format!("{what} must be a string, not {}", kv.type_name());
                    self.err(diags, self.sp(e), msg, "not a string");
                }
                s
            }
        }
    }

    fn binary(&self, op: BinaryOperator, l: Value, r: Value, span: Option<Span>, diags: &mut Diags) -> Value {
        use BinaryOperator::*;
        match op {
            Eq | NotEq => match l.equals(&r) {
                Some(eq) => Value::Bool(if op == Eq { eq } else { !eq }),
                None => Value::unknown_of(&Type::Bool),
            },
            And | Or => match (l, r) {
                (Value::Bool(a), Value::Bool(b)) => Value::Bool(if op == And { a && b } else { a || b }),
                // An unknown left side is decided by a right side that decides alone.
                (Value::Unknown(_), Value::Bool(b)) if (op == And && !b) || (op == Or && b) => Value::Bool(b),
                (Value::Unknown(_), Value::Bool(_) | Value::Unknown(_)) | (Value::Bool(_), Value::Unknown(_)) => {
                    Value::UNKNOWN
                }
                (a, b) => self.err(
                    diags,
                    span,
                    format!("`{}` needs two bools, got {} and {}", op.as_str(), a.type_name(), b.type_name()),
                    "wrong type",
                ),
            },
            _ => {
                if l.is_unknown() || r.is_unknown() {
                    let comparison = matches!(op, Less | LessEq | Greater | GreaterEq);
                    return Value::unknown_of(if comparison { &Type::Bool } else { &Type::Number });
                }
                let (Some(a), Some(b)) = (l.to_num(), r.to_num()) else {
                    return self.err(
                        diags,
                        span,
                        format!("`{}` needs two numbers, got {} and {}", op.as_str(), l.type_name(), r.type_name()),
                        "wrong type",
                    );
                };
                let result = match op {
                    Plus => a.add(&b),
                    Minus => a.sub(&b),
                    Mul => a.mul(&b),
                    Div => a.div(&b),
                    Mod => a.rem(&b),
                    Less => return Value::Bool(a < b),
                    LessEq => return Value::Bool(a <= b),
                    Greater => return Value::Bool(a > b),
                    GreaterEq => return Value::Bool(a >= b),
                    Eq | NotEq | And | Or => return Value::UNKNOWN, // handled above
                };
                match result {
                    Ok(n) => Value::Number(n),
                    Err(why) => self.err(diags, span, format!("Error during operation: {why}."), "operation failed"),
                }
            }
        }
    }

    /// The pairs a `for` iterates: (index, element) of a list, (key, value) of a map.
    pub(super) fn iteration(
        &self,
        coll: Value,
        span: Option<Span>,
        what: &str,
        diags: &mut Diags,
    ) -> Option<Vec<(Value, Value)>> {
        match coll.pairs() {
            Ok(pairs) => Some(pairs),
            Err(Value::Unknown(_)) => None,
            Err(Value::Null(_)) => {
                self.err(diags, span, format!("a null value cannot be the collection of {what}"), "null collection");
                None
            }
            Err(other) => {
                self.err(
                    diags,
                    span,
                    format!(
                        "{what} can iterate only over a list, set, tuple, map or object, not a {}",
                        other.type_name()
                    ),
                    "not a collection",
                );
                None
            }
        }
    }

    fn for_expr(&self, f: &ForExpr, diags: &mut Diags) -> Value {
        let coll = self.eval(&f.intro.collection_expr, diags);
        let Some(pairs) = self.iteration(coll, self.sp(&f.intro.collection_expr), "a `for` expression", diags) else {
            return Value::UNKNOWN;
        };
        let key_var = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let value_var = f.intro.value_var.as_str().to_string();
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut unknown = false;
        for (k, v) in pairs {
            let mut vars = vec![(value_var.clone(), v)];
            if let Some(kv) = &key_var {
                vars.push((kv.clone(), k));
            }
            let scope = self.scope.child(vars);
            let inner = Evaluator { file: self.file, r: self.r, scope: &scope };
            if let Some(cond) = &f.cond {
                match inner.eval(&cond.expr, diags) {
                    Value::Bool(true) => {}
                    Value::Bool(false) => continue,
                    Value::Unknown(_) => {
                        unknown = true;
                        continue;
                    }
                    other => {
                        self.err(
                            diags,
                            self.sp(&cond.expr),
                            format!("the `if` clause of a `for` expression must be a bool, not {}", other.type_name()),
                            "not a bool",
                        );
                        unknown = true;
                        continue;
                    }
                }
            }
            let Some(key_expr) = &f.key_expr else {
                list.push(inner.eval(&f.value_expr, diags));
                continue;
            };
            let Some(key) = inner.key(key_expr, "a `for` expression's key", diags) else {
                unknown = true;
                continue;
            };
            let value = inner.eval(&f.value_expr, diags);
            if f.grouping {
                groups.entry(key).or_default().push(value);
                continue;
            }
            match map.entry(key) {
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(value);
                }
                std::collections::btree_map::Entry::Occupied(e) => {
                    let key = e.key();
                    self.err(
                        diags,
                        self.sp(key_expr),
                        format!(
                            "two elements produced the key \"{key}\" in this `for` expression; if duplicates are \
                         expected, put `...` after the value expression to group them by key"
                        ),
                        "duplicate key",
                    );
                    unknown = true;
                }
            }
        }
        match (unknown, f.key_expr.is_some()) {
            (true, _) => Value::UNKNOWN,
            (false, true) if f.grouping => {
                Value::object(groups.into_iter().map(|(k, v)| (k, Value::tuple(v))).collect())
            }
            (false, true) => Value::object(map),
            (false, false) => Value::tuple(list),
        }
    }

    fn call(&self, f: &hcl_edit::expr::FuncCall, diags: &mut Diags) -> Value {
        let name = f.name.name.as_str();
        let span = self.sp(f);
        // `core::NAME` is the built-in function NAME (Terraform 1.8+).
        if f.name.is_namespaced() && !super::refs::is_core(&f.name) {
            diags.push(namespaced_function(span));
            return Value::UNKNOWN;
        }
        let known = if self.r.console() { functions::exists_in_console(name) } else { functions::exists(name) };
        if !known {
            diags.push(unknown_function(name, self.sp(&f.name.name)));
            return Value::UNKNOWN;
        }
        // `can` and `try` see their arguments' errors instead of reporting them.
        match name {
            "can" | "try" => return self.can_try(name, f, span, diags),
            _ => {}
        }
        let mut args: Vec<Value> = f.args.iter().map(|e| self.eval(e, diags)).collect();
        if f.args.expand_final() {
            match args.pop() {
                Some(Value::List(items)) => args.extend(items),
                Some(Value::Unknown(_)) => return Value::UNKNOWN,
                Some(other) => {
                    return self.err(
                        diags,
                        span,
                        format!("the argument expanded with `...` must be a list, not {}", other.type_name()),
                        "not a list",
                    )
                }
                None => {}
            }
        }
        // Not called while planning, as Terraform does not call them (so even a bad
        // argument waits for apply).
        if IMPURE.contains(&name) && self.r.impure_unknown() {
            return Value::UNKNOWN;
        }
        if name == "templatefile" {
            return self.templatefile(&args, span, diags);
        }
        // Whether a value is sensitive is read off the expression (see `lang::sensitive`).
        if name == "issensitive" {
            return match args.as_slice() {
                [Value::Unknown(_)] => Value::UNKNOWN,
                [_] => Value::Bool(f.args.iter().next().is_some_and(|a| super::sensitive::top(a, self.r))),
                _ => Value::UNKNOWN,
            };
        }
        if name == "templatestring" {
            return self.templatestring(f, &args, span, diags);
        }
        match functions::call(name, &args) {
            Ok(Value::String(s)) => Value::String(nfc(&s)),
            Ok(v) => v,
            Err(msg) => self.err(diags, span, format!("{name}(): {msg}"), "invalid call"),
        }
    }

    /// `can(expr)`: whether `expr` evaluates without error; `try(a, b, ...)`: the first
    /// argument that does. Unknown results stay unknown: whether they fail is not known yet.
    fn can_try(&self, name: &str, f: &hcl_edit::expr::FuncCall, span: Option<Span>, diags: &mut Diags) -> Value {
        if name == "can" && f.args.len() != 1 {
            return self.err(diags, span, "can(): expects exactly one argument", "invalid call");
        }
        if f.args.is_empty() {
            return self.err(diags, span, "try(): expects at least one argument", "invalid call");
        }
        for e in f.args.iter() {
            let mut own = Diags::new();
            let v = self.eval(e, &mut own);
            if !own.has_errors() {
                if !v.is_known() {
                    return if name == "can" { Value::unknown_not_null(&Type::Bool) } else { Value::UNKNOWN };
                }
                return if name == "can" { Value::Bool(true) } else { v };
            }
        }
        if name == "can" {
            return Value::Bool(false);
        }
        self.err(diags, span, "try(): no expression succeeded; every argument failed", "every argument failed")
    }

    fn reference(
        &self,
        root: &str,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        span: Option<Span>,
        diags: &mut Diags,
    ) -> Value {
        let (target, used) = match classify(root, ops, span) {
            Ok(x) => x,
            Err(d) => {
                diags.push(*d);
                return Value::UNKNOWN;
            }
        };
        // `x.y[KEY]...`: the one instance, not a copy of all of them (linear, not quadratic,
        // when each of N instances refers to its peer in another block).
        if let (RefTarget::Object(a), Some(first)) = (&target, ops.get(used)) {
            if let TraversalOperator::Index(e) = first.value() {
                let k = self.eval(e, diags);
                if let Some(inst) = self.r.object_instance(a, &k) {
                    return self.apply_ops(inst, &ops[used + 1..], diags);
                }
                let Some(whole) = self.r.object(a) else { return Value::UNKNOWN };
                if whole.is_unknown() {
                    return Value::UNKNOWN;
                }
                let v = self.index(whole, k, self.sp(first), diags);
                return self.apply_ops(v, &ops[used + 1..], diags);
            }
        }
        let base = match &target {
            RefTarget::Var(n) => self.r.var(n),
            RefTarget::Local(n) => self.r.local(n, diags),
            RefTarget::Object(a) => self.r.object(a),
            // Outside a for_each/count resource these are reported by the reference check.
            RefTarget::Each(which) => self.r.each().map(|(k, v)| if which == "key" { k } else { v }),
            RefTarget::CountIndex => self.r.count_index(),
            RefTarget::Path(which) => self.r.path(which),
            RefTarget::Workspace => self.r.workspace(),
            RefTarget::SelfObject => self.r.self_object(),
            RefTarget::Module(n) => self.r.module(n),
        };
        match base {
            // Undeclared references are reported by the static reference check.
            None => Value::UNKNOWN,
            Some(v) => self.apply_ops(v, &ops[used..], diags),
        }
    }

    pub(super) fn apply_ops(
        &self,
        mut v: Value,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        diags: &mut Diags,
    ) -> Value {
        for (i, op) in ops.iter().enumerate() {
            if v.is_unknown() {
                return Value::UNKNOWN;
            }
            let span = self.sp(op);
            v = match op.value() {
                TraversalOperator::GetAttr(name) => self.get_attr(v, name.as_str(), span, diags),
                TraversalOperator::Index(e) => {
                    let k = self.eval(e, diags);
                    self.index(v, k, span, diags)
                }
                TraversalOperator::LegacyIndex(n) => self.index(v, Value::int(*n.value() as i64), span, diags),
                splat @ (TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_)) => {
                    let rest = &ops[i + 1..];
                    // `.*` (the legacy attribute-only splat) applies to the attribute reads
                    // after it; `[*]` applies to every operator after it.
                    let body_len = match splat {
                        TraversalOperator::AttrSplat(_) => rest
                            .iter()
                            .take_while(|o| {
                                matches!(o.value(), TraversalOperator::GetAttr(_) | TraversalOperator::LegacyIndex(_))
                            })
                            .count(),
                        _ => rest.len(),
                    };
                    let (body, after) = rest.split_at(body_len);
                    // A splat keeps a list a list (a set becomes one) and a tuple a tuple.
                    let (items, kind) = match v {
                        Value::List(items) if items.kind == Kind::Set => (items.into_inner(), Kind::Collection),
                        Value::List(items) => {
                            let kind = items.kind;
                            (items.into_inner(), kind)
                        }
                        // A splat of null is an empty tuple; of any other single value, a
                        // tuple of that value.
                        Value::Null(_) => (Vec::new(), Kind::Structural),
                        other => (vec![other], Kind::Structural),
                    };
                    let out = items.into_iter().map(|x| self.apply_ops(x, body, diags)).collect();
                    return self.apply_ops(Value::List(Seq::with_kind(out, kind)), after, diags);
                }
            };
        }
        v
    }

    fn get_attr(&self, v: Value, name: &str, span: Option<Span>, diags: &mut Diags) -> Value {
        match v {
            Value::Object(mut m) => match m.remove(name) {
                Some(x) => x,
                None => {
                    let keys: Vec<String> = m.keys().cloned().collect();
                    diags.push(
                        Diag::error("baseline::lang::no_attribute", format!("this object has no attribute `{name}`"))
                            .at(span, "unknown attribute")
                            .maybe_help(did_you_mean(name, keys.iter().map(String::as_str))),
                    );
                    Value::UNKNOWN
                }
            },
            Value::Null(_) => {
                self.err(diags, span, format!("cannot read attribute `{name}` of a null value"), "null value")
            }
            other => self.err(
                diags,
                span,
                format!("cannot read attribute `{name}` of a {}", other.type_name()),
                "not an object",
            ),
        }
    }

    fn index(&self, v: Value, k: Value, span: Option<Span>, diags: &mut Diags) -> Value {
        match (v, k) {
            (_, Value::Unknown(_)) => Value::UNKNOWN,
            (Value::List(l), k) => match k.to_num().and_then(|n| n.to_i64()).and_then(|i| usize::try_from(i).ok()) {
                Some(i) if i < l.len() => l.into_iter().nth(i).unwrap_or(Value::UNKNOWN),
                _ => self.err(diags, span, format!("index {k} is out of range for a list of {}", l.len()), "bad index"),
            },
            (Value::Object(mut m), k) => match k.as_template_string().and_then(|s| m.remove(&s)) {
                Some(x) => x,
                None => self.err(diags, span, format!("key {k} is not in this map"), "missing key"),
            },
            (v, _) => self.err(diags, span, format!("cannot index a {}", v.type_name()), "not indexable"),
        }
    }
}

#[cfg(test)]
#[path = "eval_tests.rs"]
mod tests;
