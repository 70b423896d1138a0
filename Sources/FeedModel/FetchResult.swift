/// What a finished fetch produced. A 304 is a value (`notModified`), not an error.
public enum FetchResult: Sendable, Hashable {
    /// The server sent a new body.
    case modified(FetchedBody)
    /// The server answered 304: nothing changed since the validators we sent.
    case notModified(status: Int, effectiveURL: String)
}

/// A body fetched with a 2xx status (or read from a `file://` URL).
public struct FetchedBody: Sendable, Hashable {
    /// HTTP status (0 for `file://`).
    public var status: Int
    /// The URL after redirects.
    public var effectiveURL: String
    /// The decoded body bytes.
    public var body: [UInt8]
    /// `Content-Type` header, if any (informational only: formats are detected from content).
    public var contentType: String?
    /// `ETag` header to send next time.
    public var etag: String?
    /// `Last-Modified` header to send next time.
    public var lastModified: String?

    public init(
        status: Int, effectiveURL: String, body: [UInt8],
        contentType: String? = nil, etag: String? = nil, lastModified: String? = nil
    ) {
        self.status = status
        self.effectiveURL = effectiveURL
        self.body = body
        self.contentType = contentType
        self.etag = etag
        self.lastModified = lastModified
    }
}
