internal import CCurl

/// `curl_global_init`, exactly once per process.
///
/// The one process-wide value in FeedFetch: libcurl itself demands a single global
/// initialisation. Swift runs a `static let` initialiser once, thread-safely, on first use.
enum CurlGlobal {
    private static let initCode: Int = Int(curl_global_init(Int(CURL_GLOBAL_ALL)).rawValue)

    /// Runs `curl_global_init` if it has not run yet; true if it succeeded.
    static var isInitialized: Bool { initCode == 0 }
}
