@testable import FeedStore

extension Store {
    /// Story id of every stored entry, by the external id it came with (tests).
    func storyIDsByExternalID() throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for story in try stories(since: nil, limit: nil) {
            for member in story.members { result[member.externalID] = story.id }
        }
        return result
    }
}
