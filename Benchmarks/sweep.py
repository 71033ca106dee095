#!/usr/bin/env python3
"""The gossip-round table of docs/performance.md: scipy, gossip (2 cores and 1 core) and the bound.

For each (n, d) it times one round Y = W @ X with scipy.sparse (one thread) and with
`gossip bench gossip-round` on all cores and pinned to core 0 (`taskset -c 0`), and compares the
2-core time with the memory bound: the bytes a round must move (W, X read once, Y written once,
as `gossip bench` counts them) divided by the copy bandwidth of Benchmarks/bandwidth.py.
Optionally times a second build (--baseline, e.g. the kernel before a change) on all cores.
Prints a Markdown table.

Usage: Benchmarks/sweep.py [--gossip PATH] [--baseline PATH] [--bandwidth GB/s] [--degree K]
"""
import argparse
import subprocess
import sys
import json
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gossip_round import gossip_bench, scipy_seconds  # noqa: E402

SHAPES = [(n, d) for n in (10_000, 100_000, 1_000_000) for d in (1, 10, 100, 1000)
          if not (d == 1000 and n > 100_000)]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gossip", default=".build/release/gossip")
    p.add_argument("--baseline", help="another gossip binary to time on all cores")
    p.add_argument("--bandwidth", type=float, help="copy GB/s (default: run bandwidth.py)")
    p.add_argument("--degree", type=int, default=4)
    p.add_argument("--repetitions", type=int, default=10)
    a = p.parse_args()
    bandwidth = a.bandwidth
    if bandwidth is None:
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bandwidth.py")
        out = subprocess.run([sys.executable, script, "--json"], check=True, capture_output=True,
                             text=True).stdout
        bandwidth = json.loads(out)["gigabytesPerSecond"]
    print(f"copy bandwidth {bandwidth:.1f} GB/s, degree {a.degree}\n")
    head = "| n | d | scipy (s) |"
    if a.baseline:
        head += " before, 2 cores (s) |"
    head += " gossip, 1 core (s) | gossip, 2 cores (s) | × scipy | GB/s | bound (s) | bound / time |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for n, d in SHAPES:
        reps = a.repetitions if n * d <= 10_000_000 else 3
        scipy = scipy_seconds(a.gossip, n, d, a.degree, 0, reps)
        both = gossip_bench(a.gossip, n, d, a.degree, 0, reps)
        one = gossip_bench(a.gossip, n, d, a.degree, 0, reps, cpus="0")
        seconds = both["secondsPerRound"]
        moved = both["gigabytesPerSecond"] * seconds  # GB a round must move
        bound = moved / bandwidth
        row = f"| {n:,} | {d} | {scipy:.6f} |"
        if a.baseline:
            row += f" {gossip_bench(a.baseline, n, d, a.degree, 0, reps)['secondsPerRound']:.6f} |"
        row += (f" {one['secondsPerRound']:.6f} | {seconds:.6f} | {scipy / seconds:.2f} |"
                f" {both['gigabytesPerSecond']:.1f} | {bound:.6f} | {bound / seconds:.2f} |")
        print(row, flush=True)


if __name__ == "__main__":
    main()
