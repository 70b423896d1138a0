import Foundation
import Testing

@Suite struct CLITests {
    /// Seed pages as the import schema, copied into the test fixtures.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func configErrorExitsWith78AndNamesTheLine() throws {
        let workspace = try Workspace(config: "[store]\npath = \"x.sqlite\"\n\n[[source]]\nname = \"a\"\nurl = \"https://a.example/\"\nkindd = \"feed\"\n")
        let result = try workspace.run(["stories"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("feedmerge.toml:7: source[0].kindd: unknown key"))
        #expect(result.stdout.isEmpty)
    }

    @Test func missingConfigFileIsAConfigError() throws {
        let result = try CommandRunner.run(["stories", "--config", "/nonexistent/feedmerge.toml"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("/nonexistent/feedmerge.toml: no such file"))
    }

    @Test func badSinceIsAUsageError() throws {
        let workspace = try Workspace()
        let result = try workspace.run(["stories", "--since", "yesterday"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--since expects a span such as 24h"))
    }

    @Test func emptyStoreHasNoStoriesAndUnknownStoryFails() throws {
        let workspace = try Workspace()
        // No database yet: reading commands say how to make one.
        let before = try workspace.run(["stories"])
        #expect(before.status != 0)
        #expect(before.stderr.contains("no database here yet"))

        let empty = try workspace.write("empty.jsonl", "")
        #expect(try workspace.run(["import", "--jsonl", empty]).status == 0)
        let stories = try workspace.run(["stories"])
        #expect(stories.status == 0)
        #expect(stories.stdout == "No stories yet.\n")
        let jsonl = try workspace.run(["stories", "--format", "jsonl"])
        #expect(jsonl.stdout.isEmpty)
        let unknown = try workspace.run(["story", "42"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no story #42"))
    }

    @Test func importReportsBadLinesByNumberAndKeepsTheRest() throws {
        let workspace = try Workspace()
        let file = try workspace.write("docs.jsonl", """
            {"id": "a1", "source": "paper", "url": "https://paper.example/a1", "title": "Tram line approved", "text": "Councillors approved the tram extension to the eastern docks after three years of consultation."}
            {"id": "a2", "source": "paper", "title": "broken
            {"source": "paper", "title": "no id", "text": "x"}
            {"id": "a3", "source": "journal", "title": "Comet found", "text": "Two amateur astronomers found a faint comet near the Pole Star.", "published": "2024-06-18T21:10:00Z"}
            """)
        let result = try workspace.run(["import", "--jsonl", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("docs.jsonl:2: skipped: not valid JSON"))
        #expect(result.stderr.contains("docs.jsonl:3: skipped: missing key \"id\""))
        #expect(result.stderr.contains("imported 2 new entries"))

        let stories = try workspace.run(["stories", "--format", "jsonl"])
        let records = stories.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(records.count == 2)
        let ids = records.flatMap { ($0["members"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
        #expect(Set(ids) == ["a1", "a3"])

        // Importing the same file again changes nothing.
        let again = try workspace.run(["import", "--jsonl", file])
        #expect(again.stderr.contains("imported 0 new entries, 0 new versions, 2 unchanged"))
    }

    /// Lines are read on several threads in slices of 256; what is reported and stored still
    /// follows the file: line numbers, the order of entries, html pages extracted.
    @Test func aLongImportReportsByLineAndStoresInFileOrder() throws {
        let workspace = try Workspace()
        var lines: [String] = []
        for index in 1...600 {
            switch index {
            case 300: lines.append("{\"id\": \"x\", \"source\": ")
            case 450: lines.append("{\"id\": \"d450\", \"source\": \"wire\", \"title\": \"Odd date\", \"text\": \"Harbour pilots\u{2019} union votes on strike action.\", \"published\": \"last tuesday\"}")
            case 500: lines.append("{\"id\": \"d500\", \"source\": \"web\", \"html\": \"<html><head><title>Quarry reopens</title></head><body><article><p>The limestone quarry above the village reopened on Monday after a two-year closure, bringing back forty jobs.</p></article></body></html>\"}")
            case 550: lines.append("   ")
            default: lines.append("{\"id\": \"d\(index)\", \"source\": \"s\(index % 7)\", \"title\": \"Item \(index)\", \"text\": \"Unique words w\(index)a w\(index)b w\(index)c about item \(index).\"}")
            }
        }
        let file = try workspace.write("long.jsonl", lines.joined(separator: "\n") + "\n")
        let result = try workspace.run(["import", "--jsonl", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("long.jsonl:300: skipped: not valid JSON"))
        #expect(result.stderr.contains("long.jsonl:450: unreadable published time \"last tuesday\"; using the import time"))
        #expect(result.stderr.contains("imported 598 new entries"))
        let story = try workspace.run(["search", "limestone", "--format", "jsonl"])
        #expect(story.stdout.contains("Quarry reopens"))
        // Entries were stored in file order: ids increase with the line.
        let found = try workspace.run(["search", "unique", "--limit", "1000", "--format", "jsonl"])
        let records = found.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(records.count == 596)
        let order = records.compactMap { record -> (Int, Int)? in
            guard let entry = record["entry"] as? Int, let title = record["title"] as? String,
                  let line = Int(title.dropFirst("Item ".count)) else { return nil }
            return (line, entry)
        }.sorted { $0.0 < $1.0 }
        #expect(order.count == 596)
        #expect(zip(order, order.dropFirst()).allSatisfy { $0.1 < $1.1 })
    }

    @Test func storyShowsMembersAndSourcesListsHealth() throws {
        let workspace = try Workspace()
        let file = try workspace.write("docs.jsonl", """
            {"id": "a1", "source": "paper", "url": "https://paper.example/a1?utm_source=x", "title": "Tram line approved", "text": "Councillors approved the tram extension to the eastern docks."}
            {"id": "b7", "source": "wire", "url": "https://paper.example/a1", "title": "Tram line approved (wire)", "text": "Councillors approved the tram extension."}
            """)
        #expect(try workspace.run(["import", "--jsonl", file]).status == 0)
        let listing = try workspace.run(["stories"])
        #expect(listing.stdout.contains("Tram line approved"))
        #expect(listing.stdout.contains("2 sources"))
        let story = try workspace.run(["story", "1"])
        #expect(story.status == 0)
        #expect(story.stdout.contains("[wire]"))
        #expect(story.stdout.contains("identity with entry 1"))
        let sources = try workspace.run(["sources"])
        #expect(sources.stdout.contains("paper"))
        #expect(sources.stdout.contains("never fetched"))
    }

    @Test func sourcesShowsTheFeedAPageLedTo() throws {
        let workspace = try Workspace()
        let feed = try workspace.write("feed.xml", """
            <rss version="2.0"><channel><title>Blog</title><item><guid>1</guid><title>Tram line approved</title>
            <description>Councillors approved the tram extension.</description></item></channel></rss>
            """)
        let page = try workspace.write("index.html", """
            <html><head><link rel="alternate" type="application/rss+xml" href="feed.xml"></head><body><p>Home</p></body></html>
            """)
        _ = try workspace.write("feedmerge.toml", """
            [store]
            path = "feedmerge.sqlite"

            [[source]]
            name = "blog"
            url = "\(URL(fileURLWithPath: page).absoluteString)"
            kind = "feed"
            """)
        #expect(try workspace.run(["run", "--once"]).status == 0)
        let sources = try workspace.run(["sources"])
        #expect(sources.stdout.contains("polled at \(URL(fileURLWithPath: feed).absoluteString) (moved permanently, or the feed its page advertises)"))
        #expect(sources.stdout.contains("1 entry"))
        #expect(try workspace.run(["stories"]).stdout.contains("Tram line approved"))
    }
}

@Suite struct MaintenanceCommandTests {
    @Test func backupWritesAConsistentCopyAndRefusesToOverwrite() throws {
        let workspace = try Workspace()
        let file = try workspace.write("docs.jsonl", """
            {"id": "a1", "source": "paper", "title": "Tram line approved", "text": "Councillors approved the tram extension to the eastern docks."}
            """)
        #expect(try workspace.run(["import", "--jsonl", file]).status == 0)
        let copy = workspace.folder.appendingPathComponent("backup.sqlite").path
        let first = try workspace.run(["backup", copy])
        #expect(first.status == 0)
        #expect(first.stderr.contains("backed up"))
        let restored = try CommandRunner.run(["stories", "--config", workspace.configPath, "--store", copy, "--format", "jsonl"])
        #expect(restored.stdout.contains("\"a1\""))
        let again = try workspace.run(["backup", copy])
        #expect(again.status == 74)
        #expect(again.stderr.contains("refusing to overwrite"))
    }

    @Test func pruneValidatesItsSpanAndKeepsRecentEntries() throws {
        let workspace = try Workspace()
        let file = try workspace.write("docs.jsonl", """
            {"id": "a1", "source": "paper", "title": "Tram line approved", "text": "Councillors approved the tram extension."}
            """)
        #expect(try workspace.run(["import", "--jsonl", file]).status == 0)
        let bad = try workspace.run(["prune", "--older-than", "ages"])
        #expect(bad.status == 64)
        let pruned = try workspace.run(["prune", "--older-than", "30d"])
        #expect(pruned.status == 0)
        #expect(pruned.stderr.contains("pruned 0 entries"))
        #expect(try workspace.run(["stories", "--format", "jsonl"]).stdout.contains("\"a1\""))
    }
}
