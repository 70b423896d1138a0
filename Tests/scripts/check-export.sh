#!/usr/bin/env bash
# The exported feeds read by Python: every story of the store must come back from
# `export --format atom` through feedparser (the reference reader), and from
# `export --format jsonfeed` through feedparser too when it reads JSON Feed (only its
# unreleased main branch does; PyPI's 6.0.x does not), else through a check of the
# JSON Feed 1.1 rules (version, title, items with id, content and RFC 3339 dates).
# feedparser lives in a virtualenv this script creates.
#
#   Tests/scripts/check-export.sh        (make check-export)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=Tests/scripts/.venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q feedparser
fi
swift build --product feedmerge >/dev/null
bin=.build/debug/feedmerge
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '[store]\npath = "store.sqlite"\n' > "$work/feedmerge.toml"
"$bin" --config "$work/feedmerge.toml" import --jsonl Tests/scripts/export-sample.jsonl 2>/dev/null
"$bin" --config "$work/feedmerge.toml" stories --format jsonl --all > "$work/stories.jsonl"
"$bin" --config "$work/feedmerge.toml" export --format atom > "$work/feed.atom"
"$bin" --config "$work/feedmerge.toml" export --format jsonfeed > "$work/feed.json"
"$venv/bin/python" - "$work" <<'PY'
import json, sys, feedparser
work = sys.argv[1]
stories = [json.loads(line) for line in open(f"{work}/stories.jsonl")]
expected = {f"urn:feedmerge:story:{s['id']}": s for s in stories}
failed = False

def check(name, entries, bozo, version):
    global failed
    got = {e.get("id"): e for e in entries}
    missing = set(expected) - set(got)
    wrong = [i for i in expected if i in got and got[i].get("title") != expected[i]["headline"]]
    nolink = [i for i in expected if i in got and not (got[i].get("link") or got[i].get("url"))]
    ok = not bozo and not missing and not wrong and not nolink
    failed |= not ok
    print(f"{name}: {version}: read {len(entries)} of {len(expected)} stories, bozo={bozo}, "
          f"missing={len(missing)}, wrong titles={len(wrong)}, without link={len(nolink)}" + ("" if ok else "  FAILED"))
    for i in wrong[:3]:
        print(f"  {i}: {got[i].get('title')!r} != {expected[i]['headline']!r}")

atom = feedparser.parse(f"{work}/feed.atom")
check("feed.atom", atom.entries, bool(atom.bozo), f"feedparser {feedparser.__version__} ({atom.version})")

jsonfeed = feedparser.parse(f"{work}/feed.json")
if jsonfeed.version and jsonfeed.version.startswith("json"):
    check("feed.json", jsonfeed.entries, bool(jsonfeed.bozo), f"feedparser {feedparser.__version__} ({jsonfeed.version})")
else:
    from datetime import datetime
    document = json.load(open(f"{work}/feed.json"))
    problems = []
    if document.get("version") != "https://jsonfeed.org/version/1.1": problems.append("version")
    if not isinstance(document.get("title"), str): problems.append("title")
    items = document.get("items")
    if not isinstance(items, list): problems.append("items"); items = []
    for item in items:
        if not isinstance(item.get("id"), str): problems.append("item id")
        if not (isinstance(item.get("content_html"), str) or isinstance(item.get("content_text"), str)): problems.append("item content")
        for key in ("date_published", "date_modified"):
            try: datetime.fromisoformat(item[key].replace("Z", "+00:00"))
            except Exception: problems.append(f"item {key}")
        for key in item:
            if key not in {"id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
                           "banner_image", "date_published", "date_modified", "authors", "tags", "language",
                           "attachments"} and not key.startswith("_"):
                problems.append(f"unknown item key {key}")
    check("feed.json", items, bool(problems), f"JSON Feed 1.1 rules (feedparser {feedparser.__version__} has no JSON Feed reader)")
    for problem in sorted(set(problems)): print(f"  {problem}")
sys.exit(1 if failed else 0)
PY
