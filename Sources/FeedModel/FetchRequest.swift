/// One fetch the scheduler asks for: a URL, the validators from the last fetch, and the
/// source's own request settings.
public struct FetchRequest: Sendable, Hashable {
    /// The URL to fetch (`http`, `https` or `file`).
    public var url: String
    /// `ETag` from the previous 200 response, sent as `If-None-Match`.
    public var etag: String?
    /// `Last-Modified` from the previous 200 response, sent as `If-Modified-Since`.
    public var lastModified: String?
    /// Per-source request settings (user agent, credentials, headers, proxy).
    public var options: RequestOptions

    public init(url: String, etag: String? = nil, lastModified: String? = nil, options: RequestOptions = RequestOptions()) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.options = options
    }
}

/// Request settings a source may set in the config.
public struct RequestOptions: Sendable, Hashable, Codable {
    /// Overrides `FetchLimits.userAgent`.
    public var userAgent: String?
    /// HTTP basic authentication user name.
    public var username: String?
    /// HTTP basic authentication password.
    public var password: String?
    /// Extra request headers, in order.
    public var headers: [HTTPHeader]
    /// Proxy URL (`http://host:3128`, `socks5h://host:1080`).
    public var proxy: String?

    public init(
        userAgent: String? = nil, username: String? = nil, password: String? = nil,
        headers: [HTTPHeader] = [], proxy: String? = nil
    ) {
        self.userAgent = userAgent
        self.username = username
        self.password = password
        self.headers = headers
        self.proxy = proxy
    }
}

/// One request header.
public struct HTTPHeader: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
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
    /// Most connections open to one host at once.
    public var maxConnectionsPerHost: Int
    /// Most connections open at once.
    public var maxConnections: Int

    public init(
        connectTimeout: Double = 10,
        totalTimeout: Double = 30,
        maxBodyBytes: Int = 10 * 1024 * 1024,
        maxRedirects: Int = 5,
        userAgent: String = "feedmerge/0.1 (+https://github.com/feedmerge/feedmerge)",
        maxConnectionsPerHost: Int = 2,
        maxConnections: Int = 16
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.userAgent = userAgent
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxConnections = maxConnections
    }
}
