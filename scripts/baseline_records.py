#!/usr/bin/env python3
"""The baseline of the records benchmarks (`cargo xtask bench`): a corpus
into records, as a user would write it without dateline.

    python3 scripts/baseline_records.py --jsonl CORPUS_DIR > records.jsonl
    python3 scripts/baseline_records.py --pandas CORPUS_DIR

`--jsonl` writes the records as JSON lines with the standard library only
(what `dateline convert --to jsonl` does); `--pandas` builds a pandas
DataFrame of them (what `dateline.read(...).to_pandas()` gives) and prints
its size and the seconds it took.

One record per article, with the record's columns (`doc/record.md`): id, path,
title, date, url, canonical_url, host, domain, outlet_id, outlet_name,
url_date, url_slug, text (paragraphs repaired, joined by blank lines), promos
and sources (lists of dicts), warnings and repairs. The parsing is
`baseline_jsonl.py`'s (regular expressions); URL facts come from
`urllib.parse` and a few regular expressions, outlets from a small dict. It is
deliberately plain: one process, files in sorted order. It does less than
dateline (a toy gazetteer, no public-suffix list, no canonical query order,
no promo resolution), so the comparison flatters it.

"""

import datetime
import json
import os
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baseline_jsonl  # noqa: E402  (the parser both baselines share)

# A handful of outlets, by host and by name: dateline's gazetteer has hundreds.
OUTLETS = {
    "bbc.com": ("bbc", "BBC"), "bbc.co.uk": ("bbc", "BBC"), "reuters.com": ("reuters", "Reuters"),
    "cnn.com": ("cnn", "CNN"), "nytimes.com": ("nyt", "The New York Times"),
    "theguardian.com": ("guardian", "The Guardian"), "apnews.com": ("ap", "Associated Press"),
    "aljazeera.com": ("al-jazeera", "Al Jazeera"), "bloomberg.com": ("bloomberg", "Bloomberg"),
    "hngn.com": ("hngn", "Headlines & Global News"), "washingtonpost.com": ("washington-post", "The Washington Post"),
}
NAMES = {name.lower(): (oid, name) for oid, name in OUTLETS.values()}
NAMES.update({"ap": ("ap", "Associated Press"), "ap news": ("ap", "Associated Press")})
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid)$")
URL_DATE = re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})/|/(\d{4})-(\d{2})-(\d{2})")


def url_facts(url):
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    query = urllib.parse.urlencode(
        sorted((k, v) for k, v in urllib.parse.parse_qsl(parts.query) if not TRACKING.match(k))
    )
    canonical = urllib.parse.urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))
    labels = host.split(".")
    domain = ".".join(labels[-3:] if labels[-2:-1] == ["co"] else labels[-2:])
    date = None
    m = URL_DATE.search(parts.path)
    if m:
        y, mo, d = [int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:])]
        try:
            date = datetime.date(y, mo, d)
        except ValueError:
            date = None
    segments = [s for s in parts.path.split("/") if s and not s.isdigit()]
    slug = re.sub(r"\.\w+$", "", segments[-1]) if segments else None
    return canonical, host, domain, date, slug


def record(path):
    article = baseline_jsonl.convert(path, os.path.splitext(os.path.basename(path))[0])
    canonical, host, domain, url_date, slug = url_facts(article["url"])
    outlet = OUTLETS.get(domain, (None, None))
    paragraphs, promos, sources, repairs = [], [], [], 0
    for block in article["blocks"]:
        if block["kind"] == "related":
            promos.append({"label": block["label"], "title": block["title"], "to": None,
                           "method": None, "score": None})
            continue
        paragraphs.append(block["text"])
        for a in block["attributions"]:
            repairs += a["raw"] != a["text"]
            oid, name = NAMES.get(a["source"].lower(), (None, None))
            sources.append({"name": a["source"], "outlet_id": oid, "outlet_name": name, "domain": None})
    return {
        "id": article["id"], "path": path, "title": article["title"],
        "date": datetime.date.fromisoformat(article["date"]), "url": article["url"],
        "canonical_url": canonical, "host": host, "domain": domain,
        "outlet_id": outlet[0], "outlet_name": outlet[1], "url_date": url_date,
        "url_article_id": None, "url_slug": slug, "text": "\n\n".join(paragraphs),
        "promos": promos, "sources": sources, "warnings": [], "repairs": repairs,
    }


def records(roots):
    """Every record of the corpus at `roots`, in order; bad files on stderr."""
    failed = 0
    for root in roots:
        for path in baseline_jsonl.files(root):
            try:
                yield record(path)
            except (OSError, ValueError) as e:
                sys.stderr.write(f"{path}: {e}\n")
                failed += 1


def main(argv):
    if len(argv) < 3 or argv[1] not in ("--jsonl", "--pandas"):
        sys.stderr.write("usage: baseline_records.py --jsonl|--pandas PATH...\n")
        return 2
    started = time.perf_counter()
    if argv[1] == "--jsonl":
        out = sys.stdout
        for r in records(argv[2:]):
            r["date"] = r["date"].isoformat()
            r["url_date"] = r["url_date"] and r["url_date"].isoformat()
            out.write(json.dumps(r, ensure_ascii=False))
            out.write("\n")
        out.flush()
        return 0
    import pandas as pd

    df = pd.DataFrame.from_records(list(records(argv[2:])))
    print(f"{len(df)} rows, {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
