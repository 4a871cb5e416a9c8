"""dateline.spark in local[2]: reading equals dateline.read, links equal the
CLI's for every reference whatever the partitioning, writing to Parquet by
year reads back.

Without PySpark or Java these tests skip, unless DATELINE_REQUIRE_SPARK=1
(`cargo xtask test` sets it), where they fail: the Spark support must not go
untested by accident. One SparkSession serves every test (starting one takes
seconds)."""

from __future__ import annotations

import collections
import gzip
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pyarrow as pa
import pyarrow.dataset as pads
import pytest

import dateline

from support import INVALID, ROOT, VALID, article, plain, write_corpus


def _unavailable() -> str:
    """Why Spark cannot run here, or ''."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'dateline[spark]')"
    java = shutil.which("java") or (
        os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java")
    )
    if not java:
        return "no Java (Spark needs Java 17 or later on PATH or JAVA_HOME)"
    return ""


WHY = _unavailable()
if WHY:
    if os.environ.get("DATELINE_REQUIRE_SPARK") == "1":
        pytest.fail(f"DATELINE_REQUIRE_SPARK=1 but {WHY}", pytrace=False)
    pytest.skip(WHY, allow_module_level=True)

import dateline.spark as dspark  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    # The executors' Python is this one, which has dateline installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    # The JVM, and the Python workers it starts, run in the directory they
    # were launched from and put it first on sys.path: launched from
    # python/, a worker would import the source tree's `dateline` (without
    # its compiled module) instead of the installed one. Launch them from an
    # empty directory, with the current directory off sys.path (3.11+).
    here = os.getcwd()
    launch = tempfile.mkdtemp(prefix="dateline-spark-")
    os.environ["PYTHONSAFEPATH"] = "1"
    os.chdir(launch)
    try:
        session = (
            SparkSession.builder.master("local[2]")
            .appName("dateline-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.memory", "1g")
            # Adaptive execution would coalesce the test's small shuffles
            # into fewer partitions than it sets (7 would not be 7), and
            # replans every stage: off, the partition counts are the ones
            # tested, and the file takes 2:13 rather than 2:56. The answers
            # with it on (Spark's default) are compared with the CLI's by
            # scripts/spark_bench.py --check.
            .config("spark.sql.adaptive.enabled", "false")
            .getOrCreate()
        )
    finally:
        os.chdir(here)
        os.environ.pop("PYTHONSAFEPATH", None)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    shutil.rmtree(launch, ignore_errors=True)


def arrow(df: Any) -> pa.Table:
    """A DataFrame's rows, collected (a test's small data only)."""
    return df.toArrow()


def by_id(table: pa.Table) -> List[Dict[str, Any]]:
    return sorted((plain(r) for r in table.to_pylist()), key=lambda r: r["id"])


def same_records(spark_table: pa.Table, local: pa.Table) -> None:
    """Every column equal, `path` compared by its end: Spark names a file by
    its URI (`file:/...`), dateline.read as given."""
    assert spark_table.num_rows == local.num_rows
    got, want = by_id(spark_table), by_id(local)
    for g, w in zip(got, want):
        assert g["path"].startswith("file:/") and g["path"].endswith("/" + Path(w["path"]).name)
        g.pop("path"), w.pop("path")
        assert g == w


def test_the_spark_schema_is_the_record_schema(spark):
    schema = dspark.spark_schema()
    assert schema.names == dateline.schema().names
    assert schema["date"].dataType.simpleString() == "date"
    assert schema["promos"].dataType.simpleString() == (
        "array<struct<label:string,title:string,to:string,method:string,score:double>>"
    )


def test_read_equals_dateline_read_and_bad_files_go_to_errors(spark, tmp_path):
    shutil.copytree(VALID, tmp_path / "valid")
    shutil.copytree(INVALID, tmp_path / "invalid")
    corpus = dspark.read(spark, str(tmp_path))
    corpus.parsed.persist()
    got = arrow(corpus.records)
    same_records(got, dateline.read(tmp_path, on_error="skip"))
    assert got.schema.names == dateline.schema().names

    # Every diagnostic of every file that gave no article, as `check` has it
    # (the 0-byte file that Spark's sources drop included).
    checked = dateline.check(tmp_path)
    failed = {d.path for d in checked if d.severity == "error"}
    want = sorted(
        (Path(d.path).name, d.line, d.column, d.severity, d.code, d.name, d.message, d.hint)
        for d in checked
        if d.path in failed
    )
    errors = arrow(corpus.errors)
    got_errors = sorted(
        (Path(r["path"]).name, r["line"], r["column"], r["severity"], r["code"], r["name"],
         r["message"], r["hint"])
        for r in errors.to_pylist()
    )
    assert ("empty.txt", 1, 1, "error", "E001") in {e[:5] for e in got_errors}
    assert got_errors and got_errors == want
    assert [(f.name, f.dataType) for f in corpus.errors.schema] == [
        (f.name, f.dataType) for f in dspark.ERROR_SCHEMA
    ]
    corpus.parsed.unpersist()


def test_empty_files_are_listed_alike_by_the_local_walk_and_by_hadoop(spark, tmp_path):
    # Empty and non-empty files, nested folders, other extensions (and case),
    # hidden and `_` names (and what is under them), a file given directly.
    for name, text in {
        "a/empty.txt": "",
        "a/full.txt": "x",
        "a/b/c/deep.TXT": "",
        "a/b/c/deep.md": "",
        "a/b/other.log": "",
        "a/.hidden.txt": "",
        "a/_meta.txt": "",
        "a/_skipped/inside.txt": "",
        "a/.dot/inside.txt": "",
        "z.txt": "",
        "z.text": "",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    for path in (str(tmp_path), [str(tmp_path / "a"), str(tmp_path / "z.txt")]):
        for ext in ("txt", ["txt", "md"]):
            walked = dspark._empty_files(spark, path, ext)
            listed = dspark._empty_files(spark, path, ext, local_walk=False)
            assert sorted(walked) == sorted(listed), (path, ext)
    found = sorted(dspark._empty_files(spark, str(tmp_path), ["txt", "md"]))
    assert [f.split(str(tmp_path), 1)[1] for f in found] == [
        "/a/b/c/deep.TXT", "/a/b/c/deep.md", "/a/empty.txt", "/z.txt"
    ]
    assert all(f.startswith("file:/") for f in found)


def test_colliding_stems_get_the_ids_dateline_read_gives(spark, tmp_path):
    write_corpus(
        tmp_path,
        {
            "a/0001.txt": article("One", "20220101", "https://example.com/one"),
            "b/0001.txt": article("Two", "20220102", "https://example.com/two"),
            "c/0001-2.txt": article("Three", "20220103", "https://example.com/three"),
            "c/0001.TXT": article("Four", "20220104", "https://example.com/four"),
            "d/0002.txt": article("Five", "20220105", "https://example.com/five"),
            "d/notes.md": "not an article",
        },
    )
    local = dateline.read(tmp_path, on_error="skip")
    assert sorted(local.column("id").to_pylist()) == ["0001", "0001-2", "0001-2-2", "0001-3", "0002"]
    # The same ids with the files in 1 or 3 partitions.
    for partitions in ("1", "3"):
        spark.conf.set("spark.sql.shuffle.partitions", partitions)
        same_records(arrow(dspark.read(spark, str(tmp_path)).records), local)
    spark.conf.set("spark.sql.shuffle.partitions", "2")
    # And whatever the files' split into tasks: 8 MB splits hold two files
    # (each counts as 4 MB, spark.sql.files.openCostInBytes): 3 scan tasks,
    # kept (a file a task) or coalesced into 2 and into 1.
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(8 * 1024 * 1024))
    try:
        for files_per_task, tasks in ((1, 3), (3, 2), (dspark.FILES_PER_TASK, 1)):
            read = dspark.read(spark, str(tmp_path), files_per_task=files_per_task)
            assert read.parsed.rdd.getNumPartitions() == tasks, files_per_task
            same_records(arrow(read.records), local)
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    with pytest.raises(ValueError, match="files_per_task"):
        dspark.read(spark, str(tmp_path), files_per_task=0)


def pack(archive: Path, members: Dict[str, str]) -> Path:
    """A tar of `members` (name -> text), in the order given, compressed as
    the name says (gzip by tarfile, zstd by the zstd tool)."""
    plain_tar = archive.with_name(archive.name.split(".")[0] + ".tmp.tar")
    with tarfile.open(plain_tar, "w") as tar:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    if archive.name.endswith(".tar.gz"):
        with open(plain_tar, "rb") as raw, gzip.open(archive, "wb") as out:
            shutil.copyfileobj(raw, out)
        plain_tar.unlink()
    elif archive.name.endswith(".tar.zst"):
        subprocess.run(["zstd", "-q", "--rm", "-o", str(archive), str(plain_tar)], check=True)
    else:
        plain_tar.rename(archive)
    return archive


def test_read_of_archives_equals_dateline_read(spark, tmp_path):
    write_corpus(
        tmp_path,
        {
            "0001.txt": article("Loose One", "20220101", "https://example.com/loose-one"),
            "m/0003.txt": article("Loose Three", "20220103", "https://example.com/loose-three"),
            "z.txt": article("Loose Z", "20220104", "https://example.com/loose-z"),
        },
    )
    # Members out of name order (archive order decides ids), one whose stem
    # a loose file has, one a member of another archive has, a file that is
    # no article, a hidden one, and a broken article.
    pack(tmp_path / "a.tar", {
        "news/0002.txt": article("Tar Two", "20220102", "https://example.com/tar-two"),
        "news/0001.txt": article("Tar One", "20220102", "https://example.com/tar-one"),
        "early/0002.txt": article("Tar Two Early", "20220102", "https://example.com/tar-early"),
        "news/README.md": "not an article",
        "news/.hidden.txt": article("Hidden", "20220102", "https://example.com/hidden"),
    })
    pack(tmp_path / "m" / "b.tar.gz", {
        "0002.txt": article("Gzip Two", "20220105", "https://example.com/gz-two"),
        "0003.txt": article("Gzip Three", "20220105", "https://example.com/gz-three"),
        "bad.txt": "no date here\n",
    })
    pack(tmp_path / "c.tar.zst", {
        "z.txt": article("Zstd Z", "20220106", "https://example.com/zstd-z"),
        "0001.txt": article("Zstd One", "20220106", "https://example.com/zstd-one"),
    })
    local = dateline.read(tmp_path, on_error="skip")
    assert sorted(local.column("id").to_pylist()) == [
        "0001", "0001-2", "0001-3", "0002", "0002-2", "0002-3", "0003", "0003-2", "z", "z-2"
    ]
    # Archive order, not name order: `early/0002.txt` came after `news/0002.txt`.
    assert {(r["id"], r["title"]) for r in local.select(["id", "title"]).to_pylist()} >= {
        ("0002", "Tar Two"), ("0002-2", "Tar Two Early"),
    }
    corpus = dspark.read(spark, str(tmp_path))
    got = arrow(corpus.records)

    def key(table: pa.Table) -> List[Tuple[str, str, str]]:
        # (id, title, the path after the corpus directory): `ARCHIVE:MEMBER`
        # for a member.
        base = str(tmp_path)
        return sorted(
            (r["id"], r["title"], r["path"].split(base, 1)[1])
            for r in table.select(["id", "title", "path"]).to_pylist()
        )

    assert key(got) == key(local)
    # Every other column too.
    same_records(got, local)
    errors = arrow(corpus.errors).to_pylist()
    assert {(r["path"].split(str(tmp_path), 1)[1], r["code"]) for r in errors} == {
        (d.path.split(str(tmp_path), 1)[1], d.code)
        for d in dateline.check(tmp_path)
        if d.severity == "error"
    }
    assert any(r["path"].endswith("b.tar.gz:bad.txt") for r in errors)
    # The same ids whatever the shuffles' partitions.
    try:
        for partitions in ("1", "3"):
            spark.conf.set("spark.sql.shuffle.partitions", partitions)
            assert key(arrow(dspark.read(spark, str(tmp_path)).records)) == key(local), partitions
    finally:
        spark.conf.set("spark.sql.shuffle.partitions", "2")


PLANTED = {
    # slug: the headline without its stop words and punctuation
    "planted/p1.txt": article(
        "Biden Set To Visit Israel Next Week", "20231010",
        "https://www.example.com/news/biden-set-to-visit-israel-next-week-123",
        "The president travels.", "Read Also:Biden Set Visit Israel Next Week",
    ),
    # ambiguous: two articles with one headline, different pages
    "planted/p2.txt": article(
        "Markets Rally As Inflation Cools", "20231011", "https://www.example.com/a/markets-rally-1",
        "Stocks rose.",
    ),
    "planted/p3.txt": article(
        "Markets Rally As Inflation Cools", "20231012", "https://news.example.org/markets-rally-2",
        "Stocks rose again.", "Read Also:MARKETS RALLY AS INFLATION COOLS",
    ),
    "planted/p4.txt": article(
        "Central Banks Meet In Geneva", "20231013", "https://www.example.com/c/geneva",
        "They met.", "Read Also:Markets Rally As Inflation Cools",
        # a self-reference, and a promo to nothing
        "Read Also:Central Banks Meet In Geneva",
        "Read Also:Quarterly Penguin Census Finds Record Numbers",
        # a cut URL slug
        "Read Also:Macron Heads To Meet Putin In Russia In Bid To De-escalate Ukraine Tensions By Proposing A New Balance",
    ),
    "planted/p5.txt": article(
        "France Seeks Talks", "20220207",
        "http://www.hngn.com/articles/240451/20220207/macron-heads-meet-putin-russia-bid-de-escalate-ukraine-tensions.htm",
        "Per AP News, talks.",
    ),
    # damaged promos: typed badly, cut (two articles start so), replacing words
    "planted/p7.txt": article(
        "US, Russia Still Open For Talks On Ukraine", "20220210",
        "https://www.example.com/w/us-russia-talks-ukraine", "Diplomats met.",
    ),
    "planted/p8.txt": article(
        "US, Russia Still Open For Talks On Syria", "20220211",
        "https://www.example.com/w/us-russia-talks-syria", "Diplomats met again.",
    ),
    "planted/p9.txt": article(
        "Macron Heads To Moscow For Talks With Putin", "20220207",
        "https://www.example.com/w/macron-moscow", "He flew.",
        "Read Also:US, Russia still open for...",
        "Read Also:Inflation In Kenya Rises To 1.2 Percent",
    ),
    "planted/p10.txt": article(
        "Inflation In Argentina Rises To 1.2 Percent", "20220212",
        "https://www.example.com/e/argentina-inflation", "Prices rose.",
        "Read Also:Macron heads t oMoscow for talks with Putin",
    ),
    # a URL dated a week after the header
    "planted/p6.txt": article(
        "Penguin Census Counts Record Colonies", "20231014",
        "https://www.example.com/2023/10/21/science/penguin-census-counts-record-colonies.html",
        "Scientists counted.",
    ),
}


@pytest.fixture(scope="session")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus (~270 articles with promos to exact headlines,
    case and quote variants, headlines with a word dropped, and absent
    articles) plus planted slug, ambiguous, self, absent and cut-slug
    references."""
    out = tmp_path_factory.mktemp("planted")
    subprocess.run(
        ["cargo", "run", "--quiet", "-p", "xtask", "--", "gen-corpus", "--mb", "0.6",
         "--files-per-dir", "150", "--damaged", "--out", str(out / "gen"), "--force"],
        cwd=ROOT, check=True, capture_output=True, timeout=900,
    )
    return write_corpus(out, PLANTED)


