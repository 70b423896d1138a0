import Foundation
import Testing
import FeedModel
import FeedStore
import FeedTestKit
@testable import Daemon

/// A feed source that answers with an HTML page: the feed the page advertises is followed
/// (one hop) and polled from then on; a page is never read as an entry of a feed source.
@Suite struct FeedDiscoveryPollTests {
    let feed = Samples.rss([Samples.tram])

    static func page(advertising href: String?) -> String {
        let link = href.map { "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"News\" href=\"\($0)\">" } ?? ""
        return """
            <!DOCTYPE html><html><head><title>Home</title>\(link)</head>
            <body><article><p>\(String(repeating: "A home page paragraph that is no feed entry. ", count: 20))</p></article></body></html>
            """
    }

    @Test func theAdvertisedFeedIsFollowedAndPolledFromThenOn() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/blog/", .ok(Self.page(advertising: "feed.xml"), contentType: "text/html; charset=utf-8"))
        server.route("/blog/feed.xml", .ok(feed))
        let sources = [Source(name: "blog", url: server.url("/blog/"), kind: .feed, interval: 600)]

        try await workspace.scheduler(sources).run()
        var state = try #require(try workspace.state("blog"))
        #expect(state.lastError == nil)
        #expect(state.fetchURL == server.url("/blog/feed.xml"))
        #expect(state.url == server.url("/blog/"))
        #expect(state.entryCount == 1)

        try await workspace.scheduler(sources).run()
        state = try #require(try workspace.state("blog"))
        #expect(state.lastError == nil)
        #expect(state.entryCount == 1)
        #expect(server.requests(for: "/blog/").count == 1)
        #expect(server.requests(for: "/blog/feed.xml").count == 2)
    }

    @Test func theFollowedFeedIsReadLikeAnyFeed() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/", .ok(Self.page(advertising: "/broken.xml"), contentType: "text/html"))
        // Ill-formed (an unclosed item): recovered, flagged and logged, as when polled directly.
        server.route("/broken.xml", .ok("<rss version=\"2.0\"><channel><title>T</title><item><guid>a</guid><title>A</title>"))
        let log = LogRecorder()
        try await workspace.scheduler([Source(name: "home", url: server.url("/"), kind: .feed, interval: 600)], logger: log.logger()).run()
        #expect(try workspace.state("home")?.entryCount == 1)
        #expect(log.recorded.contains { $0.contains("advertising the feed \(server.url("/broken.xml")); polling the feed") })
        #expect(log.recorded.contains("recovered ill-formed document"))
    }

    @Test func aPageIsNeverAnEntryOfAFeedSource() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/plain", .ok(Self.page(advertising: nil), contentType: "text/html"))
        server.route("/loop", .ok(Self.page(advertising: "/loop2"), contentType: "text/html"))
        server.route("/loop2", .ok(Self.page(advertising: "/loop"), contentType: "text/html"))
        server.route("/self", .ok(Self.page(advertising: "/self"), contentType: "text/html"))
        server.route("/dead", .ok(Self.page(advertising: "/missing.xml"), contentType: "text/html"))
        server.route("/missing.xml", .status(404))
        server.route("/fine.xml", .ok(feed))
        let sources = ["plain", "loop", "self", "dead"].map {
            Source(name: $0, url: server.url("/\($0)"), kind: .feed, interval: 600)
        } + [Source(name: "fine", url: server.url("/fine.xml"), kind: .feed, interval: 600)]
        try await workspace.scheduler(sources).run()

        let expected = [
            "plain": "is an HTML page that advertises no feed",
            "loop": "\(server.url("/loop2")), which is a page too",
            "self": "is an HTML page that advertises no feed",
            "dead": "\(server.url("/missing.xml")), which failed: ",
        ]
        for (name, message) in expected {
            let state = try #require(try workspace.state(name))
            #expect(state.lastError?.contains(message) == true, "\(name): \(state.lastError ?? "no error")")
            #expect(state.lastError?.contains("not a feed: \(server.url("/\(name)"))") == true)
            #expect(state.entryCount == 0)
            #expect(state.fetchURL == nil)
            #expect(state.consecutiveFailures == 1)
        }
        #expect(server.requests(for: "/loop").count == 1)
        #expect(server.requests(for: "/loop2").count == 1)
        #expect(server.requests(for: "/self").count == 1)
        #expect(try workspace.state("fine")?.entryCount == 1)
        #expect(try workspace.state("fine")?.lastError == nil)
    }
}
