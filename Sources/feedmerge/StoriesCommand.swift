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

    @Option(help: "At most this many stories.")
    var limit: Int?

    @Option(help: "text or jsonl.")
    var format: OutputFormat = .text

    func validate() throws {
        if let since, TimeText.duration(since) == nil {
            throw ValidationError("--since expects a span such as 24h, 90m or 7d, not \"\(since)\"")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let config = try options.loadConfig()
        let store = try options.openStore(config)
        let cutoff = since.flatMap(TimeText.duration).map { Date().addingTimeInterval(-$0) }
        let count = limit ?? ((all || format == .jsonl) ? nil : 50)
        let stories = try store.stories(since: cutoff, limit: count)
        switch format {
        case .jsonl:
            let writer = JSONLinesWriter()
            for story in stories { try writer.write(StoryRecord(story)) }
        case .text:
            if stories.isEmpty {
                print(cutoff == nil ? "No stories yet." : "No stories in the last \(since ?? "").")
                return
            }
            for story in stories { print(StoryText.summary(story)) }
        }
    }
}

/// Text rendering of stories.
enum StoryText {
    static func summary(_ story: StorySummary) -> String {
        let sources = story.sourceNames
        var badge = sources.count == 1 ? "1 source" : "\(sources.count) sources"
        if story.copyCount > 0 { badge += ", \(story.copyCount) copies" }
        if story.members.count > sources.count { badge += ", \(story.members.count) entries" }
        return """
            #\(story.id)  \(story.headline)
                \(TimeText.short(story.updatedAt))  [\(badge)]  \(sources.joined(separator: ", "))
            """
    }
}
