#!/usr/bin/env python3
"""A synthetic news stream for the clustering scale run, as `feedmerge import --jsonl` lines.

Stories of 1 to 4 reports (a report, rewrites in other words, now and then an aggregator copy
wrapped in its template), 300-word texts mixing a story's topic words with common words,
one document every 3 seconds (1,000,000 documents span about 35 days, so the clustering
window keeps moving). Deterministic for a seed; writes documents FIRST..FIRST+COUNT-1.

    gen_cluster_stream.py FIRST COUNT [--seed 3] > OUT.jsonl
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone


def main() -> None:
    first, count = int(sys.argv[1]), int(sys.argv[2])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 3
    base = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    common = ["".join(base.choice(letters) for _ in range(base.randint(2, 6))) for _ in range(300)]
    vocabulary = ["".join(base.choice(letters) for _ in range(base.randint(4, 10))) for _ in range(200_000)]
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    out = sys.stdout
    for index in range(first, first + count):
        story = index // 3 if index % 7 else index // 3 - 40   # most stories near in time, some later follow-ups
        rng = random.Random(story * 7919 + seed)
        topic = rng.sample(vocabulary, 30)
        rng = random.Random(index * 104729 + seed)
        words = [rng.choice(topic) if rng.random() < 0.3 else rng.choice(common) for _ in range(300)]
        text = "\n".join(" ".join(words[i:i + 60]) for i in range(0, 300, 60))
        source = f"site{index % 400}.example"
        if index % 11 == 0:
            source = f"aggregator{index % 4}.example"
            text = f"Aggregator {index % 4} news\nShare this story\n{text}\nSign up to read more from aggregator {index % 4}"
        when = start + timedelta(seconds=3 * index)
        out.write(json.dumps({
            "id": f"d{index}", "source": source, "title": " ".join(topic[:6]), "text": text,
            "published": when.isoformat().replace("+00:00", "Z")}) + "\n")


if __name__ == "__main__":
    main()
