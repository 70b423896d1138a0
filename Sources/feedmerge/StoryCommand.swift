import ArgumentParser
import Foundation
import FeedStore

/// `feedmerge story ID`: one story, every member and how it joined.
struct StoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "story", abstract: "Show one story: every member, its source and how it matched.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The story number (from `feedmerge stories`).")
    var id: Int64

    @Option(help: "text, json or jsonl.")
    var format: OutputFormat = .text

    func run() throws {
        let config = try options.loadConfig()
        let store = try options.openStore(config)
        guard let story = try store.story(id) else {
            Terminal.printError("no story #\(id)")
            throw ExitCode(1)
        }
        switch format {
        case .jsonl, .json:
            try JSONLinesWriter().write(StoryRecord(story))
        case .text:
            print(StoryText.summary(story))
            print("")
            for member in story.members {
                var how = member.tier
                if let matched = member.matchedEntryID {
                    how += " with entry \(matched), score \(String(format: "%.2f", member.score))"
                } else if member.tier != "new-story" {
                    how += ", score \(String(format: "%.2f", member.score))"
                }
                let versions = member.versionCount > 1 ? ", \(member.versionCount) versions" : ""
                print("  entry \(member.entryID)  [\(member.sourceName)]  \(member.title)")
                print("      \(how)\(versions)  copy group \(member.copyGroupID)")
                if let url = member.url { print("      \(url)") }
            }
        }
    }
}
