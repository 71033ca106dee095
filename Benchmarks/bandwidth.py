#!/usr/bin/env python3
"""Memory copy bandwidth with numpy: the bound a gossip round is measured against.

Copies an array much larger than the last-level cache (np.copyto) and reports the best of several
repetitions as bytes moved per second, counting both the read and the write (2 x size bytes per
copy), the same convention as `gossip bench gossip-round` ("GB/s": bytes of W and X read plus
bytes of Y written, per second).

By default one thread copies (the bound of a round on one core). With --processes P, P processes
each copy their own arrays at the same time (started together at a barrier, timed until the last
one finishes) and the total rate is reported: the bound of a round that uses P cores.

Usage: Benchmarks/bandwidth.py [--megabytes M] [--repetitions R] [--processes P] [--json]
"""
import argparse
import json
import multiprocessing as mp
import time

import numpy as np


def copy_seconds(megabytes, repetitions, barrier=None):
    """Best time of one np.copyto of `megabytes` MB; with a barrier, every repetition starts
    together with the other processes' and lasts until the slowest of them has finished."""
    n = megabytes * 1_000_000 // 8
    src = np.random.default_rng(0).uniform(size=n)
    dst = np.empty_like(src)
    np.copyto(dst, src)  # touches every page of dst
    best = float("inf")
    for _ in range(repetitions):
        if barrier is not None:
            barrier.wait()
        t = time.perf_counter()
        np.copyto(dst, src)
        if barrier is not None:
            barrier.wait()
        best = min(best, time.perf_counter() - t)
    return best


def worker(megabytes, repetitions, barrier, results):
    results.put(copy_seconds(megabytes, repetitions, barrier))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--megabytes", type=int, default=400, help="size of each source array")
    p.add_argument("--repetitions", type=int, default=10)
    p.add_argument("--processes", type=int, default=1, help="copies running at the same time")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    if a.processes == 1:
        best = copy_seconds(a.megabytes, a.repetitions)
    else:
        barrier, results = mp.Barrier(a.processes), mp.Queue()
        workers = [mp.Process(target=worker, args=(a.megabytes, a.repetitions, barrier, results))
                   for _ in range(a.processes)]
        for w in workers:
            w.start()
        best = max(results.get() for _ in workers)  # all wait for the slowest, so ≈ equal
        for w in workers:
            w.join()
    size = a.megabytes * 1_000_000 // 8 * 8
    moved = 2 * size * a.processes
    rate = moved / best / 1e9
    if a.json:
        print(json.dumps({"bytes": moved, "processes": a.processes, "seconds": best,
                          "gigabytesPerSecond": rate}))
    else:
        each = "" if a.processes == 1 else f" in each of {a.processes} processes at once"
        print(f"copy of {size / 1e6:.0f} MB{each}: {best:.6f} s, {rate:.1f} GB/s (read + write)")


if __name__ == "__main__":
    main()
