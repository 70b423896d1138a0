import Foundation
import Testing

/// `feedmerge-parse`, the parser alone: the same records as `feedmerge parse`, from files or
/// standard input, and the benchmark line `make bench-parse` reads.
@Suite struct ParseToolTests {
    static let rss = """
        <?xml version="1.0"?>
        <rss version="2.0"><channel><title>Loop news</title><link>https://news.example/</link>
        <item><title>First &amp; foremost</title><link>https://news.example/1</link><guid>n-1</guid>
        <pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate><description>&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;&lt;/p&gt;</description></item>
        </channel></rss>
        """

    @Test func writesTheSameRecordsAsFeedmergeParse() throws {
        let workspace = try Workspace()
        let feed = try workspace.write("feed.xml", Self.rss)
        let json = try workspace.write("feed.json", """
            {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": 7, "title": "Seven", "tags": ["a", 1]}]}
            """)
        let broken = try workspace.write("broken.json", "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [}")
        let files = [feed, json, broken, workspace.folder.appendingPathComponent("missing.xml").path]

        let tool = try CommandRunner.run(files, program: "feedmerge-parse")
        let full = try CommandRunner.run(["parse", "--format", "jsonl"] + files)
        #expect(tool.stdout == full.stdout)
        // The missing file still has its record; the exit status says one file was unreadable.
        #expect(tool.status == 1 && full.status == 1)
        let lines = tool.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].contains("\"feed_title\":\"Loop news\""))
        #expect(lines[0].contains("First & foremost"))
        #expect(lines[1].contains("\"id\":\"7\""))
        #expect(lines[2].contains("JSON could not be read: unexpected character at byte 56"))
    }

    @Test func readsOneDocumentFromStandardInput() throws {
        let result = try CommandRunner.run([], program: "feedmerge-parse", input: Self.rss)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("{\"file\":\"-\""))
        #expect(result.stdout.contains("\"entry_count\":1"))
    }

    @Test func benchmarkLineCarriesTheFigures() throws {
        let workspace = try Workspace()
        let feed = try workspace.write("feed.xml", Self.rss)
        let result = try CommandRunner.run(["--bench-rounds", "3", feed], program: "feedmerge-parse")
        #expect(result.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["parser"] as? String == "feedmerge-parse")
        #expect(object["rounds"] as? Int == 3)
        #expect(object["entries"] as? Int == 1)
        #expect(object["failures"] as? Int == 0)
        #expect((object["peak_rss_kb"] as? Int ?? 0) >= (object["baseline_rss_kb"] as? Int ?? 0))
    }

    @Test func usageErrorsExitWith2() throws {
        let unknown = try CommandRunner.run(["--frobnicate", "x.xml"], program: "feedmerge-parse")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown option --frobnicate"))
        let rounds = try CommandRunner.run(["--bench-rounds", "zero", "x.xml"], program: "feedmerge-parse")
        #expect(rounds.status == 2)
    }
}
