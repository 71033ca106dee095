// swift-tools-version: 6.1
// The benchmarks of GossipSim (ordo-one/benchmark): a separate package, so that neither the
// main package's dependency graph nor `make test` ever builds it. Run with `make bench` or
// `swift package --package-path Benchmarks benchmark`.
import PackageDescription

let package = Package(
  name: "GossipBenchmarks",
  dependencies: [
    .package(name: "GossipSim", path: "../"),
    .package(
      url: "https://github.com/ordo-one/benchmark", exact: "1.38.1",
      traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "GossipBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "GossipSim", package: "GossipSim"),
      ],
      path: "Benchmarks/GossipBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")])
  ]
)
