import Foundation
import FeedConfig
import FeedFetch
import FeedModel
import FeedStore
import Logging
import ServiceLifecycle
import UnixSignals

/// The polling service. Every source's next poll time lives in the store; one event loop
/// starts the polls that are due (within the caps of `PollSlots`, each source at most once
/// at a time), wakes for the next due time, reloads the source list on SIGHUP,
/// and pings the systemd watchdog from that same loop, so a loop that stops turning stops
/// pinging. After a restart it resumes from the stored times.
///
/// On graceful shutdown it starts nothing new and cancels the transfers in flight; a poll
/// already writing finishes its transaction (store writes are never interrupted halfway).
public struct PollScheduler: Service, CustomStringConvertible {
    /// Re-reads the configured sources (SIGHUP); throws to reject a broken file.
    public typealias SourceLoader = @Sendable () throws -> [Source]

    let sources: [Source]
    let poller: SourcePoller
    let store: Store
    let logger: Logger
    let runOnce: Bool
    /// The caps, none taken: `maxConcurrentFetches` transfers (`[fetch] max_connections`),
    /// `[fetch] max_connections_per_host` to one host, and twice as many polls in flight as
    /// transfers. A poll gives its transfer slot back once it has its body, before it parses
    /// and waits for the store's writer; holding it until the write made the polls queue at
    /// the writer while the connections sat idle (in a cold cycle of 1,000 feeds, polls
    /// spent 57% of their time waiting there).
    let slots: PollSlots
    let notifier: SystemdNotifier
    let reload: SourceLoader?
    let now: @Sendable () -> Date

    /// A short name for logs: the service group describes its services when it starts, and
    /// the reflected description of 1,000 sources took 15 ms of the daemon's start.
    public var description: String { "PollScheduler(\(sources.count) sources)" }

    /// - Parameters:
    ///   - runOnce: poll every source once, now, then return (the demo's single pass).
    ///   - reload: how to re-read the sources on SIGHUP (nil: SIGHUP is not handled).
    public init(
        sources: [Source], fetcher: Fetcher, ingestor: Ingestor, logger: Logger, runOnce: Bool = false,
        maxConcurrentFetches: Int = 8, bounds: ScheduleBounds = ScheduleBounds(),
        notifier: SystemdNotifier = SystemdNotifier(environment: [:]),
        reload: SourceLoader? = nil, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.sources = sources
        self.poller = SourcePoller(
            fetcher: fetcher, ingestor: ingestor, policy: PollPolicy(bounds: bounds), logger: logger,
            writer: StoreWriterQueue(store: ingestor.store, maxGroup: max(1, maxConcurrentFetches)))
        self.slots = PollSlots(
            maxFetches: maxConcurrentFetches, maxPerHost: fetcher.limits.maxConnectionsPerHost,
            maxPolls: 2 * maxConcurrentFetches)
        self.store = ingestor.store
        self.logger = logger
        self.runOnce = runOnce
        self.notifier = notifier
        self.reload = reload
        self.now = now
    }

    public func run() async throws {
        try store.syncSources(sources, now: now())
        if !runOnce {
            // After downtime every overdue source would start at once: spread them out.
            let overdue = try store.sources().filter { $0.nextPollAt < now() && $0.goneAt == nil }.count
            if overdue > slots.maxFetches {
                let window = min(120, Double(overdue) * 0.1)
                try store.spreadOverdueSources(now: now(), window: window)
                logger.info("spreading overdue sources", metadata: ["sources.overdue": "\(overdue)", "spread.seconds": "\(window)"])
            }
        }
        logger.info("scheduler started", metadata: ["sources": "\(sources.count)"])
        notify { try $0.ready(status: "\(sources.count) sources, starting") }
        if runOnce {
            await pollAllOnce()
        } else {
            await eventLoop()
        }
        notify { try $0.stopping() }
        logger.info("scheduler stopped")
    }

    // MARK: The event loop

    enum Event: Sendable {
        case tick
        /// A poll has finished its transfers: its host's slot is free.
        case doneFetching(host: String)
        case polled(String, SourcePoller.Outcome)
        case reload
        case shutdown
    }

