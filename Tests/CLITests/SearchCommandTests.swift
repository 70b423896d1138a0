import Foundation
import Testing

@Suite struct SearchCommandTests {
    @Test func searchPrintsBestMatchFirstPipesPlainAndRejectsEmptyQueries() throws {
        let workspace = try Workspace()
        let file = try workspace.write("docs.jsonl", """
            {"id": "a1", "source": "paper", "url": "https://paper.example/a1", "title": "Tram line approved", "text": "Councillors approved the tram extension to the eastern docks."}
            {"id": "b2", "source": "journal", "title": "Comet found", "text": "Two amateur astronomers found a faint comet; the last tram home was late."}
            """)
        #expect(try workspace.run(["import", "--jsonl", file]).status == 0)

        let text = try workspace.run(["search", "tram"])
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix("Tram line approved") == true)
        #expect(text.stdout.contains("[journal]"))
        // Piped: no colour codes, no match marks.
        #expect(!text.stdout.contains("\u{1B}["))
        #expect(!text.stdout.contains("\u{2}"))

        let jsonl = try workspace.run(["search", "comet", "--format", "jsonl"])
        let records = jsonl.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(records.count == 1)
        #expect(records.first?["source"] as? String == "journal")

        let operators = try workspace.run(["search", "tram AND (\"docks", "OR", "-x"])
        #expect(operators.status == 0)
        #expect(operators.stderr.isEmpty)
        #expect(operators.stdout == "Nothing found for tram and docks or x.\n")

        let empty = try workspace.run(["search", "!!!"])
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("nothing to search for"))
    }
}
