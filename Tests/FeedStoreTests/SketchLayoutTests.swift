import Foundation
import Testing
import Clustering
import FeedModel
@testable import FeedStore

/// Sketch rows: the compact layout new rows are written in, and the wide one of the rows
/// written before it, which still read (and compare) as they did.
@Suite struct SketchLayoutTests {
    let clusterer = Clusterer()
    let now = Date(timeIntervalSince1970: 1_718_700_000)

    @Test func compactFingerprintsRoundTrip() {
        let fingerprints = [
            (1, 0), (2, 5), (3, 4), (UInt64.max, Int32.max), (0, Int32.min), (7, 300),
        ].map { Fingerprint(hash: $0.0, position: $0.1) }
        let bytes = SketchRecords.encodeCompact(fingerprints)
        #expect(SketchRecords.decodeFingerprints(bytes, layout: .compact) == fingerprints)
        #expect(SketchRecords.decodeFingerprints(SketchRecords.encodeCompact([]), layout: .compact) == [])
        // A cut-off last pair is dropped, not misread.
        #expect(SketchRecords.decodeFingerprints(Array(bytes.dropLast()), layout: .compact) == Array(fingerprints.dropLast()))
        // Nine bytes a fingerprint when the positions are near each other, as in a text.
        let text = (0..<50).map { Fingerprint(hash: UInt64($0) &* 0x9E37_79B9_7F4A_7C15, position: Int32($0 * 7)) }
        #expect(SketchRecords.encodeCompact(text).count == 50 * 9)
        // The wide layout: twelve bytes each.
        #expect(SketchRecords.decodeFingerprints(SketchRecords.encode(fingerprints), layout: .wide) == fingerprints)
    }

    @Test func compactSignaturesAndVectorsRoundTrip() {
        let minhash = MinHasher.lowHalves([0, 1, .max, 0x0123_4567_89ab_cdef])
        #expect(SketchRecords.decodeMinhash(SketchRecords.encodeCompact(minhash: minhash), layout: .compact) == minhash)
        #expect(SketchRecords.encodeCompact(minhash: minhash).count == 4 * 4)
        // A wide row's values read as their low halves: what the signature holds today.
        #expect(SketchRecords.decodeMinhash(SketchRecords.encode([0x0123_4567_89ab_cdef]), layout: .wide) == [0x89ab_cdef])

        let vector = TermVector(terms: [3, 9, .max], weights: [0.123_456_789_012, 0.7, 1.0 / 3.0]).singlePrecision
        #expect(vector.weights != [0.123_456_789_012, 0.7, 1.0 / 3.0])
        #expect(SketchRecords.decodeTerms(SketchRecords.encodeCompact(vector), layout: .compact) == vector)
        let wide = TermVector(terms: [3, 9], weights: [0.123_456_789_012, 1.0 / 3.0])
        #expect(SketchRecords.decodeTerms(wide.encoded, layout: .wide) == wide)
    }

    /// A store holding a row of the wide layout (full 64-bit signature values, `Double`
    /// weights), as an older feedmerge wrote it: after a restart its window reads the row,
    /// and a copy of its text arriving from another source is found by the near-duplicate
    /// tier, with every slot agreeing.
    @Test func aRowOfTheWideLayoutStillMatchesANewCopy() throws {
        let temp = try TemporaryDatabase()
        let text = (0..<12).map { paragraph in
            (0..<20).map { "word\(($0 * 7 + paragraph * 13) % 97)" }.joined(separator: " ")
                + " the harbour council met on day \(paragraph) to discuss the storm repairs."
        }.joined(separator: "\n")
        func entry(_ id: String) -> SketchedEntry {
            SketchedEntry(
                IncomingEntry(externalID: id, url: nil, canonicalURL: nil, title: "Harbour repairs", text: text, published: now),
                clusterer: clusterer)
        }
        do {
            let store = try Store(path: temp.path)
            let original = try store.sourceID(named: "original")
            _ = try store.commit(sourceID: original, entries: [entry("1")], state: nil, clusterer: clusterer, now: now)
            try store.withDatabase { db in
                let row = try #require(try db.statement("SELECT entry_id, minhash, fingerprints, terms FROM entry_sketch")
                    .firstRow { ($0.int64(0), $0.blob(1), $0.blob(2), $0.blob(3)) })
                #expect(row.1.count == 128 * 4)
                var generator = SystemRandomNumberGenerator()
                let minhash = SketchRecords.decodeMinhash(row.1, layout: .compact).map {
                    $0 | UInt64.random(in: 1...UInt64(UInt32.max), using: &generator) << 32
                }
                let fingerprints = SketchRecords.decodeFingerprints(row.2, layout: .compact)
                #expect(!fingerprints.isEmpty)
                let terms = SketchRecords.decodeTerms(row.3, layout: .compact)
                try db.statement("UPDATE entry_sketch SET minhash = ?, fingerprints = ?, terms = ?, layout = 1 WHERE entry_id = ?")
                    .run([SketchRecords.encode(minhash), SketchRecords.encode(fingerprints), terms.encoded, row.0])
            }
        }
        let store = try Store(path: temp.path)
        let copy = try store.sourceID(named: "copy")
        let results = try store.commit(sourceID: copy, entries: [entry("a")], state: nil, clusterer: clusterer, now: now)
        guard case .added(let entryID, _, let tier) = results.first else {
            Issue.record("expected an added entry, got \(results)")
            return
        }
        #expect(tier == "near-duplicate")
        #expect(try store.stories(since: nil, limit: nil).count == 1)
        let score = try store.withDatabase { db in
            try db.statement("SELECT score FROM entry WHERE id = ?").firstRow([entryID]) { $0.double(0) }
        }
        #expect(score == 1)
    }
}
