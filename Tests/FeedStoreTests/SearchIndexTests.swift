import Foundation
import Testing
import Clustering
import FeedModel
@testable import FeedStore

/// The search index lives in a file of its own, written by a thread of its own; the store's
/// outbox makes it catch up with whatever it missed, and a file that cannot catch up is built
/// again from the entries.
@Suite struct SearchIndexTests {
    let clusterer = Clusterer()
    let now = Date(timeIntervalSince1970: 1_718_700_000)

    func entry(_ id: String, _ title: String, _ text: String) -> SketchedEntry {
        let entry = IncomingEntry(
            externalID: id, url: "https://paper.example/\(id)", canonicalURL: nil, title: title, text: text, published: now)
        return SketchedEntry(entry, clusterer: clusterer)
    }

    /// Stores `entries` in one transaction, then waits for the index to apply them.
    func add(_ store: Store, _ entries: [SketchedEntry]) throws {
        let source = try store.sourceID(named: "paper")
        _ = try store.commit(sourceID: source, entries: entries, state: nil, clusterer: clusterer, now: now)
        store.searchIndex?.drain()
    }

    func add(_ store: Store, _ id: String, _ title: String, _ text: String) throws {
        try add(store, [entry(id, title, text)])
    }

    func titles(_ store: Store, _ query: String) throws -> [String] {
        try store.search(SearchQuery(query)).map(\.title).sorted()
    }

    func counts(_ store: Store, _ words: [String]) throws -> [Int] {
        try words.map { try titles(store, $0).count }
    }

    var fileManager: FileManager { .default }

    /// Copies the index file (after its writer closed it, so it is whole without its WAL).
    func saveIndex(_ temp: TemporaryDatabase, as name: String) throws -> String {
        let copy = temp.folder.appendingPathComponent(name).path
        try fileManager.copyItem(atPath: SearchIndex.path(forStore: temp.path), toPath: copy)
        return copy
    }

    func restoreIndex(_ temp: TemporaryDatabase, from copy: String) throws {
        let index = SearchIndex.path(forStore: temp.path)
        for suffix in ["", "-wal", "-shm"] { try? fileManager.removeItem(atPath: index + suffix) }
        try fileManager.copyItem(atPath: copy, toPath: index)
    }

    func indexedRows(_ temp: TemporaryDatabase) throws -> Int {
        let index = try Database(path: SearchIndex.path(forStore: temp.path), readOnly: true)
        return try index.statement("SELECT COUNT(*) FROM entry_fts").firstRow { $0.int(0) } ?? -1
    }

    @Test func theIndexIsAFileOfItsOwnAndTheStoreKeepsNoIndexRows() throws {
        let temp = try TemporaryDatabase()
        do {
            let store = try Store(path: temp.path)
            try add(store, "tram", "Tram extension approved", "Councillors approved the tram line to the eastern docks.")
            #expect(try titles(store, "tram") == ["Tram extension approved"])
        }
        #expect(fileManager.fileExists(atPath: temp.path + "-search"))
        #expect(try indexedRows(temp) == 1)
        let main = try Database(path: temp.path, readOnly: true)
        #expect(try main.statement("SELECT COUNT(*) FROM sqlite_master WHERE name = 'entry_fts'").firstRow { $0.int(0) } == 0)
        // Applied outbox rows leave the store at its next write.
        let store = try Store(path: temp.path)
        try add(store, "comet", "Comet found", "Two amateur astronomers spotted a faint comet.")
        let outbox = try main.statement("SELECT COUNT(*) FROM search_outbox").firstRow { $0.int(0) } ?? -1
        #expect(outbox == 1)
    }

