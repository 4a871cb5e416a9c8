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
the machine's load: run it on an idle one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(label: str, results: dict, f):
    start = time.perf_counter()
    value = f()
    results[label] = time.perf_counter() - start
    print(f"{label:>20}: {results[label]:8.1f} s", flush=True)
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cli", type=Path, default=Path("target/release/dateline"))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--memory", default="2g", help="spark.driver.memory")
    parser.add_argument("--skip-cli", action="store_true")
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
            timed("cli links", results, lambda: subprocess.run(
                [str(args.cli), "links", "--format", "json", "--quiet", str(args.corpus)],
                check=True, stdout=subprocess.DEVNULL))

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession

        import dateline.spark as dspark

        spark = timed("spark startup", results, lambda: (
            SparkSession.builder.master(args.master)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", args.memory)
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate()))
        spark.sparkContext.setLogLevel("ERROR")

        def read_write():
            corpus = dspark.read(spark, str(args.corpus))
            dspark.write(corpus.records, str(out / "records"))

        timed("spark read+write", results, read_write)
        records = spark.read.parquet(str(out / "records")).drop("year")

        def link():
            found = dspark.links(spark, records)
            found.references.write.parquet(str(out / "references"))

        timed("spark links", results, link)
        n = spark.read.parquet(str(out / "references")).count()
        print(f"references: {n}")
        spark.stop()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if "cli convert" in results:
        print(f"read: Spark {results['spark read+write'] / results['cli convert']:.1f}x the CLI's time")
        print(f"links: Spark {results['spark links'] / results['cli links']:.1f}x the CLI's time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
