import Synchronization

/// `count` values computed by whichever threads have time: every worker calling `work()`
/// claims the next index nobody has claimed and fills its slot, until none is left. A writer
/// that has stored its own batch joins in on the next one, so neither core waits for the
/// other while work remains.
public final class SharedWork<Value>: @unchecked Sendable {
    private let slots: ConcurrentSlots<Value>
    private let claimed = Atomic<Int>(0)
    private let produce: @Sendable (Int) -> Value

    /// The number of values to compute.
    public let count: Int

    /// Work computing `produce(i)` for each `i` in `0..<count` (nothing runs yet).
    public init(count: Int, _ produce: @escaping @Sendable (Int) -> Value) {
        self.count = count
        self.produce = produce
        slots = ConcurrentSlots(count: count)
    }

    /// Computes values until none is left to claim (others may still be finishing theirs).
    public func work() {
        while true {
            let index = claimed.add(1, ordering: .relaxed).oldValue
            guard index < count else { return }
            slots.set(index, produce(index))
        }
    }

    /// The values in index order, once every worker's `work()` has returned (the caller
    /// knows: a `DispatchGroup` waited for, a `concurrentPerform` that returned).
    public var values: [Value] { slots.values }
}
