import Simulation

extension Experiment {
  /// Runs every algorithm in order into `folder`, writing the results after each one, and moves
  /// the folder into place at the end. With `folder == nil` nothing is written: the other
  /// processes of an MPI run compute alongside the one that writes.
  ///
  /// Once `isCancelled` returns true, the running algorithm stops (status `interrupted`, what it
  /// recorded is kept) and the ones not yet started are reported `interrupted` with 0 iterations
  /// (and their initial point recorded).
  /// - Parameters:
  ///   - progress: called with the algorithm's label and every record.
  ///   - finished: called after each algorithm, with its result.
  ///   - completing: called with the folder being written, after the last results and before the
  ///     folder is moved into place (the command line draws the run's figures there).
  public func run(
    into folder: RunFolder?, backend: Backend = .local, isCancelled: () -> Bool = { false },
    progress: (String, Record) -> Void = { _, _ in },
    finished: (AlgorithmResult) -> Void = { _ in },
    completing: (String) -> Void = { _ in }
  ) throws -> [AlgorithmResult] {
    try folder?.writeSetup(self)
    var results: [AlgorithmResult] = []
    for k in algorithms.indices {
      let label = algorithms[k].spec.label
      // After an interruption, the runner records the initial point and stops at once.
      let result = run(
        k, backend: backend, isCancelled: isCancelled, progress: { progress(label, $0) })
      results.append(result)
      try folder?.writeResults(self, results)
      finished(result)
    }
    guard let folder else { return results }
    completing(folder.writingPath)
    try folder.finish()
    return results
  }
}
