#!/usr/bin/env bash
# Times the language server on a generated backlog (default 10,000 stories):
# from a client's message to the diagnostics the server publishes for it,
# over stdio as an editor talks to `rankdown lsp`. RUNS times (default 20):
#   story    didChange on an open story, adding or removing a dependency on
#            an id that does not exist (the RD202 error comes and goes)
#   team     didChange on an open team file moving one backlog entry between
#            the top and the bottom (diagnostics go to the edited file)
#   cross    didChange on the open team file dropping an open story from its
#            backlog and putting it back (RD301 comes and goes on the open
#            story, another document)
#   disk     a team file changed on disk, told with didChangeWatchedFiles
#            (RD301 comes and goes on the open story)
#   burst    10 didChange messages sent at once, to the diagnostics of the
#            last (queued changes are taken in together: one check)
# Also prints the time to the first diagnostics after opening a document
# (the backlog is read whole at initialize), and the time of each check as
# the server logs it (re-reading the changed files, then validating).
# Usage: scripts/bench-lsp.sh [STORIES] [RUNS]. Needs python3.
# RANKDOWN_BIN=path times another binary.
set -euo pipefail
cd "$(dirname "$0")/.."
stories=${1:-10000}
runs=${2:-20}
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
root="$bench_work/lsp-$stories"

if [ -z "${RANKDOWN_BIN:-}" ]; then
  cargo build --release --quiet
fi
bin=${RANKDOWN_BIN:-target/release/rankdown}
fresh_copy "$(generated_backlog "$stories")" "$root"

python3 - "$bin" "$root" "$runs" <<'PY'
import json, os, re, statistics, subprocess, sys, time

bin, root, runs = sys.argv[1], os.path.abspath(sys.argv[2]), int(sys.argv[3])
server = subprocess.Popen([bin, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL)
next_id = 0
unread = []

def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()

def read():
    length = 0
    while True:
        line = server.stdout.readline()
        if not line:
            sys.exit("the server stopped")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(server.stdout.read(length))

def wait(wanted):
    for i, m in enumerate(unread):
        if wanted(m):
            return unread.pop(i)
    while True:
        m = read()
        if wanted(m):
            return m
        unread.append(m)

def request(method, params):
    global next_id
    next_id += 1
    send({"jsonrpc": "2.0", "id": next_id, "method": method, "params": params})
    return wait(lambda m: m.get("id") == next_id and "method" not in m)

def notify(method, params):
    send({"jsonrpc": "2.0", "method": method, "params": params})

def uri(path):
    return "file://" + path

def published(u, version=None):
    return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == u
                      and (version is None or m["params"].get("version") == version))

def report(name, times):
    print(f"{name:6} -> publishDiagnostics: min {min(times):.1f} ms   median {statistics.median(times):.1f} ms"
          f"   max {max(times):.1f} ms   ({len(times)} runs)")

