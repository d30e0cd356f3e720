#!/usr/bin/env python3
"""Times `igmpwb summary` against tcpdump with the same flags on the same file, in one run.

usage: bench_compare.py IGMPWB LABEL=FILE [LABEL=FILE ...]

For each file it times, alternating the two tools (so that a slow moment of a shared machine
hits both), RUNS runs of each:
    igmpwb summary FILE          vs  TZ=GMT tcpdump -# -n -tttt -r FILE
    igmpwb summary -v FILE       vs  TZ=GMT tcpdump -# -n -tttt -v -r FILE
and prints the median wall time of each side and the median of the per-pair ratios
(igmpwb / tcpdump: below 1 means igmpwb is faster). Output goes to /dev/null on both sides.
It also reports whether the first 100 000 output lines of the two tools are identical.
"""
import os
import statistics
import subprocess
import sys
import time

RUNS = int(os.environ.get("RUNS", "3"))
ENV = dict(os.environ, TZ="GMT")


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False)
    return time.perf_counter() - start


def head(cmd, lines=100_000):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV)
    out = []
    for line in p.stdout:
        out.append(line)
        if len(out) >= lines:
            break
    p.kill()
    p.wait()
    return out


def main():
    igmpwb = sys.argv[1]
    print(f"{'file':<14} {'flags':<6} {'igmpwb':>9} {'tcpdump':>9} {'igmpwb/tcpdump':>15}  same output (first 100k lines)")
    for arg in sys.argv[2:]:
        label, path = arg.split("=", 1)
        for flags in ([], ["-v"]):
            ours_cmd = [igmpwb, "summary", *flags, path]
            theirs_cmd = ["tcpdump", "-#", "-n", "-tttt", *flags, "-r", path]
            ours, theirs, ratios = [], [], []
            for _ in range(RUNS):
                a = timed(ours_cmd)
                b = timed(theirs_cmd)
                ours.append(a)
                theirs.append(b)
                ratios.append(a / b)
            same = head(ours_cmd) == head(theirs_cmd)
            r = statistics.median(ratios)
            verdict = f"{1 / r:.2f}x faster" if r < 1 else f"{r:.2f}x slower"
            print(
                f"{label:<14} {' '.join(flags) or '-':<6} {statistics.median(ours):>8.2f}s "
                f"{statistics.median(theirs):>8.2f}s {r:>8.2f} ({verdict})  {'yes' if same else 'NO'}",
                flush=True,
            )


if __name__ == "__main__":
    main()
