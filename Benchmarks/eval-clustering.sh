#!/usr/bin/env bash
# Clustering evaluation: imports each labelled set of ../shared/eval/clustering into a fresh
# database with `feedmerge import`, lists the stories with `feedmerge stories --format jsonl`
# and scores them with ../shared/eval/score_clusters.py. Prints the scorer's report per set.
#
#   Benchmarks/eval-clustering.sh [SET...]     (default: galaxy-with-seeds syndication)
#   CLUSTERING='same_story_cosine = 0.25' Benchmarks/eval-clustering.sh   (extra [clustering] keys)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
bin=${FEEDMERGE:-.build/release/feedmerge}
[ -x "$bin" ] || swift build -c release --product feedmerge >/dev/null
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(galaxy-with-seeds syndication)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '[store]\npath = "eval.sqlite"\n' > "$work/feedmerge.toml"
[ -z "${CLUSTERING:-}" ] || printf '[clustering]\n%s\n' "$CLUSTERING" >> "$work/feedmerge.toml"
for set in "${sets[@]}"; do
    rm -f "$work"/eval.sqlite*
    start=$(date +%s.%N)
    "$bin" --config "$work/feedmerge.toml" import --jsonl "$shared/eval/clustering/$set.jsonl" 2> "$work/import.log" || { cat "$work/import.log"; exit 1; }
    end=$(date +%s.%N)
    "$bin" --config "$work/feedmerge.toml" stories --all --format jsonl > "$work/$set.stories.jsonl"
    echo "== $set ($(wc -l < "$shared/eval/clustering/$set.jsonl") documents, import $(python3 -c "print(f'{$end - $start:.2f}')") s)"
    tail -n 1 "$work/import.log"
    python3 "$shared/eval/score_clusters.py" "$shared/eval/clustering/$set.labels.tsv" "$work/$set.stories.jsonl" --json "$work/$set.score.json"
    if [ -f "$shared/eval/clustering/$set.copies.tsv" ]; then
        python3 Benchmarks/copy_recall.py "$shared/eval/clustering/$set.copies.tsv" "$work/$set.stories.jsonl"
    fi
done
