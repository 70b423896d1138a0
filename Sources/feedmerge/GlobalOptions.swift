import ArgumentParser
import Foundation
import FeedConfig
import FeedStore
import Logging

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Config file (default: $FEEDMERGE_CONFIG, ./feedmerge.toml, /etc/feedmerge/feedmerge.toml).",
        valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Database file, overriding [store] path.", valueName: "path"))
    var store: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// Loads the config; a bad file prints its error (file:line: key: message) and exits 78.
    func loadConfig() throws -> FeedmergeConfig {
        do {
            var loaded = try ConfigLoader.load(explicit: config)
            if let store {
                loaded.storePath = URL(fileURLWithPath: store).standardizedFileURL.path
            }
            return loaded
        } catch {
            Terminal.printError("config error: \(error)")
            throw ExitCode(ConfigError.exitCode)
        }
    }

    /// Opens the store of `config`; read-only unless `write`.
    func openStore(_ config: FeedmergeConfig, write: Bool = false) throws -> Store {
        do {
            return try Store(path: config.storePath, readOnly: !write)
        } catch {
            Terminal.printError("cannot open the store: \(error)")
            throw ExitCode(74)  // EX_IOERR
        }
    }

    /// Sends log records to stderr (journald reads them from there under systemd).
    func bootstrapLogging() {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Small helpers for terminal output.
enum Terminal {
    enum Colour: String {
        case red = "31"
        case green = "32"
    }

    /// Colour only on a terminal, and never with `NO_COLOR` set (https://no-color.org).
    static var usesColour: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }

    static func paint(_ text: String, _ colour: Colour, _ enabled: Bool) -> String {
        enabled ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Columns of the terminal on stdout (`$COLUMNS` first), or nil when stdout is not a
    /// terminal: piped output is never cut.
    static var width: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// `line` cut to `width` characters with an ellipsis (unchanged when `width` is nil).
    static func fit(_ line: String, width: Int?) -> String {
        guard let width, width > 1, line.count > width else { return line }
        return String(line.prefix(width - 1)) + "…"
    }

    /// Writes one line to stderr.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
