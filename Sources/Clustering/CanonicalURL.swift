/// Canonical form of an article URL for identity (tier 1): scheme and host lower-cased,
/// default ports, fragments and tracking parameters (`utm_*`, `fbclid`, `gclid`, ...)
/// removed. Pure string work, no Foundation URL parsing, so the result is the same on
/// every platform.
public enum CanonicalURL {
    /// Query parameters that only track the reader.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc", "_hsmi",
        "ref_src", "cmpid", "ocid", "smid", "sr_share",
    ]

    /// The canonical form of `url`, or nil when it is not an http(s) URL. Delimiters are found
    /// on UTF-8 bytes (they are all ASCII); only the scheme, host and parameter names are
    /// lower-cased as strings.
    public static func normalize(_ url: String) -> String? {
        let trimmed = trimmingSpace(url)
        let bytes = trimmed.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), bytes[colon...].starts(with: "://".utf8) else {
            return nil
        }
        let scheme = trimmed[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = trimmed[bytes.index(colon, offsetBy: 3)...]
        if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) { rest = rest[..<hash] }
        let authorityEnd = rest.utf8.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? rest.endIndex
        var authority = rest[..<authorityEnd].lowercased()
        if let at = authority.utf8.lastIndex(of: UInt8(ascii: "@")) {
            authority = String(authority[authority.utf8.index(after: at)...])
        }
        if scheme == "http", authority.hasSuffix(":80") { authority.removeLast(3) }
        if scheme == "https", authority.hasSuffix(":443") { authority.removeLast(4) }
        guard !authority.isEmpty else { return nil }
        var pathAndQuery = rest[authorityEnd...]
        var query: Substring = ""
        if let questionMark = pathAndQuery.utf8.firstIndex(of: UInt8(ascii: "?")) {
            query = pathAndQuery[pathAndQuery.utf8.index(after: questionMark)...]
            pathAndQuery = pathAndQuery[..<questionMark]
        }
        let path = pathAndQuery.isEmpty ? "/" : String(pathAndQuery)
        guard !query.isEmpty else { return "\(scheme)://\(authority)\(path)" }
        let kept = query.utf8.split(separator: UInt8(ascii: "&")).compactMap { bytes -> Substring? in
            let parameter = query[bytes.startIndex..<bytes.endIndex]
            let nameEnd = parameter.utf8.firstIndex(of: UInt8(ascii: "=")) ?? parameter.endIndex
            let name = parameter[..<nameEnd].lowercased()
            return !name.isEmpty && !name.hasPrefix("utm_") && !trackingParameters.contains(name) ? parameter : nil
        }
        let queryPart = kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
        return "\(scheme)://\(authority)\(path)\(queryPart)"
    }

    /// The canonical form of `url` when it can be one article's address: nil for what
    /// `normalize` refuses and for a site's front page, which feeds give as the link of items
    /// that have no page of their own (podcast episodes, forum posts).
    public static func article(_ url: String) -> String? {
        normalize(url).flatMap { isSiteRoot($0) ? nil : $0 }
    }

    /// Whether `canonical` (a result of `normalize`) is a site's front page: the root path and no query.
    static func isSiteRoot(_ canonical: String) -> Bool {
        let bytes = canonical.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let authority = bytes.index(colon, offsetBy: 3, limitedBy: bytes.endIndex) ?? bytes.endIndex
        guard let slash = bytes[authority...].firstIndex(of: UInt8(ascii: "/")) else { return false }
        return bytes.index(after: slash) == bytes.endIndex
    }

    /// `url` without leading and trailing spaces, tabs and line breaks.
    static func trimmingSpace(_ url: String) -> Substring {
        let bytes = url.utf8
        func isSpace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        while start < end, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return url[start..<end]
    }
}
