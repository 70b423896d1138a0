import Foundation
import Testing
import FeedModel
import FeedTestKit
@testable import Daemon

/// A `kind = "html-list"` source polled through the loopback server: the selectors reach the parser.
@Suite struct ListPagePollTests {
    @Test func listPageItemsAreStoredAsEntries() async throws {
        let workspace = try DaemonWorkspace()
        let server = try TestHTTPServer.started()
        defer { server.stop() }
        server.route("/news/", .ok("""
            <html><body><ul class="news">
            <li><a href="/news/1.html">One</a><time datetime="2024-03-01T09:00:00Z"></time></li>
            <li><a href="2.html">Two</a></li>
            <li><a href="3.html">Three</a></li>
            </ul></body></html>
            """))
        var source = Source(name: "list", url: server.url("/news/"), kind: .htmlList, interval: 600)
        source.list = ListSelectors(item: "//ul[@class='news']/li", title: "a", link: "a/@href", date: "time/@datetime")
        var broken = Source(name: "broken", url: server.url("/news/"), kind: .htmlList, interval: 600)
        broken.list = ListSelectors(item: "//li[")

        try await workspace.scheduler([source, broken]).run()
        let state = try #require(try workspace.state("list"))
        #expect(state.lastStatus == 200)
        #expect(state.lastError == nil)
        #expect(state.entryCount == 3)
        let error = try #require(try workspace.state("broken")?.lastError)
        #expect(error.contains("parse failed"))
        #expect(error.contains("XPath expression \"//li[\" is not valid"))
    }
}
