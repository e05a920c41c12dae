//! Picking the next free id: `PREFIX-N` with N one above the highest number
//! any id with that prefix has, anywhere in the backlog or on any branch.

use std::collections::BTreeMap;

/// `CHK-12` as (`CHK`, 12); `None` for an id without a `-NUMBER` end.
fn numbered(id: &str) -> Option<(&str, u64)> {
    let (prefix, number) = id.rsplit_once('-')?;
    let digits = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    (digits && !prefix.is_empty()).then(|| Some((prefix, number.parse().ok()?)))?
}

/// The prefix most of `ids` use (the first in sort order on a tie), if any
/// of them is numbered.
pub fn usual_prefix<'a>(ids: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (prefix, _) in ids.into_iter().filter_map(numbered) {
        *counts.entry(prefix).or_default() += 1;
    }
    let most = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == most)
        .map(|(prefix, _)| prefix.to_string())
}

/// `PREFIX-N` for the smallest N above every number `taken` uses with
/// `prefix` (1 when none does).
pub fn next_id<'a>(prefix: &str, taken: impl IntoIterator<Item = &'a str>) -> String {
    let highest = (taken.into_iter().filter_map(numbered))
        .filter(|(p, _)| *p == prefix)
        .map(|(_, n)| n)
        .max()
        .unwrap_or(0);
    format!("{prefix}-{}", highest.saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_id_is_one_above_the_highest() {
        let taken = ["CHK-9", "CHK-12", "CHK-x", "PAY-40", "chk-99", "CHK-3"];
        assert_eq!(next_id("CHK", taken), "CHK-13");
        assert_eq!(next_id("NEW", taken), "NEW-1");
        assert_eq!(next_id("PI", ["PI-7", "PI-7.2"]), "PI-8");
    }

    #[test]
    fn the_usual_prefix_is_the_most_common() {
        assert_eq!(
            usual_prefix(["A-1", "B-1", "B-2", "notes"]).as_deref(),
            Some("B")
        );
        assert_eq!(usual_prefix(["B-1", "A-2"]).as_deref(), Some("A"));
        assert_eq!(usual_prefix(["notes", "-1"]), None);
        assert_eq!(usual_prefix(["web-shop-3"]).as_deref(), Some("web-shop"));
    }
}
