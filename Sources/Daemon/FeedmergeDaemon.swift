import Foundation
import Clustering
import FeedConfig
import FeedFetch
import FeedStore
import Logging
import ServiceLifecycle

/// Assembles the daemon from a config: store, fetcher, scheduler, in one `ServiceGroup`
/// that stops gracefully on SIGTERM and SIGINT.
public struct FeedmergeDaemon: Sendable {
    public let config: FeedmergeConfig
    public let logger: Logger

    public init(config: FeedmergeConfig, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    /// Runs until a signal stops it (or, with `once`, after one pass over every source).
    public func run(once: Bool = false) async throws {
        let store = try Store(path: config.storePath)
        let fetcher = Fetcher(limits: config.fetch, logger: logger)
        defer { fetcher.shutdown() }
        let clusterer = Clusterer(settings: ClusterSettings(options: config.clustering))
        let scheduler = PollScheduler(
            sources: config.sources, fetcher: fetcher, ingestor: Ingestor(store: store, clusterer: clusterer),
            logger: logger, runOnce: once)
        var service = ServiceGroupConfiguration.ServiceConfiguration(service: scheduler)
        service.successTerminationBehavior = .gracefullyShutdownGroup
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("feedmerge started", metadata: ["store.path": "\(config.storePath)", "config.file": "\(config.file)"])
        try await group.run()
        logger.info("feedmerge stopped")
    }
}
