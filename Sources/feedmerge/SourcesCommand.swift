import ArgumentParser
import Foundation
import FeedStore

/// `feedmerge sources`: the health of every source.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "Show every source: last fetch, status, next poll, entries, errors.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "text, json or jsonl.")
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
        let fetchURL: String?
        let gone: Bool
        let pollInterval: Double?
        let publishInterval: Double?

        enum CodingKeys: String, CodingKey {
            case name, url, kind, interval
            case lastFetch = "last_fetch", lastSuccess = "last_success"
            case status, error
            case nextPoll = "next_poll"
            case failures, entries
            case fetchURL = "fetch_url", gone
            case pollInterval = "poll_interval", publishInterval = "publish_interval"
        }
    }

    func run() throws {
        let config = try options.loadConfig()
        let store = try options.openStore(config)
        let sources = try store.sources()
        switch format {
        case .jsonl, .json:
            try JSONLinesWriter().write(sources.map { source in
                Record(
                    name: source.name, url: source.url, kind: source.kind, interval: source.interval,
                    lastFetch: source.lastFetchAt, lastSuccess: source.lastSuccessAt, status: source.lastStatus,
                    error: source.lastError, nextPoll: source.nextPollAt, failures: source.consecutiveFailures,
                    entries: source.entryCount, fetchURL: source.fetchURL, gone: source.goneAt != nil,
                    pollInterval: source.pollInterval, publishInterval: source.publishInterval)
            }, as: format)
        case .text:
            if sources.isEmpty { print("No sources yet."); return }
            let now = Date()
            let colour = Terminal.usesColour
            for source in sources {
                let health: String
                if source.goneAt != nil {
                    health = Terminal.paint("GONE", .red, colour)
                } else if source.lastError != nil {
                    health = Terminal.paint("FAILING", .red, colour)
                } else {
                    health = source.lastFetchAt == nil ? "never fetched" : Terminal.paint("ok", .green, colour)
                }
                let status = source.lastStatus.map { $0 == 0 ? "file" : "HTTP \($0)" } ?? "-"
                let last = source.lastFetchAt.map { TimeText.relative($0, now: now) } ?? "never"
                let next = source.goneAt == nil ? "next poll \(TimeText.relative(source.nextPollAt, now: now))" : "not polled"
                let entries = source.entryCount == 1 ? "1 entry" : "\(source.entryCount) entries"
                print("\(source.name)  [\(health)]  \(source.url)")
                if let moved = source.fetchURL {
                    print("    polled at \(moved) (moved permanently, or the feed its page advertises)")
                }
                print("    last fetch \(last) (\(status)), \(next), \(entries)")
                var rhythm: [String] = []
                if let interval = source.pollInterval { rhythm.append("polled every \(TimeText.span(interval))") }
                if let publish = source.publishInterval { rhythm.append("publishes every \(TimeText.span(publish)) on average") }
                if !rhythm.isEmpty { print("    " + rhythm.joined(separator: ", ")) }
                if let error = source.lastError {
                    print("    " + Terminal.paint("error (\(source.consecutiveFailures) in a row): \(error)", .red, colour))
                }
            }
        }
    }
}
