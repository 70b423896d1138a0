import Testing
@testable import Clustering

@Suite("HashMap64 and the heaviest-terms selection")
struct HashMap64Tests {
    @Test func agreesWithDictionaryThroughGrowthAndKeyZero() {
        var random = SplitMix64(seed: 7)
        var map = HashMap64(placeholder: 0)
        var reference: [UInt64: Int] = [:]
        for step in 0..<20_000 {
            // Small keys collide often (repeats), key 0 included; large ones are fresh.
            let key = step % 3 == 0 ? random.next() % 64 : random.next()
            map.update(key, inserting: 0) { $0 += 1 }
            reference[key, default: 0] += 1
        }
        #expect(map.count == reference.count)
        for (key, value) in reference { #expect(map[key] == value) }
        #expect(map[0] == reference[0])
        var seen: [UInt64: Int] = [:]
        map.forEach { key, value in seen[key] = value }
        #expect(seen == reference)
        #expect(map[random.next()] == nil)
        #expect(map.insert(5, 99) == !reference.keys.contains(5))
        map.removeAll()
        #expect(map.count == 0 && map[5] == nil && map[0] == nil)
    }
}
