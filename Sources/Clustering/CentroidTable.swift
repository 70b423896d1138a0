import Synchronization

/// The TF-IDF centroids of the stories with members in the window (sums of their members'
/// `TermVector`s), and for each term the stories holding it, for the same-story tier.
///
/// A centroid is a sorted sparse vector: a story of one member shares its member's arrays.
struct CentroidTable: Sendable {
    /// Per-slot partial scores of `candidates`, kept between calls and reset where a call
    /// wrote, so that a call costs what it reads, not the number of slots (with a full window,
    /// filling two arrays of 150,000 slots per entry cost more than the search). One call
    /// holds it at a time; a concurrent call (a copy of the table on another thread) makes
    /// its own arrays.
    private final class Scratch: @unchecked Sendable {
        private let busy = Atomic<Bool>(false)
        /// Partial dot product per slot (0 when untouched).
        var dots: [Double] = []
        /// The last candidate term that counted each slot (-1 when untouched).
        var lastTerms: [Int32] = []

        /// True when the caller now holds the arrays and must `release` them.
        func take() -> Bool {
            busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        }

        func release() {
            busy.store(false, ordering: .releasing)
        }
    }

    /// One story's centroid.
    struct Centroid: Sendable {
        /// Terms in increasing order.
        var terms: [UInt64]
        /// Summed weight of each term.
        var weights: [Double]
        /// Squared L2 norm of the sum.
        var norm2: Double
        /// Member vectors summed.
        var members: Int
        /// Time of the story's latest member (seconds since 1970).
        var updatedAt: Double
        /// Time of the story's earliest member.
        var startedAt: Double
        /// The sources of the member vectors, each with how many it gave (a handful: most
        /// stories hold one to three sources).
        var sources: [SourceCount]

        /// The one source every member came from, if there is one.
        var soleSource: Int64? { sources.count == 1 ? sources[0].sourceID : nil }

        func weight(of term: UInt64) -> Double? {
            TermVector.index(of: term, in: terms).map { weights[$0] }
        }
    }

    /// Member vectors a source gave a story.
    struct SourceCount: Sendable {
        var sourceID: Int64
        var members: Int
    }

    /// Centroids in slots (a removed story's slot is reused); `slotOf` finds a story's.
    private var slots: [Centroid] = []
    private var storyOfSlot: [Int64] = []
    private var slotOf: [Int64: Int32] = [:]
    private var freeSlots: [Int32] = []
    /// Slots of the stories that gained each term, oldest first; stale postings (the story lost
    /// the term, or the slot now holds another story) are skipped and dropped by `compact`.
    private var storiesByTerm = HashMap64<[Int32]>(placeholder: [])
    private var postings = 0
    private var stalePostings = 0
    private let scratch = Scratch()

    /// Same-story candidates are found through the vector's `candidateTerms` heaviest terms,
    /// reading at most `storiesPerTerm` active stories (the newest) per term; the
    /// `exactCandidates` best by that partial score are then scored on every term. Bounded work
    /// per entry however many stories the window holds.
    static let candidateTerms = 24
    static let storiesPerTerm = 64
    static let exactCandidates = 8

