#!/usr/bin/env python3
"""Simulated time to ε for MSPD and DGD (steps α₀/√t) as the round cost τ grows.

Runs Examples/mspd-vs-dgd.yaml once per instance with DGD over a grid of α₀ (the iterates do not
depend on τ: simulated time = subgradient calls per agent + τ·rounds, so one run gives every τ).
For each algorithm and each measure, F(x̄) − F* (x̄ the exact network average) and
maxᵢ F(xᵢ) − F* (the worst agent's own estimate), it takes the first recorded iteration from
which the measure stays ≤ ε until the end of the run ("settled", so that a lucky crossing does
not count), keeps DGD's best α₀ for that measure, prints the table and writes
docs/images/mspd-vs-dgd.svg (time(DGD) / time(MSPD) against τ, log-log, hand-written SVG).

Usage: swift build -c release --product gossip && python3 Examples/mspd-vs-dgd.py [GOSSIP_BINARY]
"""
import csv, math, os, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
gossip = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/release/gossip")
steps = [0.002, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.07, 0.1, 0.2, 0.5, 1]
taus = [0.01, 1, 100, 1e4, 1e6]
measures = [("suboptimality", "F(x̄)"), ("worst_suboptimality", "worst agent")]
# (label, topology, data, ε, DGD iterations)
instances = [
    ("path 32, three sites", "{ generate: path, nodes: 32 }", "../datasets/three_sites.svm", 0.01,
     200000),
    ("path 32, three sites", "{ generate: path, nodes: 32 }", "../datasets/three_sites.svm", 0.005,
     400000),
    ("path 64, three sites", "{ generate: path, nodes: 64 }", "../datasets/three_sites.svm", 0.01,
     400000),
    ("ring 32, three sites", "{ generate: ring, nodes: 32 }", "../datasets/three_sites.svm", 0.01,
     200000),
    ("path 32, l1_regression", "{ generate: path, nodes: 32 }", "../datasets/l1_regression.svm",
     0.005, 100000),
    ("ring 32, l1_regression", "{ generate: ring, nodes: 32 }", "../datasets/l1_regression.svm",
     0.005, 100000),
]


def settled(rows, column, epsilon):
    """The first row from which `column` stays ≤ ε to the end, or None."""
    hit = None
    for r in rows:
        value = float(r[column]) if r[column] else math.inf
        if value <= epsilon:
            hit = hit or r
        else:
            hit = None
    return hit


def run(label, topology, data, epsilon, iterations, tmp):
    base = open(os.path.join(root, "Examples/mspd-vs-dgd.yaml")).read()
    head = base[:base.index("algorithms:")]
    head = head.replace("{ generate: path, nodes: 32 }", topology)
    head = head.replace("../datasets/three_sites.svm", os.path.join(root, data[3:]))
    algorithms = ["  - { name: mspd, epsilon: %g }" % epsilon,
                  "  - { name: dgd, schedule: inverse-sqrt, label: dgd-default }"]
    algorithms += ["  - { name: dgd, schedule: inverse-sqrt, step: %g, label: dgd-%g }" % (s, s)
                   for s in steps]
    config = os.path.join(tmp, "exp.yaml")
    open(config, "w").write(head + "algorithms:\n" + "\n".join(algorithms) + "\n"
                            + "stop:       { iterations: %d }\n" % iterations
                            + "record:     { every: 10, agents: false }\n")
    out = os.path.join(tmp, "%s-%g" % (label.replace(" ", "-").replace(",", ""), epsilon))
    subprocess.run([gossip, "run", config, "--out", out, "--quiet"], check=True)
    rows = list(csv.DictReader(open(os.path.join(out, "metrics.csv"))))
    by = {}
    for r in rows:
        by.setdefault(r["algorithm"], []).append(r)
    return by


def cost(row, tau):
    return float(row["gradient_calls"]) + tau * float(row["rounds"])


