//! Ticking a task-list item in a Markdown body: `- [ ]` becomes `- [x]`.

use super::EditError;

/// Ticks the unchecked task-list item on 1-based `line` of the file's
/// Markdown body (`- [ ] text`, `* [ ]`, `1. [ ]`, also inside `>`
/// quotes). Nothing else on the line changes.
pub fn tick_task(text: &str, line: usize) -> Result<String, EditError> {
    let body = crate::load::front_matter_range(text).map_or(0, |yaml| yaml.end);
    let start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let content = text[start..].split(['\r', '\n']).next().unwrap_or("");
    if line == 0 || start < body || start >= text.len() {
        return Err(EditError::NoTask(line));
    }
    let at = unchecked_box(content).ok_or(EditError::NoTask(line))?;
    let mut out = text.to_string();
    out.replace_range(start + at..start + at + 1, "x");
    Ok(out)
}

/// The offset of the space inside the `[ ]` of an unchecked task item.
fn unchecked_box(line: &str) -> Option<usize> {
    let mut rest = line.trim_start_matches([' ', '\t']);
    while let Some(quoted) = rest.strip_prefix('>') {
        rest = quoted.trim_start_matches([' ', '\t']);
    }
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = match (digits, rest[digits..].chars().next()?) {
        (0, '-' | '*' | '+') => 1,
        (1..=9, '.' | ')') => digits + 1,
        _ => return None,
    };
    let after = &rest[marker..];
    let task = after.trim_start_matches([' ', '\t']);
    let spaced = task.len() < after.len();
    let boxed = task.strip_prefix("[ ]")?;
    let ends = boxed.is_empty() || boxed.starts_with([' ', '\t']);
    (spaced && ends).then(|| line.len() - task.len() + 1)
}
