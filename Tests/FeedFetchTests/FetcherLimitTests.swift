import FeedFetch
import FeedModel
import FeedTestKit
import Testing

/// `<rss>` feed of 149 bytes, compressed once with `gzip -9 -n` (dynamic Huffman blocks).
let gzippedFeed: [UInt8] = [
    0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xB3, 0xB1, 0xAF, 0xC8, 0xCD, 0x51, 0x28, 0x4B,
    0x2D, 0x2A, 0xCE, 0xCC, 0xCF, 0xB3, 0x55, 0x32, 0xD4, 0x33, 0x50, 0xB2, 0xB7, 0xB3, 0x29, 0x2A, 0x2E, 0x46,
    0x88, 0x19, 0x01, 0xC5, 0xEC, 0x6C, 0x92, 0x33, 0x12, 0xF3, 0xF2, 0x52, 0x73, 0xEC, 0x6C, 0x4A, 0x32, 0x4B,
    0x72, 0x52, 0xED, 0xDC, 0xAB, 0x32, 0x0B, 0x0A, 0x52, 0x53, 0x6C, 0xF4, 0x21, 0x5C, 0x9B, 0xCC, 0x92, 0xD4,
    0x5C, 0x98, 0x9C, 0x7F, 0x5E, 0x2A, 0x5C, 0x5C, 0x1F, 0x22, 0x41, 0x40, 0x5A, 0x1F, 0x6E, 0xBA, 0x3E, 0xD0,
    0x6A, 0x3B, 0x00, 0x0F, 0xD3, 0x48, 0x27, 0x95, 0x00, 0x00, 0x00,
]
let plainFeed = #"<?xml version="1.0"?><rss version="2.0"><channel><title>Gzipped</title><item><title>One</title></item><item><title>One</title></item></channel></rss>"#