@pytest.fixture(scope="session")
def planted_report(cli, planted) -> Dict[str, Any]:
    """`dateline links --format json` of the planted corpus (run once)."""
    return cli.json("links", "--format", "json", "--quiet", planted)


def reference_rows(rows: List[Dict[str, Any]]) -> List[Tuple[Any, ...]]:
    """References as comparable tuples, in a fixed order: the answer and
    the near miss."""
    return sorted(
        (r["from"], r["title"], r["to"], r["method"], round(r["score"], 12),
         tuple(r["candidates"]), r["self_reference"], r["best_candidate"],
         None if r["best_score"] is None else round(r["best_score"], 12))
        for r in rows
    )


def test_links_give_the_clis_answer_for_every_reference_with_1_2_and_7_partitions(spark, planted, planted_report, tmp_path):
    report = planted_report
    want = reference_rows(report["references"])
    methods = collections.Counter((r["method"], r["to"] is None, len(r["candidates"]) > 1, r["self_reference"]) for r in report["references"])
    # The corpus has every kind of reference.
    assert methods[("exact", False, False, False)] > 50
    assert methods[("fuzzy", False, False, False)] >= 3
    assert methods[("slug", False, False, False)] >= 2
    assert methods[(None, True, False, False)] >= 5
    assert methods[("exact", True, True, False)] >= 1
    assert methods[("exact", False, False, True)] >= 1
    # Damaged promos: typos, a cut headline two articles start, a fuzzy
    # match refused for replacing words, and near misses.
    assert methods[("typo", False, False, False)] >= 3
    assert methods[("fuzzy", True, True, False)] >= 1
    assert sum(1 for r in report["references"] if r["best_candidate"]) >= 10

    records = dspark.read(spark, str(planted)).records.persist()
    kept = None
    try:
        # With 7 partitions, fuzzy rows of at most 2 promos and 2 articles:
        # the blocking words' lists split into chunks give the same pairs.
        for partitions, chunk in ((1, dspark.FUZZY_CHUNK), (2, dspark.FUZZY_CHUNK), (7, 2)):
            spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
            found = dspark.links(spark, records.repartition(partitions), _chunk=chunk)
            # The last answer is kept for the checks below (each would
            # compute the references again).
            if partitions == 7:
                kept = found.references = found.references.persist()
            got = reference_rows(arrow(found.references).to_pylist())
            assert len(got) == len(want)
            assert got == want, f"{partitions} partitions"
        spark.conf.set("spark.sql.shuffle.partitions", "2")
        check_writing(records, found, report, tmp_path)
        check_the_rest(found, report)
    finally:
        spark.conf.set("spark.sql.shuffle.partitions", "2")
        if kept is not None:
            kept.unpersist()
        records.unpersist()


