import ArgumentParser
import Foundation

/// `feedmerge backup PATH`: a consistent copy of the store, safe while the daemon runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the database with SQLite's online backup API (safe while the daemon runs).")

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("Where to write the copy (must not exist).", valueName: "path"))
    var path: String

    func run() throws {
        let config = try options.loadConfig()
        let store = try options.openStore(config)
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        do {
            try store.backup(to: target)
        } catch {
            Terminal.printError("backup failed: \(error)")
            throw ExitCode(74)  // EX_IOERR
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        Terminal.printError("backed up \(config.storePath) to \(target) (\(bytes) bytes)")
    }
}
