// feedmerge-parse: the feed parser on its own, in a process that holds nothing else (no
// Foundation beyond FoundationEssentials, no SQLite, no libcurl, no daemon), in the manner
// of sfeed's small tools: for scripts and for measuring what parsing costs.
//
//   feedmerge-parse [FILE...]                one parse record per file, JSON lines, the same
//                                            records as `feedmerge parse --format jsonl`
//                                            (no FILE, or `-`: standard input, one document)
//   feedmerge-parse --bench-rounds N FILE... all files read into memory, then parsed N times;
//                                            one JSON line: bytes, seconds, MB/s, peak and
//                                            baseline resident memory (Benchmarks/bench-parse.sh)
//
// Exit status: 0, or 1 when a file could not be read (it still gets a record), 2 on a usage error.
import FeedParse

#if canImport(Glibc)
import Glibc
#endif

/// Everything in `descriptor` until its end; nil on a read error.
func readAll(_ descriptor: Int32) -> [UInt8]? {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count == 0 { return bytes }
        if count < 0 {
            if errno == EINTR { continue }
            return nil
        }
        bytes.append(contentsOf: chunk[0..<count])
    }
}

/// The bytes of the file at `path` (`-`: standard input), or nil when it cannot be read.
func contents(of path: String) -> [UInt8]? {
    if path == "-" { return readAll(STDIN_FILENO) }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    return readAll(descriptor)
}

/// Writes `text` to standard output, whole.
func write(_ text: String) {
    var text = text
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(STDOUT_FILENO, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

func fail(_ message: String, status: Int32) -> Never {
    var line = "feedmerge-parse: \(message)\n"
    line.withUTF8 { _ = Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    exit(status)
}

/// Current resident set size in KiB (`VmRSS` in /proc/self/status), 0 when unknown.
func residentKB() -> Int {
    guard let bytes = contents(of: "/proc/self/status") else { return 0 }
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
    }
    return 0
}

/// Parses every file once, writing its record.
func parseEach(_ files: [String]) -> Int32 {
    var status: Int32 = 0
    for file in files.isEmpty ? ["-"] : files {
        guard let document = contents(of: file) else {
            status = 1
            write(ParseRecord.jsonLine(file: file, error: ParseError(location: file, message: "cannot read the file")) + "\n")
            continue
        }
        do {
            let feed = try FeedParser.parse(document, url: nil, location: file)
            write(ParseRecord.jsonLine(file: file, feed: feed) + "\n")
        } catch {
            write(ParseRecord.jsonLine(file: file, error: error) + "\n")
        }
    }
    return status
}

/// Parses the files `rounds` times from memory and writes one JSON line of figures.
func bench(_ files: [String], rounds: Int) {
    var documents: [(file: String, bytes: [UInt8])] = []
    for file in files {
        guard let bytes = contents(of: file) else { fail("\(file): cannot read the file", status: 1) }
        documents.append((file, bytes))
    }
    let total = documents.reduce(0) { $0 + $1.bytes.count }
    // Resident memory with the runtime loaded and the files read, before any parse: the
    // baseline that the peak is compared with (peak minus baseline = what parsing costs).
    let baselineKB = residentKB()
    var entries = 0
    var failures = 0
    let elapsed = ContinuousClock().measure {
        for _ in 0..<rounds {
            for document in documents {
                do {
                    entries += try FeedParser.parse(document.bytes, url: nil, location: document.file).entries.count
                } catch {
                    failures += 1
                }
            }
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let megabytes = Double(total * rounds) / 1_048_576
    write("{\"parser\":\"feedmerge-parse\",\"files\":\(documents.count),\"bytes\":\(total),\"rounds\":\(rounds),"
        + "\"entries\":\(entries / rounds),\"failures\":\(failures / rounds),\"seconds\":\(seconds),"
        + "\"mb_per_s\":\(megabytes / seconds),\"peak_rss_kb\":\(usage.ru_maxrss),\"baseline_rss_kb\":\(baselineKB)}\n")
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--help" || arguments.first == "-h" {
    write("usage: feedmerge-parse [FILE...] | feedmerge-parse --bench-rounds N FILE...\n")
    exit(0)
}
if arguments.first == "--bench-rounds" {
    guard arguments.count >= 3, let rounds = Int(arguments[1]), rounds > 0 else {
        fail("--bench-rounds needs a positive number of rounds and at least one file", status: 2)
    }
    bench(Array(arguments.dropFirst(2)), rounds: rounds)
    exit(0)
}
if let option = arguments.first(where: { $0.hasPrefix("--") }) { fail("unknown option \(option)", status: 2) }
exit(parseEach(arguments))
