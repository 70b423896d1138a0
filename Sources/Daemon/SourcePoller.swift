import Foundation
import FeedFetch
import FeedModel
import FeedParse
import FeedStore
import Logging

/// One poll of one source: fetch, parse, ingest, and record what happened in the source's
/// state (status, error, validators, redirects, next poll time chosen by `PollPolicy`).
/// Every failure is logged with the source's name and URL and stored as its last error; it
/// never escapes to stop the other sources.
struct SourcePoller: Sendable {
    let fetcher: Fetcher
    let ingestor: Ingestor
    let policy: PollPolicy
    let logger: Logger
    /// Where store writes wait for the connection (shared by every poll).
    let writer: StoreWriterQueue

    /// What one poll did, for logs and status lines.
    enum Outcome: Sendable, Equatable {
        case ingested(added: Int, versions: Int, unchanged: Int)
        case notModified
        /// A body byte for byte the last one stored, read the same way: not parsed again.
        case unchangedBody
        case failed(String)
        /// Shutdown cancelled the transfer: nothing recorded, the source stays due.
        case cancelled
    }

    /// Polls `source` once. `doneFetching` is called exactly once, as soon as the poll needs
    /// no more transfers (before it waits for the store's writer), so that the scheduler can
    /// hand the host's connection to another source meanwhile.
    func poll(
        _ source: Source, state: SourceState, now: @Sendable () -> Date,
        doneFetching: @escaping @Sendable () -> Void = {}
    ) async -> Outcome {
        let started = DispatchTime.now()
        let release = CallOnce(doneFetching)
        let outcome = await pollOnce(source, state: state, now: now, release: release)
        release()
        PollMetrics.polled(outcome, started: started)
        return outcome
    }

    private func pollOnce(_ source: Source, state: SourceState, now: @Sendable () -> Date, release: CallOnce) async -> Outcome {
        var logger = logger
        logger[metadataKey: "source.name"] = "\(source.name)"
        logger[metadataKey: "source.url"] = "\(state.requestURL)"
        let request = FetchRequest(
            url: state.requestURL, etag: state.etag, lastModified: state.lastModified, options: source.options)
        let result: FetchResult
        do {
            result = try await fetcher.fetch(request)
        } catch {
            if error.kind == .cancelled || Task.isCancelled {
                logger.debug("fetch cancelled")
                return .cancelled
            }
            return failed(source, state: state, error: error, now: now(), logger: logger)
        }
        let fetchedAt = now()
        var update = success(source, state: state, info: result.info, now: fetchedAt, logger: logger)
        switch result {
        case .notModified(let info):
            logger.debug("not modified", metadata: ["fetch.status": "\(info.status)"])
            return nothingNew(source, state: state, info: info, update: update, outcome: .notModified, logger: logger)
        case .modified(let body):
            let fingerprint = BodyFingerprint.of(body, source: source)
            if fingerprint == state.bodyHash {
                logger.debug("body unchanged since the last one stored", metadata: ["fetch.status": "\(body.status)"])
                update.etag = body.etag
                update.lastModified = body.lastModified
                return nothingNew(source, state: state, info: body.info, update: update, outcome: .unchangedBody, logger: logger)
            }
            let feed: ParsedFeed
            do {
                if source.kind == .htmlList, let selectors = source.list {
                    feed = try FeedParser.parseList(body.body, url: body.effectiveURL, location: "source \(source.name)", selectors: selectors)
                } else if source.kind == .feed {
                    switch try FeedParser.parseFeedSource(body.body, url: body.effectiveURL) {
                    case .feed(let read):
                        feed = read
                    case .page(let advertised):
                        return await follow(
                            advertised, page: body, source: source, state: state, update: update, now: now, release: release,
                            logger: logger)
                    }
                } else {
                    feed = try FeedParser.parse(body.body, url: body.effectiveURL)
                }
            } catch {
                PollMetrics.parseFailed()
                return fail(source, state: state, status: body.status, message: "parse failed: \(error)", now: fetchedAt, logger: logger)
            }
            return await ingest(
                feed, body: body, fingerprint: fingerprint, source: source, state: state, update: update,
                fetchedAt: fetchedAt, release: release, logger: logger)
        }
    }

