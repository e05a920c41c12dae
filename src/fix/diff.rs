//! A file's change as a unified diff, the way `git diff` shows it.

use similar::TextDiff;

/// The unified diff of `before` (named `old`, e.g. `a/teams/alpha.md`) and
/// `after` (named `new`), with three lines of context.
pub fn unified(old: &str, new: &str, before: &str, after: &str) -> String {
    TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(old, new)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_a_change_with_context() {
        let diff = unified("a/t.md", "b/t.md", "a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(
            diff,
            "--- a/t.md\n+++ b/t.md\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
    }
}
