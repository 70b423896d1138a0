import Dispatch
import Foundation
import FeedStore

/// Read-only access to the store for HTTP handlers: its own connection (WAL lets it read
/// while the daemon writes), opened on first use (the daemon creates the file), and queries
/// run on a dedicated thread, so a slow query never holds a Swift concurrency thread.
final class StoreReader: @unchecked Sendable {
    // @unchecked: `store` is only touched on `queue`.
    private let path: String
    private let queue = DispatchQueue(label: "feedmerge.http-reader")
    private var store: Store?

    init(path: String) {
        self.path = path
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Store) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    let store = try self.store ?? Store(path: self.path, readOnly: true)
                    self.store = store
                    return try body(store)
                })
            }
        }
    }
}
