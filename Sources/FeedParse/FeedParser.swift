// SKELETON: implemented by the parse work.
import FeedModel

/// Detects a document's format from its content and reads it into the shared model.
public enum FeedParser {
    /// Parses `bytes` fetched from `url` (used to resolve relative links).
    public static func parse(_ bytes: [UInt8], url: String?) throws(ParseError) -> ParsedFeed {
        throw ParseError(location: url ?? "<input>", message: "not yet implemented")
    }
}

/// A document that could not be read at all (recoverable problems set `bozo` instead).
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: String
    public var message: String
    public var description: String { "\(location): \(message)" }
}
