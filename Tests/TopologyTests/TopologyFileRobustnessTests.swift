import Foundation
import GossipCore
import Testing
@testable import Topology

@Suite struct TopologyFileRobustnessTests {
  struct BrokenInput: CustomTestStringConvertible, Sendable {
    var name: String
    var format: TopologyFormat
    var text: String
    /// The line the error must name; `nil` when the format cannot tell (JSON semantics).
    var line: Int?
    /// A phrase the message must contain.
    var phrase: String
    var testDescription: String { "\(format.rawValue): \(name)" }
  }

  static let binaryGarbage = String(decoding: (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) },
                                    as: UTF8.self)

  static let broken: [BrokenInput] = [
    // DOT (messages from libcgraph, or from the attribute checks)
    .init(name: "empty", format: .dot, text: "", line: nil, phrase: "no graph"),
    .init(name: "truncated", format: .dot, text: "graph G {\n a -- b\n b -- ", line: 3, phrase: "syntax error"),
    .init(name: "unbalanced", format: .dot, text: "graph G {\n a -- { b\n}\n", line: 4, phrase: "syntax error"),
    .init(name: "non-numeric weight", format: .dot, text: "graph {\n a -- b\n b -- c [weight=heavy]\n}",
          line: 3, phrase: "weight must be"),
    .init(name: "NaN latency", format: .dot, text: "graph {\n a -- b [latency=nan]\n}", line: 2, phrase: "a–b"),
    .init(name: "infinite weight", format: .dot, text: "graph {\n\n a -- b [weight=inf]\n}", line: 3, phrase: "inf"),
    .init(name: "negative weight", format: .dot, text: "graph { a -- b [weight=-0.5] }", line: 1, phrase: "-0.5"),
    .init(name: "zero bandwidth", format: .dot, text: "graph { a -- b [bandwidth=0] }", line: 1, phrase: "positive"),
    .init(name: "huge number", format: .dot, text: "graph {\n a -- b [weight=\"1e999\"]\n}", line: 2, phrase: "weight"),
    .init(name: "bad pos", format: .dot, text: "graph {\n a [pos=\"1;2\"]\n}", line: 2, phrase: "pos"),
    .init(name: "binary garbage", format: .dot, text: binaryGarbage, line: 1, phrase: ""),
    // GML
    .init(name: "empty", format: .gml, text: "", line: 1, phrase: "no `graph"),
    .init(name: "truncated", format: .gml, text: "graph [\n node [\n  id 0\n", line: 3, phrase: "not closed"),
    .init(name: "unbalanced", format: .gml, text: "graph [\n node [ id 0 ]\n]\n]\n", line: 4, phrase: "`]`"),
    .init(name: "unknown node", format: .gml,
          text: "graph [\n node [ id 0 ]\n node [ id 1 ]\n edge [\n source 0\n target 97\n ]\n]",
          line: 6, phrase: "unknown node 97"),
    .init(name: "string node id", format: .gml, text: "graph [\n node [\n id \"a\"\n ]\n]", line: 3,
          phrase: "must be an integer"),
    .init(name: "real node id", format: .gml, text: "graph [\n node [ id 1.5 ]\n]", line: 2, phrase: "integer"),
    .init(name: "huge node id", format: .gml, text: "graph [\n node [ id 99999999999999999999999 ]\n]",
          line: 2, phrase: "integer"),
    .init(name: "node without id", format: .gml, text: "graph [\n node [ label \"x\" ]\n]", line: 2, phrase: "no `id`"),
    .init(name: "duplicate node id", format: .gml, text: "graph [\n node [ id 3 ]\n node [ id 3 ]\n]",
          line: 3, phrase: "line 2"),
    .init(name: "non-numeric weight", format: .gml,
          text: "graph [\n node [ id 0 ]\n node [ id 1 ]\n edge [ source 0 target 1\n weight \"x\" ]\n]",
          line: 5, phrase: "weight"),
    .init(name: "negative latency", format: .gml,
          text: "graph [ node [ id 0 ] node [ id 1 ]\n edge [ source 0 target 1 latency -1 ] ]", line: 2,
          phrase: "latency"),
    .init(name: "huge real", format: .gml, text: "graph [\n node [ id 0 Latitude 1e999 ]\n]", line: 2,
          phrase: "out of range"),
    .init(name: "infinite weight", format: .gml,
          text: "graph [ node [ id 0 ] node [ id 1 ]\n edge [ source 0 target 1\n weight INF ] ]", line: 3,
          phrase: "weight"),
    .init(name: "NaN weight", format: .gml,
          text: "graph [ node [ id 0 ] node [ id 1 ]\n edge [ source 0 target 1 weight NAN ] ]", line: 2,
          phrase: "NAN"),
    .init(name: "malformed number", format: .gml, text: "graph [\n\n label -x ]", line: 3, phrase: "malformed"),
    .init(name: "unterminated string", format: .gml, text: "graph [\n label \"abc\n]\n", line: 2, phrase: "not closed"),
    .init(name: "key without value", format: .gml, text: "graph [\n node [ id ]\n]", line: 2, phrase: "no value"),
    .init(name: "binary garbage", format: .gml, text: binaryGarbage, line: 1, phrase: "unexpected"),
    // Edge lists
    .init(name: "too many fields", format: .edgeList, text: "0 1\n1 2 3 4\n", line: 2, phrase: "4 fields"),
    .init(name: "unknown node under header", format: .edgeList, text: "3\n0 1\n1 3\n", line: 3,
          phrase: "unknown node 3"),
    .init(name: "non-numeric weight", format: .edgeList, text: "a b\nb c heavy\n", line: 2, phrase: "b–c"),
    .init(name: "NaN weight", format: .edgeList, text: "a b nan\n", line: 1, phrase: "weight"),
    .init(name: "negative weight", format: .edgeList, text: "\n\na b -2\n", line: 3, phrase: "-2"),
    .init(name: "huge weight", format: .edgeList, text: "a b 1e400\n", line: 1, phrase: "weight"),
    .init(name: "huge node count", format: .edgeList, text: "99999999999\n0 1\n", line: 1, phrase: "node count"),
    .init(name: "negative node count", format: .edgeList, text: "-4\n", line: 1, phrase: "node count"),
    .init(name: "names after edges", format: .edgeList, text: "2\n0 1\nx\n", line: 3, phrase: "before the first edge"),
    .init(name: "too few names", format: .edgeList, text: "3\nx\ny\nx y\n", line: 4, phrase: "2 node names"),
    .init(name: "binary garbage", format: .edgeList, text: "0 1\n" + binaryGarbage, line: nil, phrase: ""),
    // JSON
    .init(name: "empty", format: .json, text: "", line: nil, phrase: "JSON"),
    .init(name: "truncated", format: .json, text: "{\"nodes\": [\n{\"id\": 0},\n", line: nil, phrase: "JSON"),
    .init(name: "unbalanced", format: .json, text: "{\"nodes\": [], \"links\": []]}", line: 1, phrase: "JSON"),
    .init(name: "not an object", format: .json, text: "[1, 2]", line: 1, phrase: "JSON object"),
    .init(name: "unknown node", format: .json,
          text: "{\"nodes\": [{\"id\": 0}],\n \"links\": [\n  {\"source\": 0, \"target\": 0},\n  {\"source\": 0, \"target\": 5}]}",
          line: 4, phrase: "unknown node 5"),
    .init(name: "unknown node under \"edges\"", format: .json,
          text: "{\"edges\": [{\"source\": \"[x\\\"\", \"target\": 0},\n {\"source\": \"b\", \"target\": 0}],\n \"nodes\": [{\"id\": 0}, {\"id\": \"[x\\\"\"}]}",
          line: 2, phrase: "unknown node b"),
    .init(name: "string weight", format: .json,
          text: "{\"nodes\": [{\"id\": 0}, {\"id\": 1}], \"links\": [{\"source\": 0, \"target\": 1, \"weight\": \"1\"}]}",
          line: 1, phrase: "weight"),
    .init(name: "NaN weight", format: .json,
          text: "{\"nodes\": [{\"id\": 0}, {\"id\": 1}],\n\"links\": [{\"source\": 0, \"target\": 1, \"weight\": NaN}]}",
          line: 2, phrase: "JSON"),
    .init(name: "negative bandwidth", format: .json,
          text: "{\"nodes\": [{\"id\": 0}, {\"id\": 1}], \"links\": [{\"source\": 0, \"target\": 1, \"bandwidth\": -1}]}",
          line: nil, phrase: "bandwidth"),
    .init(name: "huge number", format: .json,
          text: "{\"nodes\": [{\"id\": 0}, {\"id\": 1}], \"links\": [{\"source\": 0, \"target\": 1, \"weight\": 1e999}]}",
          line: nil, phrase: ""),
    .init(name: "duplicate id", format: .json, text: "{\"nodes\": [\n{\"id\": 0},\n\n{\"id\": 0}], \"links\": []}",
          line: 4, phrase: "twice"),
    .init(name: "missing links", format: .json, text: "{\"nodes\": []}", line: nil, phrase: "links"),
    .init(name: "binary garbage", format: .json, text: binaryGarbage, line: nil, phrase: "JSON"),
  ]

  @Test(arguments: broken)
  func brokenInputThrowsInputFileError(_ input: BrokenInput) throws {
    let error = try #require(throws: InputFileError.self) {
      try TopologyFile.parse(input.text, format: input.format, file: "bad")
    }
    #expect(error.file == "bad")
    if let line = input.line { #expect(error.line == line, "\(error)") }
    if !input.phrase.isEmpty { #expect(error.message.contains(input.phrase), "\(error)") }
  }

  @Test func jsonSyntaxErrorsNameALine() throws {
    let error = try #require(throws: InputFileError.self) {
      try TopologyFile.parse("{\n  \"nodes\": [\n    {\"id\": 0},,\n  ]\n}", format: .json, file: "bad")
    }
    #expect(error.line == 3, "\(error)")
  }

  /// Valid texts in every format: the mutation test's seeds.
  static func seeds() throws -> [(TopologyFormat, String)] {
    var g = try TopologyFile.read(path: try fixturePath("Abilene.gml")).graph
    g = g.withEdgeAttributes(g.edges.indices.map { EdgeAttributes(weight: 1 / Double($0 + 2), latency: 3) })
    var seeds = TopologyFormat.allCases.map { ($0, TopologyFile.encode(g, format: $0)) }
    seeds.append((.gml, try String(contentsOfFile: try fixturePath("Sunet.gml"), encoding: .utf8)))
    seeds.append((.json, try String(contentsOfFile: try fixturePath("networkx-petersen.json"), encoding: .utf8)))
    return seeds
  }

  @Test func randomMutationsParseOrThrowInputFileError() throws {
    var rng = SeededGenerator(seed: 20_261_125)
    let alphabet = Array("[]{}\"#,;:-.0123456789e \n\t\\abc&".utf8) + [0, 0xFF, 0xC3]
    var outcomes = (parsed: 0, rejected: 0)
    for (format, text) in try Self.seeds() {
      let original = Array(text.utf8)
      for _ in 0..<60 {
        var bytes = original
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
          let at = Int.random(in: 0..<max(1, bytes.count), using: &rng)
          switch Int.random(in: 0..<4, using: &rng) {
          case 0 where !bytes.isEmpty: bytes[at] = alphabet.randomElement(using: &rng)!
          case 1 where !bytes.isEmpty: bytes.remove(at: at)
          case 2: bytes.insert(alphabet.randomElement(using: &rng)!, at: min(at, bytes.count))
          default: bytes.removeSubrange(min(at, bytes.count)...)  // truncate
          }
        }
        let mutated = String(decoding: bytes, as: UTF8.self)
        do {
          _ = try TopologyFile.parse(mutated, format: format, file: "mutant")
          outcomes.parsed += 1
        } catch is InputFileError {
          outcomes.rejected += 1
        }
      }
    }
    // Both outcomes occur: the mutations neither all break nor all miss the syntax.
    #expect(outcomes.parsed + outcomes.rejected == 360)
    #expect(outcomes.parsed > 0 && outcomes.rejected > 0)
  }
}
