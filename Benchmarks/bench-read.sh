#!/usr/bin/env bash
# Reading latency with a large store (the CLI issue): `stories` and `search` first pages,
# end to end (process start, store open, query, output), with N synthetic entries
# (Benchmarks/gen_store.py: 100-word texts over a 5,000-word vocabulary, a story per 3
# entries; the generator fills the search index as the ingest does).
#
#   Benchmarks/bench-read.sh [N]      (default 1000000; make bench-read)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
runs=${RUNS:-9}
swift build -c release --product feedmerge >/dev/null
bin=$PWD/.build/release/feedmerge
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '[store]\npath = "store.sqlite"\n' > "$work/feedmerge.toml"
"$bin" --config "$work/feedmerge.toml" import --jsonl /dev/null 2>/dev/null   # creates the schema
python3 Benchmarks/gen_store.py "$work/store.sqlite" "$n" --old-days 1
"$bin" --config "$work/feedmerge.toml" import --jsonl /dev/null 2>/dev/null   # indexes them for search
ls -l "$work/store.sqlite" | awk '{print "== store:", $5, "bytes"}'
python3 - "$bin" "$work/feedmerge.toml" "$runs" <<'PY'
import statistics, subprocess, sys, time
binary, config, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
cases = [
    ("process start (check-config)", ["check-config"]),
    ("stories (first page, text)", ["stories"]),
    ("stories --limit 50 --format jsonl", ["stories", "--limit", "50", "--format", "jsonl"]),
    ("stories --source bench --limit 50", ["stories", "--source", "bench", "--limit", "50"]),
    ("story 1000", ["story", "1000"]),
    ("search w12 (one word, ~2% of entries)", ["search", "w12"]),
    ("search w12 w345 (two words)", ["search", "w12", "w345"]),
    ('search "w12 w345" (phrase)', ["search", '"w12 w345"']),
    ("search w12* (prefix)", ["search", "w12*"]),
]
print(f"{'command':<42} {'median':>9} {'max':>9}  (ms, {runs} runs, end to end)")
for label, arguments in cases:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run([binary, "--config", config, *arguments], capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
        if result.returncode != 0:
            print(f"{label}: failed: {result.stderr.decode()[:200]}")
            break
    print(f"{label:<42} {statistics.median(times):9.1f} {max(times):9.1f}")
PY
