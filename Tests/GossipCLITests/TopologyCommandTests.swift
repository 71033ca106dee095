import Foundation
import GossipTestSupport
import Testing

/// End-to-end runs of the built binary: output, files and exit codes as DESIGN.md fixes them.
@Suite struct TopologyCommandTests {
  @Test func ringSpectrumMatchesTheClosedForm() throws {
    let dir = try CLI.temporaryDirectory()
    let file = dir.appendingPathComponent("ring.edges").path
    let generated = try CLI.run(["topology", "generate", "ring", "--nodes", "8", "-o", file])
    #expect(generated.status == 0, "\(generated.stderr)")
    let inspected = try CLI.run(["topology", "inspect", file, "--json"])
    #expect(inspected.status == 0, "\(inspected.stderr)")
    let report = try CLI.json(inspected.stdout)
    #expect(report["nodes"] as? Int == 8)
    #expect(report["edges"] as? Int == 8)
    #expect(report["connected"] as? Bool == true)
    #expect(report["components"] as? Int == 1)
    #expect(report["diameter"] as? Int == 4)
    #expect(report["weights"] as? String == "metropolis")
    let laplacian = try #require(report["laplacian"] as? [String: Double])
    // Ring: λ_k(L) = 2 − 2cos(2πk/n).
    let lambda2 = 2 - 2 * cos(2 * Double.pi / 8)
    #expect(abs(laplacian["lambda2"]! - lambda2) < 1e-12)
    #expect(abs(laplacian["lambdaMax"]! - 4) < 1e-12)
    #expect(abs(laplacian["condition"]! - 4 / lambda2) < 1e-10)
    // Metropolis on a ring is (I + A)/3: eigenvalues (1 + 2cos(2πk/n))/3, SLEM at k = 1.
    let mixing = try #require(report["mixing"] as? [String: Double])
    let slem = (1 + 2 * cos(2 * Double.pi / 8)) / 3
    #expect(abs(mixing["slem"]! - slem) < 1e-12)
    #expect(abs(mixing["spectralGap"]! - (1 - slem)) < 1e-12)
    #expect(abs(mixing["mixingTime"]! - 1 / log(1 / slem)) < 1e-9)
    let degree = try #require(report["degree"] as? [String: Double])
    #expect(degree["min"] == 2 && degree["max"] == 2 && degree["mean"] == 2)
  }

  @Test func tableNamesEveryQuantity() throws {
    let result = try CLI.run(["topology", "inspect",
                              TestSupport.repositoryRoot.appendingPathComponent("topologies/abilene.gml").path])
    #expect(result.status == 0, "\(result.stderr)")
    for key in ["nodes", "edges", "connected", "diameter", "λ₂", "λ_max", "SLEM", "spectral gap", "mixing time"] {
      #expect(result.stdout.contains(key), "missing \(key) in\n\(result.stdout)")
    }
  }

  @Test func disconnectedNetworkIsReportedByItsLargestComponent() throws {
    let dir = try CLI.temporaryDirectory()
    let file = dir.appendingPathComponent("two.edges")
    // A triangle and a 4-node path.
    try "a b\nb c\nc a\np q\nq r\nr s\n".write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["topology", "inspect", file.path, "--json"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("consensus over the whole network is impossible"))
    let report = try CLI.json(result.stdout)
    #expect(report["connected"] as? Bool == false)
    #expect(report["components"] as? Int == 2)
    #expect(report["diameter"] as? Int == 3)
    // The path P4: λ_k = 2 − 2cos(πk/4).
    let laplacian = try #require(report["laplacian"] as? [String: Double])
    #expect(abs(laplacian["lambda2"]! - (2 - 2 * cos(Double.pi / 4))) < 1e-12)
  }

  @Test func sameSeedSameBytesOtherSeedOtherGraph() throws {
    let arguments = ["topology", "generate", "erdos-renyi", "--nodes", "60", "--probability", "0.1"]
    let a = try CLI.run(arguments + ["--seed", "5"])
    let b = try CLI.run(arguments + ["--seed", "5"])
    let c = try CLI.run(arguments + ["--seed", "6"])
    #expect(a.status == 0 && !a.stdout.isEmpty, "\(a.stderr)")
    #expect(a.stdout == b.stdout)
    #expect(a.stdout != c.stdout)
  }

  @Test func convertKeepsTheNetwork() throws {
    let dir = try CLI.temporaryDirectory()
    let zoo = TestSupport.repositoryRoot.appendingPathComponent("topologies/abilene.gml").path
    var previous: [String: Any]?
    for ext in ["dot", "json", "edges", "gml"] {
      let out = dir.appendingPathComponent("abilene.\(ext)").path
      let converted = try CLI.run(["topology", "convert", zoo, "-o", out])
      #expect(converted.status == 0, "\(converted.stderr)")
      let report = try CLI.json(try CLI.run(["topology", "inspect", out, "--json"]).stdout)
      if let previous {
        #expect(report["edges"] as? Int == previous["edges"] as? Int)
        #expect(report["nodes"] as? Int == previous["nodes"] as? Int)
        #expect((report["laplacian"] as? [String: Double])?["lambda2"]
          == (previous["laplacian"] as? [String: Double])?["lambda2"])
      }
      previous = report
    }
  }

  @Test(arguments: [
    (["topology", "inspect", "/nonexistent/net.gml"], Int32(66), "net.gml"),
    (["topology", "generate", "ring", "--nodes", "2"], Int32(64), "ring"),
    (["topology", "generate", "torus", "--rows", "4"], Int32(64), "cols"),
    (["topology", "generate", "moebius", "--nodes", "8"], Int32(64), "moebius"),
    (["topology", "generate", "ring", "--nodes", "8", "-o", "/nonexistent-dir/r.dot"], Int32(73), "r.dot"),
    (["list", "nothing"], Int32(64), "nothing"),
  ])
  func badInputGetsAClearErrorAndItsExitCode(arguments: [String], status: Int32, mention: String) throws {
    let result = try CLI.run(arguments)
    #expect(result.status == status, "\(arguments): \(result.stderr)")
    #expect(result.stderr.contains(mention), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func malformedFileGivesFileLineError() throws {
    let dir = try CLI.temporaryDirectory()
    let file = dir.appendingPathComponent("broken.edges")
    try "0 1\n1 2\n2 x y\n".write(to: file, atomically: true, encoding: .utf8)
    let result = try CLI.run(["topology", "inspect", file.path])
    #expect(result.status == 65)
    #expect(result.stderr.contains("broken.edges:3: error:"), "\(result.stderr)")
  }

  @Test func listsNameEveryGeneratorAndWeightRule() throws {
    let generators = try CLI.run(["list", "generators"])
    for kind in ["ring", "torus", "hypercube", "erdos-renyi", "random-regular", "petersen"] {
      #expect(generators.stdout.contains(kind))
    }
    let weights = try CLI.run(["list", "weights"])
    for rule in ["metropolis", "max-degree", "laplacian", "best-constant", "lazy-metropolis", "file"] {
      #expect(weights.stdout.contains(rule))
    }
  }

  @Test func helpTeachesWithExamples() throws {
    let result = try CLI.run(["topology", "generate", "--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("gossip topology generate torus --rows 8 --cols 8"))
  }
}
