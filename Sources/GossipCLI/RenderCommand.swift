import ArgumentParser
import Foundation
import GossipCore
import Rendering
import Topology

extension LayoutEngine: ExpressibleByArgument {}
extension AgentStates.Quantity: ExpressibleByArgument {}

struct RenderCommand: GossipCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Draw a network, or a run's agents at a recorded iteration, with Graphviz.",
    discussion: """
      The output's extension picks the format: .svg, .png or .pdf. Node colours carry
      information (degree, component, the agent of a partition, or a run's per-agent values:
      one iteration on its own colour scale, --frames on one scale for all frames) and are
      explained by a legend; edge widths follow the mixing weights (the file's, else
      Metropolis–Hastings); the title gives n, m and the spectral gap.

      --layout auto uses the file's positions when at least 90% of the nodes have one, neato
      up to 300 nodes and sfdp beyond. Graphviz layouts cannot be interrupted, so an engine
      asked for past its size limit (circo 60 nodes, dot 300, neato and fdp 1000, twopi 2000)
      falls back to sfdp with a warning.

        gossip render topologies/abilene.gml -o abilene.png
        gossip render torus.dot --layout circo --color-by component -o torus.svg
        gossip render net.dot --partition agents.txt -o partition.pdf
        gossip render runs/demo --iteration 100 --value distance -o state.svg
        gossip render runs/demo --algorithm dgd --frames frames/
      """)

  @Argument(help: "A topology file (.dot, .gml, .edges, .json), or a run folder (network.dot, agents.csv).")
  var input: String

  @Option(name: [.short, .customLong("output")], help: "The image to write (.svg, .png, .pdf).")
  var output: String?

  @Option(help: "Layout engine: auto, dot, neato, fdp, sfdp, circo, twopi or positions.")
  var layout: LayoutEngine = .auto

  @Option(name: .customLong("color-by"), help: "Node colour for a network: degree or component.")
  var colorBy: StaticColoring = .degree

  @Option(help: "A `node agent` file: colour the nodes by the agent that holds them.")
  var partition: String?

  @Option(help: "Run folders: the recorded iteration to draw.")
  var iteration: Int?

  @Option(help: "Run folders: the per-agent value to colour by (objective or distance).")
  var value: AgentStates.Quantity = .distance

  @Option(help: "Run folders: the algorithm whose agents to draw (needed when the run has several).")
  var algorithm: String?

  @Option(help: "Run folders: write frame-0000.svg, frame-0001.svg, … for every recorded iteration into this folder.")
  var frames: String?

  enum StaticColoring: String, ExpressibleByArgument, CaseIterable {
    case degree, component
  }

  func validate() throws {
    if frames == nil && output == nil {
      throw ValidationError("give the image to write with -o FILE.svg|png|pdf (or --frames DIR for a run)")
    }
    if frames != nil && iteration != nil {
      throw ValidationError("--frames draws every recorded iteration; leave out --iteration")
    }
  }

  func execute() throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
      throw MissingInputError(file: input)
    }
    let runDirectory = isDirectory.boolValue ? URL(fileURLWithPath: input) : nil
    let networkPath = runDirectory?.appendingPathComponent("network.dot").path ?? input
    let (graph, warnings) = try TopologyFile.read(path: networkPath)
    warnings.forEach(Terminal.warn)
    let coloring: NodeColoring =
      try partition.map { .partition(agents: try NodePartition.read(path: $0, graph: graph)) }
      ?? (colorBy == .degree ? .degree : .component)
    var drawing = try TopologyDrawing.make(
      graph: graph, coloring: coloring,
      title: graph.label ?? URL(fileURLWithPath: runDirectory?.path ?? input).lastPathComponent)
    if runDirectory == nil, (try? TopologyFormat.infer(fromPath: input)) == .dot {
      // A designed topology: its added links are drawn dashed, the required ones solid.
      let text = try String(contentsOfFile: input, encoding: .utf8)
      drawing.dashedEdges = try TopologyDrawing.addedLinks(inDOT: text, graph: graph)
      if !drawing.dashedEdges.isEmpty {
        drawing.subtitle += ", dashed: \(drawing.dashedEdges.count) added links"
      }
    }

    guard let runDirectory, iteration != nil || frames != nil else {
      if iteration != nil || frames != nil {
        throw ParameterError(
          "--iteration and --frames draw a run: give a run folder (network.dot, agents.csv), "
            + "not a topology file")
      }
      if algorithm != nil {
        throw ParameterError("--algorithm chooses whose agents --iteration or --frames draws; add one of them")
      }
      try write(drawing, to: output!)
      return
    }
    let states = try AgentStates.read(path: runDirectory.appendingPathComponent("agents.csv").path)
    let name = try states.algorithm(algorithm)
    let recorded = states.iterations(of: name)
    if let iteration {
      guard recorded.contains(iteration) else {
        throw ParameterError(
          "iteration \(iteration) was not recorded for \(name); recorded: "
            + Self.summary(of: recorded))
      }
      // One picture: the scale of this iteration's values, to show its structure.
      let scale = try self.scale(states, name, iteration)
      try write(state(drawing, states, name, iteration, scale), to: output!)
      return
    }
    // An animation: one scale for all frames, so that colours compare across them.
    let scale = try self.scale(states, name, nil)
    let folder = URL(fileURLWithPath: frames!)
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw OutputError(file: folder.path, reason: "cannot create the folder: \(error.localizedDescription)")
    }
    for (k, iteration) in recorded.enumerated() {
      let path = folder.appendingPathComponent(String(format: "frame-%04d.svg", k)).path
      // Warnings (a layout fallback) are the same for every frame: print them once.
      try write(state(drawing, states, name, iteration, scale), to: path, quiet: k > 0)
    }
    print("wrote \(recorded.count) frames to \(folder.path)")
  }

  private func scale(_ states: AgentStates, _ algorithm: String, _ iteration: Int?) throws
    -> ColorScale
  {
    guard let scale = states.scale(of: value, algorithm: algorithm, iteration: iteration) else {
      throw ParameterError(
        "agents.csv has no \(value.title) values for \(algorithm); choose --value "
          + AgentStates.Quantity.allCases.map(\.rawValue).joined(separator: " or "))
    }
    return scale
  }

  /// `drawing` coloured by the agents' `value` at `iteration` on `scale`.
  private func state(
    _ drawing: TopologyDrawing, _ states: AgentStates, _ algorithm: String, _ iteration: Int,
    _ scale: ColorScale
  ) -> TopologyDrawing {
    var result = drawing
    result.coloring = .value(
      name: value.title,
      values: states.values(of: value, algorithm: algorithm, iteration: iteration,
                            nodeCount: drawing.graph.nodeCount),
      scale: scale)
    result.title = "\(algorithm), iteration \(iteration): \(value.title)"
    return result
  }

  private func write(_ drawing: TopologyDrawing, to path: String, quiet: Bool = false) throws {
    let warnings = try TopologyRenderer.write(drawing, layout: layout, to: path)
    if !quiet { warnings.forEach(Terminal.warn) }
  }

  /// `0, 10, 20, …, 500 (51 iterations)`.
  private static func summary(of iterations: [Int]) -> String {
    guard iterations.count > 6 else { return iterations.map(String.init).joined(separator: ", ") }
    return iterations.prefix(3).map(String.init).joined(separator: ", ") + ", …, "
      + "\(iterations.last!) (\(iterations.count) iterations)"
  }
}
