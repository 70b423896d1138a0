import Foundation
import Testing
import Clustering
import FeedModel
@testable import FeedStore

/// A fresh database file in a temporary folder, removed afterwards.
final class TemporaryDatabase {
    let folder: URL
    var path: String { folder.appendingPathComponent("feedmerge.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

@Suite struct StoreTests {
    @Test func ingestResultsAreTalliedByKind() {
        let results: [IngestResult] = [
            .added(entryID: 1, storyID: 1, tier: "new"), .unchanged(entryID: 2), .newVersion(entryID: 3, storyID: 1, version: 2),
            .added(entryID: 4, storyID: 2, tier: "new"), .unchanged(entryID: 5), .unchanged(entryID: 6),
        ]
        let tally = IngestResult.tally(results)
        #expect(tally.added == 2 && tally.versions == 1 && tally.unchanged == 3)
        #expect(IngestResult.tally([]) == (0, 0, 0))
    }

    let clusterer = Clusterer()
    let now = Date(timeIntervalSince1970: 1_718_700_000)

    func entry(_ id: String, _ title: String, _ text: String, url: String? = nil) -> IncomingEntry {
        IncomingEntry(externalID: id, url: url, canonicalURL: url.flatMap(CanonicalURL.article), title: title, text: text, published: now)
    }

    func commit(_ store: Store, source: Int64, _ entries: [IncomingEntry]) throws -> [IngestResult] {
        try store.commit(
            sourceID: source, entries: entries.map { SketchedEntry($0, clusterer: clusterer) }, state: nil,
            clusterer: clusterer, now: now)
    }

    /// SQLite's memory statistics are off before any connection opens (their lock is taken
    /// by every allocation on every thread).
    @Test func sqliteKeepsNoMemoryStatistics() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        _ = try commit(store, source: try store.sourceID(named: "a"), [entry("1", "Harbour reopens", "The harbour reopened.")])
        #expect(!Database.keepsMemoryStatistics)
    }

    @Test func migrationsReplayOnAnEmptyDatabaseOnce() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        #expect(try store.appliedMigrations() == Migrations.all.map(\.name))
        #expect(try store.integrityCheck() == "ok")
        let reopened = try Store(path: temp.path)
        #expect(try reopened.appliedMigrations() == Migrations.all.map(\.name))
    }

    @Test func migrationsAreAppendOnlyAndUniquelyNamed() {
        let names = Migrations.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.first == "createSources")
    }

    @Test func readOnlyStoreNeedsAnExistingFileAndCannotWrite() throws {
        let temp = try TemporaryDatabase()
        #expect(throws: SQLiteError.self) { try Store(path: temp.path, readOnly: true) }
        _ = try Store(path: temp.path)
        let reader = try Store(path: temp.path, readOnly: true)
        #expect(throws: SQLiteError.self) { try reader.sourceID(named: "new") }
    }

