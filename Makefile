# GossipSim. `make demo` and `make test` work on a fresh Debian 12 machine with Swift 6.3:
# both install the missing system packages first (scripts/bootstrap.sh).
SWIFT ?= swift
CONFIG ?= release
BIN = .build/$(CONFIG)/gossip
DEMO_OUT ?= runs/demo

.PHONY: all bootstrap build demo test bench format clean

all: build

bootstrap:
	@scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build -c $(CONFIG) --product gossip

# The default example: dgd, EXTRA and gradient tracking on a real network (Abilene, Internet Topology
# Zoo) solving breast-cancer logistic regression; the run folder holds metrics, summary and figures.
demo: build
	$(BIN) topology inspect topologies/abilene.gml
	$(BIN) run Examples/baselines-abilene.yaml --out $(DEMO_OUT) --force
	@echo
	@echo "demo outputs are in $(DEMO_OUT)/: metrics.csv, summary.json, config.yaml, convergence.svg, topology.svg"

# The whole suite (debug build; the CLI tests run the debug `gossip` binary it builds).
test: bootstrap
	$(SWIFT) test --parallel

# The Benchmarks/ package (ordo-one/benchmark; its own package, never built by `make test`), then
# the numpy/scipy reference on the same network with the ratios (docs/performance.md).
bench: build
	@scripts/bootstrap.sh bench
	$(SWIFT) package --package-path Benchmarks benchmark
	python3 Benchmarks/gossip_round.py --nodes 100000 --dim 100 --degree 4 --gossip $(BIN)

# One formatter configuration for the whole tree (.swift-format: 2 spaces, 100 columns).
format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build runs/demo