    /// The index's FTS5 settings (`hashsize`, `automerge`, and `pgsz` on the 16 KiB pages of
    /// a new file) are set in a new file and put back in an existing file that lacks them
    /// (an index made by an earlier version).
    @Test func theIndexKeepsItsMergeSettings() throws {
        let temp = try TemporaryDatabase()
        func settings() throws -> [String: Int64] {
            let index = try Database(path: SearchIndex.path(forStore: temp.path), readOnly: true)
            return Dictionary(uniqueKeysWithValues: try index.statement(
                "SELECT k, v FROM entry_fts_config WHERE k IN ('hashsize', 'automerge', 'pgsz')"
            ).rows { ($0.string(0), $0.int64(1)) })
        }
        let expected = [
            "hashsize": Int64(SearchIndex.pendingTermBytes), "automerge": Int64(SearchIndex.automergeSegments),
            "pgsz": Int64(SearchIndex.leafBytes),
        ]
        do {
            let store = try Store(path: temp.path)
            try add(store, "tram", "Tram extension approved", "Councillors approved the tram line to the eastern docks.")
        }
        #expect(try settings() == expected)
        let pageSize = try Database(path: SearchIndex.path(forStore: temp.path), readOnly: true)
            .statement("PRAGMA page_size").firstRow { $0.int(0) }
        #expect(pageSize == SearchIndex.pageSize)
        do {
            let index = try Database(path: SearchIndex.path(forStore: temp.path), readOnly: false)
            try index.execute("DELETE FROM entry_fts_config WHERE k IN ('hashsize', 'automerge', 'pgsz')")
        }
        #expect(try settings().isEmpty)
        do {
            let store = try Store(path: temp.path)
            #expect(try titles(store, "tram") == ["Tram extension approved"])
        }
        #expect(try settings() == expected)
    }

    /// An index file of 4 KiB pages (made by an earlier version) keeps FTS5's default leaf
    /// size: a 16,000-byte leaf would not fit its pages.
    @Test func anIndexOnSmallPagesKeepsTheDefaultLeafSize() throws {
        let temp = try TemporaryDatabase()
        do {
            let store = try Store(path: temp.path)
            try add(store, "tram", "Tram extension approved", "Councillors approved the tram line to the eastern docks.")
        }
        do {
            // The same index rebuilt on 4 KiB pages, its store identity kept.
            let index = try Database(path: SearchIndex.path(forStore: temp.path), readOnly: false)
            try index.execute("DELETE FROM entry_fts_config WHERE k = 'pgsz'")
            try index.execute("PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM")
        }
        do {
            let store = try Store(path: temp.path)
            try add(store, "comet", "Comet found", "Two amateur astronomers spotted a faint comet.")
            #expect(try titles(store, "comet") == ["Comet found"])
            #expect(try titles(store, "tram") == ["Tram extension approved"])
        }
        let index = try Database(path: SearchIndex.path(forStore: temp.path), readOnly: true)
        #expect(try index.statement("PRAGMA page_size").firstRow { $0.int(0) } == 4096)
        #expect(try index.statement("SELECT v FROM entry_fts_config WHERE k = 'pgsz'").firstRow { $0.int64(0) } == nil)
    }

    /// A crash after the store's commit and before the index wrote the entries: the outbox
    /// still holds them, and the next open applies them.
    @Test func entriesTheIndexMissedAreCaughtUpFromTheOutbox() throws {
        let temp = try TemporaryDatabase()
        do {
            let store = try Store(path: temp.path)
            try add(store, "tram", "Tram extension approved", "Councillors approved the tram line to the eastern docks.")
        }
        let before = try saveIndex(temp, as: "index-before")
        do {
            // One transaction: the store still holds both outbox rows when the old index returns.
            let store = try Store(path: temp.path)
            try add(store, [
                entry("comet", "Comet found near the Pole Star", "Two amateur astronomers spotted a faint comet."),
                entry("tram", "Tram extension approved", "The tram line will now also reach the observatory."),
            ])
        }
        try restoreIndex(temp, from: before)
        let reopened = try Store(path: temp.path)
        #expect(try titles(reopened, "comet") == ["Comet found near the Pole Star"])
        #expect(try titles(reopened, "observatory") == ["Tram extension approved"])
        #expect(try titles(reopened, "docks").isEmpty)  // the new version replaced the old text
        #expect(try indexedRows(temp) == 2)
        #expect(reopened.searchIndex?.lastError == nil)
    }

