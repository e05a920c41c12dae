//! A reordered list told as moves: the fewest items whose moving explains the
//! new order, not every item whose position shifted.

use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// How one ordered list (a team backlog, the program backlog) changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Reorder {
    /// Items that moved, in their new order.
    pub moved: Vec<Move>,
    /// Items new to the list, with their rank in it.
    pub added: Vec<Placed>,
    /// Items no longer in the list, with the rank they had.
    pub removed: Vec<Placed>,
}

/// An item that moved from one rank to another (1 is the top).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Move {
    /// The item's id.
    pub id: String,
    /// Its rank before.
    pub from: usize,
    /// Its rank after.
    pub to: usize,
}

/// An item and its rank (1 is the top).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Placed {
    /// The item's id.
    pub id: String,
    /// Its rank.
    pub rank: usize,
}

impl Reorder {
    /// Whether the list is the same.
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

/// How `before` became `after`. An id listed twice counts where it first is.
pub fn reorder(before: &[&str], after: &[&str]) -> Reorder {
    let rank_before = first_ranks(before);
    let rank_after = first_ranks(after);
    // The items in both lists, in their old order, with their new rank: the
    // longest run whose new ranks rise stayed in place; the rest moved.
    let common: Vec<(&str, usize)> = unique(before)
        .filter_map(|id| rank_after.get(id).map(|&to| (id, to)))
        .collect();
    let stayed = longest_rising(&common.iter().map(|&(_, to)| to).collect::<Vec<_>>());
    let mut moved: Vec<Move> = common
        .iter()
        .enumerate()
        .filter(|(i, _)| !stayed.contains(i))
        .map(|(_, &(id, to))| Move {
            id: id.to_string(),
            from: rank_before[id],
            to,
        })
        .collect();
    moved.sort_by_key(|m| m.to);
    let placed = |list: &[&str], ranks: &BTreeMap<&str, usize>, other: &BTreeMap<&str, usize>| {
        unique(list)
            .filter(|id| !other.contains_key(id))
            .map(|id| Placed {
                id: id.to_string(),
                rank: ranks[id],
            })
            .collect()
    };
    Reorder {
        moved,
        added: placed(after, &rank_after, &rank_before),
        removed: placed(before, &rank_before, &rank_after),
    }
}

/// Each id's first rank, from 1.
fn first_ranks<'a>(list: &[&'a str]) -> BTreeMap<&'a str, usize> {
    let mut ranks = BTreeMap::new();
    for (i, id) in list.iter().enumerate() {
        ranks.entry(*id).or_insert(i + 1);
    }
    ranks
}

/// The ids of `list` in order, each once.
fn unique<'a>(list: &[&'a str]) -> impl Iterator<Item = &'a str> {
    let mut seen = HashSet::new();
    list.iter().copied().filter(move |id| seen.insert(*id))
}

/// Positions of a longest strictly rising subsequence of `values`, in
/// O(n log n). Among equally long ones it keeps the larger values, so that of
/// two swapped items the one pulled up is the one reported as moved.
fn longest_rising(values: &[usize]) -> HashSet<usize> {
    // Read from the end, a rising run is a falling one. tails[k]: position
    // of the largest value that starts a rising run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut next: Vec<Option<usize>> = vec![None; values.len()];
    for (i, &value) in values.iter().enumerate().rev() {
        let k = tails.partition_point(|&t| values[t] > value);
        next[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut kept = HashSet::new();
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept.insert(i);
        at = next[i];
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moves(before: &str, after: &str) -> Vec<(String, usize, usize)> {
        let before: Vec<&str> = before.split_whitespace().collect();
        let after: Vec<&str> = after.split_whitespace().collect();
        reorder(&before, &after)
            .moved
            .into_iter()
            .map(|m| (m.id, m.from, m.to))
            .collect()
    }

    #[test]
    fn one_item_pulled_up_is_the_only_move() {
        assert_eq!(
            moves("a b c d e f g", "a g b c d e f"),
            [("g".to_string(), 7, 2)]
        );
    }

    #[test]
    fn an_item_added_at_the_top_moves_nothing() {
        let r = reorder(&["a", "b", "c"], &["x", "a", "b", "c"]);
        assert!(r.moved.is_empty());
        assert_eq!(
            r.added,
            [Placed {
                id: "x".into(),
                rank: 1
            }]
        );
    }

    #[test]
    fn removed_items_keep_their_old_rank_and_the_rest_do_not_move() {
        let r = reorder(&["a", "b", "c"], &["a", "c"]);
        assert!(r.moved.is_empty());
        assert_eq!(
            r.removed,
            [Placed {
                id: "b".into(),
                rank: 2
            }]
        );
    }

    #[test]
    fn of_two_swapped_items_the_one_pulled_up_moved() {
        assert_eq!(moves("a b", "b a"), [("b".to_string(), 2, 1)]);
        assert_eq!(moves("a b c d", "b c d a"), [("a".to_string(), 1, 4)]);
    }

    #[test]
    fn a_reversed_list_moves_all_but_one() {
        assert_eq!(moves("a b c d", "d c b a").len(), 3);
    }

    #[test]
    fn duplicates_count_once_and_do_not_panic() {
        let r = reorder(&["a", "a", "b"], &["b", "a", "b"]);
        assert_eq!(r.moved.len(), 1);
        assert!(r.added.is_empty() && r.removed.is_empty());
    }

    #[test]
    fn the_same_list_is_no_change() {
        assert!(reorder(&["a", "b"], &["a", "b"]).is_empty());
    }
}
