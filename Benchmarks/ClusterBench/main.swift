// Clustering micro-benchmarks (`make bench-cluster` runs them beside the Python peers).
//
//   ClusterBench sketch DOCS.jsonl     MinHash signatures/s (128 slots, word 5-shingles): from
//                                      shingle hashes (signing only), from token hashes (k-gram
//                                      hashing and signing: what rensa does from its shingle
//                                      strings), from text (normalising and tokenising too)
//   ClusterBench pipeline DOCS.jsonl   whole in-memory pipeline documents/s
//
// DOCS.jsonl: one JSON object per line with "text" (and optionally "source").
// Prints one `name value` line per figure.
import Clustering
import Foundation

struct Document: Decodable {
    var text: String
    var source: String?
}

func load(_ path: String) throws -> [Document] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let decoder = JSONDecoder()
    return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(Document.self, from: $0) }
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

/// Normalise, template removal (running paragraph counts per source), shingle, MinHash, LSH,
/// fingerprints, TF-IDF vector (running document frequencies) and the tier 2-3 decision
/// against an in-memory index holding every earlier document.
func pipelineBenchmark(_ documents: [Document]) {
    var sink: UInt64 = 0
    defer { if sink == 42 { print("") } }
    let clusterer = Clusterer()
    var perSecond: [Double] = []
    for _ in 0..<3 {
        var index = MemoryClusterIndex()
        var paragraphs: [String: [UInt64: Int]] = [:]
        var frequency = HashMap64(placeholder: 0)
        var joined = 0
        let time = seconds {
            for (offset, document) in documents.enumerated() {
                let source = document.source ?? "s\(offset % 50)"
                let prepared = PreparedText(document.text)
                let hashes = prepared.paragraphHashes
                let templates = clusterer.templates(of: prepared, counts: paragraphs[source] ?? [:])
                for hash in hashes { paragraphs[source, default: [:]][hash, default: 0] += 1 }
                let kept = prepared.keptTokens(templates: templates)
                let sketch = clusterer.sketch(tokenHashes: kept)
                let counts = clusterer.termCounts(kept: kept, title: [], templates: templates)
                let df = counts.terms.map { term in
                    frequency.update(term, inserting: 0) { value in
                        value += 1
                        return value
                    }
                }
                let vector = TermVector.tfidf(
                    counts: counts, documentFrequency: df, documentCount: offset + 1,
                    size: clusterer.settings.termVectorSize)
                sink &+= UInt64(vector.terms.count)
                let id = Int64(offset + 1)
                let decision = (try? clusterer.decide(sketch, index: index)) ?? ClusterDecision(tier: .newStory)
                if decision.tier != .newStory { joined += 1 }
                index.add(
                    entryID: id, storyID: decision.storyID ?? id, copyGroupID: decision.copyGroupID ?? id, sketch: sketch)
            }
        }
        perSecond.append(Double(documents.count) / time)
        sink &+= UInt64(joined)
    }
    print("swift_pipeline_docs_per_s \(Int(perSecond.max() ?? 0))")
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
