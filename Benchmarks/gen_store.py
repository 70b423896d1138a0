#!/usr/bin/env python3
"""Fills a feedmerge database (schema already created by feedmerge) with N synthetic
entries straight through SQL, for store benchmarks: each entry has one version (a
~600-byte text, also queued for the search index: the next `feedmerge` that opens the store
for writing indexes it), a story of its own every 3 entries, a sketch row
with a 1 KiB MinHash signature and 40 winnowing fingerprints - the shape `feedmerge import`
writes, without spending an hour clustering. Half of the entries are dated `--old-days` ago (retention fodder).

    gen_store.py DB N [--old-days 120]
"""
import argparse
import random
import struct
import sqlite3
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("n", type=int)
    parser.add_argument("--old-days", type=float, default=120)
    args = parser.parse_args()
    rng = random.Random(42)
    now = time.time()
    old = now - args.old_days * 86400
    words = [f"w{i}" for i in range(5000)]
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    # Random hash keys land all over the index B-trees: keep them in memory (up to 8 GiB)
    # or the generator spends its time in page faults, not in SQLite.
    db.execute("PRAGMA cache_size = -8000000")
    db.execute("INSERT OR IGNORE INTO source (name, url, kind, interval) VALUES ('bench', 'https://bench.example/feed', 'feed', 600)")
    source_id = db.execute("SELECT id FROM source WHERE name = 'bench'").fetchone()[0]
    base_entry = (db.execute("SELECT COALESCE(MAX(id), 0) FROM entry").fetchone()[0] or 0) + 1
    base_story = (db.execute("SELECT COALESCE(MAX(id), 0) FROM story").fetchone()[0] or 0) + 1
    batch = 20000
    start = time.time()
    for offset in range(0, args.n, batch):
        stories, groups, entries, versions, sketches = [], [], [], [], []
        for i in range(offset, min(offset + batch, args.n)):
            entry_id = base_entry + i
            story_id = base_story + i // 3
            seen = old if i < args.n // 2 else now
            if i % 3 == 0:
                stories.append((story_id, f"Story {story_id}", seen, seen))
            groups.append((entry_id, story_id))
            text = " ".join(rng.choice(words) for _ in range(100))
            entries.append((entry_id, source_id, f"e{entry_id}", f"https://bench.example/{entry_id}", f"Entry {entry_id}",
                            seen, seen, seen, story_id, entry_id, "new-story", 0.0))
            versions.append((entry_id, 1, seen, f"Entry {entry_id}", text, rng.getrandbits(63)))
            prints = b"".join(struct.pack("<Qi", rng.getrandbits(64), p * 3) for p in range(40))
            sketches.append((entry_id, 100, rng.randbytes(1024), prints))
        db.executemany("INSERT INTO story (id, headline, created_at, updated_at) VALUES (?, ?, ?, ?)", stories)
        db.executemany("INSERT INTO copy_group (id, story_id) VALUES (?, ?)", groups)
        db.executemany("""INSERT INTO entry (id, source_id, external_id, url, title, published_at, first_seen_at, updated_at,
                          story_id, copy_group_id, tier, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entries)
        db.executemany("INSERT INTO entry_version (entry_id, version, fetched_at, title, text, content_hash) VALUES (?, ?, ?, ?, ?, ?)", versions)
        db.executemany("INSERT INTO search_outbox (entry_id) VALUES (?)", [(v[0],) for v in versions])
        db.executemany("INSERT INTO entry_sketch (entry_id, token_count, minhash, fingerprints) VALUES (?, ?, ?, ?)", sketches)
        db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    print(f"generated {args.n} entries in {time.time() - start:.1f} s")


if __name__ == "__main__":
    main()
