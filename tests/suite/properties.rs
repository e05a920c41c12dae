//! The cycle and ordering checks agree with brute force on random graphs.

use proptest::prelude::*;
use rankdown::graph;

/// A random directed graph on up to 12 nodes, as adjacency lists.
fn graphs() -> impl Strategy<Value = Vec<Vec<usize>>> {
    (1usize..12)
        .prop_flat_map(|n| proptest::collection::vec(proptest::collection::vec(0..n, 0..4), n))
}

/// Whether node `to` can be reached from `from` in one or more steps.
fn reachable(adjacency: &[Vec<usize>]) -> Vec<Vec<bool>> {
    let n = adjacency.len();
    let mut reach = vec![vec![false; n]; n];
    for (from, edges) in adjacency.iter().enumerate() {
        for &to in edges {
            reach[from][to] = true;
        }
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                if reach[i][k] && reach[k][j] {
                    reach[i][j] = true;
                }
            }
        }
    }
    reach
}

proptest! {
    #[test]
    fn cycles_are_found_exactly_where_a_node_reaches_itself(adjacency in graphs()) {
        let reach = reachable(&adjacency);
        let cycles = graph::cycles(&adjacency);
        let on_cycle: Vec<usize> = (0..adjacency.len()).filter(|&i| reach[i][i]).collect();
        prop_assert_eq!(cycles.is_empty(), on_cycle.is_empty());
        for cycle in &cycles {
            // Each reported cycle is a real cycle: every edge exists, including the one back.
            for (i, &node) in cycle.iter().enumerate() {
                let next = cycle[(i + 1) % cycle.len()];
                prop_assert!(adjacency[node].contains(&next), "{:?} in {:?}", cycle, adjacency);
            }
        }
        // Every node on a cycle shares a group with the start of one reported cycle.
        for &node in &on_cycle {
            let covered = cycles.iter().any(|c| c[0] == node || (reach[node][c[0]] && reach[c[0]][node]));
            prop_assert!(covered, "node {} not covered by {:?}", node, cycles);
        }
    }

    #[test]
    fn misordered_is_every_dependency_ranked_lower(
        adjacency in graphs(),
        order_seed in proptest::collection::vec(any::<u16>(), 12),
    ) {
        let n = adjacency.len();
        let mut order: Vec<usize> = (0..n).filter(|&i| order_seed[i] % 4 != 0).collect();
        order.sort_by_key(|&i| order_seed[i]);
        let found = graph::misordered(&order, |node| adjacency[node].clone());
        let mut expected = Vec::new();
        for (pos, &item) in order.iter().enumerate() {
            for &dep in &adjacency[item] {
                if order.iter().position(|&o| o == dep).is_some_and(|dep_pos| dep_pos > pos) {
                    expected.push((item, dep));
                }
            }
        }
        prop_assert_eq!(found, expected);
    }
}

/// A team `gamma` of `n` open stories with the given dependencies and order.
fn team_backlog(adjacency: &[Vec<usize>], order: &[usize]) -> crate::harness::Backlog {
    let backlog = crate::harness::Backlog::minimal();
    for (i, deps) in adjacency.iter().enumerate() {
        let deps: Vec<String> = deps.iter().map(|d| format!("G-{d}")).collect();
        backlog.write(
            &format!("stories/gamma/G-{i}.md"),
            format!(
                "---\ntitle: Story {i}\ntype: spike\nteam: gamma\nstatus: backlog\ndepends_on: [{}]\n---\n",
                deps.join(", ")
            ),
        );
    }
    let listed: Vec<String> = order.iter().map(|i| format!("G-{i}")).collect();
    backlog.write(
        "teams/gamma.md",
        format!(
            "---\ntitle: Gamma\nproduct_owner: Gil Ray\nbacklog: [{}]\n---\n",
            listed.join(", ")
        ),
    );
    backlog
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn check_reports_cycles_and_misranks_as_brute_force_finds_them(
        adjacency in graphs(),
        order_seed in proptest::collection::vec(any::<u16>(), 12),
    ) {
        let n = adjacency.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| (order_seed[i], i));
        let checked = rankdown::check(team_backlog(&adjacency, &order).path()).expect("check runs");
        let count = |code: &str| checked.diagnostics.iter().filter(|d| d.code.as_str() == code).count();

        let reach = reachable(&adjacency);
        // One cycle is reported per group of stories that reach each other.
        let mut groups: Vec<usize> = Vec::new();
        for i in (0..n).filter(|&i| reach[i][i]) {
            if !groups.iter().any(|&g| reach[i][g] && reach[g][i]) {
                groups.push(i);
            }
        }
        prop_assert_eq!(count("RD203"), groups.len(), "{:#?}", checked.diagnostics);

        let mut misranked = 0;
        for (pos, &item) in order.iter().enumerate() {
            let mut deps = adjacency[item].clone();
            deps.sort_unstable();
            deps.dedup();
            // Stories on a common cycle get RD203, not RD304.
            let on_common_cycle = |d: usize| reach[item][d] && reach[d][item];
            misranked += deps
                .iter()
                .filter(|&&d| !on_common_cycle(d))
                .filter(|&&d| order.iter().position(|&o| o == d) > Some(pos))
                .count();
        }
        prop_assert_eq!(count("RD304"), misranked, "{:#?}", checked.diagnostics);
        prop_assert_eq!(checked.diagnostics.len(), count("RD203") + count("RD304"));
    }
}