def test_links_without_typos_give_the_answers_of_the_cli_without_typos(spark, cli, planted):
    report = cli.json("links", "--format", "json", "--quiet", "--no-typos", planted)
    # The answers, without the near misses: Spark has none without the typo
    # stage's blocking.
    want = [row[:7] for row in reference_rows(report["references"])]
    assert not any(r["method"] == "typo" for r in report["references"])
    records = dspark.read(spark, str(planted)).records
    found = dspark.links(spark, records, typos=False)
    rows = arrow(found.references).to_pylist()
    assert [row[:7] for row in reference_rows(rows)] == want
    assert all(r["best_candidate"] is None and r["best_score"] is None for r in rows)
    # read(resolve=True, typos=False) fills the promos with those answers.
    resolved = arrow(dspark.read(spark, str(planted), resolve=True, typos=False).records)
    filled = {r["id"]: [p["to"] for p in r["promos"]] for r in resolved.to_pylist() if r["promos"]}
    by_article: dict = {}
    for r in report["references"]:
        by_article.setdefault(r["from"], []).append(r["to"])
    assert filled == by_article


def check_the_rest(found: Any, report: dict) -> None:
    """The columns, counts, attributions and duplicates of `found` are the
    CLI's `report`'s."""
    assert found.references.columns == [
        "from", "line", "label", "title", "to", "method", "score", "candidates",
        "self_reference", "capped", "best_candidate", "best_score",
    ]
    counts = {k: v for k, v in report.items() if not isinstance(v, list)}
    assert counts.pop("max_candidates") > 0
    assert counts["resolved"] and counts["unresolved"] and counts["ambiguous"]
    assert found.summary() == counts
    attributions = sorted(
        (r["article"], r["source"], r["outlet"], r["name"], r["domain"])
        for r in arrow(found.attributions).to_pylist()
    )
    assert attributions == sorted(
        (r["article"], r["source"], r["outlet"], r["name"], r["domain"])
        for r in report["attributions"]
    )
    duplicates = sorted(
        (r["reason"], r["key"], plain(r["date"]), tuple(r["articles"]))
        for r in arrow(found.duplicates).to_pylist()
    )
    assert duplicates == sorted(
        (r["reason"], r["key"], r["date"], tuple(r["articles"])) for r in report["duplicates"]
    )


