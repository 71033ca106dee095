import Foundation
import GossipTestSupport
import LinearAlgebra
import Mixing
import Testing
import Topology

@Suite struct SpectrumTests {
  /// λ₂ and λ_max of both paths against the closed-form Laplacian spectra, to 1e-9.
  @Test(arguments: Fixture.families, [Spectrum.Method.dense, .sparse])
  func laplacianEndsMatchClosedForm(family: Fixture.Family, method: Spectrum.Method) throws {
    let report = try Spectrum.report(for: family.graph, weights: .metropolis, method: method)
    #expect(report.method == method.rawValue)
    #expect(TestSupport.close(report.lambda2, family.spectrum[1], tolerance: 1e-9),
            "λ₂ = \(report.lambda2), closed form \(family.spectrum[1])")
    #expect(TestSupport.close(report.lambdaMax, family.spectrum.last!, tolerance: 1e-9),
            "λ_max = \(report.lambdaMax), closed form \(family.spectrum.last!)")
    #expect(TestSupport.close(report.condition, family.spectrum.last! / family.spectrum[1],
                              tolerance: 1e-8))
  }

  /// On a 2-regular ring Metropolis is `I − L/3`, so its eigenvalues are `1 − λ_k(L)/3`.
  @Test(arguments: [Spectrum.Method.dense, .sparse])
  func metropolisSLEMOfARingMatchesClosedForm(method: Spectrum.Method) throws {
    for n in [61, 64] {
      let spectrum = Fixture.ringSpectrum(n)
      let slem = max(1 - spectrum[1] / 3, abs(1 - spectrum.last! / 3))
      let report = try Spectrum.report(for: Fixture.ring(n), weights: .metropolis, method: method)
      #expect(TestSupport.close(report.slem, slem, tolerance: 1e-9), "n = \(n): \(report.slem)")
      #expect(TestSupport.close(report.spectralGap, 1 - slem, tolerance: 1e-9))
      #expect(TestSupport.close(report.mixingTime, 1 / log(1 / slem), tolerance: 1e-6))
    }
  }

  /// Graphs big enough for ARPACK: the two paths agree on every number and every weight rule.
  @Test(arguments: [
    Fixture.Named("ring 500", Fixture.ring(500)),
    Fixture.Named("torus 30×30", Fixture.torus(30, 30)),
    Fixture.Named("random 600", Fixture.randomConnected(600, p: 0.008, seed: 11)),
  ])
  func denseAndSparseAgree(named: Fixture.Named) throws {
    let (name, graph) = (named.name, named.graph)
    for rule in WeightRule.allCases where rule != .file {
      let dense = try Spectrum.report(for: graph, weights: rule, method: .dense)
      let sparse = try Spectrum.report(for: graph, weights: rule, method: .sparse)
      #expect(dense.method == "dense" && sparse.method == "sparse")
      for (label, a, b) in [("λ₂", dense.lambda2, sparse.lambda2),
                            ("λ_max", dense.lambdaMax, sparse.lambdaMax),
                            ("SLEM", dense.slem, sparse.slem)] {
        #expect(TestSupport.close(a, b, tolerance: 1e-9), "\(name), \(rule): \(label) \(a) vs \(b)")
      }
    }
  }

  @Test func tinyGraphsUseTheDensePath() throws {
    let report = try Spectrum.report(for: Fixture.path(2), weights: .metropolis, method: .sparse)
    #expect(report.method == "dense")
    // L = [[1, −1], [−1, 1]]: eigenvalues 0, 2; Metropolis W = 11ᵀ/2: eigenvalues 0, 1.
    #expect(TestSupport.close(report.lambda2, 2, tolerance: 1e-12))
    #expect(TestSupport.close(report.lambdaMax, 2, tolerance: 1e-12))
    #expect(abs(report.slem) <= 1e-12)
  }

  @Test func autoSwitchesToSparseAboveTheDenseLimit() throws {
    let small = try Spectrum.report(for: Fixture.ring(40), weights: .metropolis)
    #expect(small.method == "dense")
    #expect(1 << 12 > Spectrum.denseNodeLimit)
    let large = try Spectrum.report(for: Fixture.hypercube(12), weights: .metropolis)
    #expect(large.method == "sparse")
    // Q12: λ₂ = 2, λ_max = 24; Metropolis on a 12-regular graph is I − L/13.
    #expect(TestSupport.close(large.lambda2, 2, tolerance: 1e-9))
    #expect(TestSupport.close(large.lambdaMax, 24, tolerance: 1e-9))
    #expect(TestSupport.close(large.slem, max(1 - 2.0 / 13, abs(1 - 24.0 / 13)), tolerance: 1e-9))
  }

  /// The definitions of the derived numbers, at their edge cases.
  @Test func derivedNumbersFollowTheirDefinitions() {
    let half = SpectralReport(lambda2: 0.5, lambdaMax: 4, slem: 0.5, method: "dense")
    #expect(half.condition == 8 && half.spectralGap == 0.5)
    #expect(TestSupport.close(half.mixingTime, 1 / log(2), tolerance: 1e-15))
    #expect(SpectralReport(lambda2: 1, lambdaMax: 1, slem: 0, method: "dense").mixingTime == 0)
    let stuck = SpectralReport(lambda2: 1, lambdaMax: 1, slem: 1, method: "dense")
    #expect(stuck.mixingTime == .infinity)
  }
}
