import Foundation
import GossipCore
import GossipTestSupport
import LinearAlgebra
import Problems
import Testing

@Suite struct SyntheticTests {
  @Test func leastSquaresResidualMatchesTheNoiseLevel() throws {
    // b = A x_true + σε: the least-squares residual is σ²·χ²_{N−p}, so E[F*] = σ²(N − p)/(2N), with
    // relative standard deviation √(2/(N − p)) ≈ 3.2% for N = 2000, p = 5. Tolerance: 15% (4.7σ).
    var rng = SeededGenerator(seed: 77)
    let data = try Synthetic.regression(samples: 2000, features: 5, noise: 0.5, using: &rng)
    let problem = try DistributedProblem(
      kind: .leastSquares, dataset: data, assignment: [Array(0..<2000)])
    let expected = 0.25 * 1995 / 4000
    #expect(abs(try ReferenceSolver.solve(problem).objective - expected) <= 0.15 * expected)
  }

  /// The features are Box–Muller draws of consecutive generator words, √(−2 ln u)·cos(2πv) with
  /// u, v = (word >> 11 + ½)·2⁻⁵³, in order — also when, as here (10⁵ draws, several chunks), the
  /// logarithms and cosines are computed over the cores.
  @Test func featuresAreBoxMullerDrawsOfConsecutiveWords() throws {
    var rng = SeededGenerator(seed: 31)
    var words = SeededGenerator(seed: 31)
    let data = try Synthetic.regression(samples: 10_000, features: 10, noise: 0.1, using: &rng)
    func unit() -> Double { (Double(words.next() >> 11) + 0.5) * 0x1p-53 }
    for (k, value) in data.features.storage.enumerated() {
      let u = unit()
      let v = unit()
      let expected = (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
      guard value == expected else {
        Issue.record("entry \(k): \(value), expected \(expected)")
        return
      }
    }
  }

  @Test func outliersHitTheRequestedFractionOfSamples() throws {
    // Same seed with and without outliers draws the same A, x_true and noise first.
    var clean = SeededGenerator(seed: 8)
    var dirty = SeededGenerator(seed: 8)
    let a = try Synthetic.regression(samples: 100, features: 3, noise: 0.1, using: &clean)
    let b = try Synthetic.regression(
      samples: 100, features: 3, noise: 0.1, outlierFraction: 0.2, using: &dirty)
    #expect(a.features == b.features)
    #expect(zip(a.labels, b.labels).filter { $0 != $1 }.count == 20)
  }

  @Test func classificationFlipsAboutTheRequestedFraction() throws {
    // Every label is flipped independently with probability 0.2; compare with the noiseless labels
    // of the same seed. Binomial(4000, 0.2): mean 800, sd 25; tolerance ±100 (4 sd).
    var clean = SeededGenerator(seed: 5)
    var noisy = SeededGenerator(seed: 5)
    let a = try Synthetic.classification(samples: 4000, features: 3, labelNoise: 0, using: &clean)
    let b = try Synthetic.classification(samples: 4000, features: 3, labelNoise: 0.2, using: &noisy)
    #expect(a.features == b.features)
    #expect(abs(zip(a.labels, b.labels).filter { $0 != $1 }.count - 800) <= 100)
  }

  @Test func rejectsBadParameters() {
    var rng = SeededGenerator(seed: 0)
    #expect(throws: ParameterError.self) {
      try Synthetic.regression(samples: 0, features: 2, noise: 1, using: &rng)
    }
    #expect(throws: ParameterError.self) {
      try Synthetic.regression(samples: 5, features: 2, noise: -1, using: &rng)
    }
    #expect(throws: ParameterError.self) {
      try Synthetic.regression(samples: 5, features: 2, noise: 1, outlierFraction: 2, using: &rng)
    }
    #expect(throws: ParameterError.self) {
      try Synthetic.classification(samples: 5, features: 2, labelNoise: 0.7, using: &rng)
    }
  }
}
