import Foundation
import GossipCore
import Testing
import Topology

/// Small graph families built directly from edge lists, with their Laplacian spectra in closed form
/// (standard results, e.g. Brouwer & Haemers, *Spectra of Graphs*, 2012, §1.4).
enum Fixture {
  static func ring(_ n: Int) -> Graph {
    Graph(nodeCount: n, edges: (0..<n).map { ($0, ($0 + 1) % n) })
  }

  static func path(_ n: Int) -> Graph {
    Graph(nodeCount: n, edges: (0..<(n - 1)).map { ($0, $0 + 1) })
  }

  /// Node 0 is the centre, joined to the `n − 1` others.
  static func star(_ n: Int) -> Graph {
    Graph(nodeCount: n, edges: (1..<n).map { (0, $0) })
  }

  static func complete(_ n: Int) -> Graph {
    Graph(nodeCount: n, edges: (0..<n).flatMap { i in ((i + 1)..<n).map { (i, $0) } })
  }

  /// The hypercube Q_d: nodes are d-bit words, edges join words that differ in one bit.
  static func hypercube(_ d: Int) -> Graph {
    let n = 1 << d
    let edges: [(Int, Int)] = (0..<n).flatMap { i in (0..<d).map { bit in (i, i ^ (1 << bit)) } }
    return Graph(nodeCount: n, edges: edges)
  }

  /// The rows × columns torus (wrap-around grid); node `r·columns + c`.
  static func torus(_ rows: Int, _ columns: Int) -> Graph {
    var edges: [(Int, Int)] = []
    for r in 0..<rows {
      for c in 0..<columns {
        let node = r * columns + c
        edges.append((node, r * columns + (c + 1) % columns))
        edges.append((node, ((r + 1) % rows) * columns + c))
      }
    }
    return Graph(nodeCount: rows * columns, edges: edges)
  }

  /// The Petersen graph: outer 5-cycle 0–4, inner pentagram 5–9, spokes i–(i+5).
  static func petersen() -> Graph {
    var edges: [(Int, Int)] = []
    for i in 0..<5 {
      edges.append((i, (i + 1) % 5))
      edges.append((5 + i, 5 + (i + 2) % 5))
      edges.append((i, i + 5))
    }
    return Graph(nodeCount: 10, edges: edges)
  }

  /// A connected random graph: a random recursive tree (node i joins a uniform earlier node) plus
  /// every other pair with probability `p`.
  static func randomConnected(_ n: Int, p: Double, seed: UInt64) -> Graph {
    var rng = SeededGenerator(seed: seed)
    var edges = (1..<n).map { (Int.random(in: 0..<$0, using: &rng), $0) }
    for i in 0..<n {
      for j in (i + 1)..<n where Double.random(in: 0..<1, using: &rng) < p { edges.append((i, j)) }
    }
    return Graph(nodeCount: n, edges: edges)
  }

  /// A graph with a short name for test output (a `Graph` prints all its arrays).
  struct Named: CustomTestStringConvertible, Sendable {
    let name: String
    let graph: Graph
    init(_ name: String, _ graph: Graph) {
      self.name = name
      self.graph = graph
    }
    var testDescription: String { name }
  }

  /// A family with its closed-form Laplacian spectrum (ascending).
  struct Family: CustomTestStringConvertible, Sendable {
    let name: String
    let graph: Graph
    let spectrum: [Double]
    var testDescription: String { name }
  }

  static func ringSpectrum(_ n: Int) -> [Double] {
    (0..<n).map { 2 - 2 * cos(2 * Double.pi * Double($0) / Double(n)) }.sorted()
  }

  static let families: [Family] = [
    Family(name: "ring 61", graph: ring(61), spectrum: ringSpectrum(61)),
    Family(name: "path 50", graph: path(50),
           spectrum: (0..<50).map { 2 - 2 * cos(Double.pi * Double($0) / 50) }.sorted()),
    Family(name: "star 40", graph: star(40), spectrum: [0] + Array(repeating: 1, count: 38) + [40]),
    Family(name: "complete 30", graph: complete(30),
           spectrum: [0] + Array(repeating: 30, count: 29)),
    Family(name: "hypercube Q6", graph: hypercube(6),
           spectrum: (0...6).flatMap { Array(repeating: Double(2 * $0), count: binomial(6, $0)) }),
    Family(name: "torus 7×9", graph: torus(7, 9),
           spectrum: ringSpectrum(7).flatMap { a in ringSpectrum(9).map { a + $0 } }.sorted()),
    Family(name: "Petersen", graph: petersen(),
           spectrum: [0] + Array(repeating: 2, count: 5) + Array(repeating: 5, count: 4)),
  ]

  static func binomial(_ n: Int, _ k: Int) -> Int {
    (0..<k).reduce(1) { $0 * (n - $1) / ($1 + 1) }
  }
}
