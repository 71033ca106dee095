import Foundation
import GossipCore

/// The metrics a run recorded (`RUN_DIR/metrics.csv`, long format: one row per algorithm and
/// recorded iteration; empty cells are missing values).
public struct MetricsTable: Sendable {
  public struct Row: Sendable, Equatable {
    public var algorithm: String
    /// The row's numbers by column name; missing cells are absent.
    public var values: [String: Double]
    public init(algorithm: String, values: [String: Double]) {
      self.algorithm = algorithm
      self.values = values
    }
  }

  public var rows: [Row]
  public init(rows: [Row]) { self.rows = rows }

  /// Reads `metrics.csv`; needs the `algorithm` and `iteration` columns, reads every other
  /// column as numbers.
  /// - Throws: ``MissingInputError`` (66), ``InputFileError`` (65) naming the line.
  public static func read(path: String) throws -> MetricsTable {
    let table = try CSVTable.read(path: path, required: ["algorithm", "iteration"])
    var rows: [Row] = []
    for record in table.records {
      var values: [String: Double] = [:]
      for column in table.header where column != "algorithm" {
        values[column] = try table.number(column, in: record)
      }
      rows.append(Row(algorithm: table.text("algorithm", in: record), values: values))
    }
    return MetricsTable(rows: rows)
  }

  /// The algorithms in the order the file first names them.
  public var algorithms: [String] {
    var seen = Set<String>()
    return rows.map(\.algorithm).filter { seen.insert($0).inserted }
  }
}

/// What the horizontal axis of a convergence plot counts (`--x`).
public enum PlotX: String, Sendable, CaseIterable {
  case iterations, time, rounds, bytes

  var column: String { self == .iterations ? "iteration" : rawValue }
  var title: String {
    switch self {
    case .iterations: "iterations"
    case .time: "simulated time"
    case .rounds: "communication rounds"
    case .bytes: "bytes sent"
    }
  }
}

/// What the vertical axis of a convergence plot shows (`--y`).
public enum PlotY: String, Sendable, CaseIterable {
  /// `F(x̄) − F*`, log scale.
  case suboptimality
  /// The consensus error (the spread of the iterates around their average) the run records, log scale.
  case consensus
  /// Test accuracy (train accuracy when the run has no test set), linear scale.
  case accuracy

  var isLogarithmic: Bool { self != .accuracy }
  var title: String {
    switch self {
    case .suboptimality: "suboptimality F(x̄) − F*"
    case .consensus: "consensus error"
    case .accuracy: "accuracy"
    }
  }

  /// The columns read, in order of preference.
  var columns: [String] {
    switch self {
    case .suboptimality: ["suboptimality"]
    case .consensus: ["consensus_error"]
    case .accuracy: ["test_accuracy", "train_accuracy"]
    }
  }
}
