import Foundation
import GossipTestSupport
import Testing

/// `gossip render` and `gossip plot` end to end, on run folders fabricated here (the format
/// `gossip run` writes: network.dot, agents.csv, metrics.csv).
@Suite struct RenderCommandTests {
  static let network = """
    graph ring {
      a -- b; b -- c; c -- d; d -- e; e -- f; f -- a
    }

    """

  /// A run folder with two algorithms recorded at iterations 0, 10, 20.
  func runFolder(named name: String = "run") throws -> URL {
    let folder = try CLI.temporaryDirectory().appendingPathComponent(name)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Self.network.write(to: folder.appendingPathComponent("network.dot"), atomically: true,
                           encoding: .utf8)
    var agents = ["algorithm,iteration,agent,objective,distance_to_average"]
    var metrics = ["algorithm,iteration,time,rounds,messages,bytes,gradient_calls,objective,"
      + "suboptimality,worst_suboptimality,consensus_error,train_accuracy,test_accuracy"]
    for algorithm in ["dgd", "extra"] {
      for iteration in [0, 10, 20] {
        for agent in 0..<6 {
          let distance = pow(0.5, Double(iteration)) * Double(agent + 1)
          agents.append("\(algorithm),\(iteration),\(agent),\(Double(agent) + 1),\(distance)")
        }
        let sub = algorithm == "dgd" ? 1 / Double(iteration + 1) : pow(0.1, Double(iteration) / 5)
        metrics.append("\(algorithm),\(iteration),\(iteration),\(iteration),\(12 * iteration),"
          + "\(96 * iteration),\(6 * iteration),\(1 + sub),\(sub),\(2 * sub),\(sub / 10),,")
      }
    }
    try (agents.joined(separator: "\n") + "\n").write(
      to: folder.appendingPathComponent("agents.csv"), atomically: true, encoding: .utf8)
    try (metrics.joined(separator: "\n") + "\n").write(
      to: folder.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
    return folder
  }

  @Test func rendersATopologyFileInEachFormat() throws {
    let out = try CLI.temporaryDirectory()
    let abilene = TestSupport.repositoryRoot.appendingPathComponent("topologies/abilene.gml").path
    for name in ["a.svg", "a.png", "a.pdf"] {
      let result = try CLI.run(["render", abilene, "-o", out.appendingPathComponent(name).path])
      #expect(result.status == 0, "\(result.stderr)")
      let size = try FileManager.default.attributesOfItem(
        atPath: out.appendingPathComponent(name).path)[.size] as? Int
      #expect((size ?? 0) > 1000)
    }
  }

  @Test func exitCodes() throws {
    let out = try CLI.temporaryDirectory().appendingPathComponent("x.svg").path
    let ring = TestSupport.repositoryRoot.appendingPathComponent("topologies/ring-16.edges").path
    #expect(try CLI.run(["render", "/nonexistent.dot", "-o", out]).status == 66)
    #expect(try CLI.run(["render", ring, "-o", "x.jpg"]).status == 64)
    #expect(try CLI.run(["render", ring, "--layout", "spring", "-o", out]).status == 64)
    #expect(try CLI.run(["render", ring, "--layout", "positions", "-o", out]).status == 64)
    #expect(try CLI.run(["render", ring, "--iteration", "3", "-o", out]).status == 64)
    let fallback = try CLI.run(["render", ring, "--layout", "circo", "-o", out])
    #expect(fallback.status == 0)
    let bad = try CLI.temporaryDirectory().appendingPathComponent("bad.dot")
    try "graph { a -- }".write(to: bad, atomically: true, encoding: .utf8)
    #expect(try CLI.run(["render", bad.path, "-o", out]).status == 65)
    let unwritable = try CLI.run(["render", ring, "-o", "/nonexistent/folder/x.svg"])
    #expect(unwritable.status == 73)
  }

  @Test func engineFallbackWarns() throws {
    let graph = try CLI.temporaryDirectory().appendingPathComponent("ring.edges").path
    #expect(try CLI.run(["topology", "generate", "ring", "--nodes", "100", "-o", graph]).status == 0)
    let out = try CLI.temporaryDirectory().appendingPathComponent("ring.svg").path
    let result = try CLI.run(["render", graph, "--layout", "circo", "-o", out])
    #expect(result.status == 0)
    #expect(result.stderr.contains("warning: circo would be too slow on 100 nodes"))
  }

  @Test func rendersARecordedIteration() throws {
    let run = try runFolder()
    let out = run.appendingPathComponent("state.svg").path
    let result = try CLI.run(["render", run.path, "--iteration", "10", "--algorithm", "extra",
                              "--value", "objective", "-o", out])
    #expect(result.status == 0, "\(result.stderr)")
    let svg = try String(contentsOfFile: out, encoding: .utf8)
    #expect(svg.contains("extra, iteration 10: local objective"))
    #expect(svg.components(separatedBy: "class=\"node\"").count - 1 == 6)
    // Two algorithms and none chosen; an iteration that was not recorded.
    #expect(try CLI.run(["render", run.path, "--iteration", "10", "-o", out]).status == 64)
    let missing = try CLI.run(["render", run.path, "--iteration", "5", "--algorithm", "dgd", "-o", out])
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("recorded: 0, 10, 20"))
  }

  @Test func writesOneFramePerRecordedIteration() throws {
    let run = try runFolder()
    let frames = run.appendingPathComponent("frames")
    let result = try CLI.run(["render", run.path, "--algorithm", "dgd", "--frames", frames.path])
    #expect(result.status == 0, "\(result.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: frames.path).sorted()
    #expect(names == ["frame-0000.svg", "frame-0001.svg", "frame-0002.svg"])
  }

  @Test func plotsSeveralRuns() throws {
    let a = try runFolder(named: "ring-a")
    let b = try runFolder(named: "ring-b")
    let out = a.appendingPathComponent("fig.svg").path
    let result = try CLI.run(["plot", a.path, b.path, "--x", "bytes", "-o", out])
    #expect(result.status == 0, "\(result.stderr)")
    let svg = try String(contentsOfFile: out, encoding: .utf8)
    #expect(svg.components(separatedBy: "class=\"series\"").count - 1 == 4)
    #expect(svg.contains("ring-b: extra"))
  }

  @Test func plotExitCodes() throws {
    let run = try runFolder()
    let out = run.appendingPathComponent("fig.svg").path
    #expect(try CLI.run(["plot", "/nonexistent", "-o", out]).status == 66)
    #expect(try CLI.run(["plot", run.path, "-o", "fig.png"]).status == 64)
    #expect(try CLI.run(["plot", run.path, "--y", "loss", "-o", out]).status == 64)
    // No accuracy in these metrics: nothing to draw.
    #expect(try CLI.run(["plot", run.path, "--y", "accuracy", "-o", out]).status == 64)
    try "algorithm,iteration,suboptimality\ndgd,x,1\n".write(
      to: run.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
    let malformed = try CLI.run(["plot", run.path, "-o", out])
    #expect(malformed.status == 65)
    #expect(malformed.stderr.contains("metrics.csv:2: error"))
  }
}
