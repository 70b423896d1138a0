import Foundation
import Testing
import Clustering
import FeedModel
@testable import FeedStore

/// One article carried by several feeds (a site's main and section feeds, or one blog's RSS
/// and Atom) is indexed once: the copies join by identity and add nothing to match against.
@Suite struct IdentityCopyTests {
    static let start = Date(timeIntervalSince1970: 1_772_344_800)

    /// Commits `entry` of `source` alone (`SameStoryBoundsTests.commit`), returning its tier.
    func commit(_ entry: IncomingEntry, source: String, store: Store, clusterer: Clusterer) throws -> String? {
        try SameStoryBoundsTests().commit(entry, source: source, store: store, clusterer: clusterer)
    }

    func article(_ id: String, url: String, title: String, text: String, hours: Double = 0) -> IncomingEntry {
        IncomingEntry(
            externalID: id, url: url, canonicalURL: url, title: title, text: text,
            published: Self.start.addingTimeInterval(hours * 3_600))
    }

    @Test func aCopyWithTheSameTextAddsNoPostingsAndARestartRebuildsTheSame() throws {
        var room = StoreClusteringTests.Newsroom()
        let clusterer = Clusterer()
        let temp = try TemporaryDatabase()
        var store = try Store(path: temp.path)
        let topic = room.topic()
        let text = room.article(topic, paragraphs: 3)
        let url = "https://news.example/harbour"
        #expect(try commit(article("a", url: url, title: "Harbour", text: text), source: "main", store: store, clusterer: clusterer) == "new-story")
        let original = store.clusterWindowStatistics
        #expect(try commit(article("a", url: url, title: "Harbour", text: text), source: "section", store: store, clusterer: clusterer) == "identity")
        let withCopy = store.clusterWindowStatistics
        #expect(withCopy.entries == original.entries + 1)
        #expect(withCopy.postings == original.postings, "the copy's text was indexed again")

        // The same article with other text (an aggregator's header) is indexed with its own.
        let wrapped = "Read it on Aggregator.\n" + text
        #expect(try commit(article("a", url: url, title: "Harbour", text: wrapped), source: "agg", store: store, clusterer: clusterer) == "identity")
        let withWrapped = store.clusterWindowStatistics
        #expect(withWrapped.postings > withCopy.postings)

        // A restart loads the same window (the copy's sketch row holds no text, and its
        // source's paragraph counts are kept).
        store = try Store(path: temp.path)
        #expect(try commit(article("b", url: "https://news.example/other", title: "Other", text: room.article(room.topic())),
            source: "elsewhere", store: store, clusterer: clusterer) == "new-story")
        let sizes = try store.withDatabase { db in try SketchRecords.windowSize(since: 0, db: db) }
        #expect(sizes.entries == 4)
        let sectionID = try store.sourceID(named: "section")
        let counts = try store.withDatabase { db -> [UInt64: Int] in
            try store.clusterWindow.prepare(settings: clusterer.settings, now: Self.start.timeIntervalSince1970, db: db)
            return store.clusterWindow.index.paragraphCounts(sourceID: sectionID, hashes: PreparedText("Harbour\n" + text).paragraphHashes)
        }
        #expect(!counts.isEmpty && counts.values.allSatisfy { $0 == 1 }, "the copy's paragraphs no longer count for its source")
    }

    /// The poller does not sketch such a copy (the writer would not use it); if the article
    /// changes before the copy reaches the writer, the writer places the copy's own text.
    @Test func aCopyIsNotSketchedBeforeTheWriterUnlessItsArticleChangedMeanwhile() throws {
        var room = StoreClusteringTests.Newsroom()
        let clusterer = Clusterer()
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let text = room.article(room.topic(), paragraphs: 3)
        let url = "https://news.example/harbour"
        let copy = article("a", url: url, title: "Harbour", text: text)
        let wrapped = article("a", url: url, title: "Harbour", text: "Read it on Aggregator.\n" + text)
        let elsewhere = article("b", url: "https://news.example/quay", title: "Quay", text: text)
        let section = try store.sourceID(named: "section")
        // Nothing holds the article yet: everything is sketched.
        #expect(store.sketch([copy], sourceID: section, knownEntries: 0, clusterer: clusterer).allSatisfy { $0.inputs != nil })
        #expect(try commit(copy, source: "main", store: store, clusterer: clusterer) == "new-story")

        let sketched = store.sketch([copy, wrapped, elsewhere], sourceID: section, knownEntries: 0, clusterer: clusterer)
        #expect(sketched.map { $0.inputs == nil } == [true, false, false])
        // The article's own source giving the URL to another entry is a landing page, not a copy.
        let main = try store.sourceID(named: "main")
        let landing = article("c", url: url, title: "Harbour", text: text)
        #expect(store.sketch([landing], sourceID: main, knownEntries: 1, clusterer: clusterer).map { $0.inputs == nil } == [false])

        let before = store.clusterWindowStatistics
        let results = try store.commit(sourceID: section, entries: [sketched[0]], state: nil, clusterer: clusterer, now: Self.start)
        guard case .added(_, _, let tier) = try #require(results.first) else {
            Issue.record("not added: \(results)")
            return
        }
        #expect(tier == "identity")
        #expect(store.clusterWindowStatistics.postings == before.postings)

        // Presumed a copy, but the article has new text by the time the copy is stored.
        let other = try store.sourceID(named: "other-section")
        let presumed = store.sketch([copy], sourceID: other, knownEntries: 0, clusterer: clusterer)
        #expect(presumed.map { $0.inputs == nil } == [true])
        let changed = article("a", url: url, title: "Harbour", text: text + "\nUpdate: the quay reopened at noon.")
        _ = try store.commit(
            sourceID: main, entries: [SketchedEntry(changed, clusterer: clusterer)], state: nil, clusterer: clusterer,
            now: Self.start)
        let withNewVersion = store.clusterWindowStatistics
        let stored = try store.commit(sourceID: other, entries: presumed, state: nil, clusterer: clusterer, now: Self.start)
        guard case .added(_, _, let storedTier) = try #require(stored.first) else {
            Issue.record("not added: \(stored)")
            return
        }
        #expect(storedTier == "identity")
        #expect(store.clusterWindowStatistics.postings > withNewVersion.postings, "the copy's own text was not indexed")
    }

    /// A copy from another feed does not make the story another source's too: the original
    /// source's next report in other words still needs `sameSourceCosine` to join it.
    @Test func aCopyLeavesTheStoryItsSourcesOwn() throws {
        func tiers(copy: Bool) throws -> [String?] {
            var settings = ClusterSettings()
            settings.sameStoryMinDocuments = 0
            settings.sameSourceCosine = 1
            let clusterer = Clusterer(settings: settings)
            var room = StoreClusteringTests.Newsroom()
            let temp = try TemporaryDatabase()
            let store = try Store(path: temp.path)
            try SameStoryBoundsTests().unrelatedNews(&room, store: store, clusterer: clusterer)
            let topic = room.topic()
            let first = SameStoryBoundsTests.report("first", on: topic, hours: 0, room: &room)
            var result = [try commit(
                article("first", url: "https://a.example/1", title: first.title, text: first.text), source: "a",
                store: store, clusterer: clusterer)]
            if copy {
                result.append(try commit(
                    article("first", url: "https://a.example/1", title: first.title, text: first.text, hours: 0.5),
                    source: "a-section", store: store, clusterer: clusterer))
            }
            let again = SameStoryBoundsTests.report("again", on: topic, hours: 1, room: &room)
            result.append(try commit(again, source: "a", store: store, clusterer: clusterer))
            return result
        }
        #expect(try tiers(copy: false) == ["new-story", "new-story"])
        #expect(try tiers(copy: true) == ["new-story", "identity", "new-story"])
    }
}
