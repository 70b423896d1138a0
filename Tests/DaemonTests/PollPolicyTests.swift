import Foundation
import Testing
import FeedConfig
import FeedModel
@testable import Daemon

@Suite struct PollPolicyTests {
    let policy = PollPolicy(bounds: ScheduleBounds(minInterval: 60, maxInterval: 86400))
    let now = Date(timeIntervalSince1970: 1_718_700_000)

    @Test func intervalFollowsThePublishingRateWithinBounds() {
        #expect(policy.interval(configured: 1800, publishInterval: nil, cacheHint: nil) == 1800)
        // Publishes every 20 minutes: poll every 10.
        #expect(policy.interval(configured: 1800, publishInterval: 1200, cacheHint: nil) == 600)
        // Publishes every 10 s: never below the minimum.
        #expect(policy.interval(configured: 1800, publishInterval: 10, cacheHint: nil) == 60)
        // Publishes weekly: never beyond the maximum.
        #expect(policy.interval(configured: 1800, publishInterval: 7 * 86400, cacheHint: nil) == 86400)
        // The server's caching hint wins when it asks for longer.
        #expect(policy.interval(configured: 600, publishInterval: nil, cacheHint: 3600) == 3600)
        #expect(policy.interval(configured: 3600, publishInterval: nil, cacheHint: 600) == 3600)
    }

    @Test func cacheHintIsTheLargestOfMaxAgeExpiresAndTTL() {
        let maxAge = ResponseInfo(status: 200, effectiveURL: "u", maxAge: 900)
        #expect(policy.cacheHint(maxAge, ttlMinutes: nil, now: now) == 900)
        #expect(policy.cacheHint(maxAge, ttlMinutes: 60, now: now) == 3600)
        let expires = ResponseInfo(
            status: 200, effectiveURL: "u", expires: "Tue, 18 Jun 2024 11:00:00 GMT", date: "Tue, 18 Jun 2024 10:00:00 GMT")
        #expect(policy.cacheHint(expires, ttlMinutes: nil, now: now) == 3600)
        let past = ResponseInfo(status: 200, effectiveURL: "u", expires: "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(policy.cacheHint(past, ttlMinutes: nil, now: now) == nil)
        #expect(policy.cacheHint(ResponseInfo(status: 200, effectiveURL: "u", maxAge: 0), ttlMinutes: nil, now: now) == nil)
    }

    @Test func retryAfterInSecondsOrAsAnHTTPDate() {
        #expect(policy.retryAfter("120", now: now) == 120)
        let date = Date(timeIntervalSince1970: 1_718_700_000 + 300)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        #expect(policy.retryAfter(formatter.string(from: date), now: now) == 300)
        #expect(policy.retryAfter("soon", now: now) == nil)
        #expect(policy.retryAfter(nil, now: now) == nil)
        #expect(policy.retryAfter("99999999", now: now) == 604_800.0)
        #expect(policy.retryAfter("0", now: now) == 1)
    }

    @Test func permanentRedirectIsAdoptedAfterThreeIdenticalSightings() {
        let moved = ResponseInfo(status: 200, effectiveURL: "https://new.example/feed",
            redirects: [RedirectHop(status: 301, location: "https://new.example/feed")])
        var state = policy.redirect(moved, candidate: nil, seen: 0)
        #expect(state.seen == 1 && state.adopt == nil)
        state = policy.redirect(moved, candidate: state.candidate, seen: state.seen)
        #expect(state.seen == 2 && state.adopt == nil)
        state = policy.redirect(moved, candidate: state.candidate, seen: state.seen)
        #expect(state.adopt == "https://new.example/feed")

        // A different target restarts the count; a temporary hop anywhere in the chain never counts.
        let elsewhere = ResponseInfo(status: 200, effectiveURL: "https://other.example/feed",
            redirects: [RedirectHop(status: 308, location: "https://other.example/feed")])
        #expect(policy.redirect(elsewhere, candidate: "https://new.example/feed", seen: 2).seen == 1)
        let mixed = ResponseInfo(status: 200, effectiveURL: "https://new.example/feed", redirects: [
            RedirectHop(status: 301, location: "https://mid.example/"), RedirectHop(status: 302, location: "https://new.example/feed"),
        ])
        #expect(policy.redirect(mixed, candidate: "https://new.example/feed", seen: 2) == (nil, 0, nil))
    }

    @Test func publishingIntervalIsAMovingAverage() {
        let last = now.addingTimeInterval(-3600)
        #expect(policy.publishInterval(previous: nil, lastNewEntryAt: last, newEntries: 2, now: now) == 1800)
        #expect(policy.publishInterval(previous: 1000, lastNewEntryAt: last, newEntries: 1, now: now) == 1000 * 0.7 + 3600 * 0.3)
        #expect(policy.publishInterval(previous: 1000, lastNewEntryAt: last, newEntries: 0, now: now) == 1000)
        #expect(policy.publishInterval(previous: nil, lastNewEntryAt: nil, newEntries: 5, now: now) == nil)
    }
}
