import Foundation
import Testing
import Clustering
import FeedModel
@testable import FeedStore

@Suite struct StoreMaintenanceTests {
    let clusterer = Clusterer()
    let day: TimeInterval = 86400
    let start = Date(timeIntervalSince1970: 1_718_700_000)

    func add(_ store: Store, source: String, id: String, title: String, text: String, at time: Date, url: String? = nil) throws {
        let sourceID = try store.sourceID(named: source)
        let entry = IncomingEntry(externalID: id, url: url, canonicalURL: url, title: title, text: text, published: time)
        _ = try store.commit(
            sourceID: sourceID, entries: [SketchedEntry(entry, clusterer: clusterer)], state: nil, clusterer: clusterer, now: time)
    }

    @Test func migrationsUpgradeADatabaseFromThePreviousSchema() throws {
        let temp = try TemporaryDatabase()
        do {
            // A database as the previous release left it: every migration but the newest.
            let database = try Database(path: temp.path, readOnly: false)
            try Migrations.migrate(database, now: 0, migrations: Array(Migrations.all.dropLast()))
            try database.execute("""
                INSERT INTO source (name, url, kind, interval) VALUES ('old', 'https://old.example/feed', 'feed', 600);
                INSERT INTO story (headline, created_at, updated_at) VALUES ('Old story', 1, 1);
                INSERT INTO copy_group (story_id) VALUES (1);
                INSERT INTO entry (source_id, external_id, title, first_seen_at, updated_at, story_id, copy_group_id, tier, score)
                    VALUES (1, 'e1', 'Old story', 1, 1, 1, 1, 'new-story', 0);
                INSERT INTO entry_version (entry_id, version, fetched_at, title, text, content_hash) VALUES (1, 1, 1, 'Old story', 'Text.', 7);
                """)
        }
        let store = try Store(path: temp.path)
        #expect(try store.appliedMigrations() == Migrations.all.map(\.name))
        let story = try #require(try store.story(1))
        #expect(story.headline == "Old story")
        #expect(story.members.map(\.externalID) == ["e1"])
        #expect(story.prunedEntries == 0)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func pruneRemovesOldEntriesAndKeepsStorySummaries() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        // Two sources carry one story 40 days ago; a third story is recent.
        try add(store, source: "paper", id: "a", title: "Harbour reopens", text: "The harbour reopened after the winter storm damaged the northern pier.", at: start, url: "https://paper.example/harbour")
        try add(store, source: "wire", id: "b", title: "Harbour reopens", text: "Short wire item.", at: start.addingTimeInterval(60), url: "https://paper.example/harbour")
        try add(store, source: "paper", id: "c", title: "Tram approved", text: "Councillors approved the tram line to the eastern docks.", at: start.addingTimeInterval(40 * day))
        let before = try store.fileStatistics()
        #expect(before.entries == 3)

        let report = try store.prune(before: start.addingTimeInterval(30 * day), batchSize: 1)
        #expect(report.entries == 2)
        #expect(report.versions == 2)
        #expect(report.stories == 1)
        #expect(try store.entryCount() == 1)

        let stories = try store.stories(since: nil, limit: nil)
        #expect(stories.count == 2)
        let kept = try #require(stories.first { $0.headline == "Harbour reopens" })
        #expect(kept.members.isEmpty)
        #expect(kept.prunedEntries == 2)
        #expect(Set(kept.sourceNames) == ["paper", "wire"])
        #expect(kept.summary?.hasPrefix("The harbour reopened") == true)
        #expect(try store.integrityCheck() == "ok")

        // Nothing left behind in the index for the removed entries.
        let orphans = try store.withDatabase { db in
            try db.statement("""
                SELECT (SELECT COUNT(*) FROM entry_sketch WHERE entry_id NOT IN (SELECT id FROM entry))
                     + (SELECT COUNT(*) FROM copy_group WHERE id NOT IN (SELECT copy_group_id FROM entry))
                """).firstRow { $0.int(0) }
        }
        #expect(orphans == 0)
    }

    /// A database migrated up to (not including) `migration`, holding one entry of one story
    /// updated at `entryTime`.
    static func databaseBefore(_ migration: String, path: String, entryTime: Double) throws -> Database {
        let upgrade = try #require(Migrations.all.firstIndex { $0.name == migration })
        let database = try Database(path: path, readOnly: false)
        try Migrations.migrate(database, now: 0, migrations: Array(Migrations.all[..<upgrade]))
        try database.statement("INSERT INTO source (name, url, kind, interval) VALUES ('old', 'https://old.example/feed', 'feed', 600)").run()
        try database.statement("INSERT INTO story (headline, created_at, updated_at) VALUES ('Old story', 1, ?)").run([entryTime])
        try database.statement("INSERT INTO copy_group (story_id) VALUES (1)").run()
        try database.statement("""
            INSERT INTO entry (source_id, external_id, title, first_seen_at, updated_at, story_id, copy_group_id, tier, score)
            VALUES (1, 'e1', 'Old story', ?1, ?1, 1, 1, 'new-story', 0)
            """).run([entryTime])
        return database
    }

