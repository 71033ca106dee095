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

# The default example: a real network from the Internet Topology Zoo, its spectrum and a rendering.
demo: build
	@mkdir -p $(DEMO_OUT)
	$(BIN) topology inspect topologies/abilene.gml
	$(BIN) topology generate torus --rows 8 --cols 8 -o $(DEMO_OUT)/torus-8x8.dot
	$(BIN) topology inspect $(DEMO_OUT)/torus-8x8.dot --json > $(DEMO_OUT)/torus-8x8.json
	@echo
	@echo "demo outputs are in $(DEMO_OUT)/: torus-8x8.dot (the topology), torus-8x8.json (its spectral report)"

# The whole suite (debug build; the CLI tests run the debug `gossip` binary it builds).
test: bootstrap
	$(SWIFT) test --parallel

bench: build
	@scripts/bootstrap.sh bench
	python3 Benchmarks/gossip_round.py --nodes 100000 --dim 100 --degree 4 --gossip $(BIN)

# One formatter configuration for the whole tree (.swift-format: 2 spaces, 100 columns).
format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build runs/demo
