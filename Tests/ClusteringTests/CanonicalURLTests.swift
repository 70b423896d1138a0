import Testing
@testable import Clustering

/// Canonical URLs: what identity (tier 1) compares.
@Suite struct CanonicalURLTests {
    @Test(arguments: [
        ("https://Paper.Example/World/Harbour?utm_source=rss&utm_medium=feed", "https://paper.example/World/Harbour"),
        ("HTTP://paper.example:80/a?b=1#comments", "http://paper.example/a?b=1"),
        ("https://paper.example:443", "https://paper.example/"),
        ("https://paper.example:8443/a", "https://paper.example:8443/a"),
        ("http://paper.example:443/a", "http://paper.example:443/a"),
        ("  https://paper.example/a?fbclid=x&id=7&GCLID=y\r\n", "https://paper.example/a?id=7"),
        ("https://user:secret@paper.example/a", "https://paper.example/a"),
        ("https://paper.example/a?&&id=7&=x&UTM_Campaign=z", "https://paper.example/a?id=7"),
        ("https://paper.example/a?ref_src=twsrc&q=caf%C3%A9", "https://paper.example/a?q=caf%C3%A9"),
        ("https://Bücher.Example/Straße?Seite=2", "https://bücher.example/Straße?Seite=2"),
        ("https://paper.example?x=1", "https://paper.example/?x=1"),
        ("https://paper.example/a#b?c=d", "https://paper.example/a"),
    ])
    func normalises(url: String, canonical: String) {
        #expect(CanonicalURL.normalize(url) == canonical)
    }

    @Test(arguments: ["ftp://paper.example/a", "mailto:desk@paper.example", "paper.example/a", "https://", "https:///a", "", " \t"])
    func refusesWhatIsNotAnHTTPURL(url: String) {
        #expect(CanonicalURL.normalize(url) == nil)
    }

    @Test(arguments: [
        ("https://Paper.Example", true), ("https://paper.example:443/#top", true), ("http://paper.example/?utm_source=rss", true),
        ("https://paper.example/?p=7", false), ("https://paper.example/a", false), ("https://paper.example/a/", false),
    ])
    func knowsASiteRoot(url: String, root: Bool) throws {
        #expect(CanonicalURL.isSiteRoot(try #require(CanonicalURL.normalize(url))) == root)
        #expect((CanonicalURL.article(url) == nil) == root)
    }
}
