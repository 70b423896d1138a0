#!/usr/bin/env python3
"""Parse-only throughput of a Python feed parser over files held in memory.

Usage: bench_parse_peers.py MODULE ROUNDS FILE...   (MODULE: feedparser, feedparser_rs, fastfeedparser)
Prints one JSON line like `feedmerge-parse --bench-rounds`: bytes, seconds, MB/s, peak RSS.
Run once per peer, in its own process, so that peak RSS is the peer's own.
"""
import importlib
import json
import resource
import sys
import time
import warnings


def resident_kb() -> int:
    """Current resident set size in KiB (VmRSS of /proc/self/status), 0 when unknown."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> int:
    name, rounds, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    module = importlib.import_module(name)
    documents = []
    for path in files:
        with open(path, "rb") as handle:
            documents.append(handle.read())
    total = sum(len(d) for d in documents)
    baseline_kb = resident_kb()  # interpreter, module and files loaded, nothing parsed yet
    entries = failures = 0
    warnings.simplefilter("ignore")
    start = time.perf_counter()
    for _ in range(rounds):
        for data in documents:
            try:
                result = module.parse(data)
                entries += len(result["entries"] if isinstance(result, dict) or hasattr(result, "__getitem__") else result.entries)
            except Exception:
                failures += 1
    seconds = time.perf_counter() - start
    print(json.dumps({
        "parser": name, "files": len(documents), "bytes": total, "rounds": rounds,
        "entries": entries // rounds, "failures": failures // rounds, "seconds": seconds,
        "mb_per_s": total * rounds / 1048576 / seconds,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "baseline_rss_kb": baseline_kb,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
