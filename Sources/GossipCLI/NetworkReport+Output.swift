import Foundation
import Mixing

extension NetworkReport {
  /// The one JSON object of `gossip topology inspect --json` (keys sorted, so output is stable).
  func jsonString() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  /// A table a person reads at a glance.
  func table(title: String) -> String {
    var rows: [(String, String)] = [
      ("nodes", "\(nodes)"),
      ("edges", "\(edges)"),
      ("connected", connected ? "yes" : "no (\(components) components)"),
      ("degree", "min \(degree.min) · max \(degree.max) · mean \(format(degree.mean))"),
    ]
    if let largestComponent {
      rows.append(("largest component", "\(largestComponent.nodes) nodes, \(largestComponent.edges) edges"))
    }
    rows.append(("diameter", diameterExact ? "\(diameter)" : "≥ \(diameter) (search budget reached)"))
    if let laplacian, let mixing {
      rows += [
        ("Laplacian λ₂", format(laplacian.lambda2)),
        ("Laplacian λ_max", format(laplacian.lambdaMax)),
        ("condition χ = λ_max/λ₂", format(laplacian.condition)),
        ("weights", weights),
        ("SLEM", format(mixing.slem)),
        ("spectral gap 1 − SLEM", format(mixing.spectralGap)),
        ("mixing time 1/ln(1/SLEM)", mixing.mixingTime.map { "\(format($0)) rounds" } ?? "∞ (no mixing)"),
      ]
    }
    let width = rows.map { $0.0.count }.max() ?? 0
    let heading = label.map { "\(title) — \($0)" } ?? title
    return ([heading] + rows.map { "  " + $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 })
      .joined(separator: "\n")
  }

  private func format(_ x: Double) -> String {
    if x == 0 { return "0" }
    let magnitude = abs(x)
    return magnitude >= 1e-3 && magnitude < 1e6
      ? String(format: "%.6g", x) : String(format: "%.4e", x)
  }
}
