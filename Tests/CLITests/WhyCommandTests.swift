import Foundation
import Testing

@Suite struct WhyCommandTests {
    static let shared = [
        "The harbour authority confirmed on Tuesday that the northern breakwater will close for repairs until the spring storms have passed.",
        "Engineers found cracks along four hundred metres of the old stone wall after the January gales battered the coast for a week.",
        "Fishing crews have been told to use the southern entrance, which adds nearly an hour to every trip out to the grounds.",
    ]

    static let first = "Breakwater to close. " + shared.joined(separator: " ")
        + " The mayor called the news a blow to the town, whose ferry timetable was rewritten twice last winter when the same wall lost a section of its parapet to a surge tide."
        + " Insurers say the repair bill could reach eleven million, most of it for granite quarried in the north and shipped by barge because the coast road cannot take the weight."
    static let second = "Local skippers angry. " + shared.reversed().joined(separator: " Meanwhile, ")
        + " A public meeting is planned for Friday evening at the sailing club, where the harbour master will answer questions from crews, traders and the lifeboat station."
        + " Several owners said they would move their boats to the marina across the bay for the season, taking their catch and their landing fees with them."
    static let other = "A new library opens in the old post office building with a reading garden, a cafe and free evening classes for adults in four languages."

    /// Imports the two harbour reports (the second from `secondSource`) and the library news.
    private func imported(into workspace: Workspace, secondSource: String = "coast-daily") throws {
        let lines = [
            ("h1", "harbour-news", "Breakwater closes", Self.first), ("h2", secondSource, "Skippers angry at closure", Self.second),
            ("l1", "town", "Library opens", Self.other),
        ].map { #"{"id": "\#($0.0)", "source": "\#($0.1)", "title": "\#($0.2)", "text": "\#($0.3)"}"# }
        let file = try workspace.write("docs.jsonl", lines.joined(separator: "\n"))
        #expect(try workspace.run(["import", "--jsonl", file]).status == 0)
    }

    @Test func whyNamesTheTierTheScoresAndTheSharedPassages() throws {
        let workspace = try Workspace()
        try imported(into: workspace)

        let together = try workspace.run(["why", "h2", "h1"])
        #expect(together.status == 0)
        #expect(together.stdout.contains("together: same story"))
        #expect(together.stdout.contains("passage-reuse"))
        #expect(together.stdout.contains("shared passages (A word, B word, length):"))
        #expect(together.stdout.contains("cracks along four hundred metres of the old stone wall"))

        let apart = try workspace.run(["why", "l1", "1"])
        #expect(apart.status == 0)
        #expect(apart.stdout.contains("apart: different stories"))
        #expect(apart.stdout.contains("no tier joins them"))
        #expect(apart.stdout.contains("does not link (needs 2 passages, or one of 30 words)"))

        let missing = try workspace.run(["why", "h1", "nope"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no entry nope"))
    }

    @Test func whySaysWhenPassagesWithinOneSourceDoNotLink() throws {
        let workspace = try Workspace(config: "[store]\npath = \"feedmerge.sqlite\"\n\n[clustering]\npassages_within_source = false\n")
        try imported(into: workspace, secondSource: "harbour-news")
        let apart = try workspace.run(["why", "h2", "h1"])
        #expect(apart.status == 0)
        #expect(apart.stdout.contains("apart: different stories"))
        #expect(apart.stdout.contains("does not link: passages within one source are its boilerplate"))
        #expect(apart.stdout.contains("cracks along four hundred metres of the old stone wall"))
    }
}
