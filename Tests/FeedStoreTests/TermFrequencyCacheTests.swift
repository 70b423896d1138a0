import Foundation
import Testing
@testable import FeedStore

/// Document frequencies: counted in memory, persisted as a log of per-transaction rows and
/// snapshot chunks, read back the same.
@Suite struct TermFrequencyCacheTests {
    /// Counts `documents` (each a list of distinct terms), one transaction each.
    func count(_ documents: [[UInt64]], cache: TermFrequencyCache, db: Database) throws {
        for terms in documents {
            try db.transaction {
                _ = try cache.count(terms, db: db)
                try cache.flush(db: db)
            }
        }
    }

    @Test func frequenciesSurviveTheLogItsCompactionAndAReload() throws {
        let temp = try TemporaryDatabase()
        let database = try Database(path: temp.path, readOnly: false)
        try Migrations.migrate(database, now: 0)
        let cache = TermFrequencyCache(compactAfter: 3)
        let big: UInt64 = 0xF000_0000_0000_0001  // another snapshot chunk than the small terms
        let documents: [[UInt64]] = [[1, 2], [2, 3], [2, big], [1], [3, big], [2]]
        try count(documents, cache: cache, db: database)
        let rows = { (table: String) in
            try database.statement("SELECT COUNT(*) FROM \(table)").firstRow { $0.int(0) } ?? -1
        }
        // Three log rows, then a snapshot (two chunks), then the log again.
        #expect(try rows("term_df_chunk") == 2)
        #expect(try rows("term_df_delta") == 2)
        let expected = [2, 4, 2, 2, 0]  // 99 was never counted
        #expect(try cache.frequencies([1, 2, 3, big, 99], db: database).frequency == expected)
        // A new cache (a restart) reads the same from the snapshot and the log.
        let reloaded = TermFrequencyCache(compactAfter: 3)
        let read = try reloaded.frequencies([1, 2, 3, big, 99], db: database)
        #expect(read.frequency == expected)
        #expect(read.documents == documents.count)
    }

    @Test func aRolledBackTransactionCountsNothing() throws {
        let temp = try TemporaryDatabase()
        let database = try Database(path: temp.path, readOnly: false)
        try Migrations.migrate(database, now: 0)
        let cache = TermFrequencyCache()
        try count([[7, 8]], cache: cache, db: database)
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try database.transaction {
                _ = try cache.count([7], db: database)
                try cache.flush(db: database)
                throw Failure()
            }
        }
        cache.discard()
        #expect(try cache.frequencies([7, 8], db: database).frequency == [1, 1])
    }

    @Test func anOlderDatabaseKeepsItsFrequencies() throws {
        let temp = try TemporaryDatabase()
        let database = try Database(path: temp.path, readOnly: false)
        let upgrade = try #require(Migrations.all.firstIndex { $0.name == "documentFrequencyLog" })
        try Migrations.migrate(database, now: 0, migrations: Array(Migrations.all[..<upgrade]))
        try database.execute("INSERT INTO term_df (term, df) VALUES (5, 3), (-2, 9), (6, 0)")
        try Migrations.migrate(database, now: 0)
        let cache = TermFrequencyCache()
        #expect(try cache.frequencies([5, UInt64(bitPattern: -2), 6], db: database).frequency == [3, 9, 0])
        #expect(try database.statement("SELECT COUNT(*) FROM sqlite_master WHERE name = 'term_df'").firstRow { $0.int(0) } == 0)
    }
}
