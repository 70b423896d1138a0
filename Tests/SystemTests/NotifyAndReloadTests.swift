import Foundation
import Testing
import FeedStore
import FeedTestKit
#if canImport(Glibc)
import Glibc
#endif

/// The daemon under a fake systemd: `$NOTIFY_SOCKET`, `$WATCHDOG_USEC`, signals.
@Suite(.serialized) struct NotifyAndReloadTests {
    @Test func notifiesReadyStatusWatchdogReloadingAndStopping() throws {
        let scratch = try Scratch()
        let notify = try NotifySocket(folder: scratch.folder)
        let feedA = try scratch.write("a.rss", Feeds.rss(feed: 1, items: 3))
        let feedB = try scratch.write("b.rss", Feeds.rss(feed: 2, items: 3))
        let config = try scratch.write("feedmerge.toml", Feeds.config(
            store: scratch.path("db.sqlite"), sources: [("a", "file://\(feedA)")]))
        let daemon = try DaemonProcess(
            ["run", "--config", config], environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "300000"])

        let ready = notify.waitFor("READY=1", seconds: 20)
        #expect(ready.found, "no READY=1: \(ready.messages) \(daemon.stderr)")
        // Watchdog pings keep coming from the scheduler loop (every 150 ms here).
        var pings = 0
        var statuses: [String] = []
        let deadline = Date().addingTimeInterval(5)
        while pings < 3 && Date() < deadline {
            guard let message = notify.receive(seconds: 1) else { continue }
            if message.contains("WATCHDOG=1") { pings += 1 }
            statuses += message.split(separator: "\n").filter { $0.hasPrefix("STATUS=") }.map(String.init)
        }
        #expect(pings >= 3)
        #expect(statuses.contains { $0.contains("1 sources") })

        // Reload with a second source: RELOADING=1, then READY=1 and the new count.
        try scratch.write("feedmerge.toml", Feeds.config(
            store: scratch.path("db.sqlite"), sources: [("a", "file://\(feedA)"), ("b", "file://\(feedB)")]))
        daemon.signal(SIGHUP)
        let reloading = notify.waitFor("RELOADING=1", seconds: 10)
        #expect(reloading.found, "\(reloading.messages)")
        let reloaded = notify.waitFor("READY=1", seconds: 10)
        #expect(reloaded.found)
        #expect(reloaded.messages.joined().contains("config reloaded: 2 sources"))

        daemon.signal(SIGTERM)
        let stopping = notify.waitFor("STOPPING=1", seconds: 10)
        #expect(stopping.found, "\(stopping.messages)")
        #expect(daemon.waitForExit(seconds: 20) == 0)
    }

    @Test func reloadAddsAndRemovesSourcesAndKeepsTheOldConfigWhenBroken() throws {
        let scratch = try Scratch()
        let database = scratch.path("db.sqlite")
        let feeds = try (1...3).map { try scratch.write("f\($0).rss", Feeds.rss(feed: $0, items: 2)) }
        let config = try scratch.write("feedmerge.toml", Feeds.config(
            store: database, sources: [("one", "file://\(feeds[0])"), ("two", "file://\(feeds[1])")]))
        let daemon = try DaemonProcess(["run", "--config", config, "--log-level", "info"])
        func fetched(_ name: String) -> Bool {
            // The daemon may still be creating the file: not there yet is "not yet".
            guard let store = try? Store(path: database, readOnly: true), let sources = try? store.sources() else { return false }
            return sources.first { $0.name == name }?.lastFetchAt != nil
        }
        #expect(DaemonProcess.eventually(seconds: 20) { fetched("one") && fetched("two") })

        // A broken file is rejected, logged with its line, and the daemon keeps running.
        try scratch.write("feedmerge.toml", "[store]\npath = \"\(database)\"\n\n[[source]]\nname = \"one\"\nurl = \"file://\(feeds[0])\"\nintervall = \"5m\"\n")
        daemon.signal(SIGHUP)
        #expect(DaemonProcess.eventually(seconds: 10) { daemon.stderr.contains("config reload rejected") })
        #expect(daemon.stderr.contains("feedmerge.toml:7: source[0].intervall: unknown key"))
        #expect(daemon.waitForExit(seconds: 0.2) == nil)

        // A good file: "three" is added and polled, "two" is removed (its data stays).
        try scratch.write("feedmerge.toml", Feeds.config(
            store: database, sources: [("one", "file://\(feeds[0])"), ("three", "file://\(feeds[2])")]))
        daemon.signal(SIGHUP)
        #expect(DaemonProcess.eventually(seconds: 20) { fetched("three") })
        #expect(daemon.stderr.contains("config reloaded"))
        #expect(daemon.stderr.contains("sources.removed=[\"two\"]"))
        let store = try Store(path: database, readOnly: true)
        #expect(try store.sources().first { $0.name == "two" }?.entryCount == 2)

        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(seconds: 20) == 0)
    }

    @Test func sigtermUnderLoadCancelsTransfersAndExitsCleanly() throws {
        let scratch = try Scratch()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        // Every feed trickles: transfers are in flight when SIGTERM arrives.
        for index in 0..<6 {
            server.route("/slow\(index).xml", TestHTTPServer.Response.ok(Feeds.rss(feed: index, items: 20)).trickled(bytes: 64, every: .milliseconds(100)))
        }
        let database = scratch.path("db.sqlite")
        let config = try scratch.write("feedmerge.toml", Feeds.config(
            store: database, sources: (0..<6).map { ("slow\($0)", server.url("/slow\($0).xml")) })
            .replacingOccurrences(of: "[fetch]\n", with: "[fetch]\nmax_connections_per_host = 8\n"))
        let daemon = try DaemonProcess(["run", "--config", config])
        #expect(DaemonProcess.eventually(seconds: 20) { server.currentConnections >= 6 })
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(seconds: 15) == 0, "\(daemon.stderr)")
        let store = try Store(path: database)
        #expect(try store.integrityCheck() == "ok")
        // Cancelled transfers are not failures: the sources stay due and unharmed.
        #expect(try store.sources().allSatisfy { $0.consecutiveFailures == 0 })
    }
}
