import Foundation
import Clustering
import Testing

@Suite struct ClustererTests {
    let clusterer = Clusterer()

    private func indexed(_ texts: [String]) -> MemoryClusterIndex {
        var index = MemoryClusterIndex()
        for (offset, text) in texts.enumerated() {
            let id = Int64(offset + 1)
            index.add(entryID: id, storyID: id * 10, copyGroupID: id * 100, sketch: clusterer.sketch(text))
        }
        return index
    }

    private func unrelatedTexts() throws -> [String] {
        try ["unrelated-putin-grain.txt", "unrelated-floods.txt", "unrelated-chips.txt"].map(TestSupport.fixture)
    }

    @Test func defaultsFollowTheDesign() {
        let settings = ClusterSettings()
        #expect(settings.minhashSlots == 128 && settings.bands == 32 && settings.rows == 4)
        #expect(settings.nearDuplicateJaccard == 0.5 && settings.nearDuplicateContainment == 0.8)
        #expect(settings.winnowK == 5 && settings.winnowWindow == 4 && settings.minSharedPassages == 2)
        #expect(settings.problems.isEmpty)
    }

    @Test(arguments: [
        ("000_7a99af80e0447b28.txt", "002_dc47d77cd36bbdf9.txt"),
        ("002_dc47d77cd36bbdf9.txt", "000_7a99af80e0447b28.txt"),
    ])
    func seedPagesShareAStoryThroughPassages(indexedName: String, newName: String) throws {
        let index = indexed([try TestSupport.fixture(indexedName)] + (try unrelatedTexts()))
        let decision = try clusterer.decide(clusterer.sketch(try TestSupport.fixture(newName)), index: index)
        #expect(decision.tier == .passageReuse)
        #expect(decision.matchedEntryID == 1)
        #expect(decision.storyID == 10)
        #expect(decision.copyGroupID == nil)
        #expect(decision.passages.count >= 2)
        #expect(decision.score == Double(decision.passages.count))
    }

    @Test func seedPairExplanation() throws {
        let a = clusterer.sketch(try TestSupport.fixture("002_dc47d77cd36bbdf9.txt"))
        let b = clusterer.sketch(try TestSupport.fixture("000_7a99af80e0447b28.txt"))
        let explanation = clusterer.explain(a, b)
        #expect(explanation.tier == .passageReuse)
        #expect(explanation.jaccard < 0.1)
        #expect(explanation.countedPassages >= 8)
        #expect(explanation.passages.allSatisfy { $0.length >= 5 })
    }

    @Test func unrelatedTextsStartNewStories() throws {
        let seeds = try ["000_7a99af80e0447b28.txt", "002_dc47d77cd36bbdf9.txt"].map(TestSupport.fixture)
        let others = try unrelatedTexts()
        for (offset, text) in others.enumerated() {
            var rest = others
            rest.remove(at: offset)
            let index = indexed(seeds + rest)
            let decision = try clusterer.decide(clusterer.sketch(text), index: index)
            #expect(decision.tier == .newStory, "\(text.prefix(40))")
        }
        // And the seeds do not join the unrelated Putin / North Korea story.
        let index = indexed(others)
        for seed in seeds {
            #expect(try clusterer.decide(clusterer.sketch(seed), index: index).tier == .newStory)
        }
    }

    @Test func editedCopyWithAnotherTemplateIsANearDuplicate() throws {
        let original = try TestSupport.fixture("unrelated-floods.txt")
        let copy = "Daily Digest | Home > World > Europe\nShare this article\n"
            + original
            .replacingOccurrences(of: "spent the weekend", with: "spent Saturday and Sunday")
            .replacingOccurrences(of: "four hundred", with: "400")
            .replacingOccurrences(of: "billions of euros", with: "billions")
            + "\nCopyright Daily Digest. Most read. Sign up for our newsletter."
        let index = indexed(try unrelatedTexts().filter { $0 != original } + [original])
        let decision = try clusterer.decide(clusterer.sketch(copy), index: index)
        #expect(decision.tier == .nearDuplicate)
        #expect(decision.matchedEntryID == 3)
        #expect(decision.storyID == 30)
        #expect(decision.copyGroupID == 300)
        #expect(decision.score >= 0.5 && decision.score <= 1)
    }

    @Test func truncatedCopyIsContained() throws {
        let original = try TestSupport.fixture("000_7a99af80e0447b28.txt")
        let words = original.split(separator: " ")
        let firstHalf = words.prefix(words.count * 6 / 10).joined(separator: " ")
        let index = indexed([original])
        let decision = try clusterer.decide(clusterer.sketch(firstHalf), index: index)
        #expect(decision.tier == .nearDuplicate)
        #expect(decision.copyGroupID == 100)
    }

