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
            same_source_cosine = 0.3
            passages_within_source = false
            source_passage_min_entries = 3
            source_passage_share = 0.5
            """, file: "t.toml", baseDirectory: "/", environment: ["HOME": "/tmp"])
        #expect(config.clustering.templateMinEntries == 2)
        #expect(config.clustering.sameStoryCosine == 0.2)
        #expect(config.clustering.sameStoryScore == "cosine")
        #expect(config.clustering.termVectorSize == 100)
        #expect(config.clustering.sameStoryMinDocuments == 10)
        #expect(config.clustering.storyWindowHours == 48)
        #expect(config.clustering.sameSourceCosine == 0.3)
        #expect(config.clustering.passagesWithinSource == false)
        #expect(config.clustering.sourcePassageMinEntries == 3)
        #expect(config.clustering.sourcePassageShare == 0.5)
    }

    @Test func aShareAboveOneNamesItsKey() throws {
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("[clustering]\nsource_passage_share = 1.5\n", file: "t.toml", baseDirectory: "/", environment: ["HOME": "/tmp"])
        }
        #expect(error?.line == 2)
        #expect(error?.key == "clustering.source_passage_share")
    }

    @Test func aSwitchThatIsNoBooleanNamesItsLine() throws {
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("[clustering]\n\npassages_within_source = \"no\"\n", file: "t.toml", baseDirectory: "/", environment: ["HOME": "/tmp"])
        }
        #expect(error?.line == 3)
        #expect(error?.key == "clustering.passages_within_source")
        #expect(error?.message.contains("expected true or false") == true)
    }

    @Test func anUnknownScoreNamesItsLine() throws {
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("[clustering]\nsame_story_score = \"max\"\n", file: "t.toml", baseDirectory: "/", environment: ["HOME": "/tmp"])
        }
        #expect(error?.line == 2)
        #expect(error?.key == "clustering.same_story_score")
    }
}
