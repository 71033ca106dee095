// swift-tools-version: 6.2
// GossipSim: simulate decentralized optimization over networks.
// Targets and their one-way dependencies are described in docs/architecture.md.
import PackageDescription

let strict: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .treatAllWarnings(as: .error),
]

let package = Package(
  name: "GossipSim",
  products: [
    .executable(name: "gossip", targets: ["GossipCLI"]),
    .library(name: "GossipSim", targets: [
      "GossipCore", "Topology", "Mixing", "LinearAlgebra", "Graphviz", "Problems", "Simulation",
      "Algorithms", "GCN", "Rendering", "Experiments",
    ]),
  ],
  // `swift build --traits MPI`: the MPI backend (`gossip run --backend mpi` under mpirun).
  traits: [
    .trait(name: "MPI", description: "Run experiments over Open MPI (MPITransport, CMPI).")
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // C libraries from Debian, each behind a module map and imported by exactly one Swift target.
    .systemLibrary(
      name: "COpenBLAS", pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
    .systemLibrary(name: "CArpack", pkgConfig: "arpack", providers: [.apt(["libarpack2-dev"])]),
    .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
    .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
    .systemLibrary(name: "CMetis", providers: [.apt(["libmetis-dev"])]),
    // Header only (compiler built-ins), no library.
    .systemLibrary(name: "CPrefetch"),
    .systemLibrary(
      name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),

    .target(name: "GossipCore", swiftSettings: strict),
    .target(name: "LinearAlgebra", dependencies: ["COpenBLAS", "CArpack", "CPrefetch"], swiftSettings: strict),
    .target(name: "Graphviz", dependencies: ["CGraphviz", "GossipCore"], swiftSettings: strict),
    .target(name: "Topology", dependencies: ["GossipCore", "Graphviz", "CMetis"], swiftSettings: strict),
    .target(name: "Problems", dependencies: ["GossipCore", "LinearAlgebra", "CGLPK"], swiftSettings: strict),
    .target(name: "Mixing", dependencies: ["GossipCore", "Topology", "LinearAlgebra"], swiftSettings: strict),
    .target(name: "Simulation", dependencies: ["GossipCore", "LinearAlgebra", "Topology"],
            swiftSettings: strict),
    .target(name: "Rendering", dependencies: ["GossipCore", "Graphviz", "Topology", "Mixing", "LinearAlgebra"],
            swiftSettings: strict),
    .target(name: "Design", dependencies: ["GossipCore", "Topology", "Mixing", "LinearAlgebra"],
            swiftSettings: strict),
    .target(name: "Algorithms", dependencies: ["Simulation", "LinearAlgebra"], swiftSettings: strict),
    .target(name: "GCN", dependencies: ["GossipCore", "Topology", "LinearAlgebra", "Mixing", "Simulation"],
            swiftSettings: strict),
    .target(
      name: "Experiments",
      dependencies: [
        "GossipCore", "Topology", "Mixing", "LinearAlgebra", "Problems", "Simulation", "Algorithms",
        "GCN", .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strict),
    // Compiled only with the trait MPI (its sources are inside `#if MPI`).
    .target(
      name: "MPITransport",
      dependencies: [
        "GossipCore", "Topology", "LinearAlgebra", "Simulation",
        .target(name: "CMPI", condition: .when(traits: ["MPI"])),
      ],
      swiftSettings: strict),
    .executableTarget(
      name: "GossipCLI",
      dependencies: [
        "GossipCore", "Topology", "Mixing", "LinearAlgebra", "Rendering", "Experiments", "Design",
        "Problems", .target(name: "MPITransport", condition: .when(traits: ["MPI"])),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict),

    .target(name: "GossipTestSupport", dependencies: ["Topology"], path: "Tests/GossipTestSupport",
            swiftSettings: strict),
    .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "COpenBLAS", "GossipTestSupport"],
                swiftSettings: strict),
    .testTarget(name: "MixingTests", dependencies: ["Mixing", "LinearAlgebra", "Topology", "GossipTestSupport"], swiftSettings: strict),
    .testTarget(name: "ProblemsTests", dependencies: ["Problems", "LinearAlgebra", "GossipTestSupport"], swiftSettings: strict),
    .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Graphviz", "Topology", "GossipCore", "GossipTestSupport"],
                swiftSettings: strict),
    .testTarget(name: "GraphvizTests", dependencies: ["Graphviz"], swiftSettings: strict),
    .testTarget(name: "TopologyTests", dependencies: ["Topology", "GossipTestSupport"],
                resources: [.copy("Fixtures")], swiftSettings: strict),
    .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Topology", "Mixing", "LinearAlgebra", "GossipTestSupport"], swiftSettings: strict),
    .testTarget(name: "AlgorithmsTests", dependencies: ["Algorithms", "Simulation", "Experiments", "Problems", "Mixing", "Topology", "LinearAlgebra", "GossipTestSupport"], swiftSettings: strict),
    .testTarget(name: "GCNTests", dependencies: ["GCN", "LinearAlgebra", "Topology", "Mixing", "GossipCore"],
                swiftSettings: strict),
    .testTarget(name: "DesignTests", dependencies: ["Design", "Topology", "LinearAlgebra", "GossipCore", "GossipTestSupport"],
                swiftSettings: strict),
    .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "GossipTestSupport"],
                swiftSettings: strict),
    // Runs the built `gossip` binary end to end; depends on it so that `swift test` builds it.
    .testTarget(name: "GossipCLITests", dependencies: ["GossipCLI", "GossipTestSupport"],
                swiftSettings: strict),
  ]
)
