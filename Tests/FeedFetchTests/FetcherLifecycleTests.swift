import FeedFetch
import FeedModel
import FeedTestKit
import Foundation
import Testing

@Suite("Fetcher: connections, files, concurrency, cancellation, shutdown")
struct FetcherLifecycleTests {
    @Test func refusedConnectionIsConnectionFailed() async throws {
        let server = try TestHTTPServer.started()
        let url = server.url("/feed.xml")
        server.stop()  // nothing listens on the port any more
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, FetchRequest(url: url))
        #expect(error?.kind == .connectionFailed)
        #expect(error?.curlCode == 7)
    }

    @Test func fileURLIsRead() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("feedfetch-\(UUID().uuidString).xml").path
        let contents = Array("<rss>from disk</rss>".utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(contents)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let body = try #require(modifiedBody(try await fetcher.fetch(FetchRequest(url: "file://\(path)"))))
        #expect(body.status == 0)
        #expect(body.body == contents)
        #expect(body.effectiveURL == "file://\(path)")
    }

    @Test func missingFileIsAnError() async throws {
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        let url = "file:///nonexistent/feedfetch-\(UUID().uuidString).xml"

        let error = await fetchError(fetcher, FetchRequest(url: url))
        #expect(error?.kind == .fileUnreadable)
        #expect(error?.curlCode == 37)
    }

    @Test func manyConcurrentFetchesAllComplete() async throws {
        let server = try TestHTTPServer.started(routes: [
            "/feed": .handler { request in .ok("<rss>\(request.target)</rss>").delayed(by: .milliseconds(200)) },
        ])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let bodies = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for index in 0..<50 {
                group.addTask {
                    let result = try await fetcher.fetch(FetchRequest(url: server.url("/feed?n=\(index)")))
                    return (index, modifiedBody(result)?.body ?? [])
                }
            }
            var bodies: [Int: [UInt8]] = [:]
            for try await (index, body) in group { bodies[index] = body }
            return bodies
        }
        #expect(bodies.count == 50)
        for (index, body) in bodies {
            #expect(body == Array("<rss>/feed?n=\(index)</rss>".utf8))
        }
        #expect(server.requests.count == 50)
        #expect(server.maxConcurrentConnections > 1, "transfers overlap on the one fetch thread")
    }

    @Test func cancellingTheTaskCancelsTheFetch() async throws {
        let server = try TestHTTPServer.started(routes: [
            "/hang": .ok("late").delayed(by: .seconds(30)),
            "/feed.xml": .ok("<rss/>"),
        ])
        defer { server.stop() }
        let log = LogRecorder()
        let fetcher = Fetcher(limits: FetchLimits(totalTimeout: 60), logger: log.logger())
        defer { fetcher.shutdown() }
        let url = server.url("/hang")

        let task = Task { try await fetcher.fetch(FetchRequest(url: url)) }
        try await waitUntil("the server saw the request") { !server.requests.isEmpty }
        task.cancel()
        let result = await task.result
        guard case .failure(let error as FetchError) = result else {
            Issue.record("expected a FetchError, got \(result)")
            return
        }
        #expect(error.kind == .cancelled)
        #expect(error.description.contains(url))
        // The fetch thread removed the transfer (it does not run on to its timeout).
        try await waitUntil("the fetch thread dropped the transfer") { log.recorded.contains("fetch cancelled") }

        // The fetcher keeps working after a cancellation.
        let next = try await fetcher.fetch(FetchRequest(url: server.url("/feed.xml")))
        #expect(modifiedBody(next)?.body == Array("<rss/>".utf8))
    }

    @Test func fetchInAlreadyCancelledTaskFailsAtOnce() async throws {
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await fetcher.fetch(FetchRequest(url: "http://127.0.0.1:9/never"))
        }
        let result = await task.result
        guard case .failure(let error as FetchError) = result else {
            Issue.record("expected a FetchError, got \(result)")
            return
        }
        #expect(error.kind == .cancelled)
    }

    @Test func shutdownFailsInFlightAndLaterFetches() async throws {
        let server = try TestHTTPServer.started(routes: ["/hang": .ok("late").delayed(by: .seconds(30))])
        defer { server.stop() }
        let fetcher = makeFetcher(totalTimeout: 60)
        let url = server.url("/hang")

        let task = Task { try await fetcher.fetch(FetchRequest(url: url)) }
        try await waitUntil("the server saw the request") { !server.requests.isEmpty }
        fetcher.shutdown()
        let result = await task.result
        guard case .failure(let error as FetchError) = result else {
            Issue.record("expected a FetchError, got \(result)")
            return
        }
        #expect(error.kind == .cancelled)

        let later = await fetchError(fetcher, FetchRequest(url: url))
        #expect(later?.kind == .cancelled)
        fetcher.shutdown()  // idempotent
    }

    @Test func fetcherIsReleasedAfterUse() async throws {
        let server = try TestHTTPServer.started(routes: ["/feed.xml": .ok("<rss/>")])
        defer { server.stop() }
        var fetcher: Fetcher? = makeFetcher()
        _ = try await fetcher?.fetch(FetchRequest(url: server.url("/feed.xml")))
        // Nothing (such as the fetch thread) keeps the Fetcher alive; its deinit asks the thread to stop.
        weak let released = fetcher
        fetcher = nil
        #expect(released == nil)
    }
}
