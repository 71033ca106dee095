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
/// and receives their rows into a halo buffer, with nonblocking point-to-point messages; the
/// rows with no remote neighbour are multiplied while the halo travels.
///
/// The counters describe the whole network exactly as ``InProcessCommunicator``'s do (they are
/// the simulated cost model, not MPI's traffic, which ``HaloTraffic`` measures). A row of
/// `m · x` is summed in CSR order from 0, as ``SparseMatrix/multiply(_:into:)-(Matrix,_)`` does,
/// so every round is bit-identical to the in-process one.
public final class MPICommunicator: Communicator {
  private var account: CommunicationAccount
  public let distribution: AgentDistribution
  private let traffic: HaloTraffic
  /// Send and halo buffers, sized for the widest message so far.
  private var sendBuffer = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)
  private var halo = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)
  private var requests: [MPI_Request?]
  private var treeSums: [ExactSum] = []
  /// One row's coefficients and source rows, for the largest row of the pattern.
  private let rowCoefficients: UnsafeMutablePointer<Double>
  private let rowSources: UnsafeMutablePointer<UnsafePointer<Double>>

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
    let longest = zip(distribution.patternStart, distribution.patternStart.dropFirst())
      .map { $1 - $0 }.max() ?? 0
    rowCoefficients = .allocate(capacity: longest)
    rowSources = .allocate(capacity: longest)
  }

  deinit {
    sendBuffer.deallocate()
    halo.deallocate()
    rowCoefficients.deallocate()
    rowSources.deallocate()
  }

  public func mix(_ x: Matrix, with m: SparseMatrix, into y: inout Matrix) {
    account.checkShape(m)
    checkRows(x, y)
    let d = x.columns
    x.storage.withUnsafeBufferPointer { xs in
      y.storage.withUnsafeMutableBufferPointer { ys in
        round(width: d, pack: { $1.update(from: xs.baseAddress! + $0 * d, count: d) }) { rows in
          multiply(rows, m, x: xs.baseAddress!, halo: (d, 0), width: d, y: ys.baseAddress!)
        }
      }
    }
    account.countRound(doublesPerMessage: d)
  }

  public func mix(
    _ a: Matrix, _ b: Matrix, with m: SparseMatrix, into ya: inout Matrix, _ yb: inout Matrix
  ) {
    account.checkShape(m)
    checkRows(a, ya)
    checkRows(b, yb)
    let (da, db) = (a.columns, b.columns)
    a.storage.withUnsafeBufferPointer { aas in
      b.storage.withUnsafeBufferPointer { bs in
        ya.storage.withUnsafeMutableBufferPointer { yas in
          yb.storage.withUnsafeMutableBufferPointer { ybs in
            // One message per neighbour carries both rows: a's values, then b's.
            round(
              width: da + db,
              pack: { row, out in
                out.update(from: aas.baseAddress! + row * da, count: da)
                (out + da).update(from: bs.baseAddress! + row * db, count: db)
              }
            ) { rows in
              let (xa, xb) = (aas.baseAddress!, bs.baseAddress!)
              multiply(rows, m, x: xa, halo: (da + db, 0), width: da, y: yas.baseAddress!)
              multiply(rows, m, x: xb, halo: (da + db, da), width: db, y: ybs.baseAddress!)
            }
          }
        }
      }
    }
    account.countRound(doublesPerMessage: da + db)
  }

  /// Every row of `y` becomes the average of all agents' rows of `x`: exact sums combined over
  /// the processes (an MPI allgather), counted as the spanning-tree reduce and broadcast.
  public func treeAverage(_ x: Matrix, into y: inout Matrix) {
    checkRows(x, y)
    ExactSum.columnSums(of: x, into: &treeSums)
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

  /// One halo exchange of rows of `width` values, with `compute` run on the interior rows while
  /// the messages travel and on the boundary rows once they have arrived.
  private func round(
    width: Int, pack: (Int, UnsafeMutablePointer<Double>) -> Void, compute: ([Int]) -> Void
  ) {
    reserve(width: width)
    let tag: Int32 = 0
    let world = MPIWorld.communicator
    var sendOffset = 0
    var sent = 0
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
      sent += sendOffset - start
    }
    compute(distribution.interiorRows)
    MPI_Waitall(Int32(requests.count), &requests, nil)
    compute(distribution.boundaryRows)
    traffic.doublesSent += sent
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

  /// `y[row] = Σ_k m[i, j_k] · x_{j_k}` for the local rows `rows` (agent i), in CSR order from 0;
  /// `x_j` is a local row of `x` (stride `width`) or, for a remote agent, the values from
  /// `halo.offset` on of its halo row (stride `halo.stride`, the message width).
  ///
  /// The row's columns are found by walking the local pattern in step with them (both
  /// increasing); all its source rows are located first and then read together, so that their
  /// cache misses overlap.
  private func multiply(
    _ rows: [Int], _ m: SparseMatrix, x: UnsafePointer<Double>,
    halo layout: (stride: Int, offset: Int), width d: Int, y: UnsafeMutablePointer<Double>
  ) {
    let (haloStride, haloOffset) = layout
    let haloBase = UnsafePointer(halo.baseAddress)
    let agents = distribution.localAgents.indices!
    let plan = distribution
    let (coefficients, sources) = (rowCoefficients, rowSources)
    m.rowPointers.withUnsafeBufferPointer { rp in
      m.columnIndices.withUnsafeBufferPointer { ci in
        m.values.withUnsafeBufferPointer { va in
          plan.patternColumns.withUnsafeBufferPointer { columns in
            plan.patternSources.withUnsafeBufferPointer { slots in
              for row in rows {
                let i = agents[row]
                var p = plan.patternStart[row]
                let end = plan.patternStart[row + 1]
                var count = 0
                for k in rp[i]..<rp[i + 1] {
                  while p < end && columns[p] != ci[k] { p += 1 }
                  precondition(p < end, "entry (\(i), \(ci[k])) is not a link of the network")
                  let s = Int(slots[p])
                  sources[count] =
                    s >= 0 ? x + s * d : haloBase! + (-1 - s) * haloStride + haloOffset
                  coefficients[count] = va[k]
                  count += 1
                }
                let yRow = y + row * d
                for t in 0..<d {
                  var sum = 0.0
                  for e in 0..<count { sum += coefficients[e] * sources[e][t] }
                  yRow[t] = sum
                }
              }
            }
          }
        }
      }
    }
  }
}
#endif
