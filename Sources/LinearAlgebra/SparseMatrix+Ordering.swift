/// Node orderings that keep a sparse matrix's entries near its diagonal.
///
/// A product `Y = A·X` reads, for row i, the rows of `X` at the columns of row i. With a random
/// network these rows are scattered over all of `X` (a DRAM access and a TLB miss each once `X`
/// exceeds the cache); numbered so that neighbours get nearby numbers, consecutive rows of `A`
/// read nearby, mostly increasing rows of `X`, which the hardware prefetchers follow.
extension SparseMatrix {
  /// The reverse Cuthill–McKee order of a square, structurally symmetric matrix: `order[k]` is
  /// the row to place at position k (a permutation of `0..<rows`).
  ///
  /// Each connected part of the pattern (diagonal entries ignored) is numbered by breadth-first
  /// search from a pseudo-peripheral row (George & Liu: from a row of least degree, restart from
  /// a least-degree row of the last level while the number of levels grows), visiting neighbours
  /// by increasing degree; the whole order is then reversed. Parts are taken in order of their
  /// smallest row. O(entries · log(degree)) time, O(rows) memory.
  ///
  /// Reference: E. Cuthill & J. McKee, *Reducing the bandwidth of sparse symmetric matrices*,
  /// ACM 1969, doi:10.1145/800195.805928; A. George & J. W. H. Liu, *Computer Solution of Large
  /// Sparse Positive Definite Systems*, Prentice-Hall 1981, §4.3.
  public func reverseCuthillMcKeeOrder() -> [Int] {
    precondition(rows == columns, "an ordering needs a square matrix, got \(rows)×\(columns)")
    let n = rows
    var degree = [Int](repeating: 0, count: n)
    for i in 0..<n {
      for k in rowPointers[i]..<rowPointers[i + 1] where Int(columnIndices[k]) != i {
        degree[i] += 1
      }
    }
    var order: [Int] = []
    order.reserveCapacity(n)
    var numbered = [Bool](repeating: false, count: n)
    // Level of each row in the current search, stamped with the search number.
    var seenIn = [Int](repeating: -1, count: n)
    var searches = 0
    var neighbours: [Int] = []

    /// Breadth-first search of the unnumbered rows reachable from `root`, appending them to
    /// `queue` level by level (neighbours by increasing degree); returns the number of levels
    /// and where the last level starts in `queue`.
    func search(from root: Int, into queue: inout [Int]) -> (levels: Int, lastLevel: Int) {
      searches += 1
      let start = queue.count
      queue.append(root)
      seenIn[root] = searches
      var head = start
      var levels = 0
      var lastLevel = start
      while head < queue.count {
        levels += 1
        lastLevel = head
        let levelEnd = queue.count
        while head < levelEnd {
          let i = queue[head]
          head += 1
          neighbours.removeAll(keepingCapacity: true)
          for k in rowPointers[i]..<rowPointers[i + 1] {
            let j = Int(columnIndices[k])
            if !numbered[j] && seenIn[j] != searches {
              seenIn[j] = searches
              neighbours.append(j)
            }
          }
          neighbours.sort { (degree[$0], $0) < (degree[$1], $1) }
          queue.append(contentsOf: neighbours)
        }
      }
      return (levels, lastLevel)
    }

    var trial: [Int] = []
    for first in 0..<n where !numbered[first] {
      // The component's least-degree row, then George–Liu restarts.
      trial.removeAll(keepingCapacity: true)
      _ = search(from: first, into: &trial)
      var root = trial.min { (degree[$0], $0) < (degree[$1], $1) }!
      trial.removeAll(keepingCapacity: true)
      var (levels, lastLevel) = search(from: root, into: &trial)
      while true {
        let candidate = trial[lastLevel...].min { (degree[$0], $0) < (degree[$1], $1) }!
        var next: [Int] = []
        let result = search(from: candidate, into: &next)
        guard result.levels > levels else { break }
        (root, levels, lastLevel, trial) = (candidate, result.levels, result.lastLevel, next)
      }
      // `trial` is the search from `root`, exactly what searching again would give: the
      // component's order (a search of 10⁶ rows costs 0.5 s).
      order.append(contentsOf: trial)
      for i in trial { numbered[i] = true }
    }
    return order.reversed()
  }

  /// `P·A·Pᵀ` for the permutation `order` (as ``reverseCuthillMcKeeOrder()`` returns it): entry
  /// (k, l) of the result is entry (order[k], order[l]) of this matrix. O(entries · log(degree)).
  public func symmetricallyPermuted(by order: [Int]) -> SparseMatrix {
    precondition(
      rows == columns && order.count == rows, "a permutation of the \(rows) rows is needed")
    var position = [Int](repeating: -1, count: rows)
    for (k, i) in order.enumerated() {
      precondition(i >= 0 && i < rows && position[i] < 0, "order is not a permutation")
      position[i] = k
    }
    var pointers = [0]
    pointers.reserveCapacity(rows + 1)
    var newColumns: [Int32] = []
    newColumns.reserveCapacity(storedCount)
    var newValues: [Double] = []
    newValues.reserveCapacity(storedCount)
    var row: [(column: Int32, value: Double)] = []
    for i in order {
      row.removeAll(keepingCapacity: true)
      for k in rowPointers[i]..<rowPointers[i + 1] {
        row.append((Int32(position[Int(columnIndices[k])]), values[k]))
      }
      row.sort { $0.column < $1.column }
      for entry in row {
        newColumns.append(entry.column)
        newValues.append(entry.value)
      }
      pointers.append(newColumns.count)
    }
    return SparseMatrix(
      rows: rows, columns: columns, rowPointers: pointers, columnIndices: newColumns,
      values: newValues)
  }
}
