import GossipCore
import Testing

@testable import Topology

/// Every bad parameter throws a ``ParameterError`` whose message names the problem.
@Suite struct GeneratorParameterTests {
  typealias P = GeneratorParameters

  static let badParameters: [(GeneratorKind, GeneratorParameters, String)] = [
    (.ring, P(), "ring needs --nodes (n ≥ 3)"),
    (.ring, P(nodes: 2), "ring needs --nodes ≥ 3, got 2"),
    (.ring, P(nodes: 5, probability: 0.5), "ring does not take --probability; it takes --nodes"),
    (.path, P(nodes: 0), "path needs --nodes ≥ 1, got 0"),
    (.star, P(nodes: 1), "star needs --nodes ≥ 2, got 1"),
    (.complete, P(nodes: -3), "complete needs --nodes ≥ 1, got -3"),
    (.complete, P(nodes: 1_000_000), "choose fewer nodes or a smaller degree"),
    (.grid, P(rows: 3), "grid needs --rows and --cols (each ≥ 1)"),
    (.grid, P(rows: 0, cols: 4), "grid needs --rows and --cols each ≥ 1, got 0 × 4"),
    (.torus, P(rows: 2, cols: 5), "torus needs --rows and --cols each ≥ 3, got 2 × 5"),
    (.torus, P(nodes: 9), "torus does not take --nodes; it takes --cols, --rows"),
    (.torus, P(rows: 100_000, cols: 100_000), "choose at most 50000000"),
    (.hypercube, P(), "hypercube needs --dimension (1…20)"),
    (.hypercube, P(dimension: 0), "hypercube needs --dimension in 1…20 (2^d nodes), got 0"),
    (.hypercube, P(dimension: 21), "got 21"),
    (.erdosRenyi, P(nodes: 10), "erdos-renyi needs --probability (in [0, 1])"),
    (
      .erdosRenyi, P(nodes: 10, probability: 1.5),
      "erdos-renyi: --probability must be in [0, 1], got 1.5"
    ),
    (.erdosRenyi, P(nodes: 10, probability: -0.1), "got -0.1"),
    (.erdosRenyi, P(nodes: 10, probability: .nan), "got nan"),
    (.erdosRenyi, P(nodes: 10_000_000, probability: 0.5), "choose fewer nodes"),
    (
      .randomRegular, P(nodes: 5, degree: 3),
      "random-regular: n·k must be even (n = 5, k = 3); choose an even n or k"
    ),
    (
      .randomRegular, P(nodes: 5, degree: 5),
      "random-regular needs 0 ≤ --degree < --nodes, got k = 5, n = 5"
    ),
    (.randomRegular, P(nodes: 6, degree: -2), "got k = -2"),
    (.randomRegular, P(nodes: 6), "random-regular needs --degree"),
    (
      .randomGeometric, P(nodes: 10, radius: -1),
      "random-geometric needs a finite --radius ≥ 0, got -1.0"
    ),
    (.randomGeometric, P(nodes: 10, radius: .infinity), "got inf"),
    (.randomGeometric, P(nodes: 10), "random-geometric needs --radius"),
    (.wattsStrogatz, P(nodes: 10, probability: 0.1, degree: 3), "got k = 3, n = 10"),
    (.wattsStrogatz, P(nodes: 10, probability: 0.1, degree: 10), "got k = 10, n = 10"),
    (.wattsStrogatz, P(nodes: 10, probability: 0.1, degree: 0), "got k = 0, n = 10"),
    (
      .wattsStrogatz, P(nodes: 10, probability: 2, degree: 4),
      "--probability must be in [0, 1], got 2.0"
    ),
    (.wattsStrogatz, P(nodes: 10, degree: 4), "watts-strogatz needs --probability"),
    (.barabasiAlbert, P(nodes: 5, degree: 5), "barabasi-albert needs 1 ≤ --degree m < --nodes"),
    (.barabasiAlbert, P(nodes: 5, degree: 0), "got m = 0, n = 5"),
    (.barabasiAlbert, P(nodes: 1, degree: 1), "barabasi-albert needs --nodes ≥ 2, got 1"),
    (.exponential, P(nodes: 1), "exponential needs --nodes ≥ 2, got 1"),
    (.onePeerExponential, P(nodes: 8, round: -1), "one-peer-exponential needs --round ≥ 0, got -1"),
    (.binaryTree, P(nodes: 0), "binary-tree needs --nodes ≥ 1, got 0"),
    (.barbell, P(nodes: 3), "barbell needs --nodes ≥ 4, got 3"),
    (.petersen, P(nodes: 10), "petersen does not take --nodes; it takes no parameters"),
  ]

  @Test(arguments: badParameters)
  func badParameterThrows(kind: GeneratorKind, parameters: GeneratorParameters, message: String) {
    #expect {
      try Graph.generate(kind, parameters)
    } throws: { error in
      guard let error = error as? ParameterError else { return false }
      return error.message.contains(message)
    }
  }
}
