#!/usr/bin/env python3
"""Rounds to ε against √χ for the dual and primal methods on five graphs of 20 agents.

Runs Examples/dual-ridge.yaml (ridge, 20 agents, κ set by the data) with the `gossip` binary on a
path, a ring, a star, an Erdős–Rényi G(20, 0.2) graph (seed 4) and the complete graph, stopping at
F(x̄) − F* ≤ 1e-8 (or 20000 iterations), reads χ = λ_max(L)/λ₂(L) from `gossip topology inspect`,
prints a table and writes docs/images/dual-topologies.svg (log-log; hand-written SVG, no matplotlib).

Usage: swift build --product gossip && python3 Examples/dual-topologies.py [GOSSIP_BINARY]
"""
import json, math, os, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
gossip = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/debug/gossip")
graphs = [("path", []), ("ring", []), ("star", []),
          ("erdos-renyi", ["--probability", "0.2", "--seed", "4"]), ("complete", [])]
algorithms = ["dual-accelerated", "msda", "extra", "gradient-tracking", "dgd"]
epsilon = 1e-8

rows = []
with tempfile.TemporaryDirectory() as tmp:
    base = open(os.path.join(root, "Examples/dual-ridge.yaml")).read()
    for kind, extra in graphs:
        edges = os.path.join(tmp, kind + ".edges")
        subprocess.run([gossip, "topology", "generate", kind, "--nodes", "20", *extra, "-o", edges],
                       check=True)
        info = json.loads(subprocess.run([gossip, "topology", "inspect", edges, "--json"],
                                         check=True, capture_output=True, text=True).stdout)
        chi = info["laplacian"]["condition"]
        config = os.path.join(tmp, kind + ".yaml")
        text = base.replace("{ generate: ring, nodes: 20, weights: metropolis }",
                            "{ file: %s, weights: metropolis }" % edges)
        text = text.replace("{ iterations: 4000, tolerance: 1e-10 }",
                            "{ iterations: 20000, tolerance: %g }" % epsilon)
        text = text.replace("record:     { every: 1 }", "record:     { every: 1, agents: false }")
        open(config, "w").write(text)
        out = os.path.join(tmp, kind)
        subprocess.run([gossip, "run", config, "--out", out, "--quiet"], check=True)
        summary = json.load(open(os.path.join(out, "summary.json")))
        result = {a["algorithm"]: (a["rounds"] if a["status"] == "converged" else None,
                                   a["gradientCalls"]) for a in summary["algorithms"]}
        rows.append((kind, chi, result))

print("graph        chi     sqrt(chi)  " + "  ".join("%18s" % a for a in algorithms))
for kind, chi, result in rows:
    cells = []
    for a in algorithms:
        rounds, calls = result[a]
        cells.append("%18s" % ("-" if rounds is None else "%d (%d)" % (rounds, calls)))
    print("%-11s %7.2f %9.2f  " % (kind, chi, math.sqrt(chi)) + "  ".join(cells))
print("cells: rounds to F(mean x) - F* <= %g (gradient/oracle calls per agent); - = not reached"
      % epsilon)

# The plot: rounds to ε against √χ, log-log.
width, height, left, right, top, bottom = 640, 420, 70, 170, 20, 50
points = [(math.sqrt(chi), result[a][0], a) for _, chi, result in rows for a in algorithms
          if result[a][0]]
xs = [p[0] for p in points]
ys = [p[1] for p in points]
x0, x1 = math.log10(min(xs)) - 0.05, math.log10(max(xs)) + 0.05
y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
def sx(x): return left + (math.log10(x) - x0) / (x1 - x0) * (width - left - right)
def sy(y): return height - bottom - (math.log10(y) - y0) / (y1 - y0) * (height - top - bottom)
colors = dict(zip(algorithms, ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"]))
svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
       'font-size="12">' % (width, height), '<rect width="100%" height="100%" fill="white"/>']
for e in range(int(y0), int(y1) + 1):
    y = sy(10 ** e)
    svg.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (left, width - right, y, y))
    svg.append('<text x="%d" y="%.1f" text-anchor="end">1e%d</text>' % (left - 6, y + 4, e))
for kind, chi, _ in rows:
    x = sx(math.sqrt(chi))
    svg.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#eee"/>' % (x, x, top, height - bottom))
    svg.append('<text x="%.1f" y="%d" text-anchor="middle" font-size="10">%s</text>'
               % (x, height - bottom + 14, kind))
    svg.append('<text x="%.1f" y="%d" text-anchor="middle" font-size="10">%.1f</text>'
               % (x, height - bottom + 26, math.sqrt(chi)))
svg.append('<text x="%d" y="%d" text-anchor="middle">√χ (Laplacian), log scale</text>'
           % ((left + width - right) / 2, height - 6))
svg.append('<text x="16" y="%d" transform="rotate(-90 16 %d)" text-anchor="middle">rounds to '
           'F − F* ≤ 1e-8</text>' % (height / 2, height / 2))
for i, a in enumerate(algorithms):
    series = sorted((p[0], p[1]) for p in points if p[2] == a)
    path = " ".join("%s%.1f,%.1f" % ("M" if j == 0 else "L", sx(x), sy(y))
                    for j, (x, y) in enumerate(series))
    svg.append('<path d="%s" fill="none" stroke="%s" stroke-width="2"/>' % (path, colors[a]))
    for x, y in series:
        svg.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (sx(x), sy(y), colors[a]))
    ly = top + 10 + 18 * i
    svg.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"/>'
               % (width - right + 10, width - right + 30, ly, ly, colors[a]))
    svg.append('<text x="%d" y="%d">%s</text>' % (width - right + 35, ly + 4, a))
svg.append('</svg>')
target = os.path.join(root, "docs/images/dual-topologies.svg")
open(target, "w").write("\n".join(svg) + "\n")
print("wrote", target)
