import ArgumentParser

@main
struct Gossip: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gossip",
    abstract: "Simulate decentralized optimization over networks.")
}
