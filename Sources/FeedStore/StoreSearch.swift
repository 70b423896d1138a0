import Foundation

/// One search result: an entry, the story it belongs to, and where the words matched.
public struct SearchHit: Sendable, Hashable {
    public var entryID: Int64
    public var storyID: Int64
    public var sourceName: String
    public var title: String
    public var url: String?
    public var published: Date?
    /// A short passage of the text around the matches, each match between
    /// `SearchHit.matchStart` and `SearchHit.matchEnd`.
    public var snippet: String
    /// SQLite's bm25 rank: lower is better (title matches weigh ten times body matches).
    public var rank: Double

    /// Marks around matched words in `snippet` (control characters never found in text).
    public static let matchStart: Character = "\u{2}"
    public static let matchEnd: Character = "\u{3}"
}

extension Store {
    /// Entries matching `query` (FTS5 over each entry's newest title and text), best first,
    /// at most `limit`. An empty query finds nothing.
    public func search(_ query: SearchQuery, limit: Int = 20) throws -> [SearchHit] {
        guard let expression = query.expression else { return [] }
        return try withSearchConnection { db in
            try db.statement("""
                SELECT e.id, e.story_id, s.name, e.title, e.url, e.published_at,
                       snippet(entry_fts, 1, char(2), char(3), '…', 16), bm25(entry_fts, 10.0, 1.0) AS rank
                FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid JOIN source s ON s.id = e.source_id
                WHERE entry_fts MATCH ? ORDER BY rank LIMIT ?
                """).rows([expression, limit]) { row in
                SearchHit(
                    entryID: row.int64(0), storyID: row.int64(1), sourceName: row.string(2), title: row.string(3),
                    url: row.optionalString(4), published: row.optionalDouble(5).map(Date.init(timeIntervalSince1970:)),
                    snippet: row.string(6), rank: row.double(7))
            }
        }
    }
}
