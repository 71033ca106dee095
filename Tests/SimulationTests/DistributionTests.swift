import Foundation
import GossipCore
import LinearAlgebra
import Simulation
import Testing
import Topology

@Suite struct ExactSumTests {
  private func sum(_ terms: [Double]) -> Double {
    var s = ExactSum()
    for t in terms { s.add(t) }
    return s.value
  }

  /// Cases whose correctly rounded sums are known (they are CPython's `math.fsum` tests).
  @Test func isCorrectlyRounded() {
    #expect(sum([]) == 0)
    #expect(sum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]) == 1e-100)
    #expect(sum([(2.0).nextUp, -2.0]) == (2.0).ulp)
    // Naive summation loses the 1s: 1e16 + 1 rounds back to 1e16.
    #expect(sum([1e16, 1.0, 1.0]) == 1e16 + 2)
    // The half-way case rounded across partials: 1 + 1e-16 is just above half an ulp of 1e16.
    #expect(sum([1e-16, 1.0, 1e16]) == 10000000000000002.0)
    #expect(sum(Array(repeating: 0.1, count: 10)) == 1.0)
  }

  @Test func doesNotDependOnTheOrderOrOnHowTheTermsAreSplit() {
    var rng = SeededGenerator(seed: 11)
    let terms = (0..<2000).map { k in
      Double.random(in: -1...1, using: &rng) * pow(10, Double(k % 17) - 8)
    }
    let whole = sum(terms)
    #expect(sum(terms.reversed()) == whole)
    #expect(sum(terms.shuffled(using: &rng)) == whole)
    // Three "processes" each add a third; their partials merged give the same bits.
    var merged = ExactSum()
    for part in [terms[0..<700], terms[700..<1500], terms[1500...]] {
      var s = ExactSum()
      for t in part.shuffled(using: &rng) { s.add(t) }
      merged.add(partials: s.partials, special: s.special)
    }
    #expect(merged.value == whole)
  }

  /// Binned sums equal exact sums bit for bit: across the exponent range, subnormals included,
  /// with more terms than a flush holds.
  @Test func binnedSumsAreExact() {
    var rng = SeededGenerator(seed: 3)
    let terms = (0..<5000).map { k -> Double in
      let magnitude = pow(2, Double(Int.random(in: -1080 ... 900, using: &rng)))
      return (k % 3 == 0 ? -1 : 1) * Double.random(in: 1..<2, using: &rng) * magnitude
    } + [1e16, 1, -1e16, 0, -0.0, Double.leastNonzeroMagnitude]
    var bins = BinnedSum()
    for t in terms { bins.add(t) }
    var binned = ExactSum()
    bins.move(into: &binned)
    #expect(binned.value == sum(terms))
    #expect(binned.value != terms.reduce(0, +) || terms.isEmpty)  // naive summation differs here
    // Moved out, the bins start again from 0.
    for t in [0.1, 0.2, 0.3] { bins.add(t) }
    bins.move(into: &binned)
    #expect(binned.value == sum([0.1, 0.2, 0.3]))
    bins.add(.infinity)
    bins.move(into: &binned)
    #expect(binned.value == .infinity)
    // Many at once, after some one at a time (so that batches end at the flushes, not at the
    // calls), the same exact sum; a non-finite term inside a batch still makes it non-finite.
    for t in terms.prefix(700) { bins.add(t) }
    bins.add(count: terms.count - 700) { terms[700 + $0] }
    bins.move(into: &binned)
    #expect(binned.value == sum(terms))
    bins.add(count: 3000) { $0 == 2500 ? -.infinity : terms[$0] }
    bins.move(into: &binned)
    #expect(binned.value == -.infinity)
    // A whole flush of non-finite terms, then finite ones: the bins keep flushing.
    bins.add(count: 3000) { $0 < 1024 ? .nan : 1 }
    bins.move(into: &binned)
    #expect(binned.value.isNaN)
    bins.add(count: 3000) { _ in 0.5 }
    bins.move(into: &binned)
    #expect(binned.value == 1500)
  }

