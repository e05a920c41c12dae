#!/usr/bin/env bash
# Times `rankdown import backlog-md` on a generated Backlog.md project
# (default 10,000 tasks: markers, numbered criteria, dependencies, parents,
# milestones), into a fresh folder each run.
# Usage: scripts/bench-import.sh [TASKS] [RUNS]. Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${1:-10000}
runs=${2:-5}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/rankdown-bench}
source="$work/backlog-md-$tasks"

cargo build --release --quiet
bin=$PWD/target/release/rankdown

if [ ! -f "$source/backlog/config.yml" ]; then
  python3 - "$source" "$tasks" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
random.seed(1)
os.makedirs(f"{root}/backlog/tasks", exist_ok=True)
os.makedirs(f"{root}/backlog/completed", exist_ok=True)
open(f"{root}/backlog/config.yml", "w").write(
    'project_name: "Bench"\nstatuses: ["To Do", "In Progress", "Done"]\ndefault_status: "To Do"\ntask_prefix: "task"\n')
for i in range(1, n + 1):
    done = i % 3 == 0
    folder = "completed" if done else "tasks"
    status = "Done" if done else random.choice(["To Do", "In Progress"])
    deps = [f"task-{j}" for j in random.sample(range(1, i), min(2, i - 1))] if i > 1 and i % 4 == 0 else []
    parent = f"\nparent_task_id: task-{i - i % 50}" if i % 50 else ""
    text = (f"---\nid: task-{i}\ntitle: Task number {i}\nstatus: {status}\nassignee: ['@dev{i % 7}']\n"
            f"created_date: '2025-06-{1 + i % 28:02d} 10:00'\nlabels: [l{i % 5}]\nmilestone: m-{i % 4}\n"
            f"dependencies: [{', '.join(deps)}]\npriority: {random.choice(['high', 'medium', 'low'])}\n"
            f"ordinal: {i * 1000}{parent}\n---\n\n## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\n"
            f"Work item {i}. " * 3 + "\n<!-- SECTION:DESCRIPTION:END -->\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n"
            f"- [x] #1 First criterion of {i}\n- [ ] #2 Second criterion of {i}\n<!-- AC:END -->\n")
    open(f"{root}/backlog/{folder}/task-{i} - Task-number-{i}.md", "w").write(text)
PY
fi

# Writing many files right after deleting many is slow on some file systems
# (ext4 looks for recently deleted inodes), so the repeated runs are dry
# runs: everything but the writing. One run writes, timed once.
rm -rf "$work/imported"
echo "import backlog-md --dry-run, $tasks tasks:"
python3 scripts/time_runs.py "$runs" "$bin" import backlog-md "$source" -o "$work/imported" --team bench --product-owner "Bench PO" --dry-run
echo "one import that writes:"
start=$(date +%s.%N)
"$bin" import backlog-md "$source" -o "$work/imported" --team bench --product-owner "Bench PO" | head -n 1
python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f} s')" "$start" "$(date +%s.%N)"
echo "the imported root, checked:"
"$bin" check "$work/imported" | tail -n 1
