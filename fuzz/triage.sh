#!/usr/bin/env bash
# Runs each given input through a built fuzz target and prints its panic
# message (first two lines), so that many crash files group by cause.
# Usage: fuzz/triage.sh TARGET FILE...   (after `cargo fuzz build --sanitizer none -a`)
set -uo pipefail
target="$1"; shift
bin="$(dirname "$0")/target/x86_64-unknown-linux-gnu/release/$target"
for f in "$@"; do
  msg="$("$bin" "$f" 2>&1 | grep -A1 -m1 'panicked at' | tr '\n' ' ' | cut -c1-300)"
  printf '%s\t%s\n' "$f" "${msg:-no panic}"
done
