//! What holds on the paths from the Entry point to each block: a forward dataflow analysis run
//! to a fixpoint, so loops and joins are handled exactly. "must" facts hold on every path, "may"
//! facts on at least one.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{Action, ActionKind, Branch, CallerId, FlowDocument, Namespace};

/// The state on entry to each block; `None` where no path from the Entry point arrives.
pub(crate) struct Analysis {
    pub states: Vec<Option<PathState>>,
}

impl Analysis {
    pub fn reachable(&self, index: usize) -> bool {
        self.states.get(index).is_some_and(Option::is_some)
    }
}

/// Facts about the paths that reach a block.
#[derive(Debug, Clone, PartialEq, Default)]
#[expect(clippy::struct_excessive_bools, reason = "independent dataflow facts, each joined on its own")]
pub(crate) struct PathState {
    /// A Call phone number ran on some path.
    pub may_called: bool,
    /// A Call phone number ran on every path.
    pub must_called: bool,
    /// The call was placed (by Call phone number or a Play prompt) on every path.
    pub must_dialled: bool,
    /// On some path a Play prompt ran before any Call phone number, placing the call itself.
    pub may_prompted_first: bool,
    /// An Invoke AWS Lambda function succeeded on every path.
    pub must_lambda: bool,
    /// Tracked user-defined attributes set on every path.
    pub must_attributes: BTreeSet<String>,
    /// For each tracked attribute set on some path, the values it may hold here.
    pub attribute_values: BTreeMap<String, BTreeSet<AttributeValue>>,
}

/// A value a Set contact attributes block gave an attribute.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum AttributeValue {
    /// A literal, and the index of the block that set it.
    Literal { value: String, set_by: usize },
    /// A `JSONPath` (the reply of a Lambda, a system attribute...): known only at run time.
    Dynamic(String),
}

impl PathState {
    /// Joins the states of two paths meeting at a block; whether `self` changed. Every fact only
    /// weakens (must-facts turn false, sets of must-attributes shrink, may-facts and values grow),
    /// so comparing sizes and flags is enough: no copy of the state is made to compare.
    fn join(&mut self, other: &PathState) -> bool {
        let flags = (self.may_called, self.must_called, self.must_dialled, self.may_prompted_first, self.must_lambda);
        let must_count = self.must_attributes.len();
        self.may_called |= other.may_called;
        self.must_called &= other.must_called;
        self.must_dialled &= other.must_dialled;
        self.may_prompted_first |= other.may_prompted_first;
        self.must_lambda &= other.must_lambda;
        self.must_attributes.retain(|k| other.must_attributes.contains(k));
        let mut changed = flags
            != (self.may_called, self.must_called, self.must_dialled, self.may_prompted_first, self.must_lambda)
            || must_count != self.must_attributes.len();
        for (key, values) in &other.attribute_values {
            if let Some(mine) = self.attribute_values.get_mut(key) {
                for value in values {
                    changed |= mine.insert(value.clone());
                }
            } else {
                self.attribute_values.insert(key.clone(), values.clone());
                changed = true;
            }
        }
        changed
    }

    /// The state after `action` runs and leaves by `branch`. Only `tracked` attributes are
    /// followed: the ones the rules ask about.
    fn after(&self, index: usize, action: &Action, branch: &Branch, tracked: &BTreeSet<&str>) -> PathState {
        let mut next = self.clone();
        match &action.kind {
            ActionKind::CompleteOutboundCall { .. } => {
                next.may_called = true;
                next.must_called = true;
                next.must_dialled = true;
            }
            ActionKind::MessageParticipant(_) => {
                next.may_prompted_first |= !self.must_called;
                next.must_dialled = true;
            }
            ActionKind::InvokeLambdaFunction(_) if *branch == Branch::Next => {
                next.must_lambda = true;
            }
            ActionKind::UpdateContactAttributes { attributes, .. } if *branch == Branch::Next => {
                for (key, value) in attributes.iter().filter(|(key, _)| tracked.contains(key.as_str())) {
                    next.must_attributes.insert(key.clone());
                    let value = if value.trim_start().starts_with("$.") {
                        AttributeValue::Dynamic(value.clone())
                    } else {
                        AttributeValue::Literal { value: value.clone(), set_by: index }
                    };
                    next.attribute_values.insert(key.clone(), BTreeSet::from([value]));
                }
            }
            _ => {}
        }
        next
    }
}