def test_read_with_resolve_equals_dateline_read_with_resolve(spark, planted):
    got = arrow(dspark.read(spark, str(planted / "planted"), resolve=True).records)
    same_records(got, dateline.read(planted / "planted", resolve=True))
    assert any(p["to"] for r in got.column("promos").to_pylist() for p in r)


def check_writing(records: Any, found: Any, report: dict, out: Path) -> None:
    """Records and references written to Parquet by year read back whole,
    with pyarrow, each row in the partition of its date's year."""
    dspark.write(records, str(out / "records"))
    years = sorted(p.name for p in (out / "records").iterdir() if p.name.startswith("year="))
    assert len(years) >= 2 and all(y.split("=")[1].isdigit() for y in years)
    back = pads.dataset(out / "records", format="parquet", partitioning="hive").to_table()
    assert sorted(back.column("id").to_pylist()) == sorted(a["article"] for a in report["publishers"])
    for row in back.select(["date", "year"]).to_pylist():
        assert row["date"].year == row["year"]

    dated = found.references.join(records.select(F.col("id").alias("from"), "date"), "from")
    dspark.write(dated, str(out / "references"))
    refs = pads.dataset(out / "references", format="parquet", partitioning="hive").to_table()
    assert refs.num_rows == len(report["references"])
    assert sorted(refs.column("to").to_pylist(), key=str) == sorted(
        (r["to"] for r in report["references"]), key=str
    )
    for row in refs.select(["date", "year"]).to_pylist():
        assert row["date"].year == row["year"]


