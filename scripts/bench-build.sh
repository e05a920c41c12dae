#!/usr/bin/env bash
# Times `rankdown build` on a generated backlog (default 10,000 stories):
# a first build into an empty place, and a rebuild with nothing changed, the
# case a CI job or a busy writer meets most. History is left off (see
# bench-git.sh for what git adds).
# Usage: scripts/bench-build.sh [STORIES] [RUNS]. Needs python3; installs nothing.
# RANKDOWN_BIN=path times another binary (an older build, say).
set -euo pipefail
cd "$(dirname "$0")/.."
stories=${1:-10000}
runs=${2:-10}
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
out="$bench_work/build-site"

if [ -z "${RANKDOWN_BIN:-}" ]; then
  cargo build --release --quiet
fi
bin=${RANKDOWN_BIN:-target/release/rankdown}

root=$(generated_backlog "$stories")

time_runs() { python3 scripts/time_runs.py "$runs" "$@"; }
build() { "$bin" build "$root" -o "$out" --no-history --today 2026-01-20; }

rm -rf "$out" "$bench_work/.build-site.rankdown"
echo "first build, $stories stories:"
build | tail -n 1
rm -rf "$out" "$bench_work/.build-site.rankdown"
python3 scripts/time_runs.py 1 "$bin" build "$root" -o "$out" --no-history --today 2026-01-20

echo "rebuild, nothing changed:"
build | tail -n 1
time_runs "$bin" build "$root" -o "$out" --no-history --today 2026-01-20
rm -rf "$out" "$bench_work/.build-site.rankdown"
