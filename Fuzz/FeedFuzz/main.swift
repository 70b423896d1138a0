// A bounded random-mutation fuzzer over the parser's entry points (`FeedParser.parse`, and
// `FeedParser.parseList`, the XPath list-page reader, for every fourth input).
//
//   FeedFuzz SECONDS SEED_DIR... [--seed N] [--out DIR]
//
// Mutates the seed files (byte flips, inserts, deletions, duplicated and spliced ranges,
// truncation, markup fragments: tags, entities, CDATA, DOCTYPEs with entity declarations,
// deep nesting, JSON shapes) with a fixed-seed generator, and parses every mutant in process.
// A crash (a trap or a signal) writes the input to OUT/crash-N.bin before the process dies;
// an input that parses for more than 10 s is written to OUT/hang.bin and the run fails; the
// resident memory at the end is compared with the memory after the first tenth of the run
// (a leak shows as growth). Exit status 0 means no crash, no hang, no leak.
import Foundation
import FeedModel
import FeedParse

#if canImport(Glibc)
import Glibc
#endif

struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
}

let fragments: [[UInt8]] = [
    "<", ">", "</", "/>", "<item>", "</item>", "<entry>", "<title>", "</title>", "<![CDATA[", "]]>", "&amp;", "&",
    "&#0;", "&#x110000;", "&#99999999999;", "&nbsp;", "&unknown;", "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>",
    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">", "&b;", "<!--", "-->", "<?xml version=\"1.0\" encoding=\"utf-16\"?>",
    "<?xml version=\"1.0\" encoding=\"x-unknown\"?>", "xmlns=\"http://www.w3.org/2005/Atom\"", "xml:base=\"../\"",
    "<rss version=\"2.0\">", "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "<rdf:RDF>", "\u{FEFF}", "\0", "\u{FFFD}",
    "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [", "]}", "{", "}", "[", "]", "\"", "\\u0000", "null",
    "<html><body><article><p>", "</p></article></body></html>", "<script>", "<style>", "<meta charset=\"big5\">",
].map { Array($0.utf8) }

final class Current: @unchecked Sendable {
    var bytes: [UInt8] = []
    var started = DispatchTime.now().uptimeNanoseconds
    var running = false
}

/// The input in hand, kept in memory the signal handler can write without allocating.
nonisolated(unsafe) var crashBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 24)
nonisolated(unsafe) var crashLength = 0
nonisolated(unsafe) var crashPath = UnsafeMutablePointer<CChar>.allocate(capacity: 4096)

func resident() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "0").map { $0 * 1024 } ?? 0
    }
    return 0
}

func mutate(_ input: [UInt8], seeds: [[UInt8]], random: inout Generator) -> [UInt8] {
    var bytes = input
    for _ in 0...random.below(4) {
        let position = random.below(bytes.count + 1)
        switch random.below(9) {
        case 0 where !bytes.isEmpty:
            bytes[min(position, bytes.count - 1)] ^= UInt8(truncatingIfNeeded: 1 << random.below(8))
        case 1:
            bytes.insert(contentsOf: (0..<random.below(16) + 1).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: position)
        case 2 where !bytes.isEmpty:
            let end = min(bytes.count, position + random.below(256) + 1)
            bytes.removeSubrange(min(position, end)..<end)
        case 3 where !bytes.isEmpty:
            let start = min(position, bytes.count - 1), end = min(bytes.count, start + random.below(512) + 1)
            let copy = Array(bytes[start..<end])
            for _ in 0...random.below(8) { bytes.insert(contentsOf: copy, at: random.below(bytes.count + 1)) }
        case 4:
            let other = seeds[random.below(seeds.count)]
            let from = random.below(other.count + 1)
            bytes.insert(contentsOf: other[from..<min(other.count, from + random.below(2048))], at: position)
        case 5:
            bytes.removeSubrange(min(position, bytes.count)..<bytes.count)
        case 6:
            let fragment = fragments[random.below(fragments.count)]
            for _ in 0...random.below(3) { bytes.insert(contentsOf: fragment, at: random.below(bytes.count + 1)) }
        case 7:
            let depth = random.below(5000) + 1
            let open = Array("<d>".utf8), close = Array("</d>".utf8)
            bytes.insert(contentsOf: Array([[UInt8]](repeating: open, count: depth).joined())
                + Array([[UInt8]](repeating: close, count: random.below(depth + 1)).joined()), at: position)
        default:
            let fragment = fragments[random.below(fragments.count)]
            bytes.insert(contentsOf: fragment, at: position)
        }
    }
    return bytes.count > (8 << 20) ? Array(bytes.prefix(8 << 20)) : bytes
}

