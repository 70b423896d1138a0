import ArgumentParser
import FeedModel
import FeedParse
import Foundation

/// `feedmerge parse FILE... [--format jsonl|text]`: parse files without storing them.
///
/// One record per file (`../shared/eval/PARSE_SCHEMA.md`); a file that cannot be parsed
/// still gets a record (format "", bozo, the error). Exits non-zero only when a file
/// could not be read at all.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse", abstract: "Parse feed or page files and print what was read.")

    /// Output shapes.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case jsonl, text
    }

    /// What relative links are resolved against.
    enum DocumentURL: String, ExpressibleByArgument, CaseIterable {
        /// Only `xml:base` / `<base href>`; relative links stay relative (what feedparser does with bare bytes).
        case none
        /// `file://` + the absolute path of the file.
        case file
    }

    @Argument(help: "Files to parse.")
    var files: [String]

    @Option(help: "Output: jsonl (one parse record per line) or text.")
    var format: OutputFormat = .jsonl

    @Option(help: "Resolve relative links against nothing but xml:base (none) or the file:// URL of each file (file).")
    var documentURL: DocumentURL = .none

    func run() throws {
        var unreadable = 0
        var output = FileHandle.standardOutput
        for file in files {
            let absolute = URL(fileURLWithPath: file).standardizedFileURL
            guard let data = FileManager.default.contents(atPath: file) else {
                unreadable += 1
                let error = ParseError(location: file, message: "cannot read the file")
                emit(ParseRecord.jsonLine(file: file, error: error), text: "\(file): error: \(error)", to: &output)
                continue
            }
            let url = documentURL == .file ? absolute.absoluteString : nil
            do {
                let feed = try FeedParser.parse([UInt8](data), url: url, location: file)
                emit(ParseRecord.jsonLine(file: file, feed: feed), text: TextSummary.describe(file: file, feed: feed), to: &output)
            } catch {
                emit(ParseRecord.jsonLine(file: file, error: error), text: "\(file): error: \(error)", to: &output)
            }
        }
        if unreadable > 0 {
            throw ExitCode(1)
        }
    }

    private func emit(_ json: String, text: String, to output: inout FileHandle) {
        let line = (format == .jsonl ? json : text) + "\n"
        output.write(Data(line.utf8))
    }
}

/// Human-readable rendering of a `ParsedFeed` for `--format text`.
enum TextSummary {
    static func describe(file: String, feed: ParsedFeed) -> String {
        var lines = ["\(file): \(feed.format.recordName.isEmpty ? "unknown" : feed.format.recordName)"
            + (feed.bozo ? " (bozo: \(feed.bozoReason ?? "recovered"))" : "")
            + ", \(feed.entries.count) entries, \(feed.encoding)"]
        if let title = feed.title { lines.append("  title: \(title)") }
        if let link = feed.link { lines.append("  link: \(link)") }
        for alternate in feed.alternates { lines.append("  feed: \(alternate.type ?? "?") \(alternate.href)") }
        for entry in feed.entries {
            lines.append("  - \(entry.title ?? "(untitled)")")
            if let link = entry.link { lines.append("    \(link)") }
            if let date = entry.published ?? entry.updated { lines.append("    \(date)") }
        }
        return lines.joined(separator: "\n")
    }
}
