#!/usr/bin/env python3
"""Checks the DOM Chromium made of a dateline html report against the JSON
report of the same run (see check_html_reports.sh).

    check_html_dom.py links|stats REPORT.json DOM.html
"""

import json
import sys
from html.parser import HTMLParser

TABLE_ROWS = 500  # dateline_export::report_html::TABLE_ROWS
MAX_GRAPH_NODES = 400  # report_html::links::MAX_GRAPH_NODES
TOP = 20  # the top N of outlets and hosts


class Dom(HTMLParser):
    """What the checks need: counts, bars, nodes, edges and table rows by
    section, whether each was inside an <svg>, and the elements seen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.section = None
        self.svg_depth = 0
        self.counts = {}
        self.bars = {}
        self.more = {}
        self.nodes = []
        self.edges = []
        self.rows = {}
        self.tags = set()
        self._dd = None
        self._table = None
        self._in_tbody = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        self.tags.add(tag)
        if tag == "section":
            self.section = a.get("id")
        elif tag == "svg":
            self.svg_depth += 1
        elif tag == "dd" and "data-key" in a:
            self._dd = [a["data-key"], ""]
        elif tag == "rect" and "bar" in classes:
            assert self.svg_depth, "a bar outside an svg"
            self.bars.setdefault(self.section, []).append((a["data-key"], int(a["data-value"])))
        elif tag == "text" and "more" in classes:
            self.more[self.section] = (int(a["data-more"]), int(a["data-value"]))
        elif tag == "g" and "node" in classes:
            assert self.svg_depth, "a node outside an svg"
            self.nodes.append(a["data-id"])
        elif tag == "line" and "edge" in classes:
            assert self.svg_depth, "an edge outside an svg"
            self.edges.append((a["data-from"], a["data-to"]))
        elif tag == "table":
            self._table = a.get("class")
            self.rows[self._table] = 0
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self.rows[self._table] += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg_depth -= 1
        elif tag == "dd" and self._dd:
            key, text = self._dd
            self.counts[key] = int(text.replace(",", ""))
            self._dd = None
        elif tag == "tbody":
            self._in_tbody = False

    def handle_data(self, data):
        if self._dd is not None:
            self._dd[1] += data


def at(report, path):
    value = report
    for key in path.split("."):
        value = value[key]
    return len(value) if isinstance(value, list) else value


def check(condition, message):
    if not condition:
        print(f"  not so: {message}", file=sys.stderr)
    return condition


def links(report, dom):
    ok = True
    for key, value in dom.counts.items():
        if key in report:
            ok &= check(value == at(report, key), f"{key}: page {value}, json {at(report, key)}")
    ok &= check("resolved" in dom.counts and "ambiguous" in dom.counts, "the summary counts")
    refs = report["references"]
    outcome = {"exact": 0, "slug": 0, "fuzzy": 0, "self_reference": 0, "ambiguous": 0, "not_found": 0}
    for r in refs:
        if r["self_reference"]:
            outcome["self_reference"] += 1
        elif r["to"] is not None:
            outcome[r["method"]] += 1
        elif r["candidates"]:
            outcome["ambiguous"] += 1
        else:
            outcome["not_found"] += 1
    ok &= check(dict(dom.bars.get("outcomes", [])) == outcome, f"outcomes {dom.bars.get('outcomes')} != {outcome}")
    edges = {(r["from"], r["to"]) for r in refs if r["to"] is not None and not r["self_reference"]}
    nodes = {n for e in edges for n in e}
    drawn_nodes, drawn_edges = set(dom.nodes), set(dom.edges)
    ok &= check(len(drawn_nodes) == len(dom.nodes), "a node drawn twice")
    ok &= check(len(drawn_edges) == len(dom.edges), "an edge drawn twice")
    if len(nodes) <= MAX_GRAPH_NODES:
        ok &= check(drawn_nodes == nodes, f"{len(drawn_nodes)} nodes drawn of {len(nodes)}")
        ok &= check(drawn_edges == edges, f"{len(drawn_edges)} edges drawn of {len(edges)}")
    else:
        ok &= check(drawn_nodes <= nodes and 0 < len(drawn_nodes) <= MAX_GRAPH_NODES, "nodes past the cap")
        ok &= check(drawn_edges == {e for e in edges if set(e) <= drawn_nodes}, "edges among the drawn nodes")
    not_found = outcome["not_found"]
    ok &= check(dom.rows.get("unresolved", 0) == min(not_found, TABLE_ROWS), "unresolved rows")
    ok &= check(dom.rows.get("ambiguous", 0) == min(report["ambiguous"], TABLE_ROWS), "ambiguous rows")
    cited = {}
    for a in report["attributions"]:
        if a["outlet"]:
            cited[a["outlet"]] = cited.get(a["outlet"], 0) + 1
    top = sorted(cited.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    ok &= check(dom.bars.get("outlets", []) == top, f"outlets {dom.bars.get('outlets')} != {top}")
    print(f"  links: {len(refs)} references, {len(dom.nodes)}/{len(nodes)} nodes, "
          f"{len(dom.edges)}/{len(edges)} edges drawn")
    return ok


def stats(report, dom):
    ok = True
    for key, value in dom.counts.items():
        if key.split(".")[0] in report:
            ok &= check(value == at(report, key), f"{key}: page {value}, json {at(report, key)}")
    ok &= check("articles" in dom.counts, "the summary counts")
    months = dom.bars.get("months", [])
    ok &= check(all(report["months"].get(m, 0) == n for m, n in months), "months")
    ok &= check(set(report["months"]) <= {m for m, _ in months}, "every month with articles")
    hosts = sorted(report["hosts"].items(), key=lambda kv: (-kv[1], kv[0]))
    ok &= check(dom.bars.get("hosts", []) == hosts[:TOP], "hosts")
    if len(hosts) > TOP:
        rest = hosts[TOP:]
        ok &= check(dom.more.get("hosts") == (len(rest), sum(n for _, n in rest)), "and K more hosts")
    codes = {c: v["count"] for c, v in report["diagnostics"].items()}
    ok &= check(dict(dom.bars.get("diagnostics", [])) == codes, "diagnostics")
    print(f"  stats: {report['articles']} articles, {len(months)} months, {len(hosts)} hosts, "
          f"{len(codes)} codes")
    return ok


def main():
    command, report_path, dom_path = sys.argv[1:]
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    dom = Dom()
    with open(dom_path, encoding="utf-8") as f:
        dom.feed(f.read())
    ok = check("svg" in dom.tags, "no svg in the DOM")
    ok &= check("script" not in dom.tags, "a script element")
    ok &= (links if command == "links" else stats)(report, dom)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
