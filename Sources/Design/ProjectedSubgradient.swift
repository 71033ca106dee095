import Topology

/// Minimizes `‖W(w) − 11ᵀ/n‖₂ + Σ_e cost_e·w_e` over link weights `w` by the projected
/// subgradient method of Xiao & Boyd ("Fast linear iterations for distributed averaging",
/// Systems & Control Letters 53, 2004, doi:10.1016/j.sysconle.2004.02.022, §5) and Boyd,
/// Diaconis & Xiao ("Fastest mixing Markov chain on a graph", SIAM Review 46, 2004,
/// doi:10.1137/S0036144503423264, §5.1).
///
/// Step `k` moves along the normalized subgradient by `α₀/√k` (diminishing, non-summable), then
/// projects; the best iterate is kept, so the result is never worse than the start. Each step costs
/// one dense symmetric eigendecomposition, O(n³), plus O(m) for the rest.
struct ProjectedSubgradient {
  /// Per-link lower bounds (`-infinity` for none).
  var lowerBounds: [Double]
  /// Per-link linear cost (λ on the links the ℓ1 term penalizes, 0 elsewhere).
  var costs: [Double]
  /// Whether `W ≥ 0` is imposed: every weight ≥ its (non-negative) lower bound and the weights at
  /// each agent sum to at most 1.
  var stochastic: Bool
  var iterations: Int

  /// Runs the method from the feasible `start` and returns the best iterate.
  func minimize(from start: LinkWeights) throws -> LinkWeights {
    precondition(lowerBounds.count == start.weights.count && costs.count == start.weights.count,
                 "one bound and one cost per link")
    var current = start
    var best = start
    var bestValue = Double.infinity
    // The initial step: a sizable fraction of a typical weight (Metropolis ≈ 1/(1 + d_max)).
    let maxDegree = (0..<start.graph.nodeCount).map { start.graph.degree(of: $0) }.max() ?? 0
    let initialStep = 0.5 / Double(1 + maxDegree)
    for k in 1...max(1, iterations) {
      let spectral = try SpectralTerm(current)
      let value = spectral.value + zip(costs, current.weights).reduce(0) { $0 + $1.0 * $1.1 }
      if value < bestValue {
        bestValue = value
        best = current
      }
      var g = zip(spectral.subgradient, costs).map { $0 + $1 }
      // A weight at its lower bound that the step would push further down stays there after the
      // projection: leave it out, so that the normalized step is spent on weights that can move.
      for e in g.indices where g[e] > 0 && current.weights[e] <= lowerBounds[e] { g[e] = 0 }
      let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
      guard norm > 0 else { break }
      let step = initialStep / Double(k).squareRoot() / norm
      for e in g.indices { g[e] = current.weights[e] - step * g[e] }
      current.weights = project(g, graph: start.graph)
    }
    return best
  }

  /// Projects onto the constraints: the lower bounds, then (if `stochastic`) each agent's
  /// `Σ w ≤ 1` in turn by the exact projection onto `{w ≥ lo, Σ w ≤ 1}` of its links. Lowering
  /// weights never breaks an earlier agent's constraint, so the result is feasible (the
  /// sequential scheme of Boyd, Diaconis & Xiao §5.1).
  func project(_ w: [Double], graph: Graph) -> [Double] {
    var w = zip(w, lowerBounds).map { max($0, $1) }
    guard stochastic else { return w }
    for agent in 0..<graph.nodeCount {
      let incident = graph.edgeIndices[graph.offsets[agent]..<graph.offsets[agent + 1]]
      let total = incident.reduce(0) { $0 + w[$1] }
      guard total > 1 else { continue }
      // Find δ ≥ 0 with Σ max(w_e − δ, lo_e) = 1: the excesses x_e = w_e − lo_e must lose δ each
      // (clipped at 0) until they sum to 1 − Σ lo_e.
      let floorSum = incident.reduce(0) { $0 + lowerBounds[$1] }
      let target = 1 - floorSum
      precondition(target >= 0, "the lower bounds at agent \(agent) sum to more than 1")
      let excesses = incident.map { w[$0] - lowerBounds[$0] }.sorted(by: >)
      var prefix = 0.0
      var delta = 0.0
      for (count, x) in excesses.enumerated() {
        prefix += x
        let candidate = (prefix - target) / Double(count + 1)
        guard x > candidate else { break }
        delta = candidate
      }
      for e in incident { w[e] = max(w[e] - delta, lowerBounds[e]) }
    }
    return w
  }
}