    /// What the loop knows between events.
    struct LoopState {
        var sources: [Source] {
            didSet { configured = Self.byName(sources) }
        }
        /// The configured sources by name.
        private(set) var configured: [String: Source]
        /// Sources whose poll has started and not finished.
        var inFlight: Set<String> = []
        var slots: PollSlots
        /// Whether the last look at the due sources left some waiting for a free slot (or
        /// could not look, every slot being taken): only then does a poll that has finished
        /// fetching look again. Otherwise its end does, or the next tick.
        var dueLeftWaiting = true
        /// The clock's reading at the last look at the due sources. Every source due by then
        /// was started or is waiting for a slot (`dueLeftWaiting`); the loop owes a wake-up
        /// only to those that come due later (`nextWake`).
        var lookedAt = Date.distantPast
        var polls = 0
        var failures = 0
        var lastPoll: Date?
        var shuttingDown = false
        /// The last `STATUS=` line sent (unchanged lines are not sent again).
        var lastStatus: String?

        init(sources: [Source], slots: PollSlots) {
            self.sources = sources
            self.configured = Self.byName(sources)
            self.slots = slots
        }

        private static func byName(_ sources: [Source]) -> [String: Source] {
            Dictionary(sources.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    private func eventLoop() async {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        await withDiscardingTaskGroup { group in
            group.addTask {
                try? await gracefulShutdown()
                continuation.yield(.shutdown)
            }
            if reload != nil {
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sighup) { continuation.yield(.reload) }
                }
            }
            continuation.yield(.tick)
            var state = LoopState(sources: sources, slots: slots)
            for await event in events {
                switch event {
                case .tick:
                    notify { try $0.watchdog() }
                    launchDuePolls(&state, group: &group, continuation: continuation)
                    let wait = nextWake(state)
                    group.addTask {
                        try? await Task.sleep(for: wait)
                        continuation.yield(.tick)
                    }
                    let status = statusLine(state)
                    if status != state.lastStatus {
                        notify { try $0.status(status) }
                        state.lastStatus = status
                    }
                case .doneFetching(let host):
                    state.slots.doneFetching(host)
                    if !state.shuttingDown && state.dueLeftWaiting {
                        launchDuePolls(&state, group: &group, continuation: continuation)
                    }
                case .polled(let name, let outcome):
                    state.inFlight.remove(name)
                    state.slots.finished()
                    state.polls += 1
                    state.lastPoll = now()
                    if case .failed = outcome { state.failures += 1 }
                    if !state.shuttingDown { launchDuePolls(&state, group: &group, continuation: continuation) }
                case .reload:
                    reloadSources(&state)
                    launchDuePolls(&state, group: &group, continuation: continuation)
                case .shutdown:
                    state.shuttingDown = true
                    logger.info("shutting down", metadata: ["polls.in_flight": "\(state.inFlight.count)"])
                    notify { try $0.stopping() }
                }
                if state.shuttingDown { break }
            }
            // Cancels the sleeps, the signal listener and the transfers in flight; polls
            // that are committing finish their transaction before the group returns.
            group.cancelAll()
            continuation.finish()
        }
    }

    private func launchDuePolls(
        _ state: inout LoopState, group: inout DiscardingTaskGroup, continuation: AsyncStream<Event>.Continuation
    ) {
        let time = now()
        state.lookedAt = time
        guard !state.slots.isFull else {
            state.dueLeftWaiting = true
            return
        }
        let due: [SourceState]
        do {
            due = try store.dueSources(at: time)
        } catch {
            logger.error("cannot read due sources from the store: \(error)")
            state.dueLeftWaiting = true
            return
        }
        let configured = state.configured
        let ready = due.compactMap { stored in
            configured[stored.name].flatMap { state.inFlight.contains(stored.name) ? nil : ($0, stored) }
        }
        var launched = 0
        for (source, stored) in ready where !state.slots.isFull {
            let host = Self.host(of: stored.requestURL)
            guard state.slots.hasRoom(for: host) else { continue }
            launched += 1
            state.slots.start(host)
            state.inFlight.insert(source.name)
            startPoll(source, state: stored, host: host, group: &group, continuation: continuation)
        }
        state.dueLeftWaiting = launched < ready.count
    }

    /// Starts polling `source` in `group`; the poll reports to `continuation` when its
    /// transfers are done (`.doneFetching`) and when it has finished (`.polled`).
    private func startPoll(
        _ source: Source, state: SourceState, host: String, group: inout DiscardingTaskGroup,
        continuation: AsyncStream<Event>.Continuation
    ) {
        let poller = poller
        let now = now
        group.addTask {
            let outcome = await poller.poll(source, state: state, now: now) {
                continuation.yield(.doneFetching(host: host))
            }
            continuation.yield(.polled(source.name, outcome))
        }
    }

