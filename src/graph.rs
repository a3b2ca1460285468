//! The dependency graph of resources and data sources, built from references (also through
//! local values) and `depends_on`. Cycles are diagnostics naming every member.

use std::collections::{BTreeMap, BTreeSet};

use crate::addr::Address;
use crate::config::Config;
use crate::dag::Dag;
use crate::diag::{Diag, Diags, Span};
use crate::lang::RefTarget;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Node {
    /// A local value of the module at the path.
    Local(Vec<String>, String),
    /// An input variable of a child module (its value comes from the `module` block).
    Var(Vec<String>, String),
    /// An output of a child module.
    Output(Vec<String>, String),
    /// The instances of the module at the path (its `count`/`for_each`, `depends_on`).
    Call(Vec<String>),
    Object(Address),
}

fn prefix(path: &[String]) -> String {
    path.iter().map(|p| format!("module.{p}.")).collect()
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Node::Local(p, n) => write!(f, "{}local.{n}", prefix(p)),
            Node::Var(p, n) => write!(f, "{}var.{n}", prefix(p)),
            Node::Output(p, n) => write!(f, "{}output.{n}", prefix(p)),
            Node::Call(p) => write!(f, "{}", prefix(p).trim_end_matches('.')),
            Node::Object(a) => write!(f, "{a}"),
        }
    }
}

/// Resource-to-resource dependencies of a configuration.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// For each resource or data source, the ones it depends on (directly or via locals,
    /// module inputs and outputs).
    pub deps: BTreeMap<Address, BTreeSet<Address>>,
}

/// The graph nodes a reference made in module `m` points at (none for undeclared things,
/// which the reference check reports, and for values without dependencies).
fn targets(root: &Config, m: &Config, t: &RefTarget, attr: Option<&str>) -> Vec<Node> {
    match t {
        RefTarget::Local(n) if m.locals.contains_key(n) => vec![Node::Local(m.path.clone(), n.clone())],
        RefTarget::Var(n) if !m.path.is_empty() && m.variables.contains_key(n) => {
            vec![Node::Var(m.path.clone(), n.clone())]
        }
        RefTarget::Object(a) => {
            let abs = a.in_module(&m.steps());
            root.resource(&abs).is_some().then_some(Node::Object(abs)).into_iter().collect()
        }
        RefTarget::Module(n) => {
            let Some(child) = m.calls.get(n).and_then(|c| c.module.as_deref()) else { return Vec::new() };
            let outputs: Vec<String> = match attr {
                Some(o) if child.outputs.contains_key(o) => vec![o.to_string()],
                _ => child.outputs.keys().cloned().collect(),
            };
            let mut out: Vec<Node> = outputs.into_iter().map(|o| Node::Output(child.path.clone(), o)).collect();
            out.push(Node::Call(child.path.clone()));
            out
        }
        _ => Vec::new(),
    }
}

