import Foundation
import FeedStore
import Logging
import ServiceLifecycle

/// Prunes entries older than the retention window on a schedule (first a little after
/// start, then every `every`), and gives the freed pages back to the file system. Stops at
/// graceful shutdown; a pass in hand finishes its current batch transaction.
public struct RetentionService: Service {
    let store: Store
    /// Seconds an entry is kept after it last changed.
    let retention: Int
    let every: Duration
    let firstDelay: Duration
    let logger: Logger
    let now: @Sendable () -> Date

    public init(
        store: Store, retention: Int, every: Duration = .seconds(3600), firstDelay: Duration = .seconds(30),
        logger: Logger, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.retention = retention
        self.every = every
        self.firstDelay = firstDelay
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        guard retention > 0 else {
            logger.info("retention off: entries are kept forever")
            try? await gracefulShutdown()
            return
        }
        var delay = firstDelay
        while !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { [delay] in try await Task.sleep(for: delay) }
            } catch {
                return
            }
            delay = every
            runPass()
        }
    }

    /// One pass: prune, vacuum, log what happened.
    func runPass() {
        let cutoff = now().addingTimeInterval(-Double(retention))
        let started = ContinuousClock.now
        do {
            let report = try store.prune(before: cutoff)
            let elapsed = ContinuousClock.now - started
            let level: Logger.Level = report.entries > 0 ? .info : .debug
            logger.log(level: level, "retention pass", metadata: [
                "retention.entries": "\(report.entries)", "retention.versions": "\(report.versions)",
                "retention.stories": "\(report.stories)", "retention.freed_pages": "\(report.freedPages)",
                "retention.seconds": "\(elapsed.components.seconds)",
            ])
        } catch {
            logger.error("retention pass failed: \(error)")
        }
    }
}
