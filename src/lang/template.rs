//! String templates: interpolations, `%{ if }` and `%{ for }` directives with `~` strip
//! markers, and `templatefile`.

use hcl_edit::template::{Directive, Element, Template};

use super::eval::{Evaluator, NoReferences, Scope};
use super::refs::template_references;
use super::value::Value;
use crate::diag::{Diags, Span};

/// Whether the element strips the whitespace of the literal after it (`~}`).
fn strips_after(el: &Element) -> bool {
    match el {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip.strip_end(),
        Element::Directive(d) => match &**d {
            Directive::If(x) => x.endif_expr.strip.strip_end(),
            Directive::For(x) => x.endfor_expr.strip.strip_end(),
        },
    }
}

/// Whether the element strips the whitespace of the literal before it (`%{~`, `${~`).
fn strips_before(el: &Element) -> bool {
    match el {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip.strip_start(),
        Element::Directive(d) => match &**d {
            Directive::If(x) => x.if_expr.strip.strip_start(),
            Directive::For(x) => x.for_expr.strip.strip_start(),
        },
    }
}

/// Removes up to `n` leading spaces or tabs from each line inside the directives of `t` (a
/// `<<-` heredoc whose own lines the parser dedented by `n`). A body's first line continues
/// the directive's line, so only lines after a newline are dedented.
pub(super) fn dedent_directives(t: &mut Template, n: usize) {
    fn body(t: &mut Template, n: usize) {
        for el in t.iter_mut() {
            if let Element::Literal(l) = el {
                let s: &mut String = l.as_mut();
                let mut out = String::with_capacity(s.len());
                for (i, line) in s.split('\n').enumerate() {
                    if i > 0 {
                        out.push('\n');
                        let ws = line.len() - line.trim_start_matches([' ', '\t']).len();
                        out.push_str(&line[ws.min(n)..]);
                    } else {
                        out.push_str(line);
                    }
                }
                *s = out;
            }
        }
        dedent_directives(t, n);
    }
    for el in t.iter_mut() {
        if let Element::Directive(d) = el {
            match &mut **d {
                Directive::If(x) => {
                    body(&mut x.if_expr.template, n);
                    if let Some(e) = &mut x.else_expr {
                        body(&mut e.template, n);
                    }
                }
                Directive::For(x) => body(&mut x.for_expr.template, n),
            }
        }
    }
}

