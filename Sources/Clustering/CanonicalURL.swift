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

    /// The canonical form of `url`, or nil when it is not an http(s) URL.
    public static func normalize(_ url: String) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":"), trimmed[colon...].hasPrefix("://") else { return nil }
        let scheme = trimmed[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = trimmed[trimmed.index(colon, offsetBy: 3)...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd].lowercased()
        if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
        if scheme == "http", authority.hasSuffix(":80") { authority.removeLast(3) }
        if scheme == "https", authority.hasSuffix(":443") { authority.removeLast(4) }
        guard !authority.isEmpty else { return nil }
        var pathAndQuery = rest[authorityEnd...]
        var query: Substring = ""
        if let questionMark = pathAndQuery.firstIndex(of: "?") {
            query = pathAndQuery[pathAndQuery.index(after: questionMark)...]
            pathAndQuery = pathAndQuery[..<questionMark]
        }
        let path = pathAndQuery.isEmpty ? "/" : String(pathAndQuery)
        let kept = query.split(separator: "&").filter { parameter in
            let name = parameter.prefix(while: { $0 != "=" }).lowercased()
            return !name.isEmpty && !name.hasPrefix("utm_") && !trackingParameters.contains(name)
        }
        let queryPart = kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
        return "\(scheme)://\(authority)\(path)\(queryPart)"
    }
}

extension Character {
    fileprivate static let whitespaceSet: Set<Character> = [" ", "\t", "\n", "\r"]
}

extension String {
    fileprivate enum TrimSet { case whitespaces }
    fileprivate func trimmingCharacters(in set: TrimSet) -> String {
        var slice = Substring(self)
        while let first = slice.first, Character.whitespaceSet.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, Character.whitespaceSet.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