    /// Adds (`sign` 1) or removes (`sign` -1) a member vector of `storyID` at `time`, from
    /// source `sourceID`.
    mutating func add(_ vector: TermVector, sign: Double, storyID: Int64, time: Double, sourceID: Int64) {
        guard !vector.terms.isEmpty else { return }
        guard let slot = slotOf[storyID] else {
            guard sign > 0 else { return }
            let centroid = Centroid(
                terms: vector.terms, weights: vector.weights,
                norm2: vector.weights.reduce(0) { $0 + $1 * $1 }, members: 1, updatedAt: time, startedAt: time,
                sources: [SourceCount(sourceID: sourceID, members: 1)])
            let slot: Int32
            if let free = freeSlots.popLast() {
                slot = free
                slots[Int(slot)] = centroid
                storyOfSlot[Int(slot)] = storyID
            } else {
                slot = Int32(truncatingIfNeeded: slots.count)
                slots.append(centroid)
                storyOfSlot.append(storyID)
            }
            slotOf[storyID] = slot
            for term in vector.terms { storiesByTerm.update(term, inserting: []) { $0.append(slot) } }
            postings += vector.terms.count
            return
        }
        let index = Int(slot)
        let oldTerms = slots[index].terms, oldWeights = slots[index].weights
        var terms: [UInt64] = []
        var weights: [Double] = []
        terms.reserveCapacity(oldTerms.count + vector.terms.count)
        weights.reserveCapacity(oldTerms.count + vector.terms.count)
        var i = 0, j = 0
        var gained: [UInt64] = []
        var dropped = 0
        while i < oldTerms.count || j < vector.terms.count {
            if j >= vector.terms.count || (i < oldTerms.count && oldTerms[i] < vector.terms[j]) {
                terms.append(oldTerms[i]); weights.append(oldWeights[i]); i += 1
            } else if i >= oldTerms.count || vector.terms[j] < oldTerms[i] {
                let weight = sign * vector.weights[j]
                if abs(weight) >= 1e-9 { terms.append(vector.terms[j]); weights.append(weight); gained.append(vector.terms[j]) }
                j += 1
            } else {
                let weight = oldWeights[i] + sign * vector.weights[j]
                if abs(weight) >= 1e-9 { terms.append(oldTerms[i]); weights.append(weight) } else { dropped += 1 }
                i += 1; j += 1
            }
        }
        let members = slots[index].members + (sign > 0 ? 1 : -1)
        for term in gained { storiesByTerm.update(term, inserting: []) { $0.append(slot) } }
        postings += gained.count
        stalePostings += dropped
        if members <= 0 || terms.isEmpty {
            stalePostings += terms.count
            slots[index] = Centroid(
                terms: [], weights: [], norm2: 0, members: 0, updatedAt: -.infinity, startedAt: .infinity, sources: [])
            slotOf[storyID] = nil
            freeSlots.append(slot)
        } else {
            slots[index].terms = terms
            slots[index].norm2 = weights.reduce(0) { $0 + $1 * $1 }
            slots[index].weights = weights
            slots[index].members = members
            Self.count(sourceID, sign > 0 ? 1 : -1, in: &slots[index].sources)
            if sign > 0 {
                slots[index].updatedAt = max(slots[index].updatedAt, time)
                slots[index].startedAt = min(slots[index].startedAt, time)
            }
        }
        if stalePostings > 4096, stalePostings * 2 > postings { compact() }
    }

    /// Adds `change` to the members `sourceID` gave, dropping a source left with none.
    private static func count(_ sourceID: Int64, _ change: Int, in sources: inout [SourceCount]) {
        if let position = sources.firstIndex(where: { $0.sourceID == sourceID }) {
            sources[position].members += change
            if sources[position].members <= 0 { sources.remove(at: position) }
        } else if change > 0 {
            sources.append(SourceCount(sourceID: sourceID, members: change))
        }
    }

    /// Records that `storyID` got a member (or a member's new version) at `time`.
    mutating func touch(_ storyID: Int64, time: Double) {
        if let slot = slotOf[storyID], slots[Int(slot)].updatedAt < time {
            slots[Int(slot)].updatedAt = time
        }
    }

