#!/usr/bin/env bash
# Times the live preview on a generated backlog (default 10,000 stories): from
# saving a file to the browser's reload event, as a page open in a browser
# receives it. Three kinds of save, each RUNS times (default 20):
#   story   a story's title edited in place
#   atomic  the same, saved as editors do: write a temporary file, rename it
#   reorder a team file with one backlog line moved to the top
# Also prints the rebuild times `serve` itself reports.
# Usage: scripts/bench-serve.sh [STORIES] [RUNS]. Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
stories=${1:-10000}
runs=${2:-20}
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
root="$bench_work/serve-$stories"

cargo build --release --quiet
fresh_copy "$(generated_backlog "$stories")" "$root"

python3 - "$root" "$runs" <<'PY'
import os, re, socket, statistics, subprocess, sys, time

root, runs = sys.argv[1], int(sys.argv[2])
server = subprocess.Popen(["target/release/rankdown", "serve", "--port", "0", root],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
rebuilds = []
try:
    started = time.perf_counter()
    for line in server.stdout:
        if line.startswith("rebuilt in"):
            print(f"first build: {line.strip()}")
        if line.startswith("serving "):
            url = line.split()[1]
            break
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    print(f"serving after {time.perf_counter() - started:.2f} s")

    def get(path):
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        return data.decode("utf-8", "replace")

    query = re.search(r"events\?(run=\d+&since=\d+)", get("/")).group(1)
    events = socket.create_connection(("127.0.0.1", port))
    events.sendall(f"GET /__rankdown/events?{query} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    stream = events.makefile("r")

    def wait_reload():
        for line in stream:
            if line.strip() == "event: reload":
                return

    stories = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "stories")) for f in fs)
    story = stories[len(stories) // 2]
    team = os.path.join(root, "teams", sorted(os.listdir(os.path.join(root, "teams")))[0])

    def edit_story(i):
        text = open(story).read()
        return story, re.sub(r"^title: (?:Edit \d+ )?", f"title: Edit {i} ", text, count=1, flags=re.M)

    # The reorder moves a story that takes part in no dependency between the
    # top and the bottom of its team's backlog, so that the order stays valid.
    paths = {os.path.basename(p)[:-3]: p for p in stories}
    depends = {}
    for path in stories:
        m = re.search(r"^depends_on: \[(.*)\]", open(path).read(), re.M)
        depends[os.path.basename(path)[:-3]] = [d.strip() for d in m.group(1).split(",")] if m else []
    needed = {d for ds in depends.values() for d in ds}
    team_lines = open(team).read().split("\n")
    listed = [l[4:].strip() for l in team_lines if l.startswith("  - ")]
    free = next(i for i in listed if not depends.get(i) and i not in needed)

    def reorder(i):
        lines = open(team).read().split("\n")
        items = [k for k, l in enumerate(lines) if l.startswith("  - ")]
        at = next(k for k in items if lines[k].strip() == f"- {free}")
        line = lines.pop(at)
        lines.insert(items[-1] if at == items[0] else items[0], line)
        return team, "\n".join(lines)

    def save_in_place(path, text):
        with open(path, "w") as f:
            f.write(text)

    def save_atomic(path, text):
        tmp = path + ".tmp~"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, path)

    kinds = {"story": (edit_story, save_in_place), "atomic": (edit_story, save_atomic), "reorder": (reorder, save_in_place)}
    for name, (change, save) in kinds.items():
        times = []
        for i in range(runs):
            path, text = change(i)
            t0 = time.perf_counter()
            save(path, text)
            wait_reload()
            times.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.05)
        print(f"{name:8} save -> reload event: min {min(times):.0f} ms   median {statistics.median(times):.0f} ms   max {max(times):.0f} ms   ({runs} saves)")
finally:
    server.terminate()
    out = server.communicate(timeout=10)[0]
    took = [float(m) for m in re.findall(r"^rebuilt in (\d+) ms: re-read", out, re.M)]
    if took:
        print(f"rebuilds as serve reports them: min {min(took):.0f} ms   median {statistics.median(took):.0f} ms   max {max(took):.0f} ms   ({len(took)} rebuilds for {3 * runs} saves)")
PY
