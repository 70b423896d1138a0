#!/usr/bin/env python3
"""Peers of `make bench-cluster`, and its synthetic documents.

    cluster_peers.py generate OUT.jsonl [--docs 5000] [--words 800] [--seed 1]
        800-word documents over a Zipf vocabulary (50 sources, every tenth document a copy
        of an earlier one with a few words changed), as {"id","source","title","text"}.
    cluster_peers.py sketch DOCS.jsonl
        MinHash signatures/s (128 permutations, word 5-shingles) with rensa and datasketch.
    cluster_peers.py pipeline DOCS.jsonl
        Dedup pipeline documents/s (tokenise, shingle, MinHash, LSH query + insert).
Prints one `name value` line per figure.
"""
import json
import random
import re
import sys
import time


def generate(out, docs=5000, words=800, seed=1):
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10))) for _ in range(50000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    texts = []
    with open(out, "w", encoding="utf-8") as handle:
        for index in range(docs):
            if index % 10 == 9 and texts:
                tokens = rng.choice(texts).split(" ")
                for _ in range(10):
                    tokens[rng.randrange(len(tokens))] = rng.choice(vocabulary)
            else:
                tokens = rng.choices(vocabulary, weights, k=words)
            paragraphs = [" ".join(tokens[i:i + 80]) for i in range(0, len(tokens), 80)]
            text = "\n".join(paragraphs)
            texts.append(" ".join(tokens))
            handle.write(json.dumps({"id": f"d{index}", "source": f"source{index % 50}", "title": f"document {index}", "text": text}) + "\n")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


def shingles(text):
    tokens = re.findall(r"\w+", text.lower())
    return [" ".join(tokens[i:i + 5]) for i in range(len(tokens) - 4)]


def rate(count, body, minimum=2.0):
    items, total = 0, 0.0
    while total < minimum:
        start = time.perf_counter()
        body()
        total += time.perf_counter() - start
        items += count
    return items / total


def sketch(path):
    texts = load(path)
    sets = [shingles(text) for text in texts]
    try:
        from rensa import RMinHash

        def run_rensa():
            for s in sets:
                m = RMinHash(num_perm=128, seed=42)
                m.update(s)
                m.digest()
        print(f"rensa_signatures_per_s {int(rate(len(sets), run_rensa))}")
    except ImportError as error:
        print(f"rensa_signatures_per_s unavailable ({error})")
    try:
        from datasketch import MinHash
        few = sets[: max(1, min(len(sets), 500))]
        encoded = [[x.encode() for x in s] for s in few]

        def run_datasketch():
            for s in encoded:
                m = MinHash(num_perm=128, seed=42)
                m.update_batch(s)
                m.digest()
        print(f"datasketch_signatures_per_s {int(rate(len(few), run_datasketch))}")
    except ImportError as error:
        print(f"datasketch_signatures_per_s unavailable ({error})")


def pipeline(path):
    texts = load(path)
    try:
        from rensa import RMinHash, RMinHashLSH
        start = time.perf_counter()
        lsh = RMinHashLSH(threshold=0.5, num_perm=128, num_bands=32)
        for key, text in enumerate(texts):
            m = RMinHash(num_perm=128, seed=42)
            m.update(shingles(text))
            lsh.query(m)
            lsh.insert(key, m)
        print(f"rensa_pipeline_docs_per_s {int(len(texts) / (time.perf_counter() - start))}")
    except ImportError as error:
        print(f"rensa_pipeline_docs_per_s unavailable ({error})")
    try:
        from datasketch import MinHash, MinHashLSH
        few = texts[: min(len(texts), 2000)]
        start = time.perf_counter()
        lsh = MinHashLSH(threshold=0.5, num_perm=128)
        for key, text in enumerate(few):
            m = MinHash(num_perm=128, seed=42)
            m.update_batch([x.encode() for x in shingles(text)])
            lsh.query(m)
            lsh.insert(str(key), m)
        print(f"datasketch_pipeline_docs_per_s {int(len(few) / (time.perf_counter() - start))}")
    except ImportError as error:
        print(f"datasketch_pipeline_docs_per_s unavailable ({error})")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "generate":
        args = sys.argv[2:]
        out = args[0]
        options = dict(zip(args[1::2], args[2::2]))
        generate(out, int(options.get("--docs", 5000)), int(options.get("--words", 800)), int(options.get("--seed", 1)))
    elif command == "sketch":
        sketch(sys.argv[2])
    elif command == "pipeline":
        pipeline(sys.argv[2])
    else:
        sys.exit(f"unknown command {command}")
