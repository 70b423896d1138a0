import ArgumentParser
import Daemon
import FeedHTTP
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// `feedmerge run`: the daemon. Polls every source on its interval until SIGTERM/SIGINT,
/// and serves the HTTP output when `[http] listen` is set.
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
        var extra: [any Service] = []
        if let listen = config.httpListen, !once {
            guard let address = ListenAddress(listen) else {
                Terminal.printError("config error: \(config.file): http.listen: not host:port: \"\(listen)\"")
                throw ExitCode(78)
            }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            extra.append(HTTPOutput.service(address: address, storePath: config.storePath, registry: registry, logger: logger))
        }
        do {
            try await FeedmergeDaemon(config: config, logger: logger).run(once: once, extraServices: extra)
        } catch {
            logger.critical("daemon failed: \(error)")
            throw ExitCode(70)  // EX_SOFTWARE
        }
    }
}
