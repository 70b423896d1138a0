#!/usr/bin/env python3
"""Copy recall: the share of republished copies (syndication.copies.tsv) that landed in
their original's story, and in its copy group. Reads `feedmerge stories --format jsonl`.

    copy_recall.py COPIES.tsv STORIES.jsonl
"""
import json
import sys


def main() -> int:
    copies_path, stories_path = sys.argv[1], sys.argv[2]
    story_of, group_of = {}, {}
    with open(stories_path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            story = json.loads(line)
            for member in story.get("members", []):
                story_of[member["id"]] = story["id"]
                group_of[member["id"]] = member.get("copy_group")
    total = same_story = same_group = 0
    by_edit = {}
    with open(copies_path, encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            copy, original, edit = line.rstrip("\n").split("\t")[:3]
            total += 1
            in_story = copy in story_of and story_of.get(copy) == story_of.get(original)
            in_group = in_story and group_of.get(copy) == group_of.get(original)
            same_story += in_story
            same_group += in_group
            counts = by_edit.setdefault(edit, [0, 0, 0])
            counts[0] += 1
            counts[1] += in_story
            counts[2] += in_group
    if total == 0:
        print("copies: none listed")
        return 0
    print(f"copies {total}  in original's story {same_story / total:.3f}  in its copy group {same_group / total:.3f}")
    for edit, (n, s, g) in sorted(by_edit.items()):
        print(f"  {edit:<10} {n:4d}  story {s / n:.3f}  copy group {g / n:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
