import Foundation
import FeedExport
import FeedStore

/// The `/stories` page: plain, readable HTML (no scripts), newest stories first with their
/// sources under each, and a search box whose results replace the list.
enum StoriesPage {
    static func html(stories: [StorySummary], query: String?, hits: [SearchHit], now: Date = Date()) -> String {
        var body = ""
        if let query {
            body += "<h2>\(hits.count) result\(hits.count == 1 ? "" : "s") for “\(escape(query))”</h2>\n<ol class=\"hits\">\n"
            for hit in hits {
                let title = hit.url.map { "<a href=\"\(escape($0))\">\(escape(hit.title))</a>" } ?? escape(hit.title)
                body += "<li><p class=\"title\">\(title)</p><p class=\"meta\">\(escape(hit.sourceName)) · story #\(hit.storyID)</p>"
                body += "<p class=\"snippet\">\(highlight(hit.snippet))</p></li>\n"
            }
            body += "</ol>\n<p><a href=\"/stories\">← all stories</a></p>\n"
        } else if stories.isEmpty {
            body += "<p>No stories yet.</p>\n"
        } else {
            body += "<ol class=\"stories\">\n"
            for story in stories {
                let sources = story.sourceNames
                var badge = sources.count == 1 ? "1 source" : "\(sources.count) sources"
                if story.copyCount > 0 { badge += ", \(story.copyCount) copies" }
                body += "<li id=\"story-\(story.id)\"><p class=\"title\">\(escape(story.headline))</p>"
                body += "<p class=\"meta\">\(stamp(story.updatedAt)) · <span class=\"badge\">\(badge)</span></p>\n<ul class=\"members\">\n"
                for member in story.members {
                    let title = member.url.map { "<a href=\"\(escape($0))\">\(escape(member.title))</a>" } ?? escape(member.title)
                    body += "<li><span class=\"source\">\(escape(member.sourceName))</span> \(title)</li>\n"
                }
                body += "</ul></li>\n"
            }
            body += "</ol>\n"
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>feedmerge: stories</title>
            <link rel="alternate" type="application/atom+xml" title="feedmerge stories" href="/feed.atom">
            <link rel="alternate" type="application/feed+json" title="feedmerge stories" href="/feed.json">
            <style>
            body { font: 16px/1.45 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
            h1 { font-size: 1.4rem; margin: 0 0 1rem; } h1 a { color: inherit; text-decoration: none; }
            form { display: flex; gap: .5rem; margin-bottom: 1.5rem; }
            input[type=search] { flex: 1; font: inherit; padding: .4rem .6rem; border: 1px solid #bbb; border-radius: 4px; }
            button { font: inherit; padding: .4rem .9rem; }
            ol { padding: 0; list-style: none; } ol > li { margin: 0 0 1.4rem; }
            .title { font-weight: 600; font-size: 1.08rem; margin: 0; }
            .meta { color: #666; font-size: .85rem; margin: .15rem 0 .3rem; }
            .badge { background: #eef2ff; color: #3346a8; border-radius: 3px; padding: 0 .35rem; }
            ul.members { margin: 0; padding-left: 1.1rem; font-size: .92rem; }
            .source { color: #555; font-variant: small-caps; margin-right: .3rem; }
            .snippet { margin: 0; color: #333; } mark { background: #fff2a8; }
            a { color: #1a56b0; }
            </style>
            </head>
            <body>
            <h1><a href="/stories">feedmerge</a></h1>
            <form action="/stories" method="get" role="search">
            <input type="search" name="q" value="\(escape(query ?? ""))" placeholder="Search titles and texts" aria-label="Search">
            <button type="submit">Search</button>
            </form>
            \(body)</body>
            </html>

            """
    }

    static func escape(_ text: String) -> String {
        Markup.escape(text)
    }

    /// The snippet escaped, with its matches in `<mark>` (the marks are control characters,
    /// which escaping drops: split on them first).
    static func highlight(_ snippet: String) -> String {
        var html = ""
        var current = ""
        for character in snippet {
            switch character {
            case SearchHit.matchStart:
                html += escape(current) + "<mark>"
                current = ""
            case SearchHit.matchEnd:
                html += escape(current) + "</mark>"
                current = ""
            default:
                current.append(character)
            }
        }
        return html + escape(current)
    }

    private static func stamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
            .replacingOccurrences(of: "T", with: " ").prefix(16) + " UTC"
    }
}
