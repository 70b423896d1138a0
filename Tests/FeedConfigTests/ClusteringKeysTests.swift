import Testing
@testable import FeedConfig

@Suite struct ClusteringKeysTests {
    @Test func templateAndSameStoryKeysAreRead() throws {
        let config = try ConfigLoader.parse("""
            [clustering]
            template_min_entries = 2
            same_story_cosine = 0.2
            same_story_score = "cosine"
            term_vector_size = 100
            same_story_min_documents = 10
            story_window_hours = 48
            """, file: "t.toml", baseDirectory: "/", environment: ["HOME": "/tmp"])
        #expect(config.clustering.templateMinEntries == 2)
        #expect(config.clustering.sameStoryCosine == 0.2)
        #expect(config.clustering.sameStoryScore == "cosine")
        #expect(config.clustering.termVectorSize == 100)
        #expect(config.clustering.sameStoryMinDocuments == 10)
        #expect(config.clustering.storyWindowHours == 48)
    }

    @Test func anUnknownScoreNamesItsLine() throws {
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("[clustering]\nsame_story_score = \"max\"\n", file: "t.toml", baseDirectory: "/", environment: ["HOME": "/tmp"])
        }
        #expect(error?.line == 2)
        #expect(error?.key == "clustering.same_story_score")
    }
}
