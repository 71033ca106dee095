#!/usr/bin/env python3
"""One iteration of dgd, EXTRA, gradient tracking and MSPD: Swift (GossipSim) against numpy.

Runs `IterationTimer` (the Benchmarks package) on a seeded least-squares instance, which prints
its seconds per iteration and exports the instance; runs the numpy + scipy.sparse references of
iterations.py on the same instance; checks that both computed the same iterates after `check`
iterations; prints both timings and the ratio numpy / Swift.

Usage: Benchmarks/compare.py [--agents N] [--dim D] [--samples S] [--iterations K]
                             [--gradients samples|forms] [--timer PATH] [--markdown]

`--gradients forms` makes the numpy references compute the least-squares gradients from each
agent's precomputed quadratic form (Q_i x_i - c_i) instead of its samples, the formula GossipSim
itself uses when it takes fewer numbers (d(d+3)/2 against s(d+1) per agent).
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time

import numpy as np

from iterations import ALGORITHMS, Instance


def numpy_seconds(algorithm, instance, iterations):
    """Best and median seconds of one iteration, after one warm-up iteration (as the timer)."""
    run = ALGORITHMS[algorithm](instance)
    run.step()
    seconds = []
    for _ in range(iterations):
        start = time.perf_counter()
        run.step()
        seconds.append(time.perf_counter() - start)
    return min(seconds), float(np.median(seconds))


def deviation(algorithm, instance, folder):
    """max |numpy - Swift| / max |Swift| of the estimates after `check` iterations from X0."""
    run = ALGORITHMS[algorithm](instance)
    for _ in range(instance.meta["check"]):
        run.step()
    swift = instance.swift_iterates(folder, algorithm)
    return float(np.max(np.abs(run.estimate() - swift)) / np.max(np.abs(swift)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--dim", type=int, default=10)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--gradients", choices=("samples", "forms"), default="samples",
                        help="what the numpy gradients read: the samples, or each agent's "
                             "precomputed quadratic form")
    parser.add_argument("--timer", default="Benchmarks/.build/release/IterationTimer")
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        command = [args.timer, "--agents", str(args.agents), "--dim", str(args.dim),
                   "--samples", str(args.samples), "--iterations", str(args.iterations),
                   "--seed", str(args.seed), "--export", folder]
        swift = json.loads(subprocess.run(command, check=True, capture_output=True,
                                          text=True).stdout)["secondsPerIteration"]
        instance = Instance(folder, forms=args.gradients == "forms")
        rows = []
        for algorithm in ALGORITHMS:
            error = deviation(algorithm, instance, folder)
            best, median = numpy_seconds(algorithm, instance, args.iterations)
            rows.append((algorithm, swift[algorithm]["best"], best, swift[algorithm]["median"],
                         median, error))

    print(f"one iteration, least squares, n = {args.agents} agents, d = {args.dim}, "
          f"{args.samples} samples per agent, random 4-regular network, numpy gradients from "
          f"the {args.gradients}; best and median of {args.iterations} iterations (s)")
    header = ("algorithm", "Swift best", "numpy best", "× (best)", "Swift median",
              "numpy median", "× (median)", "max rel. deviation")
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    else:
        print("  ".join(f"{h:>14}" for h in header))
    failed = False
    for name, sb, nb, sm, nm, error in rows:
        cells = (name, f"{sb:.6f}", f"{nb:.6f}", f"{nb / sb:.2f}", f"{sm:.6f}", f"{nm:.6f}",
                 f"{nm / sm:.2f}", f"{error:.1e}")
        print("| " + " | ".join(cells) + " |" if args.markdown
              else "  ".join(f"{c:>14}" for c in cells))
        failed |= not error < 1e-9
    if failed:
        print("error: the numpy and Swift iterates differ by more than 1e-9 (relative)",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
