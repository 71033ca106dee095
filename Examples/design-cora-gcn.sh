#!/usr/bin/env bash
# Distributed GCN on Cora over 10 agents on a ring, on the required links (Metropolis and designed
# FMMC weights) and on a designed topology (--sparsity 0.5): accuracy and bytes (docs/design.md).
# Usage: Examples/design-cora-gcn.sh [OUT_DIR]   (uses $GOSSIP or .build/release/gossip)
set -euo pipefail
cd "$(dirname "$0")/.."
gossip=${GOSSIP:-.build/release/gossip}
out=${1:-/tmp/design-cora-gcn}
mkdir -p "$out"
root=$PWD
cat > "$out/base.yaml" <<YAML
name: gcn-design
seed: 1
topology: { generate: ring, nodes: 10, weights: metropolis }
problem:
  { kind: gcn, dataset: $root/datasets/cora, agents: 10, partition: metis, hidden: 16, order: 1,
    dropout: 0.5, weight-decay: 5e-4, learning-rate: 0.01, optimizer: adam }
algorithms:
  - { name: gradient-tracking }
stop: { iterations: 200 }
record: { every: 10 }
YAML
cd "$out"
# The METIS partition every run below shares, and the topologies designed for it.
"$root/$gossip" run base.yaml --out partition-run --force --quiet 2>/dev/null
data="$root/datasets/cora-citations.edges"
"$root/$gossip" topology design --data-graph "$data" --agents 10 --partition partition-run/partition.txt -o required.dot
"$root/$gossip" topology design --data-graph "$data" --agents 10 --partition partition-run/partition.txt --sparsity 0.5 -o sparse.dot
for seed in 0 1 2; do
  common=(--seed "$seed" --set problem.partition=partition-run/partition.txt --force --quiet)
  "$root/$gossip" run base.yaml "${common[@]}" --out "ring-$seed" 2>/dev/null
  "$root/$gossip" run base.yaml "${common[@]}" --set "topology={file: required.dot, weights: metropolis}" --out "reqm-$seed" 2>/dev/null
  "$root/$gossip" run base.yaml "${common[@]}" --set "topology={file: required.dot, weights: file}" --out "reqf-$seed" 2>/dev/null
  "$root/$gossip" run base.yaml "${common[@]}" --set "topology={file: sparse.dot, weights: file}" --out "sparse-$seed" 2>/dev/null
done
python3 - <<'PY'
import json, statistics as st
for name, label in [("ring", "ring, Metropolis"), ("reqm", "required, Metropolis"),
                    ("reqf", "required, FMMC"), ("sparse", "designed --sparsity 0.5")]:
    runs = [json.load(open(f"{name}-{s}/summary.json"))["algorithms"][0] for s in range(3)]
    acc = [100 * r["final"]["testAccuracy"] for r in runs]
    print(f"{label:28s} test accuracy {st.mean(acc):.1f} ± {st.pstdev(acc):.1f}%  "
          f"{st.mean(r['bytes'] for r in runs) / 1e6:,.0f} MB")
PY
