#!/usr/bin/env bash
# Times what git adds: `build` with and without history (item history,
# status over time, velocity, burn-up, cumulative flow, cycle times), and
# `diff`, on a generated backlog (default 10,000 stories) made into a
# repository with many commits (default 2,000; scripts/bench_history.py
# walks every story through its statuses to where the generator left it, in
# the iterations it is planned for, with rework: over 30,000 status changes).
# Usage: scripts/bench-git.sh [STORIES] [COMMITS] [RUNS]. Needs python3 and git.
set -euo pipefail
cd "$(dirname "$0")/.."
stories=${1:-10000}
commits=${2:-2000}
runs=${3:-5}
generator=${GEN_BACKLOG:-../shared/bench/gen_backlog.py}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/rankdown-bench}
root="$work/git-$stories-$commits"

cargo build --release --quiet
bin=$PWD/target/release/rankdown
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org

if [ ! -f "$root/.git/bench-done" ]; then
  rm -rf "$root"
  mkdir -p "$work"
  python3 "$generator" --stories "$stories" --seed 1 --quiet --force "$root"
  git -C "$root" init -q -b main
  python3 scripts/bench_history.py "$root" "$commits"
  touch "$root/.git/bench-done"
fi

time_runs() { python3 scripts/time_runs.py "$runs" "$@"; }

out="$work/git-site"
# Today is the last commit's day: the charts then cover the whole history.
today=$(git -C "$root" log -1 --format=%ad --date=short)
echo "$stories stories, $(git -C "$root" rev-list --count HEAD) commits, today $today"
echo "git log alone (the one pass build makes):"
time_runs git -C "$root" log -z --root --format=%x00%H%x00%aI%x00%aN%x00%s --raw --no-abbrev -M --relative -- .
team=$(find "$root/teams" -mindepth 1 -maxdepth 1 -printf "%f\n" | sort | head -n 1)
git -C "$root" checkout -q -- "teams/$team"
rm -rf "$out-history" "$out-plain"
echo "first build with history, then with --no-history (into empty folders):"
"$bin" build "$root" -o "$out-history" --today "$today" | head -n 1
"$bin" build "$root" -o "$out-plain" --today "$today" --no-history | head -n 1
echo "build again with history (unchanged pages are not rewritten):"
time_runs "$bin" build "$root" -o "$out-history" --today "$today"
echo "build again with --no-history:"
time_runs "$bin" build "$root" -o "$out-plain" --today "$today" --no-history
# A pull-request-like change for diff: the last story of the first team
# backlog pulled to the top.
team=$(find "$root/teams" -mindepth 1 -maxdepth 1 -printf "%f\n" | sort | head -n 1)
python3 - "$root/teams/$team" <<'PY'
import sys
path = sys.argv[1]
lines = open(path).read().split("\n")
items = [i for i, l in enumerate(lines) if l.startswith("  - ")]
last = lines.pop(items[-1])
lines.insert(items[0], last)
open(path, "w").write("\n".join(lines))
PY

echo "diff HEAD~1 against the working tree:"
"$bin" diff HEAD~1 -C "$root" | sed -n 4p
time_runs "$bin" diff HEAD~1 -C "$root"
back=$(( commits < 100 ? commits : 100 ))
echo "diff between two commits (HEAD~$back HEAD):"
time_runs "$bin" diff "HEAD~$back" HEAD -C "$root"
git -C "$root" checkout -q -- "teams/$team"
