@testable import FeedFetch
import FeedModel
import Testing

@Suite("CurlErrorMap: CURLcode to FetchError.Kind")
struct CurlErrorMapTests {
    let limits = FetchLimits(maxBodyBytes: 123)

    @Test(arguments: [
        (28, FetchError.Kind.timeout), (7, .connectionFailed), (6, .hostNotFound), (47, .tooManyRedirects),
        (60, .tls), (35, .tls), (1, .unsupportedURL), (3, .unsupportedURL), (18, .connectionLost),
        (56, .connectionLost), (37, .fileUnreadable), (63, .bodyTooLarge(limit: 123)), (8, .invalidResponse),
        (26, .curl(code: 26, name: "CURLE_READ_ERROR")), (23, .curl(code: 23, name: "CURLE_WRITE_ERROR")),
        (99, .curl(code: 99, name: "CURLE_UNRECOVERABLE_POLL")), (250, .curl(code: 250, name: "CURLE_250")),
    ])
    func kinds(code: Int, kind: FetchError.Kind) {
        #expect(CurlErrorMap.kind(for: code, bodyLimitExceeded: false, limits: limits) == kind)
    }

    @Test func writeErrorFromTheSizeCapIsBodyTooLarge() {
        #expect(CurlErrorMap.kind(for: 23, bodyLimitExceeded: true, limits: limits) == .bodyTooLarge(limit: 123))
    }

    @Test func descriptionNamesURLAndCurlDetail() {
        let error = FetchError(
            url: "http://127.0.0.1:4242/feed.xml", kind: .timeout, message: "timed out after 2.0 s",
            curlCode: 28, curlMessage: "Timeout was reached: Operation timed out after 2001 milliseconds"
        )
        #expect(error.description
            == "http://127.0.0.1:4242/feed.xml: timed out after 2.0 s (curl 28: Timeout was reached: Operation timed out after 2001 milliseconds)")
    }
}
