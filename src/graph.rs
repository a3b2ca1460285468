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
    Local(String),
    Object(Address),
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Node::Local(n) => write!(f, "local.{n}"),
            Node::Object(a) => write!(f, "{a}"),
        }
    }
}

/// Resource-to-resource dependencies of a configuration.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// For each resource or data source, the ones it depends on (directly or via locals).
    pub deps: BTreeMap<Address, BTreeSet<Address>>,
}

impl Graph {
    /// Builds the graph; reports cycles into `diags`. References to undeclared things are
    /// ignored here (they are reported by the reference check).
    pub fn build(config: &Config, diags: &mut Diags) -> Graph {
        let mut edges: BTreeMap<Node, BTreeSet<Node>> = BTreeMap::new();
        let mut spans: BTreeMap<Node, Option<Span>> = BTreeMap::new();
        let mut quiet = Diags::new(); // reference syntax errors are reported by the reference check
        let known = |t: &RefTarget| match t {
            RefTarget::Local(n) => config.locals.contains_key(n).then(|| Node::Local(n.clone())),
            RefTarget::Object(a) => config.resource(a).is_some().then(|| Node::Object(a.clone())),
            RefTarget::Var(_)
            | RefTarget::Each(_)
            | RefTarget::CountIndex
            | RefTarget::Path(_)
            | RefTarget::Workspace
            | RefTarget::SelfObject => None,
        };
        for l in config.locals.values() {
            let node = Node::Local(l.name.clone());
            spans.insert(node.clone(), l.value.span);
            let e = edges.entry(node).or_default();
            for r in l.value.references(&mut quiet) {
                e.extend(known(&r.target));
            }
        }
        for r in &config.resources {
            let node = Node::Object(r.addr.clone());
            spans.insert(node.clone(), r.span);
            let e = edges.entry(node).or_default();
            let exprs = r
                .attrs
                .values()
                .chain(r.count.iter())
                .chain(r.for_each.iter())
                .chain(r.blocks.values().flatten().flat_map(|b| b.exprs()));
            for x in exprs {
                for rf in x.references(&mut quiet) {
                    e.extend(known(&rf.target));
                }
            }
            for (a, _) in &r.depends_on {
                e.extend(known(&RefTarget::Object(a.clone())));
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
        for r in &config.resources {
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
                    Node::Local(_) => stack.extend(edges.get(&n).into_iter().flatten().cloned()),
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
