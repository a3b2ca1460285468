//! The dependency graph of resources and data sources, built from references (also through
//! local values) and `depends_on`. Cycles are diagnostics naming every member. [`Graph::build`]
//! runs small named passes over a `Builder`, each adding one kind of node or edge.

use std::collections::{BTreeMap, BTreeSet};

use crate::addr::{Address, Mode};
use crate::config::{Config, Expr, ModuleCall};
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

/// The graph while [`Graph::build`] builds it.
struct Builder<'c> {
    config: &'c Config,
    /// Each node's direct dependencies.
    edges: BTreeMap<Node, BTreeSet<Node>>,
    /// Where each node is declared, for the cycle diagnostic.
    spans: BTreeMap<Node, Option<Span>>,
    /// Reference syntax errors, dropped: the reference check reports them.
    quiet: Diags,
}

/// Every child module, with the `module` block that calls it and the module that block is in.
fn called_modules(config: &Config) -> Vec<(&Config, &ModuleCall, &Config)> {
    config
        .modules()
        .into_iter()
        .filter_map(|m| {
            // A module with a calling block has a path of one step or more.
            let call = config.call_at(&m.path)?;
            let parent = config.module_at(&m.path[..m.path.len() - 1]).unwrap_or(config);
            Some((m, call, parent))
        })
        .collect()
}

impl<'c> Builder<'c> {
    /// The nodes the references of `e`, written in module `m`, point at.
    fn refs_of(&mut self, m: &Config, e: &Expr) -> Vec<Node> {
        let refs = e.references(&mut self.quiet);
        refs.iter().flat_map(|r| targets(self.config, m, &r.target, r.attr.as_ref().map(|a| a.0.as_str()))).collect()
    }

    /// Adds `node`, declared at `span`, with edges to `deps`.
    fn add(&mut self, node: Node, span: Option<Span>, deps: impl IntoIterator<Item = Node>) {
        self.spans.insert(node.clone(), span);
        self.connect(node, deps);
    }

    /// Adds edges from `node` to `deps`.
    fn connect(&mut self, node: Node, deps: impl IntoIterator<Item = Node>) {
        self.edges.entry(node).or_default().extend(deps);
    }

    /// A node per local value of every module, with edges to what its value refers to.
    fn add_locals(&mut self) {
        let config = self.config;
        for m in config.modules() {
            for l in m.locals.values() {
                let deps = self.refs_of(m, &l.value);
                self.add(Node::Local(m.path.clone(), l.name.clone()), l.value.span, deps);
            }
        }
    }

    /// A node per input variable of every child module, with edges to what the argument of
    /// the `module` block refers to in the calling module (none for a default).
    fn add_module_inputs(&mut self) {
        for (m, call, parent) in called_modules(self.config) {
            for v in m.variables.values() {
                let arg = call.args.get(&v.name);
                let deps = arg.map(|e| self.refs_of(parent, e)).unwrap_or_default();
                self.add(Node::Var(m.path.clone(), v.name.clone()), arg.and_then(|e| e.span).or(call.span), deps);
            }
        }
    }

    /// A node per output of every child module (the root's are not depended on), with edges
    /// to what its value refers to.
    fn add_module_outputs(&mut self) {
        for (m, _, _) in called_modules(self.config) {
            for o in m.outputs.values() {
                let deps = self.refs_of(m, &o.value);
                self.add(Node::Output(m.path.clone(), o.name.clone()), o.value.span, deps);
            }
        }
    }

    /// A node per child module's instances, with edges to what its `count`/`for_each` refers
    /// to in the calling module and, for a nested module, to its parent's instances.
    fn add_module_instances(&mut self) {
        for (m, call, parent) in called_modules(self.config) {
            let mut deps: Vec<Node> = Vec::new();
            for e in call.count.iter().chain(call.for_each.iter()) {
                deps.extend(self.refs_of(parent, e));
            }
            // A nested module's instances need its parent's.
            if m.path.len() > 1 {
                deps.push(Node::Call(m.path[..m.path.len() - 1].to_vec()));
            }
            self.add(Node::Call(m.path.clone()), call.span, deps);
        }
    }

    /// A node per resource and data source, with edges to what its arguments, nested blocks,
    /// `count`/`for_each`, `replace_triggered_by` and conditions refer to.
    fn add_resources(&mut self) {
        let config = self.config;
        for m in config.modules() {
            for r in &m.resources {
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
                let deps: Vec<Node> = exprs.flat_map(|x| self.refs_of(m, x)).collect();
                self.add(Node::Object(r.addr.clone()), r.span, deps);
            }
        }
    }

    /// The `depends_on` edges: from resources, from child modules' outputs, and from child
    /// modules' instances (a `module` block's `depends_on`) to the objects named.
    /// A `depends_on` entry naming a module (`module.NAME`) depends on everything in it: its
    /// resources and data sources and its outputs, in nested modules too, as Terraform's.
    fn connect_depends_on(&mut self) {
        let in_module: Vec<(Vec<String>, Node)> = self
            .edges
            .keys()
            .filter_map(|n| match n {
                Node::Object(a) => Some((a.module_names(), n.clone())),
                Node::Output(p, _) => Some((p.clone(), n.clone())),
                _ => None,
            })
            .collect();
        let objects = |list: &[(Address, Option<Span>)]| {
            let mut out = Vec::new();
            for (a, _) in list {
                match Config::depended_module(a) {
                    Some(path) => {
                        out.extend(in_module.iter().filter(|(p, _)| p.starts_with(&path)).map(|(_, n)| n.clone()))
                    }
                    // `var.x` and `local.x` (Terraform takes them): what their values refer to.
                    None if a.mode == Mode::Managed && a.type_name == "var" => {
                        out.push(Node::Var(a.module_names(), a.name.clone()))
                    }
                    None if a.mode == Mode::Managed && a.type_name == "local" => {
                        out.push(Node::Local(a.module_names(), a.name.clone()))
                    }
                    None => out.push(Node::Object(a.clone())),
                }
            }
            out
        };
        let config = self.config;
        for r in config.all_resources() {
            self.connect(Node::Object(r.addr.clone()), objects(&r.depends_on));
        }
        for (m, call, _) in called_modules(config) {
            for o in m.outputs.values() {
                self.connect(Node::Output(m.path.clone(), o.name.clone()), objects(&o.depends_on));
            }
            self.connect(Node::Call(m.path.clone()), objects(&call.depends_on));
        }
    }

