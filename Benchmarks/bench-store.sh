#!/usr/bin/env bash
# Store figures for the systemd issue:
#  1. database bytes per stored entry (indexes included) after importing syndication.jsonl;
#  2. a retention pass over N synthetic entries (half of them past the window): time, peak memory;
#  3. daemon restart time (start to READY=1) with those N entries in the store.
#
#   Benchmarks/bench-store.sh [N]     (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
n=${1:-1000000}
bin=.build/release/feedmerge
swift build -c release --product feedmerge >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '[store]\npath = "store.sqlite"\nretention = "90d"\n' > "$work/feedmerge.toml"

echo "== bytes per entry after importing syndication.jsonl"
"$bin" --config "$work/feedmerge.toml" import --jsonl "$shared/eval/clustering/syndication.jsonl" 2>/dev/null || true
python3 - "$work/store.sqlite" <<'PY'
import sqlite3, sys
# The store's file and the search index's file beside it.
files = [sys.argv[1], sys.argv[1] + "-search"]
entries = sqlite3.connect(files[0]).execute("SELECT COUNT(*) FROM entry").fetchone()[0]
total = 0
for path in files:
    db = sqlite3.connect(path)
    pages, size, free = (db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size", "freelist_count"))
    total += (pages - free) * size
    print(f"{path.rsplit('/', 1)[-1]}: {(pages - free) * size} bytes")
    for name, in db.execute("SELECT name FROM sqlite_schema WHERE type IN ('table','index') AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        try:
            used = db.execute("SELECT SUM(pgsize) FROM dbstat WHERE name = ?", (name,)).fetchone()[0]
        except sqlite3.OperationalError:
            break
        print(f"  {name:<24} {used or 0:>10} bytes  {(used or 0) / entries:8.0f} per entry")
print(f"{entries} entries, {total} bytes, {total / entries:.0f} bytes per entry")
PY

echo "== $n synthetic entries"
rm -f "$work"/store.sqlite*
"$bin" --config "$work/feedmerge.toml" import --jsonl /dev/null 2>/dev/null   # creates the schema
python3 Benchmarks/gen_store.py "$work/store.sqlite" "$n"
"$bin" --config "$work/feedmerge.toml" import --jsonl /dev/null 2>/dev/null   # indexes them for search
ls -l "$work/store.sqlite" "$work/store.sqlite-search" | awk '{print "file", $NF, $5, "bytes"}'

echo "== restart with $n entries (start to READY=1)"
python3 Benchmarks/notify_ready.py "$bin" run --config "$work/feedmerge.toml"

echo "== retention pass over $n entries (half older than 90 days)"
/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KiB" "$bin" --config "$work/feedmerge.toml" prune
ls -l "$work/store.sqlite" | awk '{print "file after prune", $5, "bytes"}'

echo "== restart after the retention pass"
python3 Benchmarks/notify_ready.py "$bin" run --config "$work/feedmerge.toml"