// MARK: - Main

var arguments = Array(CommandLine.arguments.dropFirst())
var seedValue: UInt64 = 1
var outDir = FileManager.default.currentDirectoryPath
if let index = arguments.firstIndex(of: "--seed"), index + 1 < arguments.count {
    seedValue = UInt64(arguments[index + 1]) ?? 1
    arguments.removeSubrange(index...index + 1)
}
if let index = arguments.firstIndex(of: "--out"), index + 1 < arguments.count {
    outDir = arguments[index + 1]
    arguments.removeSubrange(index...index + 1)
}
guard let secondsText = arguments.first, let seconds = Double(secondsText), arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: FeedFuzz SECONDS SEED_DIR... [--seed N] [--out DIR]\n".utf8))
    exit(2)
}
var seeds: [[UInt8]] = []
for directory in arguments.dropFirst() {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for name in names.sorted() where !name.hasPrefix(".") {
        if let data = FileManager.default.contents(atPath: directory + "/" + name) { seeds.append(Array(data)) }
    }
}
guard !seeds.isEmpty else {
    FileHandle.standardError.write(Data("no seed files in \(arguments.dropFirst().joined(separator: " "))\n".utf8))
    exit(2)
}
try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
_ = (outDir + "/crash.bin").withCString { strncpy(crashPath, $0, 4095) }

for signal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { number in
        let fd = open(crashPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd >= 0 {
            _ = write(fd, crashBuffer, crashLength)
            close(fd)
        }
        let message = "FeedFuzz: crash (signal), input written to crash.bin\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        _exit(128 + number)
    }
    sigaction(signal, &action, nil)
}

let current = Current()
let lock = NSLock()
let hangPath = outDir + "/hang.bin"
let watchdog = Thread {
    while true {
        Thread.sleep(forTimeInterval: 1)
        lock.lock()
        let stuck = current.running && DispatchTime.now().uptimeNanoseconds - current.started > 10_000_000_000
        let bytes = stuck ? current.bytes : []
        lock.unlock()
        if stuck {
            _ = FileManager.default.createFile(atPath: hangPath, contents: Data(bytes))
            FileHandle.standardError.write(Data("FeedFuzz: an input parsed for more than 10 s, written to hang.bin\n".utf8))
            exit(3)
        }
    }
}
watchdog.start()

/// Selectors for the list-page reader: broad enough to match feeds and pages alike.
let listSelectors = ListSelectors(
    item: "//li | //item | //entry", title: "(a | title)[1]",
    link: "(a/@href | link)[1]", date: "string(time/@datetime)")
var random = Generator(state: seedValue)
let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
var runs = 0, errors = 0, bozo = 0
var baseline = 0
let warmup = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e8)
while DispatchTime.now().uptimeNanoseconds < deadline {
    let input = mutate(seeds[random.below(seeds.count)], seeds: seeds, random: &random)
    input.withUnsafeBufferPointer { buffer in
        let count = min(buffer.count, 1 << 24)
        if let base = buffer.baseAddress { crashBuffer.update(from: base, count: count) }
        crashLength = count
    }
    lock.lock()
    current.bytes = input
    current.started = DispatchTime.now().uptimeNanoseconds
    current.running = true
    lock.unlock()
    do {
        let url = random.below(2) == 0 ? "https://fuzz.example/feed" : nil
        let feed = runs % 4 == 3
            ? try FeedParser.parseList(input, url: url, selectors: listSelectors)
            : try FeedParser.parse(input, url: url)
        if feed.bozo { bozo += 1 }
    } catch {
        errors += 1
    }
    lock.lock()
    current.running = false
    lock.unlock()
    runs += 1
    if baseline == 0, DispatchTime.now().uptimeNanoseconds > warmup { baseline = resident() }
}
let final = resident()
let growth = baseline > 0 ? Double(final) / Double(baseline) : 1
print("runs \(runs)  parse errors \(errors)  recovered (bozo) \(bozo)  seeds \(seeds.count)")
print(String(format: "resident memory after warm-up %.1f MiB, at the end %.1f MiB (x%.2f)",
    Double(baseline) / 1_048_576, Double(final) / 1_048_576, growth))
if final - baseline > 64 << 20, growth > 1.5 {
    print("FeedFuzz: memory grew by more than 64 MiB and 50% after warm-up: a leak")
    exit(4)
}
print("no crash, no hang, no leak")
