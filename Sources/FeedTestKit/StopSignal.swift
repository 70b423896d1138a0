import Foundation

/// A one-way "stop now" flag that sleeping threads can wait on.
///
/// `@unchecked Sendable`: `fired` is only read and written while holding `condition`.
final class StopSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var fired = false

    /// Sets the flag and wakes every sleeper.
    func fire() {
        condition.lock()
        fired = true
        condition.broadcast()
        condition.unlock()
    }

    /// True once `fire` was called.
    var isFired: Bool {
        condition.lock()
        defer { condition.unlock() }
        return fired
    }

    /// Sleeps for `duration` unless fired first. Returns true if the full time passed without a stop.
    func sleep(for duration: Duration) -> Bool {
        let (seconds, attoseconds) = duration.components
        let deadline = Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while !fired, Date() < deadline {
            _ = condition.wait(until: deadline)
        }
        return !fired
    }
}
