// SKELETON: implemented by the fetch work.
import FeedModel
import Logging

/// Fetches URLs with libcurl.
public final class Fetcher: Sendable {
    public let limits: FetchLimits

    public init(limits: FetchLimits = FetchLimits(), logger: Logger) {
        self.limits = limits
    }

    /// Fetches one URL; a 304 is `.notModified`, every failure a `FetchError` naming the URL.
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResult {
        throw FetchError(url: request.url, kind: .unsupported, message: "not yet implemented")
    }
}

/// A failed fetch, naming the URL.
public struct FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case unsupported
    }
    public var url: String
    public var kind: Kind
    public var message: String
    public var description: String { "\(url): \(message)" }
}

extension Fetcher {
    // SKELETON
    public func shutdown() {}
}
