/// A failed fetch. Always names the URL; `kind` says what went wrong in terms a scheduler can act on.
///
/// `description` reads like
/// `http://127.0.0.1:4242/feed.xml: timed out after 2.0 s (curl 28: Timeout was reached: Operation timed out ...)`.
public struct FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// A libcurl failure with no more specific kind: the `CURLcode` and its symbolic name.
        case curl(code: Int, name: String)
        /// The connect or total timeout from `FetchLimits` expired.
        case timeout
        /// The server could not be reached (connection refused, unreachable, proxy unresolved).
        case connectionFailed
        /// The host name did not resolve.
        case hostNotFound
        /// The connection broke after it was established (reset, closed mid-body, empty reply).
        case connectionLost
        /// The server answered something that is not valid HTTP (garbage, HTTP/0.9, a broken encoding).
        case invalidResponse
        /// TLS handshake or certificate verification failed.
        case tls
        /// More redirects than `FetchLimits.maxRedirects`.
        case tooManyRedirects
        /// The decoded body grew beyond `limit` bytes; the transfer was aborted.
        case bodyTooLarge(limit: Int)
        /// The final response had a status other than 2xx or 304.
        case httpStatus(Int)
        /// The awaiting task was cancelled or the fetcher shut down.
        case cancelled
        /// The URL is malformed or uses a scheme other than http, https or file
        /// (also when a redirect points to such a scheme).
        case unsupportedURL
        /// A `file://` URL names a file that does not exist or cannot be read.
        case fileUnreadable
    }

    /// The URL that was requested.
    public var url: String
    /// What went wrong.
    public var kind: Kind
    /// A human summary such as "timed out after 2.0 s" or "HTTP status 404".
    public var message: String
    /// The `CURLcode` behind this error, if libcurl reported one.
    public var curlCode: Int?
    /// libcurl's explanation: `curl_easy_strerror` plus the `CURLOPT_ERRORBUFFER` text.
    public var curlMessage: String?
    /// `Retry-After` of an error response (429, 503), verbatim: seconds or an HTTP date.
    public var retryAfter: String?

    /// Creates an error; `message` defaults to a summary of `kind`.
    public init(url: String, kind: Kind, message: String? = nil, curlCode: Int? = nil, curlMessage: String? = nil) {
        self.url = url
        self.kind = kind
        self.message = message ?? kind.summary
        self.curlCode = curlCode
        self.curlMessage = curlMessage
    }

    public var description: String {
        var text = "\(url): \(message)"
        if let curlCode {
            text += " (curl \(curlCode)"
            if let curlMessage, !curlMessage.isEmpty { text += ": \(curlMessage)" }
            text += ")"
        }
        return text
    }
}

extension FetchError.Kind {
    /// The default human summary of this kind.
    var summary: String {
        switch self {
        case .curl(_, let name): "transfer failed (\(name))"
        case .timeout: "timed out"
        case .connectionFailed: "connection failed"
        case .hostNotFound: "host not found"
        case .connectionLost: "connection lost"
        case .invalidResponse: "invalid HTTP response"
        case .tls: "TLS failure"
        case .tooManyRedirects: "too many redirects"
        case .bodyTooLarge(let limit): "body larger than \(limit) bytes"
        case .httpStatus(let status): "HTTP status \(status)"
        case .cancelled: "cancelled"
        case .unsupportedURL: "unsupported or malformed URL"
        case .fileUnreadable: "file cannot be read"
        }
    }
}
