#!/usr/bin/env python3
"""dateline on Spark (local[N]) against the CLI, on one corpus.

Times, each on the same corpus directory:

- ``cli convert``: ``dateline convert --to jsonl`` (records, one machine;
  ``--to parquet`` needs the CLI's parquet feature);
- ``cli links``: ``dateline links --format json``;
- ``spark read+write``: ``dateline.spark.read`` then ``write`` to Parquet by year;
- ``spark links``: ``dateline.spark.links`` of the records (read from that
  Parquet), the references written to Parquet.

Usage (a release CLI and a release build of the package in the environment):

    cargo build --release -p dateline-cli
    (cd python && maturin develop --release)
    cargo xtask gen-corpus --mb 400 --files-per-dir 1000 --out /tmp/corpus400
    python scripts/spark_bench.py /tmp/corpus400 --cli target/release/dateline

Spark's own startup (JVM, Python workers) is timed apart. Timings vary with
the machine's load: run it on an idle one. ``--stages`` keeps Spark's event
log and prints, per phase, each stage's wall time, tasks, summed task time
and shuffle bytes: where the time goes. ``--check`` compares every reference
Spark resolved with the CLI's (``to``, ``method``, ``score``, candidates,
self-reference; then with the near miss, ``best_candidate``, ``best_score``), and reports
the references the CLI's candidate cap cut (``capped``), where the two may
differ.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple


def timed(label: str, results: dict, f, phases: "List[Tuple[str, float, float]] | None" = None):
    start = time.perf_counter()
    wall = time.time()
    value = f()
    results[label] = time.perf_counter() - start
    if phases is not None:
        phases.append((label, wall * 1000, time.time() * 1000))
    print(f"{label:>20}: {results[label]:8.1f} s", flush=True)
    return value


def stage_report(log_dir: Path, phases: List[Tuple[str, float, float]]) -> None:
    """Each completed stage of the event logs in `log_dir`, under the phase
    (label, start ms, end ms) it ran in: wall time, tasks, the tasks' summed
    run time, shuffle bytes written and read."""
    stages: List[Dict] = []
    # Spark 4 keeps each application's log in a directory of rolled files.
    for log in sorted(p for p in log_dir.rglob("*") if p.is_file()):
        with open(log, encoding="utf-8") as lines:
            for line in lines:
                if '"SparkListenerStageCompleted"' not in line:
                    continue
                info = json.loads(line)["Stage Info"]
                acc = {a["Name"]: a.get("Value") for a in info.get("Accumulables", [])}
                # The operators the stage ran (Spark 4's call sites name
                # none of them): its RDDs' scopes, in plan order.
                scopes: List[str] = []
                for rdd in sorted(info.get("RDD Info", []), key=lambda r: r["RDD ID"]):
                    name = json.loads(rdd["Scope"])["name"] if rdd.get("Scope") else rdd["Name"]
                    if name not in scopes:
                        scopes.append(name)
                stages.append({
                    "id": info["Stage ID"],
                    "name": ", ".join(scopes) or info["Stage Name"],
                    "tasks": info["Number of Tasks"],
                    "start": info.get("Submission Time", 0),
                    "end": info.get("Completion Time", 0),
                    "run": int(acc.get("internal.metrics.executorRunTime") or 0),
                    "written": int(acc.get("internal.metrics.shuffle.write.bytesWritten") or 0),
                    "read": int(acc.get("internal.metrics.shuffle.read.localBytesRead") or 0)
                    + int(acc.get("internal.metrics.shuffle.read.remoteBytesRead") or 0),
                })
    stages.sort(key=lambda s: s["start"])
    for label, start, end in phases:
        mine = [s for s in stages if start <= s["start"] <= end]
        print(f"{label}: {len(mine)} stages")
        print(f"  {'stage':>5} {'wall s':>7} {'tasks':>6} {'task s':>7} {'shuf w MB':>9} {'shuf r MB':>9}  operators")
        for s in mine:
            print(
                f"  {s['id']:>5} {(s['end'] - s['start']) / 1000:7.1f} {s['tasks']:>6} "
                f"{s['run'] / 1000:7.1f} {s['written'] / 1e6:9.1f} {s['read'] / 1e6:9.1f}  {s['name'][:400]}"
            )


def check(references, cli_report: Path) -> None:
    """Prints how many of Spark's references differ from the CLI's (by
    referencing article and title: ``to``, ``method``, ``score``,
    candidates, self-reference; then the near miss, ``best_candidate`` and
    ``best_score``), and how many of the CLI's were capped."""
    with open(cli_report, encoding="utf-8") as f:
        cli = json.load(f)["references"]

    def answer(r) -> Tuple:
        return (r["from"], r["title"], r["to"] or "", r["method"] or "", round(r["score"], 9),
                tuple(r["candidates"]), r["self_reference"])

    def near(r) -> Tuple:
        best = r["best_score"]
        return answer(r) + (r["best_candidate"] or "", -1 if best is None else round(best, 9))

    fields = ["from", "title", "to", "method", "score", "candidates", "self_reference",
              "best_candidate", "best_score"]
    rows = [r.asDict() for r in references.select(*fields).collect()]
    capped = sum(1 for r in cli if r.get("capped"))
    capped_keys = {(r["from"], r["title"]) for r in cli if r.get("capped")}
    from collections import Counter

    for what, key in (("answers", answer), ("near misses", near)):
        want, got = Counter(key(r) for r in cli), Counter(key(r) for r in rows)
        if got == want:
            print(f"check: {what}: all {len(rows)} references equal the CLI's (CLI capped: {capped})")
            continue
        missing, extra = want - got, got - want
        differ_capped = sum(n for k, n in missing.items() if (k[0], k[1]) in capped_keys)
        print(
            f"check: {what}: {sum(missing.values())} of the CLI's {len(cli)} references differ, "
            f"{differ_capped} of them capped by the CLI (CLI capped: {capped}); first:"
        )
        for a, b in list(zip(sorted(missing), sorted(extra)))[:5]:
            print(f"  CLI   {a}\n  Spark {b}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cli", type=Path, default=Path("target/release/dateline"))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--memory", default="2g", help="spark.driver.memory")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--skip-links", action="store_true")
    parser.add_argument("--stages", action="store_true", help="print each stage's time (Spark's event log)")
    parser.add_argument("--check", action="store_true", help="compare every reference with the CLI's")
    parser.add_argument(
        "--max-candidates", type=int, default=4096,
        help="the CLI's candidate cap (its default: 4096); Spark's answer has none",
    )
    parser.add_argument(
        "--no-typos", action="store_true",
        help="both without the typo stage (`dateline links --no-typos`, `links(typos=False)`)",
    )
    parser.add_argument(
        "--records", type=Path,
        help="keep Spark's records here (Parquet), and if they are there already, skip read+write",
    )
    args = parser.parse_args()

    size = sum(p.stat().st_size for p in args.corpus.rglob("*.txt"))
    files = sum(1 for _ in args.corpus.rglob("*.txt"))
    print(f"corpus: {files} files, {size / 1e6:.0f} MB", flush=True)
    out = Path(tempfile.mkdtemp(prefix="dateline-spark-bench-"))
    results: dict = {}
    try:
        if not args.skip_cli:
            timed("cli convert", results, lambda: subprocess.run(
                [str(args.cli), "convert", "--to", "jsonl", "--quiet", "-o",
                 str(out / "cli.jsonl"), str(args.corpus)], check=True))
            with open(out / "cli-links.json", "wb") as report:
                timed("cli links", results, lambda: subprocess.run(
                    [str(args.cli), "links", "--format", "json", "--quiet",
                     "--max-candidates", str(args.max_candidates), str(args.corpus)]
                    + (["--no-typos"] if args.no_typos else []),
                    check=True, stdout=report))

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession

        import dateline.spark as dspark

        phases: List[Tuple[str, float, float]] = []
        builder = (
            SparkSession.builder.master(args.master)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", args.memory)
            .config("spark.sql.shuffle.partitions", "8")
        )
        if args.stages:
            (out / "events").mkdir()
            builder = (
                builder.config("spark.eventLog.enabled", "true")
                .config("spark.eventLog.compress", "false")
                .config("spark.eventLog.dir", (out / "events").as_uri())
            )
        spark = timed("spark startup", results, builder.getOrCreate)
        spark.sparkContext.setLogLevel("ERROR")

        written = args.records or out / "records"

        def read_write():
            corpus = dspark.read(spark, str(args.corpus))
            dspark.write(corpus.records, str(written))

        if args.records is None or not args.records.exists():
            timed("spark read+write", results, read_write, phases)
        records = spark.read.parquet(str(written)).drop("year")

        def link():
            found = dspark.links(spark, records, typos=not args.no_typos)
            found.references.write.parquet(str(out / "references"))

        if not args.skip_links:
            timed("spark links", results, link, phases)
            n = spark.read.parquet(str(out / "references")).count()
            print(f"references: {n}")
            if args.check and not args.skip_cli:
                check(spark.read.parquet(str(out / "references")), out / "cli-links.json")
        spark.stop()
        if args.stages:
            stage_report(out / "events", phases)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if "cli convert" in results and "spark read+write" in results:
        print(f"read: Spark {results['spark read+write'] / results['cli convert']:.1f}x the CLI's time")
    if "cli links" in results and "spark links" in results:
        print(f"links: Spark {results['spark links'] / results['cli links']:.1f}x the CLI's time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
