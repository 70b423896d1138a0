import FeedFetch
import FeedModel
import FeedTestKit
import Testing

@Suite("Fetcher: HTTP semantics against a loopback server")
struct FetcherHTTPTests {
    @Test func okCapturesBodyAndValidators() async throws {
        let server = try TestHTTPServer.started(routes: [
            "/feed.xml": .ok("<rss/>", contentType: "application/rss+xml")
                .header("ETag", "\"v1\"")
                .header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"),
        ])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let result = try await fetcher.fetch(FetchRequest(url: server.url("/feed.xml")))
        let body = try #require(modifiedBody(result))
        #expect(body.status == 200)
        #expect(body.effectiveURL == server.url("/feed.xml"))
        #expect(body.body == Array("<rss/>".utf8))
        #expect(body.contentType == "application/rss+xml")
        #expect(body.etag == "\"v1\"")
        #expect(body.lastModified == "Wed, 21 Oct 2015 07:28:00 GMT")

        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.header("User-Agent") == "feedmerge-tests/1")
        #expect(request.header("Accept-Encoding")?.contains("gzip") == true)
        #expect(request.header("If-None-Match") == nil)
    }

    @Test func notModifiedWhenETagMatches() async throws {
        let server = try TestHTTPServer.started(routes: [
            "/feed.xml": .handler { request in
                request.header("If-None-Match") == "\"v1\"" ? .status(304) : .ok("<rss/>").header("ETag", "\"v1\"")
            },
        ])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        let url = server.url("/feed.xml")

        let first = try #require(modifiedBody(try await fetcher.fetch(FetchRequest(url: url))))
        let second = try await fetcher.fetch(FetchRequest(url: url, etag: first.etag))
        #expect(second == .notModified(ResponseInfo(status: 304, effectiveURL: url)))
        #expect(server.requests(for: "/feed.xml").last?.header("If-None-Match") == "\"v1\"")
    }

    @Test func notModifiedViaIfModifiedSince() async throws {
        let stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
        let server = try TestHTTPServer.started(routes: [
            "/feed.xml": .handler { request in
                request.header("If-Modified-Since") == stamp ? .status(304) : .ok("<rss/>").header("Last-Modified", stamp)
            },
        ])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        let url = server.url("/feed.xml")

        let first = try #require(modifiedBody(try await fetcher.fetch(FetchRequest(url: url))))
        #expect(first.lastModified == stamp)
        let second = try await fetcher.fetch(FetchRequest(url: url, lastModified: first.lastModified))
        #expect(second == .notModified(ResponseInfo(status: 304, effectiveURL: url)))
        // Sent verbatim, not reformatted.
        #expect(server.requests.last?.header("If-Modified-Since") == stamp)
    }

    @Test func validatorWithLineBreakIsNotSent() async throws {
        let server = try TestHTTPServer.started(routes: ["/feed.xml": .ok("<rss/>")])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        _ = try await fetcher.fetch(FetchRequest(url: server.url("/feed.xml"), etag: "\"v1\"\r\nX-Injected: 1"))
        let request = try #require(server.requests.first)
        #expect(request.header("X-Injected") == nil)
        #expect(request.header("If-None-Match") == nil)
    }

    @Test(arguments: [301, 302, 307, 308])
    func redirectIsFollowed(status: Int) async throws {
        let server = try TestHTTPServer.started(routes: [
            "/old": .redirect(to: "/middle", status: status).header("ETag", "\"old\""),
            "/middle": .redirect(to: "/feed.xml", status: 302).header("Last-Modified", "Thu, 01 Jan 2015 00:00:00 GMT"),
            "/feed.xml": .ok("<feed/>").header("ETag", "\"new\""),
        ])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let body = try #require(modifiedBody(try await fetcher.fetch(FetchRequest(url: server.url("/old")))))
        #expect(body.status == 200)
        #expect(body.effectiveURL == server.url("/feed.xml"))
        #expect(body.body == Array("<feed/>".utf8))
        // Headers of the final response only.
        #expect(body.etag == "\"new\"")
        #expect(body.lastModified == nil)
    }

    @Test func redirectLoopIsTooManyRedirects() async throws {
        let server = try TestHTTPServer.started(routes: ["/loop": .redirect(to: "/loop")])
        defer { server.stop() }
        let fetcher = makeFetcher(maxRedirects: 3)
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, FetchRequest(url: server.url("/loop")))
        #expect(error?.kind == .tooManyRedirects)
        #expect(error?.curlCode == 47)
        #expect(server.requests(for: "/loop").count == 4)
    }

    @Test(arguments: ["file:///etc/hostname", "ftp://127.0.0.1/feed.xml"])
    func redirectToOtherSchemeIsRefused(target: String) async throws {
        let server = try TestHTTPServer.started(routes: ["/evil": .redirect(to: target)])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, FetchRequest(url: server.url("/evil")))
        #expect(error?.kind == .unsupportedURL)
    }

    @Test(arguments: [404, 410, 500, 503])
    func errorStatusIsHTTPStatusError(status: Int) async throws {
        let server = try TestHTTPServer.started(routes: ["/gone": .status(status)])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, FetchRequest(url: server.url("/gone")))
        #expect(error?.kind == .httpStatus(status))
        #expect(error?.description == "\(server.url("/gone")): HTTP status \(status)")
    }

    @Test func unknownPathIs404() async throws {
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, FetchRequest(url: server.url("/nowhere")))
        #expect(error?.kind == .httpStatus(404))
    }

    @Test func unsupportedSchemeIsRejected() async throws {
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }
        let error = await fetchError(fetcher, FetchRequest(url: "gopher://127.0.0.1/feed"))
        #expect(error?.kind == .unsupportedURL)
    }

    @Test func garbageReplyIsInvalidResponse() async throws {
        let server = try TestHTTPServer.started(routes: ["/garbage": .raw(Array("SSH-2.0-OpenSSH\r\n\r\n".utf8))])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let error = await fetchError(fetcher, FetchRequest(url: server.url("/garbage")))
        #expect(error?.kind == .invalidResponse)
        #expect(error?.curlCode != nil)
    }

    /// An https URL whose server speaks plain HTTP: the handshake fails, and the error says
    /// TLS (not a refused connection or a bad response), with the URL and curl's own words.
    @Test func failedHandshakeIsATLSError() async throws {
        let server = try TestHTTPServer.started(routes: ["/feed.xml": .ok("<rss/>")])
        defer { server.stop() }
        let fetcher = makeFetcher()
        defer { fetcher.shutdown() }

        let url = server.url("/feed.xml").replacingOccurrences(of: "http://", with: "https://")
        #expect(url.hasPrefix("https://127.0.0.1:"))
        let error = await fetchError(fetcher, FetchRequest(url: url))
        #expect(error?.kind == .tls)
        #expect(error?.url == url)
        #expect(error?.curlCode == 35)
    }
}
