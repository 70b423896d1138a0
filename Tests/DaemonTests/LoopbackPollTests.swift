import Foundation
import Testing
import FeedModel
import FeedTestKit
@testable import Daemon

/// The daemon against a real HTTP server on 127.0.0.1: validators, 304s, server errors.
@Suite struct LoopbackPollTests {
    @Test func conditionalGetStoresTheETagAndA304ChangesNothing() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        let feed = Samples.rss([Samples.tram, Samples.comet])
        server.route("/feed.xml", .handler { request in
            request.header("If-None-Match") == "\"v1\""
                ? .status(304)
                : .ok(feed).header("ETag", "\"v1\"").header("Last-Modified", "Tue, 18 Jun 2024 10:00:00 GMT")
        })
        let sources = [Source(name: "loopback", url: server.url("/feed.xml"), kind: .feed, interval: 600)]

        try await workspace.scheduler(sources).run()
        var state = try #require(try workspace.state("loopback"))
        #expect(state.lastStatus == 200)
        #expect(state.etag == "\"v1\"")
        #expect(state.lastModified == "Tue, 18 Jun 2024 10:00:00 GMT")
        #expect(state.entryCount == 2)

        try await workspace.scheduler(sources).run()
        state = try #require(try workspace.state("loopback"))
        #expect(state.lastStatus == 304)
        #expect(state.lastError == nil)
        #expect(state.entryCount == 2)
        let requests = server.requests(for: "/feed.xml")
        #expect(requests.count == 2)
        #expect(requests.last?.header("If-None-Match") == "\"v1\"")
        #expect(requests.last?.header("If-Modified-Since") == "Tue, 18 Jun 2024 10:00:00 GMT")
    }

    @Test func serverErrorsAreRecordedAndTheOtherSourcesGoOn() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/good.xml", .ok(Samples.rss([Samples.tram])))
        server.route("/gone.xml", .status(500))
        server.route("/garbage.xml", .ok("\u{0}\u{1}binary garbage, not a feed"))
        let sources = [
            Source(name: "good", url: server.url("/good.xml"), kind: .feed, interval: 600),
            Source(name: "error", url: server.url("/gone.xml"), kind: .feed, interval: 600),
            Source(name: "garbage", url: server.url("/garbage.xml"), kind: .feed, interval: 600),
        ]
        try await workspace.scheduler(sources).run()
        #expect(try workspace.state("good")?.entryCount == 1)
        let error = try #require(try workspace.state("error")?.lastError)
        #expect(error.contains(server.url("/gone.xml")))
        #expect(error.contains("500"))
        let garbage = try #require(try workspace.state("garbage")?.lastError)
        #expect(garbage.contains("parse failed"))
        #expect(try workspace.state("garbage")?.lastStatus == 200)
    }
}
