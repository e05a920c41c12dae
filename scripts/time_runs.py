#!/usr/bin/env python3
"""Runs a command RUNS times and prints the min, median and max wall time.

Usage: scripts/time_runs.py RUNS COMMAND [ARG...]. Output is discarded.
"""
import statistics
import subprocess
import sys
import time

runs, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    times.append(time.perf_counter() - start)
print(f"min {min(times):.3f} s   median {statistics.median(times):.3f} s   max {max(times):.3f} s   ({runs} runs)")