/// The user-defined attributes the caller-ID rules ask about: those used as a caller ID.
fn tracked_attributes(doc: &FlowDocument) -> BTreeSet<&str> {
    doc.flow
        .actions
        .iter()
        .filter_map(|a| match &a.kind {
            ActionKind::CompleteOutboundCall { caller_id: CallerId::Attribute(attribute) }
                if attribute.namespace == Namespace::UserDefined =>
            {
                Some(attribute.key.as_str())
            }
            _ => None,
        })
        .collect()
}

/// Each block's branch targets by index, in the order of `Transitions::targets` (`None` for a
/// target no block has), in one flat list: looked up once, so walking the graph costs each wire
/// once and no block needs a list of its own.
struct Graph {
    /// Block `i`'s targets are `targets[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
    targets: Vec<Option<usize>>,
}

impl Graph {
    fn new(actions: &[Action], index: &HashMap<&str, usize>) -> Self {
        let mut offsets = Vec::with_capacity(actions.len() + 1);
        let mut targets = Vec::with_capacity(actions.len() * 2);
        offsets.push(0);
        for action in actions {
            targets.extend(action.transitions.targets().map(|(_, t)| index.get(t.as_str()).copied()));
            offsets.push(targets.len());
        }
        Self { offsets, targets }
    }

    fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Block `i`'s branch targets, in branch order.
    fn of(&self, i: usize) -> &[Option<usize>] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&from), Some(&to)) => self.targets.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// The blocks reachable from `start` in reverse postorder: every block before its successors
/// (loops aside), so a flow without loops settles in one pass.
fn reverse_postorder(graph: &Graph, start: usize) -> Vec<usize> {
    let mut visited = vec![false; graph.len()];
    let mut order = Vec::with_capacity(graph.len());
    let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
    if let Some(seen) = visited.get_mut(start) {
        *seen = true;
    }
    while let Some((node, child)) = stack.pop() {
        match graph.of(node).get(child) {
            Some(&target) => {
                stack.push((node, child + 1));
                if let Some(next) = target
                    && let Some(seen) = visited.get_mut(next)
                    && !*seen
                {
                    *seen = true;
                    stack.push((next, 0));
                }
            }
            None => order.push(node),
        }
    }
    order.reverse();
    order
}

/// Runs the analysis from the flow's start.
pub(crate) fn analyse(doc: &FlowDocument) -> Analysis {
    let actions = &doc.flow.actions;
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(actions.len());
    for (i, action) in actions.iter().enumerate() {
        index.entry(action.id.as_str()).or_insert(i);
    }
    let mut states: Vec<Option<PathState>> = vec![None; actions.len()];
    let Some(start) = doc.flow.start.as_ref().and_then(|s| index.get(s.as_str()).copied()) else {
        return Analysis { states };
    };
    let tracked = tracked_attributes(doc);
    let graph = Graph::new(actions, &index);
    let order = reverse_postorder(&graph, start);
    let mut rank = vec![usize::MAX; actions.len()];
    for (position, &node) in order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(node) {
            *slot = position;
        }
    }
    if let Some(slot) = states.get_mut(start) {
        *slot = Some(PathState::default());
    }
    // Pending blocks by rank: the earliest in reverse postorder is processed first.
    let mut pending: BTreeSet<(usize, usize)> = BTreeSet::from([(rank.get(start).copied().unwrap_or(0), start)]);
    while let Some((_, i)) = pending.pop_first() {
        let (Some(action), Some(Some(state))) = (actions.get(i), states.get(i).cloned()) else {
            continue;
        };
        for ((branch, _), &target) in action.transitions.targets().zip(graph.of(i)) {
            let Some(t) = target else {
                continue;
            };
            let out = state.after(i, action, &branch, &tracked);
            let Some(slot) = states.get_mut(t) else {
                continue;
            };
            let changed = match slot {
                None => {
                    *slot = Some(out);
                    true
                }
                Some(existing) => existing.join(&out),
            };
            if changed {
                pending.insert((rank.get(t).copied().unwrap_or(usize::MAX), t));
            }
        }
    }
    Analysis { states }
}
