import Foundation
import Testing
import Clustering
import FeedModel
@testable import FeedStore

/// What the same-story tier must not join: a series source's episodes (they share the show's
/// name and hosts, not a story), and an old entry read late (a feed's history) with a story
/// that began long after it.
@Suite struct SameStoryBoundsTests {
    static let start = Date(timeIntervalSince1970: 1_772_344_800)
    var start: Date { Self.start }


    func commit(_ entry: IncomingEntry, source: String, store: Store, clusterer: Clusterer) throws -> String? {
        let sourceID = try store.sourceID(named: source)
        let results = try store.commit(
            groups: [(sourceID, [SketchedEntry(entry, clusterer: clusterer)])], clusterer: clusterer,
            now: entry.published ?? start)
        guard case .added(_, _, let tier) = results.first else { return nil }
        return tier
    }

    /// Ten episodes an hour apart, each on its own subject, all naming the show and its hosts in
    /// the title and the first line. How many stories they make.
    func episodeStories(_ settings: ClusterSettings) throws -> Int {
        var room = StoreClusteringTests.Newsroom()
        let clusterer = Clusterer(settings: settings)
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        // Other sources' news first: the show's words are rare across the store, as they are.
        for index in 0..<40 {
            let topic = room.topic()
            let news = IncomingEntry(
                externalID: "n\(index)", url: nil, canonicalURL: nil, title: topic.prefix(6).joined(separator: " "),
                text: room.article(topic, paragraphs: 2), published: start)
            _ = try commit(news, source: "site\(index % 8)", store: store, clusterer: clusterer)
        }
        for index in 0..<10 {
            let subject = room.topic()
            let episode = IncomingEntry(
                externalID: "ep\(index)", url: nil, canonicalURL: nil,
                title: "Quillcast \(index): Bramwell and Ostrova on \(subject.prefix(3).joined(separator: " "))",
                text: "Quillcast with Bramwell and Ostrova.\n" + room.paragraph(subject, sentences: 1),
                published: start.addingTimeInterval(Double(index) * 3_600))
            _ = try commit(episode, source: "show", store: store, clusterer: clusterer)
        }
        let all = try store.storyIDsByExternalID()
        return Set((0..<10).compactMap { all["ep\($0)"] }).count
    }

    @Test func aSeriesSourcesOwnWordsDoNotMakeOneStory() throws {
        var settings = ClusterSettings()
        settings.sameStoryMinDocuments = 0
        settings.sameSourceCosine = 0  // the vocabulary rule alone
        let apart = try episodeStories(settings)
        settings.sourceVocabularyShare = 0
        let chained = try episodeStories(settings)
        // Without the source's vocabulary left out, the show's words chain the episodes; with
        // it, only the first few (before the source has shown its vocabulary) can join.
        #expect(chained <= 3, "the test's episodes should chain without the rule (\(chained) stories)")
        #expect(apart >= 7, "episodes joined on the show's words: \(apart) stories of 10")
    }

    /// A report on `topic`, `hours` after `start`, in words of its own.
    static func report(
        _ id: String, on topic: [String], hours: Double, room: inout StoreClusteringTests.Newsroom
    ) -> IncomingEntry {
        IncomingEntry(
            externalID: id, url: nil, canonicalURL: nil, title: topic.prefix(6).joined(separator: " "),
            text: room.article(topic, paragraphs: 3),
            published: start.addingTimeInterval(hours * 3_600))
    }

    /// Five reports on five other subjects from five other sources, at `start`.
    func unrelatedNews(_ room: inout StoreClusteringTests.Newsroom, store: Store, clusterer: Clusterer) throws {
        for other in 0..<5 {
            let unrelated = room.topic()
            _ = try commit(
                IncomingEntry(
                    externalID: "u\(other)", url: nil, canonicalURL: nil, title: unrelated.prefix(6).joined(separator: " "),
                    text: room.article(unrelated, paragraphs: 3), published: start),
                source: "other\(other)", store: store, clusterer: clusterer)
        }
    }

