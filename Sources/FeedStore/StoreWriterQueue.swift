import Dispatch
import Foundation

/// The daemon's store writes: one dedicated thread, with group commit.
///
/// The store serialises its connection with a lock. Called from async code, a caller that
/// waits on that lock would hold one of the few cooperative threads (two on a two-core
/// machine) and starve the fetching and parsing that could run beside the write. Work sent
/// here waits in a queue instead, and the awaiting task gives its thread back.
///
/// Writes that arrive while one is committing are grouped: the next turn runs all of them
/// (up to `maxGroup`) inside one transaction, each in its own savepoint, so one failing
/// write undoes only itself and the others become durable with a single commit. Index pages
/// that several writes touch are written to the WAL once instead of once per write.
/// Callers get their result only after the commit that holds their write.
public final class StoreWriterQueue: @unchecked Sendable {
    // @unchecked: `pending` and `scheduled` are only touched while holding `lock`.
    private let store: Store
    private let queue: DispatchQueue
    private let lock = NSLock()
    private var pending: [Job] = []
    private var scheduled = false
    /// Most writes grouped into one commit.
    public let maxGroup: Int

    /// One queued write: `run` does the work inside the group's transaction and keeps its
    /// result; `finish` hands the result (or the group's commit error) to the caller.
    private struct Job {
        let run: () -> Void
        let finish: ((any Error)?) -> Void
    }

    /// A serial queue writing to `store`, named `label` (seen in thread listings and profiles).
    public init(store: Store, maxGroup: Int = 32, label: String = "feedmerge.store-writer") {
        self.store = store
        self.maxGroup = max(1, maxGroup)
        self.queue = DispatchQueue(label: label, qos: .utility)
    }

    /// Runs `work` with the store on the writer thread, grouped with the writes queued beside
    /// it, and returns its result once the group is committed. The work always runs to its
    /// end (a transaction is never abandoned halfway), even if the awaiting task is cancelled.
    public func run<T: Sendable>(_ work: @escaping @Sendable (Store) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = Outcome<T>()
            enqueue(Job(
                run: { [store] in outcome.result = Result { try work(store) } },
                finish: { groupError in
                    if let groupError {
                        continuation.resume(throwing: groupError)
                    } else if let result = outcome.result {
                        continuation.resume(with: result)
                    } else {
                        continuation.resume(throwing: CancellationError())
                    }
                }))
        }
    }

    private func enqueue(_ job: Job) {
        lock.lock()
        pending.append(job)
        let schedule = !scheduled
        scheduled = true
        lock.unlock()
        if schedule { queue.async { self.drain() } }
    }

    /// Runs every queued write, `maxGroup` per transaction, until the queue is empty.
    private func drain() {
        while true {
            lock.lock()
            let group = Array(pending.prefix(maxGroup))
            pending.removeFirst(group.count)
            if group.isEmpty { scheduled = false }
            lock.unlock()
            guard !group.isEmpty else { return }
            var groupError: (any Error)?
            do {
                try store.inOneTransaction {
                    for job in group { job.run() }
                }
            } catch {
                groupError = error
            }
            for job in group { job.finish(groupError) }
        }
    }
}

/// A write's result, set on the writer thread before the group commits and read after.
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
