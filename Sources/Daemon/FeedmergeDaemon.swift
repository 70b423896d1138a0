import Foundation
import Clustering
import FeedConfig
import FeedFetch
import FeedModel
import FeedStore
import Logging
import ServiceLifecycle

/// Assembles the daemon from a config: store, fetcher, scheduler and retention, in one
/// `ServiceGroup` that stops gracefully on SIGTERM and SIGINT (SIGHUP reloads the sources).
public struct FeedmergeDaemon: Sendable {
    public let config: FeedmergeConfig
    public let logger: Logger

    public init(config: FeedmergeConfig, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    /// Re-reads the config file on SIGHUP; only the sources change without a restart.
    static func sourceLoader(running: FeedmergeConfig, logger: Logger) -> PollScheduler.SourceLoader {
        return { () throws -> [Source] in
            let updated = try ConfigLoader.load(file: running.file)
            if updated.storePath != running.storePath || updated.fetch != running.fetch
                || updated.clustering != running.clustering {
                logger.warning("[store], [fetch] and [clustering] changes take effect at the next restart")
            }
            return updated.sources
        }
    }

    /// Runs until a signal stops it (or, with `once`, after one pass over every source). The
    /// process exits after it returns: the store's clustering window is not freed.
    public func run(once: Bool = false, extraServices: [any Service] = []) async throws {
        let store = try Store(path: config.storePath)
        // The search index's last batch and the WAL's last checkpoint, before the process exits.
        defer { store.finishForExit() }
        let fetcher = Fetcher(limits: config.fetch, logger: logger)
        defer { fetcher.shutdown() }
        let clusterer = Clusterer(settings: ClusterSettings(options: config.clustering))
        let scheduler = PollScheduler(
            sources: config.sources, fetcher: fetcher, ingestor: Ingestor(store: store, clusterer: clusterer),
            logger: logger, runOnce: once, maxConcurrentFetches: config.fetch.maxConnections, bounds: config.schedule,
            notifier: SystemdNotifier(),
            reload: config.file.isEmpty ? nil : Self.sourceLoader(running: config, logger: logger))
        var service = ServiceGroupConfiguration.ServiceConfiguration(service: scheduler)
        service.successTerminationBehavior = .gracefullyShutdownGroup
        var services = [service]
        if !once {
            services.append(.init(service: RetentionService(store: store, retention: config.retention, logger: logger)))
            services += extraServices.map { .init(service: $0) }
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("feedmerge started", metadata: ["store.path": "\(config.storePath)", "config.file": "\(config.file)"])
        try await group.run()
        logger.info("feedmerge stopped")
    }
}
