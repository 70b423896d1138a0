import FeedFetch
import FeedModel
import FeedTestKit
import Logging
import Synchronization
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

/// Messages logged through a `Logger`, for tests that check what the fetch thread did.
final class LogRecorder: Sendable {
    private let messages = Mutex<[String]>([])

    /// A debug-level logger that records into this recorder.
    func logger() -> Logger {
        Logger(label: "FeedFetchTests") { _ in Handler(recorder: self) }
    }

    /// Every message so far.
    var recorded: [String] { messages.withLock { $0 } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .debug

        func log(event: LogEvent) {
            recorder.messages.withLock { $0.append(event.message.description) }
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
    }
}
