import ArgumentParser
import Foundation
import FeedConfig
import FeedParse

/// `feedmerge check-config`: loads the config as the daemon would and says what it found.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the config file: exit 0 and a summary when it is good, 78 and the error when not.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let config = try options.loadConfig()
        for source in config.sources {
            for (key, expression) in source.list?.expressions ?? [] {
                if let problem = FeedParser.xpathProblem(expression) {
                    FileHandle.standardError.write(Data("\(config.file): source \"\(source.name)\": list_\(key): XPath expression \"\(expression)\": \(problem)\n".utf8))
                    throw ExitCode(78)  // EX_CONFIG
                }
            }
        }
        let feeds = config.sources.filter { $0.kind == .feed }.count
        print("\(config.file): ok")
        print("  store      \(config.storePath)")
        print("  sources    \(config.sources.count) (\(feeds) feeds, \(config.sources.count - feeds) pages)")
        print("  retention  \(config.retention == 0 ? "keep everything" : TimeText.span(Double(config.retention)))")
        print("  polling    every \(TimeText.span(Double(config.schedule.minInterval))) to \(TimeText.span(Double(config.schedule.maxInterval))), at most \(config.fetch.maxConnections) at once, \(config.fetch.maxConnectionsPerHost) per host")
    }
}
