import Foundation
import FeedFetch
import FeedModel
import FeedStore
import Logging
import ServiceLifecycle

/// The polling service: keeps every configured source's next poll time in the store,
/// polls due sources (at most `maxConcurrentPolls` at once) and sleeps until the next one
/// is due. After a restart it resumes from the stored times. On graceful shutdown it stops
/// starting polls and lets the ones in flight finish their transaction.
public struct PollScheduler: Service {
    let sources: [Source]
    let poller: SourcePoller
    let store: Store
    let logger: Logger
    let runOnce: Bool
    let maxConcurrentPolls: Int
    let now: @Sendable () -> Date

    /// - Parameter runOnce: poll every source once, now, then return (the demo's single pass).
    public init(
        sources: [Source], fetcher: Fetcher, ingestor: Ingestor, logger: Logger, runOnce: Bool = false,
        maxConcurrentPolls: Int = 8, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.sources = sources
        self.poller = SourcePoller(fetcher: fetcher, ingestor: ingestor, logger: logger)
        self.store = ingestor.store
        self.logger = logger
        self.runOnce = runOnce
        self.maxConcurrentPolls = max(1, maxConcurrentPolls)
        self.now = now
    }

    public func run() async throws {
        try store.syncSources(sources, now: now())
        logger.info("scheduler started", metadata: ["sources": "\(sources.count)"])
        if runOnce {
            await pollCycle(dueOnly: false)
            return
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await pollCycle(dueOnly: true)
            let wait = try nextWake()
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
                }
            } catch {
                break
            }
        }
        logger.info("scheduler stopped")
    }

    /// Polls the due sources (or all of them), `maxConcurrentPolls` at a time.
    func pollCycle(dueOnly: Bool) async {
        let states: [SourceState]
        do {
            states = try store.sources()
        } catch {
            logger.error("cannot read sources from the store: \(error)")
            return
        }
        let byName = Dictionary(states.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let current = now()
        let due: [(Source, SourceState)] = sources.compactMap { source in
            guard let state = byName[source.name] else { return nil }
            return (!dueOnly || state.nextPollAt <= current) ? (source, state) : nil
        }
        guard !due.isEmpty else { return }
        let poller = poller
        let now = now
        await withTaskGroup(of: Void.self) { group in
            var pending = due[...]
            var running = 0
            while running < maxConcurrentPolls, let (source, state) = pending.popFirst() {
                group.addTask { _ = await poller.poll(source, state: state, now: now) }
                running += 1
            }
            for await _ in group {
                if Task.isShuttingDownGracefully { continue }
                if let (source, state) = pending.popFirst() {
                    group.addTask { _ = await poller.poll(source, state: state, now: now) }
                }
            }
        }
    }

    /// Seconds until the earliest next poll of a configured source (between 1 s and 60 s).
    private func nextWake() throws -> Double {
        let names = Set(sources.map(\.name))
        let next = try store.sources().filter { names.contains($0.name) }.map(\.nextPollAt).min()
        let seconds = (next ?? now().addingTimeInterval(60)).timeIntervalSince(now())
        return min(max(seconds, 1), 60)
    }
}
