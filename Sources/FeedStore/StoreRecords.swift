import Foundation
import FeedModel

/// A source as stored: the configured fields plus its fetch state.
public struct SourceState: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var url: String
    public var kind: String
    /// Configured seconds between polls.
    public var interval: Int
    public var etag: String?
    public var lastModified: String?
    public var lastFetchAt: Date?
    public var lastSuccessAt: Date?
    /// HTTP status of the last fetch (0 for file://, nil if it never got an answer).
    public var lastStatus: Int?
    /// The last fetch or parse error, cleared by the next success.
    public var lastError: String?
    public var nextPollAt: Date
    public var consecutiveFailures: Int
    /// Entries stored for this source.
    public var entryCount: Int
    /// The URL polled now, when permanent redirects moved the source (nil: `url`).
    public var fetchURL: String? = nil
    /// A permanent-redirect target seen on recent fetches, and how many times in a row.
    public var redirectCandidate: String? = nil
    public var redirectSeen: Int = 0
    /// When the server said 410 Gone; polling stopped then.
    public var goneAt: Date? = nil
    /// The interval the scheduler chose last time, in seconds.
    public var pollInterval: Double? = nil
    /// Average seconds between new entries, as observed.
    public var publishInterval: Double? = nil
    /// When the last new entry arrived.
    public var lastNewEntryAt: Date? = nil
    /// The fingerprint of the last body read and stored (`FetchStateUpdate.bodyHash`).
    public var bodyHash: Int64? = nil
    /// The `ttl` of the last feed read, in minutes.
    public var ttlMinutes: Int? = nil

    /// The URL to request.
    public var requestURL: String { fetchURL ?? url }
}

/// One entry as a fetch or import delivers it, before identity and clustering.
public struct IncomingEntry: Sendable, Hashable {
    /// Stable key within its source: GUID, import id, or canonical link.
    public var externalID: String
    public var url: String?
    /// Canonical URL (tracking parameters removed) used for cross-source identity.
    public var canonicalURL: String?
    public var title: String
    /// Plain text with paragraph breaks.
    public var text: String
    public var published: Date?

    public init(externalID: String, url: String?, canonicalURL: String?, title: String, text: String, published: Date?) {
        self.externalID = externalID
        self.url = url
        self.canonicalURL = canonicalURL
        self.title = title
        self.text = text
        self.published = published
    }
}

/// What became of one incoming entry.
public enum IngestResult: Sendable, Hashable {
    /// A new entry, placed by `tier` into `storyID`.
    case added(entryID: Int64, storyID: Int64, tier: String)
    /// A known entry whose text changed: stored as version `version`.
    case newVersion(entryID: Int64, storyID: Int64, version: Int)
    /// A known entry with the same text: nothing written.
    case unchanged(entryID: Int64)

    /// How many of `results` are new entries, new versions and unchanged entries.
    public static func tally(_ results: [IngestResult]) -> (added: Int, versions: Int, unchanged: Int) {
        var added = 0, versions = 0, unchanged = 0
        for result in results {
            switch result {
            case .added: added += 1
            case .newVersion: versions += 1
            case .unchanged: unchanged += 1
            }
        }
        return (added, versions, unchanged)
    }
}

/// The fetch state to store after one poll of a source. Optional fields left nil keep
/// what is stored, except where noted.
public struct FetchStateUpdate: Sendable, Hashable {
    /// Adopt this URL for future polls (after consistent permanent redirects).
    public var fetchURL: String? = nil
    /// The permanent-redirect target seen this time (nil clears it) and its streak.
    public var redirectCandidate: String? = nil
    public var redirectSeen: Int = 0
    /// The server said 410 Gone: stop polling.
    public var gone = false
    /// The interval chosen for the next poll, in seconds.
    public var pollInterval: Double? = nil
    /// Updated average seconds between new entries.
    public var publishInterval: Double? = nil
    /// Set when this poll brought new entries.
    public var lastNewEntryAt: Date? = nil

    public var fetchedAt: Date
    /// HTTP status (0 for file://), nil when no answer arrived.
    public var status: Int?
    /// Nil on success.
    public var error: String?
    /// New validators (nil keeps the stored ones, e.g. after a 304 or an error).
    public var etag: String?
    public var lastModified: String?
    public var nextPollAt: Date
    /// Set when this poll read a body and stored its entries: the body's fingerprint, so
    /// that the same body is not read again (nil keeps the stored one, and with it `ttlMinutes`).
    public var bodyHash: Int64? = nil
    /// The `ttl` that body gave, in minutes (stored with `bodyHash`: nil clears it then).
    public var ttlMinutes: Int? = nil

    public init(fetchedAt: Date, status: Int?, error: String?, etag: String? = nil, lastModified: String? = nil, nextPollAt: Date) {
        self.fetchedAt = fetchedAt
        self.status = status
        self.error = error
        self.etag = etag
        self.lastModified = lastModified
        self.nextPollAt = nextPollAt
    }
}

/// One member of a story.
public struct StoryMember: Sendable, Hashable {
    public var entryID: Int64
    /// The id the entry came with (GUID, import id, canonical link).
    public var externalID: String
    public var sourceName: String
    public var url: String?
    public var title: String
    public var published: Date?
    public var firstSeen: Date
    /// The tier that placed it (`new-story`, `identity`, `near-duplicate`, `passage-reuse`).
    public var tier: String
    public var score: Double
    public var matchedEntryID: Int64?
    public var copyGroupID: Int64
    public var versionCount: Int
}

/// A story with its members, newest member time first in listings.
public struct StorySummary: Sendable, Hashable {
    public var id: Int64
    public var headline: String
    public var createdAt: Date
    public var updatedAt: Date
    public var members: [StoryMember]
    /// Kept by retention from pruned members: the first member's opening text.
    public var summary: String? = nil
    /// Members removed by retention.
    public var prunedEntries = 0
    /// Sources of the members removed by retention.
    public var prunedSourceNames: [String] = []

    /// Distinct source names (pruned members' included), in order of first appearance.
    public var sourceNames: [String] {
        var seen: Set<String> = []
        return (prunedSourceNames + members.map(\.sourceName)).filter { seen.insert($0).inserted }
    }

    /// Members that share their copy group with at least one other member.
    public var copyCount: Int {
        var sizes: [Int64: Int] = [:]
        for member in members { sizes[member.copyGroupID, default: 0] += 1 }
        return members.filter { sizes[$0.copyGroupID, default: 0] > 1 }.count
    }
}

/// One stored version of an entry.
public struct EntryVersion: Sendable, Hashable {
    public var entryID: Int64
    public var version: Int
    public var fetchedAt: Date
    public var title: String
    public var text: String
}
