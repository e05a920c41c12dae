#!/usr/bin/env bash
# Rebuilds fuzz/seeds/<target>/ from the example backlog and the test fixtures.
# Run from anywhere; the seeds are small and committed, the growing corpora
# in fuzz/corpus/ are not.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seeds="$root/fuzz/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/story_file" "$seeds/config_file" "$seeds/markdown_body"

# A file's seed name: its path with `/` and spaces as `-`.
name() { echo "${1#"$root"/}" | tr '/ ' '--'; }

# story_file: every Markdown file of the example backlog and the fixtures
# (features, teams, PIs, roles and foreign front matter included: a story
# that is wrong in every way is a good start).
find "$root/example-backlog" "$root/tests/fixtures" -name '*.md' -not -path '*/public/*' -print0 |
  while IFS= read -r -d '' f; do cp "$f" "$seeds/story_file/$(name "$f")"; done

# config_file: every rankdown.yaml.
find "$root/example-backlog" "$root/tests/fixtures" -name 'rankdown.yaml' -print0 |
  while IFS= read -r -d '' f; do cp "$f" "$seeds/config_file/$(name "$f")"; done

# markdown_body: the body after the front matter of every file that has one.
find "$root/example-backlog" "$root/tests/fixtures" -name '*.md' -not -path '*/public/*' -print0 |
  while IFS= read -r -d '' f; do
    body="$(awk 'NR == 1 && !/^---[ \t\r]*$/ { exit } n >= 2 { print } /^(---|\.\.\.)[ \t\r]*$/ { n++ }' "$f")"
    if [ -n "${body//[$'\n\r\t ']/}" ]; then
      printf '%s\n' "$body" > "$seeds/markdown_body/$(name "$f")"
    fi
  done

# Hand-written edge cases the fixtures lack.
printf -- '---\r\ntitle: CRLF\r\n---\r\nbody\r\n' > "$seeds/story_file/edge-crlf.md"
printf -- '\xef\xbb\xbf---\ntitle: BOM\n...\n' > "$seeds/story_file/edge-bom-dots.md"
printf -- '---\n---' > "$seeds/story_file/edge-empty-front-matter.md"
printf -- '---\ntitle: \xff\n---\n' > "$seeds/story_file/edge-not-utf8.md"
printf -- '## Acceptance criteria\n\n```gherkin\nFeature: own\n  Scenario Outline: o\n    Given <a>\n    Then b\n    Examples:\n      | a |\n      | 1 |\n```\n' > "$seeds/markdown_body/edge-gherkin-outline.md"
printf -- '# Acceptance criteria:\n- [ ] a\n  - [x] nested\n- plain\n\n```gherkin\nGiven stray\nScenario: s\n' > "$seeds/markdown_body/edge-unclosed-fence.md"

# Every finding kept in regressions/ seeds its own target.
for t in story_file config_file markdown_body; do
  for f in "$root/fuzz/regressions/$t"-*; do
    [ -e "$f" ] && cp "$f" "$seeds/$t/regression-$(basename "$f")"
  done
done

for t in story_file config_file markdown_body; do
  echo "$t: $(ls "$seeds/$t" | wc -l) seeds"
done