    /// Centroids (restricted to `vector`'s terms) of the stories active during `period` (a
    /// member at or after its start and one at or before its end) that may be the closest to
    /// `vector`, by story id.
    func candidates(for vector: TermVector, activeDuring period: ClosedRange<Double>) -> [StoryCentroid] {
        guard !vector.terms.isEmpty else { return [] }
        let heaviest = Self.heaviest(Self.candidateTerms, of: vector)
        // Partial dot product per slot, and the last term that counted it (a slot may be
        // listed twice under one term after losing and regaining it): dense per slot, so no
        // hashing per posting read, in arrays kept between calls (`Scratch`).
        let held = scratch.take()
        var dots: [Double] = []
        var lastTerms: [Int32] = []
        if held {
            swap(&dots, &scratch.dots)
            swap(&lastTerms, &scratch.lastTerms)
        }
        if dots.count < slots.count {
            dots.append(contentsOf: repeatElement(0, count: slots.count - dots.count))
            lastTerms.append(contentsOf: repeatElement(-1, count: slots.count - lastTerms.count))
        }
        var touched: [Int32] = []
        slots.withUnsafeBufferPointer { slots in
            dots.withUnsafeMutableBufferPointer { dots in
                lastTerms.withUnsafeMutableBufferPointer { lastTerms in
                    for index in heaviest {
                        let term = vector.terms[index]
                        guard let listed = storiesByTerm[term] else { continue }
                        var taken = 0
                        for slot in listed.reversed() {
                            let position = Int(slot)
                            // Read in place (a copy of the centroid would retain its arrays).
                            guard slots[position].updatedAt >= period.lowerBound, slots[position].startedAt <= period.upperBound,
                                let weight = slots[position].weight(of: term)
                            else { continue }
                            if lastTerms[position] == Int32(index) { continue }
                            if lastTerms[position] < 0 { touched.append(slot) }
                            dots[position] += vector.weights[index] * weight
                            lastTerms[position] = Int32(index)
                            taken += 1
                            if taken == Self.storiesPerTerm { break }
                        }
                    }
                }
            }
        }
        let ranked = touched.map { (slot: $0, score: dots[Int($0)] / Double(max(slots[Int($0)].members, 1))) }
        if held {
            for slot in touched {
                dots[Int(slot)] = 0
                lastTerms[Int(slot)] = -1
            }
            swap(&dots, &scratch.dots)
            swap(&lastTerms, &scratch.lastTerms)
            scratch.release()
        }
        let best = ranked.sorted { a, b in
            a.score != b.score ? a.score > b.score : storyOfSlot[Int(a.slot)] < storyOfSlot[Int(b.slot)]
        }.prefix(Self.exactCandidates)
        var result: [StoryCentroid] = []
        for (slot, _) in best {
            let centroid = slots[Int(slot)]
            // Both term lists are sorted: one merge walk finds the shared terms, in order.
            var terms: [UInt64] = []
            var weights: [Double] = []
            var i = 0, j = 0
            while i < vector.terms.count, j < centroid.terms.count {
                let term = vector.terms[i], other = centroid.terms[j]
                if term == other {
                    terms.append(term)
                    weights.append(centroid.weights[j])
                    i += 1; j += 1
                } else if term < other {
                    i += 1
                } else {
                    j += 1
                }
            }
            result.append(StoryCentroid(
                storyID: storyOfSlot[Int(slot)], shared: TermVector(terms: terms, weights: weights),
                norm: centroid.norm2.squareRoot(),
                members: centroid.members, soleSourceID: centroid.soleSource))
        }
        return result.sorted { $0.storyID < $1.storyID }
    }

    /// The indices of `vector`'s `count` heaviest terms, heaviest first (ties: smaller term
    /// first), by insertion into a short sorted list: no sort of the whole vector.
    static func heaviest(_ count: Int, of vector: TermVector) -> [Int] {
        let weights = vector.weights, terms = vector.terms
        func before(_ a: Int, _ b: Int) -> Bool {
            weights[a] != weights[b] ? weights[a] > weights[b] : terms[a] < terms[b]
        }
        var top: [Int] = []
        top.reserveCapacity(count + 1)
        for index in weights.indices {
            if top.count == count, let last = top.last, !before(index, last) { continue }
            var position = top.count
            while position > 0, before(index, top[position - 1]) { position -= 1 }
            top.insert(index, at: position)
            if top.count > count { top.removeLast() }
        }
        return top
    }

    /// Drops the stale term postings.
    private mutating func compact() {
        var rebuilt = HashMap64<[Int32]>(placeholder: [])
        var count = 0
        for (storyID, slot) in slotOf.sorted(by: { $0.key < $1.key }) {
            _ = storyID
            for term in slots[Int(slot)].terms { rebuilt.update(term, inserting: []) { $0.append(slot) } }
            count += slots[Int(slot)].terms.count
        }
        storiesByTerm = rebuilt
        postings = count
        stalePostings = 0
    }

    /// Stories held.
    var count: Int { slotOf.count }
}
