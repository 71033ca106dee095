import Foundation
import GossipCore
import Topology

/// A comma-separated file with a header row, read by column name.
struct CSVTable {
  var file: String
  var header: [String]
  /// Each record with its 1-based line number.
  var records: [(line: Int, fields: [String])]

  /// Reads `path`; throws ``MissingInputError`` when it cannot be read and ``InputFileError``
  /// when a column of `required` is missing or a record has the wrong number of fields.
  /// Fields may be double-quoted (`""` inside for a quote).
  static func read(path: String, required: [String]) throws -> CSVTable {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw MissingInputError(file: path)
    }
    let lines = String(decoding: data, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    guard let first = lines.first, !first.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw InputFileError(file: path, line: 1, "the file is empty; expected a header row")
    }
    let header = fields(of: first)
    for column in required where !header.contains(column) {
      throw InputFileError(
        file: path, line: 1,
        "no column \"\(column)\" in the header (expected \(required.joined(separator: ",")))")
    }
    var records: [(Int, [String])] = []
    for (index, raw) in lines.enumerated().dropFirst() {
      let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
      if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
      let values = fields(of: line)
      guard values.count == header.count else {
        throw InputFileError(
          file: path, line: index + 1,
          "\(values.count) fields, but the header has \(header.count) columns")
      }
      records.append((index + 1, values))
    }
    return CSVTable(file: path, header: header, records: records)
  }

  /// The fields of one line.
  static func fields(of line: Substring) -> [String] {
    var result: [String] = []
    var current = ""
    var quoted = false
    var iterator = line.makeIterator()
    while let character = iterator.next() {
      switch (character, quoted) {
      case ("\"", false) where current.isEmpty: quoted = true
      case ("\"", true):
        // `""` inside quotes is a quote; a lone quote ends the quoted part.
        var lookahead = iterator
        if lookahead.next() == "\"" {
          current.append("\"")
          iterator = lookahead
        } else {
          quoted = false
        }
      case (",", false):
        result.append(current)
        current = ""
      case ("\r", false): break
      default: current.append(character)
      }
    }
    result.append(current)
    return result
  }

  /// The number in `column` of a record: `nil` for an empty cell, an error for anything else
  /// that is not a number.
  func number(_ column: String, in record: (line: Int, fields: [String])) throws -> Double? {
    guard let index = header.firstIndex(of: column) else { return nil }
    let text = record.fields[index].trimmingCharacters(in: .whitespaces)
    if text.isEmpty { return nil }
    guard let value = Double(text) else {
      throw InputFileError(file: file, line: record.line,
                           "\(column) must be a number or empty, not \"\(text)\"")
    }
    return value
  }

  func text(_ column: String, in record: (line: Int, fields: [String])) -> String {
    header.firstIndex(of: column).map { record.fields[$0] } ?? ""
  }
}

/// The state of every agent at the recorded iterations of a run (`RUN_DIR/agents.csv`, columns
/// `algorithm,iteration,agent,objective,distance_to_average`).
public struct AgentStates: Sendable {
  /// The per-node number to colour by.
  public enum Quantity: String, Sendable, CaseIterable {
    /// The agent's local objective `f_i(x_i)`.
    case objective
    /// `‖x_i − x̄‖`, the agent's distance to the network average.
    case distance

    var column: String { self == .objective ? "objective" : "distance_to_average" }
    /// The words on the colour bar.
    public var title: String { self == .objective ? "local objective" : "distance to average" }
  }

  public struct Record: Sendable, Equatable {
    public var algorithm: String
    public var iteration: Int
    public var agent: Int
    public var objective: Double?
    public var distance: Double?

    public init(algorithm: String, iteration: Int, agent: Int, objective: Double?,
                distance: Double?) {
      self.algorithm = algorithm
      self.iteration = iteration
      self.agent = agent
      self.objective = objective
      self.distance = distance
    }

    func value(_ quantity: Quantity) -> Double? {
      quantity == .objective ? objective : distance
    }
  }

  public var records: [Record]

  public init(records: [Record]) { self.records = records }

