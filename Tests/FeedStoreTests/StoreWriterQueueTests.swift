import Foundation
import Testing
import Clustering
import FeedModel
@testable import FeedStore

@Suite struct StoreWriterQueueTests {
    struct Refused: Error {}

    /// Inserts source `name` in its own transaction, then throws if `fail`.
    static func insert(_ name: String, fail: Bool, into store: Store) throws -> Int64 {
        try store.withDatabase { db in
            try db.transaction {
                try db.statement("INSERT INTO source (name, url, kind, interval, next_poll_at) VALUES (?, '', 'import', 0, 0)").run([name])
                if fail { throw Refused() }
                return db.lastInsertRowID
            }
        }
    }

    @Test func aFailingWriteInAGroupUndoesOnlyItself() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let kept = try store.inOneTransaction {
            let first = try Self.insert("first", fail: false, into: store)
            #expect(throws: Refused.self) { try Self.insert("refused", fail: true, into: store) }
            let last = try Self.insert("last", fail: false, into: store)
            return [first, last]
        }
        #expect(kept.count == 2)
        #expect(try store.sources().map(\.name) == ["first", "last"])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func aRolledBackCommitInAGroupLeavesNothingInTheSearchIndex() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let clusterer = Clusterer()
        let source = try store.sourceID(named: "wire")
        func sketched(_ id: String, _ word: String) -> SketchedEntry {
            SketchedEntry(
                IncomingEntry(externalID: id, url: nil, canonicalURL: nil, title: "\(word) news", text: "All about \(word) today.", published: nil),
                clusterer: clusterer)
        }
        let now = Date(timeIntervalSince1970: 1_772_000_000)
        try store.inOneTransaction {
            _ = try store.commit(sourceID: source, entries: [sketched("a", "alpha")], state: nil, clusterer: clusterer, now: now)
            // Bravo is stored, then the unknown source of the next group fails the whole commit.
            #expect(throws: SQLiteError.self) {
                _ = try store.commit(
                    groups: [(source, [sketched("b", "bravo")]), (9_999, [sketched("c", "charlie")])],
                    clusterer: clusterer, now: now)
            }
            _ = try store.commit(sourceID: source, entries: [sketched("d", "delta")], state: nil, clusterer: clusterer, now: now)
        }
        #expect(try store.search(SearchQuery("alpha")).map(\.title) == ["alpha news"])
        #expect(try store.search(SearchQuery("bravo")).isEmpty)
        #expect(try store.search(SearchQuery("delta")).map(\.title) == ["delta news"])
    }

    @Test func concurrentWritesAllLandAndEachGetsItsOwnResult() async throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let writer = StoreWriterQueue(store: store, maxGroup: 4)
        let outcomes = await withTaskGroup(of: (Int, Result<Int64, any Error>).self) { group in
            for index in 0..<40 {
                group.addTask {
                    do {
                        let id = try await writer.run { store in try Self.insert("s\(index)", fail: index % 10 == 3, into: store) }
                        return (index, .success(id))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var all: [Int: Result<Int64, any Error>] = [:]
            for await (index, outcome) in group { all[index] = outcome }
            return all
        }
        let failed = outcomes.filter { if case .failure = $0.value { return true } else { return false } }.keys.sorted()
        #expect(failed == [3, 13, 23, 33])
        let stored = Set(try store.sources().map(\.name))
        #expect(stored == Set((0..<40).filter { $0 % 10 != 3 }.map { "s\($0)" }))
        #expect(try store.integrityCheck() == "ok")
    }
}
