// Clustering micro-benchmarks (`make bench-cluster` runs them beside the Python peers).
//
//   ClusterBench sketch DOCS.jsonl     MinHash signatures/s (128 slots, word 5-shingles): from
//                                      shingle hashes (signing only), from token hashes (k-gram
//                                      hashing and signing: what rensa does from its shingle
//                                      strings), from text (normalising and tokenising too)
//   ClusterBench pipeline DOCS.jsonl   whole in-memory pipeline documents/s (one thread, all cores)
//
// DOCS.jsonl: one JSON object per line with "text" (and optionally "source").
// Prints one `name value` line per figure.
import Clustering
import Daemon
import Foundation

struct Document: Decodable {
    var text: String
    var source: String?
}

func load(_ path: String) throws -> [Document] {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let decoder = JSONDecoder()
    return try bytes.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(Document.self, from: Data($0)) }
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Runs `body` over `count` items at least `minimum` seconds; returns items per second.
func rate(count: Int, minimum: Double = 2, _ body: () -> Void) -> Double {
    var items = 0
    var total = 0.0
    repeat {
        total += seconds(body)
        items += count
    } while total < minimum
    return Double(items) / total
}

func sketchBenchmark(_ documents: [Document]) {
    var sink: UInt64 = 0
    defer { if sink == 42 { print("") } }
    let hasher = MinHasher(slots: 128)
    let tokens = documents.map { TextNormalizer.tokenHashes($0.text) }
    let shingles = tokens.map { StableHash.kgrams($0, k: 5) }
    let signOnly = rate(count: shingles.count) {
        for set in shingles { sink &+= hasher.signature(set)[0] }
    }
    // rensa's starting point: the text already split into shingles (strings it hashes);
    // ours: the text already split into token hashes (k-grams hashed here).
    let fromTokens = rate(count: tokens.count) {
        for set in tokens { sink &+= hasher.signature(StableHash.kgrams(set, k: 5))[0] }
    }
    let fromText = rate(count: documents.count) {
        for document in documents {
            sink &+= hasher.signature(StableHash.kgrams(TextNormalizer.tokenHashes(document.text), k: 5))[0]
        }
    }
    print("swift_signatures_per_s_from_shingle_hashes \(Int(signOnly))")
    print("swift_signatures_per_s_from_tokens \(Int(fromTokens))")
    print("swift_signatures_per_s_from_text \(Int(fromText))")
}

/// What can be computed for a document without any running state (the store's writer gets
/// it from the importer's other threads): paragraphs, and the sketch and term counts of the
/// whole text, right unless a paragraph turns out to be one of its source's templates.
struct Prepared: @unchecked Sendable {
    var source: Int64
    var text: PreparedText
    var sketch: DocumentSketch
    var counts: TermCounts

    init(_ document: Document, offset: Int, clusterer: Clusterer) {
        source = Int64(bitPattern: StableHash.fnv1a64((document.source ?? "s\(offset % 50)").utf8))
        text = PreparedText(document.text)
        sketch = clusterer.sketch(tokenHashes: text.keptTokens(templates: []))
        counts = clusterer.termCounts(kept: text.keptTerms(templates: []), title: nil, templates: [])
    }
}

/// The running state of the pipeline: document frequencies and the index of every earlier
/// document (with its source's paragraph counts, as the store's window keeps them); `place`
/// does the rest of a document's work, in order.
struct PipelineState {
    let clusterer: Clusterer
    var index = MemoryClusterIndex()
    var frequency = HashMap64(placeholder: 0)
    var placed = 0
    var joined = 0
    var sink: UInt64 = 0

    init(clusterer: Clusterer) { self.clusterer = clusterer }

