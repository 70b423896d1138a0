/// A document that could not be read at all (recoverable problems set `ParsedFeed.bozo` instead).
///
/// Always names where the document came from (file path or URL) and, where known, the line.
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// File path or URL of the document.
    public var location: String
    /// 1-based line of the problem, when there is one.
    public var line: Int?
    /// What was wrong or what was seen instead of a feed.
    public var message: String

    /// Creates an error for the document at `location`.
    public init(location: String, line: Int? = nil, message: String) {
        self.location = location
        self.line = line
        self.message = message
    }

    /// `location:line: message`, or `location: message` without a line.
    public var description: String {
        if let line { return "\(location):\(line): \(message)" }
        return "\(location): \(message)"
    }
}
