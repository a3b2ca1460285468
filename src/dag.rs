//! The one dependency graph and walker that planning, applying and validating share.
//!
//! A [`Dag`] holds nodes (addresses, or address-and-step pairs) and "depends on" edges, on
//! `petgraph`. [`Dag::order`] is a deterministic topological order; [`Dag::cycles`] names the
//! members of every cycle; [`Dag::walk`] visits every node once all its dependencies are done,
//! at most `parallelism` at a time.
//!
//! # The walk
//! ## Expected flow
//! 1. Nodes with no dependencies are ready, smallest first (nodes are ordered by their `Ord`).
//! 2. `start(ctx, node)` runs synchronously in the walker, with `&mut` access to the caller's
//!    context: it evaluates what it can and returns a future for the slow part (an API call),
//!    or says the node is done or failed without one.
//! 3. Up to `parallelism` futures run concurrently. As each completes, `finish(ctx, node,
//!    output)` runs synchronously (so it may update shared state without locks) and says
//!    whether the node succeeded.
//! 4. A node's dependents become ready when the last of their dependencies succeeds.
//!
//! ## Guarantees
//! - Each node is started at most once, and only after every node it depends on succeeded.
//! - A node that failed never lets its dependents start: they are skipped, transitively, and
//!   listed in the report in the order they were skipped. Independent branches go on.
//! - `start` and `finish` never run concurrently with each other; futures do.
//! - Readiness is tracked by counting: the walk costs O(nodes + edges), not a rescan per step.
//!
//! ## Caveats
//! - Nodes on a cycle never become ready; they are reported as not reached. Callers diagnose
//!   cycles before walking ([`Dag::cycles`]).
//!
//! ## Errors
//! - `finish` returning `Err` stops the walk at once (e.g. a state write failed): futures
//!   still running are dropped, which cancels them between their awaits.

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::hash::Hash;
use std::pin::Pin;

use futures::stream::{FuturesUnordered, StreamExt};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;

/// A dependency graph over nodes of type `N`.
#[derive(Debug, Clone)]
pub struct Dag<N> {
    /// Edges point from a node to the nodes that depend on it.
    graph: DiGraph<N, ()>,
    index: HashMap<N, NodeIndex>,
}

/// A boxed future a walk runs.
pub type Task<'f, T> = Pin<Box<dyn Future<Output = T> + 'f>>;

/// What `start` says about a node.
pub enum Start<'f, T> {
    /// Run this future; its output goes to `finish`.
    Run(Task<'f, T>),
    /// Nothing to run; the node succeeded.
    Done,
    /// The node failed before running anything; its dependents are skipped.
    Failed,
}

/// What a walk did not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkReport<N> {
    /// Nodes not started because a node they depend on failed, in the order they were skipped.
    pub skipped: Vec<N>,
    /// Nodes never ready (members of cycles, or depending on one).
    pub unreached: Vec<N>,
}

impl<N: Clone + Eq + Hash + Ord> Dag<N> {
    /// A graph of `nodes` (duplicates collapse) without edges. Node indices follow the nodes'
    /// order, so every tie is broken the same way on every run.
    pub fn new(nodes: impl IntoIterator<Item = N>) -> Dag<N> {
        let sorted: BTreeSet<N> = nodes.into_iter().collect();
        let mut graph = DiGraph::with_capacity(sorted.len(), sorted.len());
        let mut index = HashMap::with_capacity(sorted.len());
        for n in sorted {
            let i = graph.add_node(n.clone());
            index.insert(n, i);
        }
        Dag { graph, index }
    }

    /// Records that `dependent` depends on `dependency`. Unknown nodes and repeated edges are
    /// ignored; a self-dependency is kept (it is a cycle).
    pub fn depends(&mut self, dependent: &N, dependency: &N) {
        let (Some(&a), Some(&b)) = (self.index.get(dependency), self.index.get(dependent)) else {
            return;
        };
        self.graph.update_edge(a, b, ());
    }

    /// Every node, in index order.
    pub fn nodes(&self) -> impl Iterator<Item = &N> {
        self.graph.node_weights()
    }

