import Foundation
import Logging
import Testing
import Clustering
import FeedFetch
import FeedModel
import FeedStore
import FeedTestKit
import ServiceLifecycleTestKit
@testable import Daemon

/// The scheduler's caps: a poll holds its host's transfer slot only while it fetches.
@Suite struct PollSlotTests {
    /// Holds the store's writer (one open transaction on another thread) from the moment the
    /// first source is served until the second is requested, or 5 s at most. (Which source
    /// comes first is the scheduler's choice: the loop takes them by due time, equal here.)
    final class StoreHold: @unchecked Sendable {
        // @unchecked: the flags are only touched under `lock`.
        private let store: Store
        private let lock = NSCondition()
        private var holding = false
        private var released = false
        private var over = false
        private var fetchedWhileHeld = false
        private var served = 0

        init(store: Store) { self.store = store }

        /// The first request starts the hold, the second ends it.
        func serve() {
            lock.lock()
            served += 1
            let first = served == 1
            lock.unlock()
            if first { start() } else { release() }
        }

        /// Starts holding the store and returns once it is held.
        private func start() {
            let thread = Thread { [self] in
                try? store.inOneTransaction {
                    lock.lock()
                    holding = true
                    lock.broadcast()
                    let deadline = Date().addingTimeInterval(5)
                    while !released, lock.wait(until: deadline) {}
                    holding = false
                    lock.unlock()
                }
                lock.lock()
                over = true
                lock.unlock()
            }
            thread.start()
            lock.lock()
            while !holding { lock.wait() }
            lock.unlock()
        }

        /// Records whether the store is still held, and lets it go.
        private func release() {
            lock.lock()
            fetchedWhileHeld = holding
            released = true
            lock.broadcast()
            lock.unlock()
        }

        var sawFetchWhileHeld: Bool {
            lock.lock()
            defer { lock.unlock() }
            return fetchedWhileHeld
        }

        /// Whether the store was held and has been let go.
        var isOver: Bool {
            lock.lock()
            defer { lock.unlock() }
            return over
        }
    }

    @Test func slotsCountTransfersPerHostAndPollsInFlight() {
        var slots = PollSlots(maxFetches: 3, maxPerHost: 2, maxPolls: 4)
        slots.start("a")
        slots.start("a")
        #expect(!slots.hasRoom(for: "a"))
        #expect(slots.hasRoom(for: "b"))
        slots.start("b")
        // Three transfers: full, whatever the host.
        #expect(slots.isFull)
        #expect(!slots.hasRoom(for: "c"))
        // A poll done fetching frees its host's transfer but stays in flight.
        slots.doneFetching("a")
        #expect(slots.hasRoom(for: "a"))
        slots.start("c")
        // Four polls in flight: full, though only three transfers run.
        #expect(slots.fetching == 3)
        #expect(slots.isFull)
        // The poll that was done fetching finishes: three polls, all fetching, still full.
        slots.finished()
        #expect(slots.polls == 3)
        #expect(slots.isFull)
        slots.doneFetching("b")
        #expect(!slots.isFull)
        #expect(slots.hasRoom(for: "b"))
    }

    /// In a single pass and in the daemon's event loop alike.
    @Test(arguments: [true, false])
    func aPollWaitingForTheStoreLeavesTheConnectionToTheNextSource(once: Bool) async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        let hold = StoreHold(store: workspace.store)
        server.route("/first.xml", .handler { _ in
            hold.serve()
            return .ok(Samples.rss([Samples.tram]))
        })
        server.route("/second.xml", .handler { _ in
            hold.serve()
            return .ok(Samples.rss([Samples.comet]))
        })
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        // One transfer at a time: the second source can only be fetched once the first has
        // given its slot back, while the first waits for the store.
        let limits = FetchLimits(connectTimeout: 2, totalTimeout: 10, maxConnectionsPerHost: 1, maxConnections: 1)
        let scheduler = PollScheduler(
            sources: [
                Source(name: "first", url: server.url("/first.xml"), kind: .feed, interval: 600),
                Source(name: "second", url: server.url("/second.xml"), kind: .feed, interval: 600),
            ],
            fetcher: Fetcher(limits: limits, logger: logger),
            ingestor: Ingestor(store: workspace.store, clusterer: Clusterer()), logger: logger, runOnce: once,
            maxConcurrentFetches: 1)
        if once {
            try await scheduler.run()
        } else {
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await scheduler.run() }
                    // Bounded: a second source that never lands fails the expectations below.
                    // (The store is not asked before the hold is over: a task waiting for it
                    // would hold one of the few cooperative threads the loop needs.)
                    for _ in 0..<500 where !hold.isOver {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    for _ in 0..<500 where try workspace.store.sources().contains(where: { $0.entryCount == 0 }) {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    trigger.triggerGracefulShutdown()
                    try await group.waitForAll()
                }
            }
        }
        #expect(hold.sawFetchWhileHeld)
        #expect(server.maxConcurrentConnections == 1)
        #expect(try workspace.state("first")?.entryCount == 1)
        #expect(try workspace.state("second")?.entryCount == 1)
    }
}
