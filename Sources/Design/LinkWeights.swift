import LinearAlgebra
import Topology

/// Which fastest-mixing problem ``LinkWeights/optimize(_:)`` solves on a fixed set of links.
public enum WeightDesign: String, Sendable, CaseIterable, Codable {
  /// Fastest distributed linear averaging: edge weights of any sign (Xiao & Boyd 2004).
  case fdla
  /// Fastest mixing Markov chain: `W ≥ 0`, i.e. edge weights ≥ 0 and self weights ≥ 0
  /// (Boyd, Diaconis & Xiao 2004).
  case fmmc
}

/// A symmetric matrix with unit row sums, parametrized by one weight per link:
/// `W = I − Σ_e w_e (e_u − e_v)(e_u − e_v)ᵀ`, so `W_uv = w_e` and `W_ii = 1 − Σ_{e∋i} w_e`.
///
/// Every such `W` is symmetric with `W1 = 1` by construction; `W ≥ 0` holds when the weights are
/// non-negative and sum to at most 1 at every agent.
public struct LinkWeights: Sendable, Equatable {
  /// The agent graph whose edges carry the weights.
  public let graph: Graph
  /// One weight per edge of `graph`, in the order of `graph.edges`.
  public var weights: [Double]

  public init(graph: Graph, weights: [Double]) {
    precondition(weights.count == graph.edgeCount, "one weight per link")
    self.graph = graph
    self.weights = weights
  }

  /// Metropolis–Hastings weights `1/(1 + max(d_u, d_v))` on every link of `graph`.
  public static func metropolis(_ graph: Graph) -> LinkWeights {
    LinkWeights(
      graph: graph,
      weights: graph.edges.map { 1 / Double(1 + max(graph.degree(of: $0.u), graph.degree(of: $0.v))) })
  }

  /// The dense matrix `W`. O(n² + m).
  public var matrix: Matrix {
    let n = graph.nodeCount
    var w = Matrix.identity(n)
    for (k, e) in graph.edges.enumerated() {
      w[e.u, e.v] = weights[k]
      w[e.v, e.u] = weights[k]
      w[e.u, e.u] -= weights[k]
      w[e.v, e.v] -= weights[k]
    }
    return w
  }

  /// `W_ii = 1 − Σ_{e∋i} w_e` for every agent.
  public var selfWeights: [Double] {
    var diagonal = [Double](repeating: 1, count: graph.nodeCount)
    for (k, e) in graph.edges.enumerated() {
      diagonal[e.u] -= weights[k]
      diagonal[e.v] -= weights[k]
    }
    return diagonal
  }

  /// The per-step convergence factor `‖W − 11ᵀ/n‖₂` of `x ← Wx`: the SLEM
  /// `max(|λ₂(W)|, |λ_n(W)|)` (dense eigenvalues, O(n³)).
  public func convergenceFactor() throws -> Double {
    let eigenvalues = try SymmetricEigen.eigenvalues(of: deviationFromAverage)
    return max(abs(eigenvalues.first!), abs(eigenvalues.last!))
  }

  /// `W − 11ᵀ/n`, dense.
  var deviationFromAverage: Matrix {
    var deviation = matrix
    let average = 1 / Double(graph.nodeCount)
    for i in 0..<deviation.storage.count { deviation.storage[i] -= average }
    return deviation
  }
}

/// `‖W − J‖₂` with a subgradient: `W − J` is symmetric, so its norm is `|λ*|` for the eigenvalue
/// λ* of largest modulus, and with its unit eigenvector `u`,
/// `∂|λ*|/∂w_e = sign(λ*)·uᵀ(∂W/∂w_e)u = −sign(λ*)(u_a − u_b)²` (Xiao & Boyd 2004, §5).
struct SpectralTerm {
  var value: Double
  var subgradient: [Double]

  init(_ link: LinkWeights) throws {
    let n = link.graph.nodeCount
    let eigen = try SymmetricEigen.decomposition(of: link.deviationFromAverage)
    let top = abs(eigen.values[0]) > abs(eigen.values[n - 1]) ? 0 : n - 1
    let lambda = eigen.values[top]
    let u = eigen.vector(top)
    let sign: Double = lambda < 0 ? -1 : 1
    value = abs(lambda)
    subgradient = link.graph.edges.map { -sign * (u[$0.u] - u[$0.v]) * (u[$0.u] - u[$0.v]) }
  }
}
