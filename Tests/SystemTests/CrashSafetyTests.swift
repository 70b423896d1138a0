import Foundation
import Testing
import FeedStore
import FeedTestKit
#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL at random moments while the daemon ingests: after every restart the store is
/// sound, nothing committed is lost, nothing is duplicated, and polling carries on.
@Suite(.serialized) struct CrashSafetyTests {
    static let feeds = 40
    static let itemsPerFeed = 60
    static let kills = 30

    /// Every stored (source, entry id), checking along the way that none appears twice.
    static func snapshot(_ path: String) throws -> (entries: Set<String>, duplicates: Int, integrity: String, fetched: Int) {
        // Open as the restarted daemon would (a writer runs WAL recovery).
        let store = try Store(path: path)
        var keys: [String] = []
        for story in try store.stories(since: nil, limit: nil) {
            keys += story.members.map { "\($0.sourceName)/\($0.externalID)" }
        }
        let unique = Set(keys)
        let fetched = try store.sources().filter { $0.lastFetchAt != nil }.count
        return (unique, keys.count - unique.count, try store.integrityCheck(), fetched)
    }

    @Test func survivesRepeatedKillsWhileIngesting() throws {
        let scratch = try Scratch()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        for feed in 0..<Self.feeds {
            server.route("/feed\(feed).xml", .ok(Feeds.rss(feed: feed, items: Self.itemsPerFeed, words: 150)))
        }
        let database = scratch.path("db.sqlite")
        let config = try scratch.write("feedmerge.toml", Feeds.config(
            store: database, sources: (0..<Self.feeds).map { ("feed\($0)", server.url("/feed\($0).xml")) }))

        var generator = SystemRandomNumberGenerator()
        var committed: Set<String> = []
        var killedWhileIngesting = 0
        for round in 0..<Self.kills {
            // Odd rounds kill at a random moment of start-up (opening, migrating, the first
            // polls); even rounds at a random moment after READY=1, while it ingests, however
            // fast or loaded the machine is.
            let notify = try NotifySocket(folder: scratch.folder, name: "kill\(round).sock")
            let daemon = try DaemonProcess(
                ["run", "--config", config, "--log-level", "error"], environment: ["NOTIFY_SOCKET": notify.path])
            if round % 2 == 0, notify.waitFor("READY=1", seconds: 30).found {
                usleep(UInt32.random(in: 100_000...1_500_000, using: &generator))
            } else {
                usleep(UInt32.random(in: 50_000...350_000, using: &generator))
            }
            daemon.signal(SIGKILL)
            _ = daemon.waitForExit(seconds: 10)
            guard FileManager.default.fileExists(atPath: database) else { continue }
            let state = try Self.snapshot(database)
            #expect(state.integrity == "ok", "round \(round)")
            #expect(state.duplicates == 0, "round \(round)")
            let lost = committed.subtracting(state.entries)
            #expect(lost.isEmpty, "round \(round): \(lost.count) committed entries lost")
            if state.entries.count > committed.count && state.entries.count < Self.feeds * Self.itemsPerFeed {
                killedWhileIngesting += 1
            }
            committed = state.entries
        }
        // Finally let it run: polling resumes where the kills left it, and completes.
        // Wait for READY=1 first: a SIGTERM before the daemon has installed its handlers
        // would take the default action, and the store may already be complete.
        let notify = try NotifySocket(folder: scratch.folder)
        let daemon = try DaemonProcess(
            ["run", "--config", config, "--log-level", "error"], environment: ["NOTIFY_SOCKET": notify.path])
        let ready = notify.waitFor("READY=1", seconds: 30)
        #expect(ready.found, "no READY=1: \(ready.messages) \(daemon.stderr)")
        let complete = try DaemonProcess.eventually(seconds: 120) {
            guard let store = try? Store(path: database, readOnly: true) else { return false }
            return try store.sources().filter { $0.lastFetchAt != nil }.count == Self.feeds
                && store.entryCount() == Self.feeds * Self.itemsPerFeed
        }
        #expect(complete)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(seconds: 20) == 0)
        let final = try Self.snapshot(database)
        #expect(final.entries.count == Self.feeds * Self.itemsPerFeed)
        #expect(final.duplicates == 0)
        #expect(final.integrity == "ok")
        #expect(committed.isSubset(of: final.entries))
        // The kills must have hit the daemon mid-ingest, or the test proves little.
        #expect(killedWhileIngesting >= 3, "only \(killedWhileIngesting) kills landed while ingesting")
    }
}
