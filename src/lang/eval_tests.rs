use std::collections::BTreeMap;

use super::*;

struct R;
impl Resolver for R {
    fn var(&self, name: &str) -> Option<Value> {
        match name {
            "region" => Some(Value::str("ap-northeast-1")),
            "unknown" => Some(Value::UNKNOWN),
            "empty" => Some(Value::str("")),
            "nothing" => Some(Value::NULL),
            "rules" => Some(Value::from(vec![
                Value::from(BTreeMap::from([
                    ("name".into(), Value::str("a")),
                    ("tags".into(), Value::from(vec![Value::str("x")])),
                ])),
                Value::from(BTreeMap::from([("name".into(), Value::str("b")), ("tags".into(), Value::from(vec![]))])),
            ])),
            "one" => Some(Value::Object(BTreeMap::from([("name".into(), Value::str("solo"))]).into())),
            "users" => Some(Value::Object(
                BTreeMap::from([
                    ("ann".into(), Value::str("admin")),
                    ("bob".into(), Value::str("dev")),
                    ("cid".into(), Value::str("admin")),
                ])
                .into(),
            )),
            _ => None,
        }
    }
    fn local(&self, name: &str, _: &mut Diags) -> Option<Value> {
        (name == "prefix").then(|| Value::str("Default"))
    }
    fn object(&self, addr: &Address) -> Option<Value> {
        (addr.name == "r").then(|| {
            Value::Object(
                BTreeMap::from([("name".to_string(), Value::str("x")), ("arn".to_string(), Value::UNKNOWN)]).into(),
            )
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

/// Evaluates `src` and `want` and compares; `src` must not report errors.
fn same(src: &str, want: &str) {
    let (v, d) = ev(src);
    assert!(!d.has_errors(), "{src}: {:?}", d.0.iter().map(|d| &d.message).collect::<Vec<_>>());
    let (w, wd) = ev(want);
    assert!(!wd.has_errors(), "{want}");
    assert_eq!(v, w, "{src}");
}

#[test]
fn templates_interpolate_references() {
    same(r#""${local.prefix}-${var.region}""#, r#""Default-ap-northeast-1""#);
}

#[test]
fn unknown_attributes_propagate() {
    assert_eq!(ev(r#""role ${aws_iam_role.r.arn}""#).0, Value::UNKNOWN);
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
    assert!(ev("0 / 0").1.has_errors());
    assert_eq!(ev("1 / 0").0.to_string(), "+Inf");
}

#[test]
fn logical_operators_short_circuit_over_unknowns() {
    assert_eq!(ev("false && var.unknown").0, Value::Bool(false));
    assert_eq!(ev("true || var.unknown").0, Value::Bool(true));
    assert_eq!(ev("var.unknown && false").0, Value::Bool(false));
    assert_eq!(ev("var.unknown || true").0, Value::Bool(true));
    assert_eq!(ev("true && var.unknown").0, Value::UNKNOWN);
    // The right side is not evaluated, so its errors are not reported.
    let (v, d) = ev("var.nothing != null && var.nothing.name == \"x\"");
    assert_eq!(v, Value::Bool(false));
    assert!(d.is_empty());
    // As in the issue: `count = var.x != "" && <computed> ? 1 : 0`.
    assert_eq!(ev("var.empty != \"\" && aws_iam_role.r.arn != \"\" ? 1 : 0").0, Value::num(0.0));
}

#[test]
fn conditionals_report_only_the_branch_taken() {
    let (v, d) = ev("true ? 1 : 0 / 0");
    assert_eq!(v, Value::num(1.0));
    assert!(d.is_empty());
    let (v, d) = ev("var.unknown == 1 ? 1 / 0 : var.nothing.x");
    assert_eq!(v, Value::UNKNOWN);
    assert!(d.is_empty(), "{d:?}");
    assert!(ev("false ? 1 : 0 / 0").1.has_errors());
    assert!(ev("null ? 1 : 2").1.has_errors());
}

#[test]
fn for_expressions() {
    same("[for s in [\"a\", \"b\"] : upper(s)]", "[\"A\", \"B\"]");
    same("[for i, s in [\"a\", \"b\"] : \"${i}=${s}\"]", "[\"0=a\", \"1=b\"]");
    same("{for s in [\"a\", \"b\"] : s => upper(s)}", "{a = \"A\", b = \"B\"}");
    same("{for k, v in var.users : k => v if v == \"admin\"}", "{ann = \"admin\", cid = \"admin\"}");
    same("{for k, v in var.users : v => k...}", "{admin = [\"ann\", \"cid\"], dev = [\"bob\"]}");
    same("[for r in var.rules : r.name if length(r.tags) > 0]", "[\"a\"]");
    // Nested `for`, the inner one seeing the outer variable.
    same("flatten([for r in var.rules : [for t in r.tags : \"${r.name}:${t}\"]])", "[\"a:x\"]");
    assert_eq!(ev("[for x in var.unknown : x]").0, Value::UNKNOWN);
    let (_, d) = ev("{for k, v in var.users : v => k}");
    assert!(d.0[0].message.contains("two elements produced the key \"admin\""), "{:?}", d.0);
    assert!(ev("[for x in null : x]").1.has_errors());
    assert!(ev("[for x in 5 : x]").1.has_errors());
}

#[test]
fn splat_expressions() {
    same("var.rules[*].name", "[\"a\", \"b\"]");
    same("var.rules.*.name", "[\"a\", \"b\"]");
    same("var.one[*].name", "[\"solo\"]");
    same("var.nothing[*]", "[]");
    // The legacy splat applies only to the attribute reads after it.
    same("var.rules.*.name[1]", "\"b\"");
    // The full splat applies every operator after it, to each element.
    same("(var.rules[*].name)[1]", "\"b\"");
}

#[test]
fn template_directives_and_strip_markers() {
    same("\"%{ if var.region == \"ap-northeast-1\" }tokyo%{ else }other%{ endif }\"", "\"tokyo\"");
    same("\"%{ for u, role in var.users }${u}:${role};%{ endfor }\"", "\"ann:admin;bob:dev;cid:admin;\"");
    same("\"a  %{~ if true ~}  b  %{~ endif ~}  c\"", "\"abc\"");
    same("\"x ${~ \"y\" ~} z\"", "\"xyz\"");
    let heredoc = "<<-EOT\n  %{ for r in var.rules ~}\n  - ${r.name}\n  %{ endfor ~}\n  EOT";
    let (v, _) = ev(heredoc);
    assert_eq!(v, Value::str("- a\n- b\n"), "{heredoc}");
    assert_eq!(ev("\"%{ if var.unknown }a%{ endif }\"").0, Value::UNKNOWN);
    // A template that is one interpolation is its value, of any type; inside a longer
    // template a list or null is an error.
    assert_eq!(ev("\"${[1]}\"").0, Value::List(vec![Value::int(1)].into()));
    assert_eq!(ev("\"${null}\"").0, Value::NULL);
    assert!(ev("\"x${[1]}\"").1.has_errors());
    assert!(ev("\"x${null}\"").1 .0[0].message.contains("null value"));
}

#[test]
fn argument_expansion_and_can_try() {
    same("concat([\"a\"], [[\"b\"], [\"c\"]]...)", "[\"a\", \"b\", \"c\"]");
    same("can(var.one.nope)", "false");
    same("can(var.one.name)", "true");
    same("try(var.one.nope, \"fallback\")", "\"fallback\"");
    assert_eq!(ev("try(aws_iam_role.r.arn, \"x\")").0, Value::UNKNOWN);
    assert_eq!(ev("can(var.unknown)").0, Value::UNKNOWN);
}

#[test]
fn deep_nesting_stays_linear() {
    // 40 nested calls over an unknown value: each level evaluates its argument once.
    let mut e = "var.unknown".to_string();
    for _ in 0..40 {
        e = format!("jsonencode({e})");
    }
    let start = std::time::Instant::now();
    assert_eq!(ev(&e).0, Value::UNKNOWN);
    let mut e = "var.region".to_string();
    for _ in 0..40 {
        e = format!("lower({e})");
    }
    assert_eq!(ev(&e).0, Value::str("ap-northeast-1"));
    // Exponential evaluation of 40 levels would take hours, not this bound.
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    // Over a constant, each level doubles the escapes of the one inside: the growth stops
    // with a diagnostic once a result passes 16 MiB, instead of running for hours.
    let mut e = "\"x\"".to_string();
    for _ in 0..40 {
        e = format!("jsonencode({e})");
    }
    let (v, d) = ev(&e);
    assert_eq!(v, Value::UNKNOWN);
    assert!(d.0.iter().any(|d| d.message.contains("longer than 16 MiB")), "{:?}", d.0);
}

#[test]
fn special_references() {
    struct P;
    impl Resolver for P {
        fn var(&self, _: &str) -> Option<Value> {
            None
        }
        fn local(&self, _: &str, _: &mut Diags) -> Option<Value> {
            None
        }
        fn object(&self, _: &Address) -> Option<Value> {
            None
        }
        fn path(&self, which: &str) -> Option<Value> {
            Some(Value::str(format!("<{which}>")))
        }
    }
    let body = hcl_edit::parser::parse_body("x = \"${path.module}/${terraform.workspace}\"\n").unwrap();
    let mut d = Diags::new();
    let v = eval(&body.get_attribute("x").unwrap().value, FileId(0), &P, &mut d);
    assert_eq!(v, Value::str("<module>/default"));
}
