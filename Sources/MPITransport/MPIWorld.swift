#if MPI
  import CMPI

  /// The processes of the MPI job (`MPI_COMM_WORLD`). A program started without `mpirun` is a
  /// world of one process.
  public enum MPIWorld {
    static var communicator: MPI_Comm { CMPI_COMM_WORLD() }

    /// Initializes MPI (once) and returns this process's rank and the number of processes.
    public static func start() -> (rank: Int, size: Int) {
      var initialized: Int32 = 0
      MPI_Initialized(&initialized)
      if initialized == 0 { MPI_Init(nil, nil) }
      var rank: Int32 = 0
      var size: Int32 = 0
      MPI_Comm_rank(communicator, &rank)
      MPI_Comm_size(communicator, &size)
      return (Int(rank), Int(size))
    }

    /// Ends MPI; every process must call it before exiting normally.
    public static func finish() {
      MPI_Finalize()
    }

    /// Ends every process of the job at once with exit status `code` (after an error that only
    /// some processes saw: the others would otherwise wait for them forever).
    public static func abort(code: Int32) -> Never {
      MPI_Abort(communicator, code)
      fatalError("MPI_Abort returned")
    }

    /// Waits until every process has come here.
    public static func barrier() {
      MPI_Barrier(communicator)
    }

    /// The smallest `value` over all processes.
    public static func minimum(_ value: Int) -> Int {
      reduce(value, CMPI_MIN())
    }

    /// The largest `value` over all processes.
    public static func maximum(_ value: Int) -> Int {
      reduce(value, CMPI_MAX())
    }

    private static func reduce(_ value: Int, _ op: MPI_Op) -> Int {
      var local = Int32(clamping: value)
      var result: Int32 = 0
      MPI_Allreduce(&local, &result, 1, CMPI_INT(), op, communicator)
      return Int(result)
    }

    /// `values` of every process, concatenated in rank order (each process may give a different
    /// number of values).
    public static func gather(_ values: [Double]) -> [Double] {
      var size32: Int32 = 0
      MPI_Comm_size(communicator, &size32)
      let size = Int(size32)
      var count = Int32(values.count)
      var counts = [Int32](repeating: 0, count: size)
      MPI_Allgather(&count, 1, CMPI_INT(), &counts, 1, CMPI_INT(), communicator)
      var offsets = [Int32](repeating: 0, count: size)
      for p in 1..<size { offsets[p] = offsets[p - 1] + counts[p - 1] }
      var all = [Double](repeating: 0, count: Int(counts.reduce(0, +)))
      var local = values
      MPI_Allgatherv(
        &local, count, CMPI_DOUBLE(), &all, &counts, &offsets, CMPI_DOUBLE(), communicator)
      return all
    }
  }
#endif
