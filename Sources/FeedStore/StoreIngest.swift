import Foundation
import Clustering

/// An incoming entry with what placing it needs (`ClusterInputs`), computed before taking
/// the writer; template removal, sketching and the decision happen inside the transaction,
/// where the source's template counts and the document frequencies are.
public struct SketchedEntry: Sendable, Hashable {
    /// The entry.
    public let entry: IncomingEntry
    /// The hash of title and text that tells a new version from an unchanged entry.
    let contentHash: Int64
    /// Nil when the entry was presumed unchanged or a copy by identity (`Store.sketch`): the
    /// writer, finding it so, needs none, and computes them itself if it finds otherwise.
    let inputs: ClusterInputs?

    /// Prepares `entry` (title and text) for `clusterer`.
    public init(_ entry: IncomingEntry, clusterer: Clusterer) {
        self.entry = entry
        self.contentHash = Self.contentHash(of: entry)
        self.inputs = ClusterInputs(entry, clusterer: clusterer)
    }

    /// `entry`, whose content hash is `contentHash`, without its inputs.
    init(presumedUnsketched entry: IncomingEntry, contentHash: Int64) {
        self.entry = entry
        self.contentHash = contentHash
        self.inputs = nil
    }

    /// The hash of title and text stored with each version.
    static func contentHash(of entry: IncomingEntry) -> Int64 {
        Int64(bitPattern: StableHash.fnv1a64(entry.title, separatedFrom: entry.text))
    }
}

/// An entry's title and text cut into paragraphs and tokens (`PreparedText`), with the sketch
/// and term counts of the whole text.
struct ClusterInputs: Sendable, Hashable {
    /// Its title and text, cut into paragraphs of token hashes.
    var prepared: PreparedText
    /// The title as one paragraph (its terms weighted up by the same-story tier).
    var title: PreparedText.Paragraph
    /// The settings the two values below were computed with.
    var settings: ClusterSettings
    /// The sketch of the whole text: what placing the entry uses when none of its paragraphs
    /// is one of its source's templates (most entries).
    var untemplatedSketch: DocumentSketch
    /// The term counts of the whole text, likewise.
    var untemplatedTermCounts: TermCounts

    init(_ entry: IncomingEntry, clusterer: Clusterer) {
        prepared = PreparedText(entry.title + "\n" + entry.text)
        title = PreparedText.Paragraph(line: entry.title)
        settings = clusterer.settings
        untemplatedSketch = clusterer.sketch(tokenHashes: prepared.keptTokens(templates: []))
        untemplatedTermCounts = clusterer.termCounts(kept: prepared.keptTerms(templates: []), title: title, templates: [])
    }
}

/// What placing one entry computed: its sketch and term vector without the source's template.
struct PlacedText {
    var sketch: DocumentSketch
    var terms: TermVector
    var paragraphs: [UInt64]
}

extension Store {
    /// Stores one poll's (or import batch's) outcome in one transaction: each entry is
    /// identified (same source and id, or same canonical URL elsewhere), versioned if its
    /// text changed, or placed into a story by `clusterer`; then the source's fetch state.
    public func commit(
        sourceID: Int64, entries: [SketchedEntry], state: FetchStateUpdate?, clusterer: Clusterer, now: Date
    ) throws -> [IngestResult] {
        try commit(sourceID: sourceID, entries: entries, clusterer: clusterer, now: now) { _ in state }
    }

    /// As `commit(sourceID:entries:state:clusterer:now:)`, with the fetch state computed
    /// from the results (the next poll time depends on how many entries were new).
    public func commit(
        sourceID: Int64, entries: [SketchedEntry], clusterer: Clusterer, now: Date,
        state: ([IngestResult]) -> FetchStateUpdate?
    ) throws -> [IngestResult] {
        try withDatabase { db in
            try clusterTransaction(db, clusterer: clusterer, now: now) {
                var results: [IngestResult] = []
                results.reserveCapacity(entries.count)
                for sketched in entries {
                    results.append(try ingest(sketched, sourceID: sourceID, clusterer: clusterer, now: now, db: db))
                }
                if let update = state(results) { try record(update, sourceID: sourceID, db: db) }
                return results
            }
        }
    }

    /// Stores several sources' entries in one transaction (`feedmerge import`): the same as one
    /// `commit` per group, without a fetch state, in far fewer transactions.
    public func commit(
        groups: [(sourceID: Int64, entries: [SketchedEntry])], clusterer: Clusterer, now: Date
    ) throws -> [IngestResult] {
        try withDatabase { db in
            try clusterTransaction(db, clusterer: clusterer, now: now) {
                var results: [IngestResult] = []
                for group in groups {
                    for sketched in group.entries {
                        results.append(try ingest(sketched, sourceID: group.sourceID, clusterer: clusterer, now: now, db: db))
                    }
                }
                return results
            }
        }
    }

