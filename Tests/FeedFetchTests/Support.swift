import FeedFetch
import FeedModel
import FeedTestKit
import Logging
import Testing

/// A fetcher with test-sized limits.
func makeFetcher(
    totalTimeout: Double = 10, maxBodyBytes: Int = 1 << 20, maxRedirects: Int = 5
) -> Fetcher {
    let limits = FetchLimits(
        connectTimeout: 5, totalTimeout: totalTimeout, maxBodyBytes: maxBodyBytes,
        maxRedirects: maxRedirects, userAgent: "feedmerge-tests/1"
    )
    return Fetcher(limits: limits, logger: Logger(label: "FeedFetchTests"))
}

/// The error a fetch failed with, or nil (and a recorded issue) if it succeeded.
func fetchError(
    _ fetcher: Fetcher, _ request: FetchRequest, sourceLocation: SourceLocation = #_sourceLocation
) async -> FetchError? {
    do {
        let result = try await fetcher.fetch(request)
        Issue.record("expected an error, got \(result)", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.description.contains(request.url), "error names the URL", sourceLocation: sourceLocation)
        return error
    }
}

/// The body of a `.modified` result, or nil (and a recorded issue).
func modifiedBody(_ result: FetchResult, sourceLocation: SourceLocation = #_sourceLocation) -> FetchedBody? {
    guard case .modified(let body) = result else {
        Issue.record("expected .modified, got \(result)", sourceLocation: sourceLocation)
        return nil
    }
    return body
}

/// Polls `condition` every 10 ms for up to 5 s.
func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
    for _ in 0..<500 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("timed out waiting until \(what)")
}
