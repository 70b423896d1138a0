import Foundation
import FeedConfig
import FeedModel
import FeedParse

/// The politeness rules of polling, as pure functions of what the last response said
/// (no I/O, no clock: `now` is passed in), so each rule is tested exactly.
public struct PollPolicy: Sendable {
    /// Bounds for the adaptive interval.
    public var bounds: ScheduleBounds
    /// Identical permanent redirects (301/308) needed before the stored URL changes.
    public var redirectsToAdopt = 3
    /// Longest `Retry-After` honoured (a week); anything longer is capped.
    public var maxRetryAfter: Double = 7 * 86400

    public init(bounds: ScheduleBounds) {
        self.bounds = bounds
    }

    /// Seconds until the next poll after a successful one: the configured interval, or,
    /// once the source's publishing rate is known, half its average gap between new
    /// entries; never earlier than the server's caching hint (`Cache-Control: max-age`,
    /// `Expires`, the feed's `ttl`); always within `bounds`.
    public func interval(configured: Int, publishInterval: Double?, cacheHint: Double?) -> Double {
        var interval = Double(configured)
        if let publishInterval, publishInterval > 0 { interval = publishInterval / 2 }
        if let cacheHint, cacheHint > interval { interval = cacheHint }
        return min(max(interval, Double(bounds.minInterval)), Double(bounds.maxInterval))
    }

    /// The server's caching hint in seconds: the largest of `max-age`, `Expires` (read
    /// against the response's `Date`, else `now`) and the feed's `ttl`.
    public func cacheHint(_ info: ResponseInfo, ttlMinutes: Int?, now: Date) -> Double? {
        var hints: [Double] = []
        if let maxAge = info.maxAge, maxAge > 0 { hints.append(Double(maxAge)) }
        if let expires = info.expires.flatMap(FeedDate.parse) {
            let reference = info.date.flatMap(FeedDate.parse) ?? now
            let seconds = expires.timeIntervalSince(reference)
            if seconds > 0 { hints.append(seconds) }
        }
        if let ttlMinutes, ttlMinutes > 0 { hints.append(Double(ttlMinutes) * 60) }
        return hints.max()
    }

    /// The new average gap between new entries (an exponentially weighted mean), when this
    /// poll brought some.
    public func publishInterval(previous: Double?, lastNewEntryAt: Date?, newEntries: Int, now: Date) -> Double? {
        guard newEntries > 0, let lastNewEntryAt else { return previous }
        let gap = now.timeIntervalSince(lastNewEntryAt) / Double(newEntries)
        guard gap > 0 else { return previous }
        guard let previous else { return gap }
        return previous * 0.7 + gap * 0.3
    }

    /// Seconds from a `Retry-After` value: delta-seconds or an HTTP date; nil if unreadable.
    public func retryAfter(_ value: String?, now: Date) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        let seconds: Double
        if let delta = Int(value) {
            seconds = Double(delta)
        } else if let date = FeedDate.parse(value) {
            seconds = date.timeIntervalSince(now)
        } else {
            return nil
        }
        return min(max(seconds, 1), maxRetryAfter)
    }

    /// Permanent-redirect bookkeeping: the streak after this response, and the URL to adopt
    /// when the same 301/308 target has been seen `redirectsToAdopt` times in a row. A
    /// temporary redirect (302/307) or none resets the streak.
    public func redirect(
        _ info: ResponseInfo, candidate: String?, seen: Int
    ) -> (candidate: String?, seen: Int, adopt: String?) {
        guard let target = info.permanentRedirectTarget else { return (nil, 0, nil) }
        let streak = target == candidate ? seen + 1 : 1
        if streak >= redirectsToAdopt { return (nil, 0, target) }
        return (target, streak, nil)
    }
}
