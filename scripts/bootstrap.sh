#!/usr/bin/env bash
# Installs the Debian packages GossipSim needs, only those that are missing.
# Usage: scripts/bootstrap.sh [bench]
# Quiet and idempotent: when everything is present it checks and returns in well under a second.
set -euo pipefail

packages=(
  pkg-config
  libgraphviz-dev      # libcgraph + libgvc: DOT parsing and in-process rendering
  libopenblas-dev      # BLAS
  liblapacke-dev       # LAPACK's C interface (dsyevd)
  libarpack2-dev       # ARPACK: extreme eigenvalues of large sparse matrices
  libglpk-dev          # GLPK: exact LP reference solutions (L1 regression, hinge)
  libmetis-dev         # METIS: k-way graph partitioning (gossip topology design --partition metis)
  libopenmpi-dev       # MPI backend (package trait MPI)
  openmpi-bin          # mpirun
)
# `bootstrap.sh bench` adds what the reference scripts of `make bench` need.
if [[ "${1:-}" == "bench" ]]; then
  packages+=(python3-numpy python3-scipy)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "bootstrap: these Debian packages are missing and apt-get is not available: ${missing[*]}" >&2
  exit 69
fi
sudo=""
if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
echo "bootstrap: installing ${missing[*]}" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
