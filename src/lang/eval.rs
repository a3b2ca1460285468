//! Evaluation of hcl-edit expressions into [`Value`]s, and static discovery of references.
//!
//! Errors never stop evaluation: they are pushed to the caller's [`Diags`] and the failing
//! sub-expression evaluates to `Unknown`, so one run reports every mistake.

use std::collections::BTreeMap;

use hcl_edit::expr::{BinaryOperator, Expression, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Element, Template};

use super::functions;
use super::value::Value;
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
    /// `each.key` and `each.value`, inside a `for_each` resource.
    fn each(&self) -> Option<(Value, Value)> {
        None
    }
    /// `count.index`, inside a `count` resource.
    fn count_index(&self) -> Option<Value> {
        None
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

/// What a reference points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefTarget {
    Var(String),
    Local(String),
    Object(Address),
    /// `each.key` or `each.value`.
    Each(String),
    /// `count.index`.
    CountIndex,
}

/// One reference found in an expression, with the span of the whole traversal and the first
/// attribute read from an object (used to check attribute names against the schema).
#[derive(Debug, Clone)]
pub struct Reference {
    pub target: RefTarget,
    pub span: Option<Span>,
    pub attr: Option<(String, Option<Span>)>,
}

fn span_of(file: FileId, s: &impl hcl_edit::Span) -> Option<Span> {
    s.span().map(|r| Span::new(file, r))
}

fn get_attr_name(op: &TraversalOperator) -> Option<&str> {
    match op {
        TraversalOperator::GetAttr(id) => Some(id.as_str()),
        _ => None,
    }
}

/// Splits a reference root plus operators into its target and the number of operators used.
/// Returns `Err` with a diagnostic when the root is not a supported reference.
fn classify(
    root: &str,
    ops: &[hcl_edit::Decorated<TraversalOperator>],
    span: Option<Span>,
) -> Result<(RefTarget, usize), Box<Diag>> {
    let name_at = |i: usize| ops.get(i).and_then(|o| get_attr_name(o));
    classify_inner(root, name_at, span).map_err(Box::new)
}

// Diag is large, but this path is cold (one call per reference) and boxed by `classify`.
#[allow(clippy::result_large_err)]
fn classify_inner<'o>(
    root: &str,
    name_at: impl Fn(usize) -> Option<&'o str>,
    span: Option<Span>,
) -> Result<(RefTarget, usize), Diag> {
    match root {
        "var" => name_at(0).map(|n| (RefTarget::Var(n.to_string()), 1)).ok_or_else(|| {
            Diag::error("baseline::lang::bad_reference", "`var` must be followed by a variable name")
                .at(span, "incomplete reference")
                .help("write `var.NAME`")
        }),
        "local" => name_at(0).map(|n| (RefTarget::Local(n.to_string()), 1)).ok_or_else(|| {
            Diag::error("baseline::lang::bad_reference", "`local` must be followed by a local value name")
                .at(span, "incomplete reference")
                .help("write `local.NAME`")
        }),
        "data" => match (name_at(0), name_at(1)) {
            (Some(t), Some(n)) => Ok((RefTarget::Object(Address::data(t, n)), 2)),
            _ => Err(Diag::error("baseline::lang::bad_reference", "a data source reference needs a type and a name")
                .at(span, "incomplete reference")
                .help("write `data.TYPE.NAME.ATTRIBUTE`")),
        },
        "each" => match name_at(0) {
            Some(n @ ("key" | "value")) => Ok((RefTarget::Each(n.to_string()), 1)),
            _ => Err(Diag::error(
                "baseline::lang::bad_reference",
                "`each` has two attributes: `each.key` and `each.value`",
            )
            .at(span, "incomplete reference")),
        },
        "count" => match name_at(0) {
            Some("index") => Ok((RefTarget::CountIndex, 1)),
            _ => Err(Diag::error("baseline::lang::bad_reference", "`count` has one attribute: `count.index`")
                .at(span, "incomplete reference")),
        },
        "self" | "path" | "terraform" | "module" => Err(Diag::error(
            "baseline::lang::unsupported",
            format!("`{root}` references are not supported by baseline yet"),
        )
        .at(span, "not supported")),
        t => match name_at(0) {
            Some(n) => Ok((RefTarget::Object(Address::managed(t, n)), 1)),
            None => Err(Diag::error(
                "baseline::lang::bad_reference",
                format!("`{t}` is not a value; a resource reference needs a name"),
            )
            .at(span, "incomplete reference")
            .help(format!("write `{t}.NAME.ATTRIBUTE`, or `var.NAME` / `local.NAME`"))),
        },
    }
}