    /// A feed source answered with an HTML page. The feed the page advertises (its first
    /// `<link rel="alternate">`) is fetched at once and, when it reads as a feed, ingested and
    /// polled from then on instead of the page, as after a permanent redirect. One hop only:
    /// an advertised URL that is a page again, or fails, is this poll's error. A page that
    /// advertises no feed is an error too; its text is not taken as an entry (that is what
    /// `kind = "page"` is for).
    private func follow(
        _ advertised: [FeedAlternate], page: FetchedBody, source: Source, state: SourceState, update: FetchStateUpdate,
        now: @Sendable () -> Date, release: CallOnce, logger: Logger
    ) async -> Outcome {
        let pageURL = page.effectiveURL
        guard let feedURL = advertised.first(where: { $0.href != pageURL && $0.href != state.requestURL })?.href else {
            return fail(source, state: state, status: page.status, message: """
                not a feed: \(pageURL) is an HTML page that advertises no feed (kind = "page" follows a page itself)
                """, now: now(), logger: logger)
        }
        let unusable = "not a feed: \(pageURL) is an HTML page advertising the feed \(feedURL)"
        let result: FetchResult
        do {
            result = try await fetcher.fetch(FetchRequest(url: feedURL, etag: nil, lastModified: nil, options: source.options))
        } catch {
            if error.kind == .cancelled || Task.isCancelled { return .cancelled }
            return fail(source, state: state, status: page.status, message: "\(unusable), which failed: \(error)", now: now(), logger: logger)
        }
        let fetchedAt = now()
        guard case .modified(let body) = result else {
            return fail(source, state: state, status: result.info.status, message: "\(unusable), which sent no body", now: fetchedAt, logger: logger)
        }
        let feed: ParsedFeed
        do {
            guard case .feed(let read) = try FeedParser.parseFeedSource(body.body, url: body.effectiveURL) else {
                return fail(source, state: state, status: body.status, message: "\(unusable), which is a page too", now: fetchedAt, logger: logger)
            }
            feed = read
        } catch {
            PollMetrics.parseFailed()
            return fail(source, state: state, status: body.status, message: "\(unusable), which failed to parse: \(error)", now: fetchedAt, logger: logger)
        }
        var update = update
        update.fetchedAt = fetchedAt
        update.status = body.status
        update.fetchURL = feedURL
        update.redirectCandidate = nil
        update.redirectSeen = 0
        logger.notice("\(source.name): \(pageURL) is an HTML page advertising the feed \(feedURL); polling the feed (update the config to match)")
        return await ingest(
            feed, body: body, fingerprint: BodyFingerprint.of(body, source: source), source: source, state: state,
            update: update, fetchedAt: fetchedAt, release: release, logger: logger)
    }

    /// Stores the entries of `feed` (from `body`, whose fingerprint is `fingerprint`) with the
    /// poll's state, on the writer queue.
    private func ingest(
        _ feed: ParsedFeed, body: FetchedBody, fingerprint: Int64, source: Source, state: SourceState,
        update: FetchStateUpdate, fetchedAt: Date, release: CallOnce, logger: Logger
    ) async -> Outcome {
        if feed.bozo {
            logger.warning("recovered ill-formed document", metadata: ["parse.reason": "\(feed.bozoReason ?? "unknown")"])
        }
        var update = update
        let entries = ingestor.sketch(
            Ingestor.incomingEntries(of: feed, source: source), sourceID: state.id, knownEntries: state.entryCount)
        update.etag = body.etag
        update.lastModified = body.lastModified
        update.bodyHash = fingerprint
        update.ttlMinutes = feed.ttlMinutes
        release()
        do {
            // The next poll time depends on how many entries were new, which only the
            // store knows; it is written in the same transaction as the entries.
            // The write waits for the store on the writer queue, not on a cooperative
            // thread, so other polls keep parsing meanwhile.
            let ingestor = ingestor, update = update, ttl = feed.ttlMinutes, info = body.info
            let results = try await writer.run { _ in
                try ingestor.ingest(entries, sourceID: state.id, now: fetchedAt) { results in
                    let added = IngestResult.tally(results).added
                    var final = update
                    final.nextPollAt = fetchedAt.addingTimeInterval(
                        nextInterval(source, state: state, info: info, ttl: ttl, newEntries: added, update: &final, now: fetchedAt))
                    return final
                }
            }
            PollMetrics.ingested(
                results, window: ingestor.store.clusterWindowStatistics, search: ingestor.store.searchIndexStatus)
            if let failure = ingestor.store.takeSearchIndexFailure() {
                // Nothing is lost: the changes stay in the store's outbox until a write succeeds.
                logger.warning("search index write failed; new entries are searchable once it succeeds", metadata: [
                    "error": "\(failure)", "behind": "\(ingestor.store.searchIndexStatus.behind)",
                ])
            }
            let (added, versions, unchanged) = IngestResult.tally(results)
            logger.info("polled", metadata: [
                "fetch.status": "\(body.status)", "feed.format": "\(feed.format.rawValue)",
                "entries.added": "\(added)", "entries.versions": "\(versions)", "entries.unchanged": "\(unchanged)",
            ])
            return .ingested(added: added, versions: versions, unchanged: unchanged)
        } catch {
            return fail(source, state: state, status: body.status, message: "store failed: \(error)", now: fetchedAt, logger: logger)
        }
    }

