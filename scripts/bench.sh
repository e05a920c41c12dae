#!/usr/bin/env bash
# Times `rankdown check` on a generated backlog (default 10,000 stories) and on
# single very large stories (10 and 40 MB, to show time grows linearly).
# Usage: scripts/bench.sh [STORIES] [RUNS]. Needs python3; installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
stories=${1:-10000}
runs=${2:-15}
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh

cargo build --release --quiet
bin=target/release/rankdown

root=$(generated_backlog "$stories")

# Prints min, median and max wall time of `$runs` runs of the given command.
time_runs() { python3 scripts/time_runs.py "$runs" "$@"; }

echo "check, $stories stories ($(find "$root" -name '*.md' | wc -l) files):"
"$bin" check "$root" | tail -n 1
time_runs "$bin" check "$root"

# Makes $1 a fresh copy of the minimal fixture backlog; returns 1 if it exists.
minimal_copy() {
  [ -f "$1/rankdown.yaml" ] && return 1
  rm -rf "$1" && mkdir -p "$1" && cp -r tests/fixtures/minimal/. "$1/"
}

for mb in 10 40; do
  big="$bench_work/big-$mb"
  if minimal_copy "$big"; then
    python3 - "$big/stories/alpha/A-2.md" "$mb" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
para = "Members reserve books from home and collect them at the desk. " * 16 + "\n\n"
body = para * (mb * 1024 * 1024 // len(para))
front = "---\ntitle: Big\ntype: story\nteam: alpha\nfeature: F-1\nstatus: backlog\n---\n"
open(path, "w").write(front + body + "## Acceptance criteria\n\n- [ ] Read to the end\n")
PY
  fi
  echo "check, one story of $mb MB:"
  time_runs "$bin" check "$big"
done

# Many findings in one file: a team backlog listing N unknown ids and a story
# with N unknown fields and N unchecked criteria (3 N diagnostics).
for n in 10000 40000; do
  many="$bench_work/findings-$n"
  if minimal_copy "$many"; then
    python3 - "$many" "$n" <<'PY'
import sys
root, n = sys.argv[1], int(sys.argv[2])
open(f"{root}/teams/alpha.md", "w").write(
    "---\ntitle: Alpha\nproduct_owner: Ana Li\nbacklog:\n  - A-1\n  - A-2\n"
    + "".join(f"  - Z-{i}\n" for i in range(n)) + "---\n")
open(f"{root}/stories/alpha/A-3.md", "w").write(
    "---\ntitle: S\ntype: story\nteam: alpha\nfeature: F-1\nstatus: accepted\npoints: 5\n"
    + "".join(f"k{i}: 1\n" for i in range(n)) + "---\n\n## Acceptance criteria\n\n"
    + "".join(f"- [ ] task {i}\n" for i in range(n)))
PY
  fi
  echo "check, $((3 * n)) findings in two files (json, then human):"
  time_runs "$bin" check "$many" --format json
  time_runs "$bin" check "$many"
done