results = []
with tempfile.TemporaryDirectory() as tmp:
    for label, topology, data, epsilon, iterations in instances:
        by = run(label, topology, data, epsilon, iterations, tmp)
        for column, name in measures:
            mspd = settled(by["mspd"], column, epsilon)
            dgd = {a: settled(rows, column, epsilon) for a, rows in by.items() if a != "mspd"}
            reached = {a: r for a, r in dgd.items() if r}
            best = min(reached, key=lambda a: int(reached[a]["rounds"])) if reached else None
            print("%s, ε = %g, %s: MSPD %s rounds (%s subgradients per agent); DGD rounds by α₀: %s"
                  % (label, epsilon, name, mspd["rounds"] if mspd else "-",
                     mspd["gradient_calls"] if mspd else "-",
                     ", ".join("%s %s" % (a[4:], r["rounds"] if r else "-")
                               for a, r in dgd.items())))
            results.append(("%s, ε = %g" % (label, epsilon), name, mspd, best, reached.get(best)))

print()
print("| instance | ε | measure | MSPD rounds (subgradients) | DGD best α₀: rounds | "
      + " | ".join("τ = %g" % t for t in taus) + " |")
print("|---|---|---|---|---|" + "---|" * len(taus))
for label, name, mspd, best, dgd in results:
    ratios = ["%.3g" % (cost(dgd, t) / cost(mspd, t)) if mspd and dgd else "-" for t in taus]
    print("| %s | %s | %s (%s) | %s: %s | %s |"
          % (label.replace(", ε = ", " | "), name, mspd["rounds"] if mspd else "-",
             mspd["gradient_calls"] if mspd else "-",
             best[4:] if best else "-", dgd["rounds"] if dgd else "-", " | ".join(ratios)))
print("cells under τ: time(DGD) / time(MSPD) to settle at ε; > 1 means MSPD is faster")

# The plot: time(DGD)/time(MSPD) against τ, log-log, one line per (instance, measure).
width, height, left, right, top, bottom = 760, 440, 70, 320, 20, 50
series = [(label, name, [(t, cost(dgd, t) / cost(mspd, t)) for t in taus])
          for label, name, mspd, best, dgd in results if mspd and dgd]
ys = [y for _, _, s in series for _, y in s]
x0, x1 = math.log10(taus[0]), math.log10(taus[-1])
y0, y1 = math.floor(math.log10(min(ys + [1]))), math.ceil(math.log10(max(ys + [1])))
def sx(x): return left + (math.log10(x) - x0) / (x1 - x0) * (width - left - right)
def sy(y): return height - bottom - (math.log10(y) - y0) / (y1 - y0) * (height - top - bottom)
colors = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]
svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
       'font-size="12">' % (width, height), '<rect width="100%" height="100%" fill="white"/>']
for e in range(int(y0), int(y1) + 1):
    y = sy(10 ** e)
    svg.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s"/>'
               % (left, width - right, y, y, "#888" if e == 0 else "#ddd"))
    svg.append('<text x="%d" y="%.1f" text-anchor="end">1e%d</text>' % (left - 6, y + 4, e))
for t in taus:
    x = sx(t)
    svg.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#eee"/>'
               % (x, x, top, height - bottom))
    svg.append('<text x="%.1f" y="%d" text-anchor="middle">%g</text>'
               % (x, height - bottom + 16, t))
svg.append('<text x="%d" y="%d" text-anchor="middle">τ (time of a round / time of a subgradient), '
           'log scale</text>' % ((left + width - right) / 2, height - 8))
svg.append('<text x="16" y="%d" transform="rotate(-90 16 %d)" text-anchor="middle">time(DGD) / '
           'time(MSPD) to ε</text>' % (height / 2, height / 2))
labels = list(dict.fromkeys(label for label, _, _ in series))
for i, (label, name, s) in enumerate(series):
    color = colors[labels.index(label) % len(colors)]  # one colour per instance, dashes: F(x̄)
    dash = "" if name == "worst agent" else ' stroke-dasharray="6 4"'
    path = " ".join("%s%.1f,%.1f" % ("M" if j == 0 else "L", sx(x), sy(y))
                    for j, (x, y) in enumerate(s))
    svg.append('<path d="%s" fill="none" stroke="%s" stroke-width="2"%s/>' % (path, color, dash))
    for x, y in s:
        svg.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (sx(x), sy(y), color))
    ly = top + 10 + 18 * i
    svg.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"%s/>'
               % (width - right + 10, width - right + 30, ly, ly, color, dash))
    svg.append('<text x="%d" y="%d" font-size="11">%s, %s</text>'
               % (width - right + 35, ly + 4, label, name))
svg.append('</svg>')
target = os.path.join(root, "docs/images/mspd-vs-dgd.svg")
open(target, "w").write("\n".join(svg) + "\n")
print("wrote", target)
