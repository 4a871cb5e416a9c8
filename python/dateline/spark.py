"""dateline on Apache Spark: a corpus read into a DataFrame of records, and its
links resolved, by Spark's executors.

Spark does the distribution; dateline supplies the work per partition (native
functions called once per Arrow batch through ``mapInArrow``: no Python object
per article) and the join logic. The answers are those of one machine:

- :func:`read` gives the records ``dateline.read`` gives (same columns, same
  types, same ids), the bad files in a DataFrame of diagnostics;
- :func:`links` gives the references, attributions, publishers,
  duplicates, date mismatches, invalid URLs and counts of ``dateline
  links``, with the CLI JSON's field names, whatever the partitioning.

>>> from pyspark.sql import SparkSession                    # doctest: +SKIP
>>> spark = SparkSession.builder.master("local[2]").getOrCreate()  # doctest: +SKIP
>>> corpus = dateline.spark.read(spark, "examples/corpus")  # doctest: +SKIP
>>> found = dateline.spark.links(spark, corpus.records)     # doctest: +SKIP
>>> dateline.spark.write(corpus.records, "out/records")     # doctest: +SKIP

``pyspark`` is an optional dependency: ``pip install "dateline[spark]"``.
"""

from __future__ import annotations

import fnmatch
import os
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import pyarrow as _pa
import pyarrow.compute as _pc

from . import _dateline
from . import DEFAULT_MIN_SCORE, _SUMMARY_FIELDS, schema as _record_schema

try:  # pragma: no cover - exercised by the import itself
    from pyspark.sql import DataFrame, SparkSession, Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as _missing:  # pragma: no cover
    raise ImportError(
        "dateline.spark needs PySpark: pip install \"dateline[spark]\" (and Java 17 or later)"
    ) from _missing

__all__ = ["Read", "Links", "read", "links", "write", "ERROR_SCHEMA", "FILES_PER_TASK", "spark_schema"]

# The diagnostics of the files that gave no record: one row per diagnostic, as
# ``dateline check`` prints them (``path:line:column: severity[code] message``).
ERROR_SCHEMA = T.StructType(
    [
        T.StructField("path", T.StringType(), False),
        T.StructField("line", T.LongType(), False),
        T.StructField("column", T.LongType(), False),
        T.StructField("severity", T.StringType(), False),
        T.StructField("code", T.StringType(), False),
        T.StructField("name", T.StringType(), False),
        T.StructField("message", T.StringType(), False),
        T.StructField("hint", T.StringType(), True),
    ]
)

_ERROR_ARROW = _pa.struct(
    [
        _pa.field("path", _pa.string()),
        _pa.field("line", _pa.int64()),
        _pa.field("column", _pa.int64()),
        _pa.field("severity", _pa.string()),
        _pa.field("code", _pa.string()),
        _pa.field("name", _pa.string()),
        _pa.field("message", _pa.string()),
        _pa.field("hint", _pa.string()),
    ]
)


def _spark_type(t: _pa.DataType) -> T.DataType:
    """The Spark type of an Arrow type of the record schema."""
    if _pa.types.is_string(t) or _pa.types.is_large_string(t):
        return T.StringType()
    if _pa.types.is_date32(t):
        return T.DateType()
    if _pa.types.is_int64(t):
        return T.LongType()
    if _pa.types.is_int32(t):
        return T.IntegerType()
    if _pa.types.is_float64(t):
        return T.DoubleType()
    if _pa.types.is_boolean(t):
        return T.BooleanType()
    if _pa.types.is_list(t) or _pa.types.is_large_list(t):
        return T.ArrayType(_spark_type(t.value_type), t.value_field.nullable)
    if _pa.types.is_struct(t):
        return T.StructType(
            [T.StructField(f.name, _spark_type(f.type), f.nullable) for f in t]
        )
    raise TypeError(f"no Spark type for the Arrow type {t}")


def spark_schema() -> T.StructType:
    """The record schema (:func:`dateline.schema`) as a Spark schema: ``date32``
    is ``DateType``, lists are ``ArrayType`` (of structs for ``promos`` and
    ``sources``), strings ``StringType``, ``int64`` ``LongType``."""
    return T.StructType(
        [
            T.StructField(f.name, _spark_type(f.type), f.nullable)
            for f in _record_schema()
        ]
    )


# --- Arrow columns to the native functions -------------------------------------


def _column(arr: Any) -> Tuple[bytes, bytes, bool]:
    """A string or binary Arrow array as the native functions take it: its
    offsets cut to its rows, its data, and whether offsets are 8 bytes."""
    if isinstance(arr, _pa.ChunkedArray):
        arr = arr.combine_chunks()
    t = arr.type
    wide = _pa.types.is_large_string(t) or _pa.types.is_large_binary(t)
    if not (wide or _pa.types.is_string(t) or _pa.types.is_binary(t)):
        raise TypeError(f"a string or binary column, not {t}")
    width = 8 if wide else 4
    buffers = arr.buffers()
    offsets, data = buffers[1], buffers[2]
    n = len(arr)
    if offsets is None:
        raw = bytes((n + 1) * width)
    else:
        raw = offsets.slice(arr.offset * width, (n + 1) * width).to_pybytes()
    return raw, (data.to_pybytes() if data is not None else b""), wide


def _int32_bytes(arr: _pa.Array) -> bytes:
    arr = _pc.cast(arr, _pa.int32())
    if isinstance(arr, _pa.ChunkedArray):
        arr = arr.combine_chunks()
    buffer = arr.buffers()[1]
    return buffer.slice(arr.offset * 4, len(arr) * 4).to_pybytes()


def _with_columns(batch: _pa.RecordBatch, extra: _pa.RecordBatch) -> _pa.RecordBatch:
    return _pa.RecordBatch.from_arrays(
        list(batch.columns) + list(extra.columns),
        names=list(batch.schema.names) + list(extra.schema.names),
    )


# --- read -----------------------------------------------------------------------


class Read:
    """What :func:`read` gives: ``records``, a DataFrame in the record schema
    (one row per article), and ``errors``, a DataFrame of the diagnostics of
    the files that gave no article (:data:`ERROR_SCHEMA`: ``path``, ``line``,
    ``column``, ``severity``, ``code``, ``name``, ``message``, ``hint``). It
    unpacks: ``records, errors = dateline.spark.read(spark, path)``.

    Both are lazy, and both come from one parse: computing both parses the
    files twice unless ``parsed`` is persisted first (``corpus.parsed.persist()``).
    """

    def __init__(self, parsed: DataFrame, records: DataFrame, errors: DataFrame):
        #: The parser's output: the records and, in the ``_error`` column, the
        #: diagnostics (persist it to compute both from one read).
        self.parsed = parsed
        self.records = records
        self.errors = errors

    def __iter__(self) -> Iterator[DataFrame]:
        return iter((self.records, self.errors))

    def __repr__(self) -> str:
        return "Read(records, errors)"


