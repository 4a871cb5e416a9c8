#!/usr/bin/env python3
"""The baseline of `cargo xtask bench`: what a user would write without dateline.

Converts a directory of article files (line 1 the headline, line 2 the date
YYYYMMDD, line 3 the URL, then one paragraph per line) into JSON Lines, one
object per article, with the standard library only:

    python3 scripts/baseline_jsonl.py CORPUS_DIR > corpus.jsonl

Each object holds the id (the file stem), title, ISO date, URL, and the blocks:
paragraphs with their text repaired (`PerBBC,the` -> `Per BBC, the`) and the
attributions found in them, and promo lines (`Read Also:<headline>`) as related
blocks. Files that do not parse are reported on stderr and skipped.

It is deliberately plain: one process, files read in sorted order, regular
expressions for promos and attributions. It does less than dateline (no spans,
no layout, no lossless model, no quotations), so the comparison flatters it.
"""

import datetime
import json
import os
import re
import sys

PROMO_LABELS = (
    "read also|also read|read more|related|related article|related articles|"
    "related story|related stories|related news|related coverage|related content|"
    "related reading|see also|also see"
)
PROMO = re.compile(r"^(" + PROMO_LABELS + r")\s*:\s*(\S.*)$", re.IGNORECASE)
# A cue (`per`, `according to`, `reported by`) glued or not to a capitalised
# source name, optionally glued to the next word after punctuation.
ATTRIBUTION = re.compile(
    r"\b((?i:per|according to|reported by)) ?([A-Z][\w&]*(?: (?:[A-Z][\w&]*|of|the|and|for|&))*)"
    r"([,;:.!?])?(?=([A-Za-z])?)"
)


def repair(paragraph):
    """Finds attributions and puts back the spaces scraping removed."""
    attributions = []

    def fix(m):
        cue, source, punct, glued_next = m.group(1), m.group(2), m.group(3), m.group(4)
        text = cue + " " + source + (punct or "")
        if punct and glued_next:
            text += " "
        attributions.append({"raw": m.group(0), "text": text, "cue": cue, "source": source})
        return text

    text = ATTRIBUTION.sub(fix, paragraph)
    return text, attributions


def convert(path, article_id):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    if len(lines) < 3:
        raise ValueError("fewer than three header lines")
    title, date, url = lines[0].strip(), lines[1].strip(), lines[2].strip()
    if not title:
        raise ValueError("empty headline")
    iso = datetime.datetime.strptime(date, "%Y%m%d").date().isoformat()
    if not re.match(r"^https?://[^/\s]+", url):
        raise ValueError("invalid url: " + url)
    blocks = []
    for line in lines[3:]:
        line = line.strip()
        if not line:
            continue
        promo = PROMO.match(line)
        if promo:
            blocks.append({"kind": "related", "label": promo.group(1), "title": promo.group(2)})
            continue
        repaired, attributions = repair(line)
        blocks.append({"kind": "paragraph", "text": repaired, "attributions": attributions})
    return {"id": article_id, "title": title, "date": iso, "url": url, "blocks": blocks}


def files(root):
    if os.path.isfile(root):
        yield root
        return
    for directory, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".txt") and not name.startswith("."):
                yield os.path.join(directory, name)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: baseline_jsonl.py PATH... > out.jsonl\n")
        return 2
    out = sys.stdout
    failed = 0
    for root in argv[1:]:
        for path in files(root):
            article_id = os.path.splitext(os.path.basename(path))[0]
            try:
                article = convert(path, article_id)
            except (OSError, ValueError) as e:
                sys.stderr.write(f"{path}: {e}\n")
                failed += 1
                continue
            out.write(json.dumps(article, ensure_ascii=False))
            out.write("\n")
    out.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
