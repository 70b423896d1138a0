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

    @Test func heaviestTermsAreThoseAFullSortKeeps() {
        var random = SplitMix64(seed: 11)
        for trial in 0..<200 {
            let count = 1 + Int(random.next() % 600)
            let size = 1 + Int(random.next() % 250)
            // Few distinct weights, so ties (broken by the smaller term) are common.
            let scored: [(term: UInt64, weight: Double)] = (0..<count).map { index in
                (term: UInt64(index) &* 0x9E37_79B9 ^ UInt64(trial), weight: Double(random.next() % 7))
            }
            let sorted = scored.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }
            let expected = Set(sorted.prefix(size).map(\.term))
            var selected = scored
            if selected.count > size { TermVector.keepHeaviest(size, of: &selected) }
            #expect(Set(selected.map(\.term)) == expected, "trial \(trial): \(count) terms, keep \(size)")
        }
    }
}