@Suite("Fetcher: timeouts, size limits, content encoding")
struct FetcherLimitTests {
    @Test func serverThatNeverAnswersTimesOut() async throws {
        let server = try TestHTTPServer.started(routes: ["/hang": .ok("late").delayed(by: .seconds(30))])
        defer { server.stop() }
        let fetcher = makeFetcher(totalTimeout: 1)
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, FetchRequest(url: server.url("/hang")))
        #expect(error?.kind == .timeout)
        #expect(error?.curlCode == 28)
        #expect(error?.description.hasPrefix("\(server.url("/hang")): timed out after 1.0 s (curl 28: ") == true)
    }

    @Test func tricklingServerTimesOut() async throws {
        let body = [UInt8](repeating: 0x61, count: 400)
        let server = try TestHTTPServer.started(routes: [
            "/slow": .ok(bytes: body).trickled(bytes: 1, every: .milliseconds(50)),
        ])
        defer { server.stop() }
        let fetcher = makeFetcher(totalTimeout: 1)
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, FetchRequest(url: server.url("/slow")))
        #expect(error?.kind == .timeout)
    }

    @Test func slowButInTimeBodyArrivesWhole() async throws {
        let body = Array("<rss>trickled</rss>".utf8)
        let server = try TestHTTPServer.started(routes: [
            "/slow": .ok(bytes: body).trickled(bytes: 4, every: .milliseconds(5)).framed(.chunked),
        ])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let result = try await fetcher.fetch(FetchRequest(url: server.url("/slow")))
        #expect(modifiedBody(result)?.body == body)
    }

    @Test(arguments: [
        TestHTTPServer.Response.Framing.contentLength, .closeDelimited, .chunked, .declaredLength(5000),
    ])
    func oversizedBodyIsRejected(framing: TestHTTPServer.Response.Framing) async throws {
        let server = try TestHTTPServer.started(routes: [
            "/big": .ok(bytes: [UInt8](repeating: 0x62, count: 200_000)).framed(framing),
        ])
        defer { server.stop() }
        let fetcher = makeFetcher(maxBodyBytes: 1000)
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, FetchRequest(url: server.url("/big")))
        #expect(error?.kind == .bodyTooLarge(limit: 1000))
        #expect(error?.description.contains("body larger than 1000 bytes") == true)
    }

    @Test func shortContentLengthEndsTheBody() async throws {
        // A server that declares less than it sends: libcurl honours the framing, so the
        // body is the declared 500 bytes and the rest never reaches the write callback.
        let server = try TestHTTPServer.started(routes: [
            "/short": .ok(bytes: [UInt8](repeating: 0x62, count: 200_000)).framed(.declaredLength(500)),
        ])
        defer { server.stop() }
        let fetcher = makeFetcher(maxBodyBytes: 1000)
        defer { fetcher.shutdown() }

        let result = try await fetcher.fetch(FetchRequest(url: server.url("/short")))
        #expect(modifiedBody(result)?.body.count == 500)
    }

    @Test func bodyExactlyAtLimitIsAccepted() async throws {
        let body = [UInt8](repeating: 0x63, count: 1000)
        let server = try TestHTTPServer.started(routes: ["/edge": .ok(bytes: body).framed(.closeDelimited)])
        defer { server.stop() }
        let fetcher = makeFetcher(maxBodyBytes: 1000)
        defer { fetcher.shutdown() }

        let result = try await fetcher.fetch(FetchRequest(url: server.url("/edge")))
        #expect(modifiedBody(result)?.body == body)
    }

    @Test func gzipBodyIsDecoded() async throws {
        let server = try TestHTTPServer.started(routes: [
            "/feed.xml.gz": .ok(bytes: gzippedFeed, contentType: "application/rss+xml").header("Content-Encoding", "gzip"),
        ])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let result = try await fetcher.fetch(FetchRequest(url: server.url("/feed.xml.gz")))
        #expect(modifiedBody(result)?.body == Array(plainFeed.utf8))
    }

    @Test func testKitGzipEncodersDecode() async throws {
        let text = Array("stored, not squeezed".utf8)
        let server = try TestHTTPServer.started(routes: [
            "/stored": .ok(bytes: Gzip.stored(text)).header("Content-Encoding", "gzip"),
            "/run": .ok(bytes: Gzip.repeating(0x41, count: 100_000)).header("Content-Encoding", "gzip"),
        ])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let stored = try await fetcher.fetch(FetchRequest(url: server.url("/stored")))
        #expect(modifiedBody(stored)?.body == text)
        let run = try await fetcher.fetch(FetchRequest(url: server.url("/run")))
        #expect(modifiedBody(run)?.body == [UInt8](repeating: 0x41, count: 100_000))
    }

    @Test(arguments: [
        TestHTTPServer.Response.Framing.contentLength, .closeDelimited, .chunked,
    ])
    func gzipBombIsStoppedAtTheLimit(framing: TestHTTPServer.Response.Framing) async throws {
        let bomb = Gzip.repeating(0, count: 8_000_000)  // about 50 KB on the wire
        let server = try TestHTTPServer.started(routes: [
            "/bomb": .ok(bytes: bomb).header("Content-Encoding", "gzip").framed(framing),
        ])
        defer { server.stop() }
        let fetcher = makeFetcher(maxBodyBytes: 100_000)
        defer { fetcher.shutdown() }

        #expect(bomb.count < 100_000)
        let error = await fetchError(fetcher, FetchRequest(url: server.url("/bomb")))
        #expect(error?.kind == .bodyTooLarge(limit: 100_000))
    }

    @Test func connectionClosedMidBodyIsConnectionLost() async throws {
        let server = try TestHTTPServer.started(routes: [
            "/cut": .ok(bytes: [UInt8](repeating: 0x64, count: 10_000)).closingConnection(afterBodyBytes: 100),
        ])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, FetchRequest(url: server.url("/cut")))
        #expect(error?.kind == .connectionLost)
    }
}
