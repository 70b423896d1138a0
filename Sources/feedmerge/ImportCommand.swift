import ArgumentParser
import Clustering
import Daemon
import Foundation
import FeedConfig
import FeedParse
import FeedStore

/// `feedmerge import --jsonl FILE`: ingest documents through the fetch pipeline's path.
/// `feedmerge import --opml FILE`: turn another reader's subscriptions into sources.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import documents (--jsonl) or another reader's subscription list (--opml).",
        discussion: """
            --jsonl FILE: JSON lines with id, source, url, title, text or html, published; each
            document is stored and clustered as if it had been fetched.
            --opml FILE: prints a [[source]] table for every subscription not configured yet, or
            appends them to the config file with --append.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("JSON-lines file to import ('-' for stdin).", valueName: "file"))
    var jsonl: String?

    @Option(help: ArgumentHelp("OPML subscription list to turn into sources.", valueName: "file"))
    var opml: String?

    @Flag(help: "With --opml: append the new sources to the config file instead of printing them.")
    var append = false

    func validate() throws {
        if (jsonl == nil) == (opml == nil) { throw ValidationError("give either --jsonl FILE or --opml FILE") }
        if append && opml == nil { throw ValidationError("--append goes with --opml") }
    }

    func run() throws {
        if let opml {
            try OPMLImport(path: opml, append: append, options: options).run()
            return
        }
        guard let jsonl else { return }
        let config = try options.loadConfig()
        let store = try options.openStore(config, write: true)
        defer { store.finishPendingWork() }
        // A FileHandle reads pipes and devices (`<(...)`, /dev/stdin) as well as files.
        guard let handle = jsonl == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: jsonl) else {
            let reason = FileManager.default.fileExists(atPath: jsonl) ? "permission denied" : "no such file"
            Terminal.printError("\(jsonl): cannot read: \(reason)")
            throw ExitCode(66)  // EX_NOINPUT
        }
        let data = handle.readDataToEndOfFile()
        var entries: [(source: String, entry: IncomingEntry)] = []
        var failures = 0
        let now = Date()
        // Decoded (and any html extracted) on every core; reported and stored in line order.
        let lines = JSONLines.split(data)
        let read = JSONLines.concurrentMap(lines) { Self.read(data[$0]) }
        for (index, outcome) in read.enumerated() {
            let lineNumber = index + 1
            switch outcome {
            case .blank:
                continue
            case .failed(let reason):
                failures += 1
                Terminal.printError("\(jsonl):\(lineNumber): skipped: \(reason)")
            case .document(let source, var entry, let published):
                if let published, !published.isEmpty {
                    // Dates are read here, on one thread: the formatters are shared.
                    entry.published = TimeText.parseISO8601(published)
                    if entry.published == nil {
                        Terminal.printError("\(jsonl):\(lineNumber): unreadable published time \"\(published)\"; using the import time")
                    }
                }
                entries.append((source, entry))
            }
        }
        let clusterer = Clusterer(settings: ClusterSettings(options: config.clustering))
        let importer = DocumentImporter(ingestor: Ingestor(store: store, clusterer: clusterer))
        let results = try importer.importEntries(entries, now: now)
        let (added, versions, unchanged) = IngestResult.tally(results)
        let stories = try store.storyCount()
        Terminal.printError("imported \(added) new entries, \(versions) new versions, \(unchanged) unchanged, \(failures) skipped; \(stories) stories in \(config.storePath)")
        if failures > 0 { throw ExitCode(65) }  // EX_DATAERR
    }

    /// What one line of the file holds.
    private enum LineOutcome: Sendable {
        case blank
        case failed(String)
        /// A document, its `published` time still as written.
        case document(source: String, entry: IncomingEntry, published: String?)
    }

    private static func read(_ line: Data) -> LineOutcome {
        guard !JSONLines.isBlank(line.startIndex..<line.endIndex, in: line) else { return .blank }
        do {
            let document = try JSONDecoder().decode(ImportDocument.self, from: line)
            let entry = try DocumentImporter.incomingEntry(document, published: nil)
            return .document(source: document.source, entry: entry, published: document.published)
        } catch {
            return .failed(describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing key \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted: return "not valid JSON"
        default: return "\(error)"
        }
    }
}
