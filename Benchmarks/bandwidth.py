#!/usr/bin/env python3
"""Memory copy bandwidth with numpy: the bound a gossip round is measured against.

Copies an array much larger than the last-level cache (np.copyto, one thread) and reports the best
of several repetitions as bytes moved per second, counting both the read and the write
(2 x size bytes per copy), the same convention as `gossip bench gossip-round` ("GB/s": bytes of W
and X read plus bytes of Y written, per second).

Usage: Benchmarks/bandwidth.py [--megabytes M] [--repetitions R] [--json]
"""
import argparse
import json
import time

import numpy as np


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--megabytes", type=int, default=400, help="size of the source array")
    p.add_argument("--repetitions", type=int, default=10)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    n = a.megabytes * 1_000_000 // 8
    src = np.random.default_rng(0).uniform(size=n)
    dst = np.empty_like(src)
    np.copyto(dst, src)  # touches every page of dst
    best = float("inf")
    for _ in range(a.repetitions):
        t = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t)
    rate = 2 * src.nbytes / best / 1e9
    if a.json:
        print(json.dumps({"bytes": 2 * src.nbytes, "seconds": best, "gigabytesPerSecond": rate}))
    else:
        print(f"copy of {src.nbytes / 1e6:.0f} MB: {best:.6f} s, {rate:.1f} GB/s (read + write)")


if __name__ == "__main__":
    main()
