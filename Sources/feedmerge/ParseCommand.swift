// SKELETON: implemented by the parse work.
import ArgumentParser
import FeedParse

/// `feedmerge parse FILE... --format jsonl`: parse files without storing them.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse", abstract: "Parse feed or page files and print what was read.")

    @Argument(help: "Files to parse.")
    var files: [String]

    func run() throws {}
}
