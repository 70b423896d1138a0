import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real `feedmerge` executable run as a child process, with its stderr collected.
final class DaemonProcess: @unchecked Sendable {
    // @unchecked: `process` is set up before it runs and only read afterwards.
    private let process = Process()
    /// The daemon's stderr goes to a file, not a pipe: a pipe read through a
    /// `readabilityHandler` is a dispatch source, and libdispatch on Linux can crash in its
    /// event loop when the pipe closes under it (a killed daemon), taking the test process
    /// with it (seen once in 14 runs of the suite).
    private let logFile: URL

    /// The executable next to the test bundle (SwiftPM builds every product for `swift test`).
    static let executable: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while folder.pathExtension == "xctest" || ["MacOS", "Contents"].contains(folder.lastPathComponent) {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("feedmerge")
    }()

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in ["FEEDMERGE_CONFIG", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { env[key] = nil }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-daemon-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: logFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: logFile.path])
        }
        let errors = try FileHandle(forWritingTo: logFile)
        defer { try? errors.close() }
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Everything the daemon has written to stderr so far.
    var stderr: String {
        String(decoding: (try? Data(contentsOf: logFile)) ?? Data(), as: UTF8.self)
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for exit (at most `seconds`); nil if still running.
    func waitForExit(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { return nil }
        return process.terminationStatus
    }

    /// Polls `condition` until it holds or `seconds` pass.
    static func eventually(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try condition() { return true }
            usleep(20_000)
        } while Date() < deadline
        return try condition()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logFile)
    }
}

/// A Unix datagram socket standing in for systemd's `$NOTIFY_SOCKET`.
final class NotifySocket {
    let path: String
    private let descriptor: Int32

    init(folder: URL, name: String = "notify.sock") throws {
        path = folder.appendingPathComponent(name).path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard descriptor >= 0, bound == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    /// The next datagram, or nil after `seconds`.
    func receive(seconds: Double) -> String? {
        var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptorSet, 1, Int32(seconds * 1000)) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Reads datagrams until one contains `assignment` (returning every message read), or times out.
    func waitFor(_ assignment: String, seconds: Double) -> (found: Bool, messages: [String]) {
        var messages: [String] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard let message = receive(seconds: max(0.01, deadline.timeIntervalSinceNow)) else { break }
            messages.append(message)
            if message.split(separator: "\n").contains(Substring(assignment)) { return (true, messages) }
        }
        return (false, messages)
    }

    deinit {
        close(descriptor)
        unlink(path)
    }
}

/// A temporary folder for one daemon run.
final class Scratch {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-system-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        let target = path(name)
        try contents.write(toFile: target, atomically: true, encoding: .utf8)
        return target
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

/// Small RSS documents with deterministic, distinct texts.
enum Feeds {
    static let vocabulary = """
        harbour council tram storm pier comet reef battery grain summit river bridge museum festival market
        school hospital railway airport election budget drought flood wildfire vaccine satellite telescope
        orchestra library factory strike treaty border ferry tunnel glacier volcano harvest vineyard
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// A text of `words` words drawn from a seeded generator.
    static func text(seed: UInt64, words: Int) -> String {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        var result: [String] = []
        result.reserveCapacity(words)
        for _ in 0..<words {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let index = Int((state >> 33) % UInt64(vocabulary.count))
            result.append(vocabulary[index] + String((state >> 20) % 97))
        }
        return result.joined(separator: " ")
    }

    static func rss(feed: Int, items: Int, words: Int = 120) -> String {
        let body = (0..<items).map { item in
            """
            <item><guid>feed\(feed)-item\(item)</guid><title>Feed \(feed) item \(item)</title>\
            <pubDate>Tue, 18 Jun 2024 10:00:00 GMT</pubDate>\
            <description>\(text(seed: UInt64(feed * 10_000 + item), words: words))</description></item>
            """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Feed \(feed)</title><link>https://feed\(feed).example/</link>
            \(body)
            </channel></rss>
            """
    }

    static func config(store: String, sources: [(name: String, url: String)], interval: String = "10m") -> String {
        var text = "[store]\npath = \"\(store)\"\nretention = 0\n\n[fetch]\ntimeout = \"5s\"\nconnect_timeout = \"2s\"\n"
        for source in sources {
            text += "\n[[source]]\nname = \"\(source.name)\"\nurl = \"\(source.url)\"\nkind = \"feed\"\ninterval = \"\(interval)\"\n"
        }
        return text
    }
}