    @Test func theClusterIndexMovesIntoSketchRowsOnUpgrade() throws {
        let temp = try TemporaryDatabase()
        do {
            // A database with the per-key index tables: one entry with two fingerprints.
            let database = try Self.databaseBefore("clusterIndexInMemory", path: temp.path, entryTime: 1)
            try database.execute("""
                INSERT INTO entry_sketch (entry_id, token_count, minhash) VALUES (1, 40, x'');
                INSERT INTO fingerprint (hash, entry_id, position) VALUES (77, 1, 9), (-5, 1, 3);
                INSERT INTO lsh_band (band_key, entry_id) VALUES (5, 1);
                """)
        }
        let store = try Store(path: temp.path)
        let blob = try store.withDatabase { db in
            try db.statement("SELECT fingerprints FROM entry_sketch WHERE entry_id = 1").firstRow { $0.blob(0) }
        }
        #expect(SketchRecords.decodeFingerprints(try #require(blob)) == [
            Fingerprint(hash: UInt64(bitPattern: -5), position: 3), Fingerprint(hash: 77, position: 9),
        ])
        let tables = try store.withDatabase { db in
            try db.statement("SELECT name FROM sqlite_master WHERE name IN ('fingerprint', 'lsh_band', 'story_term')").rows { $0.string(0) }
        }
        #expect(tables.isEmpty)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func signaturesOfTheFormerMinHashSchemeLeaveTheWindow() throws {
        let temp = try TemporaryDatabase()
        do {
            let database = try Self.databaseBefore("minhashScheme", path: temp.path, entryTime: start.timeIntervalSince1970)
            try database.execute("""
                INSERT INTO entry_sketch (entry_id, token_count, minhash) VALUES (1, 40, x'0102030405060708');
                """)
        }
        let store = try Store(path: temp.path)
        try add(store, source: "new", id: "n1", title: "Fresh", text: "Something else entirely happened today.", at: start)
        let (minhash, scheme) = try store.withDatabase { db in
            (try db.statement("SELECT length(minhash) FROM entry_sketch WHERE entry_id = 1").firstRow { $0.int(0) },
             try db.statement("SELECT value FROM cluster_counter WHERE name = 'minhash_scheme'").firstRow { $0.int(0) })
        }
        #expect(minhash == 0)
        #expect(scheme == MinHasher.scheme)
    }

    @Test func aNewVersionKeepsAnOldEntryAlive() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        try add(store, source: "live", id: "page", title: "Live", text: "Morning: the summit opens in the capital.", at: start)
        try add(store, source: "live", id: "page", title: "Live", text: "Morning: the summit opens in the capital. Evening: a joint statement.", at: start.addingTimeInterval(35 * day))
        let report = try store.prune(before: start.addingTimeInterval(30 * day))
        #expect(report.entries == 0)
        #expect(try store.entryCount() == 1)
    }

    @Test func pruningGivesPagesBackToTheFileSystem() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let mode = try store.withDatabase { db in try db.statement("PRAGMA auto_vacuum").firstRow { $0.int(0) } }
        #expect(mode == 2)
        for index in 0..<300 {
            let words = (0..<200).map { "w\(index)x\($0)" }.joined(separator: " ")
            try add(store, source: "bulk", id: "e\(index)", title: "Item \(index)", text: words, at: start)
        }
        let pagesBefore = try store.withDatabase { db in try db.statement("PRAGMA page_count").firstRow { $0.int(0) } ?? 0 }
        let report = try store.prune(before: start.addingTimeInterval(day))
        #expect(report.entries == 300)
        #expect(report.freedPages > 0)
        let pagesAfter = try store.withDatabase { db in try db.statement("PRAGMA page_count").firstRow { $0.int(0) } ?? 0 }
        #expect(pagesAfter < pagesBefore / 2)
        // The pruned entries left the in-memory index too: the same text again is a new story.
        let words = (0..<200).map { "w0x\($0)" }.joined(separator: " ")
        let sourceID = try store.sourceID(named: "bulk")
        let again = IncomingEntry(externalID: "again", url: nil, canonicalURL: nil, title: "Item 0", text: words, published: start)
        let results = try store.commit(
            sourceID: sourceID, entries: [SketchedEntry(again, clusterer: clusterer)], state: nil, clusterer: clusterer,
            now: start.addingTimeInterval(2 * day))
        guard case .added(_, _, let tier)? = results.first else {
            Issue.record("not added: \(results)")
            return
        }
        #expect(tier == "new-story")
    }

    @Test func backupCopiesEverythingWhileAWriterIsOpen() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        try add(store, source: "paper", id: "a", title: "Harbour reopens", text: "The harbour reopened after the storm.", at: start)
        let reader = try Store(path: temp.path, readOnly: true)
        let copy = temp.folder.appendingPathComponent("copy.sqlite").path
        try reader.backup(to: copy)
        // The writer keeps going while the copy is made and afterwards.
        try add(store, source: "paper", id: "b", title: "Tram approved", text: "Councillors approved the tram line.", at: start)
        let restored = try Store(path: copy, readOnly: true)
        #expect(try restored.entryCount() == 1)
        #expect(try restored.integrityCheck() == "ok")
        #expect(try restored.stories(since: nil, limit: nil).map(\.headline) == ["Harbour reopens"])
        #expect(throws: SQLiteError.self) { try reader.backup(to: copy) }
    }
}
