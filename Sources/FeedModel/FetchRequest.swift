/// One fetch the scheduler asks for: a URL plus the validators from the last fetch.
public struct FetchRequest: Sendable, Hashable {
    /// The URL to fetch (`http`, `https` or `file`).
    public var url: String
    /// `ETag` from the previous 200 response, sent as `If-None-Match`.
    public var etag: String?
    /// `Last-Modified` from the previous 200 response, sent as `If-Modified-Since`.
    public var lastModified: String?

    public init(url: String, etag: String? = nil, lastModified: String? = nil) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// Limits applied to every transfer.
public struct FetchLimits: Sendable, Hashable {
    /// Seconds allowed to establish the connection.
    public var connectTimeout: Double
    /// Seconds allowed for the whole transfer.
    public var totalTimeout: Double
    /// Largest accepted body, in decoded bytes.
    public var maxBodyBytes: Int
    /// Most redirects followed.
    public var maxRedirects: Int
    /// `User-Agent` header.
    public var userAgent: String

    public init(
        connectTimeout: Double = 10,
        totalTimeout: Double = 30,
        maxBodyBytes: Int = 10 * 1024 * 1024,
        maxRedirects: Int = 5,
        userAgent: String = "feedmerge/0.1 (+https://github.com/feedmerge/feedmerge)"
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.userAgent = userAgent
    }
}
