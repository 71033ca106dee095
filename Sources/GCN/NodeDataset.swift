import Foundation
import GossipCore
import LinearAlgebra
import Topology

/// A node-classification data set: an undirected data graph, sparse node features, one class per
/// node, and a train / validation / test split of the nodes.
public struct NodeDataset: Sendable {
  /// The data graph (citations, symmetrised, without self loops); node `i` is row `i`.
  public let graph: Graph
  /// Node features, `nodeCount × featureCount` (for Cora: 0/1 word presence).
  public let features: SparseMatrix
  /// Class of each node, in `0..<classNames.count`.
  public let labels: [Int]
  /// Class names, sorted; `labels` index into them.
  public let classNames: [String]
  /// External id of each node (Cora: paper id).
  public let nodeIDs: [String]
  /// Node indices of the training, validation and test sets (disjoint).
  public let train: [Int]
  public let validation: [Int]
  public let test: [Int]

  /// - Precondition: one label per feature row and per graph node, labels in range, split nodes
  ///   in range.
  public init(
    graph: Graph, features: SparseMatrix, labels: [Int], classNames: [String], nodeIDs: [String],
    train: [Int], validation: [Int], test: [Int]
  ) {
    precondition(graph.nodeCount == labels.count && features.rows == labels.count
                 && nodeIDs.count == labels.count, "one graph node, feature row and id per label")
    precondition(labels.allSatisfy { $0 >= 0 && $0 < classNames.count }, "labels index classNames")
    precondition((train + validation + test).allSatisfy { $0 >= 0 && $0 < labels.count },
                 "split nodes are nodes")
    self.graph = graph
    self.features = features
    self.labels = labels
    self.classNames = classNames
    self.nodeIDs = nodeIDs
    self.train = train
    self.validation = validation
    self.test = test
  }

  public var nodeCount: Int { labels.count }
  public var featureCount: Int { features.columns }
  public var classCount: Int { classNames.count }
}

/// Reads Cora: the compact `cora.sparse` of `datasets/cora`, or the original LINQS
/// `cora.content`, with `cora.cites` and the Planetoid split files.
///
/// Compact lines are `paper_id class w1 w2 …` (0-based indices of the words present, `#` starts a
/// comment); original lines are `paper_id f1 … f1433 class` (TAB separated, 0/1). Citations
/// `cited citing` are symmetrised. The split is read from `planetoid_{train,val,test}.txt` (one
/// paper id per line) in the folder or its `planetoid_split/` subfolder.
public enum CoraDataset {
  /// The vocabulary size of Cora.
  public static let wordCount = 1433

  /// Loads the data set in `folder`. Throws ``MissingInputError`` when a file is missing and
  /// ``InputFileError`` at the line of a malformed entry.
  public static func load(folder: String) throws -> NodeDataset {
    let manager = FileManager.default
    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    let compact = path("cora.sparse")
    let original = path("cora.content")
    var rows: [(id: String, label: String, words: [Int])]
    if manager.fileExists(atPath: compact) {
      rows = try readCompact(compact)
    } else if manager.fileExists(atPath: original) {
      rows = try readOriginal(original)
    } else {
      throw MissingInputError(
        file: folder, reason: "holds neither cora.sparse nor cora.content (a Cora data folder)")
    }
    var index: [String: Int] = [:]
    for (i, row) in rows.enumerated() { index[row.id] = i }
    let classNames = Array(Set(rows.map(\.label))).sorted()
    let classIndex = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })

    var rowPointers = [0]
    var columns: [Int32] = []
    for i in rows.indices {
      let words = rows[i].words.sorted()
      columns += words.map { Int32($0) }
      rowPointers.append(columns.count)
      rows[i].words = []
    }
    let features = SparseMatrix(
      rows: rows.count, columns: wordCount, rowPointers: rowPointers, columnIndices: columns,
      values: [Double](repeating: 1, count: columns.count))

    let citesFile = path("cora.cites")
    var pairs: [(Int, Int)] = []
    for (number, line) in try lines(of: citesFile) {
      let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
      guard fields.count == 2, let a = index[String(fields[0])], let b = index[String(fields[1])]
      else {
        throw InputFileError(
          file: citesFile, line: number, "expected 'cited_id citing_id' with ids of the content file")
      }
      pairs.append((a, b))
    }
    var graph = Graph(nodeCount: rows.count, edges: pairs)
    graph.nodeNames = rows.map(\.id)

    func split(_ name: String) throws -> [Int] {
      let candidates = [path(name), path("planetoid_split/" + name)]
      guard let file = candidates.first(where: { manager.fileExists(atPath: $0) }) else {
        throw MissingInputError(file: path(name), reason: "no such file (the Planetoid split)")
      }
      return try lines(of: file).map { number, line in
        guard let node = index[line.trimmingCharacters(in: .whitespaces)] else {
          throw InputFileError(file: file, line: number, "'\(line)' is not a paper id of the data")
        }
        return node
      }
    }
    return NodeDataset(
      graph: graph, features: features, labels: rows.map { classIndex[$0.label]! },
      classNames: classNames, nodeIDs: rows.map(\.id), train: try split("planetoid_train.txt"),
      validation: try split("planetoid_val.txt"), test: try split("planetoid_test.txt"))
  }

  /// Non-empty, non-comment lines with their 1-based line numbers.
  static func lines(of file: String) throws -> [(Int, String)] {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw MissingInputError(file: file)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputFileError(file: file, "not UTF-8 text")
    }
    return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
      .compactMap { k, line in
        line.isEmpty || line.hasPrefix("#") ? nil : (k + 1, String(line))
      }
  }

  static func readCompact(_ file: String) throws -> [(id: String, label: String, words: [Int])] {
    try lines(of: file).map { number, line in
      let fields = line.split(separator: " ")
      guard fields.count >= 2 else {
        throw InputFileError(file: file, line: number, "expected 'paper_id class word…'")
      }
      let words = try fields.dropFirst(2).map { field in
        guard let j = Int(field), j >= 0, j < wordCount else {
          throw InputFileError(
            file: file, line: number, "'\(field)' is not a word index in 0..<\(wordCount)")
        }
        return j
      }
      return (String(fields[0]), String(fields[1]), words)
    }
  }

  static func readOriginal(_ file: String) throws -> [(id: String, label: String, words: [Int])] {
    try lines(of: file).map { number, line in
      let fields = line.split(separator: "\t")
      guard fields.count == wordCount + 2 else {
        throw InputFileError(
          file: file, line: number,
          "expected \(wordCount + 2) TAB-separated fields (id, \(wordCount) features, class), got \(fields.count)"
        )
      }
      var words: [Int] = []
      for j in 0..<wordCount {
        switch fields[j + 1] {
        case "1": words.append(j)
        case "0": break
        default:
          throw InputFileError(file: file, line: number, "feature \(j + 1) is '\(fields[j + 1])', not 0 or 1")
        }
      }
      return (String(fields[0]), String(fields[wordCount + 1]), words)
    }
  }
}
