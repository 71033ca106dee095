#!/usr/bin/env bash
# Cora over agents: required links, designed topologies and a ring, side by side (docs/design.md).
# Usage: Examples/design-cora.sh [OUT_DIR]   (needs a built `gossip`: swift build; uses $GOSSIP or
# .build/debug/gossip). Writes the DOT files and docs-ready numbers into OUT_DIR (default
# /tmp/design-cora) and the trade-off figure docs/images/design-cora-tradeoff.svg.
set -euo pipefail
cd "$(dirname "$0")/.."
gossip=${GOSSIP:-.build/debug/gossip}
out=${1:-/tmp/design-cora}
mkdir -p "$out"
data=datasets/cora-citations.edges

gap() {  # the designed spectral gap, links and added links of a JSON report
  python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["baseLinkCount"], r["addedLinks"], "%.4f" % r["metropolisOnBase"]["spectralGap"], "%.4f" % r["metropolisOnDesignedLinks"]["spectralGap"], "%.4f" % r["designed"]["spectralGap"])'
}

echo "# 10 agents, METIS, seed 1: base links, added links, gap (Metropolis on base), gap (Metropolis on designed links), designed gap"
echo "required only:        $("$gossip" topology design --data-graph $data --agents 10 --seed 1 -o "$out/cora10-required.dot" --json | gap)"
echo "sparsity 0.5:         $("$gossip" topology design --data-graph $data --agents 10 --seed 1 --sparsity 0.5 -o "$out/cora10-sparse.dot" --json | gap)"
echo "sparsity 0 (all):     $("$gossip" topology design --data-graph $data --agents 10 --seed 1 --sparsity 0 -o "$out/cora10-complete.dot" --json | gap)"
"$gossip" topology generate ring --nodes 10 -o "$out/ring10.edges"
echo "ring (not a superset of the required links): $("$gossip" topology design --network "$out/ring10.edges" -o "$out/ring10.dot" --json | gap)"
"$gossip" render "$out/cora10-sparse.dot" --layout circo -o docs/images/design-cora-10.svg

echo "# 30 agents, METIS, seed 1: the sparsity sweep"
: > "$out/sweep30.txt"
for lambda in 0.02 0.05 0.1 0.2 0.3 0.5 1 2; do
  line=$("$gossip" topology design --data-graph $data --agents 30 --seed 1 --sparsity $lambda \
    -o "$out/cora30-$lambda.dot" --json 2>/dev/null | gap)
  echo "λ = $lambda: $line"
  echo "$lambda $line" >> "$out/sweep30.txt"
done

# The trade-off figure: designed spectral gap against added links (stdlib-only SVG).
python3 - "$out/sweep30.txt" docs/images/design-cora-tradeoff.svg <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
pts = [(int(r[2]), float(r[5]), float(r[4]), r[0]) for r in rows]  # added, designed gap, Metropolis gap, λ
W, H, L, B, T, R = 520, 340, 60, 50, 30, 20
xmax = max(p[0] for p in pts) * 1.05 or 1
X = lambda x: L + (W - L - R) * x / xmax
Y = lambda y: H - B - (H - B - T) * y
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="Helvetica,sans-serif" font-size="11">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{W/2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">Cora over 30 agents: spectral gap vs added links (--sparsity λ)</text>',
       f'<line x1="{L}" y1="{Y(0)}" x2="{W-R}" y2="{Y(0)}" stroke="black"/>',
       f'<line x1="{L}" y1="{Y(0)}" x2="{L}" y2="{Y(1)}" stroke="black"/>']
for t in range(6):
    y = t / 5
    svg.append(f'<text x="{L-6}" y="{Y(y)+4}" text-anchor="end">{y:.1f}</text>')
    svg.append(f'<line x1="{L}" y1="{Y(y)}" x2="{W-R}" y2="{Y(y)}" stroke="#ddd"/>')
step = 50
for x in range(0, int(xmax) + 1, step):
    svg.append(f'<text x="{X(x)}" y="{Y(0)+16}" text-anchor="middle">{x}</text>')
svg.append(f'<text x="{(L+W-R)/2}" y="{H-10}" text-anchor="middle">links added to the 218 required links</text>')
svg.append(f'<text x="16" y="{(T+H-B)/2}" text-anchor="middle" transform="rotate(-90 16 {(T+H-B)/2})">spectral gap 1 − SLEM</text>')
for i, (colour, label) in enumerate([("#1f77b4", "designed (FMMC weights)"), ("#ff7f0e", "Metropolis on the same links")]):
    series = sorted((p[0], p[1 + i]) for p in pts)
    path = " ".join(f'{X(x):.1f},{Y(y):.1f}' for x, y in series)
    svg.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
    svg += [f'<circle cx="{X(x):.1f}" cy="{Y(y):.1f}" r="3" fill="{colour}"/>' for x, y in series]
    svg.append(f'<text x="{L+10}" y="{T+18+14*i}" fill="{colour}">{label}</text>')
for x, y, _, lam in pts:
    svg.append(f'<text x="{X(x)+5:.1f}" y="{Y(y)-6:.1f}" font-size="9" fill="#555">λ={lam}</text>')
svg.append('</svg>')
open(sys.argv[2], "w").write("\n".join(svg) + "\n")
PY
echo "wrote docs/images/design-cora-10.svg, docs/images/design-cora-tradeoff.svg and $out/*.dot"
