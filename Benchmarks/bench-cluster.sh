#!/usr/bin/env bash
# Clustering speed, side by side in one run (ratios matter, not absolute times):
#  1. MinHash signatures/s, 800-word documents, 128 slots, word 5-shingles:
#     feedmerge (Swift) vs rensa and datasketch (PyPI, in Benchmarks/.venv created here).
#     The peers start from shingle strings (tokenised and joined in Python beforehand, not
#     timed); feedmerge is timed from shingle hashes, from token hashes (the equivalent
#     starting point) and from the raw text (its own normalisation and tokenising included);
#  2. the dedup/clustering pipeline in memory, documents/s: feedmerge's (normalise, template
#     removal, shingle, MinHash, LSH, fingerprints, TF-IDF vector, tier 2-3 decision) on one
#     thread, and on all cores as `feedmerge import` runs it (documents prepared on every core,
#     placed in order on one), vs rensa and datasketch (tokenise, shingle, MinHash, LSH query
#     and insert; one thread, as Python runs them);
#  3. `feedmerge import` through SQLite (every tier, one transaction per 200 documents), documents/s.
#
#   Benchmarks/bench-cluster.sh [DOCS]     (default 5000 synthetic documents)
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-5000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product ClusterBench >/dev/null
[ -x .build/release/feedmerge ] || swift build -c release --product feedmerge >/dev/null
venv=Benchmarks/.venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q rensa datasketch
fi
python3 Benchmarks/cluster_peers.py generate "$work/docs.jsonl" --docs "$docs"

echo "== MinHash signatures/s (800 words, 128 slots, $docs documents)"
{ .build/release/ClusterBench sketch "$work/docs.jsonl"; "$venv/bin/python" Benchmarks/cluster_peers.py sketch "$work/docs.jsonl"; } | tee "$work/sketch.txt"
echo "== pipeline documents/s (in memory)"
{ .build/release/ClusterBench pipeline "$work/docs.jsonl"; "$venv/bin/python" Benchmarks/cluster_peers.py pipeline "$work/docs.jsonl"; } | tee "$work/pipeline.txt"
echo "== feedmerge import documents/s (SQLite)"
printf '[store]\npath = "bench.sqlite"\n' > "$work/feedmerge.toml"
start=$(date +%s.%N)
.build/release/feedmerge --config "$work/feedmerge.toml" import --jsonl "$work/docs.jsonl" 2> "$work/import.log"
end=$(date +%s.%N)
python3 - "$docs" "$start" "$end" "$work" <<'PY'
import sys, os
docs, start, end, work = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
size = sum(os.path.getsize(os.path.join(work, f)) for f in os.listdir(work) if f.startswith("bench.sqlite"))
print(f"feedmerge_import_docs_per_s {docs / (end - start):.0f}")
print(f"database_bytes_per_doc {size / docs:.0f}")
figures = {}
for name in ("sketch.txt", "pipeline.txt"):
    for line in open(os.path.join(work, name)):
        key, _, value = line.partition(" ")
        try:
            figures[key] = float(value)
        except ValueError:
            pass
def ratio(a, b):
    if a in figures and b in figures:
        print(f"ratio {a} / {b} = {figures[a] / figures[b]:.2f}")
ratio("swift_signatures_per_s_from_shingle_hashes", "rensa_signatures_per_s")
ratio("swift_signatures_per_s_from_tokens", "rensa_signatures_per_s")
ratio("swift_signatures_per_s_from_text", "rensa_signatures_per_s")
ratio("swift_signatures_per_s_from_text", "datasketch_signatures_per_s")
ratio("swift_pipeline_docs_per_s", "rensa_pipeline_docs_per_s")
ratio("swift_pipeline_docs_per_s", "datasketch_pipeline_docs_per_s")
ratio("swift_pipeline_docs_per_s_all_cores", "rensa_pipeline_docs_per_s")
PY