    /// How many nodes the graph has.
    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    /// True when the graph has no nodes.
    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// Every node in dependency order (dependencies first), the smallest ready node first;
    /// members of cycles (and what depends on them) come last, in their own order.
    pub fn order(&self) -> Vec<N> {
        let mut waiting: Vec<usize> =
            self.graph.node_indices().map(|i| self.graph.neighbors_directed(i, Direction::Incoming).count()).collect();
        let mut ready: BTreeSet<NodeIndex> = self.graph.node_indices().filter(|i| waiting[i.index()] == 0).collect();
        let mut out = Vec::with_capacity(self.len());
        let mut placed = vec![false; self.len()];
        while let Some(i) = ready.pop_first() {
            placed[i.index()] = true;
            out.push(self.graph[i].clone());
            for d in self.graph.neighbors_directed(i, Direction::Outgoing) {
                waiting[d.index()] -= 1;
                if waiting[d.index()] == 0 {
                    ready.insert(d);
                }
            }
        }
        out.extend(self.graph.node_indices().filter(|i| !placed[i.index()]).map(|i| self.graph[i].clone()));
        out
    }

    /// Every cycle, as a path along dependency edges: from its smallest member, each node
    /// depends on the next and the last on the first (the shortest such path, the smallest
    /// node first at each tie); then the other members of the same strongly connected set,
    /// sorted (a set of several entangled cycles has more members than one path holds). The
    /// cycles are sorted by their first member.
    pub fn cycles(&self) -> Vec<(Vec<N>, Vec<N>)> {
        let mut out: Vec<(Vec<N>, Vec<N>)> = petgraph::algo::tarjan_scc(&self.graph)
            .into_iter()
            .filter(|scc| scc.len() > 1 || self.graph.contains_edge(scc[0], scc[0]))
            .map(|scc| {
                let path = self.cycle_path(&scc);
                let mut others: Vec<N> =
                    scc.iter().filter(|i| !path.contains(i)).map(|&i| self.graph[i].clone()).collect();
                others.sort();
                (path.into_iter().map(|i| self.graph[i].clone()).collect(), others)
            })
            .collect();
        out.sort();
        out
    }

    /// The shortest path from the smallest member of `scc` back to it along "depends on"
    /// edges (breadth first, dependencies visited smallest first), without the repeated end.
    fn cycle_path(&self, scc: &[NodeIndex]) -> Vec<NodeIndex> {
        let members: BTreeSet<NodeIndex> = scc.iter().copied().collect();
        // Node indices follow the nodes' order, so the smallest index is the smallest node.
        let Some(&start) = members.first() else { return Vec::new() };
        let depends_on = |i: NodeIndex| {
            let mut next: Vec<NodeIndex> =
                self.graph.neighbors_directed(i, Direction::Incoming).filter(|d| members.contains(d)).collect();
            next.sort();
            next
        };
        let mut came_from: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(i) = queue.pop_front() {
            for d in depends_on(i) {
                if d == start {
                    // Walk back from `i` to the start: the path in reverse.
                    let mut path = vec![i];
                    while let Some(&p) = came_from.get(path.last().unwrap_or(&start)) {
                        path.push(p);
                    }
                    if path.last() != Some(&start) {
                        path.push(start);
                    }
                    path.reverse();
                    path.dedup();
                    return path;
                }
                if let std::collections::hash_map::Entry::Vacant(e) = came_from.entry(d) {
                    e.insert(i);
                    queue.push_back(d);
                }
            }
        }
        // Unreachable for a strongly connected set; its members sorted keep the report whole.
        members.into_iter().collect()
    }

    /// A walk of the graph driven by the caller (see [`Walk`]): take ready nodes, run their
    /// futures, report each completion, until nothing is left.
    pub fn walker<'d, 'f, T>(&'d self, parallelism: usize) -> Walk<'d, 'f, N, T> {
        let waiting: Vec<usize> =
            self.graph.node_indices().map(|i| self.graph.neighbors_directed(i, Direction::Incoming).count()).collect();
        let ready = self.graph.node_indices().filter(|i| waiting[i.index()] == 0).collect();
        Walk {
            dag: self,
            parallelism: parallelism.max(1),
            waiting,
            mark: vec![Mark::Waiting; self.len()],
            ready,
            inflight: FuturesUnordered::new(),
            skipped: Vec::new(),
        }
    }

