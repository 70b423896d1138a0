#!/bin/sh
# Agreement with feedparser over ../shared/corpus, and extraction quality over
# ../shared/eval/extraction (with trafilatura side by side when --peer is given).
#
#   Benchmarks/eval-parse.sh            agreement (overall and realworld/), extraction
#   Benchmarks/eval-parse.sh --peer     also score trafilatura (pip, in Benchmarks/.venv-parse)
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
shared=$(cd ../shared && pwd)
bin=${FEEDMERGE:-$root/.build/release/feedmerge}
[ -x "$bin" ] || bin=$root/.build/debug/feedmerge
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== agreement with feedparser ($bin)"
(cd "$shared/corpus" && find . -type f ! -name '*.jsonl' ! -name MANIFEST.tsv | sort | xargs "$bin" parse --format jsonl) > "$tmp/parse.jsonl"
python3 "$shared/eval/compare_parsers.py" "$shared/corpus/reference.jsonl" "$tmp/parse.jsonl" --by-folder --worst 0 | sed -n '/FEED-LEVEL/,$p'
echo "-- realworld/ only"
python3 "$shared/eval/compare_parsers.py" "$shared/corpus/reference.jsonl" "$tmp/parse.jsonl" --only '^realworld/' --worst 0 \
    | grep -E '^  (feed_title|entry_count|id|title|link|date_any|text_any) '
if [ -f "$shared/corpus/alt-feedparser_rs-0.7.1.jsonl" ]; then
    echo "-- feedparser-rs 0.7.1 on the same files (peer, for comparison)"
    python3 "$shared/eval/compare_parsers.py" "$shared/corpus/reference.jsonl" "$shared/corpus/alt-feedparser_rs-0.7.1.jsonl" --worst 0 \
        | grep -E '^  (feed_title|entry_count|id|title|link|date_any|text_any) '
fi

echo
echo "== extraction (../shared/eval/extraction, Readability's expected output)"
(cd "$shared/eval/extraction" && "$bin" parse --format jsonl */source.html 2>/dev/null) > "$tmp/extract.jsonl"
printf 'feedmerge:   '; python3 "$shared/eval/score_extraction.py" "$shared/eval/extraction" "$tmp/extract.jsonl" --worst 0 | grep 'F1'
if [ "${1:-}" = "--peer" ]; then
    venv=$root/Benchmarks/.venv-parse
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install -q trafilatura lxml_html_clean
    "$venv/bin/python" "$shared/eval/score_extraction.py" "$shared/eval/extraction" --peer trafilatura -o "$tmp/trafilatura.jsonl" >/dev/null
    printf 'trafilatura: '; python3 "$shared/eval/score_extraction.py" "$shared/eval/extraction" "$tmp/trafilatura.jsonl" --worst 0 | grep 'F1'
fi
