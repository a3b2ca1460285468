//! Static discovery of references, and the static checks that must hold wherever an expression
//! appears (also in a conditional's branch not taken): unknown functions, unsupported forms.

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::template::{Directive, Element, Template};

use super::functions;
use crate::addr::Address;
use crate::diag::{did_you_mean, Diag, Diags, FileId, Span};

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
    /// `path.module`, `path.root` or `path.cwd`.
    Path(String),
    /// `terraform.workspace`.
    Workspace,
    /// `self`, the object being checked (postconditions only).
    SelfObject,
    /// `module.NAME`: a child module's outputs (a list or map of them for `count`/`for_each`).
    Module(String),
}

impl std::fmt::Display for RefTarget {
    /// The reference as written in the configuration (`var.x`, `aws_iam_role.r`, `path.module`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefTarget::Var(n) => write!(f, "var.{n}"),
            RefTarget::Local(n) => write!(f, "local.{n}"),
            RefTarget::Object(a) => write!(f, "{a}"),
            RefTarget::Each(which) => write!(f, "each.{which}"),
            RefTarget::CountIndex => f.write_str("count.index"),
            RefTarget::Path(which) => write!(f, "path.{which}"),
            RefTarget::Workspace => f.write_str("terraform.workspace"),
            RefTarget::SelfObject => f.write_str("self"),
            RefTarget::Module(n) => write!(f, "module.{n}"),
        }
    }
}

/// One reference found in an expression, with the span of the whole traversal and the first
/// attribute read from an object (used to check attribute names against the schema).
#[derive(Debug, Clone)]
pub struct Reference {
    pub target: RefTarget,
    pub span: Option<Span>,
    pub attr: Option<(String, Option<Span>)>,
}

