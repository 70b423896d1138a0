/// Collects what libxml2 reports while reading one XML document: the first error, and the
/// first safety limit that stopped the parse (nesting depth, entity expansion, sizes).
final class IssueCollector {
    /// The first error reported, if any.
    private(set) var first: XMLParseIssue?
    /// The first safety limit reported, if any (named for users, not libxml2's wording).
    private(set) var limit: XMLParseIssue?

    /// libxml2 messages that mean a safety limit stopped the parse, and how we name the limit.
    private static let limitMessages: [(needle: String, name: String)] = [
        ("Excessive depth", "depth limit: elements nested deeper than 256 levels"),
        ("entity reference loop", "entity expansion limit: entity reference loop (billion laughs)"),
        ("amplification", "entity expansion limit: entities expand too much (billion laughs)"),
        ("Maximum entity nesting depth", "entity expansion limit: entities nested too deeply"),
        ("huge text node", "size limit: a text node over 10 MB"),
        ("Huge input lookup", "size limit: a token over 10 MB"),
    ]

    /// Records one error-level message of libxml2 at `line`, `column`.
    func record(line: Int, column: Int, message: String) {
        let issue = XMLParseIssue(line: line, column: column, message: message.trimmingWhitespace())
        if limit == nil, let hit = Self.limitMessages.first(where: { message.contains($0.needle) }) {
            limit = XMLParseIssue(line: line, column: column, message: hit.name)
        }
        if first == nil { first = issue }
    }
}
