import Foundation
import Testing
import Clustering
import FeedModel
@testable import FeedStore

/// Clustering through the store: templates learned per source, the same-story tier, a live
/// blog that must not chain, and a restart that changes nothing.
@Suite struct StoreClusteringTests {
    let start = Date(timeIntervalSince1970: 1_772_344_800)

    /// Reproducible synthetic news: per-story topic words mixed with common words.
    struct Newsroom {
        var random = SplitMix64(seed: 42)
        var common: [String] = []

        init() { common = (0..<150).map { _ in word(2...6) } }

        mutating func word(_ lengths: ClosedRange<Int> = 3...9) -> String {
            let letters = Array("abcdefghijklmnopqrstuvwxyz")
            return String((0..<Int.random(in: lengths, using: &random)).map { _ in letters[Int.random(in: 0..<26, using: &random)] })
        }

        mutating func topic() -> [String] { (0..<40).map { _ in word() } }

        mutating func paragraph(_ topic: [String], sentences: Int = 3) -> String {
            (0..<sentences).map { _ in
                (0..<18).map { _ in
                    Double.random(in: 0..<1, using: &random) < 0.35
                        ? topic[Int.random(in: 0..<topic.count, using: &random)]
                        : common[Int.random(in: 0..<common.count, using: &random)]
                }.joined(separator: " ") + "."
            }.joined(separator: " ")
        }

        mutating func article(_ topic: [String], paragraphs: Int = 5) -> String {
            (0..<paragraphs).map { _ in paragraph(topic) }.joined(separator: "\n")
        }
    }

    struct Document {
        var source: String
        var entry: IncomingEntry
        var label: String
    }

    /// A live blog of `updates` versions over three days (each update also names words of
    /// unrelated stories), follow-ups quoting it, and `stories` unrelated stories.
    static func liveBlogStream(updates: Int, stories: Int, start: Date) -> [Document] {
        var room = Newsroom()
        var documents: [(time: Double, document: Document)] = []
        let span = 3 * 86_400.0
        let topics = (0..<stories).map { _ in room.topic() }
        for (index, topic) in topics.enumerated() {
            let time = start.timeIntervalSince1970 + span * Double(index) / Double(stories)
            for part in 0..<(index % 3 == 0 ? 2 : 1) {
                let entry = IncomingEntry(
                    externalID: "s\(index)-\(part)", url: nil, canonicalURL: nil, title: topic.prefix(6).joined(separator: " "),
                    text: room.article(topic), published: Date(timeIntervalSince1970: time + Double(part) * 3_600))
                documents.append((time + Double(part) * 3_600, Document(source: "site\((index + part * 7) % 9)", entry: entry, label: "story\(index)")))
            }
        }
        let blog = room.topic()
        var posted: [String] = []
        for number in 0..<updates {
            let time = start.timeIntervalSince1970 + span * Double(number) / Double(max(updates - 1, 1))
            let elsewhere = (0..<3).map { offset in topics[(number * 7 + offset * 13) % topics.count].prefix(8).joined(separator: " ") }
            posted.append(room.paragraph(blog, sentences: 2) + " Elsewhere: " + elsewhere.joined(separator: " ") + ".")
            let text = "Live: latest updates\n" + posted.suffix(12).reversed().joined(separator: "\n")
            let page = IncomingEntry(
                externalID: "live", url: "https://live.example/blog", canonicalURL: "https://live.example/blog",
                title: "Live blog", text: text, published: Date(timeIntervalSince1970: time))
            documents.append((time, Document(source: "live", entry: page, label: "live")))
            if number % 4 == 3 {
                let quote = posted.suffix(2).joined(separator: "\n")
                let follow = IncomingEntry(
                    externalID: "follow\(number)", url: nil, canonicalURL: nil, title: blog.prefix(6).joined(separator: " "),
                    text: room.paragraph(blog) + "\n" + quote + "\n" + room.paragraph(blog),
                    published: Date(timeIntervalSince1970: time + 1_800))
                documents.append((time + 1_800, Document(source: "follow\(number)", entry: follow, label: "live")))
            }
        }
        return documents.sorted { $0.time < $1.time }.map(\.document)
    }

