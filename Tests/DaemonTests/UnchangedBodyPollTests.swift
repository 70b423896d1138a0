import Foundation
import Logging
import Synchronization
import Testing
import Clustering
import FeedConfig
import FeedFetch
import FeedModel
import FeedStore
import FeedTestKit
@testable import Daemon

/// A 200 whose body is the last one stored, read the same way, is not parsed again; what the
/// feed said about its polling (`ttl`) outlives the polls that bring no body to read.
@Suite struct UnchangedBodyPollTests {
    /// Polls `source` once with a poller of its own (the outcome is what these tests look at).
    private func poll(_ source: Source, in workspace: DaemonWorkspace) async throws -> SourcePoller.Outcome {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        try workspace.store.syncSources([source], now: Date())
        let state = try #require(try workspace.state(source.name))
        let poller = SourcePoller(
            fetcher: Fetcher(limits: FetchLimits(connectTimeout: 2, totalTimeout: 5), logger: logger),
            ingestor: Ingestor(store: workspace.store, clusterer: Clusterer()),
            policy: PollPolicy(bounds: ScheduleBounds()), logger: logger,
            writer: StoreWriterQueue(store: workspace.store, maxGroup: 1))
        return await poller.poll(source, state: state, now: Date.init)
    }

    @Test func theSameBodyWithoutValidatorsIsNotReadAgainAndAChangedOneIs() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        let body = Mutex(Samples.rss([Samples.tram]))
        // No ETag, no Last-Modified: every poll is a 200 with the whole body.
        server.route("/feed.xml", .handler { _ in .ok(body.withLock { $0 }) })
        let source = Source(name: "plain", url: server.url("/feed.xml"), kind: .feed, interval: 600)

        #expect(try await poll(source, in: workspace) == .ingested(added: 1, versions: 0, unchanged: 0))
        let stored = try #require(try workspace.state("plain")?.bodyHash)
        #expect(try await poll(source, in: workspace) == .unchangedBody)
        let state = try #require(try workspace.state("plain"))
        #expect(state.lastStatus == 200)
        #expect(state.lastError == nil)
        #expect(state.bodyHash == stored)
        #expect(server.requests(for: "/feed.xml").count == 2)

        body.withLock { $0 = Samples.rss([Samples.tram, Samples.comet]) }
        #expect(try await poll(source, in: workspace) == .ingested(added: 1, versions: 0, unchanged: 1))
        #expect(try workspace.state("plain")?.bodyHash != stored)
        #expect(try await poll(source, in: workspace) == .unchangedBody)
        #expect(try workspace.state("plain")?.entryCount == 2)
    }

    @Test func aNewETagOnTheSameBodyIsStoredAndTheBodyNotReadAgain() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        let served = Mutex(0)
        let feed = Samples.rss([Samples.tram])
        // A server that makes a new ETag for every response and never answers 304.
        server.route("/feed.xml", .handler { _ in
            let n = served.withLock { $0 += 1; return $0 }
            return .ok(feed).header("ETag", "\"r\(n)\"")
        })
        let source = Source(name: "fresh-etags", url: server.url("/feed.xml"), kind: .feed, interval: 600)
        _ = try await poll(source, in: workspace)
        #expect(try await poll(source, in: workspace) == .unchangedBody)
        #expect(try workspace.state("fresh-etags")?.etag == "\"r2\"")
        #expect(server.requests(for: "/feed.xml").last?.header("If-None-Match") == "\"r1\"")
    }

    @Test func aBodyThatFailedIsReadAgainEachTime() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/garbage.xml", .ok("\u{0}\u{1}binary garbage, not a feed"))
        let source = Source(name: "garbage", url: server.url("/garbage.xml"), kind: .feed, interval: 600)
        for _ in 0..<2 {
            guard case .failed(let message) = try await poll(source, in: workspace) else {
                Issue.record("the garbage body was not read again")
                return
            }
            #expect(message.contains("parse failed"))
        }
        let state = try #require(try workspace.state("garbage"))
        #expect(state.bodyHash == nil)
        #expect(state.consecutiveFailures == 2)
    }

    @Test func newListSelectorsReadTheSameBodyAgain() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/list.html", .ok("""
            <html><body><ul>
            <li class="a"><a href="/one">First story of the list</a></li>
            <li class="a"><a href="/two">Second story of the list</a></li>
            <li class="b"><a href="/three">Third story, another class</a></li>
            </ul></body></html>
            """).header("Content-Type", "text/html"))
        var source = Source(name: "list", url: server.url("/list.html"), kind: .htmlList, interval: 600)
        source.list = ListSelectors(item: "//li[@class='a']", title: "a", link: "a/@href")
        #expect(try await poll(source, in: workspace) == .ingested(added: 2, versions: 0, unchanged: 0))
        #expect(try await poll(source, in: workspace) == .unchangedBody)
        source.list = ListSelectors(item: "//li", title: "a", link: "a/@href")
        #expect(try await poll(source, in: workspace) == .ingested(added: 1, versions: 0, unchanged: 2))
    }

    @Test func theFeedTTLHoldsAfterA304AndAnUnchangedBody() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        let feed = Samples.rss([Samples.tram]).replacingOccurrences(of: "<channel>", with: "<channel><ttl>180</ttl>")
        server.route("/validated.xml", .handler { request in
            request.header("If-None-Match") == "\"v1\"" ? .status(304) : .ok(feed).header("ETag", "\"v1\"")
        })
        server.route("/plain.xml", .ok(feed))
        for (name, path, second) in [("validated", "/validated.xml", SourcePoller.Outcome.notModified), ("plain", "/plain.xml", .unchangedBody)] {
            let source = Source(name: name, url: server.url(path), kind: .feed, interval: 600)
            _ = try await poll(source, in: workspace)
            #expect(try workspace.state(name)?.ttlMinutes == 180)
            #expect(try workspace.state(name)?.pollInterval == 180 * 60)
            #expect(try await poll(source, in: workspace) == second)
            // The feed's three hours, not the configured ten minutes.
            #expect(try workspace.state(name)?.pollInterval == 180 * 60, "\(name)")
        }
    }

    @Test func fingerprintsFollowTheBytesAndHowTheyAreRead() throws {
        let info = ResponseInfo(status: 200, effectiveURL: "https://example.org/feed")
        let bytes = Array((0..<101).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        let feed = Source(name: "f", url: "https://example.org/feed", kind: .feed, interval: 600)
        let base = BodyFingerprint.of(FetchedBody(info: info, body: bytes), source: feed)
        #expect(BodyFingerprint.of(FetchedBody(info: info, body: bytes), source: feed) == base)
        // Every byte counts: those of the 32-byte blocks and those of the tail.
        for index in bytes.indices {
            var changed = bytes
            changed[index] ^= 0x20
            #expect(BodyFingerprint.of(FetchedBody(info: info, body: changed), source: feed) != base, "byte \(index)")
        }
        #expect(BodyFingerprint.of(FetchedBody(info: info, body: bytes + [0]), source: feed) != base)
        #expect(BodyFingerprint.of(FetchedBody(info: info, body: Array(bytes.dropLast())), source: feed) != base)
        var moved = info
        moved.effectiveURL = "https://example.org/feed/"
        #expect(BodyFingerprint.of(FetchedBody(info: moved, body: bytes), source: feed) != base)
        var page = feed
        page.kind = .page
        #expect(BodyFingerprint.of(FetchedBody(info: info, body: bytes), source: page) != base)
    }
}
