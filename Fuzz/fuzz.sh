#!/bin/sh
# Random-mutation fuzzing of FeedParser.parse: `make fuzz` (FUZZ_SECONDS=600 by default, FUZZ_SEED=1).
# FeedParser.parse, and FeedParser.parseList for every fourth input. Restarts after each finding with the next seed; findings land in Fuzz/findings/ (crash-*, hang-*).
set -u
cd "$(dirname "$0")/.."
SECONDS_TOTAL=${FUZZ_SECONDS:-600}
SEED=${FUZZ_SEED:-1}
swift build -c release --product FeedFuzz >/dev/null || exit 1
BIN=$(swift build -c release --show-bin-path)/FeedFuzz
mkdir -p Fuzz/findings
CURRENT=$(mktemp)
END=$(( $(date +%s) + SECONDS_TOTAL ))
found=0
while [ "$(date +%s)" -lt "$END" ]; do
    left=$(( END - $(date +%s) ))
    "$BIN" "$left" "$SEED" "$CURRENT" Tests/FeedParseTests/Fixtures/* Fuzz/seeds/*
    rc=$?
    [ "$rc" -eq 0 ] && break
    case $rc in
        142) kind=hang ;;   # SIGALRM: one input ran past the per-input timeout
        3) kind=leak ;;
        *) kind=crash ;;
    esac
    cp "$CURRENT" "Fuzz/findings/$kind-seed$SEED-$(date +%s).bin"
    echo "fuzz: $kind (exit $rc), input saved in Fuzz/findings/"
    found=$((found + 1))
    SEED=$((SEED + 1))
done
rm -f "$CURRENT"
echo "fuzz: $found finding(s)"
[ "$found" -eq 0 ]
