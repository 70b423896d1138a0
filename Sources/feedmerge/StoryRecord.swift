import Foundation
import FeedStore

/// A story as `stories --format jsonl` and `story --format jsonl` write it.
/// `members[].id` is the id the entry came with (an import id or a GUID), so scripts
/// such as `score_clusters.py` can compare with their own labels.
struct StoryRecord: Encodable {
    struct Member: Encodable {
        let id: String
        let entry: Int64
        let source: String
        let url: String?
        let title: String
        let published: Date?
        let tier: String
        let score: Double
        let matched: Int64?
        let copyGroup: Int64
        let versions: Int

        enum CodingKeys: String, CodingKey {
            case id, entry, source, url, title, published, tier, score, matched
            case copyGroup = "copy_group"
            case versions
        }
    }

    let id: Int64
    let headline: String
    let updated: Date
    let sourceCount: Int
    let copies: Int
    let sources: [String]
    let members: [Member]

    enum CodingKeys: String, CodingKey {
        case id, headline, updated
        case sourceCount = "source_count"
        case copies, sources, members
    }

    init(_ story: StorySummary) {
        id = story.id
        headline = story.headline
        updated = story.updatedAt
        sources = story.sourceNames
        sourceCount = sources.count
        copies = story.copyCount
        members = story.members.map { member in
            Member(
                id: member.externalID, entry: member.entryID, source: member.sourceName, url: member.url,
                title: member.title, published: member.published, tier: member.tier, score: member.score,
                matched: member.matchedEntryID, copyGroup: member.copyGroupID, versions: member.versionCount)
        }
    }
}
