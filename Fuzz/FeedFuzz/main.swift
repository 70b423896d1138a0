// A bounded random-mutation fuzzer for `FeedParser.parse` (libFuzzer is not used: the Swift
// package build has no fuzzer sanitizer switch). Fixed seed, seed corpus = the parse test fixtures.
//
// Usage: FeedFuzz SECONDS SEED CURRENT_INPUT_PATH SEED_FILE...
// Before each parse the input is written to CURRENT_INPUT_PATH; a crash (signal) or a hang
// (SIGALRM after the per-input timeout kills the process) leaves it there for `Fuzz/fuzz.sh`.
// Leaks: resident memory is sampled and reported; growth past the limit exits with status 3.
import FeedModel
import FeedParse
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// xorshift64*: fixed seed, reproducible runs.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 2685821657736338717
    }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
}

let tokens: [[UInt8]] = [
    "<item>", "</item>", "<entry>", "</entry>", "<![CDATA[", "]]>", "&amp;", "&nbsp;", "&#x0;", "&#99999999;",
    "&eacute;", "<!DOCTYPE rss [<!ENTITY a \"&b;\">]>", "<?xml version=\"1.0\" encoding=\"ebcdic\"?>",
    "<title>", "</title>", "<link href=\"../x\"/>", "<description>&lt;b&gt;", "\u{FEFF}", "\0", "\u{FFFF}",
    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[", "]}", "{", "[", "\"", "<", ">", "=",
    "<pubDate>Mon, 31 Feb 99999 25:61:61 +9999</pubDate>", "<enclosure url=\"\" length=\"-1\"/>",
    "<html><body><p>", "<script>", "<!--", "-->", "xmlns=\"http://www.w3.org/2005/Atom\"",
].map { Array($0.utf8) }

func mutate(_ seeds: [[UInt8]], _ g: inout Generator) -> [UInt8] {
    var data = seeds[g.below(seeds.count)]
    for _ in 0...g.below(4) {
        switch g.below(7) {
        case 0:  // byte flips
            for _ in 0...g.below(8) where !data.isEmpty { data[g.below(data.count)] ^= UInt8(1 << g.below(8)) }
        case 1:  // truncation
            if !data.isEmpty { data.removeLast(g.below(data.count)) }
        case 2:  // splice with another seed
            let other = seeds[g.below(seeds.count)]
            let cut = g.below(data.count + 1), from = g.below(other.count + 1)
            data = Array(data[..<cut]) + Array(other[from...])
        case 3:  // tag / entity insertion
            data.insert(contentsOf: tokens[g.below(tokens.count)], at: g.below(data.count + 1))
        case 4:  // deep nesting
            let depth = 1 + g.below(5000)
            let open = g.below(2) == 0 ? Array("<div>".utf8) : Array("[".utf8)
            data.insert(contentsOf: Array(repeating: open, count: depth).joined(), at: g.below(data.count + 1))
        case 5:  // duplicate a range
            if data.count > 1 {
                let a = g.below(data.count), b = min(data.count, a + 1 + g.below(256))
                data.insert(contentsOf: data[a..<b], at: g.below(data.count + 1))
            }
        default:  // random bytes
            for _ in 0...g.below(16) { data.insert(UInt8(truncatingIfNeeded: g.next()), at: g.below(data.count + 1)) }
        }
    }
    return data
}

func residentKB() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
}

let arguments = CommandLine.arguments
guard arguments.count >= 5, let seconds = Double(arguments[1]), let seed = UInt64(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: FeedFuzz SECONDS SEED CURRENT_INPUT_PATH SEED_FILE...\n".utf8))
    exit(64)
}
let currentPath = arguments[3]
var seeds: [[UInt8]] = []
for path in arguments[4...] {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("\(path): cannot read seed\n".utf8))
        exit(66)
    }
    seeds.append([UInt8](data))
}
let listSelectors = ListSelectors(item: "//li | //item | //entry", title: "(a | title)[1]", link: "(a/@href | link)[1]", date: "string(time/@datetime)")
let perInputTimeout: UInt32 = 10
let leakLimitKB = 512 * 1024
var generator = Generator(state: seed | 1)
let start = Date()
var runs = 0, errors = 0
var baselineKB = 0
while Date().timeIntervalSince(start) < seconds {
    let input = runs < seeds.count ? seeds[runs] : mutate(seeds, &generator)
    FileManager.default.createFile(atPath: currentPath, contents: Data(input))
    alarm(perInputTimeout)
    let url = runs % 3 == 0 ? nil : "http://example.com/dir/feed"
    do {
        if runs % 4 == 3 {
            // Every fourth input also goes through the list-page (XPath) reader.
            _ = try FeedParser.parseList(input, url: url, selectors: listSelectors)
        } else {
            _ = try FeedParser.parse(input, url: url)
        }
    } catch { errors += 1 }
    alarm(0)
    runs += 1
    if runs == 2000 { baselineKB = residentKB() }
    if runs % 2000 == 0 {
        let rss = residentKB()
        print("runs \(runs) errors \(errors) rss \(rss) kB (baseline \(baselineKB) kB)")
        fflush(nil)  // all streams: stdout is a shared C global
        if baselineKB > 0 && rss - baselineKB > leakLimitKB {
            print("LEAK: resident memory grew by \(rss - baselineKB) kB over \(runs) runs")
            exit(3)
        }
    }
}
print("done: runs \(runs) errors \(errors) rss \(residentKB()) kB (baseline \(baselineKB) kB) in \(Int(seconds)) s")