    /// The host a URL connects to (empty for `file://`), for the per-host cap.
    static func host(of url: String) -> String {
        URL(string: url)?.host?.lowercased() ?? ""
    }

    /// Until the earliest next poll, at most the watchdog interval and at most a minute.
    func nextWake(_ state: LoopState) -> Duration {
        var seconds = 60.0
        let configured = state.configured
        // With polls in flight, a source that was due at the last look waits for a free slot,
        // and the end of a poll's transfers launches it: only poll times after that look need
        // a wake-up. (After the look, not after now: a source coming due in between was
        // seen by neither, and would have waited for the end of some poll.)
        let after = state.inFlight.isEmpty ? nil : state.lookedAt
        let next = try? store.earliestPoll(after: after) { configured[$0] != nil && !state.inFlight.contains($0) }
        if let next = next ?? nil {
            seconds = min(seconds, max(next.timeIntervalSince(now()), 0.05))
        }
        // Rounded up: a wake-up a fraction of a millisecond early finds nothing due.
        var wait = Duration.milliseconds(Int64((seconds * 1000).rounded(.up)))
        if let watchdog = notifier.watchdogInterval, watchdog < wait { wait = watchdog }
        return wait
    }

    private func reloadSources(_ state: inout LoopState) {
        guard let reload else { return }
        notify { try $0.reloading() }
        do {
            let updated = try reload()
            try store.syncSources(updated, now: now())
            let before = Dictionary(state.sources.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let after = Set(updated.map(\.name))
            let added = updated.filter { before[$0.name] == nil }.map(\.name)
            let removed = state.sources.map(\.name).filter { !after.contains($0) }
            let changed = updated.filter { new in before[new.name].map { old in old != new } ?? false }.map(\.name)
            state.sources = updated
            logger.notice("config reloaded", metadata: [
                "sources": "\(updated.count)", "sources.added": "\(added)", "sources.removed": "\(removed)",
                "sources.changed": "\(changed)",
            ])
            notify { try $0.ready(status: "config reloaded: \(updated.count) sources") }
        } catch {
            logger.error("config reload rejected, keeping the running config: \(error)")
            notify { try $0.ready(status: "config reload rejected: \(error)") }
        }
    }

    private func statusLine(_ state: LoopState) -> String {
        var line = "\(state.sources.count) sources, \(state.inFlight.count) polling, \(state.polls) polls done"
        if state.failures > 0 { line += " (\(state.failures) failed)" }
        if let last = state.lastPoll { line += ", last at \(ISO8601DateFormatter().string(from: last))" }
        return line
    }

    private func notify(_ body: (SystemdNotifier) throws -> Void) {
        do {
            try body(notifier)
        } catch {
            logger.warning("systemd notification failed: \(error)")
        }
    }

    // MARK: One pass

    /// Polls every configured source once (gone ones excepted), with the same caps as the
    /// event loop (`slots`).
    func pollAllOnce() async {
        let states: [SourceState]
        do {
            states = try store.sources()
        } catch {
            logger.error("cannot read sources from the store: \(error)")
            return
        }
        let byName = Dictionary(states.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var pending = sources.compactMap { source in
            byName[source.name].flatMap { $0.goneAt == nil ? (source, $0) : nil }
        }
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        await withDiscardingTaskGroup { group in
            var slots = self.slots
            func startMore() {
                var index = 0
                while !slots.isFull && index < pending.count {
                    let (source, state) = pending[index]
                    let host = Self.host(of: state.requestURL)
                    guard slots.hasRoom(for: host) else {
                        index += 1
                        continue
                    }
                    pending.remove(at: index)
                    slots.start(host)
                    startPoll(source, state: state, host: host, group: &group, continuation: continuation)
                }
            }
            startMore()
            if slots.polls > 0 {
                for await event in events {
                    switch event {
                    case .doneFetching(let host):
                        slots.doneFetching(host)
                    case .polled:
                        slots.finished()
                    case .tick, .reload, .shutdown:
                        break
                    }
                    startMore()
                    // Every poll reports its transfers done before it finishes, so with
                    // none running every host is free and `startMore` started one if any
                    // was left.
                    if slots.polls == 0 { break }
                }
            }
            continuation.finish()
        }
    }
}
