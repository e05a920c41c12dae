#!/usr/bin/env bash
# Compares a full `rankdown build` with Hugo (and Zola, when installed) on the
# same generated backlog, each writing into a new empty folder. Installs
# nothing: without `hugo` on the PATH it times rankdown alone and says so.
# Usage: scripts/compare-hugo.sh [STORIES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
stories=${1:-10000}
runs=${2:-5}
generator=${GEN_BACKLOG:-../shared/bench/gen_backlog.py}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/rankdown-compare}
mkdir -p "$work"

cargo build --release --quiet
bin=$PWD/target/release/rankdown
root="$work/backlog-$stories"
if [ ! -f "$root/rankdown.yaml" ]; then
  python3 "$generator" --stories "$stories" --seed 1 --quiet --force "$root" \
    --hugo "$work/hugo-$stories" --zola "$work/zola-$stories"
fi

# Median wall time (s) and peak memory (MB) of `runs` runs of a command that
# writes into `$work/out`: emptied before each run with `fresh`, kept with `keep`.
measure() {
  python3 - "$runs" "$work/out" "$@" <<'PY'
import resource, shutil, statistics, subprocess, sys, time
runs, out, mode, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
times, peaks = [], []
for _ in range(runs):
    if mode == "fresh":
        shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([a.replace("{out}", out) for a in cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - start)
    peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
print(f"{statistics.median(times):.2f} {max(peaks):.0f}")
PY
}

read -r rd_time rd_mem < <(measure fresh "$bin" build "$root" -o "{out}" --today 2026-11-28)
echo "rankdown build: median ${rd_time} s, peak ${rd_mem} MB ($stories stories, $runs runs)"
read -r rb_time _ < <(measure keep "$bin" build "$root" -o "{out}" --today 2026-11-28)
echo "rankdown rebuild, nothing changed: median ${rb_time} s"

if command -v hugo >/dev/null 2>&1; then
  read -r hu_time hu_mem < <(measure fresh hugo --quiet --source "$work/hugo-$stories" --destination "{out}")
  echo "hugo: median ${hu_time} s, peak ${hu_mem} MB"
  python3 -c "print(f'rankdown / hugo time: {float(\"$rd_time\") / float(\"$hu_time\"):.2f}')"
else
  echo "hugo is not installed (Debian package 'hugo'): no comparison"
fi
if command -v zola >/dev/null 2>&1; then
  read -r zo_time zo_mem < <(measure fresh zola --root "$work/zola-$stories" build --force --output-dir "{out}")
  echo "zola: median ${zo_time} s, peak ${zo_mem} MB"
fi
