import ArgumentParser
import Foundation

/// `feedmerge prune`: one retention pass now (the daemon runs one every hour).
struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove entries older than the retention window now; stories keep their summary.")

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("Override [store] retention, such as 30d.", valueName: "span"))
    var olderThan: String?

    func validate() throws {
        if let olderThan, TimeText.duration(olderThan) == nil {
            throw ValidationError("--older-than expects a span such as 30d, not \"\(olderThan)\"")
        }
    }

    func run() throws {
        let config = try options.loadConfig()
        let window = olderThan.flatMap(TimeText.duration) ?? Double(config.retention)
        guard window > 0 else {
            Terminal.printError("retention is off ([store] retention = 0): nothing to prune")
            return
        }
        let store = try options.openStore(config, write: true)
        defer { store.finishPendingWork() }
        let report = try store.prune(before: Date().addingTimeInterval(-window))
        Terminal.printError("pruned \(report.entries) entries (\(report.versions) versions) from \(report.stories) stories; freed \(report.freedPages) pages")
    }
}
