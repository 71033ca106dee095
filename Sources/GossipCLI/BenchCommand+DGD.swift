import Algorithms
import ArgumentParser
import Dispatch
import Experiments
import Foundation
import GossipCore
import LinearAlgebra
import Mixing
import Problems
import Simulation
import Topology

#if MPI
  import MPITransport
#endif

extension BenchCommand {
  struct DGDRun: GossipCommand {
    static let configuration = CommandConfiguration(
      commandName: "dgd",
      abstract: "Time DGD iterations on a large least-squares problem, in-process or over MPI.",
      discussion: """
        A K-regular random network on N agents (Metropolis weights), least squares on synthetic
        data with S samples per agent split iid, and --iterations DGD iterations (one gradient
        and one round each) with a constant step. The set-up (network, data, partition) is not
        timed, nor is an F* or a spectrum computed; the iterations are, on the same code path
        as `gossip run` (DGD, ProblemObjectives, the backend's communicator). The checksum (the
        exact sum of every agent's final iterate) is the same bits for every backend and number
        of processes.

          gossip bench dgd --nodes 1000000 --dim 10 --degree 4
          mpirun -np 2 gossip bench dgd --nodes 1000000 --dim 10 --degree 4 --backend mpi
        """)

    @Option(name: [.customShort("n"), .long], help: "Number of agents.")
    var nodes: Int = 1_000_000
    @Option(help: "Dimension of each agent's vector (the features).")
    var dim: Int = 10
    @Option(help: "Degree of the random regular network.")
    var degree: Int = 4
    @Option(help: "Samples per agent.")
    var samples: Int = 2
    @Option(help: "DGD iterations to time.")
    var iterations: Int = 20
    @Option(help: "The constant step, relative to 1/L (L the largest local smoothness).")
    var step: Double = 0.5
    @Option(help: "Seed of the network, the data and the partition.")
    var seed: UInt64 = 0
    @Option(
      help: "local (this process) or mpi (the processes of mpirun; a build with --traits MPI).")
    var backend: RunCommand.BackendName = .local

    func validate() throws {
      guard nodes >= 2, dim >= 1, samples >= 1, iterations >= 1, step > 0 else {
        throw ValidationError(
          "--nodes must be ≥ 2, --dim, --samples, --iterations ≥ 1, --step > 0")
      }
    }

    func execute() throws {
      switch backend {
      case .local:
        let (problem, graph, mixing) = try setUp()
        let timeModel = try TimeModel(tau: 1, network: graph)
        let communicator = InProcessCommunicator(network: graph, timeModel: timeModel)
        let (seconds, checksum) = time(problem, mixing, communicator, timeModel)
        print(Self.line(nodes, dim, processes: 1, seconds: seconds, iterations, checksum))
      case .mpi:
        #if MPI
          let world = MPIWorld.start()
          defer { MPIWorld.finish() }
          let (problem, graph, mixing) = try setUp()
          let owners = try AgentDistribution.owners(of: graph, processes: world.size, seed: seed)
          let distribution = AgentDistribution(
            network: graph, owner: owners, process: world.rank, processCount: world.size)
          let traffic = HaloTraffic()
          let timeModel = try TimeModel(tau: 1, network: graph)
          let communicator = MPICommunicator(
            distribution: distribution, network: graph, timeModel: timeModel, traffic: traffic)
          MPIWorld.barrier()
          let (seconds, checksum) = time(problem, mixing, communicator, timeModel)
          // The slowest process sets the pace.
          let slowest = MPIWorld.gather([seconds]).max()!
          let report = RunCommand.trafficReport(distribution, traffic, dimension: dim)
          if world.rank == 0 {
            print(
              Self.line(nodes, dim, processes: world.size, seconds: slowest, iterations, checksum))
            print(report)
          }
        #else
          throw RunCommand.missingTrait
        #endif
      }
    }

    private func setUp() throws -> (DistributedProblem, Graph, SparseMatrix) {
      var rng = SeededGenerator(seed: seed)
      let graph = try Graph.randomRegular(nodes: nodes, degree: degree, using: &rng)
      let mixing = try MixingMatrix.make(graph, rule: .metropolis)
      let data = try Synthetic.regression(
        samples: nodes * samples, features: dim, noise: 0.1, using: &rng)
      let assignment = try Partition.assign(
        samples: data.sampleCount, labels: data.labels, agents: nodes, rule: .iid, using: &rng)
      let problem = try DistributedProblem(
        kind: .leastSquares, dataset: data, assignment: assignment)
      return (problem, graph, mixing)
    }

    /// Seconds of `iterations` DGD iterations from x⁰ = 0, and the checksum of the final
    /// iterates.
    private func time(
      _ problem: DistributedProblem, _ mixing: SparseMatrix, _ communicator: any Communicator,
      _ timeModel: TimeModel
    ) -> (Double, Double) {
      let agents = communicator.localAgents
      let objectives = ProblemObjectives(problem: problem, agents: agents)
      var context = SimulationContext(
        communicator: communicator, objectives: objectives, timeModel: timeModel)
      let smoothness = problem.localSmoothness.max()!
      let dgd = DGD(mixing: mixing, schedule: .constant(step / smoothness))
      var state = dgd.makeState(
        initial: Matrix(rows: agents.count, columns: dim), context: &context)
      let start = DispatchTime.now().uptimeNanoseconds
      for _ in 0..<iterations { dgd.step(&state, context: &context) }
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      var bins = BinnedSum()
      state.x.storage.withUnsafeBufferPointer { xs in bins.add(count: xs.count) { xs[$0] } }
      var sums = [ExactSum()]
      bins.move(into: &sums[0])
      communicator.combineObserved(&sums)
      return (seconds, sums[0].value)
    }

    static func line(
      _ nodes: Int, _ dim: Int, processes: Int, seconds: Double, _ iterations: Int,
      _ checksum: Double
    ) -> String {
      let perIteration = String(format: "%.4f", seconds / Double(iterations))
      return "dgd, n = \(nodes), d = \(dim), \(processes) process(es): \(perIteration) s per "
        + "iteration (\(iterations) iterations), checksum \(checksum)"
    }
  }
}
