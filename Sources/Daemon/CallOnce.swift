import Synchronization

/// A callback that runs at most once, however many times and from whichever threads it is
/// called: the first call runs it, later ones do nothing.
final class CallOnce: Sendable {
    private let body: @Sendable () -> Void
    private let called = Atomic<Bool>(false)

    /// Wraps `body`, which has not run yet.
    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }

    /// Runs the callback if no call has run it yet.
    func callAsFunction() {
        guard !called.exchange(true, ordering: .acquiringAndReleasing) else { return }
        body()
    }
}