    @Test func syncSourcesInsertsAndUpdatesByName() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        try store.syncSources([Source(name: "a", url: "https://a.example/feed", kind: .feed, interval: 600)], now: now)
        try store.syncSources([
            Source(name: "a", url: "https://a.example/feed2", kind: .feed, interval: 300),
            Source(name: "b", url: "https://b.example/page", kind: .page, interval: 60),
        ], now: now)
        let sources = try store.sources()
        #expect(sources.map(\.name) == ["a", "b"])
        #expect(sources[0].url == "https://a.example/feed2")
        #expect(sources[0].interval == 300)
        #expect(sources[1].kind == "page")
        #expect(sources[1].nextPollAt == now)
    }

    @Test func theLastBodyReadIsKeptThroughFailuresAndForgottenWithTheURL() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let source = Source(name: "a", url: "https://a.example/feed", kind: .feed, interval: 600)
        try store.syncSources([source], now: now)
        let id = try #require(try store.sources().first?.id)
        var read = FetchStateUpdate(fetchedAt: now, status: 200, error: nil, nextPollAt: now)
        read.bodyHash = 42
        read.ttlMinutes = 30
        try store.recordFetch(sourceID: id, state: read)
        // A 304 and a failure keep what the last body said; a body without a ttl clears it.
        try store.recordFetch(sourceID: id, state: FetchStateUpdate(fetchedAt: now, status: 304, error: nil, nextPollAt: now))
        var failed = FetchStateUpdate(fetchedAt: now, status: 200, error: "parse failed", nextPollAt: now)
        failed.bodyHash = 7
        try store.recordFetch(sourceID: id, state: failed)
        var state = try #require(try store.sources().first)
        #expect(state.bodyHash == 42)
        #expect(state.ttlMinutes == 30)
        var another = FetchStateUpdate(fetchedAt: now, status: 200, error: nil, nextPollAt: now)
        another.bodyHash = 43
        try store.recordFetch(sourceID: id, state: another)
        state = try #require(try store.sources().first)
        #expect(state.bodyHash == 43)
        #expect(state.ttlMinutes == nil)
        // Same URL and kind: kept; another URL, or another kind: forgotten.
        try store.syncSources([source], now: now)
        #expect(try store.sources().first?.bodyHash == 43)
        var page = source
        page.kind = .page
        try store.syncSources([page], now: now)
        #expect(try store.sources().first?.bodyHash == nil)
        try store.recordFetch(sourceID: id, state: another)
        var moved = page
        moved.url = "https://a.example/other"
        try store.syncSources([moved], now: now)
        #expect(try store.sources().first?.bodyHash == nil)
    }

    @Test func dueSourcesAndTheEarliestPollReadOnlyWhatIsDue() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        try store.syncSources(["a", "b", "c"].map { Source(name: $0, url: "https://\($0).example/feed", kind: .feed, interval: 600) }, now: now)
        let ids = Dictionary(uniqueKeysWithValues: try store.sources().map { ($0.name, $0.id) })
        // a polled and due again in 10 minutes, b in 5, c still due now.
        for (name, wait) in [("a", 600.0), ("b", 300.0)] {
            try store.recordFetch(sourceID: try #require(ids[name]), state: FetchStateUpdate(
                fetchedAt: now, status: 200, error: nil, nextPollAt: now.addingTimeInterval(wait)))
        }
        #expect(try store.dueSources(at: now).map(\.name) == ["c"])
        #expect(try store.dueSources(at: now.addingTimeInterval(400)).map(\.name) == ["c", "b"])
        #expect(try store.dueSources(at: now.addingTimeInterval(400)).last?.lastStatus == 200)
        #expect(try store.earliestPoll { _ in true } == now)
        #expect(try store.earliestPoll { $0 != "c" } == now.addingTimeInterval(300))
        #expect(try store.earliestPoll { $0 == "a" } == now.addingTimeInterval(600))
        #expect(try store.earliestPoll { _ in false } == nil)
        #expect(try store.earliestPoll(after: now) { _ in true } == now.addingTimeInterval(300))
        #expect(try store.earliestPoll(after: now.addingTimeInterval(300)) { _ in true } == now.addingTimeInterval(600))
    }

    @Test func knownEntryIsUnchangedOrANewVersion() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let source = try store.sourceID(named: "live")
        let first = try commit(store, source: source, [entry("page", "Live: day one", "Morning. The summit opens today in the capital.")])
        guard case .added(let entryID, let storyID, let tier) = first.first else {
            Issue.record("expected a new entry, got \(first)")
            return
        }
        #expect(tier == "new-story")
        #expect(try commit(store, source: source, [entry("page", "Live: day one", "Morning. The summit opens today in the capital.")])
            == [.unchanged(entryID: entryID)])
        let changed = try commit(store, source: source, [entry("page", "Live: day one", "Morning. The summit opens today in the capital. Update: leaders arrive.")])
        #expect(changed == [.newVersion(entryID: entryID, storyID: storyID, version: 2)])
        let versions = try store.versions(ofEntry: entryID)
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions[1].text.hasSuffix("leaders arrive."))
        #expect(try store.entryCount() == 1)
    }

    @Test func sameCanonicalURLFromAnotherSourceIsTheSameArticle() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let a = try store.sourceID(named: "a")
        let b = try store.sourceID(named: "b")
        _ = try commit(store, source: a, [entry("1", "Harbour reopens", "The harbour reopened after the storm.", url: "https://paper.example/harbour?utm_source=rss")])
        let second = try commit(store, source: b, [entry("x", "Harbour reopens", "Short teaser.", url: "https://PAPER.example/harbour#top")])
        guard case .added(_, _, let tier) = second.first else {
            Issue.record("expected an added entry")
            return
        }
        #expect(tier == "identity")
        let stories = try store.stories(since: nil, limit: nil)
        #expect(stories.count == 1)
        #expect(stories[0].sourceNames == ["a", "b"])
        #expect(stories[0].copyCount == 2)
    }

    /// A URL that one source gives to two different entries is that source's landing page
    /// (a show's page linked by every episode): it joins nothing, in that source or another.
    @Test func aURLOneSourceGivesToTwoEntriesIdentifiesNeither() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let show = try store.sourceID(named: "show")
        let mirror = try store.sourceID(named: "mirror")
        let page = "https://radio.example/show"
        _ = try commit(store, source: show, [entry("ep1", "Episode 1: harbours", "We talk about harbours and the storm season.", url: page)])
        let second = try commit(store, source: show, [entry("ep2", "Episode 2: comets", "Astronomers explain the comet seen last week.", url: page)])
        let third = try commit(store, source: mirror, [entry("m3", "Episode 3: bread", "A baker shows how sourdough starters work.", url: page)])
        let tiers = (second + third).compactMap { result -> String? in
            guard case .added(_, _, let tier) = result else { return nil }
            return tier
        }
        #expect(tiers == ["new-story", "new-story"])
        #expect(try store.stories(since: nil, limit: nil).count == 3)
    }

    @Test func fetchStateIsRecordedAndFailuresCount() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        try store.syncSources([Source(name: "a", url: "https://a.example/feed", kind: .feed, interval: 600)], now: now)
        let id = try #require(try store.sources().first?.id)
        try store.recordFetch(sourceID: id, state: FetchStateUpdate(
            fetchedAt: now, status: 200, error: nil, etag: "\"v1\"", lastModified: "Tue, 18 Jun 2024 07:40:00 GMT",
            nextPollAt: now.addingTimeInterval(600)))
        try store.recordFetch(sourceID: id, state: FetchStateUpdate(
            fetchedAt: now.addingTimeInterval(600), status: nil, error: "connection refused", nextPollAt: now.addingTimeInterval(1800)))
        let state = try #require(try store.sources().first)
        #expect(state.etag == "\"v1\"")
        #expect(state.lastModified == "Tue, 18 Jun 2024 07:40:00 GMT")
        #expect(state.lastError == "connection refused")
        #expect(state.consecutiveFailures == 1)
        #expect(state.lastSuccessAt == now)
        #expect(state.nextPollAt == now.addingTimeInterval(1800))
    }

    @Test func aFailedBatchLeavesNothingBehind() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        // Source 999 does not exist: its story row is written, then the entry's foreign key fails...
        let good = try store.sourceID(named: "good")
        _ = try commit(store, source: good, [entry("1", "One", "First text of the batch.")])
        #expect(throws: SQLiteError.self) {
            _ = try commit(store, source: 999, [entry("2", "Two", "Second text.")])
        }
        // ...and the whole transaction, the story included, is rolled back.
        #expect(try store.entryCount() == 1)
        #expect(try store.stories(since: nil, limit: nil).count == 1)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func restartKeepsEverything() throws {
        let temp = try TemporaryDatabase()
        var before: [StorySummary] = []
        do {
            let store = try Store(path: temp.path)
            try store.syncSources([Source(name: "a", url: "https://a.example/feed", kind: .feed, interval: 600)], now: now)
            let id = try store.sourceID(named: "a")
            _ = try commit(store, source: id, [
                entry("1", "Tram line approved", "Councillors approved the tram extension to the docks."),
                entry("2", "Comet found", "Two amateurs found a comet near the Pole Star."),
            ])
            before = try store.stories(since: nil, limit: nil)
        }
        let reopened = try Store(path: temp.path)
        #expect(try reopened.stories(since: nil, limit: nil) == before)
        #expect(before.count == 2)
        #expect(try reopened.sources().first?.entryCount == 2)
        #expect(try reopened.integrityCheck() == "ok")
    }

    @Test func storiesAreNewestFirstAndFilteredBySince() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let id = try store.sourceID(named: "a")
        var old = entry("old", "Old news", "Something happened long ago in a faraway place.")
        old.published = now.addingTimeInterval(-10 * 86400)
        _ = try commit(store, source: id, [old, entry("new", "New news", "Something different happened today nearby.")])
        #expect(try store.stories(since: nil, limit: nil).map(\.headline) == ["New news", "Old news"])
        #expect(try store.stories(since: now.addingTimeInterval(-86400), limit: nil).map(\.headline) == ["New news"])
        #expect(try store.stories(since: nil, limit: 1).count == 1)
    }

    @Test func signaturesRoundTrip() {
        let values: [UInt64] = [0, 1, .max, 0x0123_4567_89ab_cdef]
        #expect(SketchRecords.decode(SketchRecords.encode(values)) == values)
    }
}

