#!/usr/bin/env python3
"""Floors of one gossip round: copy, gather-only and product in C on the same pattern.

Writes the CSR of the Metropolis W of the seeded random regular graph that `gossip` generates
(the generator's numbering, and scipy's reverse Cuthill-McKee order), compiles
Benchmarks/gather_floor.c with OpenMP and runs it with 1 and 2 threads (see that file).

Usage: Benchmarks/gather_floor.py [--nodes N] [--dim D] [--degree K] [--gossip PATH]
"""
import argparse
import os
import subprocess
import tempfile

import numpy as np
from scipy.sparse.csgraph import reverse_cuthill_mckee

from gossip_round import metropolis


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--nodes", type=int, default=100_000)
    p.add_argument("--dim", type=int, default=100)
    p.add_argument("--degree", type=int, default=4)
    p.add_argument("--repetitions", type=int, default=15)
    p.add_argument("--gossip", default=".build/release/gossip")
    a = p.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "gather_floor")
        subprocess.run(["cc", "-O3", "-march=native", "-ffast-math", "-fopenmp", "-o", binary,
                        os.path.join(here, "gather_floor.c")], check=True)
        edges_path = os.path.join(tmp, "net.edges")
        subprocess.run([a.gossip, "topology", "generate", "random-regular", "--nodes",
                        str(a.nodes), "--degree", str(a.degree), "--seed", "0", "-o", edges_path],
                       check=True)
        with open(edges_path) as f:
            lines = [l for l in f if l.strip() and not l.startswith("#")]
        edges = np.array([l.split()[:2] for l in lines[1:]], dtype=np.int64)
        w = metropolis(a.nodes, edges).tocsr()
        order = reverse_cuthill_mckee(w, symmetric_mode=True)
        for name, m in [("given", w), ("rcm", w[order][:, order].tocsr())]:
            m.sort_indices()
            folder = os.path.join(tmp, name)
            os.mkdir(folder)
            m.indptr.astype(np.int64).tofile(os.path.join(folder, "indptr"))
            m.indices.astype(np.int32).tofile(os.path.join(folder, "indices"))
            m.data.astype(np.float64).tofile(os.path.join(folder, "data"))
            for threads in ["1", "2"]:
                subprocess.run([binary, folder, str(a.dim), str(a.repetitions), "4", "copy",
                                "spmm", "spmm-pf", "gather", "gather-pf"], check=True,
                               env=dict(os.environ, OMP_NUM_THREADS=threads))


if __name__ == "__main__":
    main()
