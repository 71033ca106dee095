#!/usr/bin/env python3
"""Reference gossip round with scipy.sparse, timed side by side with `gossip bench gossip-round`.

A researcher's implementation: Metropolis weights W (CSR) of the same seeded random regular graph
that `gossip` uses (read from the edge list `gossip topology generate` writes), X an n x d float64
array, one round Y = W @ X. Prints both timings and their ratio.

Usage: Benchmarks/gossip_round.py [--nodes N] [--dim D] [--degree K] [--gossip PATH]
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np
import scipy.sparse as sp


def metropolis(n, edges):
    u, v = edges[:, 0], edges[:, 1]
    deg = np.bincount(np.concatenate([u, v]), minlength=n)
    w = 1.0 / (1.0 + np.maximum(deg[u], deg[v]))
    rows = np.concatenate([u, v, np.arange(n)])
    cols = np.concatenate([v, u, np.arange(n)])
    diag = 1.0 - np.bincount(np.concatenate([u, v]), weights=np.concatenate([w, w]), minlength=n)
    return sp.csr_matrix((np.concatenate([w, w, diag]), (rows, cols)), shape=(n, n))


def scipy_seconds(gossip, nodes, dim, degree, seed, repetitions):
    """Best time of Y = W @ X with scipy.sparse on the network `gossip topology generate` makes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "net.edges")
        subprocess.run([gossip, "topology", "generate", "random-regular", "--nodes", str(nodes),
                        "--degree", str(degree), "--seed", str(seed), "-o", path], check=True)
        with open(path) as f:
            lines = [l for l in f if l.strip() and not l.startswith("#")]
        n = int(lines[0]) if len(lines[0].split()) == 1 else nodes
        edges = np.array([l.split()[:2] for l in lines[1:]], dtype=np.int64)
    w = metropolis(n, edges)
    x = np.random.default_rng(seed).uniform(-1, 1, size=(n, dim))
    y = w @ x
    best = float("inf")
    for _ in range(repetitions):
        t = time.perf_counter()
        y = w @ x
        best = min(best, time.perf_counter() - t)
    return best


def gossip_bench(gossip, nodes, dim, degree, seed, repetitions, cpus=None, order=None):
    """The JSON object of `gossip bench gossip-round` (run under `taskset -c CPUS` if given;
    `order` is `given` or `rcm`, None for the binary's default, which older binaries need)."""
    command = [gossip, "bench", "gossip-round", "--nodes", str(nodes), "--dim", str(dim),
               "--degree", str(degree), "--seed", str(seed), "--repetitions", str(repetitions),
               "--json"] + ([] if order is None else ["--order", order])
    if cpus is not None:
        command = ["taskset", "-c", cpus] + command
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--nodes", type=int, default=100_000)
    p.add_argument("--dim", type=int, default=100)
    p.add_argument("--degree", type=int, default=4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repetitions", type=int, default=10)
    p.add_argument("--gossip", default=".build/release/gossip")
    a = p.parse_args()

    best = scipy_seconds(a.gossip, a.nodes, a.dim, a.degree, a.seed, a.repetitions)
    print(f"gossip round n={a.nodes} d={a.dim} degree={a.degree}")
    print(f"  scipy.sparse        {best:.6f} s (the generator's numbering)")
    # Same numbering as scipy, then reverse Cuthill-McKee (what `gossip run` simulates).
    for order in ["given", "rcm"]:
        ours = gossip_bench(a.gossip, a.nodes, a.dim, a.degree, a.seed, a.repetitions,
                            order=order)["secondsPerRound"]
        print(f"  gossip ({order:5})      {ours:.6f} s, {best / ours:.2f}x scipy")


if __name__ == "__main__":
    main()
