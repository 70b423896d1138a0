import Foundation
import Testing
import FeedModel
import FeedStore
import FeedTestKit
import FeedFetch
import Logging
@testable import Daemon

/// The scheduler's HTTP rules against a real loopback server; after each case the
/// source's stored state says what happened, and the daemon carries on.
@Suite struct HTTPSemanticsTests {
    let feed = Samples.rss([Samples.tram])

    func pass(_ workspace: DaemonWorkspace, _ sources: [Source], times: Int = 1) async throws {
        for _ in 0..<times { try await workspace.scheduler(sources).run() }
    }

    @Test(arguments: [301, 308])
    func permanentRedirectUpdatesTheURLOnlyAfterThreeSightings(status: Int) async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/old.xml", .redirect(to: server.url("/new.xml"), status: status))
        server.route("/new.xml", .ok(feed))
        let sources = [Source(name: "moved", url: server.url("/old.xml"), kind: .feed, interval: 600)]

        try await pass(workspace, sources, times: 2)
        var state = try #require(try workspace.state("moved"))
        #expect(state.fetchURL == nil)
        #expect(state.redirectSeen == 2)
        #expect(state.redirectCandidate == server.url("/new.xml"))

        try await pass(workspace, sources)
        state = try #require(try workspace.state("moved"))
        #expect(state.fetchURL == server.url("/new.xml"))
        #expect(state.url == server.url("/old.xml"))

        try await pass(workspace, sources)
        #expect(server.requests(for: "/old.xml").count == 3)
        #expect(server.requests(for: "/new.xml").count == 4)
        #expect(try workspace.state("moved")?.entryCount == 1)
    }

    @Test(arguments: [302, 307])
    func temporaryRedirectNeverUpdatesTheURL(status: Int) async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/feed.xml", .redirect(to: server.url("/today.xml"), status: status))
        server.route("/today.xml", .ok(feed))
        let sources = [Source(name: "hop", url: server.url("/feed.xml"), kind: .feed, interval: 600)]
        try await pass(workspace, sources, times: 4)
        let state = try #require(try workspace.state("hop"))
        #expect(state.fetchURL == nil)
        #expect(state.redirectSeen == 0)
        #expect(state.lastError == nil)
        #expect(server.requests(for: "/feed.xml").count == 4)
    }

    @Test func goneStopsPolling() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/gone.xml", .status(410))
        server.route("/fine.xml", .ok(feed))
        let sources = [
            Source(name: "gone", url: server.url("/gone.xml"), kind: .feed, interval: 600),
            Source(name: "fine", url: server.url("/fine.xml"), kind: .feed, interval: 600),
        ]
        try await pass(workspace, sources, times: 2)
        let state = try #require(try workspace.state("gone"))
        #expect(state.goneAt != nil)
        #expect(state.lastStatus == 410)
        #expect(state.lastError?.contains("polling stopped") == true)
        #expect(state.nextPollAt > Date().addingTimeInterval(365 * 86400))
        #expect(server.requests(for: "/gone.xml").count == 1)
        #expect(server.requests(for: "/fine.xml").count == 2)

        // A new URL in the config brings the source back.
        try await pass(workspace, [Source(name: "gone", url: server.url("/fine.xml"), kind: .feed, interval: 600)])
        #expect(try workspace.state("gone")?.goneAt == nil)
    }

    @Test func retryAfterIsHonouredInBothForms() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        let later = Date().addingTimeInterval(3600)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        server.route("/busy.xml", TestHTTPServer.Response.status(429).header("Retry-After", "120"))
        server.route("/down.xml", TestHTTPServer.Response.status(503).header("Retry-After", formatter.string(from: later)))
        server.route("/plain.xml", .status(503))
        let sources = [
            Source(name: "busy", url: server.url("/busy.xml"), kind: .feed, interval: 600),
            Source(name: "down", url: server.url("/down.xml"), kind: .feed, interval: 600),
            Source(name: "plain", url: server.url("/plain.xml"), kind: .feed, interval: 600),
        ]
        try await pass(workspace, sources)
        let busy = try #require(try workspace.state("busy"))
        let fetched = try #require(busy.lastFetchAt)
        #expect(busy.nextPollAt.timeIntervalSince(fetched) == 120)
        #expect(busy.lastStatus == 429)
        #expect(busy.lastError?.contains("Retry-After: 120") == true)
        let down = try #require(try workspace.state("down"))
        #expect(abs(down.nextPollAt.timeIntervalSince(later)) < 2)
        // Without Retry-After: exponential backoff from the interval.
        let plain = try #require(try workspace.state("plain"))
        let plainFetched = try #require(plain.lastFetchAt)
        #expect(plain.nextPollAt.timeIntervalSince(plainFetched) >= 1200)
        #expect(plain.consecutiveFailures == 1)
    }

    @Test func cachingHintsStretchTheInterval() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/cached.xml", TestHTTPServer.Response.ok(feed).header("Cache-Control", "public, max-age=7200"))
        try await pass(workspace, [Source(name: "cached", url: server.url("/cached.xml"), kind: .feed, interval: 600)])
        let state = try #require(try workspace.state("cached"))
        #expect(state.pollInterval == 7200)
        let fetched = try #require(state.lastFetchAt)
        #expect(state.nextPollAt.timeIntervalSince(fetched) == 7200)
    }

    @Test func perHostCapHoldsAcrossSources() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        var sources: [Source] = []
        for index in 0..<8 {
            server.route("/s\(index).xml", TestHTTPServer.Response.ok(feed).delayed(by: .milliseconds(150)))
            sources.append(Source(name: "s\(index)", url: server.url("/s\(index).xml"), kind: .feed, interval: 600))
        }
        try await pass(workspace, sources)
        #expect(server.maxConcurrentConnections <= 2)
        #expect(server.maxConcurrentConnections >= 1)
        #expect(try workspace.store.sources().allSatisfy { $0.lastStatus == 200 })
    }

    @Test func perSourceUserAgentCredentialsAndHeaders() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/private.xml", .handler { request in
            request.header("Authorization") == "Basic " + Data("reader:s3cret".utf8).base64EncodedString()
                ? .ok(Samples.rss([Samples.comet])) : .status(401)
        })
        let options = RequestOptions(
            userAgent: "custom-agent/2", username: "reader", password: "s3cret",
            headers: [HTTPHeader(name: "X-Api-Key", value: "k1")])
        try await pass(workspace, [Source(name: "private", url: server.url("/private.xml"), kind: .feed, interval: 600, options: options)])
        let request = try #require(server.requests(for: "/private.xml").first)
        #expect(request.header("User-Agent") == "custom-agent/2")
        #expect(request.header("X-Api-Key") == "k1")
        #expect(try workspace.state("private")?.entryCount == 1)
    }
}