def test_publishers_date_mismatches_and_invalid_urls_are_the_clis(spark, planted, planted_report):
    report = planted_report
    # The parser refuses a file whose URL is no web URL: from files, the
    # report has no invalid URL (a table can have one: below).
    assert report["date_mismatches"] and report["invalid_urls"] == []
    found = dspark.links(spark, dspark.read(spark, str(planted)).records)

    def rows(df: Any, fields: List[str]) -> List[Tuple[Any, ...]]:
        return sorted(tuple(plain(r[f]) for f in fields) for r in arrow(df).to_pylist())

    def want(key: str, fields: List[str]) -> List[Tuple[Any, ...]]:
        return sorted(tuple(r[f] for f in fields) for r in report[key])

    for key in ("publishers", "date_mismatches"):
        fields = list(report[key][0])
        assert getattr(found, key).columns == fields, key
        assert rows(getattr(found, key), fields) == want(key, fields), key
    assert arrow(found.invalid_urls).to_pylist() == []

    # Records whose URLs are no web URLs (edited after reading): the same
    # invalid URLs and publishers as dateline.links of that table.
    bad = {"p2": "ftp://example.com/markets", "p6": "not a url"}
    records = dspark.read(spark, str(planted / "planted")).records.withColumn(
        "url",
        F.coalesce(F.element_at(F.create_map(*[F.lit(x) for kv in bad.items() for x in kv]), F.col("id")), F.col("url")),
    )
    local = dateline.read(planted / "planted")
    ids = local.column("id").to_pylist()
    local = local.set_column(
        local.schema.get_field_index("url"),
        "url",
        pa.array([bad.get(i, u) for i, u in zip(ids, local.column("url").to_pylist())]),
    )
    by_table = dateline.links(local)
    found = dspark.links(spark, records)
    for key in ("publishers", "invalid_urls"):
        fields = getattr(by_table, key).column_names
        assert rows(getattr(found, key), fields) == sorted(
            tuple(plain(r[f]) for f in fields) for r in getattr(by_table, key).to_pylist()
        ), key
    assert sorted(r["article"] for r in arrow(found.invalid_urls).to_pylist()) == ["p2", "p6"]