    /// A source's second report on its subject, in other words, joins the story that source
    /// alone has told only at `sameSourceCosine`; another source's report joins at the ordinary
    /// threshold. The window rebuilt after a restart knows whose stories are whose.
    @Test func aStoryItsOwnSourceAloneToldAsksMoreOfThatSource() throws {
        func tiers(sameSourceCosine: Double) throws -> [String?] {
            var settings = ClusterSettings()
            settings.sameStoryMinDocuments = 0
            settings.sameSourceCosine = sameSourceCosine
            let clusterer = Clusterer(settings: settings)
            var room = StoreClusteringTests.Newsroom()
            let temp = try TemporaryDatabase()
            var store = try Store(path: temp.path)
            let topic = room.topic()
            func report(_ id: String, hours: Double) -> IncomingEntry { Self.report(id, on: topic, hours: hours, room: &room) }
            try unrelatedNews(&room, store: store, clusterer: clusterer)
            var result = [try commit(report("first", hours: 0), source: "a", store: store, clusterer: clusterer)]
            store = try Store(path: temp.path)
            result.append(try commit(report("again", hours: 1), source: "a", store: store, clusterer: clusterer))
            result.append(try commit(report("elsewhere", hours: 2), source: "b", store: store, clusterer: clusterer))
            return result
        }
        // Only identical vectors would reach 1: the source's own story stays closed to it.
        #expect(try tiers(sameSourceCosine: 1) == ["new-story", "new-story", "same-story"])
        #expect(try tiers(sameSourceCosine: 0) == ["new-story", "same-story", "same-story"])
    }

    /// A feed's first poll brings its history, newest first: an entry from ten days before a
    /// story began does not join it by TF-IDF; one from an hour before does.
    @Test func anOldEntryReadLateDoesNotJoinAStoryThatBeganAfterIt() throws {
        var settings = ClusterSettings()
        settings.sameStoryMinDocuments = 0
        let clusterer = Clusterer(settings: settings)
        var room = StoreClusteringTests.Newsroom()
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let topic = room.topic()
        func report(_ id: String, hoursFromStart: Double) -> IncomingEntry {
            Self.report(id, on: topic, hours: hoursFromStart, room: &room)
        }
        try unrelatedNews(&room, store: store, clusterer: clusterer)
        #expect(try commit(report("first", hoursFromStart: 0), source: "a", store: store, clusterer: clusterer) == "new-story")
        #expect(try commit(report("history", hoursFromStart: -240), source: "b", store: store, clusterer: clusterer) == "new-story")
        #expect(try commit(report("eve", hoursFromStart: -1), source: "c", store: store, clusterer: clusterer) == "same-story")
        let all = try store.storyIDsByExternalID()
        #expect(all["eve"] == all["first"] && all["history"] != all["first"])
    }

    /// Two-character Chinese words over `characters`: word `k` the `k`-th pair of a fixed walk
    /// (`reversed`: the same pair, the other way round).
    static func chineseWords(_ characters: [Character], count: Int, offset: Int = 0, reversed: Bool = false) -> [String] {
        (0..<count).map { k in
            let first = characters[(offset + k * 5) % characters.count]
            let second = characters[(offset + k * 7 + 3) % characters.count]
            return reversed ? "\(second)\(first)" : "\(first)\(second)"
        }
    }

    /// `words` as Chinese text: three to a clause, no spaces.
    static func chinese(_ words: [String]) -> String {
        stride(from: 0, to: words.count, by: 3)
            .map { words[$0..<min($0 + 3, words.count)].joined() }
            .joined(separator: "，") + "。"
    }

    /// The same-story tier reads runs of ideographs as character pairs: a forum's posts made
    /// of the same characters in other words (every Chinese text shares its common
    /// characters) are not one story; another site's report in the same words is.
    @Test func chineseTextsJoinOnSharedWordsNotSharedCharacters() throws {
        var settings = ClusterSettings()
        settings.sameStoryMinDocuments = 0
        settings.sameSourceCosine = 0
        let clusterer = Clusterer(settings: settings)
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let common = Array("的一是不了人我在有他这中大来上国个到说们为子和你")
        let other = Array("天地玄黄宇宙洪荒日月盈昃辰宿列张寒暑往秋收冬藏闰余成岁")
        func post(_ id: String, _ text: String) -> IncomingEntry {
            IncomingEntry(
                externalID: id, url: nil, canonicalURL: nil, title: String(text.prefix(6)), text: text, published: start)
        }
        for index in 0..<8 {
            _ = try commit(
                post("bg\(index)", Self.chinese(Self.chineseWords(other, count: 18, offset: index * 3))), source: "bg\(index)",
                store: store, clusterer: clusterer)
        }
        let words = Self.chineseWords(common, count: 18)
        let first = Self.chinese(words)
        let sameCharacters = Self.chinese(Self.chineseWords(common, count: 18, reversed: true))
        #expect(Set(first) == Set(sameCharacters))
        #expect(try commit(post("a", first), source: "forum", store: store, clusterer: clusterer) == "new-story")
        #expect(try commit(post("b", sameCharacters), source: "forum", store: store, clusterer: clusterer) == "new-story")
        // The same words in another order: no passage in common, so only the terms can join it.
        let report = Self.chinese(words.reversed() + Self.chineseWords(other, count: 4, offset: 40))
        #expect(try commit(post("c", report), source: "news", store: store, clusterer: clusterer) == "same-story")
        let all = try store.storyIDsByExternalID()
        #expect(all["c"] == all["a"] && all["b"] != all["a"])
    }
}