/// Every reference in `expr`, in source order. Unsupported reference forms are reported.
pub fn references(expr: &Expression, file: FileId, diags: &mut Diags) -> Vec<Reference> {
    let mut out = Vec::new();
    collect(expr, file, &mut out, diags);
    out
}

fn collect(expr: &Expression, file: FileId, out: &mut Vec<Reference>, diags: &mut Diags) {
    match expr {
        Expression::Variable(v) => {
            let span = span_of(file, v);
            match classify(v.as_str(), &[], span) {
                Ok((target, _)) => out.push(Reference { target, span, attr: None }),
                Err(d) => diags.push(*d),
            }
        }
        Expression::Traversal(t) => {
            if let Expression::Variable(root) = &t.expr {
                let span = span_of(file, t.as_ref());
                match classify(root.as_str(), &t.operators, span) {
                    Ok((target, used)) => {
                        let attr = t
                            .operators
                            .get(used)
                            .and_then(|o| get_attr_name(o).map(|n| (n.to_string(), span_of(file, o))));
                        out.push(Reference { target, span, attr });
                    }
                    Err(d) => diags.push(*d),
                }
            } else {
                collect(&t.expr, file, out, diags);
            }
            for op in &t.operators {
                if let TraversalOperator::Index(e) = op.value() {
                    collect(e, file, out, diags);
                }
            }
        }
        Expression::Array(a) => a.iter().for_each(|e| collect(e, file, out, diags)),
        Expression::Object(o) => {
            for (k, v) in o.iter() {
                if let hcl_edit::expr::ObjectKey::Expression(ke) = k {
                    if !matches!(ke, Expression::Variable(_)) {
                        collect(ke, file, out, diags);
                    }
                }
                collect(v.expr(), file, out, diags);
            }
        }
        Expression::StringTemplate(t) => collect_template(t, file, out, diags),
        Expression::HeredocTemplate(h) => collect_template(&h.template, file, out, diags),
        Expression::Parenthesis(p) => collect(p.inner(), file, out, diags),
        Expression::Conditional(c) => {
            collect(&c.cond_expr, file, out, diags);
            collect(&c.true_expr, file, out, diags);
            collect(&c.false_expr, file, out, diags);
        }
        Expression::FuncCall(f) => f.args.iter().for_each(|e| collect(e, file, out, diags)),
        Expression::UnaryOp(u) => collect(&u.expr, file, out, diags),
        Expression::BinaryOp(b) => {
            collect(&b.lhs_expr, file, out, diags);
            collect(&b.rhs_expr, file, out, diags);
        }
        Expression::ForExpr(_) => {} // reported as unsupported by eval
        Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => {}
    }
}

fn collect_template(t: &Template, file: FileId, out: &mut Vec<Reference>, diags: &mut Diags) {
    for el in t.iter() {
        if let Element::Interpolation(i) = el {
            collect(&i.expr, file, out, diags);
        }
    }
}

/// Evaluates `expr` (from `file`) against `r`. Errors go to `diags`; the failing part is
/// `Unknown`.
///
/// One match arm per expression kind (why this is over 120 lines); operators, traversals and
/// templates are evaluated by the helpers below.
pub fn eval(expr: &Expression, file: FileId, r: &dyn Resolver, diags: &mut Diags) -> Value {
    Evaluator { file, r }.eval(expr, diags)
}

struct Evaluator<'a> {
    file: FileId,
    r: &'a dyn Resolver,
}