    /// Walks the graph with synchronous `start` and `finish` steps; see the module
    /// documentation for the contract. (Plan and apply drive a [`Walk`] themselves, with
    /// async work between steps; this form states the contract compactly for the tests.)
    /// `finish` returns `Ok(true)` when the node succeeded, `Ok(false)` when it failed.
    #[cfg(test)]
    pub async fn walk<'f, C, T, E>(
        &self,
        parallelism: usize,
        ctx: &mut C,
        mut start: impl FnMut(&mut C, &N) -> Start<'f, T>,
        mut finish: impl FnMut(&mut C, &N, T) -> Result<bool, E>,
    ) -> Result<WalkReport<N>, E> {
        let mut walk = self.walker(parallelism);
        loop {
            while let Some(n) = walk.next_ready() {
                match start(ctx, &n) {
                    Start::Run(fut) => walk.run(&n, fut),
                    Start::Done => walk.succeeded(&n),
                    Start::Failed => walk.failed(&n),
                }
            }
            let Some((n, output)) = walk.next_done().await else { break };
            if finish(ctx, &n, output)? {
                walk.succeeded(&n);
            } else {
                walk.failed(&n);
            }
        }
        Ok(walk.report())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    Waiting,
    Started,
    Skipped,
}

/// One walk in progress over a [`Dag`], driven by the caller:
///
/// ```text
/// loop {
///     while let Some(n) = walk.next_ready() { … walk.run(&n, future) or walk.succeeded(&n) … }
///     let Some((n, output)) = walk.next_done().await else { break };
///     … record output (async work allowed here) …; walk.succeeded(&n) or walk.failed(&n)
/// }
/// ```
///
/// The contract is the module's: a node is handed out once, after all its dependencies
/// succeeded; a failure skips everything downstream; at most `parallelism` futures run.
pub struct Walk<'d, 'f, N, T> {
    dag: &'d Dag<N>,
    parallelism: usize,
    waiting: Vec<usize>,
    mark: Vec<Mark>,
    ready: BTreeSet<NodeIndex>,
    inflight: FuturesUnordered<Task<'f, (NodeIndex, T)>>,
    skipped: Vec<N>,
}

impl<'f, N: Clone + Eq + Hash + Ord, T: 'f> Walk<'_, 'f, N, T> {
    /// The next node to start (smallest first), if one is ready and a slot is free.
    pub fn next_ready(&mut self) -> Option<N> {
        if self.inflight.len() >= self.parallelism {
            return None;
        }
        let i = self.ready.pop_first()?;
        self.mark[i.index()] = Mark::Started;
        Some(self.dag.graph[i].clone())
    }

    /// Runs `fut` for the started node `n`; its output comes back from [`Walk::next_done`].
    pub fn run(&mut self, n: &N, fut: Task<'f, T>) {
        if let Some(&i) = self.dag.index.get(n) {
            self.inflight.push(Box::pin(async move { (i, fut.await) }));
        }
    }

    /// How many futures are running.
    pub fn running(&self) -> usize {
        self.inflight.len()
    }

    /// The next finished future's node and output; `None` when nothing is running.
    pub async fn next_done(&mut self) -> Option<(N, T)> {
        let (i, out) = self.inflight.next().await?;
        Some((self.dag.graph[i].clone(), out))
    }

    /// `n` succeeded: its dependents whose last dependency it was become ready.
    pub fn succeeded(&mut self, n: &N) {
        let Some(&i) = self.dag.index.get(n) else { return };
        for d in self.dag.graph.neighbors_directed(i, Direction::Outgoing) {
            self.waiting[d.index()] -= 1;
            if self.waiting[d.index()] == 0 && self.mark[d.index()] == Mark::Waiting {
                self.ready.insert(d);
            }
        }
    }

    /// `n` failed: everything downstream that has not started is skipped.
    pub fn failed(&mut self, n: &N) {
        let Some(&i) = self.dag.index.get(n) else { return };
        let graph = &self.dag.graph;
        let downstream = |x: NodeIndex| {
            let mut v: Vec<NodeIndex> = graph.neighbors_directed(x, Direction::Outgoing).collect();
            v.sort_by(|a, b| b.cmp(a)); // popped smallest first
            v
        };
        let mut stack = downstream(i);
        while let Some(d) = stack.pop() {
            if self.mark[d.index()] != Mark::Waiting {
                continue;
            }
            self.mark[d.index()] = Mark::Skipped;
            self.ready.remove(&d);
            self.skipped.push(graph[d].clone());
            stack.extend(downstream(d));
        }
    }

    /// What the walk did not do: skipped nodes, and nodes never reached (cycles).
    pub fn report(self) -> WalkReport<N> {
        let unreached = self
            .dag
            .graph
            .node_indices()
            .filter(|i| self.mark[i.index()] == Mark::Waiting)
            .map(|i| self.dag.graph[i].clone())
            .collect();
        WalkReport { skipped: self.skipped, unreached }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::time::Duration;

    use super::*;

    /// a ← b ← d, a ← c ← d, e alone.
    fn diamond() -> Dag<&'static str> {
        let mut g = Dag::new(["d", "c", "b", "a", "e"]);
        g.depends(&"b", &"a");
        g.depends(&"c", &"a");
        g.depends(&"d", &"b");
        g.depends(&"d", &"c");
        g
    }

