import Foundation
import FeedModel
import TOMLKit

/// Finds, reads and validates `feedmerge.toml`.
public enum ConfigLoader {
    /// Where the config comes from when `--config` is not given, in order.
    public static func searchPaths(environment: [String: String]) -> [String] {
        var paths: [String] = []
        if let fromEnvironment = environment["FEEDMERGE_CONFIG"], !fromEnvironment.isEmpty {
            paths.append(fromEnvironment)
        }
        paths.append("./feedmerge.toml")
        paths.append("/etc/feedmerge/feedmerge.toml")
        return paths
    }

    /// Resolves the lookup order (`explicit`, `$FEEDMERGE_CONFIG`, `./feedmerge.toml`,
    /// `/etc/feedmerge/feedmerge.toml`) and loads the first file found. An explicit path or
    /// `$FEEDMERGE_CONFIG` that does not exist is an error, not a fall-through.
    public static func load(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> FeedmergeConfig {
        if let explicit { return try load(file: explicit, environment: environment) }
        if let fromEnvironment = environment["FEEDMERGE_CONFIG"], !fromEnvironment.isEmpty {
            return try load(file: fromEnvironment, environment: environment)
        }
        for path in searchPaths(environment: [:]) where FileManager.default.fileExists(atPath: path) {
            return try load(file: path, environment: environment)
        }
        throw ConfigError(
            file: "", message: "no config file found (tried --config, $FEEDMERGE_CONFIG, ./feedmerge.toml, /etc/feedmerge/feedmerge.toml)")
    }

    /// Reads and validates one file.
    public static func load(
        file: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> FeedmergeConfig {
        guard FileManager.default.fileExists(atPath: file) else {
            throw ConfigError(file: file, message: "no such file")
        }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigError(file: file, message: "cannot read: \(Self.reason(error))")
        }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        return try parse(text, file: file, baseDirectory: directory, environment: environment)
    }

    /// Validates TOML text; relative paths are taken from `baseDirectory`.
    public static func parse(
        _ text: String, file: String, baseDirectory: String, environment: [String: String] = [:]
    ) throws(ConfigError) -> FeedmergeConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                file: file, line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        } catch {
            throw ConfigError(file: file, message: "not valid TOML: \(error)")
        }
        let locator = TOMLLineLocator(text: text)
        var root = TableReader(table: table, path: "", file: file, locator: locator)
        let (storePath, retention) = try readStore(&root, baseDirectory: baseDirectory, environment: environment)
        let (fetch, schedule) = try readFetch(&root)
        let clustering = try readClustering(&root)
        let sources = try readSources(&root, baseDirectory: baseDirectory)
        let httpListen = try readHTTP(&root)
        try root.rejectUnknownKeys()
        var config = FeedmergeConfig(
            file: file, storePath: storePath, retention: retention, fetch: fetch, schedule: schedule, clustering: clustering, sources: sources)
        config.httpListen = httpListen
        return config
    }

    /// `[http] listen = "127.0.0.1:8080"`: host (or `[ipv6]`, or nothing for every interface),
    /// a colon and a port from 0 to 65535.
    private static func readHTTP(_ root: inout TableReader) throws(ConfigError) -> String? {
        guard var http = try root.subtable("http") else { return nil }
        let listen = try http.string("listen")
        try http.rejectUnknownKeys()
        guard let listen else { return nil }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65535).contains(port), !listen[..<colon].contains(" ")
        else {
            throw http.error("listen", "expected host:port such as \"127.0.0.1:8080\", not \"\(listen)\"")
        }
        return listen
    }

    /// The database path when the file names none: `$STATE_DIRECTORY` under systemd,
    /// else `$XDG_STATE_HOME/feedmerge` or `~/.local/state/feedmerge`.
    public static func defaultStorePath(environment: [String: String]) -> String {
        if let state = environment["STATE_DIRECTORY"], !state.isEmpty {
            // systemd may pass several colon-separated directories; the first is ours.
            let first = state.split(separator: ":").first.map(String.init) ?? state
            return first + "/feedmerge.sqlite"
        }
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty {
            return xdg + "/feedmerge/feedmerge.sqlite"
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/feedmerge/feedmerge.sqlite"
    }

    private static func readStore(
        _ root: inout TableReader, baseDirectory: String, environment: [String: String]
    ) throws(ConfigError) -> (path: String, retention: Int) {
        guard var store = try root.subtable("store") else {
            return (defaultStorePath(environment: environment), FeedmergeConfig.defaultRetention)
        }
        let path = try store.string("path")
        let retention = try store.duration("retention", in: 0...(100 * 365 * 86400)) ?? FeedmergeConfig.defaultRetention
        if retention > 0 && retention < 86400 {
            throw store.error("retention", "keep entries at least a day (\"1d\"), or 0 to keep everything")
        }
        try store.rejectUnknownKeys()
        guard let path else { return (defaultStorePath(environment: environment), retention) }
        guard !path.isEmpty else { throw store.error("path", "must not be empty") }
        return (absolute(path, base: baseDirectory), retention)
    }

    private static func readFetch(_ root: inout TableReader) throws(ConfigError) -> (FetchLimits, ScheduleBounds) {
        var limits = FetchLimits()
        var schedule = ScheduleBounds()
        guard var fetch = try root.subtable("fetch") else { return (limits, schedule) }
        if let value = try fetch.duration("timeout", in: 1...3600) { limits.totalTimeout = Double(value) }
        if let value = try fetch.duration("connect_timeout", in: 1...600) { limits.connectTimeout = Double(value) }
        if let value = try fetch.int("max_body_bytes", in: 1024...(1 << 31)) { limits.maxBodyBytes = value }
        if let value = try fetch.int("max_redirects", in: 0...50) { limits.maxRedirects = value }
        if let value = try fetch.int("max_connections_per_host", in: 1...64) { limits.maxConnectionsPerHost = value }
        if let value = try fetch.int("max_connections", in: 1...1024) { limits.maxConnections = value }
        if let value = try fetch.string("user_agent") {
            guard !value.isEmpty, !value.contains("\n"), !value.contains("\r") else {
                throw fetch.error("user_agent", "must be one non-empty line")
            }
            limits.userAgent = value
        }
        if let value = try fetch.duration("min_interval", in: 10...(30 * 86400)) { schedule.minInterval = value }
        if let value = try fetch.duration("max_interval", in: 10...(30 * 86400)) { schedule.maxInterval = value }
        guard schedule.minInterval <= schedule.maxInterval else {
            throw fetch.error("max_interval", "must not be shorter than min_interval")
        }
        try fetch.rejectUnknownKeys()
        return (limits, schedule)
    }

    private static func readClustering(_ root: inout TableReader) throws(ConfigError) -> ClusteringOptions {
        var options = ClusteringOptions()
        guard var clustering = try root.subtable("clustering") else { return options }
        options.nearDuplicateJaccard = try clustering.double("near_duplicate_jaccard", in: 0.05...1)
        options.nearDuplicateContainment = try clustering.double("near_duplicate_containment", in: 0.05...1)
        options.minSharedPassages = try clustering.int("min_shared_passages", in: 1...100)
        options.maxFingerprintFrequency = try clustering.int("max_fingerprint_frequency", in: 1...1_000_000)
        options.templateMinEntries = try clustering.int("template_min_entries", in: 0...1_000_000)
        options.sameStoryCosine = try clustering.double("same_story_cosine", in: 0...1)
        options.sameSourceCosine = try clustering.double("same_source_cosine", in: 0...1)
        options.passagesWithinSource = try clustering.bool("passages_within_source")
        options.sourcePassageMinEntries = try clustering.int("source_passage_min_entries", in: 0...1_000_000)
        options.sourcePassageShare = try clustering.double("source_passage_share", in: 0...1)
        options.storyWindowHours = try clustering.double("story_window_hours", in: 0...100_000)
        options.windowHours = try clustering.double("window_hours", in: 1...100_000)
        options.termVectorSize = try clustering.int("term_vector_size", in: 0...10_000)
        options.titleWeight = try clustering.int("title_weight", in: 1...100)
        options.sameStoryMinDocuments = try clustering.int("same_story_min_documents", in: 0...1_000_000_000)
        options.sourceVocabularyShare = try clustering.double("source_vocabulary_share", in: 0...1)
        options.sourceVocabularyMinEntries = try clustering.int("source_vocabulary_min_entries", in: 1...1_000_000)
        if let score = try clustering.string("same_story_score") {
            guard score == "average" || score == "cosine" else {
                throw clustering.error("same_story_score", "expected \"average\" or \"cosine\", found \"\(score)\"")
            }
            options.sameStoryScore = score
        }
        try clustering.rejectUnknownKeys()
        return options
    }

    private static func readSources(_ root: inout TableReader, baseDirectory: String) throws(ConfigError) -> [Source] {
        var sources: [Source] = []
        var names: Set<String> = []
        for var reader in try root.tableArray("source") {
            let name = try reader.requiredString("name")
            guard !name.isEmpty, !name.contains("\n") else { throw reader.error("name", "must be one non-empty line") }
            guard names.insert(name).inserted else { throw reader.error("name", "duplicate source name \"\(name)\"") }
            let rawURL = try reader.requiredString("url")
            let url = try validatedURL(rawURL, baseDirectory: baseDirectory, reader: reader)
            let kindText = try reader.string("kind") ?? SourceKind.feed.rawValue
            guard let kind = SourceKind(rawValue: kindText) else {
                throw reader.error("kind", "expected \"feed\" or \"page\" (or \"html-list\" with list_item), found \"\(kindText)\"")
            }
            let list = try readListSelectors(&reader, kind: kind)
            let interval = try reader.duration("interval", in: 10...(30 * 86400)) ?? 1800
            let options = try readRequestOptions(&reader)
            try reader.rejectUnknownKeys()
            var source = Source(name: name, url: url, kind: kind, interval: interval, options: options)
            source.list = list
            sources.append(source)
        }
        return sources
    }

    /// `list_item` (required for `kind = "html-list"`), `list_title`, `list_link`, `list_date`:
    /// XPath selectors of a list page; refused on other kinds and when empty.
    private static func readListSelectors(_ reader: inout TableReader, kind: SourceKind) throws(ConfigError) -> ListSelectors? {
        var values: [String: String] = [:]
        for key in ["list_item", "list_title", "list_link", "list_date"] {
            guard let value = try reader.string(key) else { continue }
            guard kind == .htmlList else { throw reader.error(key, "only for kind = \"html-list\"") }
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw reader.error(key, "empty XPath expression") }
            values[key] = value
        }
        guard kind == .htmlList else { return nil }
        guard let item = values["list_item"] else {
            throw reader.error("list_item", "kind = \"html-list\" needs an XPath expression selecting the items")
        }
        return ListSelectors(item: item, title: values["list_title"], link: values["list_link"], date: values["list_date"])
    }

    /// `user_agent`, `username`/`password`, `headers = { Name = "value" }`, `proxy`.
    private static func readRequestOptions(_ reader: inout TableReader) throws(ConfigError) -> RequestOptions {
        var options = RequestOptions()
        options.userAgent = try reader.string("user_agent")
        options.username = try reader.string("username")
        options.password = try reader.string("password")
        if options.password != nil && options.username == nil {
            throw reader.error("password", "a password needs a username")
        }
        options.proxy = try reader.string("proxy")
        if var headers = try reader.subtable("headers") {
            for name in headers.table.keys.sorted() {
                guard let value = try headers.string(name) else { continue }
                guard name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
                    throw headers.error(name, "not a valid header name")
                }
                options.headers.append(HTTPHeader(name: name, value: value))
            }
        }
        for (key, value) in [("user_agent", options.userAgent), ("username", options.username), ("password", options.password)] {
            if let value, value.contains("\n") || value.contains("\r") { throw reader.error(key, "must be one line") }
        }
        for header in options.headers where header.value.contains("\n") || header.value.contains("\r") {
            throw reader.error("headers.\(header.name)", "must be one line")
        }
        return options
    }

    private static func validatedURL(_ raw: String, baseDirectory: String, reader: TableReader) throws(ConfigError) -> String {
        let lower = raw.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            guard let url = URL(string: raw), let host = url.host, !host.isEmpty else {
                throw reader.error("url", "not a valid URL: \"\(raw)\"")
            }
            return raw
        }
        if lower.hasPrefix("file://") {
            let path = String(raw.dropFirst("file://".count))
            guard !path.isEmpty else { throw reader.error("url", "file:// URL without a path") }
            // A relative file URL ("file://samples/a.xml") is taken from the config's folder.
            return path.hasPrefix("/") ? raw : "file://" + absolute(path, base: baseDirectory)
        }
        throw reader.error("url", "expected an http://, https:// or file:// URL, found \"\(raw)\"")
    }

    private static func absolute(_ path: String, base: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") {
            return NSHomeDirectory() + "/" + path.dropFirst(2)
        }
        return URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
