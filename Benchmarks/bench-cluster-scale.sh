#!/usr/bin/env bash
# Clustering at scale: TOTAL synthetic documents (Benchmarks/gen_cluster_stream.py) through
# `feedmerge import` in SLICES equal slices into one database; per slice: documents/s,
# milliseconds per document, peak memory of the import process, database bytes per document.
# Flat lines mean the per-document cost and memory do not grow with the store.
#
#   Benchmarks/bench-cluster-scale.sh [TOTAL] [SLICES]     (default 1000000 20)
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-1000000}
slices=${2:-20}
per=$(( total / slices ))
bin=.build/release/feedmerge
[ -x "$bin" ] || swift build -c release --product feedmerge >/dev/null
work=${WORK:-$(mktemp -d)}
printf '[store]\npath = "scale.sqlite"\n' > "$work/feedmerge.toml"
printf '%-8s %-10s %-8s %-8s %-10s %-10s\n' slice documents docs/s ms/doc peak_MiB bytes/doc
for ((i = 0; i < slices; i++)); do
    python3 Benchmarks/gen_cluster_stream.py $(( i * per )) "$per" > "$work/slice.jsonl"
    start=$(date +%s.%N)
    /usr/bin/time -f %M -o "$work/rss" "$bin" --config "$work/feedmerge.toml" import --jsonl "$work/slice.jsonl" 2> "$work/import.log" >/dev/null
    end=$(date +%s.%N)
    done=$(( (i + 1) * per ))
    bytes=$(du -cb "$work"/scale.sqlite* | tail -1 | cut -f1)
    python3 -c "
d=$per; t=$end-$start
print(f'{$i:<8} {$done:<10} {d/t:<8.0f} {1000*t/d:<8.2f} {$(cat "$work/rss")/1024:<10.0f} {$bytes/$done:<10.0f}')"
done
rm -f "$work/slice.jsonl"
