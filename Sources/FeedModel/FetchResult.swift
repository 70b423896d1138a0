/// What a finished fetch produced. A 304 is a value (`notModified`), not an error.
public enum FetchResult: Sendable, Hashable {
    /// The server sent a new body.
    case modified(FetchedBody)
    /// The server answered 304: nothing changed since the validators we sent.
    case notModified(ResponseInfo)

    /// Status, final URL, redirects and caching hints of the response.
    public var info: ResponseInfo {
        switch self {
        case .modified(let body): return body.info
        case .notModified(let info): return info
        }
    }
}

/// One redirect followed on the way to the final response.
public struct RedirectHop: Sendable, Hashable {
    /// 301, 302, 303, 307 or 308.
    public var status: Int
    /// Where it pointed.
    public var location: String

    public init(status: Int, location: String) {
        self.status = status
        self.location = location
    }

    /// 301 and 308 say "use the new URL from now on"; 302, 303 and 307 do not.
    public var isPermanent: Bool { status == 301 || status == 308 }
}

/// What the final response said beyond its body: status, URL after redirects, the
/// redirects themselves, and the server's caching hints.
public struct ResponseInfo: Sendable, Hashable {
    /// HTTP status (0 for `file://`).
    public var status: Int
    /// The URL after redirects.
    public var effectiveURL: String
    /// Redirects followed, in order.
    public var redirects: [RedirectHop]
    /// `Cache-Control: max-age` (or `s-maxage`) in seconds; `no-cache`/`no-store` give 0.
    public var maxAge: Int?
    /// `Expires` header, verbatim (an HTTP date).
    public var expires: String?
    /// `Date` header, verbatim (to read `Expires` against the server's clock).
    public var date: String?

    public init(
        status: Int, effectiveURL: String, redirects: [RedirectHop] = [], maxAge: Int? = nil,
        expires: String? = nil, date: String? = nil
    ) {
        self.status = status
        self.effectiveURL = effectiveURL
        self.redirects = redirects
        self.maxAge = maxAge
        self.expires = expires
        self.date = date
    }

    /// The final URL when every redirect on the way was permanent (301/308), else nil.
    public var permanentRedirectTarget: String? {
        guard !redirects.isEmpty, redirects.allSatisfy(\.isPermanent) else { return nil }
        return effectiveURL
    }
}

/// A body fetched with a 2xx status (or read from a `file://` URL).
public struct FetchedBody: Sendable, Hashable {
    /// Status, final URL, redirects, caching hints.
    public var info: ResponseInfo
    /// The decoded body bytes.
    public var body: [UInt8]
    /// `Content-Type` header, if any (informational only: formats are detected from content).
    public var contentType: String?
    /// `ETag` header to send next time.
    public var etag: String?
    /// `Last-Modified` header to send next time.
    public var lastModified: String?

    /// HTTP status (0 for `file://`).
    public var status: Int { info.status }
    /// The URL after redirects.
    public var effectiveURL: String { info.effectiveURL }

    public init(
        info: ResponseInfo, body: [UInt8], contentType: String? = nil, etag: String? = nil, lastModified: String? = nil
    ) {
        self.info = info
        self.body = body
        self.contentType = contentType
        self.etag = etag
        self.lastModified = lastModified
    }

    public init(
        status: Int, effectiveURL: String, body: [UInt8],
        contentType: String? = nil, etag: String? = nil, lastModified: String? = nil
    ) {
        self.init(
            info: ResponseInfo(status: status, effectiveURL: effectiveURL), body: body,
            contentType: contentType, etag: etag, lastModified: lastModified)
    }
}
