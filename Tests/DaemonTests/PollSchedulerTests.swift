import Foundation
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing
import Clustering
import FeedFetch
import FeedModel
import FeedStore
@testable import Daemon

/// A temporary folder holding sources (as files) and a database.
final class DaemonWorkspace {
    let folder: URL
    let store: Store
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Store(path: folder.appendingPathComponent("feedmerge.sqlite").path)
    }

    /// Writes `contents` to `name` and returns its file:// URL.
    @discardableResult
    func file(_ name: String, _ contents: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.absoluteString
    }

    /// The file:// URL of a file in the package's Demo folder.
    static func demo(_ path: String) -> String {
        packageRoot.appendingPathComponent("Demo").appendingPathComponent(path).absoluteString
    }

    func scheduler(_ sources: [Source], once: Bool = true, fetcher: Fetcher? = nil, logger: Logger? = nil) -> PollScheduler {
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let logger = logger ?? quiet
        let limits = FetchLimits(connectTimeout: 2, totalTimeout: 5)
        return PollScheduler(
            sources: sources, fetcher: fetcher ?? Fetcher(limits: limits, logger: logger),
            ingestor: Ingestor(store: store, clusterer: Clusterer()), logger: logger, runOnce: once)
    }

    func state(_ name: String) throws -> SourceState? {
        try store.sources().first { $0.name == name }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

enum Samples {
    static func rss(_ items: [(guid: String, title: String, text: String)]) -> String {
        let body = items.map { item in
            "<item><guid>\(item.guid)</guid><title>\(item.title)</title><description>\(item.text)</description>"
                + "<pubDate>Tue, 18 Jun 2024 10:00:00 GMT</pubDate></item>"
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Sample</title><link>https://sample.example/</link>
            \(body)
            </channel></rss>
            """
    }

    static let tram = (guid: "tram", title: "Tram extension approved",
        text: "Councillors voted to extend the number 4 tram line by three kilometres to the eastern docks, adding five stops and a depot for twelve new vehicles; construction begins next spring.")
    static let comet = (guid: "comet", title: "Comet found near the Pole Star",
        text: "Two amateur astronomers photographed a faint object moving against the stars of Cepheus and professional telescopes confirmed a long-period comet that will pass the Sun next spring.")
}

@Suite struct PollSchedulerTests {
    @Test func onePassIngestsGoodSourcesAndRecordsEachFailure() async throws {
        let workspace = try DaemonWorkspace()
        let good = try workspace.file("good.rss", Samples.rss([Samples.tram, Samples.comet]))
        let broken = try workspace.file("broken.rss", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Broken</title><item><title>Half")
        let unknown = try workspace.file("unknown.xml", "<?xml version=\"1.0\"?><catalog><book>Not a feed</book></catalog>")
        let missing = workspace.folder.appendingPathComponent("missing.rss").absoluteString
        let sources = [
            Source(name: "good", url: good, kind: .feed, interval: 600),
            Source(name: "broken", url: broken, kind: .feed, interval: 600),
            Source(name: "unknown", url: unknown, kind: .feed, interval: 600),
            Source(name: "missing", url: missing, kind: .feed, interval: 600),
            Source(name: "dead server", url: "http://127.0.0.1:9/feed.xml", kind: .feed, interval: 600),
        ]
        try await workspace.scheduler(sources).run()

        #expect(try workspace.state("good")?.entryCount == 2)
        #expect(try workspace.state("good")?.lastError == nil)
        #expect(try workspace.state("good")?.lastStatus == 0)
        for name in ["unknown", "missing", "dead server"] {
            let state = try #require(try workspace.state(name))
            let error = try #require(state.lastError, "\(name) should have failed")
            #expect(state.consecutiveFailures == 1)
            #expect(state.nextPollAt > Date())
            #expect(error.contains(sources.first { $0.name == name }?.url ?? "?") || error.contains("missing.rss"), "\(error)")
        }
        // A truncated feed is recovered (bozo) or rejected, but never stops the pass.
        let brokenState = try #require(try workspace.state("broken"))
        #expect(brokenState.lastFetchAt != nil)
        #expect(try workspace.store.integrityCheck() == "ok")
    }

    @Test func theSeedPagesFormOneStoryAndFeedsStayApart() async throws {
        let workspace = try DaemonWorkspace()
        let sources = [
            Source(name: "inkl", url: DaemonWorkspace.demo("pages/inkl-putin-north-korea-2024-06-18.html"), kind: .page, interval: 600),
            Source(name: "The Guardian", url: DaemonWorkspace.demo("pages/guardian-putin-north-korea-live-2024-06-19.html"), kind: .page, interval: 600),
            Source(name: "Harbour Gazette", url: DaemonWorkspace.demo("feeds/harbour-gazette.rss"), kind: .feed, interval: 600),
            Source(name: "Science Desk", url: DaemonWorkspace.demo("feeds/science-desk.atom"), kind: .feed, interval: 600),
            Source(name: "Wire Digest", url: DaemonWorkspace.demo("feeds/wire-digest.rss"), kind: .feed, interval: 600),
        ]
        try await workspace.scheduler(sources).run()
        for source in try workspace.store.sources() {
            #expect(source.lastError == nil, "\(source.name): \(source.lastError ?? "")")
        }
        let stories = try workspace.store.stories(since: nil, limit: nil)
        let live = stories.filter { Set($0.sourceNames).contains("inkl") }
        #expect(live.count == 1)
        #expect(Set(live.first?.sourceNames ?? []) == ["inkl", "The Guardian"])
        #expect(live.first?.members.count == 2)

        // The republished heatwave article is a copy of the original, nothing else joins.
        let heat = stories.filter { $0.members.contains { $0.title.contains("heatwave") || $0.title.contains("Heatwave") } }
        #expect(heat.count == 1)
        #expect(Set(heat.first?.sourceNames ?? []) == ["Harbour Gazette", "Wire Digest"])
        #expect(heat.first?.copyCount == 2)
        #expect(stories.count == 7)  // live blog, heatwave, tram, coral, sodium, comet, grain
    }

    @Test func anUnchangedFileIsUnchangedAndAChangedPageIsANewVersion() async throws {
        let workspace = try DaemonWorkspace()
        let page = try workspace.file("live.html", "<html><head><title>Live: summit</title></head><body><article><p>Leaders gather for the harbour summit this morning, with trade on the agenda.</p></article></body></html>")
        let sources = [Source(name: "live", url: page, kind: .page, interval: 600)]
        try await workspace.scheduler(sources).run()
        try await workspace.scheduler(sources).run()
        var story = try #require(try workspace.store.stories(since: nil, limit: nil).first)
        #expect(story.members.map(\.versionCount) == [1])

        try workspace.file("live.html", "<html><head><title>Live: summit</title></head><body><article><p>Leaders gather for the harbour summit this morning, with trade on the agenda.</p><p>Update: the first session has ended with a joint statement on shipping lanes.</p></article></body></html>")
        try await workspace.scheduler(sources).run()
        let stories = try workspace.store.stories(since: nil, limit: nil)
        #expect(stories.count == 1)
        story = try #require(stories.first)
        #expect(story.members.map(\.versionCount) == [2])
        let versions = try workspace.store.versions(ofEntry: story.members[0].entryID)
        #expect(versions.last?.text.contains("joint statement") == true)
    }

    @Test func gracefulShutdownStopsTheLoop() async throws {
        let workspace = try DaemonWorkspace()
        let good = try workspace.file("good.rss", Samples.rss([Samples.tram]))
        let scheduler = workspace.scheduler([Source(name: "good", url: good, kind: .feed, interval: 3600)], once: false)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await scheduler.run() }
                // Wait for the first pass to land, then ask for shutdown.
                // (Bounded: a pass that never lands fails the expectation below instead of hanging.)
                for _ in 0..<500 where ((try? workspace.state("good")?.entryCount) ?? 0) == 0 {
                    try await Task.sleep(for: .milliseconds(20))
                }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(try workspace.state("good")?.entryCount == 1)
    }

    /// The loop looks at the due sources, then picks its next wake-up. A source that comes
    /// due between the two (the clock moved) was seen by neither: it must still get a
    /// wake-up, rather than wait for the end of some poll in flight. A source that was
    /// already due at the look, with every slot taken, gets none: a poll's end starts it.
    @Test func aSourceComingDueRightAfterTheLookGetsAWakeUp() throws {
        let workspace = try DaemonWorkspace()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = Mutex(start)
        let sources = [
            Source(name: "polling", url: "http://one.example/a.xml", kind: .feed, interval: 600),
            Source(name: "next", url: "http://one.example/b.xml", kind: .feed, interval: 600),
        ]
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let scheduler = PollScheduler(
            sources: sources, fetcher: Fetcher(logger: quiet), ingestor: Ingestor(store: workspace.store, clusterer: Clusterer()),
            logger: quiet, maxConcurrentFetches: 1, now: { clock.withLock { $0 } })
        try workspace.store.syncSources(sources, now: start)
        let next = try #require(try workspace.state("next"))
        func due(in seconds: Double) throws {
            try workspace.store.recordFetch(sourceID: next.id, state: FetchStateUpdate(
                fetchedAt: start, status: 200, error: nil, nextPollAt: start.addingTimeInterval(seconds)))
        }
        var state = PollScheduler.LoopState(sources: sources, slots: scheduler.slots)
        state.slots.start("one.example")
        state.inFlight = ["polling"]
        state.lookedAt = start
        clock.withLock { $0 = start.addingTimeInterval(0.02) }

        try due(in: 0.01)
        #expect(scheduler.nextWake(state) <= .milliseconds(50))

        try due(in: -1)
        #expect(scheduler.nextWake(state) == .seconds(60))

        try due(in: 10)
        let wait = scheduler.nextWake(state)
        #expect(wait >= .milliseconds(9_980) && wait <= .milliseconds(9_981))
    }

    @Test func backoffDoublesAndIsCapped() {
        #expect(Backoff.delay(interval: 600, failures: 0, jitter: 0) == 600)
        #expect(Backoff.delay(interval: 600, failures: 1, jitter: 0) == 1200)
        #expect(Backoff.delay(interval: 600, failures: 3, jitter: 0) == 4800)
        #expect(Backoff.delay(interval: 600, failures: 30, jitter: 0) == 86_400)
        #expect(Backoff.delay(interval: 600, failures: 1, jitter: 0.1) == 1320)
    }
}
