import ArgumentParser

struct PlotCommand: GossipCommand {
  static let configuration = CommandConfiguration(commandName: "plot", abstract: "Plot convergence curves of runs.")
  func execute() throws {}
}