    #[test]
    fn order_puts_dependencies_first_and_breaks_ties_by_node() {
        assert_eq!(diamond().order(), ["a", "b", "c", "d", "e"]);
        let mut g = Dag::new(["x", "y", "z"]);
        g.depends(&"x", &"y");
        g.depends(&"y", &"x");
        assert_eq!(g.order(), ["z", "x", "y"], "cycle members come last");
        assert_eq!(g.cycles(), [(vec!["x", "y"], vec![])]);
        assert!(diamond().cycles().is_empty());
    }

    /// Each arrow of a drawn cycle is an edge: `a` depends on `c`, `c` on `b`, `b` on `a`;
    /// a set of entangled cycles is drawn along its shortest one, the rest named after it.
    #[test]
    fn cycles_follow_their_edges() {
        let mut g = Dag::new(["a", "b", "c", "d", "e"]);
        g.depends(&"a", &"c");
        g.depends(&"c", &"b");
        g.depends(&"b", &"a");
        g.depends(&"d", &"d");
        assert_eq!(g.cycles(), [(vec!["a", "c", "b"], vec![]), (vec!["d"], vec![])]);
        g.depends(&"b", &"e");
        g.depends(&"e", &"b");
        g.depends(&"a", &"b");
        assert_eq!(g.cycles()[0], (vec!["a", "b"], vec!["c", "e"]));
    }

    #[tokio::test]
    async fn walk_starts_each_node_after_its_dependencies_and_within_parallelism() {
        let g = diamond();
        let live = std::rc::Rc::new(RefCell::new((0usize, 0usize)));
        let mut log: Vec<String> = Vec::new();
        let report = g
            .walk(
                2,
                &mut log,
                |log, n| {
                    log.push(format!("start {n}"));
                    let live = live.clone();
                    Start::Run(Box::pin(async move {
                        {
                            let mut l = live.borrow_mut();
                            l.0 += 1;
                            l.1 = l.1.max(l.0);
                        }
                        tokio::time::sleep(Duration::from_millis(5)).await;
                        live.borrow_mut().0 -= 1;
                    }))
                },
                |log, n, ()| {
                    log.push(format!("done {n}"));
                    Ok::<bool, ()>(true)
                },
            )
            .await
            .unwrap();
        assert!(report.skipped.is_empty() && report.unreached.is_empty());
        let pos = |s: &str| log.iter().position(|l| l == s).unwrap();
        assert!(pos("done a") < pos("start b") && pos("done a") < pos("start c"));
        assert!(pos("done b") < pos("start d") && pos("done c") < pos("start d"));
        assert_eq!(live.borrow().1, 2, "two at a time, never more");
    }

    #[tokio::test]
    async fn a_failure_skips_its_dependents_and_nothing_else() {
        let g = diamond();
        let mut started: Vec<&str> = Vec::new();
        let report = g
            .walk(
                4,
                &mut started,
                |s, n| {
                    s.push(n);
                    if *n == "b" {
                        Start::Failed
                    } else {
                        Start::Done
                    }
                },
                |_, _, ()| Ok::<bool, ()>(true),
            )
            .await
            .unwrap();
        assert_eq!(report.skipped, ["d"]);
        assert_eq!(started, ["a", "b", "c", "e"]);
    }

    #[tokio::test]
    async fn an_error_from_finish_stops_the_walk() {
        let g = diamond();
        let mut n = 0;
        let r = g
            .walk(
                1,
                &mut n,
                |_, _| Start::Run(Box::pin(async {})),
                |n, node, ()| {
                    *n += 1;
                    if *node == "b" {
                        Err("state write failed")
                    } else {
                        Ok(true)
                    }
                },
            )
            .await;
        assert_eq!(r, Err("state write failed"));
        assert_eq!(n, 2, "a, then b, then nothing");
    }

    #[tokio::test]
    async fn cycle_members_are_reported_unreached() {
        let mut g = Dag::new(["x", "y", "z"]);
        g.depends(&"x", &"y");
        g.depends(&"y", &"x");
        let report = g.walk(1, &mut (), |_, _| Start::<()>::Done, |_, _, ()| Ok::<bool, ()>(true)).await.unwrap();
        assert_eq!(report.unreached, ["x", "y"]);
    }
}
