import ArgumentParser
import FeedModel
import FeedParse
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    /// Benchmark mode for `Benchmarks/bench-parse.sh`: all files are read into memory first, then
    /// parsed `rounds` times with nothing written; prints one JSON line (bytes, seconds, MB/s, peak RSS).
    @Option(help: .hidden)
    var benchRounds: Int?

    func run() throws {
        if let benchRounds {
            try bench(rounds: max(1, benchRounds))
            return
        }
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

    private func bench(rounds: Int) throws {
        var documents: [(String, [UInt8])] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("\(file): cannot read the file")
            }
            documents.append((file, [UInt8](data)))
        }
        let bytes = documents.reduce(0) { $0 + $1.1.count }
        // Resident memory with the runtime loaded and the files read, before any parse: the
        // baseline that the peak is compared with (peak minus baseline = what parsing costs).
        let baselineKB = Self.residentKB()
        var entries = 0
        var failures = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for (file, document) in documents {
                    do {
                        entries += try FeedParser.parse(document, url: nil, location: file).entries.count
                    } catch {
                        failures += 1
                    }
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let megabytes = Double(bytes * rounds) / 1_048_576
        let line = "{\"parser\":\"feedmerge\",\"files\":\(documents.count),\"bytes\":\(bytes),\"rounds\":\(rounds),"
            + "\"entries\":\(entries / rounds),\"failures\":\(failures / rounds),\"seconds\":\(seconds),"
            + "\"mb_per_s\":\(megabytes / seconds),\"peak_rss_kb\":\(usage.ru_maxrss),\"baseline_rss_kb\":\(baselineKB)}\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    /// Current resident set size in KiB (`VmRSS` in /proc/self/status), 0 when unknown.
    private static func residentKB() -> Int {
        // procfs reports a size of 0: read(2) until the end rather than by the file's size.
        let descriptor = open("/proc/self/status", O_RDONLY)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        let status = String(decoding: bytes, as: UTF8.self)
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
        }
        return 0
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