    func ingest(_ documents: [Document], store: Store, clusterer: Clusterer) throws {
        var sources: [String: Int64] = [:]
        for document in documents {
            let sourceID = try sources[document.source] ?? store.sourceID(named: document.source)
            sources[document.source] = sourceID
            _ = try store.commit(
                groups: [(sourceID, [SketchedEntry(document.entry, clusterer: clusterer)])], clusterer: clusterer,
                now: document.entry.published ?? start)
        }
    }


    @Test func aLiveBlogDoesNotChainUnrelatedStories() throws {
        var settings = ClusterSettings()
        settings.sameStoryMinDocuments = 10
        let clusterer = Clusterer(settings: settings)
        let documents = Self.liveBlogStream(updates: 16, stories: 30, start: start)
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        try ingest(documents, store: store, clusterer: clusterer)

        let labels = Dictionary(documents.map { ($0.entry.externalID, $0.label) }, uniquingKeysWith: { a, _ in a })
        var members: [Int64: Set<String>] = [:]
        for (id, story) in try store.storyIDsByExternalID() { members[story, default: []].insert(id) }
        let largest = try #require(members.values.max { $0.count < $1.count })
        #expect(largest.contains("live"))
        #expect(largest == Set(labels.filter { $0.value == "live" }.keys))
        for group in members.values {
            #expect(Set(group.compactMap { labels[$0] }).count == 1, "mixed story: \(group.sorted())")
        }
        // Each two-report story (index divisible by 3) is together once the same-story tier has
        // counted its minimum of documents (the first stories arrive before that).
        for index in stride(from: 12, to: 30, by: 3) {
            let all = try store.storyIDsByExternalID()
            #expect(all["s\(index)-0"] == all["s\(index)-1"])
        }
    }

    @Test func aSourceTemplateIsLearnedAndIgnored() throws {
        var room = Newsroom()
        let clusterer = Clusterer()
        let header = "Regional Daily\nHome | News | Sport | Business | Opinion\nAdvertisement"
        let footer = "Have your say: comments are closed on this article.\nMore from Regional Daily\nSubscribe for just 1 a week and read every story on every device\nTerms and conditions Privacy policy Cookie settings"
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let aggregator = try store.sourceID(named: "regional")
        var originals: [IncomingEntry] = []
        for index in 0..<6 {
            let article = IncomingEntry(
                externalID: "a\(index)", url: nil, canonicalURL: nil, title: "story \(index)",
                text: room.article(room.topic()), published: start)
            originals.append(article)
            let wrapped = IncomingEntry(
                externalID: "w\(index)", url: nil, canonicalURL: nil, title: "story \(index)",
                text: header + "\n" + article.text + "\n" + footer, published: start)
            let own = try store.sourceID(named: "site\(index)")
            _ = try store.commit(groups: [(own, [SketchedEntry(article, clusterer: clusterer)])], clusterer: clusterer, now: start)
            _ = try store.commit(groups: [(aggregator, [SketchedEntry(wrapped, clusterer: clusterer)])], clusterer: clusterer, now: start)
        }
        let all = try store.storyIDsByExternalID()
        for index in 0..<6 {
            #expect(all["w\(index)"] == all["a\(index)"], "copy \(index) apart from its original")
            for other in 0..<6 where other != index {
                #expect(all["w\(index)"] != all["a\(other)"], "copy \(index) joined story \(other)")
            }
        }
        let hashes = PreparedText(header + "\n" + footer).paragraphHashes
        let counts = try store.withDatabase { _ in
            store.clusterWindow.index.paragraphCounts(sourceID: aggregator, hashes: hashes)
        }
        #expect(counts.count == hashes.count && counts.values.allSatisfy { $0 == 6 })
        // `feedmerge why` reads the same counts from the stored sketches.
        let stored = try store.withDatabase { db in
            try SketchRecords.paragraphCounts(sourceID: aggregator, hashes: hashes, since: 0, db: db)
        }
        #expect(stored == counts)
    }

