import Foundation
import Clustering

/// One entry as `feedmerge why` shows it: where it is and how it got there.
public struct ExplainedEntry: Sendable, Hashable {
    public var entryID: Int64
    public var externalID: String
    public var sourceName: String
    public var sourceID: Int64
    public var title: String
    public var storyID: Int64
    public var copyGroupID: Int64
    /// The tier that placed it, its score and the entry it matched.
    public var tier: String
    public var score: Double
    public var matchedEntryID: Int64?
    /// Paragraphs of its latest text ignored as its source's template.
    public var templateParagraphs: Int
    /// Its normalised words after template removal (passage positions point here).
    public var keptWords: [String]
}

/// The evidence between two stored entries (`feedmerge why A B`).
public struct PairEvidence: Sendable, Hashable {
    public var a: ExplainedEntry
    public var b: ExplainedEntry
    /// Tiers 2 and 3 on the two texts alone (template removed, no boilerplate filter).
    public var text: PairExplanation
    /// TF-IDF cosine of the two stored term vectors.
    public var cosine: Double
    /// Same-story score of `a` against `b`'s story without `a` (as the tier computes it), and the
    /// threshold (`sameSourceCosine` when that story is `a`'s own source's alone).
    public var storyScore: Double
    public var storyThreshold: Double
    /// True when the passages would link but `a` and `b` come from one source and passages
    /// within a source do not link (`passagesWithinSource` off).
    public var passagesWithinSourceIgnored: Bool
    /// The tier that would place `a` beside `b` if `b`'s story were the only one.
    public var wouldJoin: ClusterTier
}

extension Store {
    /// Resolves an entry reference: an entry number, or an id as imported/fetched (GUID, import id).
    public func entryID(for reference: String) throws -> Int64? {
        try withDatabase { db in
            if let number = Int64(reference),
                try db.statement("SELECT 1 FROM entry WHERE id = ?").firstRow([number], { $0.int(0) }) != nil
            {
                return number
            }
            return try db.statement("SELECT id FROM entry WHERE external_id = ? ORDER BY id LIMIT 1")
                .firstRow([reference]) { $0.int64(0) }
        }
    }

    /// Why entries `a` and `b` are (or are not) in one story: both placements, the text tiers
    /// recomputed on their latest texts without their sources' templates, and the TF-IDF scores.
    public func explain(_ a: Int64, _ b: Int64, clusterer: Clusterer) throws -> PairEvidence? {
        try withDatabase { db in
            guard let first = try explained(a, clusterer: clusterer, db: db),
                let second = try explained(b, clusterer: clusterer, db: db)
            else { return nil }
            let text = clusterer.explain(first.sketch, second.sketch)
            let cosine = first.terms.cosine(second.terms)
            var centroid = try SketchRecords.centroid(of: second.entry.storyID, terms: first.terms.terms, db: db)
            // A already in B's story: compare it with the rest of the story, as when it arrived.
            if var rest = centroid, first.entry.storyID == second.entry.storyID, first.ownTerms {
                var norm2 = rest.norm * rest.norm
                for (index, term) in first.terms.terms.enumerated() {
                    let weight = rest.weight(of: term) ?? 0
                    let remaining = weight - first.terms.weights[index]
                    norm2 += remaining * remaining - weight * weight
                    rest.setWeight(remaining, of: term)
                }
                rest.norm = max(norm2, 0).squareRoot()
                rest.members -= 1
                centroid = rest.members > 0 ? rest : nil
            }
            let storyScore = centroid.map {
                clusterer.settings.sameStoryScore == .average ? $0.averageCosine(first.terms) : $0.cosine(first.terms)
            } ?? 0
            // The sources of B's story but A, of the members with a text of their own (as in the
            // centroid): one source alone, A's, asks more of the tier.
            var sources: Set<Int64> = []
            try db.statement("""
                SELECT DISTINCT e.source_id FROM entry e JOIN entry_sketch s ON s.entry_id = e.id
                WHERE e.story_id = ? AND e.id != ? AND s.token_count > 0
                """)
                .forEachRow([second.entry.storyID, first.entry.entryID]) { sources.insert($0.int64(0)) }
            let threshold = clusterer.sameStoryThreshold(
                sourceID: first.entry.sourceID, soleSourceID: sources.count == 1 ? sources.first : nil)
            var would = text.tier
            let ignored = would == .passageReuse && !clusterer.settings.passagesWithinSource
                && first.entry.sourceID == second.entry.sourceID
            if ignored { would = .newStory }
            if would == .newStory, clusterer.settings.sameStoryCosine > 0, storyScore >= threshold {
                would = .sameStory
            }
            return PairEvidence(
                a: first.entry, b: second.entry, text: text, cosine: cosine, storyScore: storyScore,
                storyThreshold: threshold, passagesWithinSourceIgnored: ignored, wouldJoin: would)
        }
    }

