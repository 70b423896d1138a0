import ArgumentParser
import Foundation
import FeedStore

/// `feedmerge search QUERY`: full-text search over titles and texts, best match first.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search entries by words in their titles and texts, best match first.",
        discussion: """
            Every word must appear (title words count most); "quoted words" must appear together;
            a word ending in * matches any word it begins. Other punctuation is ignored.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(parsing: .allUnrecognized, help: "The words to find (a leading - is a word too, not an option).")
    var words: [String]

    @Option(help: "At most this many results.")
    var limit: Int = 20

    @Option(help: "text, json or jsonl.")
    var format: OutputFormat = .text

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let query = SearchQuery(words.joined(separator: " "))
        guard query.expression != nil else {
            Terminal.printError("nothing to search for in \"\(words.joined(separator: " "))\": give at least one word")
            throw ExitCode(64)
        }
        let config = try options.loadConfig()
        let store = try options.openStore(config)
        let hits = try store.search(query, limit: limit)
        switch format {
        case .jsonl, .json:
            try JSONLinesWriter().write(hits.map(SearchRecord.init), as: format)
        case .text:
            guard !hits.isEmpty else {
                print("Nothing found for \(query.terms.joined(separator: " ")).")
                return
            }
            let colour = Terminal.usesColour
            let width = Terminal.width
            for hit in hits {
                let when = hit.published.map { "  " + TimeText.short($0) } ?? ""
                print(Terminal.fit("#\(hit.storyID)  \(hit.title)", width: width))
                print(Terminal.fit("    [\(hit.sourceName)]\(when)  entry \(hit.entryID)", width: width))
                print("    " + Self.highlight(hit.snippet, colour: colour))
            }
        }
    }

    /// The snippet with its matches in bold yellow on a colour terminal, plain otherwise.
    static func highlight(_ snippet: String, colour: Bool) -> String {
        let flat = snippet.replacingOccurrences(of: "\n", with: " ")
        guard colour else { return SearchRecord.plain(flat) }
        return flat
            .replacingOccurrences(of: String(SearchHit.matchStart), with: "\u{1B}[1;33m")
            .replacingOccurrences(of: String(SearchHit.matchEnd), with: "\u{1B}[0m")
    }
}

/// A search hit as one JSON line.
struct SearchRecord: Encodable {
    var entry: Int64
    var story: Int64
    var source: String
    var title: String
    var url: String?
    var published: Date?
    var snippet: String
    var rank: Double

    init(_ hit: SearchHit) {
        entry = hit.entryID
        story = hit.storyID
        source = hit.sourceName
        title = hit.title
        url = hit.url
        published = hit.published
        snippet = Self.plain(hit.snippet)
        rank = hit.rank
    }

    /// The snippet without its match marks.
    static func plain(_ snippet: String) -> String {
        snippet.filter { $0 != SearchHit.matchStart && $0 != SearchHit.matchEnd }
    }
}
