import FeedModel

/// What every adapter needs to know about the document besides its content.
struct DocumentInfo {
    /// The document URL (base for relative links), if known.
    var url: String?
    var bozo: Bool
    var bozoReason: String?
    var encoding: String

    /// An empty `ParsedFeed` carrying this document's facts.
    func feed(format: FeedFormat) -> ParsedFeed {
        ParsedFeed(format: format, bozo: bozo, bozoReason: bozoReason, encoding: encoding)
    }
}
