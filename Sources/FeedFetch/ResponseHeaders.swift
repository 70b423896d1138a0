import FeedModel

/// The headers of the final response, collected line by line from libcurl's header callback.
///
/// libcurl reports the headers of every response in a redirect chain; a new status line
/// (`HTTP/...`) starts a new response, so everything collected before it is dropped.
struct ResponseHeaders {
    private(set) var status: Int?
    private(set) var etag: String?
    private(set) var lastModified: String?
    private(set) var contentType: String?
    private(set) var location: String?
    private(set) var cacheControl: String?
    private(set) var expires: String?
    private(set) var date: String?
    private(set) var retryAfter: String?
    /// The redirects before the current response (status and Location of each).
    private(set) var redirects: [RedirectHop] = []

    /// Takes one raw header line as libcurl delivers it (with its CRLF).
    mutating func add(line: String) {
        if line.hasPrefix("HTTP/") {
            var hops = redirects
            if let status, (300..<400).contains(status), let location { hops.append(RedirectHop(status: status, location: location)) }
            self = ResponseHeaders()
            redirects = hops
            let fields = line.split(separator: " ", maxSplits: 2)
            status = fields.count > 1 ? Int(fields[1]) : nil
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingWhitespace().lowercased()
        let value = line[line.index(after: colon)...].trimmingWhitespace()
        guard !value.isEmpty else { return }
        switch name {
        case "etag": etag = value
        case "last-modified": lastModified = value
        case "content-type": contentType = value
        case "location": location = value
        case "cache-control": cacheControl = value
        case "expires": expires = value
        case "date": date = value
        case "retry-after": retryAfter = value
        default: break
        }
    }

    /// Seconds from `Cache-Control: s-maxage` or `max-age`; 0 for `no-cache`/`no-store`.
    var maxAge: Int? {
        guard let cacheControl else { return nil }
        var maxAge: Int?
        for directive in cacheControl.lowercased().split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            switch parts.first {
            case "no-cache", "no-store": return 0
            case "s-maxage": if parts.count == 2, let seconds = Int(parts[1]), seconds >= 0 { return seconds }
            case "max-age": if parts.count == 2, let seconds = Int(parts[1]), seconds >= 0 { maxAge = seconds }
            default: break
            }
        }
        return maxAge
    }

    /// The response facts the scheduler uses.
    func info(status: Int, effectiveURL: String) -> ResponseInfo {
        ResponseInfo(status: status, effectiveURL: effectiveURL, redirects: redirects, maxAge: maxAge, expires: expires, date: date)
    }
}

extension Substring {
    /// The text without leading and trailing spaces, tabs, CR and LF.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