    /// One transaction with the clustering window loaded, that also writes the cached document
    /// frequencies; if it fails, the window and the frequencies are forgotten (read again next time).
    private func clusterTransaction<T>(
        _ db: Database, clusterer: Clusterer, now: Date, _ body: () throws -> T
    ) throws -> T {
        let queued = searchIndexQueue.count
        do {
            var batch: SearchIndex.Batch?
            let value = try db.transaction {
                try clusterWindow.prepare(settings: clusterer.settings, now: now.timeIntervalSince1970, db: db)
                let result = try body()
                try termFrequencies.flush(db: db)
                // Inside a group commit, the search rows wait for its end (`inOneTransaction`).
                batch = try flushSearchIndexQueue(db)
                return result
            }
            if let batch { searchIndex?.submit(batch) }
            let statistics = clusterWindow.statistics
            publishedWindow.withLock { $0 = statistics }
            return value
        } catch {
            termFrequencies.discard()
            clusterWindow.discard()
            searchIndexQueue.truncate(to: queued)
            throw error
        }
    }

    /// Prepares `entries` of `sourceID` for `commit`, as `SketchedEntry.init` does, except for
    /// entries the writer will not sketch, found on the reader connection (so without waiting
    /// for a write) and presumed so:
    /// - an entry the source already holds with the same title and text (unchanged). A feed
    ///   that changed by one item, or whose server sends the same items with a new date, is
    ///   mostly such entries. `knownEntries` is how many entries the source held (none:
    ///   nothing to look up);
    /// - an article another source carries with the same title and text, indexed with its
    ///   text (a copy by identity, indexed once: `sameText`). A site's main and section
    ///   feeds carry many such entries.
    /// If the writer finds otherwise, it sketches the entry itself; if the lookup fails, every
    /// entry is sketched.
    public func sketch(
        _ entries: [IncomingEntry], sourceID: Int64, knownEntries: Int, clusterer: Clusterer
    ) -> [SketchedEntry] {
        guard !entries.isEmpty else { return [] }
        let hashes = entries.map(SketchedEntry.contentHash(of:))
        let presumed: [Bool]
        do {
            presumed = try withReader { db in
                try zip(entries, hashes).map { entry, hash in
                    if knownEntries > 0, let held = try heldEntry(entry.externalID, of: sourceID, db: db) {
                        return held.hash == hash
                    }
                    // As the writer will decide it (`article(at:for:)`, `sameText`), except that
                    // "indexed with its text" is read from the stored sketch, not the window.
                    guard let canonical = entry.canonicalURL,
                        let article = try article(at: canonical, for: sourceID, db: db)
                    else { return false }
                    return article.contentHash == hash && article.tokenCount > 0
                }
            }
        } catch {
            presumed = Array(repeating: false, count: entries.count)
        }
        return entries.indices.map { index in
            presumed[index]
                ? SketchedEntry(presumedUnsketched: entries[index], contentHash: hashes[index])
                : SketchedEntry(entries[index], clusterer: clusterer)
        }
    }

    /// Template removal, sketch and term vector of an entry's `inputs` for `sourceID`. `version` is the
    /// entry a new version belongs to, whose former paragraphs are no template evidence
    /// against itself; `countTerms` counts the text's terms into the document frequencies
    /// (new entries only). The template evidence is the window's paragraph counts: the
    /// entries of the source in the window holding each paragraph.
    private func place(
        _ inputs: ClusterInputs, sourceID: Int64, version entryID: Int64?, countTerms: Bool,
        clusterer: Clusterer, db: Database
    ) throws -> PlacedText {
        let prepared = inputs.prepared
        let hashes = prepared.paragraphHashes
        let counts = clusterWindow.index.paragraphCounts(sourceID: sourceID, hashes: hashes, excluding: entryID)
        let templates = clusterer.templates(of: prepared, counts: counts)
        // Without templates the text is whole: the sketch and counts made before the writer
        // took the entry are the ones (same settings), and the writer skips that work.
        let whole = templates.isEmpty && inputs.settings == clusterer.settings
        let kept = whole ? nil : prepared.keptTokens(templates: templates)
        let sketch = kept.map { clusterer.sketch(tokenHashes: $0) } ?? inputs.untemplatedSketch
        var terms = TermVector.empty
        var vocabulary: [UInt64] = []
        if clusterer.settings.termVectorSize > 0 {
            let termCounts = whole
                ? inputs.untemplatedTermCounts
                : clusterer.termCounts(kept: prepared.keptTerms(templates: templates), title: inputs.title, templates: templates)
            let df = countTerms
                ? try termFrequencies.count(termCounts.terms, db: db)
                : try termFrequencies.frequencies(termCounts.terms, db: db)
            terms = TermVector.tfidf(
                counts: termCounts, documentFrequency: df.frequency, documentCount: df.documents,
                size: clusterer.settings.termVectorSize)
            vocabulary = clusterer.sourceVocabularyKeys(of: terms)
            if !vocabulary.isEmpty {
                let held = clusterWindow.index.paragraphCounts(sourceID: sourceID, hashes: vocabulary, excluding: entryID)
                terms = clusterer.removingSourceVocabulary(terms, keys: vocabulary, counts: held)
            }
        }
        // Rounded as the store keeps it: the story's centroid rebuilt at a restart is the same.
        return PlacedText(sketch: sketch, terms: terms.singlePrecision, paragraphs: hashes + vocabulary)
    }

