#!/usr/bin/env python3
"""Paired timing: a command against its floor, run in turn (A B A B ...), ratio pair by pair.

hyperfine times all runs of one command, then all of the next: on a shared machine whose
speed drifts by tens of percent within a minute, the ratio of two such medians moves with
the drift. Here each pair runs back to back, so the drift cancels out of each pair's ratio,
and the median of the pairs' ratios is the figure to quote (with its quartiles).

Both commands run through `sh -c`; the median wall time of `sh -c true`, measured in the
same turns, is taken off both (as hyperfine's shell correction does).

    bench/paired.py RUNS 'COMMAND' 'FLOOR COMMAND'

Prints one tab-separated line: runs, median ratio, first and third quartiles of the
ratio, median wall seconds of the command and of the floor (shell start taken off).
"""

import statistics
import subprocess
import sys
import time


def wall(command):
    start = time.perf_counter()
    subprocess.run(["sh", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    runs, command, floor = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    for _ in range(2):  # warm-up: caches, page cache
        wall(command), wall(floor), wall("true")
    pairs = []
    for _ in range(runs):
        pairs.append((wall(command), wall(floor), wall("true")))
    shell = statistics.median(p[2] for p in pairs)
    ratios = sorted(max(a - shell, 1e-6) / max(b - shell, 1e-6) for a, b, _ in pairs)
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    print("\t".join([
        str(runs),
        "%.2f" % statistics.median(ratios),
        "%.2f" % quartiles[0],
        "%.2f" % quartiles[2],
        "%.4f" % (statistics.median(p[0] for p in pairs) - shell),
        "%.4f" % (statistics.median(p[1] for p in pairs) - shell),
    ]))


if __name__ == "__main__":
    main()