    private func explained(
        _ entryID: Int64, clusterer: Clusterer, db: Database
    ) throws -> (entry: ExplainedEntry, sketch: DocumentSketch, terms: TermVector, ownTerms: Bool)? {
        guard let row = try db.statement("""
            SELECT e.id, e.external_id, s.name, e.title, e.story_id, e.copy_group_id, e.tier, e.score, e.matched_entry_id,
                   e.source_id, (SELECT v.title || char(10) || v.text FROM entry_version v WHERE v.entry_id = e.id
                                 ORDER BY v.version DESC LIMIT 1)
            FROM entry e JOIN source s ON s.id = e.source_id WHERE e.id = ?
            """).firstRow([entryID], { row in
                (entry: ExplainedEntry(
                    entryID: row.int64(0), externalID: row.string(1), sourceName: row.string(2),
                    sourceID: row.int64(9), title: row.string(3),
                    storyID: row.int64(4), copyGroupID: row.int64(5), tier: row.string(6), score: row.double(7),
                    matchedEntryID: row.optionalInt64(8), templateParagraphs: 0, keptWords: []),
                 text: row.optionalString(10) ?? "")
            })
        else { return nil }
        var entry = row.entry
        let prepared = PreparedText(row.text)
        var terms = try SketchRecords.storedTerms(entryID: entryID, db: db)
        let ownTerms = !terms.terms.isEmpty
        if !ownTerms, row.entry.tier == ClusterTier.identity.rawValue, let original = row.entry.matchedEntryID {
            // A copy with its article's text was stored without a vector of its own (it is not
            // in its story's centroid): its vector is the article's.
            terms = try SketchRecords.storedTerms(entryID: original, db: db)
        }
        // The evidence the writer's window holds now: the source's other entries in the window.
        let counts = try SketchRecords.paragraphCounts(
            sourceID: row.entry.sourceID, hashes: prepared.paragraphHashes,
            since: ClusterWindow.start(settings: clusterer.settings, now: Date().timeIntervalSince1970, db: db),
            excluding: entryID, db: db)
        let templates = clusterer.templates(of: prepared, counts: counts)
        entry.templateParagraphs = prepared.paragraphs.filter { templates.contains($0.hash) }.count
        let lines = row.text.split(whereSeparator: \.isNewline).map(String.init)
        var words: [String] = []
        var keptAny = false
        for line in lines {
            let tokens = TextNormalizer.tokens(line)
            guard !tokens.isEmpty else { continue }
            if !templates.contains(StableHash.kgram(tokens.map(StableHash.token))) {
                words += tokens
                keptAny = true
            }
        }
        if !keptAny { words = lines.flatMap(TextNormalizer.tokens) }
        entry.keptWords = words
        let sketch = clusterer.sketch(tokenHashes: prepared.keptTokens(templates: templates))
        return (entry, sketch, terms, ownTerms)
    }
}
