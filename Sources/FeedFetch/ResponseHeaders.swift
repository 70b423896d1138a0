/// The headers of the final response, collected line by line from libcurl's header callback.
///
/// libcurl reports the headers of every response in a redirect chain; a new status line
/// (`HTTP/...`) starts a new response, so everything collected before it is dropped.
struct ResponseHeaders {
    private(set) var etag: String?
    private(set) var lastModified: String?
    private(set) var contentType: String?

    /// Takes one raw header line as libcurl delivers it (with its CRLF).
    mutating func add(line: String) {
        if line.hasPrefix("HTTP/") {
            self = ResponseHeaders()
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
        default: break
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces, tabs, CR and LF.
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
