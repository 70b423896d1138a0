import Foundation
import FeedExport
import FeedStore
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// The daemon's optional HTTP output (`[http] listen`, off by default), one more service in
/// its service group: `GET /feed.atom`, `/feed.json` (the merged stories), `/stories` (an
/// HTML page with a search box), `/healthz`, `/metrics` (Prometheus text format).
public enum HTTPOutput {
    /// The service serving `address`, reading the store at `storePath` read-only, and the
    /// metrics of `registry`. `onListening` gets the bound port (useful with port 0).
    public static func service(
        address: ListenAddress, storePath: String, registry: PrometheusCollectorRegistry, logger: Logger,
        feedSize: Int = 100, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> some Service {
        let reader = StoreReader(path: storePath)
        let router = Router()
        router.get("/healthz") { _, _ -> Response in
            do {
                let entries = try await reader.read { try $0.entryCount() }
                return text("ok: \(entries) entries\n", type: "text/plain; charset=utf-8")
            } catch {
                return text("store unavailable: \(error)\n", type: "text/plain; charset=utf-8", status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { _, _ -> Response in
            text(registry.emitToString(), type: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/feed.atom") { request, _ -> Response in
            let feed = try await exportedFeed(reader, request: request, size: feedSize, selfPath: "/feed.atom")
            return text(AtomWriter.document(feed), type: "application/atom+xml; charset=utf-8")
        }
        router.get("/feed.json") { request, _ -> Response in
            let feed = try await exportedFeed(reader, request: request, size: feedSize, selfPath: "/feed.json")
            return text(try JSONFeedWriter.document(feed), type: "application/feed+json; charset=utf-8")
        }
        router.get("/") { _, _ -> Response in
            Response(status: .seeOther, headers: [.location: "/stories"])
        }
        router.get("/stories") { request, _ -> Response in
            // A form sends spaces as "+" (application/x-www-form-urlencoded).
            let query = request.uri.queryParameters.get("q")
                .map { $0.replacingOccurrences(of: "+", with: " ").trimmingCharacters(in: .whitespaces) }
                .flatMap { $0.isEmpty ? nil : $0 }
            let page = try await reader.read { store -> String in
                if let query {
                    return StoriesPage.html(stories: [], query: query, hits: try store.search(SearchQuery(query), limit: 50))
                }
                return StoriesPage.html(stories: try store.stories(since: nil, limit: 50), query: nil, hits: [])
            }
            return text(page, type: "text/html; charset=utf-8")
        }
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: "feedmerge"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                logger.notice("http output listening on \(ListenAddress("\(address.host):\(port)")?.description ?? "\(port)")")
                onListening(port)
            },
            logger: logger)
    }

    private static func text(_ body: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    private static func exportedFeed(_ reader: StoreReader, request: Request, size: Int, selfPath: String) async throws -> ExportedFeed {
        let host = request.head.authority
        let stories = try await reader.read { store in
            try store.stories(since: nil, limit: size).map { try ExportedStory(story: $0, store: store) }
        }
        return ExportedFeed(
            title: "feedmerge: merged stories", feedURL: host.map { "http://\($0)\(selfPath)" },
            updated: stories.map(\.updated).max() ?? Date(), stories: stories)
    }
}