impl Graph {
    /// Builds the graph; reports cycles into `diags`. References to undeclared things are
    /// ignored here (they are reported by the reference check).
    ///
    /// One loop per kind of node, in every module (why this is over 120 lines).
    pub fn build(config: &Config, diags: &mut Diags) -> Graph {
        let mut edges: BTreeMap<Node, BTreeSet<Node>> = BTreeMap::new();
        let mut spans: BTreeMap<Node, Option<Span>> = BTreeMap::new();
        let mut quiet = Diags::new(); // reference syntax errors are reported by the reference check
        let refs_of = |m: &Config, e: &crate::config::Expr, quiet: &mut Diags| -> Vec<Node> {
            e.references(quiet)
                .iter()
                .flat_map(|r| targets(config, m, &r.target, r.attr.as_ref().map(|a| a.0.as_str())))
                .collect()
        };
        for m in config.modules() {
            // Everything in a child module waits for the module's instances to be known.
            let within: Vec<Node> = (!m.path.is_empty()).then(|| Node::Call(m.path.clone())).into_iter().collect();
            for l in m.locals.values() {
                let node = Node::Local(m.path.clone(), l.name.clone());
                spans.insert(node.clone(), l.value.span);
                let deps = refs_of(m, &l.value, &mut quiet);
                edges.entry(node).or_default().extend(deps.into_iter().chain(within.clone()));
            }
            if let Some(call) = config.call_at(&m.path) {
                let parent = config.module_at(&m.path[..m.path.len() - 1]).unwrap_or(config);
                for v in m.variables.values() {
                    let node = Node::Var(m.path.clone(), v.name.clone());
                    spans.insert(node.clone(), call.args.get(&v.name).and_then(|e| e.span).or(call.span));
                    let deps: Vec<Node> =
                        call.args.get(&v.name).map(|e| refs_of(parent, e, &mut quiet)).unwrap_or_default();
                    edges.entry(node).or_default().extend(deps.into_iter().chain(within.clone()));
                }
                for o in m.outputs.values() {
                    let node = Node::Output(m.path.clone(), o.name.clone());
                    spans.insert(node.clone(), o.value.span);
                    let deps = refs_of(m, &o.value, &mut quiet);
                    let after = o.depends_on.iter().map(|(a, _)| Node::Object(a.clone()));
                    edges.entry(node).or_default().extend(deps.into_iter().chain(after).chain(within.clone()));
                }
                let node = Node::Call(m.path.clone());
                spans.insert(node.clone(), call.span);
                let mut deps: Vec<Node> = Vec::new();
                for e in call.count.iter().chain(call.for_each.iter()) {
                    deps.extend(refs_of(parent, e, &mut quiet));
                }
                deps.extend(call.depends_on.iter().map(|(a, _)| Node::Object(a.clone())));
                // A nested module's instances need its parent's.
                if m.path.len() > 1 {
                    deps.push(Node::Call(m.path[..m.path.len() - 1].to_vec()));
                }
                edges.entry(node).or_default().extend(deps);
            }
            for r in &m.resources {
                let node = Node::Object(r.addr.clone());
                spans.insert(node.clone(), r.span);
                let lc = &r.lifecycle;
                let conditions = lc.preconditions.iter().chain(lc.postconditions.iter());
                let exprs = r
                    .attrs
                    .values()
                    .chain(r.count.iter())
                    .chain(r.for_each.iter())
                    .chain(r.blocks.values().flatten().flat_map(|b| b.exprs()))
                    .chain(lc.replace_triggered_by.iter())
                    .chain(conditions.flat_map(|c| [&c.condition, &c.error_message]));
                let mut deps: Vec<Node> = Vec::new();
                for x in exprs {
                    deps.extend(refs_of(m, x, &mut quiet));
                }
                deps.extend(r.depends_on.iter().map(|(a, _)| Node::Object(a.clone())));
                edges.entry(node).or_default().extend(deps.into_iter().chain(within.clone()));
            }
        }
        for p in &config.providers {
            if let Some(region) = &p.region {
                for rf in region.references(&mut quiet) {
                    if let RefTarget::Object(a) = rf.target {
                        diags.push(
                            Diag::error(
                                "baseline::graph::provider_ref",
                                format!("the provider's region cannot depend on `{a}`"),
                            )
                            .at(rf.span, "refers to a resource")
                            .help("use a variable or a literal for the region"),
                        );
                    }
                }
            }
        }
        // Nodes only referred to (an object in a module without its own entry) exist too.
        let referred: Vec<Node> = edges.values().flatten().cloned().collect();
        for n in referred {
            edges.entry(n).or_default();
        }
        let mut dag = Dag::new(edges.keys().cloned());
        for (n, deps) in &edges {
            for d in deps {
                dag.depends(n, d);
            }
        }
        for scc in dag.cycles() {
            let names: Vec<String> = scc.iter().map(Node::to_string).collect();
            diags.push(
                Diag::error(
                    "baseline::graph::cycle",
                    format!("dependency cycle: {}", names.join(" → ") + " → " + &names[0]),
                )
                .at(spans.get(&scc[0]).copied().flatten(), "part of the cycle")
                .help("break the cycle by removing one of these references or depends_on entries"),
            );
        }
        let mut deps = BTreeMap::new();
        for r in config.all_resources() {
            let mut seen = BTreeSet::new();
            let mut out = BTreeSet::new();
            let mut stack: Vec<Node> =
                edges.get(&Node::Object(r.addr.clone())).into_iter().flatten().cloned().collect();
            while let Some(n) = stack.pop() {
                if !seen.insert(n.clone()) {
                    continue;
                }
                match n {
                    Node::Object(a) => {
                        if a != r.addr {
                            out.insert(a);
                        }
                    }
                    _ => stack.extend(edges.get(&n).into_iter().flatten().cloned()),
                }
            }
            deps.insert(r.addr.clone(), out);
        }
        Graph { deps }
    }

    /// Every address in dependency order (dependencies first), ties broken by address.
    /// Members of cycles come last in address order.
    pub fn order(&self) -> Vec<Address> {
        self.dag().order()
    }

    /// The graph as a [`Dag`] of configuration addresses, for walking.
    pub fn dag(&self) -> Dag<Address> {
        let mut dag = Dag::new(self.deps.keys().cloned());
        for (a, deps) in &self.deps {
            for d in deps {
                dag.depends(a, d);
            }
        }
        dag
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(src: &str) -> Config {
        let (c, d) = crate::config::load_sources(vec![("main.hcl".into(), src.into())]);
        assert!(!d.has_errors(), "{d:?}");
        c
    }

    #[test]
    fn dependencies_flow_through_locals_and_depends_on() {
        let c = cfg(r#"
            locals { arn = aws_iam_role.a.arn }
            resource "aws_iam_role" "a" { assume_role_policy = "{}" }
            resource "aws_iam_role_policy" "p" {
              name = "p"
              role = "x"
              policy = jsonencode({ r = local.arn })
            }
            resource "aws_inspector_assessment_target" "t" {
              name = "t"
              depends_on = [aws_iam_role_policy.p]
            }
        "#);
        let mut d = Diags::new();
        let g = Graph::build(&c, &mut d);
        assert!(d.is_empty());
        let p = Address::managed("aws_iam_role_policy", "p");
        assert!(g.deps[&p].contains(&Address::managed("aws_iam_role", "a")));
        let order: Vec<String> = g.order().iter().map(|a| a.to_string()).collect();
        assert_eq!(order, ["aws_iam_role.a", "aws_iam_role_policy.p", "aws_inspector_assessment_target.t"]);
    }

    #[test]
    fn a_cycle_names_every_member() {
        let c = cfg(r#"
            resource "aws_inspector_assessment_target" "a" { name = aws_inspector_assessment_target.b.name }
            resource "aws_inspector_assessment_target" "b" { name = local.n }
            locals { n = aws_inspector_assessment_target.a.name }
        "#);
        let mut d = Diags::new();
        Graph::build(&c, &mut d);
        assert_eq!(d.0.len(), 1);
        let m = &d.0[0].message;
        for n in ["aws_inspector_assessment_target.a", "aws_inspector_assessment_target.b", "local.n"] {
            assert!(m.contains(n), "{m}");
        }
    }
}
