//! `depends_on` has no cycles, and a story ranks below the open stories of its
//! own team that it depends on.

use super::Report;
use crate::diagnostic::{Code, Edit};
use crate::graph;
use crate::model::{Story, Team};
use crate::source::Seg;
use crate::words::ordinal;
use rustc_hash::FxHashMap as HashMap;

pub(super) fn check(report: &mut Report) {
    let stories: Vec<&Story> = report.backlog.stories.values().collect();
    let index: HashMap<&str, usize> = stories
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let adjacency: Vec<Vec<usize>> = stories
        .iter()
        .map(|s| {
            s.depends_on
                .iter()
                .filter_map(|r| index.get(r.id.as_str()).copied())
                .collect()
        })
        .collect();
    let (cycles, component) = graph::cycles_and_components(&adjacency);
    report_cycles(report, &stories, cycles);
    let ranks = report.backlog.ranks();
    let graph = Graph {
        stories: &stories,
        ranks: &ranks,
        index: &index,
        adjacency: &adjacency,
        component: &component,
    };
    for team in report.backlog.teams.values() {
        report_misranked(report, team, &graph);
    }
}

fn report_cycles(report: &mut Report, stories: &[&Story], cycles: Vec<Vec<usize>>) {
    for cycle in cycles {
        let first = stories[cycle[0]];
        let second = stories[cycle[1 % cycle.len()]];
        let names: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&cycle[0]))
            .map(|&i| stories[i].id.as_str())
            .collect();
        let item = first
            .depends_on
            .iter()
            .find(|r| r.id == second.id.as_str())
            .map_or(0, |r| r.index);
        report.at(
            Code::DependencyCycle,
            first.file,
            &[Seg::Key("depends_on"), Seg::Index(item)],
            format!("dependency cycle: {}", names.join(" → ")),
            "remove one of these dependencies: no story can start first".into(),
        );
    }
}

/// The stories as a dependency graph.
struct Graph<'a> {
    stories: &'a [&'a Story],
    /// Each open story's rank in its team backlog, as the team page shows it.
    ranks: &'a HashMap<&'a str, usize>,
    index: &'a HashMap<&'a str, usize>,
    adjacency: &'a [Vec<usize>],
    /// The group of stories on a common cycle, per story.
    component: &'a [usize],
}

/// Reports each story in `team`'s backlog that ranks above an open story of the
/// same team it depends on. Stories on a common cycle are reported as RD203
/// only: no order of them can be right.
fn report_misranked(report: &mut Report, team: &Team, graph: &Graph) {
    let stories = graph.stories;
    let in_team = |i: &usize| stories[*i].team == team.id.as_str();
    // Ranks count the team's open stories, as the team page shows them.
    let listed: Vec<(usize, usize)> = team
        .backlog
        .iter()
        .filter_map(|r| graph.index.get(r.id.as_str()).map(|&i| (i, r.index)))
        .filter(|(i, _)| in_team(i) && stories[*i].status.is_open())
        .collect();
    let order: Vec<usize> = listed.iter().map(|&(i, _)| i).collect();
    let mut list_index: HashMap<usize, usize> = HashMap::default();
    for &(story, at) in &listed {
        list_index.entry(story).or_insert(at);
    }
    let open_dependencies = |i: usize| {
        graph.adjacency[i]
            .iter()
            .copied()
            .filter(|d| in_team(d) && stories[*d].status.is_open())
    };
    let apart = |a: usize, b: usize| graph.component[a] != graph.component[b];
    // The smallest change: the story moves down to just below the lowest
    // of its dependencies (those on a cycle with it aside).
    let lowest = |item: usize| {
        open_dependencies(item)
            .filter(|&d| apart(item, d))
            .filter_map(|d| list_index.get(&d).map(|&at| (at, d)))
            .max()
            .map(|(_, d)| stories[d].id.to_string())
    };
    for (item, dependency) in graph::misordered(&order, open_dependencies) {
        if !apart(item, dependency) {
            continue;
        }
        let (item_id, dep_id) = (&stories[item].id, &stories[dependency].id);
        let rank_of = |i: usize| {
            graph
                .ranks
                .get(stories[i].id.as_str())
                .copied()
                .unwrap_or(0)
        };
        let (rank, dep_rank) = (rank_of(item), rank_of(dependency));
        report.at(
            Code::RankedAboveDependency,
            team.file,
            &[Seg::Key("backlog"), Seg::Index(list_index[&item])],
            format!(
                "`{item_id}` ranks {} but depends on `{dep_id}`, which ranks {}",
                ordinal(rank),
                ordinal(dep_rank)
            ),
            format!("move `{dep_id}` above `{item_id}`, or remove the dependency"),
        );
        if let Some(below) = lowest(item) {
            let edit = Edit::MoveBelow {
                key: "backlog".into(),
                id: item_id.to_string(),
                below,
            };
            report.fixable(team.file, edit);
        }
    }
}