pub(super) fn span_of(file: FileId, s: &impl hcl_edit::Span) -> Option<Span> {
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
pub(super) fn classify(
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
    let bad =
        |msg: &str| Diag::error("baseline::lang::bad_reference", msg.to_string()).at(span, "incomplete reference");
    match root {
        "var" => name_at(0)
            .map(|n| (RefTarget::Var(n.to_string()), 1))
            .ok_or_else(|| bad("`var` must be followed by a variable name").help("write `var.NAME`")),
        "local" => name_at(0)
            .map(|n| (RefTarget::Local(n.to_string()), 1))
            .ok_or_else(|| bad("`local` must be followed by a local value name").help("write `local.NAME`")),
        "data" => match (name_at(0), name_at(1)) {
            (Some(t), Some(n)) => Ok((RefTarget::Object(Address::data(t, n)), 2)),
            _ => Err(bad("a data source reference needs a type and a name").help("write `data.TYPE.NAME.ATTRIBUTE`")),
        },
        "each" => match name_at(0) {
            Some(n @ ("key" | "value")) => Ok((RefTarget::Each(n.to_string()), 1)),
            _ => Err(bad("`each` has two attributes: `each.key` and `each.value`")),
        },
        "count" => match name_at(0) {
            Some("index") => Ok((RefTarget::CountIndex, 1)),
            _ => Err(bad("`count` has one attribute: `count.index`")),
        },
        "path" => match name_at(0) {
            Some(n @ ("module" | "root" | "cwd")) => Ok((RefTarget::Path(n.to_string()), 1)),
            _ => Err(bad("`path` has three attributes: `path.module`, `path.root` and `path.cwd`")),
        },
        "terraform" => match name_at(0) {
            Some("workspace") => Ok((RefTarget::Workspace, 1)),
            _ => Err(bad("`terraform` has one attribute here: `terraform.workspace`")),
        },
        "self" => Ok((RefTarget::SelfObject, 0)),
        "module" => name_at(0)
            .map(|n| (RefTarget::Module(n.to_string()), 1))
            .ok_or_else(|| bad("`module` must be followed by a module name").help("write `module.NAME.OUTPUT`")),
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

/// The diagnostic for a call of a function that does not exist (one wording for the static
/// check and the evaluator, so the two are deduplicated).
pub(super) fn unknown_function(name: &str, span: Option<Span>) -> Diag {
    Diag::error("baseline::lang::unknown_function", format!("there is no function named `{name}`"))
        .at(span, "unknown function")
        .maybe_help(did_you_mean(name, functions::names()))
        .help_if_none("see the README's language section for the functions baseline supports")
}

/// The diagnostic for a provider-defined function (`provider::aws::arn_parse(...)`).
pub(super) fn namespaced_function(span: Option<Span>) -> Diag {
    Diag::error(
        "baseline::lang::unsupported",
        "provider-defined functions (`provider::NAME::FUNCTION`) are not supported",
    )
    .at(span, "not supported")
    .help("use a built-in function instead")
}

/// Every reference in `expr`, in source order. Unsupported reference forms and unknown
/// functions are reported, in every branch.
pub fn references(expr: &Expression, file: FileId, diags: &mut Diags) -> Vec<Reference> {
    references_bound(expr, file, &[], diags)
}

/// As [`references`], with `bound` names (a `dynamic` block's iterator) that are local
/// symbols rather than references.
pub fn references_bound(expr: &Expression, file: FileId, bound: &[String], diags: &mut Diags) -> Vec<Reference> {
    let mut c = Collector { file, bound: bound.to_vec(), out: Vec::new(), calls: Vec::new(), diags };
    c.expr(expr);
    c.out
}

/// The references in a template (a `templatefile` file) other than the `bound` names, and the
/// names of the functions it calls.
pub fn template_references(
    t: &Template,
    file: FileId,
    bound: &[String],
    diags: &mut Diags,
) -> (Vec<Reference>, Vec<String>) {
    let mut c = Collector { file, bound: bound.to_vec(), out: Vec::new(), calls: Vec::new(), diags };
    c.template(t);
    (c.out, c.calls)
}

struct Collector<'d> {
    file: FileId,
    /// Names bound by enclosing `for` expressions, template `for` directives and iterators.
    bound: Vec<String>,
    out: Vec<Reference>,
    /// Names of the functions called.
    calls: Vec<String>,
    diags: &'d mut Diags,
}

impl Collector<'_> {
    fn is_bound(&self, name: &str) -> bool {
        self.bound.iter().any(|b| b == name)
    }

    /// Runs `f` with `names` bound, then unbinds them.
    fn with_bound(&mut self, names: &[&str], f: impl FnOnce(&mut Self)) {
        let before = self.bound.len();
        self.bound.extend(names.iter().map(|n| n.to_string()));
        f(self);
        self.bound.truncate(before);
    }

    fn root(&mut self, root: &str, ops: &[hcl_edit::Decorated<TraversalOperator>], span: Option<Span>) {
        if self.is_bound(root) {
            return;
        }
        match classify(root, ops, span) {
            Ok((target, used)) => {
                let attr = ops.get(used).and_then(|o| get_attr_name(o).map(|n| (n.to_string(), span_of(self.file, o))));
                self.out.push(Reference { target, span, attr });
            }
            Err(d) => self.diags.push(*d),
        }
    }

    fn expr(&mut self, expr: &Expression) {
        match expr {
            Expression::Variable(v) => self.root(v.as_str(), &[], span_of(self.file, v)),
            Expression::Traversal(t) => {
                if let Expression::Variable(root) = &t.expr {
                    self.root(root.as_str(), &t.operators, span_of(self.file, t.as_ref()));
                } else {
                    self.expr(&t.expr);
                }
                for op in &t.operators {
                    if let TraversalOperator::Index(e) = op.value() {
                        self.expr(e);
                    }
                }
            }
            Expression::Array(a) => a.iter().for_each(|e| self.expr(e)),
            Expression::Object(o) => {
                for (k, v) in o.iter() {
                    if let hcl_edit::expr::ObjectKey::Expression(ke) = k {
                        // A bare name as a key is the key itself, not a reference.
                        if !matches!(ke, Expression::Variable(_)) {
                            self.expr(ke);
                        }
                    }
                    self.expr(v.expr());
                }
            }
            Expression::StringTemplate(t) => self.template(t),
            Expression::HeredocTemplate(h) => self.template(&h.template),
            Expression::Parenthesis(p) => self.expr(p.inner()),
            Expression::Conditional(c) => {
                self.expr(&c.cond_expr);
                self.expr(&c.true_expr);
                self.expr(&c.false_expr);
            }
            Expression::FuncCall(f) => {
                let span = span_of(self.file, &f.name.name);
                self.calls.push(f.name.name.as_str().to_string());
                if f.name.is_namespaced() && !is_core(&f.name) {
                    self.diags.push(namespaced_function(span_of(self.file, f.as_ref())));
                } else if !functions::exists(f.name.name.as_str()) {
                    self.diags.push(unknown_function(f.name.name.as_str(), span));
                }
                f.args.iter().for_each(|e| self.expr(e));
            }
            Expression::UnaryOp(u) => self.expr(&u.expr),
            Expression::BinaryOp(b) => {
                self.expr(&b.lhs_expr);
                self.expr(&b.rhs_expr);
            }
            Expression::ForExpr(f) => {
                self.expr(&f.intro.collection_expr);
                let mut names = vec![f.intro.value_var.as_str()];
                names.extend(f.intro.key_var.as_ref().map(|k| k.as_str()));
                self.with_bound(&names, |c| {
                    if let Some(k) = &f.key_expr {
                        c.expr(k);
                    }
                    c.expr(&f.value_expr);
                    if let Some(cond) = &f.cond {
                        c.expr(&cond.expr);
                    }
                });
            }
            Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => {}
        }
    }

    fn template(&mut self, t: &Template) {
        for el in t.iter() {
            match el {
                Element::Literal(_) => {}
                Element::Interpolation(i) => self.expr(&i.expr),
                Element::Directive(d) => match &**d {
                    Directive::If(x) => {
                        self.expr(&x.if_expr.cond_expr);
                        self.template(&x.if_expr.template);
                        if let Some(e) = &x.else_expr {
                            self.template(&e.template);
                        }
                    }
                    Directive::For(x) => {
                        let f = &x.for_expr;
                        self.expr(&f.collection_expr);
                        let mut names = vec![f.value_var.as_str()];
                        names.extend(f.key_var.as_ref().map(|k| k.as_str()));
                        self.with_bound(&names, |c| c.template(&f.template));
                    }
                },
            }
        }
    }
}

/// True for `core::NAME`, Terraform's own name for the built-in function NAME.
pub(crate) fn is_core(name: &hcl_edit::expr::FuncName) -> bool {
    name.namespace.len() == 1 && name.namespace[0].as_str() == "core"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(src: &str) -> (Vec<Reference>, Diags) {
        let body = hcl_edit::parser::parse_body(&format!("x = {src}\n")).unwrap();
        let mut d = Diags::new();
        let r = references(&body.get_attribute("x").unwrap().value, FileId(0), &mut d);
        (r, d)
    }

    #[test]
    fn references_are_found_with_their_first_attribute() {
        let (r, d) = refs("\"${aws_iam_role.r.arn}-${data.t.n.id}-${var.v}\"");
        assert!(d.is_empty());
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].target, RefTarget::Object(Address::managed("aws_iam_role", "r")));
        assert_eq!(r[0].attr.as_ref().unwrap().0, "arn");
        assert_eq!(r[1].target, RefTarget::Object(Address::data("t", "n")));
        assert_eq!(r[2].target, RefTarget::Var("v".into()));
    }

    #[test]
    fn for_variables_are_not_references_but_the_collection_is() {
        let (r, d) = refs("{ for k, v in var.m : k => upper(v) if v != local.skip }");
        assert!(d.is_empty(), "{d:?}");
        let t: Vec<_> = r.into_iter().map(|r| r.target).collect();
        assert_eq!(t, vec![RefTarget::Var("m".into()), RefTarget::Local("skip".into())]);
        // Outside the `for`, the same name is a reference again.
        let (r, _) = refs("[[for x in var.l : x], x.y]");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].target, RefTarget::Object(Address::managed("x", "y")));
    }

    #[test]
    fn template_for_binds_its_variables() {
        let (r, d) = refs("\"%{ for i, name in var.names }${i}=${name}${local.sep}%{ endfor }\"");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn unknown_functions_are_reported_in_branches_not_taken() {
        let (_, d) = refs("true ? 1 : nosuchfn(2)");
        assert_eq!(d.0.len(), 1);
        assert_eq!(d.0[0].code, "baseline::lang::unknown_function");
        let (_, d) = refs("false ? provider::aws::arn_parse(\"x\") : 1");
        assert_eq!(d.0[0].code, "baseline::lang::unsupported");
    }

    #[test]
    fn special_roots_classify() {
        let (r, d) = refs("\"${path.module}/${terraform.workspace}\"");
        assert!(d.is_empty());
        assert_eq!(r[0].target, RefTarget::Path("module".into()));
        assert_eq!(r[1].target, RefTarget::Workspace);
        let (_, d) = refs("path.nope");
        assert_eq!(d.0[0].code, "baseline::lang::bad_reference");
    }
}
