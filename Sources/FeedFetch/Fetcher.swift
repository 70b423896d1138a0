import FeedModel
import Logging

/// Fetches feeds and pages over http, https and `file://` with libcurl.
///
/// One dedicated thread owns a libcurl multi handle and runs every transfer; `fetch` hands it
/// a request and awaits the result. Cancelling the awaiting task fails that fetch with
/// `.cancelled` at once and removes its transfer. The thread starts with the first fetch and
/// stops in `shutdown()` or when the fetcher is released.
///
/// Each transfer: redirects followed up to `FetchLimits.maxRedirects` (only to http/https),
/// connect and total timeouts, every content encoding libcurl decodes, the decoded body capped
/// at `maxBodyBytes` while it streams, `If-None-Match`/`If-Modified-Since` from the request.
public final class Fetcher: Sendable {
    /// Limits applied to every transfer.
    public let limits: FetchLimits
    private let loop: CurlMultiLoop

    /// Creates a fetcher; no thread runs until the first `fetch`.
    public init(limits: FetchLimits = FetchLimits(), logger: Logger) {
        _ = CurlGlobal.isInitialized  // curl_global_init before any thread uses libcurl
        self.limits = limits
        self.loop = CurlMultiLoop(limits: limits, logger: logger)
    }

    deinit {
        loop.shutdown(wait: false)
    }

    /// Fetches one URL.
    ///
    /// - Returns: `.modified` for a 2xx response or a `file://` read, `.notModified` for a 304.
    /// - Throws: `FetchError` naming the URL for every failure, including any other HTTP status
    ///   (`.httpStatus`), an oversized body (`.bodyTooLarge`) and cancellation (`.cancelled`).
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResult {
        let pending = PendingFetch()
        let id = loop.makeID()
        let loop = self.loop
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard pending.install(continuation) else { return }  // cancelled before it started
                if !loop.submit(.add(id: id, request: request, pending: pending)) {
                    pending.resolve(.failure(FetchError(url: request.url, kind: .cancelled, message: "fetcher is shut down")))
                }
            }
        } onCancel: {
            if pending.resolve(.failure(FetchError(url: request.url, kind: .cancelled, message: "fetch cancelled"))) {
                loop.submit(.cancel(id: id))
            }
        }
        return try outcome.get()
    }

    /// Stops the fetch thread and waits for it: fetches in flight or queued fail with `.cancelled`,
    /// later fetches fail at once. Safe to call more than once.
    public func shutdown() {
        loop.shutdown(wait: true)
    }
}