    /// The state of a poll that got an answer: status and redirect bookkeeping.
    private func success(_ source: Source, state: SourceState, info: ResponseInfo, now: Date, logger: Logger) -> FetchStateUpdate {
        var update = FetchStateUpdate(fetchedAt: now, status: info.status, error: nil, nextPollAt: now)
        let redirect = policy.redirect(info, candidate: state.redirectCandidate, seen: state.redirectSeen)
        update.redirectCandidate = redirect.candidate
        update.redirectSeen = redirect.seen
        if let adopted = redirect.adopt {
            update.fetchURL = adopted
            logger.notice("\(source.name): moved permanently to \(adopted); polling the new URL (update the config to match)")
        }
        return update
    }

    /// Records a poll that brought no body to read (a 304, or the body last stored): the next
    /// poll as the server's caching hints and the last feed's `ttl` say, no new entries.
    private func nothingNew(
        _ source: Source, state: SourceState, info: ResponseInfo, update: FetchStateUpdate, outcome: Outcome,
        logger: Logger
    ) -> Outcome {
        var update = update
        let now = update.fetchedAt
        update.nextPollAt = now.addingTimeInterval(nextInterval(
            source, state: state, info: info, ttl: state.ttlMinutes, newEntries: 0, update: &update, now: now))
        return record(source, state: state, update: update, outcome: outcome, logger: logger)
    }

    private func nextInterval(
        _ source: Source, state: SourceState, info: ResponseInfo, ttl: Int?, newEntries: Int,
        update: inout FetchStateUpdate, now: Date
    ) -> Double {
        let publish = policy.publishInterval(
            previous: state.publishInterval, lastNewEntryAt: state.lastNewEntryAt, newEntries: newEntries, now: now)
        if newEntries > 0 { update.lastNewEntryAt = now }
        update.publishInterval = publish
        let interval = policy.interval(
            configured: source.interval, publishInterval: publish, cacheHint: policy.cacheHint(info, ttlMinutes: ttl, now: now))
        update.pollInterval = interval
        return interval
    }

    /// A fetch error: 410 stops polling, 429/503 wait as the server asks, everything else
    /// backs off exponentially with jitter.
    private func failed(_ source: Source, state: SourceState, error: FetchError, now: Date, logger: Logger) -> Outcome {
        guard case .httpStatus(let status) = error.kind else {
            return fail(source, state: state, status: nil, message: "fetch failed: \(error)", now: now, logger: logger)
        }
        switch status {
        case 410:
            let message = "HTTP 410 Gone: the publisher removed this feed; polling stopped (change or remove the source in the config)"
            logger.error("\(source.name): \(message)")
            var update = FetchStateUpdate(fetchedAt: now, status: status, error: message, nextPollAt: .distantFuture)
            update.gone = true
            return record(source, state: state, update: update, outcome: .failed(message), logger: logger)
        case 429, 503:
            if let wait = policy.retryAfter(error.retryAfter, now: now) {
                let message = "HTTP \(status): the server asked to retry after \(Int(wait)) s (Retry-After: \(error.retryAfter ?? ""))"
                logger.warning("\(source.name): \(message)")
                let update = FetchStateUpdate(fetchedAt: now, status: status, error: message, nextPollAt: now.addingTimeInterval(wait))
                return record(source, state: state, update: update, outcome: .failed(message), logger: logger)
            }
            return fail(source, state: state, status: status, message: "fetch failed: \(error)", now: now, logger: logger)
        default:
            return fail(source, state: state, status: status, message: "fetch failed: \(error)", now: now, logger: logger)
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
