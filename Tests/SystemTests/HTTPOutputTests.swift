import Foundation
import Logging
import Testing
import FeedFetch
import FeedModel
import FeedTestKit
#if canImport(Glibc)
import Glibc
#endif

/// The daemon with `[http] listen` on an ephemeral loopback port: every route answers, the
/// feeds carry the ingested stories, search works from the page, metrics count the polls.
@Suite(.serialized) struct HTTPOutputTests {
    @Test func everyRouteAnswersWhileTheDaemonRuns() async throws {
        let scratch = try Scratch()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        for feed in 0..<2 {
            server.route("/feed\(feed).xml", .ok(Feeds.rss(feed: feed, items: 3, words: 60)))
        }
        let database = scratch.path("db.sqlite")
        let config = try scratch.write("feedmerge.toml", Feeds.config(
            store: database, sources: (0..<2).map { ("feed\($0)", server.url("/feed\($0).xml")) })
            + "\n[http]\nlisten = \"127.0.0.1:0\"\n")
        let notify = try NotifySocket(folder: scratch.folder)
        let daemon = try DaemonProcess(
            ["run", "--config", config, "--log-level", "notice"], environment: ["NOTIFY_SOCKET": notify.path])
        defer {
            daemon.signal(SIGTERM)
            _ = daemon.waitForExit(seconds: 20)
        }
        #expect(notify.waitFor("READY=1", seconds: 30).found)
        var port: Int?
        _ = DaemonProcess.eventually(seconds: 30) {
            port = Self.listeningPort(in: daemon.stderr)
            return port != nil
        }
        let base = "http://127.0.0.1:\(try #require(port, "no listening line in: \(daemon.stderr)"))"
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let fetcher = Fetcher(logger: logger)
        defer { fetcher.shutdown() }
        func get(_ path: String) async throws -> FetchedBody {
            guard case .modified(let body) = try await fetcher.fetch(FetchRequest(url: base + path)) else {
                throw CancellationError()
            }
            return body
        }

        // Wait for both feeds to be ingested (the health line counts entries).
        var health = ""
        for _ in 0..<100 where !health.hasPrefix("ok: 6 entries") {
            health = String(decoding: try await get("/healthz").body, as: UTF8.self)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(health == "ok: 6 entries\n")

        let atom = try await get("/feed.atom")
        #expect(atom.contentType?.hasPrefix("application/atom+xml") == true)
        let atomText = String(decoding: atom.body, as: UTF8.self)
        #expect(atomText.components(separatedBy: "<entry>").count - 1 == 6)
        #expect(atomText.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"\(base)/feed.atom\"/>"))

        let json = try await get("/feed.json")
        #expect(json.contentType?.hasPrefix("application/feed+json") == true)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body)) as? [String: Any])
        #expect((object["items"] as? [Any])?.count == 6)

        let page = String(decoding: try await get("/stories").body, as: UTF8.self)
        #expect(page.hasPrefix("<!doctype html>"))
        #expect(page.components(separatedBy: "<li id=\"story-").count - 1 == 6)
        #expect(page.contains("<form action=\"/stories\" method=\"get\" role=\"search\">"))

        let word = Feeds.text(seed: 0, words: 1).split(separator: " ").first.map(String.init) ?? "x"
        // The search index applies what was stored in groups, about half a second later.
        var results = ""
        for _ in 0..<100 where !results.contains("<mark>") {
            results = String(decoding: try await get("/stories?q=\(word)+\(word)").body, as: UTF8.self)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(results.contains("for “\(word) \(word)”"))
        #expect(results.contains("<mark>"))
        let hostile = String(decoding: try await get("/stories?q=%22%3Cscript%3E%20AND%20(").body, as: UTF8.self)
        #expect(hostile.contains("0 results for “&quot;&lt;script&gt; AND (”"))
        #expect(!hostile.contains("<script>"))

        let metrics = String(decoding: try await get("/metrics").body, as: UTF8.self)
        #expect(metrics.contains("feedmerge_fetches_total{outcome=\"modified\"} 2"))
        #expect(metrics.contains("feedmerge_entries_ingested_total{result=\"added\"} 6"))
        #expect(metrics.contains("feedmerge_poll_duration_seconds_count 2"))

        do {
            _ = try await fetcher.fetch(FetchRequest(url: base + "/nothing-here"))
            Issue.record("expected a 404")
        } catch {
            #expect(error.kind == .httpStatus(404))
        }
    }

    static func listeningPort(in log: String) -> Int? {
        guard let range = log.range(of: "http output listening on 127.0.0.1:") else { return nil }
        return Int(log[range.upperBound...].prefix { $0.isNumber })
    }
}
