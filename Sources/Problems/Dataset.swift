import Foundation
import GossipCore
import LinearAlgebra

/// A labelled data set: N samples of p features (a dense row-major N×p ``Matrix``) and N labels
/// (±1 for classification, real targets for regression).
public struct Dataset: Sendable {
  /// N×p, row s is sample s.
  public let features: Matrix
  /// One label per sample.
  public let labels: [Double]
  /// A short name for reports, e.g. the file's base name.
  public let name: String

  public init(features: Matrix, labels: [Double], name: String) {
    precondition(
      features.rows == labels.count,
      "a data set needs one label per sample: \(features.rows) samples, \(labels.count) labels")
    self.features = features
    self.labels = labels
    self.name = name
  }

  /// N, the number of samples.
  public var sampleCount: Int { features.rows }
  /// p, the number of features.
  public var featureCount: Int { features.columns }

  /// The fraction of samples whose ±1 label has the sign of aᵀx (aᵀx = 0 counts as +1); `nil`
  /// for an empty set or an `x` of the wrong length. O(N·p).
  public func accuracy(of x: [Double]) -> Double? {
    guard sampleCount > 0, x.count == featureCount else { return nil }
    return features.storage.withUnsafeBufferPointer { rows in
      DenseKernels.signAccuracy(rows: rows, labels: labels, dimension: featureCount, x: x)
    }
  }
}

/// Reader of the LIBSVM / svmlight text format: one sample per line,
/// `LABEL INDEX:VALUE INDEX:VALUE …` with 1-based, strictly increasing feature indices; missing
/// indices are 0; `#` starts a comment; blank lines are skipped.
///
/// Reference: C.-C. Chang and C.-J. Lin, LIBSVM, ACM TIST 2(3), 2011, doi:10.1145/1961189.1961199.
public enum LIBSVM {
  /// The largest dense matrix the reader builds (N·p entries, 8 bytes each: 1 GB).
  public static let maximumEntries = 1 << 27

  /// Reads the file at `path`; the data set is named after the file's base name.
  ///
  /// Throws ``MissingInputError`` when the file cannot be read and ``InputFileError`` (with the
  /// line) when it is malformed.
  public static func read(path: String, featureCount: Int? = nil) throws -> Dataset {
    guard let data = FileManager.default.contents(atPath: path) else {
      let exists = FileManager.default.fileExists(atPath: path)
      throw MissingInputError(file: path, reason: exists ? "cannot read the file" : "no such file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputFileError(
        file: path, "not UTF-8 text; expected LIBSVM lines `LABEL INDEX:VALUE …`")
    }
    return try parse(text, file: path, featureCount: featureCount)
  }

  /// Parses LIBSVM text; `file` names the source in error messages. With `featureCount`, the
  /// matrix has that many columns and a larger index is an error; otherwise p is the largest index.
  public static func parse(_ text: String, file: String, featureCount: Int? = nil) throws -> Dataset
  {
    if let featureCount, featureCount < 1 {
      throw ParameterError("LIBSVM: feature count must be at least 1, got \(featureCount)")
    }
    var labels: [Double] = []
    var rowStarts: [Int] = [0]
    var indices: [Int] = []
    var values: [Double] = []
    var largestIndex = 0
    var lineNumber = 0
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
      lineNumber += 1
      let content = rawLine.prefix { $0 != "#" }
      let tokens = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard let first = tokens.first else { continue }
      func fail(_ message: String) -> InputFileError {
        InputFileError(file: file, line: lineNumber, message)
      }
      guard let label = Double(first), label.isFinite else {
        throw fail("label '\(first)' is not a finite number; expected `LABEL INDEX:VALUE …`")
      }
      var previous = 0
      for token in tokens.dropFirst() {
        guard let colon = token.firstIndex(of: ":") else {
          throw fail("expected INDEX:VALUE, found '\(token)'")
        }
        let indexText = token[..<colon]
        let valueText = token[token.index(after: colon)...]
        guard let index = Int(indexText), index >= 1 else {
          throw fail("feature index '\(indexText)' is not an integer ≥ 1 (indices are 1-based)")
        }
        guard index > previous else {
          throw fail("feature indices must strictly increase: \(index) after \(previous)")
        }
        if let featureCount, index > featureCount {
          throw fail("feature index \(index) exceeds the feature count \(featureCount)")
        }
        guard let value = Double(valueText), value.isFinite else {
          throw fail("value '\(valueText)' of feature \(index) is not a finite number")
        }
        previous = index
        indices.append(index - 1)
        values.append(value)
      }
      largestIndex = max(largestIndex, previous)
      labels.append(label)
      rowStarts.append(indices.count)
    }
    guard !labels.isEmpty else {
      throw InputFileError(file: file, line: nil, "no samples: the file has no LIBSVM lines")
    }
    let columns = featureCount ?? max(largestIndex, 1)
    guard labels.count <= maximumEntries / columns else {
      throw InputFileError(
        file: file, line: nil,
        "\(labels.count) samples × \(columns) features is too large for a dense matrix; use fewer features"
      )
    }
    var storage = [Double](repeating: 0, count: labels.count * columns)
    for row in 0..<labels.count {
      for k in rowStarts[row]..<rowStarts[row + 1] {
        storage[row * columns + indices[k]] = values[k]
      }
    }
    let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    return Dataset(
      features: Matrix(rows: labels.count, columns: columns, storage: storage),
      labels: labels, name: name)
  }
}
