import Foundation
import FeedFetch
import FeedModel
import FeedParse
import FeedStore
import Logging

/// One poll of one source: fetch, parse, ingest, record the fetch state. Every failure is
/// logged with the source's name and URL and stored as the source's last error; it never
/// escapes to stop the other sources.
struct SourcePoller: Sendable {
    let fetcher: Fetcher
    let ingestor: Ingestor
    let logger: Logger

    /// What one poll did, for logs and status lines.
    enum Outcome: Sendable, Equatable {
        case ingested(added: Int, versions: Int, unchanged: Int)
        case notModified
        case failed(String)
        /// Shutdown cancelled the transfer: nothing recorded, the source stays due.
        case cancelled
    }

    func poll(_ source: Source, state: SourceState, now: @Sendable () -> Date) async -> Outcome {
        var logger = logger
        logger[metadataKey: "source.name"] = "\(source.name)"
        logger[metadataKey: "source.url"] = "\(source.url)"
        let request = FetchRequest(url: source.url, etag: state.etag, lastModified: state.lastModified)
        let result: FetchResult
        do {
            result = try await fetcher.fetch(request)
        } catch {
            if error.kind == .cancelled || Task.isCancelled {
                logger.debug("fetch cancelled")
                return .cancelled
            }
            return fail(source, state: state, status: nil, message: "fetch failed: \(error)", now: now(), logger: logger)
        }
        let fetchedAt = now()
        switch result {
        case .notModified(let status, _):
            logger.debug("not modified", metadata: ["fetch.status": "\(status)"])
            return record(source, state: state, update: FetchStateUpdate(
                fetchedAt: fetchedAt, status: status, error: nil,
                nextPollAt: fetchedAt.addingTimeInterval(Backoff.delay(interval: source.interval, failures: 0))),
                outcome: .notModified, logger: logger)
        case .modified(let body):
            let feed: ParsedFeed
            do {
                feed = try FeedParser.parse(body.body, url: body.effectiveURL)
            } catch {
                return fail(source, state: state, status: body.status, message: "parse failed: \(error)", now: fetchedAt, logger: logger)
            }
            if feed.bozo {
                logger.warning("recovered ill-formed document", metadata: ["parse.reason": "\(feed.bozoReason ?? "unknown")"])
            }
            let entries = Ingestor.incomingEntries(of: feed, source: source)
            let update = FetchStateUpdate(
                fetchedAt: fetchedAt, status: body.status, error: nil, etag: body.etag, lastModified: body.lastModified,
                nextPollAt: fetchedAt.addingTimeInterval(Backoff.delay(interval: source.interval, failures: 0)))
            do {
                let results = try ingestor.ingest(entries, sourceID: state.id, state: update, now: fetchedAt)
                var added = 0, versions = 0, unchanged = 0
                for result in results {
                    switch result {
                    case .added: added += 1
                    case .newVersion: versions += 1
                    case .unchanged: unchanged += 1
                    }
                }
                logger.info("polled", metadata: [
                    "fetch.status": "\(body.status)", "feed.format": "\(feed.format.rawValue)",
                    "entries.added": "\(added)", "entries.versions": "\(versions)", "entries.unchanged": "\(unchanged)",
                ])
                return .ingested(added: added, versions: versions, unchanged: unchanged)
            } catch {
                return fail(source, state: state, status: body.status, message: "store failed: \(error)", now: fetchedAt, logger: logger)
            }
        }
    }

    private func fail(_ source: Source, state: SourceState, status: Int?, message: String, now: Date, logger: Logger) -> Outcome {
        logger.error("\(source.name): \(message)")
        let delay = Backoff.delay(interval: source.interval, failures: state.consecutiveFailures + 1)
        return record(source, state: state, update: FetchStateUpdate(
            fetchedAt: now, status: status, error: message, nextPollAt: now.addingTimeInterval(delay)),
            outcome: .failed(message), logger: logger)
    }

    private func record(_ source: Source, state: SourceState, update: FetchStateUpdate, outcome: Outcome, logger: Logger) -> Outcome {
        do {
            try ingestor.store.recordFetch(sourceID: state.id, state: update)
        } catch {
            logger.error("\(source.name): cannot record fetch state: \(error)")
        }
        return outcome
    }
}