    /// Template removal (redoing the sketch and counts only when the source has templates),
    /// TF-IDF vector, the tier 2-3 decision and indexing.
    mutating func place(_ prepared: Prepared) {
        let hashes = prepared.text.paragraphHashes
        let templates = clusterer.templates(
            of: prepared.text, counts: index.paragraphCounts(sourceID: prepared.source, hashes: hashes))
        var sketch = prepared.sketch, counts = prepared.counts
        if !templates.isEmpty {
            sketch = clusterer.sketch(tokenHashes: prepared.text.keptTokens(templates: templates))
            counts = clusterer.termCounts(kept: prepared.text.keptTerms(templates: templates), title: nil, templates: templates)
        }
        let df = frequency.increment(counts.terms)
        placed += 1
        let vector = TermVector.tfidf(
            counts: counts, documentFrequency: df, documentCount: placed, size: clusterer.settings.termVectorSize)
        sink &+= UInt64(vector.terms.count)
        let id = Int64(placed)
        let decision = (try? clusterer.decide(sketch, index: index)) ?? ClusterDecision(tier: .newStory)
        if decision.tier != .newStory { joined += 1 }
        index.add(
            entryID: id, storyID: decision.storyID ?? id, copyGroupID: decision.copyGroupID ?? id, sketch: sketch,
            sourceID: prepared.source, paragraphs: hashes)
    }
}

/// Normalise, template removal (running paragraph counts per source), shingle, MinHash, LSH,
/// fingerprints, TF-IDF vector (running document frequencies) and the tier 2-3 decision
/// against an in-memory index holding every earlier document: on one thread, then as
/// `feedmerge import` runs it on this machine's cores (documents prepared in blocks on the
/// other cores while the previous block is placed in order on one, which then joins them).
func pipelineBenchmark(_ documents: [Document]) {
    let clusterer = Clusterer()
    var serial: [Double] = []
    var parallel: [Double] = []
    var sink: UInt64 = 0
    var joined: Set<Int> = []  // documents joined to an earlier one, per run: the same in every run
    for _ in 0..<3 {
        var state = PipelineState(clusterer: clusterer)
        let time = seconds {
            for (offset, document) in documents.enumerated() {
                state.place(Prepared(document, offset: offset, clusterer: clusterer))
            }
        }
        serial.append(Double(documents.count) / time)
        sink &+= state.sink
        joined.insert(state.joined)
    }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let block = 256
    for _ in 0..<3 {
        var state = PipelineState(clusterer: clusterer)
        let time = seconds {
            @Sendable func preparation(_ range: Range<Int>) -> SharedWork<Prepared> {
                SharedWork(count: range.count) { index in
                    Prepared(documents[range.lowerBound + index], offset: range.lowerBound + index, clusterer: clusterer)
                }
            }
            let first = preparation(0..<min(block, documents.count))
            DispatchQueue.concurrentPerform(iterations: cores) { _ in first.work() }
            var next = first.values
            var start = next.count
            while !next.isEmpty {
                let current = next
                let range = start..<min(start + block, documents.count)
                start = range.upperBound
                // The other cores prepare the next block; this one joins them once it has
                // placed the current one.
                let upcoming = preparation(range)
                let group = DispatchGroup()
                for _ in 1..<max(cores, 2) {
                    DispatchQueue.global().async(group: group) { upcoming.work() }
                }
                for prepared in current { state.place(prepared) }
                upcoming.work()
                group.wait()
                next = upcoming.values
            }
        }
        parallel.append(Double(documents.count) / time)
        sink &+= state.sink
        joined.insert(state.joined)
    }
    if sink == 42 { print("") }
    if joined.count != 1 { FileHandle.standardError.write(Data("pipeline runs disagree: \(joined.sorted()) joined\n".utf8)) }
    print("swift_pipeline_docs_per_s \(Int(serial.max() ?? 0))")
    print("swift_pipeline_docs_per_s_all_cores \(Int(parallel.max() ?? 0))")
    print("cores \(cores)")
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let documents = try? load(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: ClusterBench sketch|pipeline DOCS.jsonl\n".utf8))
    exit(2)
}
switch arguments[1] {
case "sketch": sketchBenchmark(documents)
case "pipeline": pipelineBenchmark(documents)
default:
    FileHandle.standardError.write(Data("unknown benchmark \(arguments[1])\n".utf8))
    exit(2)
}
