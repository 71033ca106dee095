import Foundation
import GossipCore
import Testing
import Topology

@testable import Rendering

@Suite struct AxisTickTests {
  @Test func decadesBracketTheRange() {
    #expect(AxisTicks.decades(lower: 3.2e-11, upper: 2) == -11...1)
    #expect(AxisTicks.decades(lower: 1e-3, upper: 1e2) == -3...2)  // exact powers stay put
    #expect(AxisTicks.decades(lower: 0.2, upper: 0.5) == -1...0)  // inside one decade
  }

  @Test func linearTicksAreNice() {
    #expect(AxisTicks.linear(lower: 0, upper: 1000) == [0, 200, 400, 600, 800, 1000])
    #expect(AxisTicks.linear(lower: 0, upper: 7.68e6) == [0, 2e6, 4e6, 6e6, 8e6])
    #expect(AxisTicks.linear(lower: 0, upper: 1) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
    #expect(AxisTicks.linear(lower: 0, upper: 12) == [0, 2.5, 5, 7.5, 10, 12.5])
  }

  @Test func numberLabels() {
    #expect(NumberLabel.metric(2e6) == "2M")
    #expect(NumberLabel.metric(2500) == "2500")
    #expect(NumberLabel.metric(15_000) == "15k")
    #expect(NumberLabel.compact(3.1e-5) == "3.1e-5")
    #expect(NumberLabel.compact(0.25) == "0.25")
  }
}

@Suite struct ConvergencePlotTests {
  /// Two algorithms: one decays from 1 to 1e-3, one hits zero (not drawable on a log axis).
  func metrics() -> MetricsTable {
    var rows: [MetricsTable.Row] = []
    for k in 0...3 {
      rows.append(.init(algorithm: "dgd", values: ["iteration": Double(10 * k),
                                                   "suboptimality": pow(10, -Double(k))]))
      rows.append(.init(algorithm: "extra", values: ["iteration": Double(10 * k),
                                                     "suboptimality": k == 2 ? 0 : 0.5]))
    }
    return MetricsTable(rows: rows)
  }

  @Test func onePathPerRunAndAlgorithmWithDecadeTicks() throws {
    let plot = try ConvergencePlot.make(
      runs: [("a", metrics()), ("b", metrics())], x: .iterations, y: .suboptimality)
    let svg = try #require(SVGInspector.parse(Data(plot.svg().utf8)), "not well-formed XML")
    let series = svg.paths.filter { $0["class"] == "series" }
    #expect(series.map { $0["data-label"] } == ["a: dgd", "a: extra", "b: dgd", "b: extra"])
    // Data from 1e-3 to 1: labels 10^-3 … 10^0, one per decade.
    #expect(svg.tspans == ["-3", "-2", "-1", "0"])
    #expect(svg.texts.filter { $0.hasPrefix("10") && $0.count > 2 } == ["10-3", "10-2", "10-1", "100"])
    #expect(["0", "10", "20", "30"].allSatisfy(svg.texts.contains))
    #expect(svg.texts.contains("iterations") && svg.texts.contains("a: extra"))
    // extra's zero at iteration 20 breaks its curve: two pieces, three points.
    let extra = try #require(series.first { $0["data-label"] == "a: extra" }?["d"])
    #expect(extra.filter { $0 == "M" }.count == 2)
    #expect(extra.filter { $0 == "L" }.count == 1)
    // An algorithm keeps its colour across runs; runs differ by dash.
    #expect(series[0]["stroke"] == series[2]["stroke"])
    #expect(series[0]["stroke-dasharray"] != series[2]["stroke-dasharray"])
  }

  @Test func nothingToPlotIsAParameterError() {
    #expect(throws: ParameterError.self) {
      try ConvergencePlot.make(runs: [("a", metrics())], x: .iterations, y: .accuracy)
    }
  }
}

@Suite struct RunFileTests {
  func write(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gossip-render-\(UUID().uuidString).csv")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  @Test func metricsWithEmptyCells() throws {
    let path = try write("""
      algorithm,iteration,time,suboptimality,test_accuracy
      dgd,0,0,1.5,
      "d,gd",10,2.5,,0.75

      """)
    let table = try MetricsTable.read(path: path)
    #expect(table.rows == [
      .init(algorithm: "dgd", values: ["iteration": 0, "time": 0, "suboptimality": 1.5]),
      .init(algorithm: "d,gd", values: ["iteration": 10, "time": 2.5, "test_accuracy": 0.75]),
    ])
  }

  @Test func malformedMetricsNameTheLine() throws {
    let path = try write("algorithm,iteration,suboptimality\ndgd,0,1\ndgd,1,abc\n")
    #expect(throws: InputFileError(file: path, line: 3, "suboptimality must be a number or empty, not \"abc\"")) {
      try MetricsTable.read(path: path)
    }
    let short = try write("algorithm,iteration\ndgd\n")
    #expect(throws: InputFileError.self) { try MetricsTable.read(path: short) }
    #expect(throws: MissingInputError.self) { try MetricsTable.read(path: "/nonexistent/metrics.csv") }
  }

  @Test func agentStatesByAlgorithmAndIteration() throws {
    let path = try write("""
      algorithm,iteration,agent,objective,distance_to_average
      dgd,0,0,1.0,0.5
      dgd,0,1,2.0,0.25
      dgd,10,1,3.0,
      gt,0,0,4.0,1e-3

      """)
    let states = try AgentStates.read(path: path)
    #expect(states.algorithms == ["dgd", "gt"])
    #expect(states.iterations(of: "dgd") == [0, 10])
    #expect(states.values(of: .objective, algorithm: "dgd", iteration: 10, nodeCount: 3) == [nil, 3, nil])
    #expect(states.values(of: .distance, algorithm: "dgd", iteration: 0, nodeCount: 2) == [0.5, 0.25])
    #expect(try states.algorithm("gt") == "gt")
    #expect(throws: ParameterError.self) { try states.algorithm(nil) }
    #expect(throws: ParameterError.self) { try states.algorithm("extra") }
    let scale = try #require(states.scale(of: .distance, algorithm: "dgd"))
    #expect(scale.lower == 0.25 && scale.upper == 0.5 && !scale.isLogarithmic)
  }

  @Test func partitionByNameOrIndex() throws {
    var graph = Graph(nodeCount: 3, edges: [(0, 1), (1, 2)])
    graph.nodeNames = ["x", "y", "z"]
    let path = try write("# node agent\nx 0\ny 1  # comment\nz 1\n")
    #expect(try NodePartition.read(path: path, graph: graph) == [0, 1, 1])
    let unknown = try write("x 0\nq 1\n")
    #expect(throws: InputFileError(file: unknown, line: 2, "the network has no node \"q\"")) {
      try NodePartition.read(path: unknown, graph: graph)
    }
    let incomplete = try write("x 0\n")
    #expect(throws: InputFileError.self) { try NodePartition.read(path: incomplete, graph: graph) }
    let drawing = try TopologyDrawing.make(graph: graph, coloring: .partition(agents: [0, 1, 1]))
    #expect(drawing.nodeColors().colors == [Palette.categorical[0], Palette.categorical[1],
                                            Palette.categorical[1]])
  }
}
