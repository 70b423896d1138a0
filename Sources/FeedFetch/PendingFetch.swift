import FeedModel
import Synchronization

/// The one-shot meeting point between an awaiting `fetch` call and whoever finishes it:
/// the loop thread (completion), the cancellation handler, or shutdown.
///
/// Whoever calls `resolve` first wins; later calls are ignored, so the continuation is
/// resumed exactly once. A result may arrive before the continuation is installed
/// (a task cancelled before it got to wait); `install` then resumes at once.
final class PendingFetch: Sendable {
    typealias Outcome = Result<FetchResult, FetchError>

    private enum State {
        case waiting
        case awaiting(CheckedContinuation<Outcome, Never>)
        case resolvedEarly(Outcome)
        case finished
    }

    private let state = Mutex<State>(.waiting)

    /// Installs the continuation. Returns false if the fetch was already resolved
    /// (the continuation has then been resumed and nothing should be started).
    func install(_ continuation: CheckedContinuation<Outcome, Never>) -> Bool {
        let early: Outcome? = state.withLock { state in
            switch state {
            case .waiting:
                state = .awaiting(continuation)
                return nil
            case .resolvedEarly(let outcome):
                state = .finished
                return outcome
            case .awaiting, .finished:
                // install is called once per fetch; treat a second call as already finished.
                return .failure(FetchError(url: "", kind: .cancelled, message: "internal: continuation installed twice"))
            }
        }
        if let early {
            continuation.resume(returning: early)
            return false
        }
        return true
    }

    /// Finishes the fetch with `outcome` unless it was finished already. Returns true if this call won.
    @discardableResult
    func resolve(_ outcome: Outcome) -> Bool {
        let continuation: CheckedContinuation<Outcome, Never>?
        let won: Bool
        (continuation, won) = state.withLock { state in
            switch state {
            case .waiting:
                state = .resolvedEarly(outcome)
                return (nil, true)
            case .awaiting(let continuation):
                state = .finished
                return (continuation, true)
            case .resolvedEarly, .finished:
                return (nil, false)
            }
        }
        continuation?.resume(returning: outcome)
        return won
    }

    /// True once a result has been decided (the transfer need not run any more).
    var isResolved: Bool {
        state.withLock { state in
            switch state {
            case .waiting, .awaiting: false
            case .resolvedEarly, .finished: true
            }
        }
    }
}
