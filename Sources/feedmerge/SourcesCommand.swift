import ArgumentParser
import Foundation
import FeedStore

/// `feedmerge sources`: the health of every source.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "Show every source: last fetch, status, next poll, entries, errors.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "text or jsonl.")
    var format: OutputFormat = .text

    struct Record: Encodable {
        let name: String
        let url: String
        let kind: String
        let interval: Int
        let lastFetch: Date?
        let lastSuccess: Date?
        let status: Int?
        let error: String?
        let nextPoll: Date
        let failures: Int
        let entries: Int

        enum CodingKeys: String, CodingKey {
            case name, url, kind, interval
            case lastFetch = "last_fetch", lastSuccess = "last_success"
            case status, error
            case nextPoll = "next_poll"
            case failures, entries
        }
    }

    func run() throws {
        let config = try options.loadConfig()
        let store = try options.openStore(config)
        let sources = try store.sources()
        switch format {
        case .jsonl:
            let writer = JSONLinesWriter()
            for source in sources {
                try writer.write(Record(
                    name: source.name, url: source.url, kind: source.kind, interval: source.interval,
                    lastFetch: source.lastFetchAt, lastSuccess: source.lastSuccessAt, status: source.lastStatus,
                    error: source.lastError, nextPoll: source.nextPollAt, failures: source.consecutiveFailures,
                    entries: source.entryCount))
            }
        case .text:
            if sources.isEmpty { print("No sources yet."); return }
            let now = Date()
            for source in sources {
                let health = source.lastError == nil ? (source.lastFetchAt == nil ? "never fetched" : "ok") : "FAILING"
                let status = source.lastStatus.map { $0 == 0 ? "file" : "HTTP \($0)" } ?? "-"
                let last = source.lastFetchAt.map { TimeText.relative($0, now: now) } ?? "never"
                print("\(source.name)  [\(health)]  \(source.url)")
                print("    last fetch \(last) (\(status)), next poll \(TimeText.relative(source.nextPollAt, now: now)), \(source.entryCount == 1 ? "1 entry" : "\(source.entryCount) entries")")
                if let error = source.lastError {
                    print("    error (\(source.consecutiveFailures) in a row): \(error)")
                }
            }
        }
    }
}
