# Shared by the bench scripts, which source it from the repository's top.
# shellcheck shell=bash

# Where the benches keep what they generate between runs.
bench_work=${BENCH_DIR:-${TMPDIR:-/tmp}/rankdown-bench}

# generated_backlog STORIES: prints the folder of a backlog of STORIES
# stories made by the shared generator ($GEN_BACKLOG, default
# ../shared/bench/gen_backlog.py), made once and then reused.
generated_backlog() {
  local stories=$1
  local root="$bench_work/backlog-$stories"
  if [ ! -f "$root/rankdown.yaml" ]; then
    mkdir -p "$bench_work"
    python3 "${GEN_BACKLOG:-../shared/bench/gen_backlog.py}" \
      --stories "$stories" --seed 1 --quiet --force "$root" >&2
  fi
  printf '%s\n' "$root"
}

# fresh_copy SOURCE DEST: DEST becomes a copy of SOURCE without a built site.
fresh_copy() {
  rm -rf "$2"
  cp -r "$1" "$2"
  rm -rf "$2/public"
}
