import Foundation
import Testing
@testable import FeedConfig
import FeedModel

@Suite struct ConfigLoaderTests {
    let base = "/srv/feedmerge"

    func parse(_ text: String) throws(ConfigError) -> FeedmergeConfig {
        try ConfigLoader.parse(text, file: "test.toml", baseDirectory: base, environment: ["HOME": "/home/reader"])
    }

    func error(_ text: String) -> ConfigError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsAFullFile() throws {
        let config = try parse("""
            [store]
            path = "data/feedmerge.sqlite"

            [fetch]
            timeout = "45s"
            max_body_bytes = 2048

            [clustering]
            min_shared_passages = 3
            near_duplicate_jaccard = 0.6

            [[source]]
            name = "World"
            url = "https://example.org/world.rss"
            interval = "15m"

            [[source]]
            name = "Live"
            url = "file://pages/live.html"
            kind = "page"
            interval = 600
            """)
        #expect(config.storePath == "/srv/feedmerge/data/feedmerge.sqlite")
        #expect(config.fetch.totalTimeout == 45)
        #expect(config.fetch.maxBodyBytes == 2048)
        #expect(config.clustering.minSharedPassages == 3)
        #expect(config.clustering.nearDuplicateJaccard == 0.6)
        #expect(config.clustering.maxFingerprintFrequency == nil)
        #expect(config.sources == [
            Source(name: "World", url: "https://example.org/world.rss", kind: .feed, interval: 900),
            Source(name: "Live", url: "file:///srv/feedmerge/pages/live.html", kind: .page, interval: 600),
        ])
    }

    @Test func httpOutputIsOffUnlessListenIsGivenAndNamesABadAddress() throws {
        #expect(try parse("[store]\npath = \"x\"\n").httpListen == nil)
        #expect(try parse("[store]\npath = \"x\"\n[http]\nlisten = \"127.0.0.1:8080\"\n").httpListen == "127.0.0.1:8080")
        #expect(try parse("[store]\npath = \"x\"\n[http]\nlisten = \"[::1]:0\"\n").httpListen == "[::1]:0")
        let bad = error("[store]\npath = \"x\"\n[http]\nlisten = \"localhost\"\n")
        #expect(bad?.description.contains("test.toml:4: http.listen: expected host:port") == true, "\(String(describing: bad))")
        #expect(error("[store]\npath = \"x\"\n[http]\nport = 80\n")?.description.contains("http.port: unknown key") == true)
    }

    @Test func defaultsWithoutStoreUseTheStateDirectory() throws {
        let config = try ConfigLoader.parse("", file: "t.toml", baseDirectory: "/", environment: ["STATE_DIRECTORY": "/var/lib/feedmerge"])
        #expect(config.storePath == "/var/lib/feedmerge/feedmerge.sqlite")
        #expect(config.sources.isEmpty)
        let user = try ConfigLoader.parse("", file: "t.toml", baseDirectory: "/", environment: ["HOME": "/home/ann"])
        #expect(user.storePath == "/home/ann/.local/state/feedmerge/feedmerge.sqlite")
    }

    @Test func syntaxErrorNamesLineAndColumn() throws {
        let failure = try #require(error("""
            [store]
            path = "a.sqlite"

            [[source]]
            name = "World
            url = "https://example.org/"
            """))
        #expect(failure.file == "test.toml")
        #expect(failure.line == 5)
        #expect(failure.column != nil)
        #expect(failure.description.hasPrefix("test.toml:5:"))
    }

    @Test func unknownKeyNamesLineAndKey() throws {
        let failure = try #require(error("""
            [[source]]
            name = "A"
            url = "https://a.example/feed"

            [[source]]
            name = "B"
            url = "https://b.example/feed"
            intervall = "5m"
            """))
        #expect(failure.line == 8)
        #expect(failure.key == "source[1].intervall")
        #expect(failure.message == "unknown key")
        #expect(failure.description == "test.toml:8: source[1].intervall: unknown key")
    }

    @Test func unknownTableIsRejected() throws {
        let failure = try #require(error("[storage]\npath = \"x\"\n"))
        #expect(failure.key == "storage")
        #expect(failure.line == 1)
    }

    @Test(arguments: [
        ("interval = true", "source[0].interval", "expected a duration"),
        ("interval = \"soon\"", "source[0].interval", "expected a duration"),
        ("interval = 1", "source[0].interval", "out of range"),
        ("kind = \"podcast\"", "source[0].kind", "expected \"feed\" or \"page\""),
    ])
    func wrongValueNamesTheKey(line: String, key: String, message: String) throws {
        let failure = try #require(error("""
            [[source]]
            name = "A"
            url = "https://a.example/feed"
            \(line)
            """))
        #expect(failure.key == key)
        #expect(failure.line == 4)
        #expect(failure.message.contains(message))
    }

    @Test func badURLAndMissingKeysAndDuplicates() throws {
        let badURL = try #require(error("[[source]]\nname = \"A\"\nurl = \"ftp://a.example/feed\"\n"))
        #expect(badURL.key == "source[0].url")
        #expect(badURL.line == 3)

        let missing = try #require(error("[[source]]\nname = \"A\"\n"))
        #expect(missing.message == "missing required key \"url\"")
        #expect(missing.line == 1)

        let duplicate = try #require(error("""
            [[source]]
            name = "A"
            url = "https://a.example/1"
            [[source]]
            name = "A"
            url = "https://a.example/2"
            """))
        #expect(duplicate.key == "source[1].name")
        #expect(duplicate.line == 5)
    }

    @Test func lookupOrderPrefersExplicitThenEnvironment() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let explicit = folder.appendingPathComponent("explicit.toml").path
        let fromEnvironment = folder.appendingPathComponent("env.toml").path
        try "[store]\npath = \"explicit.sqlite\"\n".write(toFile: explicit, atomically: true, encoding: .utf8)
        try "[store]\npath = \"env.sqlite\"\n".write(toFile: fromEnvironment, atomically: true, encoding: .utf8)

        let chosen = try ConfigLoader.load(explicit: explicit, environment: ["FEEDMERGE_CONFIG": fromEnvironment])
        #expect(chosen.storePath.hasSuffix("/explicit.sqlite"))
        let viaEnvironment = try ConfigLoader.load(explicit: nil, environment: ["FEEDMERGE_CONFIG": fromEnvironment])
        #expect(viaEnvironment.storePath.hasSuffix("/env.sqlite"))
        #expect(viaEnvironment.file == fromEnvironment)

        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(explicit: folder.appendingPathComponent("missing.toml").path, environment: [:])
        }
        #expect(ConfigLoader.searchPaths(environment: ["FEEDMERGE_CONFIG": "/x.toml"])
            == ["/x.toml", "./feedmerge.toml", "/etc/feedmerge/feedmerge.toml"])
    }

    @Test func bundledExampleConfigIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for file in ["Config/feedmerge.toml", "Demo/feedmerge.toml"] {
            let config = try ConfigLoader.load(file: root.appendingPathComponent(file).path, environment: ["HOME": "/tmp"])
            #expect(!config.sources.isEmpty, "\(file)")
        }
    }

    @Test(arguments: [("90s", 90), ("30m", 1800), ("2h", 7200), ("1d", 86400), ("1h30m", 5400), ("600", 600)])
    func durations(text: String, seconds: Int) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(arguments: ["", "m", "5x", "-3m", "h5"])
    func badDurations(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }
}

@Suite struct FetchConfigTests {
    func parse(_ text: String) throws(ConfigError) -> FeedmergeConfig {
        try ConfigLoader.parse(text, file: "t.toml", baseDirectory: "/", environment: ["HOME": "/tmp"])
    }

    @Test func perSourceRequestOptionsAndSchedulingBounds() throws {
        let config = try parse("""
            [fetch]
            min_interval = "5m"
            max_interval = "12h"
            max_connections_per_host = 4
            max_connections = 32

            [store]
            retention = "30d"

            [[source]]
            name = "private"
            url = "https://example.org/feed"
            user_agent = "custom/1"
            username = "reader"
            password = "s3cret"
            proxy = "http://proxy.example:3128"
            headers = { "X-Api-Key" = "k1", Accept = "application/rss+xml" }
            """)
        #expect(config.schedule == ScheduleBounds(minInterval: 300, maxInterval: 43200))
        #expect(config.fetch.maxConnectionsPerHost == 4)
        #expect(config.fetch.maxConnections == 32)
        #expect(config.retention == 30 * 86400)
        let options = try #require(config.sources.first?.options)
        #expect(options.userAgent == "custom/1")
        #expect(options.username == "reader")
        #expect(options.password == "s3cret")
        #expect(options.proxy == "http://proxy.example:3128")
        #expect(options.headers == [HTTPHeader(name: "Accept", value: "application/rss+xml"), HTTPHeader(name: "X-Api-Key", value: "k1")])
    }

    @Test func badFetchAndSourceOptionsNameTheirLine() throws {
        do {
            _ = try parse("[fetch]\nmin_interval = \"2h\"\nmax_interval = \"1h\"\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.key == "fetch.max_interval")
            #expect(error.line == 3)
        }
        do {
            _ = try parse("[[source]]\nname = \"a\"\nurl = \"https://a.example/\"\npassword = \"x\"\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.key == "source[0].password")
            #expect(error.line == 4)
        }
        do {
            _ = try parse("[store]\nretention = \"1h\"\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.key == "store.retention")
        }
    }
}
