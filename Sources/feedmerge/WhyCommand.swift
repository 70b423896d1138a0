import ArgumentParser
import Clustering
import Daemon
import Foundation
import FeedStore

/// `feedmerge why A B`: which tier joins (or does not join) two entries, with the scores and
/// the shared passages.
struct WhyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why", abstract: "Explain why two entries are (or are not) in one story.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "An entry: its number (from `feedmerge story`) or the id it came with.")
    var a: String

    @Argument(help: "The other entry.")
    var b: String

    @Option(help: "Shared passages to print (0: none).")
    var passages = 20

    func run() throws {
        let config = try options.loadConfig()
        let store = try options.openStore(config)
        let clusterer = Clusterer(settings: ClusterSettings(options: config.clustering))
        guard let first = try store.entryID(for: a) else { return try fail("no entry \(a)") }
        guard let second = try store.entryID(for: b) else { return try fail("no entry \(b)") }
        guard let evidence = try store.explain(first, second, clusterer: clusterer) else {
            return try fail("entry \(first) or \(second) has no clustering record")
        }
        print(Self.report(evidence, settings: clusterer.settings, passages: passages))
    }

    private func fail(_ message: String) throws {
        Terminal.printError(message)
        throw ExitCode(1)
    }

    static func report(_ evidence: PairEvidence, settings: ClusterSettings, passages limit: Int) -> String {
        let a = evidence.a, b = evidence.b, text = evidence.text
        func placed(_ entry: ExplainedEntry, _ name: String) -> String {
            var line = "\(name) entry \(entry.entryID) [\(entry.sourceName)] \(entry.title)\n"
            line += "    story \(entry.storyID), copy group \(entry.copyGroupID): \(entry.tier)"
            if entry.tier != ClusterTier.newStory.rawValue { line += " score \(format(entry.score))" }
            if let matched = entry.matchedEntryID { line += " with entry \(matched)" }
            if entry.templateParagraphs > 0 { line += "; \(entry.templateParagraphs) template paragraphs ignored" }
            return line
        }
        var lines = [placed(a, "A"), placed(b, "B"), ""]
        if a.storyID == b.storyID {
            lines.append(a.copyGroupID == b.copyGroupID ? "together: same story, same copy group" : "together: same story")
        } else {
            lines.append("apart: different stories")
        }
        let copy = text.jaccard >= settings.nearDuplicateJaccard
            || (text.matchingSlots >= settings.minContainmentSlots && text.containment >= settings.nearDuplicateContainment)
        lines.append("near-duplicate  Jaccard \(format(text.jaccard)) (\(text.matchingSlots)/\(settings.minhashSlots) slots), containment \(format(text.containment))  -> \(copy ? "copies" : "not copies") (needs Jaccard >= \(format(settings.nearDuplicateJaccard)) or containment >= \(format(settings.nearDuplicateContainment)))")
        lines.append("passage reuse   \(text.passages.count) shared passages, \(text.countedPassages) away from template edges, \(text.sharedFingerprints) shared fingerprints  -> \(evidence.passagesWithinSourceIgnored ? "does not link: passages within one source are its boilerplate" : text.tier == .passageReuse || text.tier == .nearDuplicate ? "links" : "does not link") (needs \(settings.minSharedPassages) passages\(settings.longPassageWords > 0 ? ", or one of \(settings.longPassageWords) words" : ""))")
        lines.append("same story      TF-IDF cosine A·B \(format(evidence.cosine)); A against B's story \(format(evidence.storyScore)) (\(settings.sameStoryScore.rawValue), joins at >= \(format(evidence.storyThreshold)))")
        lines.append("verdict         on these two alone: \(evidence.wouldJoin == .newStory ? "no tier joins them" : "joined by \(evidence.wouldJoin.rawValue)")")
        if limit > 0, !text.passages.isEmpty {
            lines.append("")
            lines.append("shared passages (A word, B word, length):")
            for passage in text.passages.prefix(limit) {
                let start = Int(passage.start)
                let length = max(Int(passage.length), settings.winnowK)
                let words = start < a.keptWords.count
                    ? a.keptWords[start..<min(start + length, a.keptWords.count)].joined(separator: " ") : ""
                lines.append("  \(passage.start) / \(passage.matchedStart) / \(length)  \"\(words)\"")
            }
            if text.passages.count > limit { lines.append("  ... \(text.passages.count - limit) more") }
        }
        return lines.joined(separator: "\n")
    }

    private static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
