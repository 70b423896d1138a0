import Dispatch
import Synchronization

/// Copies the writer's WAL back into the database file on a thread of its own, so that the
/// writer never stops to checkpoint (SQLite's automatic checkpoint runs inside the commit that
/// crosses its threshold, on the writer's critical path).
///
/// After each commit the writer's connection reports the frames in its WAL; past `threshold`
/// this schedules one passive checkpoint on a second connection. Passive checkpoints never
/// block the writer or readers. Should the checkpointer fall behind (a long reader pinning
/// old frames), the writer checkpoints itself past `4 × threshold`, as SQLite's own
/// automatic checkpoint would, so the WAL stays bounded.
///
/// A checkpoint that fails loses nothing (the frames stay in the WAL, which is the durable
/// copy) and is retried at the next commit past the threshold; an I/O error that persists
/// surfaces as the writer's own error on its next write.
final class WALCheckpointer: Sendable {
    /// WAL frames (pages) that start a background checkpoint by default: 8192 pages, 32 MiB
    /// (each hot page is written back once per many commits).
    static let defaultThreshold = 8192

    /// WAL frames that start a background checkpoint.
    let threshold: Int

    private let connection: Connection
    private let queue = DispatchQueue(label: "feedmerge.store-checkpoint", qos: .utility)
    private let scheduled = Atomic<Bool>(false)
    private let copied = Atomic<Int>(0)

    /// Frames the background checkpoints have copied into the database file so far.
    var framesCopied: Int { copied.load(ordering: .relaxed) }

    /// The checkpointer's own connection, only touched on `queue`.
    private final class Connection: @unchecked Sendable {
        let database: Database
        init(_ database: Database) { self.database = database }
    }

    /// Opens the second connection to `path` (the writer's file, already migrated).
    init(path: String, threshold: Int = WALCheckpointer.defaultThreshold) throws(SQLiteError) {
        let database = try Database(path: path, readOnly: false)
        // A connection that has never read the file does not know it is in WAL mode yet:
        // its checkpoints would do nothing (SQLite reports -1 frames).
        try database.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        connection = Connection(database)
        self.threshold = max(1, threshold)
    }

    /// Makes `writer` report its commits here instead of checkpointing by itself.
    func install(on writer: Database) {
        writer.onCommit { [weak self, unowned writer] frames in
            guard let self else { return }
            if frames >= 4 * self.threshold {
                // Behind: do it now, as SQLite's automatic checkpoint would have.
                _ = try? writer.checkpoint()
            } else if frames >= self.threshold, !self.scheduled.exchange(true, ordering: .acquiringAndReleasing) {
                self.queue.async { self.run() }
            }
        }
    }

    private func run() {
        scheduled.store(false, ordering: .releasing)
        if let result = try? connection.database.checkpoint(), result.checkpointed > 0 {
            copied.add(result.checkpointed, ordering: .relaxed)
        }
    }

    /// Schedules one more checkpoint of whatever the WAL holds now, whatever its size: the
    /// store starts it when it closes, so that the copy runs beside the search index's last
    /// batch instead of after it, inside the closing connection's own checkpoint.
    func checkpointSoon() {
        queue.async { self.run() }
    }

    /// Waits for a scheduled checkpoint to finish (before the store closes).
    func drain() {
        queue.sync {}
    }
}
