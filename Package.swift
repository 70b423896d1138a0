// swift-tools-version:6.1
// feedmerge: a self-hosted news aggregator daemon.
//
// Targets follow the data flow (see Sources/README.md):
//   FeedConfig -> Daemon (scheduler) -> FeedFetch -> FeedParse -> Clustering -> FeedStore -> feedmerge (CLI)
// Each C library is imported by exactly one Swift module:
//   CCurl -> FeedFetch, CLibXML2 -> FeedParse, CSQLite -> FeedStore;
// CPrefetch (one inline prefetch hint, no library) -> Clustering.
import PackageDescription

let package = Package(
    name: "feedmerge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "feedmerge", targets: ["feedmerge"]),
        .executable(name: "feedmerge-parse", targets: ["feedmerge-parse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", exact: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // C bridges: modulemap + shim.h only; imported by one Swift module each.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // A cache prefetch hint (a header with one inline function, no library).
        .systemLibrary(name: "CPrefetch"),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        // Shared value types; no I/O.
        .target(name: "FeedModel"),
        // TOML file -> validated settings.
        .target(
            name: "FeedConfig",
            dependencies: ["FeedModel", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // libcurl: HTTP(S) and file:// fetching.
        .target(
            name: "FeedFetch",
            dependencies: ["FeedModel", "CCurl", .product(name: "Logging", package: "swift-log")]
        ),
        // libxml2: feed formats and HTML pages -> ParsedFeed.
        .target(
            name: "FeedParse",
            dependencies: ["FeedModel", "CLibXML2"]
        ),
        // Story clustering, no I/O: normalisation, shingles, MinHash, winnowing, decisions.
        .target(
            name: "Clustering",
            dependencies: ["FeedModel", "CPrefetch"]
        ),
        // SQLite: sources, entries, versions, stories, indexes.
        .target(
            name: "FeedStore",
            dependencies: ["FeedModel", "Clustering", "CSQLite"]
        ),
        // The services: scheduler, ingest pipeline, signals.
        .target(
            name: "Daemon",
            dependencies: [
                "FeedModel", "FeedConfig", "FeedFetch", "FeedParse", "Clustering", "FeedStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Merged stories as Atom / JSON Feed, sources as OPML: pure writers, no I/O.
        .target(name: "FeedExport", dependencies: ["FeedStore"]),
        // Optional HTTP output (`[http] listen`): the feeds, a stories page, health, metrics.
        .target(
            name: "FeedHTTP",
            dependencies: [
                "FeedStore", "FeedExport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The executable: thin commands over the modules above.
        .executableTarget(
            name: "feedmerge",
            dependencies: [
                "FeedModel", "FeedConfig", "FeedParse", "Clustering", "FeedStore", "Daemon", "FeedExport", "FeedHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The parser alone (no Foundation beyond FoundationEssentials, no SQLite, no libcurl):
        // parse records for scripts, and what parsing costs, for `make bench-parse`.
        .executableTarget(name: "feedmerge-parse", dependencies: ["FeedParse"]),

        .executableTarget(name: "ClusterBench", dependencies: ["Clustering", "Daemon"], path: "Benchmarks/ClusterBench"),
        // `make fuzz`: random mutations of the test fixtures through the parser.
        .executableTarget(name: "FeedFuzz", dependencies: ["FeedParse", "FeedModel"], path: "Fuzz/FeedFuzz"),

        // Test support: a real loopback HTTP server and fixtures.
        .target(name: "FeedTestKit", dependencies: ["FeedModel", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "FeedExportTests", dependencies: ["FeedExport", "FeedParse", "FeedModel"]),

        .testTarget(name: "FeedConfigTests", dependencies: ["FeedConfig", "FeedModel"]),
        .testTarget(
            name: "FeedFetchTests",
            dependencies: ["FeedFetch", "FeedModel", "FeedTestKit", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "FeedParseTests",
            dependencies: ["FeedParse", "FeedModel"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ClusteringTests",
            dependencies: ["Clustering", "FeedModel"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "FeedStoreTests", dependencies: ["FeedStore", "Clustering", "FeedModel"]),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon", "FeedConfig", "FeedStore", "FeedModel", "FeedTestKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "CLITests", dependencies: ["FeedTestKit"]),
        // The real daemon process: systemd notify, reload, SIGTERM, SIGKILL crash safety.
        .testTarget(
            name: "SystemTests",
            dependencies: ["FeedTestKit", "FeedStore", "FeedFetch", "FeedModel", .product(name: "Logging", package: "swift-log")]),
    ],
    swiftLanguageModes: [.v6]
)
