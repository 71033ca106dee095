import Foundation
import Mixing
import Testing
import Topology

/// λ₂ and λₙ of mixing matrices against closed forms, on both eigensolver paths.
@Suite struct MixingExtremesTests {
  /// Ring C_n with Metropolis weights is (I + A)/3: eigenvalues (1 + 2cos(2πk/n))/3, so
  /// λ₂ = (1 + 2cos(2π/n))/3 and, for even n, λₙ = (1 − 2)/3 = −1/3.
  @Test(arguments: [Spectrum.Method.dense, .sparse])
  func ring(method: Spectrum.Method) throws {
    let n = 12
    let ring = try Graph.generate(.ring, GeneratorParameters(nodes: n))
    let w = try MixingMatrix.make(ring, rule: .metropolis)
    let extremes = try Spectrum.mixingExtremes(of: w, method: method)
    #expect(abs(extremes.secondLargest - (1 + 2 * cos(2 * Double.pi / Double(n))) / 3) < 1e-10)
    #expect(abs(extremes.smallest + 1.0 / 3) < 1e-10)
    #expect(abs(extremes.slem - extremes.secondLargest) < 1e-15)
  }
}
