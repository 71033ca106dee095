import ArgumentParser
import Experiments

@main
struct Gossip: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gossip",
    abstract: "Simulate decentralized optimization over networks.",
    discussion: """
      Agents on a communication network, each with a private objective, talk
      only to their neighbours. Start with a network: generate one or read a
      file, and look at the spectral numbers that decide how fast every
      decentralized method can go.

        gossip topology generate torus --rows 8 --cols 8 -o torus.dot
        gossip topology inspect torus.dot
        gossip topology inspect topologies/abilene.gml --weights max-degree --json
        gossip list generators

      Then run algorithms on it: an experiment file names the network, the
      problem, the algorithms and when to stop; the run folder gets
      metrics.csv and summary.json (gossip run --help).

        gossip run Examples/baselines-abilene.yaml
        gossip list algorithms

      Draw networks and runs, compare runs, design a topology for a data graph:

        gossip render topologies/abilene.gml -o abilene.png --layout positions
        gossip plot runs/baselines-abilene -o convergence.svg --x rounds
        gossip topology design --data-graph cites.edges --agents 10 -o agents.dot

      Exit codes: 0 success, 1 computation failed, 64 bad command line,
      65 malformed input file, 66 input file missing, 73 output cannot be
      written, 130 interrupted (Ctrl-C).
      """,
    version: GossipSimVersion.current,
    subcommands: [
      TopologyCommand.self, RunCommand.self, RenderCommand.self, PlotCommand.self,
      ListCommand.self, BenchCommand.self,
    ])
}