def _ext_patterns(ext: Union[str, Sequence[str]]) -> List[str]:
    """A glob per extension of `ext` for names ending in it, ignoring ASCII
    case as the corpus walk does (``*.txt`` matches ``A.TXT``)."""
    exts = [ext] if isinstance(ext, str) else list(ext)
    if not exts:
        raise ValueError("ext must name at least one extension")
    patterns = []
    for e in exts:
        e = e.strip().lstrip(".")
        if not e or any(c in e for c in "{}[]*?,\\/"):
            raise ValueError(f"not a file extension: {e!r}")
        patterns.append(
            "*." + "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in e)
        )
    return patterns


def _glob(ext: Union[str, Sequence[str]]) -> str:
    """A Hadoop glob for names ending in one of `ext` (:func:`_ext_patterns`)."""
    patterns = [p[len("*."):] for p in _ext_patterns(ext)]
    return "*." + (patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}")


def _order_key(path_column: Any) -> Any:
    """Input order, as the corpus walks a directory: by the path's components,
    each compared by bytes (``a/x.txt`` before ``a.b/y.txt``)."""
    return F.split(path_column, "/")


def _parse_batches(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
    """The executors' work: files in, records and diagnostics out."""
    for batch in batches:
        yield from _parsed(
            *_dateline.spark_parse(_column(batch.column("path")), _column(batch.column("content")))
        )


def _parse_archives(extensions: List[str]) -> Any:
    """The executors' work on archives: archives in, their members' records
    and diagnostics out."""

    def run(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
        for batch in batches:
            yield from _parsed(
                *_dateline.spark_parse_archives(
                    _column(batch.column("path")), _column(batch.column("content")), extensions
                )
            )

    return run


def _parsed(records: Any, failures: List[Any]) -> Iterator[_pa.RecordBatch]:
    """A parse's output as rows of records (``_error`` null) and rows of
    diagnostics (the record columns null)."""
    record_schema = _record_schema()
    if records is not None:
        records = _pa.record_batch(records)
        yield _pa.RecordBatch.from_arrays(
            list(records.columns) + [_pa.nulls(records.num_rows, _ERROR_ARROW)],
            names=record_schema.names + ["_error"],
        )
    rows = [
        {
            "path": path,
            "line": d[1],
            "column": d[2],
            "severity": d[3],
            "code": d[4],
            "name": d[5],
            "message": d[6],
            "hint": d[7],
        }
        for path, diagnostics in failures
        for d in diagnostics
    ]
    if rows:
        n = len(rows)
        yield _pa.RecordBatch.from_arrays(
            [_pa.nulls(n, f.type) for f in record_schema]
            + [_pa.array(rows, type=_ERROR_ARROW)],
            names=record_schema.names + ["_error"],
        )


def _stems(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
    for batch in batches:
        yield _with_columns(
            batch, _pa.record_batch(_dateline.path_stems(_column(batch.column("path"))))
        )


def _claim_families(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
    """Ids for the rows of each family of colliding stems, which come sorted by
    family and input order (one family is never split between partitions)."""
    family: Optional[str] = None
    paths: List[str] = []
    wanted: List[str] = []

    def flush() -> Iterator[_pa.RecordBatch]:
        if paths:
            yield _pa.record_batch(
                {"path": paths, "new_id": _dateline.unique_ids(wanted)}
            )

    for batch in batches:
        for row in batch.select(["root", "path", "stem"]).to_pylist():
            if row["root"] != family:
                yield from flush()
                family, paths, wanted = row["root"], [], []
            paths.append(row["path"])
            wanted.append(row["stem"])
    yield from flush()


_LISTED = T.StructType(
    [
        T.StructField("path", T.StringType(), False),
        T.StructField("stem", T.StringType(), True),
    ]
)


def _listed_files(paths: DataFrame) -> DataFrame:
    """Files by `path`, with the ids they want (`stem`) and their input
    order (`okey`), for :func:`_unique_ids`."""
    return paths.mapInArrow(_stems, _LISTED).withColumn("okey", _order_key(F.col("path")))


def _listed_members(archives: DataFrame, extensions: List[str]) -> DataFrame:
    """The items of `archives` (``path``, ``content``) as :func:`_listed_files`
    has files: in input order, an archive's items come where its name does,
    in archive order (not by member name)."""

    def run(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
        for batch in batches:
            yield _pa.record_batch(
                _dateline.archive_members(
                    _column(batch.column("path")), _column(batch.column("content")), extensions
                )
            )

    members = archives.select("path", "content").mapInArrow(
        run,
        T.StructType(
            list(_LISTED.fields)
            + [
                T.StructField("archive", T.StringType(), False),
                T.StructField("member", T.LongType(), False),
            ]
        ),
    )
    return members.select(
        "path",
        "stem",
        F.concat(
            _order_key(F.col("archive")),
            # Zero-padded, so that text order is number order.
            F.array(F.lpad(F.col("member").cast("string"), 19, "0")),
        ).alias("okey"),
    )


def _unique_ids(files: DataFrame) -> DataFrame:
    """``(path, new_id)`` for the files (``path``, the ``stem`` they want,
    ``okey`` their input order) whose stem another file has, by the corpus's
    rule (the first in input order keeps it, later ones get ``-2``, ``-3``,
    ... the first free).

    The rule is sequential, but only within a *family*: the stems equal to a
    stem two files have, or starting with it and ``-``. Ids handed out in a
    family start with its root, so families never take each other's ids, and
    each is claimed in input order on one task. Files outside every family
    keep their stems. Nothing depends on how the files were partitioned.
    """
    stems = files.withColumn("stem", F.coalesce(F.col("stem"), F.lit("article")))
    taken_twice = stems.groupBy("stem").count().where("count > 1").select(
        F.col("stem").alias("root")
    )
    parts = F.split(F.col("stem"), "-", -1)
    prefixes = stems.select(
        "path",
        "stem",
        "okey",
        F.explode(
            F.transform(
                F.sequence(F.lit(1), F.size(parts)),
                lambda k: F.array_join(F.slice(parts, 1, k), "-"),
            )
        ).alias("root"),
    )
    families = (
        prefixes.join(taken_twice, "root")
        .groupBy("path", "stem", "okey")
        .agg(F.min_by("root", F.length("root")).alias("root"))
    )
    return (
        families.repartition("root")
        .sortWithinPartitions("root", "okey")
        .mapInArrow(
            _claim_families,
            T.StructType(
                [
                    T.StructField("path", T.StringType(), False),
                    T.StructField("new_id", T.StringType(), False),
                ]
            ),
        )
    )


def _files(spark: SparkSession, path: Union[str, Sequence[str]], ext: Any) -> DataFrame:
    paths = [path] if isinstance(path, str) else [str(p) for p in path]
    return (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", _glob(ext))
        .load(paths)
    )


#: How many article files a task of :func:`read` reads, about: 4,096 files of
#: the usual few KB are 10 to 20 MB, a task of a few seconds.
FILES_PER_TASK = 4096


def _coalesced(files: DataFrame, files_per_task: int) -> DataFrame:
    """`files` in fewer, larger tasks. Spark splits a file source by bytes,
    counting each file as at least `spark.sql.files.openCostInBytes` (4 MB):
    article files of a few KB come 32 to a task (3,492 tasks for 111,726
    files), and each task pays a fixed cost (scheduling, a round trip to a
    Python worker, an Arrow batch) far above parsing 32 articles: reading a
    20 MB corpus of 5,591 files in local[2] took 42 s in 175 tasks, 3 s in 2.
    Coalescing (no shuffle) merges neighbouring splits; the file count comes
    from the driver's file index (no job, no list of paths in Python)."""
    count = len(files._jdf.inputFiles())
    wanted = max(1, -(-count // files_per_task))
    if wanted < files.rdd.getNumPartitions():
        return files.coalesce(wanted)
    return files


def _empty_files(
    spark: SparkSession, path: Union[str, Sequence[str]], ext: Any, local_walk: bool = True
) -> List[str]:
    """The 0-byte article files under `path`, which Spark's file sources drop
    before any task runs (SPARK-26161), named as Spark names files
    (``file:/data/0001.txt``), as Spark skips names: hidden (`.name`) and
    `_name` entries left out.

    `path` is resolved (globs expanded) with Hadoop's FileSystem on the
    driver. A directory on the local file system is then walked by Python
    (``os.walk``): through py4j, a few calls per file, the walk cost
    milliseconds a file (35 s for 5,591 files), the largest part of reading
    a corpus of small files. Other file systems are walked through py4j
    (so is a local one with `local_walk` false: the tests compare both)."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    patterns = _ext_patterns(ext)
    accept = jvm.org.apache.hadoop.fs.GlobFilter(_glob(ext))
    found: List[str] = []
    for root in [path] if isinstance(path, str) else [str(p) for p in path]:
        top = jvm.org.apache.hadoop.fs.Path(root)
        fs = top.getFileSystem(conf)
        local = local_walk and fs.getScheme() == "file"
        for status in fs.globStatus(top) or []:
            base = status.getPath().toString().rstrip("/")
            if not status.isDirectory():
                if status.getLen() == 0:
                    found.append(status.getPath().toString())
                continue
            if local:
                found.extend(
                    _empty_local_files(status.getPath().toUri().getPath(), base, patterns)
                )
                continue
            files = fs.listFiles(status.getPath(), True)
            while files.hasNext():
                f = files.next()
                if f.getLen() != 0:
                    continue
                name = f.getPath().toString()
                inside = name[len(base):].lstrip("/").split("/")
                if any(part.startswith((".", "_")) for part in inside):
                    continue
                if accept.accept(f.getPath()):
                    found.append(name)
    return found


def _empty_local_files(directory: str, base: str, patterns: List[str]) -> Iterator[str]:
    """The 0-byte files under the local `directory` whose names match one of
    `patterns`, as Hadoop lists them: named `base` (the directory as Hadoop
    names it) ``/`` their relative path, symbolic links followed, names
    starting with ``.`` or ``_`` (and what is under them) left out."""
    for parent, dirs, names in os.walk(directory, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        inside = os.path.relpath(parent, directory)
        prefix = base if inside == "." else base + "/" + inside.replace(os.sep, "/")
        for name in sorted(names):
            if name.startswith((".", "_")):
                continue
            if not any(fnmatch.fnmatchcase(name, p) for p in patterns):
                continue
            try:
                empty = os.stat(os.path.join(parent, name)).st_size == 0
            except OSError:  # gone, or a dangling link: Spark does not read it either
                continue
            if empty:
                yield prefix + "/" + name


def read(
    spark: SparkSession,
    path: Union[str, Sequence[str]],
    *,
    resolve: bool = False,
    min_score: float = DEFAULT_MIN_SCORE,
    typos: bool = True,
    ext: Union[str, Sequence[str]] = "txt",
    empty_files: bool = True,
    files_per_task: int = FILES_PER_TASK,
    archives: bool = True,
) -> Read:
    """Reads the article files under ``path`` (a directory, walked
    recursively, or a file or glob; several in a list) into a :class:`Read`:
    ``records`` in the record schema (:func:`spark_schema`), ``errors`` the
    diagnostics of bad files.

    Files come through Spark's ``binaryFile`` source and are parsed on the
    executors, a batch at a time, by dateline's parser. Ids are the files'
    stems made unique by the corpus's rule, in input order (paths compared by
    components): the ids ``dateline.read`` gives. ``path`` is the file's URI as
    Spark lists it (``file:/data/0001.txt``); Spark skips names starting with
    ``_`` or ``.``.

    Archives (``.tar``, ``.tar.gz``/``.tgz``, ``.tar.zst``/``.tzst``) are
    read as ``dateline.read`` reads them: their members with an article
    extension, in archive order, each a record with the path
    ``ARCHIVE:MEMBER`` and the member's stem as id (made unique with the
    other files', an archive's members coming where its name does). An
    archive is expanded on an executor, read whole into one task's memory
    (``binaryFile`` cannot hand over a file of 2 GB or more): split a big
    archive into smaller ones. Each archive is decompressed twice (once to
    list its members for the ids, once to parse them). Symbolic links and
    special members are left out (``dateline.read`` warns of them).
    ``archives=False`` reads no archive.

    ``resolve=True`` fills each promo's ``to``, ``method`` and ``score`` as
    ``dateline.read(..., resolve=True)`` does, by :func:`links`;
    ``typos=False`` resolves with the exact, slug and fuzzy stages alone, as
    ``links(..., typos=False)`` (faster on a corpus too large for the typo
    stage's blocking).

    Spark's file sources drop 0-byte files before any task sees them; so that
    none is lost, ``read`` lists them on the driver and reports each in
    ``errors`` (``E001 empty-file``), and they take their ids as in
    ``dateline.read``. That listing walks the tree on the driver (a local
    directory with ``os.walk``; other file systems through py4j, a few
    calls a file): ``empty_files=False`` skips it, and empty files are then
    neither reported nor counted.

    Each task reads about ``files_per_task`` files (:data:`FILES_PER_TASK`):
    Spark's own split gives a task about 32 small files, and a task's fixed
    cost then outweighs parsing them.
    """
    if not (0.0 <= min_score <= 1.0):
        raise ValueError(f"min_score must be between 0 and 1, not {min_score}")
    if files_per_task < 1:
        raise ValueError(f"files_per_task must be at least 1, not {files_per_task}")
    files = _coalesced(_files(spark, path, ext), files_per_task)
    out_schema = T.StructType(
        [T.StructField(f.name, f.dataType, True) for f in spark_schema()]
        + [T.StructField("_error", ERROR_SCHEMA, True)]
    )
    parsed = files.select("path", "content").mapInArrow(_parse_batches, out_schema)
    names = [f.name for f in spark_schema()]
    listed = files.select("path")
    empty: List[str] = _empty_files(spark, path, ext) if empty_files else []
    if empty:
        listed = listed.unionByName(
            spark.createDataFrame([(p,) for p in empty], "path string")
        )
    listed = _listed_files(listed)
    if archives:
        extensions = [ext] if isinstance(ext, str) else list(ext)
        packed = _files(spark, path, _dateline.archive_extensions()).select("path", "content")
        parsed = parsed.unionByName(packed.mapInArrow(_parse_archives(extensions), out_schema))
        listed = listed.unionByName(_listed_members(packed, extensions))
    renamed = _unique_ids(listed)
    records = (
        parsed.where(F.col("_error").isNull())
        .drop("_error")
        .join(renamed, "path", "left")
        .withColumn("id", F.coalesce(F.col("new_id"), F.col("id")))
        .select(*names)
    )
    errors = parsed.where(F.col("_error").isNotNull()).select("_error.*")
    if empty:
        _, failures = _dateline.spark_parse(
            _column(_pa.array(empty, _pa.string())), _column(_pa.array([b""] * len(empty), _pa.binary()))
        )
        rows = [(p, *d[1:]) for p, diagnostics in failures for d in diagnostics]
        errors = errors.unionByName(spark.createDataFrame(rows, ERROR_SCHEMA))
    if resolve:
        records = _resolved(spark, records, min_score, typos)
    return Read(parsed, records, errors)


def _resolved(spark: SparkSession, records: DataFrame, min_score: float, typos: bool) -> DataFrame:
    """`records` with each promo's `to`, `method`, `score` from :func:`links`
    (`score` null when unresolved, as in ``dateline.read``); `typos`: the typo
    stage on or off."""
    refs = _references(spark, records, min_score, typos=typos)
    by_article = refs.groupBy(F.col("from").alias("id")).agg(
        F.map_from_entries(
            F.collect_list(
                F.struct(
                    F.col("pos"),
                    F.struct(
                        "to",
                        "method",
                        F.when(F.col("method").isNotNull(), F.col("score")).alias("score"),
                    ),
                )
            )
        ).alias("_resolved")
    )
    names = [f.name for f in spark_schema()]
    promos = F.transform(
        F.col("promos"),
        lambda p, i: F.struct(
            p["label"].alias("label"),
            p["title"].alias("title"),
            F.col("_resolved")[i]["to"].alias("to"),
            F.col("_resolved")[i]["method"].alias("method"),
            F.col("_resolved")[i]["score"].alias("score"),
        ),
    )
    return (
        records.join(by_article, "id", "left")
        .withColumn("promos", promos)
        .select(*names)
    )


# --- links ----------------------------------------------------------------------


class Links:
    """The links of a records DataFrame, as ``dateline links`` reports them,
    each a DataFrame whose columns carry the CLI JSON's field names:

    - ``references``: every promo (``from``, ``line``, ``label``, ``title``,
      ``to``, ``method``, ``score``, ``candidates``, ``self_reference``,
      ``capped``, ``best_candidate``, ``best_score``: an unresolved
      reference's near miss); ``line`` is null (records keep no lines);
    - ``attributions``: every cited source and its outlet (``article``,
      ``line``, ``source``, ``cue``, ``outlet``, ``name``, ``domain``; ``line``
      and ``cue`` null, as for ``dateline.links`` of a table);
    - ``publishers``: every article's publisher, from its URL (``article``,
      ``title``, ``date``, ``url``: canonical when valid, as written when
      not; ``host``, ``domain``, ``outlet``, ``name``);
    - ``duplicates``: articles with the same URL match key, or the same
      normalised headline and date (``reason``, ``key``, ``date``,
      ``articles`` in input order);
    - ``date_mismatches``: articles whose header date differs from their
      URL's (``article``, ``header_date``, ``url_date``, ``days``: positive
      when the URL's is later);
    - ``invalid_urls``: articles whose URL is not a web URL (``article``,
      ``url`` as written, ``error``).

    :meth:`summary` gives the report's counts. Rows are in no particular
    order (Spark's); sort them to compare.
    """

    def __init__(
        self,
        references: DataFrame,
        attributions: DataFrame,
        duplicates: DataFrame,
        publishers: DataFrame,
        date_mismatches: DataFrame,
        invalid_urls: DataFrame,
        articles: DataFrame,
        min_score: float,
    ):
        self.references = references
        self.attributions = attributions
        self.duplicates = duplicates
        self.publishers = publishers
        self.date_mismatches = date_mismatches
        self.invalid_urls = invalid_urls
        self._articles = articles
        self._min_score = min_score

    def summary(self) -> Dict[str, Any]:
        """The counts of ``dateline links --format json``, by its names:
        ``articles``, ``resolved`` (references to another article),
        ``unresolved`` (``to`` null), ``ambiguous`` (unresolved with
        candidates), ``self_references``, ``capped`` (always 0: see
        :func:`links`) and ``min_score``. There is no ``max_candidates``:
        Spark's answer has no candidate cap.

        Runs two Spark jobs (a count of the articles, one aggregate of the
        references) and returns a dict of Python numbers.
        """
        refs = self.references
        row = refs.agg(
            F.count(F.lit(1)).alias("references"),
            F.count(F.when(F.col("to").isNull(), 1)).alias("unresolved"),
            F.count(
                F.when(F.col("to").isNull() & (F.size("candidates") > 0), 1)
            ).alias("ambiguous"),
            F.count(F.when(F.col("self_reference"), 1)).alias("self_references"),
            F.count(F.when(F.col("capped"), 1)).alias("capped"),
        ).first()
        counts = row.asDict() if row is not None else {}
        total = int(counts.get("references") or 0)
        unresolved = int(counts.get("unresolved") or 0)
        self_references = int(counts.get("self_references") or 0)
        # As the report counts: references = resolved + self_references + unresolved.
        found = {
            "articles": self._articles.count(),
            "resolved": total - unresolved - self_references,
            "unresolved": unresolved,
            "ambiguous": int(counts.get("ambiguous") or 0),
            "self_references": self_references,
            "capped": int(counts.get("capped") or 0),
            "min_score": self._min_score,
        }
        # The names and order of dateline.links's summary.
        return {k: found[k] for k in _SUMMARY_FIELDS if k in found}

    def __repr__(self) -> str:
        return (
            "Links(references, attributions, duplicates, publishers, "
            "date_mismatches, invalid_urls)"
        )


_KEY_FIELDS = [
    T.StructField("normalized", T.StringType(), True),
    T.StructField("slug", T.StringType(), True),
    T.StructField("tokens", T.ArrayType(T.StringType(), False), True),
    T.StructField("blocking", T.LongType(), True),
    T.StructField("slug_prefixes", T.ArrayType(T.StringType(), False), True),
]


def _keys(df: DataFrame, min_score: float, with_urls: bool) -> DataFrame:
    """`df` with the resolver's keys of its `title` (and `url`) column, made by
    the native `headline_keys` a batch at a time."""

    def run(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
        for batch in batches:
            urls = _column(batch.column("url")) if with_urls else None
            keys = _dateline.headline_keys(_column(batch.column("title")), urls, min_score)
            yield _with_columns(batch, _pa.record_batch(keys))

    fields = list(df.schema.fields) + _KEY_FIELDS
    if with_urls:
        fields += [
            T.StructField("url_slug", T.StringType(), True),
            T.StructField("match_key", T.StringType(), True),
        ]
    return df.mapInArrow(run, T.StructType(fields))


def _articles(records: DataFrame, min_score: float) -> DataFrame:
    base = records.select(
        "id",
        "title",
        "url",
        "date",
        F.coalesce(_order_key(F.col("path")), F.array(F.col("id"))).alias("okey"),
    )
    return _keys(base, min_score, with_urls=True)


def _side(lists: Any, rank: str, words: str) -> Tuple[Tuple[bytes, bytes, bytes, Tuple[bytes, bytes, bool]], Any]:
    """A list column of (..., `rank`, `words`) structs as a side of the native
    `fuzzy_pairs` (each row's item offsets, each item's rank and word-list
    offsets, the words), and its flat items."""
    offsets = _pc.subtract(lists.offsets, lists.offsets[0])
    flat = lists.flatten()
    tokens = _pc.struct_field(flat, words)
    token_offsets = _pc.subtract(tokens.offsets, tokens.offsets[0])
    side = (
        _int32_bytes(offsets),
        _int32_bytes(_pc.struct_field(flat, rank)),
        _int32_bytes(token_offsets),
        _column(tokens.flatten()),
    )
    return side, flat


def _fuzzy_pairs(min_score: float) -> Any:
    """The executors' work on rows of (blocking word, its promos, its
    articles): the `(from, pos, cid)` pairs passing the fuzzy cuts."""

    def run(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
        for batch in batches:
            promos, promo_items = _side(batch.column("promos"), "rank", "rtok")
            articles, article_items = _side(batch.column("articles"), "crank", "ctok")
            pairs = _pa.record_batch(_dateline.fuzzy_pairs(promos, articles, min_score))
            promo = pairs.column("promo")
            yield _pa.record_batch(
                {
                    "from": _pc.take(_pc.struct_field(promo_items, "from"), promo),
                    "pos": _pc.take(_pc.struct_field(promo_items, "pos"), promo),
                    "cid": _pc.take(_pc.struct_field(article_items, "cid"), pairs.column("article")),
                }
            )

    return run


def _chunked(items: DataFrame, order: List[str], chunk: int) -> DataFrame:
    """`items` (with a `token` column) numbered by chunks of at most `chunk`
    rows per token (`chunk` column), in `order` within the token."""
    number = F.row_number().over(Window.partitionBy("token").orderBy(*order)) - 1
    return items.withColumn("chunk", F.floor(number / chunk))


#: The most promos, and the most articles, of one blocking word that one row
#: of the fuzzy stage, and of the typo stage's blocking, holds (see :func:`_references`).
FUZZY_CHUNK = 2048


def _references(
    spark: SparkSession,
    records: DataFrame,
    min_score: float,
    arts: Optional[DataFrame] = None,
    chunk: int = FUZZY_CHUNK,
    typos: bool = True,
) -> DataFrame:
    """Every promo of `records` resolved: the references table with `pos`, the
    promo's index in its article's `promos`. `arts`: `_articles(records)`;
    `chunk`: the most promos and articles of a blocking word in a row;
    `typos`: the typo stage and near misses (off: the word stages alone, and
    `best_candidate` / `best_score` null)."""
    if not (0.0 <= min_score <= 1.0):
        raise ValueError(f"min_score must be between 0 and 1, not {min_score}")
    if arts is None:
        arts = _articles(records, min_score)
    refs = _keys(
        records.select(
            F.col("id").alias("from"), F.posexplode("promos").alias("pos", "p")
        ).select("from", "pos", F.col("p.label").alias("label"), F.col("p.title").alias("title")),
        min_score,
        with_urls=False,
    )
    ref_key = ["from", "pos"]

    # Exact, slug and cut-slug candidates in one equi-join, on keys tagged
    # with what they are: an article offers its normalised headline (`n`), its
    # headline slug and its URL slug (`s`, both matched by a promo's slug), and
    # its URL slug again (`u`) for the prefixes of a promo's slug.
    def tagged(tag: str, column: Any) -> Any:
        return F.struct(F.lit(tag).alias("tag"), column.alias("key"))

    offered = arts.select(
        F.col("id").alias("cid"),
        F.explode(
            F.array(
                tagged("n", F.col("normalized")),
                tagged("s", F.col("slug")),
                tagged("s", F.col("url_slug")),
                tagged("u", F.col("url_slug")),
            )
        ).alias("k"),
    ).where((F.col("k.key").isNotNull()) & (F.col("k.key") != ""))
    wanted = refs.select(
        *ref_key,
        F.explode(
            F.concat(
                F.array(tagged("n", F.col("normalized")), tagged("s", F.col("slug"))),
                F.transform("slug_prefixes", lambda p: tagged("u", p)),
            )
        ).alias("k"),
    ).where(F.col("k.key") != "")
    keyed = wanted.join(offered, "k").select(*ref_key, "cid")
    # Fuzzy: block on the `blocking` rarest tokens of each headline (by
    # document frequency over the corpus, ties by token): every article that
    # can reach the score has one of them (the resolver's prefix filter). On
    # the article's side too: a Jaccard score s needs a pair to share at least
    # s times the words of each side, so the rarest word they share is among
    # the `blocking` rarest of each (the prefix filtering of similarity
    # joins). Each pair the blocking finds is then scored here, on the words
    # it carries, and only those reaching the score (with a margin: the
    # resolver decides) become candidates. Without these two cuts the words
    # that are rare but not rare enough paired each promo with hundreds of
    # articles (167 on average in a 20 MB generated corpus, growing with the
    # corpus), whose titles and URLs were shuffled into its candidate list:
    # most of the time of `links`, and quadratic.
    words = arts.select(
        F.col("id").alias("cid"),
        # A key per article row (ids may repeat in a table given to `links`),
        # made before the explode so that its rows share it.
        F.monotonically_increasing_id().alias("row"),
        F.col("tokens").alias("ctok"),
        "blocking",
    ).select("cid", "row", "ctok", "blocking", F.explode("ctok").alias("token"))
    frequency = words.groupBy("token").agg(F.count(F.lit(1)).alias("df"))
    postings = (
        words.join(frequency, "token")
        .withColumn(
            "rank", F.row_number().over(Window.partitionBy("row").orderBy("df", "token"))
        )
        .where(F.col("rank") <= F.col("blocking"))
        .select("cid", "row", "ctok", "token", F.col("rank").alias("crank"))
    )
    ref_tokens = refs.select(
        *ref_key, "blocking", F.col("tokens").alias("rtok"), F.explode("tokens").alias("token")
    ).join(frequency, "token", "left").fillna(0, subset=["df"])
    rarest = ref_tokens.withColumn(
        "rank",
        F.row_number().over(Window.partitionBy(*ref_key).orderBy("df", "token")),
    ).where((F.col("rank") <= F.col("blocking")) & (F.col("df") > 0))
    # Each blocking word's promos and articles in one row (two lists), whose
    # pairs the native `fuzzy_pairs` enumerates and cuts (length, position,
    # then the Jaccard score of their words, each with a margin: the
    # resolver decides), giving back only the pairs that pass. Joined in
    # Spark SQL, the pairs were rows, each carrying both word lists: rows by
    # the square of a corpus whose rarest words are on thousands of articles.
    # A word on thousands of headlines would make one row of thousands of
    # promos and articles (one task's memory, and past 2 GB no row at all):
    # each side is cut into chunks of at most `chunk` items, and each promo
    # chunk of a word meets each article chunk of it in a row of its own.
    # Pairs are scored one by one, so the pairs found are the same.
    promo_lists = _chunked(rarest, ["from", "pos", "rtok"], chunk).groupBy("token", "chunk").agg(
        F.collect_list(F.struct("from", "pos", "rank", "rtok")).alias("promos")
    ).drop("chunk")
    article_lists = _chunked(postings, ["row"], chunk).groupBy("token", "chunk").agg(
        F.collect_list(F.struct("cid", "crank", "ctok")).alias("articles")
    ).drop("chunk")
    fuzzy = promo_lists.join(article_lists, "token").mapInArrow(
        _fuzzy_pairs(min_score),
        T.StructType(
            [
                T.StructField("from", T.StringType(), False),
                T.StructField("pos", T.IntegerType(), False),
                T.StructField("cid", T.StringType(), False),
            ]
        ),
    )
    own = refs.select(*ref_key, F.col("from").alias("cid"))
    found = keyed.unionByName(fuzzy).unionByName(own)
    # A reference with an exact or whole-slug hit (its own article's
    # included) is decided at those stages; the others (fuzzy, cut slug,
    # unresolved) go on to the typo stage, which needs the articles sharing
    # the most of their words (`_typo_articles`).
    keyed_hit = wanted.where(F.col("k.tag").isin("n", "s")).join(offered, "k").select(*ref_key).distinct()
    if typos:
        typo_refs = refs.select(*ref_key).join(keyed_hit, ref_key, "left_anti")
        found = found.unionByName(
            _typo_articles(arts, refs.join(typo_refs, ref_key), ref_tokens, TYPO_BUDGET, chunk)
        )
    found = found.distinct()
    lists = (
        found.join(
            arts.select(
                F.col("id").alias("cid"),
                F.col("okey"),
                F.col("title").alias("ctitle"),
                F.col("url").alias("curl"),
            ),
            "cid",
        )
        .groupBy(*ref_key)
        .agg(
            F.sort_array(
                F.collect_list(F.struct("okey", F.col("cid").alias("id"), "ctitle", "curl"))
            ).alias("articles")
        )
    )
    todo = refs.select(*ref_key, "label", "title").join(lists, ref_key)

    def resolve(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
        for batch in batches:
            articles = batch.column("articles")
            offsets = _pc.subtract(articles.offsets, articles.offsets[0])
            flat = articles.flatten()
            out = _dateline.resolve_references(
                _column(batch.column("from")),
                _column(batch.column("title")),
                _int32_bytes(offsets),
                _column(flat.field("id")),
                _column(flat.field("ctitle")),
                _column(flat.field("curl")),
                min_score,
                typos,
            )
            yield _with_columns(
                batch.select(["from", "pos", "label", "title"]), _pa.record_batch(out)
            )

    resolved = todo.mapInArrow(
        resolve,
        T.StructType(
            [
                T.StructField("from", T.StringType(), False),
                T.StructField("pos", T.IntegerType(), False),
                T.StructField("label", T.StringType(), False),
                T.StructField("title", T.StringType(), False),
                T.StructField("to", T.StringType(), True),
                T.StructField("method", T.StringType(), True),
                T.StructField("score", T.DoubleType(), False),
                T.StructField("candidates", T.ArrayType(T.StringType(), False), False),
                T.StructField("self_reference", T.BooleanType(), False),
                T.StructField("capped", T.BooleanType(), False),
                T.StructField("best_candidate", T.StringType(), True),
                T.StructField("best_score", T.DoubleType(), True),
            ]
        ),
    )
    if typos:
        return resolved
    # Without the typo stage's blocking, the resolver saw only the word
    # stages' candidates: its near miss would be theirs, not the corpus's.
    return resolved.withColumn("best_candidate", F.lit(None).cast("string")).withColumn(
        "best_score", F.lit(None).cast("double")
    )


#: How many posting entries the typo stage's blocking reads at most per
#: reference past its first rounds: the CLI's candidate cap
#: (``--max-candidates``' default).
TYPO_BUDGET: int = _dateline.DEFAULT_MAX_CANDIDATES

#: The most articles the CLI's typo stage compares letter by letter.
TYPO_SHORTLIST: int = _dateline.TYPO_SHORTLIST

#: The typo stage compares the articles sharing at least the most shared
#: words less this many (and at least one): the CLI's ``typo_floor``.
TYPO_WORDS_SLACK: int = _dateline.TYPO_WORDS_SLACK


def _typo_articles(
    arts: DataFrame, refs: DataFrame, ref_tokens: DataFrame, budget: int, chunk: int
) -> DataFrame:
    """``(from, pos, cid)``: for each reference of `refs` (those the typo stage
    may see), the articles that decide that stage in the CLI: those sharing
    at least ``typo_floor(most)`` of its known words (``most``: the most any
    article shares; ``typo_floor(m)`` is ``max(m - TYPO_WORDS_SLACK, 1)``), the first
    :data:`TYPO_SHORTLIST` of them by shared words then input order, which
    the typo stage compares letter by letter, and the first with the best
    Jaccard score (its near miss), own URL group left out.

    Found by blocking: an article sharing at least f of the k known words
    has one of the k - f + 1 rarest (by document frequency over the corpus).
    A first round reads the 2 rarest: every article sharing k - 1. When one
    shares all k (a typo leaves the target its other words: most damaged
    promos), that is the floor and the round is complete. Otherwise a second
    round reads the 3rd rarest (``most`` is k - 1: the floor k - 2 needs 3
    words), or, when no article shares k - 1, the next rarest words while
    the entries read stay within `budget` (the CLI's candidate cap: past it
    the CLI's answer depends on what it read, `capped`). The shared words
    are counted on each article's own words.

    Each round's pairs are counted natively (:func:`_typo_round`), which
    gives back per reference only the candidates of each blocking word's
    row (its shortlist and near miss there): a superset of the global ones
    (see ``python/src/typo_pairs.rs``), over which the windows below pick
    the same articles as over every pair."""
    ref_key = ["from", "pos"]
    known = ref_tokens.where(F.col("df") > 0).join(refs.select(*ref_key), ref_key)
    order = Window.partitionBy(*ref_key).orderBy("df", "token")
    known = (
        known.withColumn("krank", F.row_number().over(order))
        .withColumn("cum", F.sum("df").over(order.rowsBetween(Window.unboundedPreceding, 0)))
        .withColumn("k", F.count(F.lit(1)).over(Window.partitionBy(*ref_key)))
        # The rarer words: an article is paired with the reference once, by
        # the rarest word read that it has (no shuffle to drop duplicates).
        .withColumn(
            "rarer", F.collect_list("token").over(order.rowsBetween(Window.unboundedPreceding, -1))
        )
    )
    # A URL group for every article: an article without one (an invalid
    # URL) is a group of its own, so "same group" needs no null.
    def group(key: Any, id_: Any) -> Any:
        return F.coalesce(key, F.concat(F.lit("\u0000"), id_))

    own_groups = arts.select(
        F.col("id").alias("from"), group(F.col("match_key"), F.col("id")).alias("fgroup")
    )
    postings = arts.select(
        F.col("id").alias("cid"),
        "okey",
        group(F.col("match_key"), F.col("id")).alias("cgroup"),
        F.col("tokens").alias("ctok"),
    ).select("cid", "okey", "cgroup", "ctok", F.explode("ctok").alias("token"))

    def shared(chosen: DataFrame) -> DataFrame:
        return _typo_round(
            chosen.select(*ref_key, "rtok", "rarer", "token").join(own_groups, "from", "left"),
            postings,
            chunk,
        )

    first = shared(known.where(F.col("krank") <= 2))
    # A row's most shared words are among its survivors: so are round one's.
    most = first.groupBy(*ref_key).agg(F.max("shared").alias("most1"))
    rest = known.where(F.col("krank") > 2).join(most, ref_key, "left")
    most1 = F.coalesce(F.col("most1"), F.lit(0))
    second = shared(
        rest.where(
            ((most1 == F.col("k") - 1) & (F.col("krank") <= 3))
            | ((most1 < F.col("k") - 1) & (F.col("cum") <= budget))
        )
    )
    scored = first.unionByName(second)
    per_ref = Window.partitionBy(*ref_key)
    scored = scored.withColumn("most", F.max("shared").over(per_ref)).withColumn(
        "shortlisted", F.col("shared") >= F.greatest(F.col("most") - TYPO_WORDS_SLACK, F.lit(1))
    )
    # The CLI compares at most TYPO_SHORTLIST articles, most shared words
    # first, then input order; its near miss is the first best score in
    # input order, own URL group left out. Only those join the list: a promo
    # sharing one word with thousands of articles gets 65, not thousands.
    shortlist = F.row_number().over(
        per_ref.orderBy(F.desc("shortlisted"), F.desc("shared"), "okey")
    )
    near = F.row_number().over(per_ref.orderBy("mine", F.desc("jaccard"), "okey"))
    return (
        scored.withColumn("srank", shortlist)
        .withColumn("nrank", near)
        .where(
            (F.col("shortlisted") & (F.col("srank") <= TYPO_SHORTLIST))
            | ((F.col("nrank") == 1) & ~F.col("mine"))
        )
        .select(*ref_key, "cid")
    )


_TYPO_PAIRS = T.StructType(
    [
        T.StructField("from", T.StringType(), False),
        T.StructField("pos", T.IntegerType(), False),
        T.StructField("cid", T.StringType(), False),
        T.StructField("okey", T.ArrayType(T.StringType(), False), False),
        T.StructField("shared", T.IntegerType(), False),
        T.StructField("jaccard", T.DoubleType(), False),
        T.StructField("mine", T.BooleanType(), False),
    ]
)


def _typo_round(chosen: DataFrame, postings: DataFrame, chunk: int) -> DataFrame:
    """The local candidates (`_TYPO_PAIRS`) of the (reference, blocking word)
    rows `chosen` (``from``, ``pos``, ``rtok``, ``rarer``, ``token``,
    ``fgroup``): each word's references and its articles of `postings`
    (``cid``, ``okey``, ``cgroup``, ``ctok``, ``token``) in one row, each
    side cut into chunks of at most `chunk` items, scored by the native
    `typo_pairs`. Only the postings of the words chosen are read."""
    words = chosen.select("token").distinct()
    reference_lists = (
        _chunked(chosen, ["from", "pos"], chunk)
        .groupBy("token", "chunk")
        .agg(F.collect_list(F.struct("from", "pos", "rtok", "rarer", "fgroup")).alias("refs"))
        .drop("chunk")
    )
    article_lists = (
        _chunked(postings.join(words, "token", "left_semi"), ["cid"], chunk)
        .groupBy("token", "chunk")
        .agg(F.collect_list(F.struct("cid", "okey", "cgroup", "ctok")).alias("articles"))
        .drop("chunk")
    )
    return reference_lists.join(article_lists, "token").mapInArrow(_typo_pairs, _TYPO_PAIRS)


def _lists(lists: Any) -> Tuple[bytes, Any]:
    """A list column's 4-byte offsets (from 0) and its flat values."""
    return _int32_bytes(_pc.subtract(lists.offsets, lists.offsets[0])), lists.flatten()


def _typo_pairs(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
    """The executors' work on rows of (blocking word, its references, its
    articles): each reference's local candidates, by the native `typo_pairs`."""
    for batch in batches:
        ref_groups, refs = _lists(batch.column("refs"))
        art_groups, arts = _lists(batch.column("articles"))
        rtok_offsets, rtok = _lists(_pc.struct_field(refs, "rtok"))
        rarer_offsets, rarer = _lists(_pc.struct_field(refs, "rarer"))
        ctok_offsets, ctok = _lists(_pc.struct_field(arts, "ctok"))
        okeys = _pc.struct_field(arts, "okey")
        okey_offsets, okey_parts = _lists(okeys)
        found = _pa.record_batch(
            _dateline.typo_pairs(
                (
                    ref_groups,
                    rtok_offsets,
                    _column(rtok),
                    rarer_offsets,
                    _column(rarer),
                    _column(_pc.struct_field(refs, "from")),
                    _column(_pc.struct_field(refs, "fgroup")),
                ),
                (
                    art_groups,
                    ctok_offsets,
                    _column(ctok),
                    _column(_pc.struct_field(arts, "cid")),
                    _column(_pc.struct_field(arts, "cgroup")),
                    okey_offsets,
                    _column(okey_parts),
                ),
            )
        )
        reference, article = found.column("reference"), found.column("article")
        yield _pa.record_batch(
            {
                "from": _pc.take(_pc.struct_field(refs, "from"), reference),
                "pos": _pc.take(_pc.struct_field(refs, "pos"), reference),
                "cid": _pc.take(_pc.struct_field(arts, "cid"), article),
                "okey": _pc.take(okeys, article),
                "shared": found.column("shared"),
                "jaccard": found.column("jaccard"),
                "mine": found.column("mine"),
            }
        )


def _attributions(records: DataFrame) -> DataFrame:
    sources = records.select(
        F.col("id").alias("article"), F.explode("sources").alias("s")
    ).select("article", F.col("s.name").alias("source"))

    def lookup(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
        for batch in batches:
            found = _pa.record_batch(_dateline.source_outlets(_column(batch.column("source"))))
            yield _with_columns(batch, found)

    looked = sources.mapInArrow(
        lookup,
        T.StructType(
            list(sources.schema.fields)
            + [
                T.StructField("outlet", T.StringType(), True),
                T.StructField("name", T.StringType(), True),
                T.StructField("domain", T.StringType(), True),
            ]
        ),
    )
    return looked.select(
        "article",
        F.lit(None).cast("long").alias("line"),
        "source",
        F.lit(None).cast("string").alias("cue"),
        "outlet",
        "name",
        "domain",
    )


_FACT_FIELDS = [
    T.StructField("purl", T.StringType(), True),
    T.StructField("host", T.StringType(), True),
    T.StructField("domain", T.StringType(), True),
    T.StructField("outlet", T.StringType(), True),
    T.StructField("name", T.StringType(), True),
    T.StructField("url_date", T.StringType(), True),
    T.StructField("days", T.LongType(), True),
    T.StructField("error", T.StringType(), True),
]


def _article_facts(records: DataFrame) -> DataFrame:
    """Per article, what the links report says of it alone (publisher, date
    mismatch, invalid URL), decided by the native `article_facts` (the
    report's own code) a batch at a time."""
    base = records.select(
        "id",
        "title",
        "url",
        "date",
        F.coalesce(F.col("title"), F.lit("")).alias("_title"),
        F.coalesce(F.col("url"), F.lit("")).alias("_url"),
        F.coalesce(F.date_format("date", "yyyy-MM-dd"), F.lit("")).alias("_date"),
    )

    def run(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
        for batch in batches:
            facts = _pa.record_batch(
                _dateline.article_facts(
                    _column(batch.column("id")),
                    _column(batch.column("_title")),
                    _column(batch.column("_url")),
                    _column(batch.column("_date")),
                )
            )
            yield _pa.RecordBatch.from_arrays(
                list(batch.select(["id", "title", "url", "date"]).columns)
                + list(facts.columns),
                names=["id", "title", "url", "date"] + [f.name for f in _FACT_FIELDS],
            )

    return base.mapInArrow(
        run, T.StructType(list(base.select("id", "title", "url", "date").schema.fields) + _FACT_FIELDS)
    )


def _duplicates(arts: DataFrame) -> DataFrame:
    ordered = F.transform(
        F.sort_array(F.collect_list(F.struct("okey", "id"))), lambda x: x["id"]
    ).alias("articles")
    by_url = (
        arts.where(F.col("match_key").isNotNull())
        .groupBy("match_key")
        .agg(F.count(F.lit(1)).alias("n"), ordered)
        .where("n > 1")
        .select(
            F.lit("url").alias("reason"),
            F.col("match_key").alias("key"),
            F.lit(None).cast("date").alias("date"),
            "articles",
        )
    )
    # One URL group is one page: articles all of one group are not also
    # reported for their headline (an invalid URL is a group of its own).
    group = F.coalesce(F.col("match_key"), F.concat(F.lit("\u0000"), F.col("id")))
    by_headline = (
        arts.where(F.col("date").isNotNull())
        .groupBy("normalized", "date")
        .agg(
            F.count(F.lit(1)).alias("n"),
            F.countDistinct(group).alias("groups"),
            ordered,
        )
        .where("n > 1 AND groups > 1")
        .select(
            F.lit("headline_date").alias("reason"),
            F.col("normalized").alias("key"),
            "date",
            "articles",
        )
    )
    return by_url.unionByName(by_headline)


def links(
    spark: SparkSession,
    records: DataFrame,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    typos: bool = True,
    _chunk: int = FUZZY_CHUNK,
) -> Links:
    """Resolves the promos of ``records`` (a DataFrame in the record schema:
    :func:`read`'s, or any with ``id``, ``path``, ``title``, ``url``,
    ``date``, ``promos``, ``sources``) to the articles they name, with the
    rules of ``dateline links``: exact headline, then slug (headline or URL),
    then fuzzy against a cut URL slug, then typo (letters compared by edit
    distance, which also confirms fuzzy and cut-slug matches); ambiguity
    kept (``to`` null with ``candidates``), self-references flagged, an
    unresolved reference's near miss in ``best_candidate`` and
    ``best_score``. Input order (which breaks ties and lists candidates) is
    by ``path`` (components), then ``id``.

    Exact and slug keys are equi-joins; fuzzy candidates are found by
    blocking on each headline's rarest words; a reference with no exact or
    slug hit also gets the articles sharing the most of its words (blocking
    on its 2 rarest known words, then on more for those no article shares
    all of them with); each reference is then decided by
    dateline's own resolver over the articles found for it, on the
    executors. Publishers, date mismatches and invalid URLs are decided per
    article by the report's own code.

    The answer never hits ``dateline links``'s candidate cap (``capped`` is
    false): where the CLI's is not capped, the two are the same, but for
    the near miss of an unresolved reference that no article shares all its
    known words with. Its near miss is the best Jaccard score among the
    articles the CLI reads: those sharing all the words but one when an
    article shares them all (Spark's too), otherwise the articles of the
    rarest words' lists, read until no article left can share as many words
    as the best read, or one fewer: how many lists that is, and which of
    the lists of equal document frequency come first (the word the corpus
    met first, for the CLI), are the CLI's reading order, which Spark does
    not follow (it reads the 2 rarest words' lists, the 3rd when the best
    article shares all the words but one, more within 4,096 entries when it
    shares fewer, and gives the resolver the first 64 articles at the floor
    and the first with the best score). ``_chunk``: the most promos and articles of one
    blocking word a row of the fuzzy and typo stages holds (see ARCHITECTURE.md).

    ``typos=False`` leaves the typo stage out: the exact, slug and fuzzy
    stages alone (dateline's resolver with typos off), and no near misses
    (``best_candidate`` and ``best_score`` are null). Its blocking is the
    costliest part of ``links`` on a large corpus (see the README's Spark
    figures): turn it off where damaged promos do not matter, or to link a
    corpus too large for the executors' memory with it.

    Members of one archive are ordered by their ``ARCHIVE:MEMBER`` path,
    which is archive order only when the archive was made in name order.
    """
    if _chunk < 1:
        raise ValueError(f"_chunk must be at least 1, not {_chunk}")
    arts = _articles(records, min_score)
    references = _references(spark, records, min_score, arts, _chunk, typos).select(
        "from",
        F.lit(None).cast("long").alias("line"),
        "label",
        "title",
        "to",
        "method",
        "score",
        "candidates",
        "self_reference",
        "capped",
        "best_candidate",
        "best_score",
    )
    facts = _article_facts(records)
    publishers = facts.select(
        F.col("id").alias("article"),
        "title",
        "date",
        F.col("purl").alias("url"),
        "host",
        "domain",
        "outlet",
        "name",
    )
    date_mismatches = facts.where(F.col("url_date").isNotNull()).select(
        F.col("id").alias("article"),
        F.col("date").alias("header_date"),
        F.to_date("url_date").alias("url_date"),
        "days",
    )
    invalid_urls = facts.where(F.col("error").isNotNull()).select(
        F.col("id").alias("article"), "url", "error"
    )
    return Links(
        references,
        _attributions(records),
        _duplicates(arts),
        publishers,
        date_mismatches,
        invalid_urls,
        records.select("id"),
        min_score,
    )


# --- write ----------------------------------------------------------------------


def write(
    df: DataFrame,
    path: str,
    *,
    year_of: Optional[str] = "date",
    mode: str = "errorifexists",
) -> None:
    """Writes ``df`` (records, or a links table) to Parquet at ``path``
    through Spark's writer, partitioned by the year of the date column
    ``year_of`` (``path/year=2022/part-....parquet``; ``None``: not
    partitioned). A links table has no date of its own: join it with the
    records' ``id``, ``date`` first (see the README)."""
    if year_of is None:
        df.write.mode(mode).parquet(path)
        return
    df.withColumn("year", F.year(F.col(year_of))).write.mode(mode).partitionBy("year").parquet(path)
