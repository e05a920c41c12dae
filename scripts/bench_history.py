#!/usr/bin/env python3
"""Gives a generated backlog a git history to time flow metrics on.

Usage: scripts/bench_history.py ROOT COMMITS. ROOT is a backlog root just
made by gen_backlog.py, inside a new, empty git repository.

The first commit imports every story at `backlog` with no iteration. The
next COMMITS commits walk each story through its statuses to where the
generator left it, on days within the iteration it is planned for (any
day for an unplanned one), with rework: some finished stories go back to
in-progress once, some ready ones back to backlog. The iteration is set
when a story first leaves `backlog`; the last step writes the generated
file unchanged, so the history ends at the generated backlog. Every 25th
commit also moves a story to another folder. The repository is packed at
the end, as a clone is. Commits are by "Backlog Demo" unless GIT_AUTHOR_NAME
and the like say otherwise. Prints how many commits and status changes it
made.
"""
import datetime as dt
import os
import random
import re
import subprocess
import sys

ORDER = ["backlog", "ready", "in-progress", "done", "accepted"]
ITERATION = re.compile(r"\{id: ([^,]+), start: (\S+), end: (\S+)\}")


def git(root, *args, env=None):
    subprocess.run(["git", "-C", root, *args], check=True, env=env)


def iterations(root):
    """Each iteration's first and last day, by id."""
    found = {}
    for name in os.listdir(os.path.join(root, "pis")):
        with open(os.path.join(root, "pis", name)) as f:
            for it, start, end in ITERATION.findall(f.read()):
                found[it] = (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    return found


def statuses(final):
    """The statuses a story passes through after `backlog`, ending at `final`."""
    walk = ORDER[1 : ORDER.index(final) + 1]
    if final in ("done", "accepted") and random.random() < 0.6:
        at = walk.index("done") + 1
        walk[at:at] = ["in-progress", "done"]
    elif final in ("ready", "backlog") and random.random() < 0.6:
        walk = ["ready", "backlog", "ready"] if final == "ready" else ["ready", "backlog"]
    return walk


def text_at(final_text, status, planned):
    """The story file with `status`, and without its iteration unless `planned`."""
    text = re.sub(r"(?m)^status: .*$", f"status: {status}", final_text, count=1)
    return text if planned else re.sub(r"(?m)^iteration: .*\n", "", text, count=1)


def main(root, commits):
    random.seed(1)
    # Who the commits are by, unless the environment says.
    for who in ("AUTHOR", "COMMITTER"):
        os.environ.setdefault(f"GIT_{who}_NAME", "Backlog Demo")
        os.environ.setdefault(f"GIT_{who}_EMAIL", "demo@example.org")
    its = iterations(root)
    first = min(start for start, _ in its.values()) - dt.timedelta(days=14)
    last = max(end for _, end in its.values())
    stories = sorted(
        os.path.relpath(os.path.join(d, f), root)
        for d, _, fs in os.walk(os.path.join(root, "stories"))
        for f in fs
    )
    finals, events = {}, []
    for story in stories:
        with open(os.path.join(root, story)) as f:
            finals[story] = f.read()
        final = re.search(r"(?m)^status: (\S+)", finals[story]).group(1)
        iteration = re.search(r"(?m)^iteration: (\S+)", finals[story])
        start, end = its.get(iteration.group(1) if iteration else "", (first, last))
        walk = statuses(final)
        low, high = start - dt.timedelta(days=7), end + dt.timedelta(days=4)
        span = max((high - low).days, len(walk))
        days = sorted(random.sample(range(span), len(walk)))
        for n, (status, day) in enumerate(zip(walk, days)):
            events.append((low + dt.timedelta(days=day), story, status, n == len(walk) - 1))
        with open(os.path.join(root, story), "w") as f:
            f.write(text_at(finals[story], "backlog", False))
    events.sort()
    date = first.isoformat() + "T09:00:00Z"
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Import the backlog", env=env)
    path = {story: story for story in stories}
    made = 0
    for n in range(commits):
        chunk = events[n * len(events) // commits : (n + 1) * len(events) // commits]
        if not chunk:
            continue
        for _, story, status, last_step in chunk:
            text = finals[story] if last_step else text_at(finals[story], status, True)
            with open(os.path.join(root, path[story]), "w") as f:
                f.write(text)
        if n % 25 == 24:
            story = random.choice(stories)
            moved = os.path.join("stories", "moved", os.path.basename(path[story]))
            if path[story] != moved:
                os.makedirs(os.path.join(root, "stories", "moved"), exist_ok=True)
                git(root, "mv", path[story], moved)
                path[story] = moved
        date = chunk[-1][0].isoformat() + "T10:00:00Z"
        env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        git(root, "add", *sorted({path[story] for _, story, _, _ in chunk}))
        staged = subprocess.run(["git", "-C", root, "diff", "--cached", "--quiet"])
        if staged.returncode != 0:
            git(root, "commit", "-q", "-m", f"Work of {chunk[-1][0]}", env=env)
            made += 1
    git(root, "gc", "-q")
    print(f"{made} commits after the import, {len(events)} status changes")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
