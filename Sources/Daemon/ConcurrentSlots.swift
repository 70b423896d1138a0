/// One value per slot, each slot written once by whichever thread computes it (a
/// `DispatchQueue.concurrentPerform` iteration, a `SharedWork` worker), all read after every
/// writer has finished.
public final class ConcurrentSlots<Value>: @unchecked Sendable {
    // Raw memory, not an array: concurrent writes to distinct slots of an array property
    // would each claim the whole array.
    private let storage: UnsafeMutableBufferPointer<Value?>

    /// `count` empty slots.
    public init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    /// Fills slot `index` (from exactly one thread).
    public func set(_ index: Int, _ value: Value) {
        storage[index] = value
    }

    /// The value of slot `index`, nil when it was never set.
    public subscript(index: Int) -> Value? { storage[index] }

    /// The values set, in slot order.
    public var values: [Value] { storage.compactMap { $0 } }
}
