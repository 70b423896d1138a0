import ArgumentParser
import Foundation
import FeedStore

/// `feedmerge stories`: merged stories, newest first, with their number of sources.
struct StoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories", abstract: "List merged stories, newest first.")

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("Only stories updated within this span, such as 24h, 90m, 7d.", valueName: "span"))
    var since: String?

    @Flag(help: "Every story (the default for jsonl; text shows the newest 50).")
    var all = false

    @Option(help: ArgumentHelp("Only stories with an entry from this source.", valueName: "name"))
    var source: String?

    @Option(help: ArgumentHelp("Only stories told by at least this many sources.", valueName: "n"))
    var minSources: Int = 1

    @Option(help: "At most this many stories.")
    var limit: Int?

    @Option(help: "text, json or jsonl.")
    var format: OutputFormat = .text

    func validate() throws {
        if let since, TimeText.duration(since) == nil {
            throw ValidationError("--since expects a span such as 24h, 90m or 7d, not \"\(since)\"")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if minSources < 1 { throw ValidationError("--min-sources must be at least 1") }
    }

    func run() throws {
        let config = try options.loadConfig()
        let store = try options.openStore(config)
        let cutoff = since.flatMap(TimeText.duration).map { Date().addingTimeInterval(-$0) }
        let count = limit ?? ((all || format != .text) ? nil : 50)
        let stories = try store.stories(since: cutoff, limit: count, source: source, minSources: minSources)
        switch format {
        case .jsonl, .json:
            try JSONLinesWriter().write(stories.map(StoryRecord.init), as: format)
        case .text:
            if stories.isEmpty {
                var message = cutoff == nil ? "No stories yet" : "No stories in the last \(since ?? "")"
                if let source { message += " from \(source)" }
                if minSources > 1 { message += " told by \(minSources) sources or more" }
                print(message + ".")
                return
            }
            let width = Terminal.width
            for story in stories { print(StoryText.summary(story, width: width)) }
        }
    }
}

/// Text rendering of stories.
enum StoryText {
    static func summary(_ story: StorySummary, width: Int? = nil) -> String {
        let sources = story.sourceNames
        var badge = sources.count == 1 ? "1 source" : "\(sources.count) sources"
        if story.copyCount > 0 { badge += ", \(story.copyCount) copies" }
        if story.members.count > sources.count { badge += ", \(story.members.count) entries" }
        return Terminal.fit("#\(story.id)  \(story.headline)", width: width) + "\n"
            + Terminal.fit("    \(TimeText.short(story.updatedAt))  [\(badge)]  \(sources.joined(separator: ", "))", width: width)
    }
}
