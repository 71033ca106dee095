#if MPI
  import CMPI
  import LinearAlgebra
  import Simulation
  import Topology

  /// What the processes of a run actually sent each other for the algorithms' rounds (halo rows),
  /// shared by the communicators of one run; observation and control traffic is not included.
  public final class HaloTraffic: @unchecked Sendable {
    /// Values (8 bytes each) this process sent.
    public internal(set) var doublesSent = 0
    /// Rounds exchanged.
    public internal(set) var rounds = 0

    public init() {}
  }

  /// A ``Communicator`` over Open MPI: this process holds the rows of its block of agents
  /// (``AgentDistribution``) and, for each round, sends the rows its neighbouring processes need
  /// and receives theirs with nonblocking point-to-point messages. While the messages travel, its
  /// own rows are copied into the extended matrix (local and halo rows in agent order); then the
  /// matrix's local rows, renumbered into that order, multiply it with the same
  /// ``SparseMatrix/multiply(_:into:)-(Matrix,_)`` as in-process — same kernel, same order of
  /// sums, so every round is bit-identical to the in-process one.
  ///
  /// The counters describe the whole network exactly as ``InProcessCommunicator``'s do (they are
  /// the simulated cost model, not MPI's traffic, which ``HaloTraffic`` measures).
  public final class MPICommunicator: Communicator {
    private var account: CommunicationAccount
    public let distribution: AgentDistribution
    private let traffic: HaloTraffic
    /// Send and halo buffers, sized for the widest message so far.
    private var sendBuffer = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)
    private var halo = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)
    private var requests: [MPI_Request?]
    private var treeSums: [ExactSum] = []
    private var bins = BinnedSum()
    /// The local and halo rows of the two matrices of a round, in agent order.
    private var extended = [Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0)]
    /// The local rows of every matrix this communicator has mixed with.
    private var localMatrices: [LocalRows] = []

    public var network: Graph { account.network }
    public var localAgents: LocalAgents { distribution.localAgents }
    public var counters: CommunicationCounters { account.counters }
    public var communicationTime: Double { account.communicationTime }

    public init(
      distribution: AgentDistribution, network: Graph, timeModel: TimeModel,
      traffic: HaloTraffic = HaloTraffic()
    ) {
      account = CommunicationAccount(network: network, timeModel: timeModel)
      self.distribution = distribution
      self.traffic = traffic
      requests = Array(repeating: nil, count: 2 * distribution.neighbours.count)
    }

    deinit {
      sendBuffer.deallocate()
      halo.deallocate()
    }

    public func mix(_ x: Matrix, with m: SparseMatrix, into y: inout Matrix) {
      account.checkShape(m)
      checkRows(x, y)
      let d = x.columns
      let k = localRows(of: m)
      reserveExtended(0, width: d)
      x.storage.withUnsafeBufferPointer { xs in
        round(width: d, pack: { $1.update(from: xs.baseAddress! + $0 * d, count: d) }) {
          copyLocalRows(xs, width: d, into: 0)
        }
      }
      copyHaloRows(stride: d, offset: 0, width: d, into: 0)
      localMatrices[k].local.multiply(extended[0], into: &y)
      account.countRound(doublesPerMessage: d)
    }

    public func mix(
      _ a: Matrix, _ b: Matrix, with m: SparseMatrix, into ya: inout Matrix, _ yb: inout Matrix
    ) {
      account.checkShape(m)
      checkRows(a, ya)
      checkRows(b, yb)
      let (da, db) = (a.columns, b.columns)
      let k = localRows(of: m)
      reserveExtended(0, width: da)
      reserveExtended(1, width: db)
      a.storage.withUnsafeBufferPointer { aas in
        b.storage.withUnsafeBufferPointer { bs in
          // One message per neighbour carries both rows: a's values, then b's.
          round(
            width: da + db,
            pack: { row, out in
              out.update(from: aas.baseAddress! + row * da, count: da)
              (out + da).update(from: bs.baseAddress! + row * db, count: db)
            }
          ) {
            copyLocalRows(aas, width: da, into: 0)
            copyLocalRows(bs, width: db, into: 1)
          }
        }
      }
      copyHaloRows(stride: da + db, offset: 0, width: da, into: 0)
      copyHaloRows(stride: da + db, offset: da, width: db, into: 1)
      localMatrices[k].local.multiply(extended[0], into: &ya)
      localMatrices[k].local.multiply(extended[1], into: &yb)
      account.countRound(doublesPerMessage: da + db)
    }

    /// Every row of `y` becomes the average of all agents' rows of `x`: exact sums combined over
    /// the processes (an MPI allgather), counted as the spanning-tree reduce and broadcast.
    public func treeAverage(_ x: Matrix, into y: inout Matrix) {
      checkRows(x, y)
      ExactSum.columnSums(of: x, into: &treeSums, using: &bins)
      combineObserved(&treeSums)
      ExactSum.fillRows(&y, withAverage: treeSums, count: localAgents.total)
      account.countTreeAverage(doublesPerMessage: x.columns)
    }

    /// Gathers every process's partials and merges them in rank order: exact, so every process
    /// ends with the same sums, equal to one process adding all rows.
    public func combineObserved(_ sums: inout [ExactSum]) {
      var flat: [Double] = []
      for s in sums { flat += [s.special, Double(s.partials.count)] + s.partials }
      let all = MPIWorld.gather(flat)
      for i in sums.indices { sums[i].reset() }
      var k = 0
      while k < all.count {
        for i in sums.indices {
          let count = Int(all[k + 1])
          sums[i].add(partials: all[(k + 2)..<(k + 2 + count)], special: all[k])
          k += 2 + count
        }
      }
    }

    public func maximumObserved(_ value: Double) -> Double {
      var local = value
      var result = 0.0
      MPI_Allreduce(&local, &result, 1, CMPI_DOUBLE(), CMPI_MAX(), MPIWorld.communicator)
      return result
    }

    public func gatherObserved(_ values: [Double]) -> [Double] {
      precondition(values.count == localAgents.count, "one value per local agent")
      let all = MPIWorld.gather(values)
      // Rank order lists each process's agents in increasing order.
      var next = [Int](repeating: 0, count: distribution.processCount)
      for p in 1..<distribution.processCount {
        next[p] = next[p - 1] + distribution.owner.lazy.filter { $0 == p - 1 }.count
      }
      return distribution.owner.map { p in
        defer { next[Int(p)] += 1 }
        return all[next[Int(p)]]
      }
    }

    // MARK: The round

    private func checkRows(_ x: Matrix, _ y: Matrix) {
      precondition(
        x.rows == localAgents.count && y.rows == x.rows && y.columns == x.columns,
        "this process holds \(localAgents.count) agents; got \(x.rows) and \(y.rows) rows")
    }

    /// One halo exchange of rows of `width` values into ``halo``, running `whileWaiting` while
    /// the messages travel.
    private func round(
      width: Int, pack: (Int, UnsafeMutablePointer<Double>) -> Void, whileWaiting: () -> Void
    ) {
      reserve(width: width)
      let tag: Int32 = 0
      let world = MPIWorld.communicator
      var sendOffset = 0
      for (k, neighbour) in distribution.neighbours.enumerated() {
        MPI_Irecv(
          halo.baseAddress! + neighbour.haloStart * width, Int32(neighbour.receiveCount * width),
          CMPI_DOUBLE(), Int32(neighbour.process), tag, world, &requests[2 * k])
        let start = sendOffset
        for row in neighbour.sendRows {
          pack(row, sendBuffer.baseAddress! + sendOffset)
          sendOffset += width
        }
        MPI_Isend(
          sendBuffer.baseAddress! + start, Int32(sendOffset - start), CMPI_DOUBLE(),
          Int32(neighbour.process), tag, world, &requests[2 * k + 1])
      }
      whileWaiting()
      MPI_Waitall(Int32(requests.count), &requests, nil)
      traffic.doublesSent += sendOffset
      traffic.rounds += 1
    }

    /// Buffers for rows of `width` values; allocates only when a wider message than before comes.
    private func reserve(width: Int) {
      let sendCount = distribution.neighbours.reduce(0) { $0 + $1.sendRows.count } * width
      let haloCount = distribution.haloCount * width
      if sendBuffer.count < sendCount {
        sendBuffer.deallocate()
        sendBuffer = .allocate(capacity: sendCount)
      }
      if halo.count < haloCount {
        halo.deallocate()
        halo = .allocate(capacity: haloCount)
      }
    }

    /// Extended matrix `k` with rows of `width` values (reallocated only when the width changes).
    private func reserveExtended(_ k: Int, width: Int) {
      if extended[k].columns != width {
        extended[k] = Matrix(rows: distribution.extendedCount, columns: width)
      }
    }

    /// This process's rows of a matrix (`width` values each) into their extended rows.
    private func copyLocalRows(_ x: UnsafeBufferPointer<Double>, width d: Int, into k: Int) {
      extended[k].storage.withUnsafeMutableBufferPointer { e in
        for (row, target) in distribution.extendedRowOfLocal.enumerated() {
          (e.baseAddress! + target * d).update(from: x.baseAddress! + row * d, count: d)
        }
      }
    }

    /// The `width` values from `offset` on of every halo row (messages of `stride` values) into
    /// their extended rows of matrix `k`.
    private func copyHaloRows(stride: Int, offset: Int, width d: Int, into k: Int) {
      guard distribution.haloCount > 0 else { return }
      extended[k].storage.withUnsafeMutableBufferPointer { e in
        for (h, target) in distribution.extendedRowOfHalo.enumerated() {
          (e.baseAddress! + target * d).update(
            from: halo.baseAddress! + h * stride + offset, count: d)
        }
      }
    }

    /// The index in ``localMatrices`` of `m`'s local rows, built at `m`'s first round.
    ///
    /// A matrix is recognised by its column and row-pointer buffers, which the stored copy keeps
    /// alive (so no other matrix can reuse their addresses); its values are refreshed every round,
    /// since `SparseMatrix.values` may change in place.
    private func localRows(of m: SparseMatrix) -> Int {
      func buffers(_ a: SparseMatrix) -> (UnsafeRawPointer?, UnsafeRawPointer?) {
        (
          a.columnIndices.withUnsafeBytes { $0.baseAddress },
          a.rowPointers.withUnsafeBytes { $0.baseAddress }
        )
      }
      let key = buffers(m)
      let k =
        localMatrices.firstIndex { buffers($0.source) == key }
        ?? {
          localMatrices.append(LocalRows(m, distribution))
          return localMatrices.count - 1
        }()
      localMatrices[k].refreshValues(from: m)
      return k
    }
  }

  /// A matrix's rows of this process's agents, with the columns numbered as extended rows.
  private struct LocalRows {
    let source: SparseMatrix
    var local: SparseMatrix
    /// The position in `source.values` of each stored entry of `local`.
    let positions: [Int]

    init(_ m: SparseMatrix, _ distribution: AgentDistribution) {
      var rowPointers = [0]
      var columns: [Int32] = []
      var positions: [Int] = []
      for agent in distribution.localAgents.indices! {
        for k in m.rowPointers[agent]..<m.rowPointers[agent + 1] {
          let s = Int(distribution.slot[Int(m.columnIndices[k])])
          precondition(
            s != Int(Int32.min),
            "entry (\(agent), \(m.columnIndices[k])) is not a link of the network")
          let e =
            s >= 0 ? distribution.extendedRowOfLocal[s] : distribution.extendedRowOfHalo[-1 - s]
          columns.append(Int32(e))
          positions.append(k)
        }
        rowPointers.append(columns.count)
      }
      source = m
      local = SparseMatrix(
        rows: rowPointers.count - 1, columns: distribution.extendedCount, rowPointers: rowPointers,
        columnIndices: columns, values: positions.map { m.values[$0] })
      self.positions = positions
    }

    mutating func refreshValues(from m: SparseMatrix) {
      m.values.withUnsafeBufferPointer { source in
        local.values.withUnsafeMutableBufferPointer { values in
          for (e, k) in positions.enumerated() { values[e] = source[k] }
        }
      }
    }
  }
#endif
