import ArgumentParser
import Experiments
import Foundation
import GossipCore
import Problems
import Simulation

#if MPI
  import MPITransport
#endif

extension RunCommand {
  /// `--backend mpi`: every process of the MPI job builds the experiment, owns a block of agents
  /// and runs it; rank 0 writes the run folder and prints. An error any process meets ends them
  /// all with one message — never a hang.
  func executeMPI() throws {
    #if MPI
      let world = MPIWorld.start()
      defer { MPIWorld.finish() }
      let (prepared, folder, distribution) = try agreedSetup(rank: world.rank, size: world.size)
      if folder != nil { prepared.warnings.forEach(Terminal.warn) }
      let traffic = HaloTraffic()
      let backend = Backend { network, timeModel in
        MPICommunicator(
          distribution: distribution, network: network, timeModel: timeModel, traffic: traffic)
      }
      do {
        // No SIGINT handler: Ctrl-C makes mpirun end every process (docs/mpi.md).
        _ = try runExperiment(prepared, into: folder, backend: backend)
      } catch {
        // Only rank 0 writes, so only it can fail here, while the others wait in a round.
        MPIWorld.abort(code: Terminal.report(error))
      }
      let report = Self.trafficReport(distribution, traffic, dimension: prepared.problem.dimension)
      if folder != nil && !quiet { print(report) }
    #else
      throw Self.missingTrait
    #endif
  }

  /// `--backend mpi` in a `gossip` built without the package trait MPI (exit 64).
  static let missingTrait = ParameterError(
    "this gossip was built without MPI; build it with `swift build -c release --traits MPI` "
      + "(docs/mpi.md), or use --backend local")

  #if MPI
    /// Builds the experiment, this process's agents and (on rank 0) the run folder. If any process
    /// fails, the lowest failing rank reports its error and every process exits with its status.
    private func agreedSetup(rank: Int, size: Int) throws
      -> (Experiment, RunFolder?, AgentDistribution)
    {
      var failure: (any Error)?
      var setup: (Experiment, RunFolder?, AgentDistribution)?
      do {
        let config = try ExperimentConfig.load(path: experiment, overrides: overrides, seed: seed)
        guard config.gcn == nil else {
          throw ParameterError(
            "--backend mpi runs sample problems; train GCNs with --backend local")
        }
        let prepared = try Experiment.prepare(config)
        try prepared.checkRunsOverProcesses()
        let owners = try AgentDistribution.owners(
          of: prepared.simulatedNetwork, processes: size, seed: config.seed)
        let distribution = AgentDistribution(
          network: prepared.simulatedNetwork, owner: owners, process: rank, processCount: size)
        let path = out ?? "runs/\(config.name)"
        let folder = rank == 0 ? try RunFolder.create(at: path, force: force) : nil
        setup = (prepared, folder, distribution)
      } catch {
        failure = error
      }
      let reporter = MPIWorld.minimum(failure == nil ? size : rank)
      guard reporter < size else { return setup! }
      let status = MPIWorld.maximum(rank == reporter ? Int(Terminal.report(failure!)) : 0)
      // The others exit once the message is out: mpirun ends the job at the first failed exit.
      MPIWorld.barrier()
      throw ExitCode(Int32(status))
    }

    /// One line per process: its agents, its cut links, and the bytes it sent for the algorithms'
    /// rounds, against the bytes the partition predicts: each row a neighbouring process needs,
    /// sent once per round (8d bytes; gradient tracking's packed rounds carry two d-vectors).
    static func trafficReport(
      _ distribution: AgentDistribution, _ traffic: HaloTraffic, dimension: Int
    ) -> String {
      let sendRows = distribution.neighbours.reduce(0) { $0 + $1.sendRows.count }
      let mine = [
        Double(distribution.localAgents.count), Double(distribution.cutLinks),
        Double(distribution.neighbours.count), Double(sendRows), Double(traffic.doublesSent),
        Double(traffic.rounds),
      ]
      let all = MPIWorld.gather(mine)
      var lines = ["mpi: \(distribution.processCount) processes (METIS k-way blocks of agents)"]
      for p in 0..<distribution.processCount {
        let v = all[(6 * p)..<(6 * p + 6)].map { Int($0) }
        let (agents, cut, neighbours, rows, doubles, rounds) = (v[0], v[1], v[2], v[3], v[4], v[5])
        let measured = rounds > 0 ? 8 * doubles / rounds : 0
        lines.append(
          "  rank \(p): \(agents) agents, \(cut) cut links to \(neighbours) processes; "
            + "sends \(rows) halo rows = \(8 * rows * dimension) bytes per round of d-vectors "
            + "(predicted); measured \(measured) bytes per round over \(rounds) rounds")
      }
      return lines.joined(separator: "\n")
    }
  #endif
}
