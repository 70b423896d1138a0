import ArgumentParser
import Daemon
import Logging

/// `feedmerge run`: the daemon. Polls every source on its interval until SIGTERM/SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the daemon: poll every source on its schedule until stopped.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Poll every source once, then exit (one full pass of the pipeline).")
    var once = false

    func run() async throws {
        let config = try options.loadConfig()
        options.bootstrapLogging()
        let logger = Logger(label: "feedmerge")
        do {
            try await FeedmergeDaemon(config: config, logger: logger).run(once: once)
        } catch {
            logger.critical("daemon failed: \(error)")
            throw ExitCode(70)  // EX_SOFTWARE
        }
    }
}