    /// Passages held by more than `maxFingerprintFrequency` entries are boilerplate.
    @Test func boilerplateFingerprintsAreIgnored() throws {
        var generator = TestSupport.TextGenerator(seed: 99)
        let first = generator.text(40)
        let second = generator.text(40)
        func text(_ generator: inout TestSupport.TextGenerator) -> String {
            // The shared paragraphs sit in the middle, away from the template edges.
            [generator.text(100), first, generator.text(100), second, generator.text(100)].joined(separator: " ")
        }
        let limit = clusterer.settings.maxFingerprintFrequency
        let newText = clusterer.sketch(text(&generator))

        let few = indexed((0..<limit).map { _ in text(&generator) })
        let linked = try clusterer.decide(newText, index: few)
        #expect(linked.tier == .passageReuse)
        #expect(linked.passages.count == 2)

        let many = indexed((0...limit).map { _ in text(&generator) })
        #expect(try clusterer.decide(newText, index: many).tier == .newStory)
    }

    @Test func oneLongPassageLinksButOneShortPassageDoesNot() throws {
        var generator = TestSupport.TextGenerator(seed: 11)
        let long = generator.text(45)
        let short = generator.text(12)
        func around(_ passage: String, _ generator: inout TestSupport.TextGenerator) -> String {
            [generator.text(150), passage, generator.text(150)].joined(separator: " ")
        }
        let longIndex = indexed([around(long, &generator)])
        let linked = try clusterer.decide(clusterer.sketch(around(long, &generator)), index: longIndex)
        #expect(linked.tier == .passageReuse)
        #expect(linked.passages.count == 1)
        #expect((linked.passages.first?.length ?? 0) >= 30)

        let shortIndex = indexed([around(short, &generator)])
        #expect(try clusterer.decide(clusterer.sketch(around(short, &generator)), index: shortIndex).tier == .newStory)
    }

    @Test func templateEdgesDoNotLink() throws {
        var generator = TestSupport.TextGenerator(seed: 5)
        let header = generator.text(15)
        let footer = generator.text(25)
        let a = [header, generator.text(300), footer].joined(separator: " ")
        let b = [header, generator.text(300), footer].joined(separator: " ")
        let explanation = clusterer.explain(clusterer.sketch(a), clusterer.sketch(b))
        #expect(explanation.passages.count == 2)
        #expect(explanation.countedPassages == 0)
        #expect(try clusterer.decide(clusterer.sketch(a), index: indexed([b])).tier == .newStory)
    }

    @Test func shortTextsJoinOnlyWhenIdentical() throws {
        let index = indexed(["Putin lands in Pyongyang", "Floods in Vienna"])
        let same = try clusterer.decide(clusterer.sketch("PUTIN lands in Pyongyang!"), index: index)
        #expect(same.tier == .nearDuplicate)
        #expect(same.storyID == 10)
        let other = try clusterer.decide(clusterer.sketch("Putin lands in Beijing"), index: index)
        #expect(other.tier == .newStory)
        #expect(try clusterer.decide(clusterer.sketch(""), index: index).tier == .newStory)
        #expect(clusterer.sketch("").minhash.isEmpty)
    }

    @Test func memoryIndexReplacesAndRemovesEntries() throws {
        let text = try TestSupport.fixture("unrelated-chips.txt")
        let sketch = clusterer.sketch(text)
        var index = MemoryClusterIndex()
        index.add(entryID: 1, storyID: 1, copyGroupID: 1, sketch: sketch)
        index.add(entryID: 1, storyID: 2, copyGroupID: 3, sketch: sketch)
        #expect(index.count == 1)
        #expect(index.nearDuplicateCandidates(bandKeys: sketch.bandKeys).map(\.storyID) == [2])
        let hashes = sketch.fingerprints.map(\.hash)
        #expect(Set(index.postings(for: hashes).map(\.entryID)) == [1])
        index.remove(entryID: 1)
        #expect(index.count == 0)
        #expect(index.postings(for: hashes).isEmpty)
        #expect(index.entry(1) == nil)
    }

    @Test func settingsDecodeWithMissingKeys() throws {
        let json = Data(#"{"maxFingerprintFrequency": 9}"#.utf8)
        let settings = try JSONDecoder().decode(ClusterSettings.self, from: json)
        #expect(settings.maxFingerprintFrequency == 9)
        #expect(settings.minhashSlots == 128)
    }
}
