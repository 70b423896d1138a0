import Foundation
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing
import Clustering
import FeedFetch
import FeedModel
@testable import FeedStore
@testable import Daemon
#if canImport(Glibc)
import Glibc
#endif

/// The watchdog pings come from the loop that does the work: when that loop cannot turn
/// (here: the store is held by someone else), the pings stop, and systemd would restart us.
@Suite struct WatchdogTests {
    /// A datagram socket standing in for systemd's notify socket.
    final class Receiver: @unchecked Sendable {
        let path: String
        let descriptor: Int32

        init(folder: URL) {
            path = folder.appendingPathComponent("n.sock").path
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
            }
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }

        private let lock = NSLock()
        private var times: [Double] = []
        private var listening = true

        /// Records the times (seconds since `start`) at which WATCHDOG=1 arrives, on a thread
        /// of its own until `stop()`: blocking one of the few cooperative threads would starve
        /// the scheduler under test when other suites run beside it.
        func listen(since start: Date) {
            Thread {
                var buffer = [UInt8](repeating: 0, count: 1024)
                while self.lock.withLock({ self.listening }) {
                    var entry = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
                    guard poll(&entry, 1, 20) == 1 else { continue }
                    let count = recv(self.descriptor, &buffer, buffer.count, 0)
                    if count > 0, String(decoding: buffer[..<count], as: UTF8.self).contains("WATCHDOG=1") {
                        let time = Date().timeIntervalSince(start)
                        self.lock.withLock { self.times.append(time) }
                    }
                }
            }.start()
        }

        /// Waits until `count` pings have arrived after `time` (or `seconds` have passed): on a
        /// busy machine the loop under test may need a while to get a thread.
        func wait(for count: Int, after time: Double, seconds: Double = 60) async throws -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if lock.withLock({ times.filter { $0 > time }.count }) >= count { return true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return false
        }

        /// Stops listening and returns the times seen.
        func stop() -> [Double] {
            lock.withLock {
                listening = false
                return times
            }
        }

        deinit {
            close(descriptor)
            unlink(path)
        }
    }

    @Test func aStuckLoopStopsPinging() async throws {
        let workspace = try DaemonWorkspace()
        let receiver = Receiver(folder: workspace.folder)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.path, "WATCHDOG_USEC": "100000"])
        #expect(notifier.watchdogInterval == .milliseconds(50))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let good = try workspace.file("good.rss", Samples.rss([Samples.tram]))
        let scheduler = PollScheduler(
            sources: [Source(name: "good", url: good, kind: .feed, interval: 3600)],
            fetcher: Fetcher(logger: logger), ingestor: Ingestor(store: workspace.store, clusterer: Clusterer()),
            logger: logger, notifier: notifier)
        let store = workspace.store
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await scheduler.run() }
                let start = Date()
                receiver.listen(since: start)
                // Healthy at first; then another thread holds the store's reader connection (the
                // one the loop asks which sources are due) for a second; then healthy again.
                #expect(try await receiver.wait(for: 2, after: 0))
                let held = HeldWindow()
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    Thread {
                        _ = try? store.withReader { _ in
                            held.mark(begin: Date().timeIntervalSince(start))
                            Thread.sleep(forTimeInterval: 1.0)
                            held.mark(end: Date().timeIntervalSince(start))
                        }
                        done.resume()
                    }.start()
                }
                #expect(try await receiver.wait(for: 2, after: held.window.1))
                let times = receiver.stop()
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()

                let (begin, end) = held.window
                #expect(times.contains { $0 < begin }, "\(times)")
                #expect(times.contains { $0 > end }, "\(times)")
                // While the loop was stuck: at most the one ping already on its way.
                let stuck = times.filter { $0 > begin && $0 < end }
                #expect(stuck.count <= 1, "pinged while stuck: \(stuck)")
            }
        }
    }

    /// When the blocker held the store, in seconds since the start.
    final class HeldWindow: @unchecked Sendable {
        private let lock = NSLock()
        private var begin = Double.infinity
        private var end = Double.infinity

        func mark(begin time: Double) { lock.withLock { begin = time } }
        func mark(end time: Double) { lock.withLock { end = time } }
        var window: (Double, Double) { lock.withLock { (begin, end) } }
    }

    @Test func noNotifySocketMeansNoWatchdog() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "100000"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "100000", "WATCHDOG_PID": "1"])
            .watchdogInterval == nil)
        #expect(throws: Never.self) { try SystemdNotifier(environment: [:]).ready() }
    }

    /// A listener that never reads fills its queue; sending must fail fast, not block the loop.
    @Test func aListenerThatStopsReadingNeverBlocksTheSender() throws {
        let workspace = try DaemonWorkspace()
        let receiver = Receiver(folder: workspace.folder)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.path])
        var sent = 0, refused = 0
        for index in 0..<5_000 {
            do {
                try notifier.status("poll \(index)")
                sent += 1
            } catch {
                refused += 1
                #expect(error.errno == EAGAIN || error.errno == EWOULDBLOCK)
            }
        }
        #expect(sent > 0)
        #expect(refused > 0)
        #expect(sent + refused == 5_000)
    }
}