    /// Batches committed while the index gathers are applied together, in one transaction
    /// (each FTS5 transaction writes a segment that must be merged later). Until then the
    /// index's file does not have them; a search by the writer's process applies them first.
    @Test func batchesCommittedTogetherAreAppliedInOneTransaction() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(
            path: temp.path, readOnly: false, checkpointPages: 8192,
            searchPendingBytes: SearchIndex.defaultPendingBytes, searchGatherSeconds: 3600)
        let index = try #require(store.searchIndex)
        index.drain()
        let before = index.transactions
        let source = try store.sourceID(named: "paper")
        let words = ["comet", "tram", "harbour", "ferry"]
        for word in words {
            let text = "Reporters covered the \(word) story all afternoon."
            _ = try store.commit(
                sourceID: source, entries: [entry(word, "\(word) news", text)], state: nil, clusterer: clusterer, now: now)
        }
        #expect(try indexedRows(temp) == 0)
        #expect(index.behind == 4)
        #expect(try counts(store, words) == [1, 1, 1, 1])
        #expect(index.transactions == before + 1)
        #expect(index.behind == 0)
        #expect(try indexedRows(temp) == 4)
    }

    /// What the daemon and the writing commands call before they exit: the index's file gets
    /// every waiting batch, while the store is still referenced (its last reference can be
    /// dropped on another thread after the process has exited, so closing is not enough).
    @Test func finishingPendingWorkAppliesWhatWaitsWithoutClosing() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(
            path: temp.path, readOnly: false, checkpointPages: 8192,
            searchPendingBytes: SearchIndex.defaultPendingBytes, searchGatherSeconds: 3600)
        let source = try store.sourceID(named: "paper")
        // The index's opening catch-up runs in the background and reads whatever the outbox
        // holds by then: let it finish first, or it may apply these commits itself.
        store.searchIndex?.drain()
        for word in ["comet", "tram", "harbour"] {
            _ = try store.commit(
                sourceID: source, entries: [entry(word, "\(word) news", "Reporters covered the \(word) story.")],
                state: nil, clusterer: clusterer, now: now)
        }
        #expect(try indexedRows(temp) == 0)
        store.finishPendingWork()
        #expect(try indexedRows(temp) == 3)
        let reader = try Store(path: temp.path, readOnly: true)
        #expect(try titles(reader, "harbour") == ["harbour news"])
        #expect(store.framesCheckpointedInBackground > 0)
    }

    /// Under load (texts waiting past the byte limit; here every batch) the index reads the
    /// entries' texts from the store's file instead of holding them in memory.
    @Test func batchesHandedWithoutTheirTextsAreReadFromTheStore() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path, readOnly: false, checkpointPages: 8192, searchPendingBytes: 0)
        try add(store, "tram", "Tram extension approved", "Councillors approved the tram line to the eastern docks.")
        try add(store, [
            entry("comet", "Comet found near the Pole Star", "Two amateur astronomers spotted a faint comet."),
            entry("tram", "Tram extension approved", "The tram line will now also reach the observatory."),
        ])
        #expect(try counts(store, ["comet", "observatory", "docks"]) == [1, 1, 0])
        #expect(try indexedRows(temp) == 2)
    }

    /// A write the index cannot make (its file full) is reported once and loses nothing:
    /// the changes wait in the outbox, and the next write that succeeds applies them all.
    @Test func aFailedIndexWriteIsReportedAndCaughtUpLater() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        try add(store, "tram", "Tram extension approved", "Councillors approved the tram line to the eastern docks.")
        #expect(store.searchIndexStatus == SearchIndexStatus(behind: 0, lastError: nil))
        let full = try Database(path: SearchIndex.path(forStore: temp.path), readOnly: true)
        let pages = try full.statement("PRAGMA page_count").firstRow { $0.int(0) } ?? 0
        store.searchIndex?.limitPages(pages)
        try add(store, "comet", "Comet found near the Pole Star", String(repeating: "Two amateur astronomers spotted a faint comet. ", count: 400))
        #expect(store.searchIndexStatus.behind == 1)
        #expect(store.searchIndexStatus.lastError?.contains("full") == true)
        #expect(store.takeSearchIndexFailure() != nil)
        #expect(store.takeSearchIndexFailure() == nil)  // once
        #expect(try titles(store, "comet").isEmpty)

        store.searchIndex?.limitPages(1_000_000)
        try add(store, "reef", "Divers map a coral reef", "A cold-water coral reef was mapped by volunteer divers.")
        #expect(try counts(store, ["comet", "coral", "tram"]) == [1, 1, 1])
        #expect(store.searchIndexStatus == SearchIndexStatus(behind: 0, lastError: nil))
    }

    @Test func aMissingIndexIsBuiltAgainFromTheEntries() throws {
        let temp = try TemporaryDatabase()
        do {
            let store = try Store(path: temp.path)
            try add(store, "tram", "Tram extension approved", "Councillors approved the tram line to the eastern docks.")
            try add(store, "reef", "Divers map a coral reef", "A cold-water coral reef was mapped by volunteer divers.")
        }
        for suffix in ["", "-wal", "-shm"] { try? fileManager.removeItem(atPath: temp.path + "-search" + suffix) }
        let reader = try Store(path: temp.path, readOnly: true)
        #expect(throws: SQLiteError.self) { try reader.search(SearchQuery("tram")) }
        let store = try Store(path: temp.path)
        #expect(try titles(store, "coral") == ["Divers map a coral reef"])
        try add(store, "comet", "Comet found", "Two amateur astronomers spotted a faint comet.")
        #expect(try titles(store, "comet") == ["Comet found"])
        #expect(try titles(store, "tram") == ["Tram extension approved"])
        #expect(try indexedRows(temp) == 3)
    }

    /// An index that is behind rows the store has already deleted from its outbox (an old
    /// copy put back), or that belongs to another store, cannot catch up: it is built again.
    @Test func anIndexThatCannotCatchUpOrIsAnotherStoresIsBuiltAgain() throws {
        let temp = try TemporaryDatabase()
        let other = try TemporaryDatabase()
        do {
            let store = try Store(path: other.path)
            try add(store, "stranger", "Stranger things", "An entry of another store entirely.")
        }
        do {
            let store = try Store(path: temp.path)
            try add(store, "tram", "Tram extension approved", "Councillors approved the tram line to the eastern docks.")
        }
        let old = try saveIndex(temp, as: "index-old")
        do {
            let store = try Store(path: temp.path)
            try add(store, "comet", "Comet found", "Two amateur astronomers spotted a faint comet.")
            try add(store, "reef", "Divers map a coral reef", "A cold-water coral reef was mapped by volunteer divers.")
            try add(store, "ferry", "Ferry strike ends", "Ferry crews returned to work after a week.")
        }
        try restoreIndex(temp, from: old)
        do {
            let store = try Store(path: temp.path)
            #expect(try counts(store, ["comet", "coral", "ferry", "tram"]) == [1, 1, 1, 1])
        }
        try restoreIndex(temp, from: SearchIndex.path(forStore: other.path))
        let store = try Store(path: temp.path)
        #expect(try titles(store, "stranger").isEmpty)
        #expect(try counts(store, ["comet", "coral", "ferry", "tram"]) == [1, 1, 1, 1])
        #expect(try indexedRows(temp) == 4)
    }
}
