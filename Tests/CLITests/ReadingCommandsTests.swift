import Foundation
import Testing

/// stories filters and formats, export, check-config, import --opml: run as a user would.
@Suite struct ReadingCommandsTests {
    static let documents = """
        {"id": "a1", "source": "paper", "url": "https://paper.example/a1", "title": "Tram line approved", "text": "Councillors approved the tram extension to the eastern docks after three years of consultation and a long public inquiry."}
        {"id": "w1", "source": "wire", "url": "https://paper.example/a1?utm_source=wire", "title": "Tram line approved (wire)", "text": "Councillors approved the tram extension to the eastern docks after three years of consultation."}
        {"id": "c1", "source": "journal", "url": "https://journal.example/comet", "title": "Comet found", "text": "Two amateur astronomers found a faint comet near the Pole Star."}
        """

    func filled() throws -> Workspace {
        let workspace = try Workspace()
        #expect(try workspace.run(["import", "--jsonl", try workspace.write("docs.jsonl", Self.documents)]).status == 0)
        return workspace
    }

    @Test func storiesFilterBySourceAndSourceCountInEveryFormat() throws {
        let workspace = try filled()
        let merged = try workspace.run(["stories", "--min-sources", "2"])
        #expect(merged.stdout.contains("Tram line approved"))
        #expect(!merged.stdout.contains("Comet"))
        let journal = try workspace.run(["stories", "--source", "journal"])
        #expect(journal.stdout.contains("Comet found"))
        #expect(!journal.stdout.contains("Tram"))
        let none = try workspace.run(["stories", "--source", "nobody"])
        #expect(none.stdout == "No stories yet from nobody.\n")
        let json = try workspace.run(["stories", "--format", "json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        let limited = try workspace.run(["stories", "--limit", "1", "--format", "jsonl"])
        #expect(limited.stdout.split(separator: "\n").count == 1)
        let bad = try workspace.run(["stories", "--min-sources", "0"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--min-sources must be at least 1"))
    }

    @Test func exportWritesFeedsOfStoriesAndOPMLOfSources() throws {
        let workspace = try filled()
        let atom = try workspace.run(["export", "--format", "atom"])
        #expect(atom.status == 0)
        #expect(atom.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"))
        #expect(atom.stdout.components(separatedBy: "<entry>").count - 1 == 2)
        #expect(atom.stdout.contains("[2 sources, 2 copies]"))

        let file = workspace.folder.appendingPathComponent("out/feed.json").path
        try FileManager.default.createDirectory(atPath: workspace.folder.appendingPathComponent("out").path, withIntermediateDirectories: true)
        let json = try workspace.run(["export", "--format", "jsonfeed", "--min-sources", "2", "-o", file])
        #expect(json.status == 0)
        #expect(json.stdout.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        #expect((object["items"] as? [Any])?.count == 1)

        let unwritable = try workspace.run(["export", "--format", "atom", "-o", "/nonexistent/dir/feed.atom"])
        #expect(unwritable.status == 73)
        #expect(unwritable.stderr.contains("/nonexistent/dir/feed.atom: cannot write"))
    }

    @Test func checkConfigSaysOkOrNamesTheError() throws {
        let good = try Workspace(config: "[store]\npath = \"x.sqlite\"\n\n[[source]]\nname = \"a\"\nurl = \"https://a.example/feed\"\nkind = \"feed\"\n")
        let ok = try good.run(["check-config"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("feedmerge.toml: ok"))
        #expect(ok.stdout.contains("1 (1 feeds, 0 pages)"))
        let bad = try Workspace(config: "[store]\npath = \"x.sqlite\"\n\n[[source]]\nname = \"a\"\n")
        let error = try bad.run(["check-config"])
        #expect(error.status == 78)
        #expect(error.stderr.contains("feedmerge.toml:"))
    }

    @Test func importOPMLPrintsOrAppendsOnlyNewSources() throws {
        let workspace = try Workspace(config: "[store]\npath = \"x.sqlite\"\n\n[[source]]\nname = \"Wire\"\nurl = \"https://wire.example/rss\"\nkind = \"feed\"\n")
        let opml = try workspace.write("subs.opml", """
            <?xml version="1.0"?>
            <opml version="2.0"><head><title>subs</title></head><body>
              <outline text="News">
                <outline text="Wire" type="rss" xmlUrl="https://wire.example/rss"/>
                <outline text="Wire" type="rss" xmlUrl="https://wire2.example/rss"/>
                <outline text="Say &quot;hi&quot;" type="rss" xmlUrl="https://hi.example/atom"/>
              </outline>
            </body></opml>
            """)
        let printed = try workspace.run(["import", "--opml", opml])
        #expect(printed.status == 0)
        #expect(printed.stdout.contains(#"name = "Wire (2)"\#nurl = "https://wire2.example/rss""#))
        #expect(printed.stdout.contains(#"name = "Say \"hi\"""#))
        #expect(!printed.stdout.contains("https://wire.example/rss"))
        #expect(printed.stderr.contains("2 sources (1 already configured)"))

        let appended = try workspace.run(["import", "--opml", opml, "--append"])
        #expect(appended.status == 0)
        let check = try workspace.run(["check-config"])
        #expect(check.status == 0)
        #expect(check.stdout.contains("3 (3 feeds, 0 pages)"))
        // A second append finds nothing new.
        let again = try workspace.run(["import", "--opml", opml, "--append"])
        #expect(again.stderr.contains("appended 0 sources"))

        let notOPML = try workspace.run(["import", "--opml", try workspace.write("x.xml", "<rss/>")])
        #expect(notOPML.status == 65)
        #expect(notOPML.stderr.contains("not an OPML document"))
        let both = try workspace.run(["import", "--opml", opml, "--jsonl", "x"])
        #expect(both.status == 64)
    }
}

@Suite struct CompletionTests {
    @Test func completionScriptsKnowEveryCommand() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try CommandRunner.run(["--generate-completion-script", shell])
            #expect(result.status == 0, "\(shell)")
            for command in ["run", "stories", "search", "export", "check-config", "import", "sources"] {
                #expect(result.stdout.contains(command), "\(shell) completion lacks \(command)")
            }
        }
    }
}
