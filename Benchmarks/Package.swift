// swift-tools-version: 6.2
// The ordo-one benchmarks of GossipSim and the timer the Python comparisons call
// (Benchmarks/README.md). A separate package, so that the benchmark library and its malloc
// interposer are not in the main package's dependency graph nor in `make test`.
import PackageDescription

let strict: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .treatAllWarnings(as: .error),
]

let package = Package(
  name: "GossipSimBenchmarks",
  dependencies: [
    .package(name: "GossipSim", path: "../"),
    .package(
      url: "https://github.com/ordo-one/benchmark", from: "1.38.1",
      traits: ["MallocInterposer"]),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
  ],
  targets: [
    // The workloads, shared by the benchmarks and the timer so both measure the same code.
    .target(
      name: "Workloads", dependencies: [.product(name: "GossipSim", package: "GossipSim")],
      swiftSettings: strict),
    // Prints seconds per iteration as JSON and exports the instance for Benchmarks/compare.py.
    .executableTarget(
      name: "IterationTimer",
      dependencies: [
        "Workloads", .product(name: "GossipSim", package: "GossipSim"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict),
    .executableTarget(
      name: "Kernels",
      dependencies: [
        "Workloads", .product(name: "GossipSim", package: "GossipSim"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/Kernels",
      swiftSettings: strict,
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
  ]
)
