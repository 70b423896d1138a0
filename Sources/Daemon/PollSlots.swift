/// The scheduler's caps, counted: transfers at once in all and to each host, and polls in
/// flight (a poll stays in flight after its transfers, while it parses and waits for the
/// store's writer). Both the one-pass run and the daemon's loop start polls through it.
struct PollSlots {
    /// Transfers at once at most (`[fetch] max_connections`).
    let maxFetches: Int
    /// Transfers to one host at once at most (`[fetch] max_connections_per_host`).
    let maxPerHost: Int
    /// Polls started and not yet finished at most.
    let maxPolls: Int
    /// Polls started and not yet finished.
    private(set) var polls = 0
    /// Polls still fetching, in all and per host.
    private(set) var fetching = 0
    private var hosts: [String: Int] = [:]

    /// Caps of `maxFetches` transfers, `maxPerHost` to one host and `maxPolls` polls
    /// (each at least 1).
    init(maxFetches: Int, maxPerHost: Int, maxPolls: Int) {
        self.maxFetches = max(1, maxFetches)
        self.maxPerHost = max(1, maxPerHost)
        self.maxPolls = max(1, maxPolls)
    }

    /// Whether no poll can start, whatever its host.
    var isFull: Bool { polls >= maxPolls || fetching >= maxFetches }

    /// Whether a poll of a source on `host` can start now.
    func hasRoom(for host: String) -> Bool {
        !isFull && hosts[host, default: 0] < maxPerHost
    }

    /// Counts a poll of a source on `host` as started (and fetching).
    mutating func start(_ host: String) {
        hosts[host, default: 0] += 1
        fetching += 1
        polls += 1
    }

    /// Counts a poll on `host` as done with its transfers.
    mutating func doneFetching(_ host: String) {
        fetching -= 1
        hosts[host, default: 1] -= 1
        if hosts[host] == 0 { hosts[host] = nil }
    }

    /// Counts a poll as finished.
    mutating func finished() {
        polls -= 1
    }
}
