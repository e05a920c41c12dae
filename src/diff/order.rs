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
pub(super) fn reorder(before: &[&str], after: &[&str]) -> Reorder {
    let rank_before = first_ranks(before);
    let rank_after = first_ranks(after);
    // The items in both lists, in their old order, with both ranks.
    let common: Vec<(&str, usize, usize)> = unique(before)
        .filter_map(|id| rank_after.get(id).map(|&to| (id, rank_before[id], to)))
        .collect();
    let ranks: Vec<(usize, usize)> = common.iter().map(|&(_, from, to)| (from, to)).collect();
    let stayed = kept(&ranks);
    let mut moved: Vec<Move> = common
        .iter()
        .enumerate()
        .filter(|(i, _)| !stayed.contains(i))
        .map(|(_, &(id, from, to))| Move {
            id: id.to_string(),
            from,
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

/// How good a run of items that stay in place is: how many items, how
/// many of them keep their very rank, and the sum of their new ranks.
type Score = (usize, usize, usize);

/// Which items stay in place, given each item's (old rank, new rank) in old
/// order: a longest run whose new ranks rise. Among equally long runs, the
/// one keeping most items at their very rank wins, then the one keeping
/// items lower in the new order, so that of two swapped items the one
/// pulled up is the one reported as moved. O(n log n) with a Fenwick tree
/// over new ranks.
fn kept(ranks: &[(usize, usize)]) -> HashSet<usize> {
    let top = ranks.iter().map(|&(_, to)| to).max().unwrap_or(0);
    // tree[r]: the best run ending at a new rank in a range ending at r,
    // with the position of its last item (prefix maximum).
    let mut tree: Vec<Option<(Score, usize)>> = vec![None; top + 1];
    let mut previous: Vec<Option<usize>> = vec![None; ranks.len()];
    let mut best: Option<(Score, usize)> = None;
    for (i, &(from, to)) in ranks.iter().enumerate() {
        let mut before: Option<(Score, usize)> = None;
        let mut r = to - 1;
        while r > 0 {
            before = before.max(tree[r]);
            r &= r - 1;
        }
        let (count, same, sum) = before.map_or((0, 0, 0), |(score, _)| score);
        let entry = Some(((count + 1, same + usize::from(from == to), sum + to), i));
        previous[i] = before.map(|(_, j)| j);
        let mut r = to;
        while r <= top {
            tree[r] = tree[r].max(entry);
            r += r & r.wrapping_neg();
        }
        best = best.max(entry);
    }
    let mut stayed = HashSet::new();
    let mut at = best.map(|(_, i)| i);
    while let Some(i) = at {
        stayed.insert(i);
        at = previous[i];
    }
    stayed
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::{Just, Strategy};

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
    fn a_reversed_list_moves_all_but_one_and_never_to_the_same_rank() {
        assert_eq!(moves("a b c d", "d c b a").len(), 3);
        assert_eq!(
            moves("a b c", "c b a"),
            [("c".to_string(), 3, 1), ("a".to_string(), 1, 3)]
        );
    }

    #[test]
    fn duplicates_count_once_and_do_not_panic() {
        let r = reorder(&["a", "a", "b"], &["b", "a", "b"]);
        assert_eq!(r.moved.len(), 1);
        assert!(r.added.is_empty() && r.removed.is_empty());
    }

    /// The length of a longest rising run, the slow way.
    fn longest(values: &[usize]) -> usize {
        let mut best = vec![1; values.len()];
        for i in 0..values.len() {
            for j in 0..i {
                if values[j] < values[i] {
                    best[i] = best[i].max(best[j] + 1);
                }
            }
        }
        best.into_iter().max().unwrap_or(0)
    }

    proptest::proptest! {
        #[test]
        fn the_items_kept_rise_and_are_as_many_as_can_be(
            order in Just((0..9usize).collect::<Vec<_>>()).prop_shuffle()
        ) {
            let ranks: Vec<(usize, usize)> = order.iter().enumerate().map(|(i, &to)| (i + 1, to + 1)).collect();
            let stayed = kept(&ranks);
            let mut kept_ranks: Vec<usize> = (0..ranks.len()).filter(|i| stayed.contains(i)).map(|i| ranks[i].1).collect();
            proptest::prop_assert!(kept_ranks.windows(2).all(|w| w[0] < w[1]));
            kept_ranks.dedup();
            proptest::prop_assert_eq!(kept_ranks.len(), longest(&ranks.iter().map(|r| r.1).collect::<Vec<_>>()));
        }
    }

    #[test]
    fn the_same_list_is_no_change() {
        assert!(reorder(&["a", "b"], &["a", "b"]).is_empty());
    }
}
