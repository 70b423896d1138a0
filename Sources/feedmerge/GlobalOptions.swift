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

    /// Writes one line to stderr.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