  /// Reads `agents.csv`; errors name the file and line.
  public static func read(path: String) throws -> AgentStates {
    let columns = ["algorithm", "iteration", "agent", "objective", "distance_to_average"]
    let table = try CSVTable.read(path: path, required: columns)
    var records: [Record] = []
    for record in table.records {
      guard let iteration = try table.number("iteration", in: record).flatMap(Int.init(exactly:)),
        let agent = try table.number("agent", in: record).flatMap(Int.init(exactly:)), agent >= 0
      else {
        throw InputFileError(file: path, line: record.line,
                             "iteration and agent must be non-negative integers")
      }
      records.append(Record(
        algorithm: table.text("algorithm", in: record), iteration: iteration, agent: agent,
        objective: try table.number("objective", in: record),
        distance: try table.number("distance_to_average", in: record)))
    }
    return AgentStates(records: records)
  }

  /// The algorithms in the order the file first names them.
  public var algorithms: [String] {
    var seen = Set<String>()
    return records.map(\.algorithm).filter { seen.insert($0).inserted }
  }

  /// The algorithm to draw: `requested` when the file has it, the only one when `nil`.
  /// - Throws: ``ParameterError`` when `requested` is unknown, or `nil` with several algorithms.
  public func algorithm(_ requested: String?) throws -> String {
    let known = algorithms
    if let requested {
      guard known.contains(requested) else {
        throw ParameterError(
          "the run recorded no agent states for \"\(requested)\"; choose --algorithm "
            + known.joined(separator: ", "))
      }
      return requested
    }
    guard known.count == 1 else {
      throw ParameterError(
        known.isEmpty
          ? "agents.csv holds no agent states"
          : "the run has several algorithms; choose one with --algorithm "
            + known.joined(separator: ", "))
    }
    return known[0]
  }

  /// The recorded iterations of `algorithm`, increasing.
  public func iterations(of algorithm: String) -> [Int] {
    Set(records.lazy.filter { $0.algorithm == algorithm }.map(\.iteration)).sorted()
  }

  /// `quantity` for nodes `0..<nodeCount` at `iteration`; `nil` where no agent row gives it.
  public func values(of quantity: Quantity, algorithm: String, iteration: Int, nodeCount: Int)
    -> [Double?]
  {
    var values = [Double?](repeating: nil, count: nodeCount)
    for record in records
    where record.algorithm == algorithm && record.iteration == iteration
      && record.agent < nodeCount
    {
      values[record.agent] = record.value(quantity)
    }
    return values
  }

  /// The colour scale of `quantity` over the recorded iterations of `algorithm` (all of them
  /// when `iteration` is `nil`: one scale for every frame of an animation, so frames compare).
  public func scale(of quantity: Quantity, algorithm: String, iteration: Int? = nil) -> ColorScale? {
    ColorScale.fitting(records.lazy.filter {
      $0.algorithm == algorithm && (iteration == nil || $0.iteration == iteration)
    }.compactMap { $0.value(quantity) })
  }
}

/// A partition of the network's nodes over agents: a file of `node agent` lines (`#` comments),
/// nodes by name or index, agents numbered from 0.
public enum NodePartition {
  /// The agent of every node of `graph`.
  /// - Throws: ``MissingInputError``; ``InputFileError`` for a malformed line, an unknown node,
  ///   or nodes left without an agent.
  public static func read(path: String, graph: Graph) throws -> [Int] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw MissingInputError(file: path)
    }
    var index: [String: Int] = [:]
    for node in 0..<graph.nodeCount { index[graph.name(of: node)] = node }
    var agents = [Int?](repeating: nil, count: graph.nodeCount)
    let lines = String(decoding: data, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    for (number, raw) in lines.enumerated() {
      let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
      let tokens = content.split(whereSeparator: \.isWhitespace)
      if tokens.isEmpty { continue }
      guard tokens.count == 2, let agent = Int(tokens[1]), agent >= 0 else {
        throw InputFileError(file: path, line: number + 1,
                             "expected `node agent` with a non-negative integer agent")
      }
      guard let node = index[String(tokens[0])] else {
        throw InputFileError(file: path, line: number + 1,
                             "the network has no node \"\(tokens[0])\"")
      }
      agents[node] = agent
    }
    let missing = agents.indices.filter { agents[$0] == nil }
    guard missing.isEmpty else {
      let names = missing.prefix(5).map { graph.name(of: $0) }.joined(separator: ", ")
      throw InputFileError(file: path, "\(missing.count) nodes have no agent (\(names)…)")
    }
    return agents.map { $0! }
  }
}