/// The writer's WAL goes back into the database file on the checkpointer's own connection
/// while the store is open, and the WAL stays bounded.
@Suite struct WALCheckpointerTests {
    let clusterer = Clusterer()
    let now = Date(timeIntervalSince1970: 1_718_700_000)

    /// A store checkpointing every `checkpointPages` pages, with one source.
    func store(_ temp: TemporaryDatabase, checkpointPages: Int) throws -> (Store, source: Int64) {
        let store = try Store(
            path: temp.path, readOnly: false, checkpointPages: checkpointPages,
            searchPendingBytes: SearchIndex.defaultPendingBytes)
        try store.syncSources([Source(name: "a", url: "https://a.example/feed", kind: .feed, interval: 600)], now: now)
        // The search index's opening catch-up reads the store in the background: let it end
        // before the commits, so no reader of its pins their frames against a checkpoint.
        store.searchIndex?.drain()
        return (store, try #require(try store.sources().first?.id))
    }

    /// Commits `batches` polls of ten 200-word entries each.
    func commit(_ store: Store, source: Int64, batches: Int) throws {
        for batch in 0..<batches {
            let entries = (0..<10).map { index in
                IncomingEntry(
                    externalID: "e\(batch)-\(index)", url: nil, canonicalURL: nil, title: "Entry \(batch) \(index)",
                    text: (0..<200).map { "word\($0 * 7 + batch * 13 + index)" }.joined(separator: " "), published: now)
            }
            _ = try store.commit(
                sourceID: source, entries: entries.map { SketchedEntry($0, clusterer: clusterer) }, state: nil,
                clusterer: clusterer, now: now)
        }
    }

    @Test func commitsReachTheDatabaseFileWhileTheStoreIsOpen() throws {
        let temp = try TemporaryDatabase()
        let (store, source) = try store(temp, checkpointPages: 16)
        let fileSize = { () -> Int in
            ((try? FileManager.default.attributesOfItem(atPath: temp.path)[.size]) as? Int) ?? 0
        }
        let before = fileSize()
        try commit(store, source: source, batches: 20)
        store.drainCheckpoints()
        // Without checkpoints every page would still be in the WAL and the file would not grow.
        #expect(fileSize() > before + 100_000)
        // The checkpointer's own connection did that, not the writer falling back (4x behind).
        #expect(store.framesCheckpointedInBackground > 0)
        let walSize = ((try? FileManager.default.attributesOfItem(atPath: temp.path + "-wal")[.size]) as? Int) ?? 0
        #expect(walSize < 64 * 4096 * 8)
        #expect(try store.integrityCheck() == "ok")
        store.searchIndex?.drain()
        let reader = try Store(path: temp.path, readOnly: true)
        #expect(try reader.search(SearchQuery("word7")).count > 0)
    }

    /// Closing checkpoints the WAL on the checkpointer's thread (beside the search index's
    /// last batch), below the threshold too; the closing connection has nothing left to copy.
    @Test func closingCheckpointsOnTheCheckpointersThread() throws {
        let temp = try TemporaryDatabase()
        let (store, source) = try store(temp, checkpointPages: 8192)
        try commit(store, source: source, batches: 2)
        store.drainCheckpoints()
        #expect(store.framesCheckpointedInBackground == 0)
        store.finishPendingWork()
        #expect(store.framesCheckpointedInBackground > 0)
        #expect(store.searchIndex?.behind == 0)
        #expect(try store.integrityCheck() == "ok")
    }
}

/// The writer reuses the sketch an entry was prepared with only when it was prepared with the
/// settings it is stored with.
@Suite struct PreparedSketchTests {
    @Test func anEntryPreparedWithOtherSettingsIsSketchedAgain() throws {
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let now = Date(timeIntervalSince1970: 1_718_700_000)
        try store.syncSources([Source(name: "a", url: "https://a.example/feed", kind: .feed, interval: 600)], now: now)
        let source = try #require(try store.sources().first?.id)
        var other = ClusterSettings()
        other.shingleSize = 3
        let stored = Clusterer()
        let text = (0..<120).map { "token\($0 % 37) word\($0)" }.joined(separator: " ")
        let entry = IncomingEntry(externalID: "x", url: nil, canonicalURL: nil, title: "A title", text: text, published: now)
        _ = try store.commit(
            sourceID: source, entries: [SketchedEntry(entry, clusterer: Clusterer(settings: other))], state: nil,
            clusterer: stored, now: now)
        let expected = stored.sketch(tokenHashes: PreparedText(entry.title + "\n" + entry.text).keptTokens(templates: []))
        var minhashes: [[UInt64]] = []
        try store.withDatabase { db in
            try SketchRecords.window(since: 0, bandKeys: { _ in [] }, db: db) { minhashes.append($0.sketch.minhash) }
        }
        #expect(minhashes == [expected.minhash])
    }
}

/// Entries a source already holds with the same title and text are not sketched before the
/// writer takes them (`Store.sketch`); the writer sketches any it finds changed after all.
@Suite struct PresumedUnchangedTests {
    let now = Date(timeIntervalSince1970: 1_718_700_000)

