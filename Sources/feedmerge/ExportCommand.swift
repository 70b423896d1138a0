import ArgumentParser
import Foundation
import FeedExport
import FeedStore

/// `feedmerge export`: the merged stories as a feed any reader can subscribe to, or the
/// configured sources as OPML.
struct ExportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case atom, jsonfeed, opml
    }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the merged stories as Atom 1.0 or JSON Feed 1.1, or the sources as OPML.",
        discussion: """
            Each story is one entry: its headline, a summary, the number of sources and a link to
            every source's entry. Write to a file a web server serves, and subscribe to it.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "atom, jsonfeed or opml.")
    var format: Format

    @Option(help: ArgumentHelp("Only stories updated within this span, such as 24h or 7d.", valueName: "span"))
    var since: String?

    @Option(help: ArgumentHelp("Only stories told by at least this many sources.", valueName: "n"))
    var minSources: Int = 1

    @Option(help: "At most this many stories.")
    var limit: Int = 100

    @Option(help: "The feed's title.")
    var title = "feedmerge: merged stories"

    @Option(help: ArgumentHelp("The URL the feed will be published at (its self link).", valueName: "url"))
    var feedURL: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write here instead of stdout (replaced atomically).", valueName: "file"))
    var output: String?

    func validate() throws {
        if let since, TimeText.duration(since) == nil {
            throw ValidationError("--since expects a span such as 24h, 90m or 7d, not \"\(since)\"")
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if minSources < 1 { throw ValidationError("--min-sources must be at least 1") }
    }

    func run() throws {
        let config = try options.loadConfig()
        let document: String
        switch format {
        case .opml:
            document = OPMLWriter.document(
                title: "feedmerge sources",
                outlines: config.sources.map { OPMLWriter.Outline(title: $0.name, url: $0.url, isFeed: $0.kind == .feed) },
                created: Date())
        case .atom, .jsonfeed:
            let store = try options.openStore(config)
            let cutoff = since.flatMap(TimeText.duration).map { Date().addingTimeInterval(-$0) }
            let stories = try store.stories(since: cutoff, limit: limit, minSources: minSources).map { try ExportedStory(story: $0, store: store) }
            let feed = ExportedFeed(title: title, feedURL: feedURL, updated: stories.map(\.updated).max() ?? Date(), stories: stories)
            document = format == .atom ? AtomWriter.document(feed) : try JSONFeedWriter.document(feed)
        }
        guard let output else {
            FileHandle.standardOutput.write(Data(document.utf8))
            return
        }
        do {
            try Data(document.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            Terminal.printError("\(output): cannot write: \(error.localizedDescription)")
            throw ExitCode(73)  // EX_CANTCREAT
        }
    }
}