    @Test func paragraphCountsFollowEachEntrysLatestText() throws {
        let clusterer = Clusterer()
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        let source = try store.sourceID(named: "live")
        let kept = "The council met on Tuesday evening to vote on the new budget for the harbour."
        let dropped = "Residents queued outside the hall long before the doors opened at six."
        let added = "The vote passed by seven to four after a debate lasting three hours."
        func commit(_ id: String, _ text: String) throws {
            let entry = IncomingEntry(
                externalID: id, url: nil, canonicalURL: nil, title: "Harbour budget", text: text, published: start)
            _ = try store.commit(groups: [(source, [SketchedEntry(entry, clusterer: clusterer)])], clusterer: clusterer, now: start)
        }
        try commit("blog", kept + "\n" + dropped + "\n" + kept)
        try commit("blog", kept + "\n" + added)
        try commit("other", kept)
        let hashes = PreparedText("Harbour budget\n" + kept + "\n" + dropped + "\n" + added).paragraphHashes
        let counts = try store.withDatabase { _ in store.clusterWindow.index.paragraphCounts(sourceID: source, hashes: hashes) }
        // The title and `kept`: in the blog's latest text (`kept` twice, counted once) and in
        // "other"; `dropped` left with the blog's first version; `added` once.
        #expect(hashes.map { counts[$0] } == [2, 2, nil, 1])
        // A new version of the blog is weighed against the other entries only.
        let blogID = try #require(try store.withDatabase { db in
            try db.statement("SELECT id FROM entry WHERE external_id = 'blog'").firstRow { $0.int64(0) }
        })
        let others = try store.withDatabase { _ in
            store.clusterWindow.index.paragraphCounts(sourceID: source, hashes: hashes, excluding: blogID)
        }
        #expect(hashes.map { others[$0] } == [1, 1, nil, nil])
        let stored = try store.withDatabase { db in
            try SketchRecords.paragraphCounts(sourceID: source, hashes: hashes, since: 0, excluding: blogID, db: db)
        }
        #expect(stored == others)
    }

    /// Template evidence is the window's: entries that leave it stop counting, and a restart
    /// rebuilds the counts from the stored sketches.
    @Test func paragraphCountsFollowTheWindowAndSurviveARestart() throws {
        var settings = ClusterSettings()
        settings.windowHours = 24
        let clusterer = Clusterer(settings: settings)
        let temp = try TemporaryDatabase()
        let plug = "Sign up to our morning briefing and get the news in your inbox every weekday."
        func commit(_ store: Store, _ source: Int64, _ id: String, at time: Date) throws {
            let entry = IncomingEntry(
                externalID: id, url: nil, canonicalURL: nil, title: "Report \(id)",
                text: "A report numbered \(id) about the harbour, the council and its budget.\n" + plug, published: time)
            _ = try store.commit(groups: [(source, [SketchedEntry(entry, clusterer: clusterer)])], clusterer: clusterer, now: time)
        }
        let plugHash = PreparedText(plug).paragraphHashes
        var store = try Store(path: temp.path)
        let source = try store.sourceID(named: "daily")
        let elsewhere = try store.sourceID(named: "weekly")
        for index in 0..<4 { try commit(store, source, "d\(index)", at: start.addingTimeInterval(Double(index) * 600)) }
        try commit(store, elsewhere, "w0", at: start)
        let counted = { (store: Store) in try store.withDatabase { _ in store.clusterWindow.index.paragraphCounts(sourceID: source, hashes: plugHash) } }
        #expect(try counted(store) == [plugHash[0]: 4])
        // Another source's entries are another source's evidence.
        #expect(try store.withDatabase { _ in store.clusterWindow.index.paragraphCounts(sourceID: elsewhere, hashes: plugHash) } == [plugHash[0]: 1])
        store = try Store(path: temp.path)
        // Loaded again from the sketch rows by the next write (one more entry, an hour on).
        try commit(store, source, "d4", at: start.addingTimeInterval(3600))
        #expect(try counted(store) == [plugHash[0]: 5])
        // Two days on, the first five have left the window.
        try commit(store, source, "d5", at: start.addingTimeInterval(2 * 86_400))
        #expect(try counted(store) == [plugHash[0]: 1])
    }

    @Test func aRestartChangesNothing() throws {
        var settings = ClusterSettings()
        settings.sameStoryMinDocuments = 10
        let clusterer = Clusterer(settings: settings)
        let documents = Self.liveBlogStream(updates: 8, stories: 24, start: start)
        let once = try TemporaryDatabase()
        try ingest(documents, store: try Store(path: once.path), clusterer: clusterer)
        let twice = try TemporaryDatabase()
        let half = documents.count / 2
        try ingest(Array(documents[..<half]), store: try Store(path: twice.path), clusterer: clusterer)
        try ingest(Array(documents[half...]), store: try Store(path: twice.path), clusterer: clusterer)

        func partition(_ path: String) throws -> Set<Set<String>> {
            var groups: [Int64: Set<String>] = [:]
            for (id, story) in try Store(path: path, readOnly: true).storyIDsByExternalID() { groups[story, default: []].insert(id) }
            return Set(groups.values)
        }
        #expect(try partition(once.path) == partition(twice.path))
        #expect(try partition(once.path).count < documents.count)
    }

    @Test func entriesOlderThanTheWindowAreNotMatchedButKeepTheirIdentity() throws {
        var room = Newsroom()
        let article = room.article(room.topic())
        var settings = ClusterSettings()
        settings.windowHours = 24
        let clusterer = Clusterer(settings: settings)
        let temp = try TemporaryDatabase()
        func copy(_ id: String, source: String, after hours: Double, url: String? = nil) throws -> (String, Int64) {
            let store = try Store(path: temp.path)
            let time = start.addingTimeInterval(hours * 3600)
            let entry = IncomingEntry(
                externalID: id, url: url, canonicalURL: url, title: "Harbour", text: article, published: time)
            let result = try store.commit(
                sourceID: try store.sourceID(named: source), entries: [SketchedEntry(entry, clusterer: clusterer)],
                state: nil, clusterer: clusterer, now: time)
            guard case .added(_, let story, let tier)? = result.first else { return ("", 0) }
            return (tier, story)
        }
        let first = try copy("a", source: "paper", after: 0, url: "https://paper.example/harbour")
        // Within the window (and after a restart: the window is loaded again) a copy joins.
        let near = try copy("b", source: "wire", after: 12)
        #expect(near == ("near-duplicate", first.1))
        // Two days later, beyond the window: the text is not compared any more...
        let late = try copy("c", source: "blog", after: 60)
        #expect(late.0 == "new-story")
        // ...but the same canonical URL is still the same article.
        let same = try copy("d", source: "mirror", after: 61, url: "https://paper.example/harbour")
        #expect(same == ("identity", first.1))
    }

    @Test func theWindowsSizeIsPublishedAfterEachWrite() throws {
        var room = Newsroom()
        var settings = ClusterSettings()
        settings.windowHours = 24
        let clusterer = Clusterer(settings: settings)
        let temp = try TemporaryDatabase()
        let store = try Store(path: temp.path)
        #expect(store.clusterWindowStatistics == ClusterWindowStatistics())
        func add(_ id: String, after hours: Double) throws {
            let time = start.addingTimeInterval(hours * 3600)
            let entry = IncomingEntry(externalID: id, url: nil, canonicalURL: nil, title: "Story \(id)", text: room.article(room.topic()), published: time)
            _ = try store.commit(
                sourceID: try store.sourceID(named: "paper"), entries: [SketchedEntry(entry, clusterer: clusterer)],
                state: nil, clusterer: clusterer, now: time)
        }
        try add("a", after: 0)
        try add("b", after: 1)
        let two = store.clusterWindowStatistics
        #expect(two.entries == 2)
        #expect(two.stories >= 1)
        #expect(two.postings > 0)
        // Two days later the first two have left the window.
        try add("c", after: 48)
        #expect(store.clusterWindowStatistics.entries == 1)
    }
}
