//! Graph algorithms on dependency graphs given as adjacency lists over `0..n`.
//! Iterative, so that a dependency chain of any length cannot overflow the stack.

use rustc_hash::FxHashMap as HashMap;
use std::collections::VecDeque;

/// One cycle for every group of nodes that depend on each other (a strongly
/// connected component with a cycle). Each cycle starts at its group's
/// smallest node and follows edges until the edge back to that node; cycles
/// are sorted by their first node.
pub fn cycles(adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    cycles_and_components(adjacency).0
}

/// [`cycles`], and for each node the index of its group of nodes that depend
/// on each other (its strongly connected component): two nodes share one
/// exactly when each reaches the other.
pub fn cycles_and_components(adjacency: &[Vec<usize>]) -> (Vec<Vec<usize>>, Vec<usize>) {
    let components = strongly_connected(adjacency);
    let component_of = label(&components, adjacency.len());
    let mut found: Vec<Vec<usize>> = components
        .iter()
        .enumerate()
        .filter_map(|(c, nodes)| {
            let start = *nodes.iter().min()?;
            let cyclic = nodes.len() > 1 || adjacency[start].contains(&start);
            cyclic.then(|| shortest_cycle(adjacency, start, |n| component_of[n] == c))
        })
        .collect();
    found.sort();
    (found, component_of)
}

fn label(components: &[Vec<usize>], n: usize) -> Vec<usize> {
    let mut component_of = vec![usize::MAX; n];
    for (c, nodes) in components.iter().enumerate() {
        for &node in nodes {
            component_of[node] = c;
        }
    }
    component_of
}

/// The shortest path from `start` back to itself through nodes `within` allows.
fn shortest_cycle(
    adjacency: &[Vec<usize>],
    start: usize,
    within: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let mut parent = vec![usize::MAX; adjacency.len()];
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in &adjacency[node] {
            if next == start {
                let mut path = vec![node];
                let mut last = node;
                while last != start {
                    last = parent[last];
                    path.push(last);
                }
                path.reverse();
                return path;
            }
            if within(next) && parent[next] == usize::MAX {
                parent[next] = node;
                queue.push_back(next);
            }
        }
    }
    vec![start]
}

/// Tarjan's algorithm without recursion.
fn strongly_connected(adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = adjacency.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next_index = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position of the next edge to follow)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = adjacency[node].get(*edge) {
                *edge += 1;
                if index[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// Every `(item, dependency)` where both are in `order` and the dependency comes
/// after the item, in the order of `order` then of the item's dependencies.
/// Only the first place of a node listed twice counts.
pub fn misordered<D>(order: &[usize], dependencies: impl Fn(usize) -> D) -> Vec<(usize, usize)>
where
    D: IntoIterator<Item = usize>,
{
    let mut rank: HashMap<usize, usize> =
        HashMap::with_capacity_and_hasher(order.len(), Default::default());
    for (position, &node) in order.iter().enumerate() {
        rank.entry(node).or_insert(position);
    }
    let mut found = Vec::new();
    for (position, &node) in order.iter().enumerate() {
        if rank[&node] != position {
            continue;
        }
        for dependency in dependencies(node) {
            if rank.get(&dependency).is_some_and(|&r| r > position) {
                found.push((node, dependency));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_self_loops_and_longer_cycles() {
        let graph = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        assert_eq!(cycles(&graph), vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn a_dag_has_no_cycles() {
        let graph = vec![vec![1, 2], vec![2], vec![]];
        assert!(cycles(&graph).is_empty());
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let n = 200_000;
        let mut graph: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        graph[n - 1] = vec![0];
        assert_eq!(cycles(&graph)[0].len(), n);
    }

    #[test]
    fn misordered_names_dependencies_ranked_lower() {
        let graph = [vec![1], vec![], vec![0]];
        let deps = |n: usize| graph[n].clone();
        assert_eq!(misordered(&[0, 1, 2], deps), vec![(0, 1)]);
        assert!(misordered(&[1, 0, 2], deps).is_empty());
    }
}