    private func entry(_ id: String, _ text: String) -> IncomingEntry {
        IncomingEntry(externalID: id, url: nil, canonicalURL: nil, title: "Title \(id)", text: text, published: now)
    }

    private func text(_ seed: Int) -> String {
        (0..<120).map { "token\(($0 * seed) % 41) word\($0 + seed)" }.joined(separator: " ")
    }

    /// A store in `temp` holding one feed source, and that source's id.
    private func storeWithOneSource(in temp: TemporaryDatabase) throws -> (Store, Int64) {
        let store = try Store(path: temp.path)
        try store.syncSources([Source(name: "a", url: "https://a.example/feed", kind: .feed, interval: 600)], now: now)
        return (store, try #require(try store.sources().first?.id))
    }

    @Test func heldEntriesAreNotSketchedAndNewOrChangedOnesAre() throws {
        let temp = try TemporaryDatabase()
        let (store, source) = try storeWithOneSource(in: temp)
        let clusterer = Clusterer()
        let first = [entry("one", text(3)), entry("two", text(5))]
        // A source that holds nothing, its entries held by no other source: everything is sketched.
        #expect(store.sketch(first, sourceID: source, knownEntries: 0, clusterer: clusterer).allSatisfy { $0.inputs != nil })
        _ = try store.commit(
            sourceID: source, entries: first.map { SketchedEntry($0, clusterer: clusterer) }, state: nil,
            clusterer: clusterer, now: now)
        let next = [entry("one", text(3)), entry("two", text(7)), entry("three", text(11))]
        let sketched = store.sketch(next, sourceID: source, knownEntries: 2, clusterer: clusterer)
        #expect(sketched.map { $0.inputs == nil } == [true, false, false])
        let results = try store.commit(sourceID: source, entries: sketched, state: nil, clusterer: clusterer, now: now)
        #expect(IngestResult.tally(results) == (added: 1, versions: 1, unchanged: 1))
    }

    @Test func anEntryPresumedUnchangedThatChangedMeanwhileIsSketchedByTheWriter() throws {
        let temp = try TemporaryDatabase()
        let (store, source) = try storeWithOneSource(in: temp)
        let clusterer = Clusterer()
        let original = entry("one", text(3))
        _ = try store.commit(
            sourceID: source, entries: [SketchedEntry(original, clusterer: clusterer)], state: nil, clusterer: clusterer, now: now)
        let presumed = store.sketch([original], sourceID: source, knownEntries: 1, clusterer: clusterer)
        #expect(presumed.first?.inputs == nil)
        // Another text is stored before the presumed entry reaches the writer.
        _ = try store.commit(
            sourceID: source, entries: [SketchedEntry(entry("one", text(13)), clusterer: clusterer)], state: nil,
            clusterer: clusterer, now: now)
        let results = try store.commit(sourceID: source, entries: presumed, state: nil, clusterer: clusterer, now: now)
        guard case .newVersion(_, _, let version) = try #require(results.first) else {
            Issue.record("not stored as a new version: \(results)")
            return
        }
        #expect(version == 3)
        // Its sketch is the one the whole text gives, as for an entry sketched beforehand.
        let expected = clusterer.sketch(tokenHashes: PreparedText(original.title + "\n" + original.text).keptTokens(templates: []))
        var minhashes: [[UInt64]] = []
        try store.withDatabase { db in
            try SketchRecords.window(since: 0, bandKeys: { _ in [] }, db: db) { minhashes.append($0.sketch.minhash) }
        }
        #expect(minhashes == [expected.minhash])
    }
}