/// Broken and hostile servers, all in one pass beside a good one: each source's state
/// names its failure, and the good source is ingested.
@Suite struct HostileServerTests {
    @Test func everyFailureIsRecordedAndTheGoodSourceLands() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        let feed = Samples.rss([Samples.tram])
        server.route("/good.xml", .ok(feed))
        server.route("/trickle.xml", TestHTTPServer.Response.ok(feed).trickled(bytes: 1, every: .seconds(1)))
        server.route("/bomb.xml", TestHTTPServer.Response.ok(bytes: Gzip.repeating(0x20, count: 20 * 1024 * 1024))
            .header("Content-Encoding", "gzip"))
        server.route("/cut.xml", TestHTTPServer.Response.ok(feed).closingConnection(afterBodyBytes: 40))
        server.route("/garbage.xml", .raw(Array("SSH-2.0-OpenSSH_9.2\r\n\r\n".utf8)))
        server.route("/liar.xml", TestHTTPServer.Response.ok(feed).framed(.declaredLength(1_000_000)).closingConnection(afterBodyBytes: 100))
        let names = ["good", "trickle", "bomb", "cut", "garbage", "liar"]
        var sources = names.map { Source(name: $0, url: server.url("/\($0).xml"), kind: .feed, interval: 600) }
        sources.append(Source(name: "refused", url: "http://127.0.0.1:9/feed.xml", kind: .feed, interval: 600))

        var logger = Logging.Logger(label: "test")
        logger.logLevel = .critical
        let limits = FetchLimits(connectTimeout: 2, totalTimeout: 2, maxBodyBytes: 1024 * 1024, maxConnectionsPerHost: 8)
        try await workspace.scheduler(sources, fetcher: Fetcher(limits: limits, logger: logger)).run()

        #expect(try workspace.state("good")?.entryCount == 1)
        #expect(try workspace.state("good")?.lastError == nil)
        let expected = [
            "trickle": "timed out", "bomb": "larger than", "cut": "connection lost", "garbage": "invalid HTTP response",
            "liar": "connection lost", "refused": "connection failed",
        ]
        for (name, phrase) in expected {
            let state = try #require(try workspace.state(name))
            let error = try #require(state.lastError, "\(name) should have failed")
            #expect(error.contains(phrase), "\(name): \(error)")
            #expect(error.contains("127.0.0.1"), "\(name): \(error)")
            #expect(state.consecutiveFailures == 1)
            #expect(state.entryCount == 0)
        }
        #expect(try workspace.store.integrityCheck() == "ok")
    }
}
