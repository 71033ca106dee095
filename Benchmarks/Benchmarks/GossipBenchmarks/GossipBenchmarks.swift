import Benchmark
import GossipCore
import LinearAlgebra
import Mixing
import Topology

/// One gossip round `Y = W·X` (Metropolis W) and the spectral extremes λ₂, λₙ of W, on seeded
/// random 4-regular graphs and square tori, in the generator's numbering and in reverse
/// Cuthill–McKee order (as `gossip run` simulates). The numpy/scipy references of the same
/// workloads are Benchmarks/gossip_round.py and Benchmarks/sweep.py (docs/performance.md).
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .peakMemoryResident], warmupIterations: 1, maxDuration: .seconds(3),
    maxIterations: 20)

  for (name, graph) in networks() {
    let given = try! MixingMatrix.make(graph, rule: .metropolis)
    let orders = [
      ("given", given),
      ("rcm", given.symmetricallyPermuted(by: given.reverseCuthillMcKeeOrder())),
    ]
    for (order, w) in orders {
      for d in [1, 10, 100] where graph.nodeCount * d <= 10_000_000 {
        var rng = SeededGenerator(seed: 1)
        var x = Matrix(rows: graph.nodeCount, columns: d)
        for k in x.storage.indices { x.storage[k] = Double.random(in: -1..<1, using: &rng) }
        let input = x
        Benchmark("gossip round \(name) d=\(d) \(order)") { benchmark in
          var y = Matrix(rows: input.rows, columns: input.columns)
          benchmark.startMeasurement()
          for _ in benchmark.scaledIterations {
            w.multiply(input, into: &y)
            blackHole(y)
          }
        }
      }
    }
    Benchmark("spectral extremes \(name)") { benchmark in
      for _ in benchmark.scaledIterations {
        blackHole(try Spectrum.mixingExtremes(of: given, method: .sparse))
      }
    }
  }
}

/// Random 4-regular graphs and square tori on 10⁴ and 10⁵ nodes.
func networks() -> [(String, Graph)] {
  var rng = SeededGenerator(seed: 1)
  return [10_000, 100_000].flatMap { n -> [(String, Graph)] in
    let side = Int(Double(n).squareRoot().rounded())
    return [
      ("random-regular n=\(n)", try! Graph.randomRegular(nodes: n, degree: 4, using: &rng)),
      ("torus \(side)x\(side)", try! Graph.torus(rows: side, cols: side)),
    ]
  }
}