    private func ingest(
        _ sketched: SketchedEntry, sourceID: Int64, clusterer: Clusterer, now: Date, db: Database
    ) throws -> IngestResult {
        let entry = sketched.entry
        let hash = sketched.contentHash
        let time = (entry.published ?? now).timeIntervalSince1970
        clusterWindow.advance(to: time, now: now.timeIntervalSince1970)

        // Identity, same source: a known entry, maybe with new text.
        if let known = try heldEntry(entry.externalID, of: sourceID, db: db) {
            guard known.hash != hash else { return .unchanged(entryID: known.id) }
            let inputs = sketched.inputs ?? ClusterInputs(entry, clusterer: clusterer)
            let version = known.versions + 1
            try db.statement("INSERT INTO entry_version (entry_id, version, fetched_at, title, text, content_hash) VALUES (?, ?, ?, ?, ?, ?)")
                .run([known.id, version, now.timeIntervalSince1970, entry.title, entry.text, hash])
            searchIndexQueue.append(SearchIndex.Item(entryID: known.id, title: entry.title, text: entry.text, replacing: true))
            try db.statement("UPDATE entry SET version_count = ?, title = ?, url = COALESCE(?, url), updated_at = ? WHERE id = ?")
                .run([version, entry.title, entry.url, time, known.id])
            let placed = try place(
                inputs, sourceID: sourceID, version: known.id, countTerms: false, clusterer: clusterer, db: db)
            try SketchRecords.write(
                entryID: known.id, sketch: placed.sketch, paragraphs: placed.paragraphs, terms: placed.terms,
                replacing: true, db: db)
            // The live entry's contribution to its story follows its latest text (no drift).
            clusterWindow.add(
                entryID: known.id, storyID: known.story, copyGroupID: known.group, sketch: placed.sketch,
                terms: placed.terms, sourceID: sourceID, paragraphs: placed.paragraphs, time: time,
                now: now.timeIntervalSince1970)
            try touchStory(known.story, time: time, now: now, db: db)
            return .newVersion(entryID: known.id, storyID: known.story, version: version)
        }

        // Identity, across sources: the same canonical URL is the same article.
        let placeOwnText = {
            try self.place(
                sketched.inputs ?? ClusterInputs(entry, clusterer: clusterer), sourceID: sourceID, version: nil,
                countTerms: true, clusterer: clusterer, db: db)
        }
        let placed: PlacedText
        let decision: ClusterDecision
        if let canonical = entry.canonicalURL, let same = try article(at: canonical, for: sourceID, db: db) {
            decision = ClusterDecision(
                tier: .identity, matchedEntryID: same.entryID, storyID: same.storyID, copyGroupID: same.copyGroupID, score: 1)
            let copy = same.contentHash == hash ? sameText(as: same.entryID) : nil
            placed = try copy ?? placeOwnText()
        } else {
            placed = try placeOwnText()
            decision = try clusterer.decide(
                placed.sketch, terms: placed.terms, time: time, sourceID: sourceID, index: clusterWindow.index)
        }

        let storyID: Int64
        if let existing = decision.storyID {
            storyID = existing
            try touchStory(storyID, time: time, now: now, db: db)
        } else {
            try db.statement("INSERT INTO story (headline, created_at, updated_at) VALUES (?, ?, ?)")
                .run([entry.title, now.timeIntervalSince1970, time])
            storyID = db.lastInsertRowID
        }
        let copyGroupID: Int64
        if let existing = decision.copyGroupID {
            copyGroupID = existing
        } else {
            try db.statement("INSERT INTO copy_group (story_id) VALUES (?)").run([storyID])
            copyGroupID = db.lastInsertRowID
        }
        try db.statement("""
            INSERT INTO entry (source_id, external_id, url, canonical_url, title, published_at, first_seen_at, updated_at,
                               story_id, copy_group_id, tier, score, matched_entry_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([
                sourceID, entry.externalID, entry.url, entry.canonicalURL, entry.title,
                entry.published?.timeIntervalSince1970, now.timeIntervalSince1970, time,
                storyID, copyGroupID, decision.tier.rawValue, decision.score, decision.matchedEntryID,
            ])
        let entryID = db.lastInsertRowID
        try db.statement("INSERT INTO entry_version (entry_id, version, fetched_at, title, text, content_hash) VALUES (?, 1, ?, ?, ?, ?)")
            .run([entryID, now.timeIntervalSince1970, entry.title, entry.text, hash])
        searchIndexQueue.append(SearchIndex.Item(entryID: entryID, title: entry.title, text: entry.text, replacing: false))
        try SketchRecords.write(
            entryID: entryID, sketch: placed.sketch, paragraphs: placed.paragraphs, terms: placed.terms,
            replacing: false, db: db)
        clusterWindow.add(
            entryID: entryID, storyID: storyID, copyGroupID: copyGroupID, sketch: placed.sketch, terms: placed.terms,
            sourceID: sourceID, paragraphs: placed.paragraphs, time: time, now: now.timeIntervalSince1970)
        return .added(entryID: entryID, storyID: storyID, tier: decision.tier.rawValue)
    }

    /// An entry's latest content hash, as a column of a query over `entry e`.
    private static let latestContentHash =
        "(SELECT content_hash FROM entry_version v WHERE v.entry_id = e.id ORDER BY version DESC LIMIT 1)"

    /// The entry `sourceID` holds as `externalID`, with its latest content hash.
    private func heldEntry(
        _ externalID: String, of sourceID: Int64, db: Database
    ) throws -> (id: Int64, story: Int64, versions: Int, hash: Int64?, group: Int64)? {
        try db.statement("""
            SELECT e.id, e.story_id, e.version_count, \(Self.latestContentHash), e.copy_group_id
            FROM entry e WHERE e.source_id = ? AND e.external_id = ?
            """).firstRow([sourceID, externalID]) { row in
            (id: row.int64(0), story: row.int64(1), versions: row.int(2), hash: row.optionalInt64(3), group: row.int64(4))
        }
    }

    /// What to index for a new entry that is `original`'s article with the same title and text:
    /// an empty sketch and vector, with `original`'s paragraph keys, when `original` is
    /// indexed with its text. The same article carried by several feeds (a site's main and
    /// section feeds) is then sketched, counted in the document frequencies and matched
    /// against once: its copies add nothing a later entry could match that the original does
    /// not, and their story stays the original source's own for `sameSourceCosine`. The
    /// paragraph keys still count for the copy's source (its templates and vocabulary), and
    /// the copy's sketch row keeps them, so the window rebuilt at a restart is the same. Nil
    /// otherwise: the entry is placed with its own text.
    private func sameText(as original: Int64) -> PlacedText? {
        guard let paragraphs = clusterWindow.index.paragraphs(ofIndexedText: original) else { return nil }
        return PlacedText(
            sketch: DocumentSketch(tokenCount: 0, minhash: [], bandKeys: [], fingerprints: []), terms: .empty,
            paragraphs: paragraphs)
    }

    /// The first stored entry at `canonical`, when that URL is one article's address for a new
    /// entry of `sourceID`: not when one source gives it to two different entries (that
    /// source's landing page: every podcast episode linking the show's page), the new entry's
    /// source included. The first 16 holders are the evidence (an index range, not a scan).
    /// With the entry: its latest content hash, and the token count of its stored sketch (0
    /// when it was indexed without a text of its own).
    private func article(
        at canonical: String, for sourceID: Int64, db: Database
    ) throws -> (entryID: Int64, storyID: Int64, copyGroupID: Int64, contentHash: Int64?, tokenCount: Int64)? {
        var first: (entryID: Int64, storyID: Int64, copyGroupID: Int64, contentHash: Int64?, tokenCount: Int64)?
        var sources: Set<Int64> = [sourceID]
        var shared = false
        try db.statement("""
            SELECT e.id, e.story_id, e.copy_group_id, e.source_id, \(Self.latestContentHash),
                   (SELECT token_count FROM entry_sketch s WHERE s.entry_id = e.id)
            FROM entry e WHERE e.canonical_url = ? ORDER BY e.id LIMIT 16
            """).forEachRow([canonical]) { row in
            if !sources.insert(row.int64(3)).inserted { shared = true }
            if first == nil {
                first = (row.int64(0), row.int64(1), row.int64(2), row.optionalInt64(4), row.optionalInt64(5) ?? 0)
            }
        }
        return shared ? nil : first
    }

    private func touchStory(_ storyID: Int64, time: Double, now: Date, db: Database) throws {
        try db.statement("UPDATE story SET updated_at = MAX(updated_at, ?) WHERE id = ?").run([time, storyID])
        clusterWindow.touch(storyID: storyID, time: time, now: now.timeIntervalSince1970)
    }
}
