import Foundation
import GossipTestSupport
import Testing

/// `gossip run --backend mpi`: the same experiment on one process and spread over MPI processes.
@Suite struct MPIRunTests {
  /// Algorithms that exchange one row, a packed pair (gradient tracking), M gradient steps per
  /// round (MSPD) and a spanning-tree average (DRS) on `topology`; records every 7 iterations so
  /// the last one is extra.
  static func experiment(topology: String, algorithms: String = "") -> String {
    """
    name: mpi
    seed: 3
    topology: \(topology)
    problem:
      { kind: logistic, synthetic: { samples: 160, features: 5 }, partition: iid,
        regularization: 0.01 }
    algorithms:
      - { name: dgd }
      - { name: extra }
      - { name: gradient-tracking }
      - { name: mspd, iterations: 30 }
      - { name: drs, iterations: 12, samples: 2 }
    \(algorithms)
    stop: { iterations: 40 }
    record: { every: 7 }
    """
  }

  static func folder(with text: String) throws -> URL {
    let dir = try CLI.temporaryDirectory()
    try text.write(to: dir.appendingPathComponent("exp.yaml"), atomically: true, encoding: .utf8)
    return dir
  }

  #if MPI
    static let mpirun = ["mpirun", "--allow-run-as-root", "--oversubscribe"]
    static let abilene = TestSupport.repositoryRoot.appendingPathComponent("topologies/abilene.gml")
      .path
    /// mpirun binds up to 2 processes to cores, which makes OpenBLAS single-threaded, and
    /// OpenBLAS's threading moves the spectral estimates (hence the default step sizes) in their
    /// last bits: the local run and the MPI runs all use one OpenBLAS thread.
    static let environment = ["OPENBLAS_NUM_THREADS": "1"]

    static func runMPI(_ arguments: [String], processes: Int, in dir: URL) throws -> CLIResult {
      try CLI.run(
        ["run"] + arguments + ["--backend", "mpi"], in: dir,
        launcher: mpirun + ["-np", "\(processes)"], environment: environment)
    }

    @Test(arguments: [
      "{ generate: ring, nodes: 12 }", "{ generate: torus, rows: 4, cols: 5 }",
      "{ file: \(MPIRunTests.abilene) }",
    ])
    func writesTheSameRunFolderAsTheLocalBackend(topology: String) throws {
      let dir = try Self.folder(with: Self.experiment(topology: topology))
      let local = try CLI.run(
        ["run", "exp.yaml", "--out", "local", "--quiet"], in: dir, environment: Self.environment)
      try #require(local.status == 0, "\(local.stderr)")
      for processes in [2, 3] {
        let out = "mpi\(processes)"
        let result = try Self.runMPI(["exp.yaml", "--out", out], processes: processes, in: dir)
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("mpi: \(processes) processes"))
        // Bit-identical: rounds sum in CSR order, observations are exact sums.
        for file in ["metrics.csv", "agents.csv", "summary.json", "config.yaml"] {
          let expected = try String(
            contentsOf: dir.appendingPathComponent("local/\(file)"), encoding: .utf8)
          let actual = try String(
            contentsOf: dir.appendingPathComponent("\(out)/\(file)"), encoding: .utf8)
          #expect(actual == expected, "\(file) differs with \(processes) processes")
        }
      }
    }

    @Test func refusesAnAlgorithmThatIsNotDistributed() throws {
      let dir = try Self.folder(
        with: Self.experiment(
          topology: "{ generate: ring, nodes: 8 }", algorithms: "  - { name: ssda }"))
      let result = try Self.runMPI(["exp.yaml", "--out", "run"], processes: 2, in: dir)
      #expect(result.status == 65)
      #expect(
        result.stderr.contains(
          "exp.yaml:13: error: algorithms[5]: ssda cannot run with --backend mpi"))
      // One message, from one process.
      #expect(result.stderr.components(separatedBy: "ssda cannot run").count == 2)
      #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run").path))
    }

    /// Only rank 0 writes, so only rank 0 sees that the folder exists: every process still ends.
    @Test func anErrorOnOneProcessEndsThemAll() throws {
      let dir = try Self.folder(with: Self.experiment(topology: "{ generate: ring, nodes: 8 }"))
      try FileManager.default.createDirectory(
        at: dir.appendingPathComponent("run"), withIntermediateDirectories: true)
      let result = try Self.runMPI(["exp.yaml", "--out", "run"], processes: 3, in: dir)
      #expect(result.status == 73)
      #expect(result.stderr.components(separatedBy: "error:").count == 2, "\(result.stderr)")
    }

    @Test func withoutMpirunItIsAOneProcessWorld() throws {
      let dir = try Self.folder(with: Self.experiment(topology: "{ generate: ring, nodes: 8 }"))
      let local = try CLI.run(
        ["run", "exp.yaml", "--out", "local", "--quiet"], in: dir, environment: Self.environment)
      let single = try CLI.run(
        ["run", "exp.yaml", "--out", "single", "--quiet", "--backend", "mpi"], in: dir,
        environment: Self.environment)
      try #require(local.status == 0 && single.status == 0, "\(single.stderr)")
      let expected = try String(
        contentsOf: dir.appendingPathComponent("local/metrics.csv"), encoding: .utf8)
      let actual = try String(
        contentsOf: dir.appendingPathComponent("single/metrics.csv"), encoding: .utf8)
      #expect(actual == expected)
    }

    /// The benchmark's checksum (the exact sum of every final iterate) is the same bits on 1
    /// process and on 3.
    @Test func benchDGDHasTheSameChecksumOnEveryNumberOfProcesses() throws {
      let arguments = ["bench", "dgd", "--nodes", "300", "--iterations", "5"]
      let local = try CLI.run(arguments)
      let mpi = try CLI.run(
        arguments + ["--backend", "mpi"], launcher: Self.mpirun + ["-np", "3"])
      try #require(local.status == 0 && mpi.status == 0, "\(mpi.stderr)")
      func checksum(_ out: String) -> Substring? {
        out.split(separator: "\n").first?.split(separator: " ").last
      }
      #expect(checksum(local.stdout) != nil && checksum(local.stdout) == checksum(mpi.stdout))
      #expect(mpi.stdout.contains("mpi: 3 processes"))
    }

    @Test func refusesMoreProcessesThanAgents() throws {
      let dir = try Self.folder(with: Self.experiment(topology: "{ generate: complete, nodes: 2 }"))
      let result = try Self.runMPI(["exp.yaml", "--out", "run"], processes: 3, in: dir)
      #expect(result.status == 64)
      #expect(result.stderr.contains("3 MPI processes for 2 agents"))
    }
  #else
    @Test func aBuildWithoutTheTraitSaysHowToGetOne() throws {
      let dir = try Self.folder(with: Self.experiment(topology: "{ generate: ring, nodes: 8 }"))
      let result = try CLI.run(["run", "exp.yaml", "--backend", "mpi"], in: dir)
      #expect(result.status == 64)
      #expect(result.stderr.contains("built without MPI") && result.stderr.contains("--traits MPI"))
    }
  #endif
}