  /// Column sums over many blocks of rows (10,000 rows of 7 columns: three blocks; 200,000 rows:
  /// split over the cores too) equal each column's exact sum, also when the sums were used
  /// before; so does the sum of squared deviations from the average.
  @Test(arguments: [10_000, 200_000])
  func columnSumsAndDeviationsAreExactOverBlocksOfRows(rows: Int) {
    var rng = SeededGenerator(seed: 8)
    let d = 7
    let x = Matrix(
      rows: rows, columns: d,
      storage: (0..<(rows * d)).map { k in
        Double.random(in: -1...1, using: &rng) * pow(10, Double(k % 23) - 11)
      })
    var sums = [ExactSum](repeating: ExactSum(), count: d)
    sums[0].add(42)  // leftovers from an earlier call must not count
    var bins = BinnedSum()
    ExactSum.columnSums(of: x, into: &sums, using: &bins)
    for j in 0..<d {
      #expect(sums[j].value == sum((0..<rows).map { x[$0, j] }))
    }
    let average = sums.map { $0.value / Double(rows) }
    let deviations = (0..<(rows * d)).map { k in
      let e = x.storage[k] - average[k % d]
      return e * e
    }
    #expect(
      ExactSum.squaredDeviations(of: x, from: average, using: &bins).value == sum(deviations))
  }

  @Test func nonFiniteTermsAndOverflowGiveNonFiniteSums() {
    #expect(sum([1, .infinity, 2]) == .infinity)
    #expect(sum([.infinity, -.infinity]).isNaN)
    #expect(sum([1, .nan]).isNaN)
    #expect(sum([.greatestFiniteMagnitude, .greatestFiniteMagnitude]) == .infinity)
  }
}

@Suite struct AgentDistributionTests {
  /// Every process's view of a METIS partition of `graph`.
  private static func views(_ graph: Graph, processes: Int) throws -> [AgentDistribution] {
    let owner = try AgentDistribution.owners(of: graph, processes: processes, seed: 5)
    return (0..<processes).map {
      AgentDistribution(network: graph, owner: owner, process: $0, processCount: processes)
    }
  }

  @Test func eachProcessSendsExactlyTheRowsItsNeighboursReceive() throws {
    let graph = try Graph.torus(rows: 6, cols: 7)
    let views = try Self.views(graph, processes: 3)
    // Every agent is owned once; rows are in increasing agent order.
    let owned = views.flatMap { $0.localAgents.indices! }
    #expect(owned.sorted() == Array(0..<graph.nodeCount))
    for view in views {
      // The extended rows are the local and halo agents in increasing order.
      let extended = (0..<graph.nodeCount).filter { view.slot[$0] != .min }
      #expect(extended.count == view.extendedCount)
      for (row, agent) in view.localAgents.indices!.enumerated() {
        #expect(extended[view.extendedRowOfLocal[row]] == agent)
      }
      for neighbour in view.neighbours {
        let other = views[neighbour.process]
        let back = try #require(other.neighbours.first { $0.process == view.process })
        // What p sends q, in order, is what q expects from p: the agents of p adjacent to q.
        let sentAgents = back.sendRows.map { other.localAgents[$0] }
        let received = (0..<neighbour.receiveCount).map { h in
          view.slot.firstIndex(of: -1 - Int32(neighbour.haloStart + h))!
        }
        #expect(sentAgents == received)
        // ... which are exactly q's agents with a link into p.
        let needed = (0..<graph.nodeCount).filter { agent in
          Int(view.owner[agent]) == neighbour.process
            && graph.neighbors(of: agent).contains { Int(view.owner[$0]) == view.process }
        }
        #expect(received == needed)
      }
    }
    // Each cut link is seen from both ends.
    let cut = graph.edges.filter { views[0].owner[$0.u] != views[0].owner[$0.v] }.count
    #expect(views.reduce(0) { $0 + $1.cutLinks } == 2 * cut)
  }

  @Test func oneProcessHoldsEveryAgentWithNoHalo() throws {
    let graph = try Graph.ring(nodes: 5)
    let view = try Self.views(graph, processes: 1)[0]
    #expect(view.localAgents.count == 5 && view.haloCount == 0 && view.neighbours.isEmpty)
    #expect(view.extendedRowOfLocal == Array(0..<5))
    #expect(throws: ParameterError.self) {
      try AgentDistribution.owners(of: graph, processes: 6, seed: 0)
    }
  }
}