    /// Edges from every node declared in a child module (but its instances' own) to the
    /// module's instances: everything in a module waits for its `count`/`for_each`.
    fn connect_module_instances(&mut self) {
        let within: Vec<(Node, Vec<String>)> = self
            .edges
            .keys()
            .filter_map(|n| {
                let path = match n {
                    Node::Local(p, _) | Node::Var(p, _) | Node::Output(p, _) => p.clone(),
                    Node::Object(a) => a.module_names(),
                    Node::Call(_) => return None,
                };
                (!path.is_empty()).then(|| (n.clone(), path))
            })
            .collect();
        for (n, path) in within {
            self.connect(n, [Node::Call(path)]);
        }
    }

    /// No graph edge: a provider's region must not depend on a resource (the provider is
    /// configured before any is read), reported here where the references are resolved.
    fn check_provider_region(&mut self, diags: &mut Diags) {
        for p in &self.config.providers {
            let Some(region) = &p.region else { continue };
            for rf in region.references(&mut self.quiet) {
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

    /// Nodes only referred to (an object named by `depends_on` without its own entry) become
    /// nodes too, without edges.
    fn add_referred_nodes(&mut self) {
        let referred: Vec<Node> = self.edges.values().flatten().cloned().collect();
        for n in referred {
            self.edges.entry(n).or_default();
        }
    }

    /// Reports each cycle, naming every member, at the first member's declaration.
    fn report_cycles(&self, diags: &mut Diags) {
        let mut dag = Dag::new(self.edges.keys().cloned());
        for (n, deps) in &self.edges {
            for d in deps {
                dag.depends(n, d);
            }
        }
        for (path, others) in dag.cycles() {
            let names: Vec<String> = path.iter().map(Node::to_string).collect();
            let mut message = format!("dependency cycle: {} → {}", names.join(" → "), names[0]);
            if !others.is_empty() {
                let others: Vec<String> = others.iter().map(Node::to_string).collect();
                message.push_str(&format!(" (entangled with {})", others.join(", ")));
            }
            diags.push(
                Diag::error("baseline::graph::cycle", message)
                    .at(self.spans.get(&path[0]).copied().flatten(), "part of the cycle")
                    .help("each arrow points at what a block refers to (or names in `depends_on`); break the cycle by removing one of these references"),
            );
        }
    }

    /// For each resource and data source, the objects it depends on, directly or through
    /// locals, module inputs, outputs and instances (itself left out).
    fn resource_deps(&self) -> BTreeMap<Address, BTreeSet<Address>> {
        let mut deps = BTreeMap::new();
        for r in self.config.all_resources() {
            let mut seen = BTreeSet::new();
            let mut out = BTreeSet::new();
            let mut stack: Vec<Node> =
                self.edges.get(&Node::Object(r.addr.clone())).into_iter().flatten().cloned().collect();
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
                    _ => stack.extend(self.edges.get(&n).into_iter().flatten().cloned()),
                }
            }
            deps.insert(r.addr.clone(), out);
        }
        deps
    }
}

impl Graph {
    /// Builds the graph; reports cycles into `diags`. References to undeclared things are
    /// ignored here (they are reported by the reference check).
    ///
    /// As Terraform core builds its graph, by small named passes in order: nodes with their
    /// reference edges, then `depends_on` edges, then the edges into module instances.
    pub fn build(config: &Config, diags: &mut Diags) -> Graph {
        let mut b = Builder { config, edges: BTreeMap::new(), spans: BTreeMap::new(), quiet: Diags::new() };
        b.add_locals();
        b.add_module_inputs();
        b.add_module_outputs();
        b.add_module_instances();
        b.add_resources();
        b.connect_depends_on();
        b.connect_module_instances();
        b.check_provider_region(diags);
        b.add_referred_nodes();
        b.report_cycles(diags);
        Graph { deps: b.resource_deps() }
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

    /// Drawn along its edges, as Terraform's "Cycle:" lists it, from its first node: `local.n`
    /// refers to `b`, which refers to `a`, which refers to `local.n` (in name order the arrows
    /// would not be references).
    #[test]
    fn a_cycle_is_drawn_along_its_references() {
        let c = cfg(r#"
            resource "aws_inspector_assessment_target" "a" { name = local.n }
            resource "aws_inspector_assessment_target" "b" { name = aws_inspector_assessment_target.a.name }
            locals { n = aws_inspector_assessment_target.b.name }
        "#);
        let mut d = Diags::new();
        Graph::build(&c, &mut d);
        assert_eq!(d.0.len(), 1);
        assert_eq!(
            d.0[0].message,
            "dependency cycle: local.n → aws_inspector_assessment_target.b → aws_inspector_assessment_target.a → local.n"
        );
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