try:
    t0 = time.perf_counter()
    caps = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}
    request("initialize", {"processId": None, "rootUri": uri(root), "capabilities": caps})
    notify("initialized", {})
    print(f"initialize (reads the whole backlog): {(time.perf_counter() - t0) * 1000:.0f} ms")

    stories = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "stories")) for f in fs)
    texts = {p: open(p).read() for p in stories}
    # An open story that is in its team's backlog and on which no other story depends.
    needed = set()
    for text in texts.values():
        m = re.search(r"^depends_on: \[(.*)\]", text, re.M)
        if m:
            needed.update(d.strip() for d in m.group(1).split(","))
    def open_story(path):
        text = texts[path]
        return re.search(r"^status: (backlog|ready|in-progress)$", text, re.M) and \
            os.path.basename(path)[:-3] not in needed and "depends_on" not in text
    story = next(p for p in stories[len(stories) // 2:] if open_story(p))
    story_id = os.path.basename(story)[:-3]
    team_id = re.search(r"^team: (.*)$", texts[story], re.M).group(1)
    team = os.path.join(root, "teams", team_id + ".md")
    team_text = open(team).read()
    su, tu = uri(story), uri(team)

    t0 = time.perf_counter()
    notify("textDocument/didOpen", {"textDocument": {"uri": su, "languageId": "markdown", "version": 1, "text": texts[story]}})
    wait(published(su, 1))
    print(f"didOpen -> first diagnostics: {(time.perf_counter() - t0) * 1000:.1f} ms")
    notify("textDocument/didOpen", {"textDocument": {"uri": tu, "languageId": "markdown", "version": 1, "text": team_text}})
    wait(published(tu, 1))
    versions = {su: 1, tu: 1}

    def change(u, text):
        versions[u] += 1
        notify("textDocument/didChange", {"textDocument": {"uri": u, "version": versions[u]},
                                          "contentChanges": [{"text": text}]})
        return versions[u]

    # story: a dependency on an id that does not exist, added then removed.
    broken = texts[story].replace("\nstatus:", "\ndepends_on: [NOPE-1]\nstatus:", 1)
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        v = change(su, broken if i % 2 == 0 else texts[story])
        m = wait(published(su, v))
        times.append((time.perf_counter() - t0) * 1000)
        assert bool(m["params"]["diagnostics"]) == (i % 2 == 0), m
    report("story", times)

    # team: one backlog entry moved between the top and the bottom.
    lines = team_text.split("\n")
    items = [k for k, l in enumerate(lines) if l.startswith("  - ")]
    listed = [lines[k][4:].strip() for k in items]
    free = next(x for x in listed if x not in needed and "depends_on" not in texts.get(
        os.path.join(root, "stories", team_id, x + ".md"), "depends_on"))
    def moved(to_top):
        ls = [l for l in lines if l.strip() != f"- {free}"]
        at = items[0] if to_top else items[-1]
        ls.insert(at, f"  - {free}")
        return "\n".join(ls)
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        v = change(tu, moved(i % 2 == 0))
        wait(published(tu, v))
        times.append((time.perf_counter() - t0) * 1000)
    report("team", times)
    change(tu, team_text)
    wait(published(tu, versions[tu]))

    # cross: the open story dropped from the open team file and put back.
    dropped = team_text.replace(f"  - {story_id}\n", "", 1)
    assert dropped != team_text
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        change(tu, dropped if i % 2 == 0 else team_text)
        m = wait(published(su))
        times.append((time.perf_counter() - t0) * 1000)
        assert bool(m["params"]["diagnostics"]) == (i % 2 == 0), m
    report("cross", times)
    notify("textDocument/didClose", {"textDocument": {"uri": tu}})
    wait(published(tu))

    # disk: the team file saved by something else, told by the client.
    times = []
    for i in range(runs):
        with open(team, "w") as f:
            f.write(dropped if i % 2 == 0 else team_text)
        t0 = time.perf_counter()
        notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": tu, "type": 2}]})
        m = wait(published(su))
        times.append((time.perf_counter() - t0) * 1000)
        assert bool(m["params"]["diagnostics"]) == (i % 2 == 0), m
    report("disk", times)

    # burst: ten keystrokes' worth of changes at once.
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        for k in range(10):
            last = change(su, texts[story].replace("\ntitle: ", f"\ntitle: {i}.{k} ", 1))
        wait(published(su, last))
        times.append((time.perf_counter() - t0) * 1000)
    report("burst", times)
    logged = [m["params"]["message"] for m in unread if m.get("method") == "window/logMessage"]
    checks = [[float(x) for x in re.findall(r"in ([0-9.]+) ms", t)] for t in logged if t.startswith("checked in")]
    for name, i in [("checks as the server logs them", 0), ("  of which reading", 1), ("  and validating", 2)]:
        times = [c[i] for c in checks]
        print(f"{name}: min {min(times):.1f} ms   median {statistics.median(times):.1f} ms"
              f"   max {max(times):.1f} ms   ({len(times)} checks)")
    request("shutdown", None)
    notify("exit", None)
    server.wait(timeout=10)
finally:
    if server.poll() is None:
        server.kill()
PY
