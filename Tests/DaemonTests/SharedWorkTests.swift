import Dispatch
import Synchronization
import Testing
@testable import Daemon

/// Work shared by whoever has time: every value is computed exactly once, and the values come
/// back in index order however the workers interleaved.
@Suite struct SharedWorkTests {
    @Test func everyValueIsComputedOnceInOrder() {
        let calls = Atomic<Int>(0)
        let work = SharedWork(count: 1000) { index in
            calls.add(1, ordering: .relaxed)
            return index * index
        }
        let group = DispatchGroup()
        for _ in 0..<3 { DispatchQueue.global().async(group: group) { work.work() } }
        work.work()
        group.wait()
        #expect(work.values == (0..<1000).map { $0 * $0 })
        #expect(calls.load(ordering: .relaxed) == 1000)
        // Nothing is left: a late worker computes nothing.
        work.work()
        #expect(calls.load(ordering: .relaxed) == 1000)
    }

    @Test func noWorkIsNoValues() {
        let work = SharedWork(count: 0) { $0 }
        work.work()
        #expect(work.values.isEmpty)
    }
}
