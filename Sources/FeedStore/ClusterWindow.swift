import Clustering

/// The writer's clustering index of the window, in memory: the entries updated within
/// `ClusterSettings.windowHours` of the newest one, with their band and fingerprint postings,
/// their stories' TF-IDF centroids and their sources' paragraph counts (`MemoryClusterIndex`).
///
/// Loaded from the stored sketches (`SketchRecords.window`) by the first write that needs it,
/// kept up to date by every write, and dropped when a transaction fails or retention removes
/// entries (the next write loads it again, from what is then in the database). Entries leave
/// it as the newest entry time moves on, so its size follows the window, not the store.
/// Used only under the store's lock.
final class ClusterWindow {
    /// The index; empty until `prepare` loads it.
    private(set) var index = MemoryClusterIndex()
    private var loaded = false
    private var settings = ClusterSettings()
    /// Newest entry time indexed (never later than the clock at the write).
    private var newest = -Double.greatestFiniteMagnitude
    /// The eviction cutoff last applied.
    private var evictedBefore = -Double.greatestFiniteMagnitude

    /// The index's size now.
    var statistics: ClusterWindowStatistics {
        ClusterWindowStatistics(entries: index.count, stories: index.storyCount, postings: index.postingCount)
    }

    /// Entries loaded at the last `prepare` that loaded (for logs and tests).
    private(set) var loadedEntries = 0

    /// Loads the window if it is not loaded, or if `settings` change its extent or sketches.
    func prepare(settings: ClusterSettings, now: Double, db: Database) throws {
        if loaded, settings.windowHours == self.settings.windowHours, settings.bands == self.settings.bands,
            settings.rows == self.settings.rows
        {
            return
        }
        self.settings = settings
        index = MemoryClusterIndex(postingsPerFingerprint: Self.postingsPerFingerprint(settings))
        newest = try Self.newest(now: now, db: db)
        evictedBefore = newest - window
        try forgetSignaturesOfAnotherScheme(since: evictedBefore, db: db)
        let slots = settings.minhashSlots, bands = settings.bands, rows = settings.rows
        let sizes = try SketchRecords.windowSize(since: evictedBefore, db: db)
        index.reserveCapacity(
            entries: sizes.entries, bandPostings: sizes.entries * bands, fingerprintPostings: sizes.fingerprints)
        var count = 0
        try SketchRecords.window(since: evictedBefore, bandKeys: { minhash in
            minhash.count == slots ? MinHasher.bandKeys(minhash, bands: bands, rows: rows) : []
        }, db: db) { entry in
            index.add(
                entryID: entry.entryID, storyID: entry.storyID, copyGroupID: entry.copyGroupID, sketch: entry.sketch,
                terms: entry.terms, time: min(entry.time, now), sourceID: entry.sourceID, paragraphs: entry.paragraphs)
            count += 1
        }
        for story in try db.statement("SELECT id, updated_at FROM story WHERE updated_at >= ?")
            .rows([evictedBefore], { ($0.int64(0), $0.double(1)) })
        {
            index.touch(storyID: story.0, time: min(story.1, now))
        }
        loadedEntries = count
        loaded = true
    }

    /// Moves the window's end to `time` (clamped to `now`, so a feed's future dates cannot
    /// push the window forward) if it is newer, letting the entries that fell out of the window
    /// go. Called before an entry is placed: what it is compared with is the window ending at it.
    func advance(to time: Double, now: Double) {
        let time = min(time, now)
        guard time > newest else { return }
        newest = time
        // Evict in steps of 1/32 of the window: each pass scans the live entries once.
        if newest - window > evictedBefore + window / 32 {
            evictedBefore = newest - window
            index.evict(olderThan: evictedBefore)
        }
    }

    /// Indexes `entryID` of `sourceID` (a new entry, or a new version replacing the old one)
    /// at `time` (clamped to `now`), with its paragraphs' hashes.
    func add(
        entryID: Int64, storyID: Int64, copyGroupID: Int64, sketch: DocumentSketch, terms: TermVector,
        sourceID: Int64, paragraphs: [UInt64], time: Double, now: Double
    ) {
        let time = min(time, now)
        index.add(
            entryID: entryID, storyID: storyID, copyGroupID: copyGroupID, sketch: sketch, terms: terms, time: time,
            sourceID: sourceID, paragraphs: paragraphs)
        index.touch(storyID: storyID, time: time)
    }

    /// Records that `storyID` got a member by identity or a new version at `time`.
    func touch(storyID: Int64, time: Double, now: Double) {
        index.touch(storyID: storyID, time: min(time, now))
    }

    /// Forgets the index (a transaction that changed it failed, or entries were removed):
    /// the next `prepare` loads it again.
    func discard() {
        index = MemoryClusterIndex()
        loaded = false
    }

    /// Forgets the index without freeing it, for a process about to exit: the memory goes
    /// back with the process, at once, instead of one allocation at a time (a cold cycle's
    /// window of 15,000 entries took 30-40 ms to free).
    func abandonForExit() {
        _ = Unmanaged.passRetained(Abandoned(index))
        discard()
    }

    /// Holds an abandoned index until the process exits.
    private final class Abandoned {
        let index: MemoryClusterIndex
        init(_ index: MemoryClusterIndex) { self.index = index }
    }

    /// Signatures made by another MinHash scheme cannot be compared with this one's: those of
    /// the window are blanked (their entries still match by passages and terms; copies of them
    /// are found again as new entries arrive), and the store records the scheme in use.
    private func forgetSignaturesOfAnotherScheme(since: Double, db: Database) throws {
        let stored = try db.statement("SELECT value FROM cluster_counter WHERE name = 'minhash_scheme'").firstRow { $0.int(0) }
        guard stored != MinHasher.scheme else { return }
        if stored != nil {
            try db.statement("""
                UPDATE entry_sketch SET minhash = x'' WHERE entry_id IN (SELECT id FROM entry WHERE updated_at >= ?)
                """).run([since])
        }
        try db.statement("""
            INSERT INTO cluster_counter (name, value) VALUES ('minhash_scheme', ?)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """).run([MinHasher.scheme])
    }

    private var window: Double { settings.windowHours * 3600 }

    /// The newest entry time not after `now` (the window ends there).
    private static func newest(now: Double, db: Database) throws -> Double {
        try db.statement("SELECT MAX(updated_at) FROM entry WHERE updated_at <= ?")
            .firstRow([now]) { $0.optionalDouble(0) }.flatMap { $0 } ?? -Double.greatestFiniteMagnitude
    }

    /// Where a window loaded at `now` with `settings` starts (what `prepare` would load).
    static func start(settings: ClusterSettings, now: Double, db: Database) throws -> Double {
        try newest(now: now, db: db) - settings.windowHours * 3600
    }

    /// Postings kept per fingerprint: beyond the passage tier's boilerplate limit, a few
    /// more only to count holders.
    static func postingsPerFingerprint(_ settings: ClusterSettings) -> Int {
        max(64, settings.maxFingerprintFrequency * 4)
    }
}
