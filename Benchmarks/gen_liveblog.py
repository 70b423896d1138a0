#!/usr/bin/env python3
"""Adversarial clustering set: a live blog updated UPDATES times over three days beside
STORIES unrelated stories, as `feedmerge import --jsonl` documents (same id and source =
a new version of the live page), with labels (`id<TAB>story`) for score_clusters.py.

The live blog is built to chain: every update also mentions words of unrelated stories
(a "what else is happening" paragraph), its text keeps changing, and eight follow-up
articles from other sites quote it. Expected: the live blog's story is the largest and holds
the blog and its follow-ups only; no unrelated story joins another.

    gen_liveblog.py OUT.jsonl OUT.labels.tsv [--updates 50] [--stories 200] [--seed 7]
"""
import argparse
import json
import random
from datetime import datetime, timedelta, timezone


def words(rng, n, length=(3, 9)):
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(*length))) for _ in range(n)]


def sentence(rng, topic, common, n=18, topical=0.35):
    return " ".join(rng.choice(topic) if rng.random() < topical else rng.choice(common) for _ in range(n)).capitalize() + "."


def paragraph(rng, topic, common, sentences=3):
    return " ".join(sentence(rng, topic, common) for _ in range(sentences))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("labels")
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    common = words(rng, 150, (2, 6))
    start = datetime(2026, 3, 1, 6, 0, tzinfo=timezone.utc)
    span = timedelta(days=3)
    docs = []  # (time, document, label)

    topics = [words(rng, 40) for _ in range(args.stories)]
    for index, topic in enumerate(topics):
        when = start + span * rng.random()
        body = "\n".join(paragraph(rng, topic, common) for _ in range(5))
        title = " ".join(rng.sample(topic, 6)).capitalize()
        label = f"story-{index}"
        docs.append((when, {"id": f"s{index}", "source": f"site{index % 25}.example", "title": title, "text": body}, label))
        if index % 3 == 0:  # a second report in other words, a few hours later
            other = "\n".join(paragraph(rng, topic, common) for _ in range(4))
            docs.append((when + timedelta(hours=rng.randint(1, 6)),
                         {"id": f"s{index}b", "source": f"site{(index + 7) % 25}.example", "title": title, "text": other}, label))

    blog_topic = words(rng, 40)
    updates = []
    for number in range(args.updates):
        when = start + span * number / max(args.updates - 1, 1)
        elsewhere = rng.sample(topics, 3)
        update = paragraph(rng, blog_topic, common, 2) + " Elsewhere: " + " ".join(
            " ".join(rng.sample(topic, 8)) for topic in elsewhere) + "."
        updates.append(update)
        text = "Live: latest updates\n" + "\n".join(reversed(updates[-12:]))
        docs.append((when, {"id": "live", "source": "live.example", "url": "https://live.example/blog",
                            "title": "Live blog", "text": text}, "liveblog"))
        if number % 6 == 5:  # a follow-up quoting the blog's latest updates
            quote = "\n".join(updates[-2:])
            docs.append((when + timedelta(minutes=30), {
                "id": f"follow{number}", "source": f"follow{number}.example",
                "title": " ".join(rng.sample(blog_topic, 6)).capitalize(),
                "text": paragraph(rng, blog_topic, common) + "\n" + quote + "\n" + paragraph(rng, blog_topic, common)},
                "liveblog"))

    docs.sort(key=lambda item: item[0])
    with open(args.out, "w", encoding="utf-8") as out, open(args.labels, "w", encoding="utf-8") as labels:
        labels.write("id\tstory\n")
        seen = set()
        for when, document, label in docs:
            document["published"] = when.isoformat().replace("+00:00", "Z")
            out.write(json.dumps(document) + "\n")
            if document["id"] not in seen:
                seen.add(document["id"])
                labels.write(f"{document['id']}\t{label}\n")


if __name__ == "__main__":
    main()
