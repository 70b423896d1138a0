import ArgumentParser

/// The `feedmerge` command: one subcommand type per file.
@main
struct Feedmerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedmerge",
        abstract: "A self-hosted news aggregator that merges many sources into stories.",
        subcommands: [
            RunCommand.self, StoriesCommand.self, StoryCommand.self, SourcesCommand.self,
            SearchCommand.self, ExportCommand.self, ImportCommand.self, CheckConfigCommand.self, ParseCommand.self,
            BackupCommand.self, PruneCommand.self, WhyCommand.self,
        ]
    )

    /// Accepted before the subcommand too (`feedmerge --config X stories`).
    @OptionGroup var options: GlobalOptions
}