impl Evaluator<'_> {
    /// A template's string, or `Unknown` when any part it uses is unknown.
    pub(super) fn template(&self, t: &Template, diags: &mut Diags) -> Value {
        let mut out = String::new();
        if self.render(t, (false, false), &mut out, diags) {
            Value::String(super::eval::nfc(&out))
        } else {
            // HCL's unknown template result is a string, never null.
            Value::unknown_not_null(&super::Type::String)
        }
    }

    /// Appends `t` to `out`; `strip` says whether the directive around `t` strips the
    /// whitespace at its start and end. Returns false when the result is unknown (rendering
    /// goes on, so every error is reported).
    fn render(&self, t: &Template, strip: (bool, bool), out: &mut String, diags: &mut Diags) -> bool {
        let els: Vec<&Element> = t.iter().collect();
        let mut known = true;
        for (i, el) in els.iter().enumerate() {
            match el {
                Element::Literal(s) => {
                    let before = if i == 0 { strip.0 } else { strips_after(els[i - 1]) };
                    let after = if i + 1 == els.len() { strip.1 } else { strips_before(els[i + 1]) };
                    let mut s: &str = s.value();
                    if before {
                        s = s.trim_start();
                    }
                    if after {
                        s = s.trim_end();
                    }
                    out.push_str(s);
                }
                Element::Interpolation(x) => match self.eval(&x.expr, diags) {
                    Value::Unknown(_) => known = false,
                    v => match v.as_template_string() {
                        Some(s) => out.push_str(&s),
                        None if !v.is_known() => known = false,
                        None => {
                            let what = if v == Value::NULL {
                                "a null value".to_string()
                            } else {
                                format!("a {}", v.type_name())
                            };
                            self.err(
                                diags,
                                self.sp(&x.expr),
                                format!("cannot include {what} in a string template"),
                                "not a string",
                            );
                            known = false;
                        }
                    },
                },
                Element::Directive(d) => match &**d {
                    Directive::If(x) => {
                        let inner_end = match &x.else_expr {
                            Some(e) => e.strip.strip_start(),
                            None => x.endif_expr.strip.strip_start(),
                        };
                        match self.eval(&x.if_expr.cond_expr, diags).string_to_bool() {
                            Value::Bool(true) => {
                                known &= self.render(
                                    &x.if_expr.template,
                                    (x.if_expr.strip.strip_end(), inner_end),
                                    out,
                                    diags,
                                )
                            }
                            Value::Bool(false) => {
                                if let Some(e) = &x.else_expr {
                                    let strip = (e.strip.strip_end(), x.endif_expr.strip.strip_start());
                                    known &= self.render(&e.template, strip, out, diags);
                                }
                            }
                            Value::Unknown(_) => known = false,
                            other => {
                                self.err(
                                    diags,
                                    self.sp(&x.if_expr.cond_expr),
                                    format!("an `%{{ if }}` condition must be a bool, not {}", other.type_name()),
                                    "not a bool",
                                );
                                known = false;
                            }
                        }
                    }
                    Directive::For(x) => {
                        let f = &x.for_expr;
                        let coll = self.eval(&f.collection_expr, diags);
                        let span = self.sp(&f.collection_expr);
                        let Some(pairs) = self.iteration(coll, span, "a `%{ for }` directive", diags) else {
                            known = false;
                            continue;
                        };
                        let strip = (f.strip.strip_end(), x.endfor_expr.strip.strip_start());
                        for (k, v) in pairs {
                            let mut vars = vec![(f.value_var.as_str().to_string(), v)];
                            if let Some(kv) = &f.key_var {
                                vars.push((kv.as_str().to_string(), k));
                            }
                            let scope = self.scope.child(vars);
                            let inner = Evaluator { file: self.file, r: self.r, scope: &scope };
                            known &= inner.render(&f.template, strip, out, diags);
                        }
                    }
                },
            }
        }
        known
    }

    /// `templatefile(path, vars)`: renders the file's template with only `vars` in scope.
    /// Mistakes inside the template are reported at the call, naming the file.
    pub(super) fn templatefile(&self, args: &[Value], span: Option<Span>, diags: &mut Diags) -> Value {
        let fail =
            |diags: &mut Diags, msg: String| self.err(diags, span, format!("templatefile(): {msg}"), "invalid call");
        let [path, vars] = args else {
            return fail(diags, format!("expects 2 arguments (path, vars), got {}", args.len()));
        };
        let Value::String(path) = path else {
            return if path.is_unknown() { Value::UNKNOWN } else { fail(diags, "the path must be a string".into()) };
        };
        let vars = match vars {
            Value::Object(m) => m.clone().into_inner(),
            Value::Unknown(_) => return Value::UNKNOWN,
            other => return fail(diags, format!("the variables must be a map or object, not {}", other.type_name())),
        };
        let text = match super::functions::read_text(path) {
            Ok(t) => t,
            Err(e) => return fail(diags, e),
        };
        self.render_vars("templatefile", path, &text, vars, span, diags)
    }

    /// `templatestring(ref, vars)`: renders the string `ref` refers to as a template with only
    /// `vars` in scope. As Terraform, the template must come from elsewhere (a reference),
    /// not be written in the call: a template written in place is a string expression.
    pub(super) fn templatestring(
        &self,
        f: &hcl_edit::expr::FuncCall,
        args: &[Value],
        span: Option<Span>,
        diags: &mut Diags,
    ) -> Value {
        let fail =
            |diags: &mut Diags, msg: String| self.err(diags, span, format!("templatestring(): {msg}"), "invalid call");
        if let Some(
            hcl_edit::expr::Expression::String(_)
            | hcl_edit::expr::Expression::StringTemplate(_)
            | hcl_edit::expr::Expression::HeredocTemplate(_),
        ) = f.args.iter().next()
        {
            return fail(
                diags,
                "invalid template expression: templatestring is only for rendering templates retrieved dynamically \
                 from elsewhere, and so does not support providing a literal template; consider using a template \
                 string expression instead"
                    .into(),
            );
        }
        // Anything else but a reference (`local.t`, `var.t`, `data.x.y.content`) is refused,
        // as Terraform refuses it.
        let direct = matches!(
            f.args.iter().next(),
            Some(hcl_edit::expr::Expression::Variable(_) | hcl_edit::expr::Expression::Traversal(_))
        );
        if !direct {
            return fail(
                diags,
                "invalid template expression: must be a direct reference to a single string from elsewhere, \
                 containing valid Terraform template syntax"
                    .into(),
            );
        }
        let [text, vars] = args else {
            return fail(diags, format!("expects 2 arguments (template, vars), got {}", args.len()));
        };
        let text = match text {
            Value::Unknown(_) => return Value::UNKNOWN,
            v => match v.as_template_string() {
                Some(t) if !matches!(v, Value::Null(_)) => t,
                _ => return fail(diags, format!("the template must be a string, not {}", v.type_name())),
            },
        };
        let vars = match vars {
            Value::Object(m) => m.clone().into_inner(),
            Value::Unknown(_) => return Value::UNKNOWN,
            other => return fail(diags, format!("the variables must be a map or object, not {}", other.type_name())),
        };
        self.render_vars("templatestring", "<templatestring argument>", &text, vars, span, diags)
    }

    /// Renders `text` as a template with only `vars` in scope, for `templatefile` and
    /// `templatestring` (`func`), naming the template `origin` in messages.
    fn render_vars(
        &self,
        func: &str,
        path: &str,
        text: &str,
        vars: std::collections::BTreeMap<String, Value>,
        span: Option<Span>,
        diags: &mut Diags,
    ) -> Value {
        let fail = |diags: &mut Diags, msg: String| self.err(diags, span, format!("{func}(): {msg}"), "invalid call");
        let t = match hcl_edit::parser::parse_template(text) {
            Ok(t) => t,
            Err(e) => {
                let at = e.location();
                let msg = format!("{path}:{}:{}: not a valid template: {}", at.line(), at.column(), e.message());
                return fail(diags, msg);
            }
        };
        let mut inner = Diags::new();
        let names: Vec<String> = vars.keys().cloned().collect();
        let (refs, calls) = template_references(&t, self.file, &names, &mut inner);
        if let Some(r) = refs.first() {
            let name = r.target.to_string();
            return fail(diags, format!("{path} refers to `{name}`; a template sees only the variables passed to it"));
        }
        if let Some(c) = calls.iter().find(|c| *c == "templatefile" || *c == "templatestring") {
            return fail(
                diags,
                format!("{path} calls {c}; cannot recursively call {c} from inside another template function"),
            );
        }
        let scope = Scope::empty();
        let scope = scope.child(vars.into_iter().collect());
        let ev = Evaluator { file: self.file, r: &NoReferences, scope: &scope };
        // As a template in a configuration, one that is a single interpolation is its value.
        let v = match t.iter().collect::<Vec<_>>().as_slice() {
            [Element::Interpolation(x)] => ev.eval(&x.expr, &mut inner),
            _ => ev.template(&t, &mut inner),
        };
        if let Some(d) = inner.0.iter().find(|d| d.severity == crate::diag::Severity::Error) {
            return fail(diags, format!("{path}: {}", d.message));
        }
        v
    }
}