impl Evaluator<'_> {
    fn sp(&self, s: &impl hcl_edit::Span) -> Option<Span> {
        span_of(self.file, s)
    }

    fn err(&self, diags: &mut Diags, span: Option<Span>, msg: impl Into<String>, label: &str) -> Value {
        diags.push(Diag::error("baseline::lang::eval", msg).at(span, label));
        Value::Unknown
    }

    fn eval(&self, expr: &Expression, diags: &mut Diags) -> Value {
        match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => match n.value().as_f64() {
                Some(f) => Value::num(f),
                None => self.err(diags, self.sp(n), "number out of range", "here"),
            },
            Expression::String(s) => Value::String(s.value().clone()),
            Expression::Array(a) => Value::List(a.iter().map(|e| self.eval(e, diags)).collect()),
            Expression::Object(o) => {
                let mut m = BTreeMap::new();
                for (k, v) in o.iter() {
                    let key = match k {
                        hcl_edit::expr::ObjectKey::Ident(id) => id.as_str().to_string(),
                        hcl_edit::expr::ObjectKey::Expression(Expression::Variable(id)) => id.as_str().to_string(),
                        hcl_edit::expr::ObjectKey::Expression(e) => match self.eval(e, diags) {
                            Value::Unknown => return Value::Unknown,
                            kv => match kv.as_template_string() {
                                Some(s) => s,
                                None => {
                                    return self.err(
                                        diags,
                                        self.sp(e),
                                        format!("an object key must be a string, not {}", kv.type_name()),
                                        "bad key",
                                    )
                                }
                            },
                        },
                    };
                    m.insert(key, self.eval(v.expr(), diags));
                }
                Value::Object(m)
            }
            Expression::StringTemplate(t) => self.template(t, diags),
            Expression::HeredocTemplate(h) => {
                let mut h = (**h).clone();
                if h.indent().is_some() {
                    h.dedent();
                }
                self.template(&h.template, diags)
            }
            Expression::Parenthesis(p) => self.eval(p.inner(), diags),
            Expression::Variable(v) => self.reference(v.as_str(), &[], self.sp(v), diags),
            Expression::Traversal(t) => {
                let span = self.sp(t.as_ref());
                if let Expression::Variable(root) = &t.expr {
                    self.reference(root.as_str(), &t.operators, span, diags)
                } else {
                    let base = self.eval(&t.expr, diags);
                    self.apply_ops(base, &t.operators, diags)
                }
            }
            Expression::Conditional(c) => match self.eval(&c.cond_expr, diags) {
                Value::Bool(true) => self.eval(&c.true_expr, diags),
                Value::Bool(false) => self.eval(&c.false_expr, diags),
                Value::Unknown => {
                    // Still evaluate both arms so their errors are reported.
                    self.eval(&c.true_expr, diags);
                    self.eval(&c.false_expr, diags);
                    Value::Unknown
                }
                v => self.err(
                    diags,
                    self.sp(&c.cond_expr),
                    format!("a condition must be a bool, not {}", v.type_name()),
                    "not a bool",
                ),
            },
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str();
                let span = self.sp(f.as_ref());
                if f.name.is_namespaced() {
                    return self.err(diags, span, "namespaced (provider) functions are not supported", "not supported");
                }
                let args: Vec<Value> = f.args.iter().map(|e| self.eval(e, diags)).collect();
                if f.args.expand_final() {
                    return self.err(diags, span, "argument expansion (`...`) is not supported", "not supported");
                }
                match functions::call(name, &args) {
                    Ok(v) => v,
                    Err(functions::FnError::Unknown) => {
                        diags.push(
                            Diag::error(
                                "baseline::lang::unknown_function",
                                format!("there is no function named `{name}`"),
                            )
                            .at(self.sp(&f.name.name), "unknown function")
                            .maybe_help(did_you_mean(name, functions::NAMES.iter().copied()))
                            .help_if_none(format!("supported functions: {}", functions::NAMES.join(", "))),
                        );
                        Value::Unknown
                    }
                    Err(functions::FnError::Invalid(msg)) => {
                        self.err(diags, span, format!("{name}(): {msg}"), "invalid call")
                    }
                }
            }
            Expression::UnaryOp(u) => {
                let v = self.eval(&u.expr, diags);
                match (u.operator.value(), v) {
                    (_, Value::Unknown) => Value::Unknown,
                    (UnaryOperator::Not, Value::Bool(b)) => Value::Bool(!b),
                    (UnaryOperator::Neg, v) if v.as_f64().is_some() => Value::num(-v.as_f64().unwrap_or_default()),
                    (op, v) => self.err(
                        diags,
                        self.sp(u.as_ref()),
                        format!("cannot apply `{}` to {}", op.as_str(), v.type_name()),
                        "wrong type",
                    ),
                }
            }
            Expression::BinaryOp(b) => {
                let l = self.eval(&b.lhs_expr, diags);
                let r = self.eval(&b.rhs_expr, diags);
                self.binary(*b.operator.value(), l, r, self.sp(b.as_ref()), diags)
            }
            Expression::ForExpr(f) => self.err(
                diags,
                self.sp(f.as_ref()),
                "`for` expressions are not supported by baseline yet",
                "not supported",
            ),
        }
    }

    fn binary(&self, op: BinaryOperator, l: Value, r: Value, span: Option<Span>, diags: &mut Diags) -> Value {
        use BinaryOperator::*;
        if matches!(op, Eq | NotEq) {
            if !l.is_known() || !r.is_known() {
                return Value::Unknown;
            }
            let eq = l == r;
            return Value::Bool(if op == Eq { eq } else { !eq });
        }
        if l.is_unknown() || r.is_unknown() {
            return Value::Unknown;
        }
        match op {
            And | Or => match (l, r) {
                (Value::Bool(a), Value::Bool(b)) => Value::Bool(if op == And { a && b } else { a || b }),
                (a, b) => self.err(
                    diags,
                    span,
                    format!("`{}` needs two bools, got {} and {}", op.as_str(), a.type_name(), b.type_name()),
                    "wrong type",
                ),
            },
            _ => {
                let (Some(a), Some(b)) = (l.as_f64(), r.as_f64()) else {
                    return self.err(
                        diags,
                        span,
                        format!("`{}` needs two numbers, got {} and {}", op.as_str(), l.type_name(), r.type_name()),
                        "wrong type",
                    );
                };
                match op {
                    Plus => Value::num(a + b),
                    Minus => Value::num(a - b),
                    Mul => Value::num(a * b),
                    Div | Mod if b == 0.0 => self.err(diags, span, "division by zero", "divides by zero"),
                    Div => Value::num(a / b),
                    Mod => Value::num(a % b),
                    Less => Value::Bool(a < b),
                    LessEq => Value::Bool(a <= b),
                    Greater => Value::Bool(a > b),
                    GreaterEq => Value::Bool(a >= b),
                    Eq | NotEq | And | Or => Value::Unknown, // handled above
                }
            }
        }
    }

    fn template(&self, t: &Template, diags: &mut Diags) -> Value {
        let mut out = String::new();
        let mut unknown = false;
        for el in t.iter() {
            match el {
                Element::Literal(s) => out.push_str(s.value()),
                Element::Interpolation(i) => match self.eval(&i.expr, diags) {
                    Value::Unknown => unknown = true,
                    v => match v.as_template_string() {
                        Some(s) => out.push_str(&s),
                        None if !v.is_known() => unknown = true,
                        None => {
                            self.err(
                                diags,
                                self.sp(&i.expr),
                                format!("cannot interpolate a {} into a string", v.type_name()),
                                "not a string",
                            );
                            unknown = true;
                        }
                    },
                },
                Element::Directive(d) => {
                    let span = match &**d {
                        hcl_edit::template::Directive::If(x) => self.sp(x),
                        hcl_edit::template::Directive::For(x) => self.sp(x),
                    };
                    self.err(diags, span, "template directives (%{...}) are not supported yet", "not supported");
                    unknown = true;
                }
            }
        }
        if unknown {
            Value::Unknown
        } else {
            Value::String(out)
        }
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
                return Value::Unknown;
            }
        };
        let base = match &target {
            RefTarget::Var(n) => self.r.var(n),
            RefTarget::Local(n) => self.r.local(n, diags),
            RefTarget::Object(a) => self.r.object(a),
            // Outside a for_each/count resource these are reported by the reference check.
            RefTarget::Each(which) => self.r.each().map(|(k, v)| if which == "key" { k } else { v }),
            RefTarget::CountIndex => self.r.count_index(),
        };
        match base {
            // Undeclared references are reported by the static reference check.
            None => Value::Unknown,
            Some(v) => self.apply_ops(v, &ops[used..], diags),
        }
    }

    fn apply_ops(&self, mut v: Value, ops: &[hcl_edit::Decorated<TraversalOperator>], diags: &mut Diags) -> Value {
        for op in ops {
            if v.is_unknown() {
                return Value::Unknown;
            }
            let span = self.sp(op);
            v = match op.value() {
                TraversalOperator::GetAttr(name) => match v {
                    Value::Object(mut m) => match m.remove(name.as_str()) {
                        Some(x) => x,
                        None => {
                            let keys: Vec<String> = m.keys().cloned().collect();
                            diags.push(
                                Diag::error(
                                    "baseline::lang::no_attribute",
                                    format!("this object has no attribute `{}`", name.as_str()),
                                )
                                .at(span, "unknown attribute")
                                .maybe_help(did_you_mean(name.as_str(), keys.iter().map(String::as_str))),
                            );
                            return Value::Unknown;
                        }
                    },
                    other => {
                        return self.err(
                            diags,
                            span,
                            format!("cannot read attribute `{}` of a {}", name.as_str(), other.type_name()),
                            "not an object",
                        )
                    }
                },
                TraversalOperator::Index(e) => {
                    let k = self.eval(e, diags);
                    self.index(v, k, span, diags)
                }
                TraversalOperator::LegacyIndex(i) => self.index(v, Value::num(*i.value() as f64), span, diags),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    return self.err(diags, span, "splat expressions are not supported yet", "not supported")
                }
            };
        }
        v
    }

    fn index(&self, v: Value, k: Value, span: Option<Span>, diags: &mut Diags) -> Value {
        match (v, k) {
            (_, Value::Unknown) => Value::Unknown,
            (Value::List(l), k) => match k.as_f64() {
                Some(f) if f >= 0.0 && f.fract() == 0.0 && (f as usize) < l.len() => l[f as usize].clone(),
                _ => self.err(diags, span, format!("index {k} is out of range for a list of {}", l.len()), "bad index"),
            },
            (Value::Object(m), k) => match k.as_template_string().and_then(|s| m.get(&s).cloned()) {
                Some(x) => x,
                None => self.err(diags, span, format!("key {k} is not in this map"), "missing key"),
            },
            (v, _) => self.err(diags, span, format!("cannot index a {}", v.type_name()), "not indexable"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct R;
    impl Resolver for R {
        fn var(&self, name: &str) -> Option<Value> {
            (name == "region").then(|| Value::str("ap-northeast-1"))
        }
        fn local(&self, name: &str, _: &mut Diags) -> Option<Value> {
            (name == "prefix").then(|| Value::str("Default"))
        }
        fn object(&self, addr: &Address) -> Option<Value> {
            (addr.name == "r").then(|| {
                Value::Object(BTreeMap::from([
                    ("name".to_string(), Value::str("x")),
                    ("arn".to_string(), Value::Unknown),
                ]))
            })
        }
    }

    fn ev(src: &str) -> (Value, Diags) {
        let body = hcl_edit::parser::parse_body(&format!("x = {src}\n")).unwrap();
        let attr = body.get_attribute("x").unwrap();
        let mut d = Diags::new();
        let v = eval(&attr.value, FileId(0), &R, &mut d);
        (v, d)
    }

    #[test]
    fn templates_interpolate_references() {
        let (v, d) = ev(r#""${local.prefix}-${var.region}""#);
        assert!(d.is_empty());
        assert_eq!(v, Value::str("Default-ap-northeast-1"));
    }

    #[test]
    fn unknown_attributes_propagate() {
        assert_eq!(ev(r#""role ${aws_iam_role.r.arn}""#).0, Value::Unknown);
        assert_eq!(ev("aws_iam_role.r.name").0, Value::str("x"));
    }

    #[test]
    fn misspelt_function_gets_a_suggestion() {
        let (_, d) = ev(r#"jsonencod({})"#);
        assert_eq!(d.0.len(), 1);
        assert_eq!(d.0[0].help.as_deref(), Some("did you mean `jsonencode`?"));
    }

    #[test]
    fn operators_and_conditionals() {
        assert_eq!(ev("1 + 2 * 3").0, Value::num(7.0));
        assert_eq!(ev(r#"var.region == "x" ? 1 : 2"#).0, Value::num(2.0));
        assert_eq!(ev("!true").0, Value::Bool(false));
        assert!(ev("1 / 0").1.has_errors());
    }

    #[test]
    fn references_are_found_with_their_first_attribute() {
        let body = hcl_edit::parser::parse_body("x = \"${aws_iam_role.r.arn}-${data.t.n.id}-${var.v}\"\n").unwrap();
        let mut d = Diags::new();
        let refs = references(&body.get_attribute("x").unwrap().value, FileId(0), &mut d);
        assert_eq!(refs.len(), 3);
        assert_eq!(refs[0].target, RefTarget::Object(Address::managed("aws_iam_role", "r")));
        assert_eq!(refs[0].attr.as_ref().unwrap().0, "arn");
        assert_eq!(refs[1].target, RefTarget::Object(Address::data("t", "n")));
        assert_eq!(refs[2].target, RefTarget::Var("v".into()));
    }
}
