import Foundation
import GossipTestSupport
import Testing

/// `gossip topology design` end to end: report numbers, the DOT it writes, exit codes.
@Suite struct DesignCommandTests {
  @Test func dataGraphWithPartitionFile() throws {
    let dir = try CLI.temporaryDirectory()
    let data = dir.appendingPathComponent("data.edges").path
    let parts = dir.appendingPathComponent("parts.txt").path
    let out = dir.appendingPathComponent("design.dot").path
    try "a b\nb c\nc d\nd e\ne f\n".write(toFile: data, atomically: true, encoding: .utf8)
    try "a 0\nb 0\nc 1\nd 1\ne 2\nf 2\n".write(toFile: parts, atomically: true, encoding: .utf8)
    let result = try CLI.run(["topology", "design", "--data-graph", data, "--agents", "3",
                              "--partition", parts, "--json", "-o", out])
    #expect(result.status == 0, "\(result.stderr)")
    let report = try CLI.json(result.stdout)
    // Cut edges b–c and d–e: the required links are the path 0–1–2.
    #expect(report["agents"] as? Int == 3)
    #expect(report["baseLinkCount"] as? Int == 2)
    #expect(report["addedLinks"] as? Int == 0)
    // Metropolis on P_3 is I − L/3 with eigenvalues 1, 2/3, 0: SLEM 2/3. The FMMC of P_3 has
    // SLEM cos(π/3) = 1/2 (Boyd, Diaconis & Xiao 2004); 2000 subgradient steps reach it to 1e-3.
    let before = try #require(report["metropolisOnBase"] as? [String: Double])
    #expect(abs(before["slem"]! - 2.0 / 3) < 1e-12)
    let designed = try #require(report["designed"] as? [String: Double])
    #expect(abs(designed["slem"]! - 0.5) < 1e-3)
    #expect(abs(designed["spectralGap"]! - 0.5) < 1e-3)
    // The DOT reads back as a topology with the designed weights: inspect agrees.
    let dot = try String(contentsOfFile: out, encoding: .utf8)
    #expect(dot.components(separatedBy: "link=\"required\"").count - 1 == 2)
    let inspected = try CLI.run(["topology", "inspect", out, "--weights", "file", "--json"])
    #expect(inspected.status == 0, "\(inspected.stderr)")
    let mixing = try #require(try CLI.json(inspected.stdout)["mixing"] as? [String: Double])
    #expect(abs(mixing["slem"]! - designed["slem"]!) < 1e-9)
  }

  @Test func networkWithBudgetAndTable() throws {
    let dir = try CLI.temporaryDirectory()
    let path = dir.appendingPathComponent("path.edges").path
    let out = dir.appendingPathComponent("closed.dot").path
    #expect(try CLI.run(["topology", "generate", "path", "--nodes", "6", "-o", path]).status == 0)
    let result = try CLI.run(["topology", "design", "--network", path, "--budget", "1", "-o", out])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("6 agents, 5 network links, 1 added links"))
    #expect(result.stdout.contains("designed (fmmc)"))
    // Closing P_6 into C_6: FMMC SLEM (1 + cos(π/3))/(3 − cos(π/3)) = 0.6.
    #expect(result.stdout.contains("SLEM 0.600"))
    let dot = try String(contentsOfFile: out, encoding: .utf8)
    #expect(dot.contains("\"0\" -- \"5\" [weight=") && dot.contains("link=\"added\""))
  }

  @Test func badInputsExitWithTheirCodes() throws {
    let dir = try CLI.temporaryDirectory()
    let data = dir.appendingPathComponent("data.edges").path
    let parts = dir.appendingPathComponent("parts.txt").path
    let out = dir.appendingPathComponent("x.dot").path
    try "a b\nb c\n".write(toFile: data, atomically: true, encoding: .utf8)
    try "a 0\nb 7\nc 1\n".write(toFile: parts, atomically: true, encoding: .utf8)
    let badLine = try CLI.run(["topology", "design", "--data-graph", data, "--agents", "2",
                               "--partition", parts, "-o", out])
    #expect(badLine.status == 65)
    #expect(badLine.stderr.contains("\(parts):2: error:"))
    let both = try CLI.run(["topology", "design", "--data-graph", data, "--network", data, "-o", out])
    #expect(both.status == 64)
    let noAgents = try CLI.run(["topology", "design", "--data-graph", data, "-o", out])
    #expect(noAgents.status == 64 && noAgents.stderr.contains("--agents"))
    let tooMany = try CLI.run(["topology", "design", "--data-graph", data, "--agents", "4", "-o", out])
    #expect(tooMany.status == 64)
    let missing = try CLI.run(["topology", "design", "--network", dir.appendingPathComponent("none.edges").path, "-o", out])
    #expect(missing.status == 66)
    #expect(!FileManager.default.fileExists(atPath: out))
  }
}
