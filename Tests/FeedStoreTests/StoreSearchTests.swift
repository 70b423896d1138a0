import Foundation
import Testing
import Clustering
import FeedModel
@testable import FeedStore

@Suite struct StoreSearchTests {
    let clusterer = Clusterer()
    let now = Date(timeIntervalSince1970: 1_718_700_000)

    func entry(_ id: String, _ title: String, _ text: String) -> IncomingEntry {
        IncomingEntry(externalID: id, url: "https://paper.example/\(id)", canonicalURL: nil, title: title, text: text, published: now)
    }

    func filledStore(_ temp: TemporaryDatabase) throws -> Store {
        let store = try Store(path: temp.path)
        let source = try store.sourceID(named: "paper")
        _ = try store.commit(sourceID: source, entries: [
            entry("tram", "Tram extension approved", "Councillors approved the tram line to the eastern docks after three years."),
            entry("comet", "Comet found near the Pole Star", "Two amateur astronomers spotted a faint comet; the tram to the observatory was late."),
            entry("reef", "Divers map a coral reef", "A cold-water coral reef was mapped off the northern coast by volunteer divers."),
        ].map { SketchedEntry($0, clusterer: clusterer) }, state: nil, clusterer: clusterer, now: now)
        return store
    }

    @Test func findsByTitleAndBodyWordsAndRanksTheTitleMatchFirst() throws {
        let temp = try TemporaryDatabase()
        let store = try filledStore(temp)
        let tram = try store.search(SearchQuery("tram"))
        #expect(tram.map(\.title) == ["Tram extension approved", "Comet found near the Pole Star"])
        #expect(tram[0].rank < tram[1].rank)
        #expect(tram[1].snippet.contains("\(SearchHit.matchStart)tram\(SearchHit.matchEnd)"))
        #expect(try store.search(SearchQuery("coral divers")).map(\.title) == ["Divers map a coral reef"])
        #expect(try store.search(SearchQuery("astronom*")).map(\.title) == ["Comet found near the Pole Star"])
        #expect(try store.search(SearchQuery("\"eastern docks\"")).count == 1)
        #expect(try store.search(SearchQuery("\"docks eastern\"")).isEmpty)
        #expect(try store.search(SearchQuery("submarine")).isEmpty)
    }

    @Test func whateverAPersonTypesIsNeverASyntaxError() throws {
        let temp = try TemporaryDatabase()
        let store = try filledStore(temp)
        for typed in ["tram AND", "OR tram", "NOT", "\"unclosed tram", "tram\"\"", "-tram", "title:tram", "(tram", "^tram",
                      "tram*)", "' OR 1=1 --", "NEAR(tram comet)", "*", "\u{0}tram", "☃ tram 🚋", ""] {
            #expect(throws: Never.self, "\(typed)") { _ = try store.search(SearchQuery(typed)) }
        }
        #expect(try store.search(SearchQuery("tram AND")).count == 0)
        #expect(try store.search(SearchQuery("title:tram")).isEmpty)
        #expect(try store.search(SearchQuery("-tram")).count == 2)
        #expect(SearchQuery("!!! ***").expression == nil)
    }

    @Test func aNewVersionReplacesTheOldTextAndPrunedEntriesLeaveTheIndex() throws {
        let temp = try TemporaryDatabase()
        let store = try filledStore(temp)
        let source = try store.sourceID(named: "paper")
        _ = try store.commit(sourceID: source, entries: [
            SketchedEntry(entry("reef", "Divers map a coral reef", "The survey found a sunken schooner beside the reef."), clusterer: clusterer),
        ], state: nil, clusterer: clusterer, now: now)
        #expect(try store.search(SearchQuery("schooner")).count == 1)
        #expect(try store.search(SearchQuery("volunteer")).isEmpty)
        _ = try store.prune(before: now.addingTimeInterval(86_400))
        #expect(try store.search(SearchQuery("tram")).isEmpty)
        #expect(store.searchIndexStatus == SearchIndexStatus(behind: 0, lastError: nil))
        let index = try Database(path: SearchIndex.path(forStore: temp.path), readOnly: true)
        #expect(try index.statement("SELECT COUNT(*) FROM entry_fts").firstRow { $0.int(0) } == 0)
        #expect(try store.integrityCheck() == "ok")
    }
}
