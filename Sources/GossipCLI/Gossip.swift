import ArgumentParser

@main
struct Gossip: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gossip",
    abstract: "Simulate decentralized optimization over networks.",
    discussion: """
      Agents on a communication network, each with a private objective, talk only to their
      neighbours. Start with a network: generate one or read a file, and look at the spectral
      numbers that decide how fast every decentralized method can go.

        gossip topology generate torus --rows 8 --cols 8 -o torus.dot
        gossip topology inspect torus.dot
        gossip topology inspect topologies/abilene.gml --weights max-degree --json
        gossip list generators

      Exit codes: 0 success, 1 computation failed, 64 bad command line, 65 malformed input
      file, 66 input file missing, 73 output cannot be written.
      """,
    version: "0.1.0",
    subcommands: [
      TopologyCommand.self, RenderCommand.self, PlotCommand.self, ListCommand.self,
      BenchCommand.self,
    ])
}
