//! Which values are sensitive, as Terraform marks them, read off the expression: the
//! language here has no marks on values, so `issensitive` asks where a value came from. A
//! value is marked when it is a sensitive variable (or read from one), the result of
//! `sensitive()`, or computed by an operator, template or function from a marked value
//! (deep in a collection included); a collection built from marked elements is not marked
//! itself, and `nonsensitive()` removes the mark.

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::template::Element;

use super::Resolver;

/// Whether the value of `e` is itself marked sensitive.
pub fn top(e: &Expression, r: &dyn Resolver) -> bool {
    match e {
        Expression::Variable(_) | Expression::Traversal(_) => match root(e) {
            Some(("var", name)) => r.var_sensitive(name),
            Some(("local", name)) => r.local_sensitive(name),
            _ => false,
        },
        Expression::Parenthesis(p) => top(p.inner(), r),
        Expression::FuncCall(f) => match f.name.name.as_str() {
            "sensitive" => true,
            "nonsensitive" | "issensitive" | "can" | "try" | "tolist" | "toset" | "tomap" => {
                f.name.name.as_str() == "try" && f.args.iter().any(|a| top(a, r))
            }
            _ => f.args.iter().any(|a| deep(a, r)),
        },
        Expression::UnaryOp(u) => deep(&u.expr, r),
        Expression::BinaryOp(b) => deep(&b.lhs_expr, r) || deep(&b.rhs_expr, r),
        Expression::Conditional(c) => top(&c.cond_expr, r) || top(&c.true_expr, r) || top(&c.false_expr, r),
        Expression::StringTemplate(t) => {
            let els: Vec<&Element> = t.iter().collect();
            match els.as_slice() {
                [Element::Interpolation(x)] => top(&x.expr, r),
                _ => els.iter().any(|el| element_deep(el, r)),
            }
        }
        Expression::HeredocTemplate(h) => h.template.iter().any(|el| element_deep(el, r)),
        _ => false,
    }
}

/// Whether any part of the value of `e` is marked sensitive.
pub fn deep(e: &Expression, r: &dyn Resolver) -> bool {
    match e {
        Expression::Array(a) => a.iter().any(|x| deep(x, r)),
        Expression::Object(o) => o.iter().any(|(_, v)| deep(v.expr(), r)),
        Expression::FuncCall(f) if f.name.name.as_str() == "nonsensitive" => false,
        Expression::FuncCall(f) if matches!(f.name.name.as_str(), "tolist" | "toset" | "tomap") => {
            f.args.iter().any(|a| deep(a, r))
        }
        Expression::ForExpr(fe) => {
            deep(&fe.intro.collection_expr, r)
                || fe.key_expr.as_ref().is_some_and(|k| deep(k, r))
                || deep(&fe.value_expr, r)
        }
        other => top(other, r),
    }
}

fn element_deep(el: &Element, r: &dyn Resolver) -> bool {
    match el {
        Element::Interpolation(x) => deep(&x.expr, r),
        Element::Directive(_) | Element::Literal(_) => false,
    }
}

/// `("var", NAME)` when `e` reads `var.NAME` (or something inside it); `local` likewise.
fn root(e: &Expression) -> Option<(&str, &str)> {
    let Expression::Traversal(t) = e else { return None };
    let Expression::Variable(v) = &t.expr else { return None };
    match t.operators.first().map(|o| o.value()) {
        Some(TraversalOperator::GetAttr(name)) => Some((v.as_str(), name.as_str())),
        _ => None,
    }
}
