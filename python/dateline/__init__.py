"""dateline: scraped news-article text files into clean, typed, linked data.

A news article scraped to plain text is a file: line 1 the headline, line 2 the
date ``YYYYMMDD``, line 3 the source URL, then one paragraph per line. dateline
parses such files with a real grammar, repairs the scraping's artifacts (and
records what it did), and reads whole corpora into Arrow tables on all cores.

A corpus into a DataFrame in one line:

>>> import dateline
>>> articles = dateline.read("examples/corpus")
>>> articles.num_rows
29
>>> articles.column_names[:4]
['id', 'path', 'title', 'date']

The table is a ``pyarrow.Table`` of *records*, one per article, with the same
columns and types as ``dateline convert --to parquet`` writes: hand it to
pandas, Polars or DuckDB without a copy through Python objects.

>>> df = articles.to_pandas()
>>> df.loc[0, "outlet_name"]
'CNN'

>>> import polars as pl
>>> pl.from_arrow(articles).select(pl.col("outlet_id").n_unique()).item()
16

>>> import duckdb
>>> duckdb.sql("SELECT count(*) FROM articles WHERE len(promos) > 0").fetchall()
[(20,)]

A corpus too large for memory is read as a stream of record batches:

>>> reader = dateline.scan("examples/corpus")
>>> sum(batch.num_rows for batch in reader)
29

Bad files do not stop a read: each is reported with a warning naming the
file, line and column (``on_error="warn"``, the default), or raises
:class:`ParseError` (``"raise"``), or is passed over (``"skip"``).
"""

from __future__ import annotations

import datetime as _datetime
import json as _json
import os as _os
import warnings as _warnings
from dataclasses import dataclass as _dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    Literal,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Union,
)

import pyarrow as _pa

from . import _dateline
from ._dateline import DatelineError, InternalError

if TYPE_CHECKING:  # pragma: no cover
    PathLike = Union[str, "_os.PathLike[str]"]

__version__: str = _dateline.__version__
#: The version of the record schema (:func:`schema`, the columns of :func:`read`).
RECORD_VERSION: int = _dateline.RECORD_VERSION

__all__ = [
    "Article",
    "Attribution",
    "DatelineError",
    "DatelineWarning",
    "Diagnostic",
    "InternalError",
    "Links",
    "Outlet",
    "ParseError",
    "ParseWarning",
    "Promo",
    "RECORD_VERSION",
    "RenamedWarning",
    "UrlFacts",
    "canonicalize",
    "check",
    "links",
    "outlet",
    "parse",
    "read",
    "scan",
    "schema",
    "url_facts",
]

OnError = Literal["warn", "raise", "skip"]

#: The threshold of a fuzzy headline match when resolving promos (the CLI's
#: ``--min-score`` default).
DEFAULT_MIN_SCORE: float = _dateline.DEFAULT_MIN_SCORE


@_dataclass(frozen=True)
class Diagnostic:
    """One finding about one input: an error (the input gives no article) or a
    warning, where it is, and how to fix it.

    >>> bad = dateline.check("tests/fixtures/invalid/date-seven-digits.txt")[0]
    >>> bad.code, bad.severity, bad.line, bad.column
    ('E002', 'error', 2, 1)
    >>> print(bad.hint)
    write four digits of year, two of month, two of day: 20220131
    """

    #: The input: a path, ``ARCHIVE:MEMBER``, ``<stdin>`` or ``<input>``.
    path: str
    #: The line, from 1.
    line: int
    #: The column, in characters, from 1.
    column: int
    #: ``"error"`` or ``"warning"``.
    severity: str
    #: The code: ``E001``... for errors, ``W001``... for warnings.
    code: str
    #: The code's name, such as ``invalid-date``.
    name: str
    #: What is wrong.
    message: str
    #: How to fix it, when there is a way.
    hint: Optional[str] = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}[{self.code}] {self.message}"
        if self.hint:
            text += f" (help: {self.hint})"
        return text


def _diagnostics(tuples: Iterable[Sequence[Any]]) -> List[Diagnostic]:
    return [Diagnostic(*t) for t in tuples]


class ParseError(DatelineError, ValueError):
    """An input that is not an article: its path and every diagnostic.

    >>> try:
    ...     dateline.parse("Talks\\n2022013\\nhttps://example.com/a\\n")
    ... except dateline.ParseError as e:
    ...     print(e.diagnostics[0].code, e.diagnostics[0].line)
    E002 2
    """

    def __init__(self, path: str, diagnostics: Sequence[Diagnostic]):
        self.path = path
        self.diagnostics: List[Diagnostic] = list(diagnostics)
        errors = [d for d in self.diagnostics if d.severity == "error"]
        first = errors[0] if errors else (self.diagnostics[0] if self.diagnostics else None)
        message = str(first) if first else f"{path}: not an article"
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})"
        super().__init__(message)


class DatelineWarning(UserWarning):
    """The base of dateline's warnings."""


class ParseWarning(DatelineWarning):
    """A bad input passed over by :func:`read`, :func:`scan` or :func:`links`
    (``on_error="warn"``): the message names path:line:column and the code;
    ``diagnostics`` holds every one."""

    def __init__(self, path: str, diagnostics: Sequence[Diagnostic]):
        self.path = path
        self.diagnostics: List[Diagnostic] = list(diagnostics)
        super().__init__(str(ParseError(path, diagnostics)) + "; the file was skipped")


class RenamedWarning(DatelineWarning):
    """Two inputs wanted the same article id (the same file name in two
    directories): the later one got another (``name-2``)."""


def _check_on_error(on_error: str) -> None:
    if on_error not in ("warn", "raise", "skip"):
        raise ValueError(f"on_error must be 'warn', 'raise' or 'skip', not {on_error!r}")


def _report(on_error: str, failures: Iterable[Tuple[str, Sequence[Any]]], stacklevel: int) -> None:
    for path, tuples in failures:
        if on_error == "skip":
            continue
        diagnostics = _diagnostics(tuples)
        if on_error == "raise":
            raise ParseError(path, diagnostics)
        _warnings.warn(ParseWarning(path, diagnostics), stacklevel=stacklevel)


def _paths(paths: Any) -> List[str]:
    if isinstance(paths, (str, bytes, _os.PathLike)):
        paths = [paths]
    try:
        listed = [_os.fsdecode(_os.fspath(p)) for p in paths]
    except TypeError:
        raise TypeError(
            "paths must be a path (str or os.PathLike) or a list of them, "
            f"not {type(paths).__name__}"
        ) from None
    if not listed:
        raise ValueError("no paths: give at least one file, directory or archive")
    return listed


def _extensions(ext: Union[str, Sequence[str]]) -> List[str]:
    return [ext] if isinstance(ext, str) else list(ext)


def schema() -> _pa.Schema:
    """The Arrow schema of the records: the columns of :func:`read`, the same
    as the Parquet output's. Its metadata holds ``dateline.record_version``.

    >>> s = dateline.schema()
    >>> s.field("date").type, s.field("repairs").type
    (DataType(date32[day]), DataType(int64))
    >>> s.metadata[b"dateline.record_version"] == str(dateline.RECORD_VERSION).encode()
    True
    """
    return _pa.schema(_dateline.record_schema())


def scan(
    paths: Union["PathLike", Sequence["PathLike"]],
    *,
    jobs: Optional[int] = None,
    resolve: bool = False,
    on_error: OnError = "warn",
    ext: Union[str, Sequence[str]] = "txt",
    min_score: float = DEFAULT_MIN_SCORE,
    outlets: Optional["PathLike"] = None,
    links: bool = True,
) -> _pa.RecordBatchReader:
    """Reads a corpus as a stream of record batches, in input order, memory
    bounded whatever the corpus size.

    ``paths`` are files (whatever their extension), directories (walked for
    files ending in ``ext``), archives (``.tar``, ``.tar.gz``, ``.tar.zst``) or
    ``"-"`` (one article on standard input), or a list of them. The articles
    are read and parsed on ``jobs`` threads (default: all cores) with the GIL
    released; Ctrl-C stops the read.

    Each record carries its URL's facts and the outlets of its URL and of the
    sources it cites (the built-in outlets, and ``outlets``, a file in the
    CLI's ``--outlets`` format); ``links=False`` leaves them out. With
    ``resolve=True`` a first pass indexes the corpus and each promo's ``to``
    names the article it refers to (``min_score``: the least score of a fuzzy
    headline match).

    A bad input is reported as ``on_error`` says: ``"warn"`` (a
    :class:`ParseWarning` per file), ``"raise"`` (:class:`ParseError` when the
    stream reaches it) or ``"skip"``.

    >>> reader = dateline.scan(["examples/corpus"], jobs=2)
    >>> reader.schema == dateline.schema()
    True
    >>> import polars as pl
    >>> pl.from_arrow(reader).height
    29
    """
    _check_on_error(on_error)
    scanner = _dateline.scan_records(
        _paths(paths),
        jobs,
        _extensions(ext),
        resolve,
        min_score,
        None if outlets is None else _os.fspath(outlets),
        links,
    )
    return _pa.RecordBatchReader.from_batches(schema(), _batches(scanner, on_error, stacklevel=4))


def _batches(scanner: Any, on_error: str, stacklevel: int) -> Iterator[_pa.RecordBatch]:
    try:
        for capsule, failures, renamed in scanner:
            _report(on_error, failures, stacklevel)
            if on_error != "skip":
                for path, wanted, given in renamed:
                    _warnings.warn(
                        RenamedWarning(
                            f"{path}: the article id {wanted!r} is already taken; "
                            f"this article is {given!r}"
                        ),
                        stacklevel=stacklevel,
                    )
            if capsule is not None:
                yield _pa.record_batch(capsule)
    finally:
        scanner.close()


def read(
    paths: Union["PathLike", Sequence["PathLike"]],
    *,
    jobs: Optional[int] = None,
    resolve: bool = False,
    on_error: OnError = "warn",
    ext: Union[str, Sequence[str]] = "txt",
    min_score: float = DEFAULT_MIN_SCORE,
    outlets: Optional["PathLike"] = None,
    links: bool = True,
) -> _pa.Table:
    """Reads a corpus into a ``pyarrow.Table`` of records, one row per article
    in input order: :func:`scan`'s batches, gathered.

    >>> table = dateline.read("examples/corpus", resolve=True)
    >>> promos = table.column("promos").combine_chunks().flatten()
    >>> promos.field("to").null_count < len(promos)
    True
    >>> table.to_pandas()[["id", "date", "outlet_id"]].head(2)
                         id        date outlet_id
    0  000_0845b8cf6fe484fa  2021-04-20       cnn
    1  000_0f0e5a2a6bac902d  2023-08-02   reuters
    """
    _check_on_error(on_error)
    scanner = _dateline.scan_records(
        _paths(paths),
        jobs,
        _extensions(ext),
        resolve,
        min_score,
        None if outlets is None else _os.fspath(outlets),
        links,
    )
    batches = list(_batches(scanner, on_error, stacklevel=4))
    return _pa.Table.from_batches(batches, schema=schema())


class Promo(NamedTuple):
    """A promo line naming another article: ``Read Also:<headline>``."""

    #: The label as written: ``Read Also``.
    label: str
    #: The headline it names.
    title: str
    #: Its line in the file, from 1.
    line: int


class Attribution(NamedTuple):
    """A source the article cites: ``Per BBC, ...``, ``according to Reuters``."""

    #: The cue: ``per``, ``according to``...
    cue: str
    #: The source's name.
    source: str
    #: The text as written (glued: ``PerBBC,``).
    raw: str
    #: The text repaired (``Per BBC,``).
    text: str


class Article:
    """One article: the document model, parsed by :func:`parse`.

    >>> a = dateline.parse(b"Talks\\n20220131\\nhttps://example.com/a\\nPerBBC,they met.\\n", id="a")
    >>> a.title, a.date, a.id
    ('Talks', datetime.date(2022, 1, 31), 'a')
    >>> a.paragraphs
    ['Per BBC, they met.']
    >>> a.attributions[0].source
    'BBC'
    """

    __slots__ = ("_native",)

    def __init__(self, native: Any):
        self._native = native

    @property
    def id(self) -> Optional[str]:
        """The id given to :func:`parse` (a file's stem in a corpus), or None."""
        return self._native.id

    @property
    def title(self) -> str:
        """The headline."""
        return self._native.title

    @property
    def date(self) -> _datetime.date:
        """The header date."""
        return _datetime.date.fromisoformat(self._native.date_iso)

    @property
    def url(self) -> str:
        """The source URL as written."""
        return self._native.url

    @property
    def paragraphs(self) -> List[str]:
        """The body's paragraphs, repaired, promos left out."""
        return self._native.paragraphs

    @property
    def raw_paragraphs(self) -> List[str]:
        """The body's paragraphs as written."""
        return self._native.raw_paragraphs

    @property
    def promos(self) -> List[Promo]:
        """The promo lines, in order."""
        return [Promo(*p) for p in self._native.promos]

    @property
    def attributions(self) -> List[Attribution]:
        """The sources cited, in order."""
        return [Attribution(*a) for a in self._native.attributions]

    @property
    def warnings(self) -> List[Diagnostic]:
        """What the article gets warned about (what ``dateline check`` says)."""
        return _diagnostics(self._native.warnings())

    def to_source(self) -> bytes:
        """The input, byte for byte.

        >>> data = b"\\xef\\xbb\\xbfTalks  \\r\\n20220131\\r\\nhttps://example.com/a\\r\\nPerBBC,they met."
        >>> dateline.parse(data).to_source() == data
        True
        """
        return self._native.to_source()

    def to_json(self) -> str:
        """The document model as JSON: what ``dateline parse --compact`` prints."""
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The document model as Python objects (the JSON, loaded)."""
        result: Dict[str, Any] = _json.loads(self.to_json())
        return result

    def __repr__(self) -> str:
        return f"Article(id={self.id!r}, title={self.title!r}, date={self.date.isoformat()})"


def parse(data: Union[str, bytes, bytearray, memoryview], id: Optional[str] = None) -> Article:
    """Parses one article from its text or bytes.

    Raises :class:`ParseError` with every diagnostic when the input is not an
    article (a missing date, a bad URL, bytes that are not UTF-8...).

    >>> a = dateline.parse("Talks\\n20220131\\nhttps://example.com/a\\nRead Also:Talks end\\n")
    >>> a.promos
    [Promo(label='Read Also', title='Talks end', line=4)]
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    elif not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"parse takes str or bytes, not {type(data).__name__}")
    native, tuples = _dateline.parse(bytes(data), id)
    if native is None:
        raise ParseError("<input>", _diagnostics(tuples))
    return Article(native)


def check(
    paths: Union["PathLike", Sequence["PathLike"]],
    *,
    jobs: Optional[int] = None,
    ext: Union[str, Sequence[str]] = "txt",
) -> List[Diagnostic]:
    """Every diagnostic of a corpus (errors and warnings), in input order:
    what ``dateline check`` reports.

    >>> found = dateline.check("tests/fixtures/invalid")
    >>> sorted({d.code for d in found if d.severity == "error"})[:3]
    ['E001', 'E002', 'E003']
    """
    return _diagnostics(_dateline.check(_paths(paths), jobs, _extensions(ext)))


@_dataclass(frozen=True)
class UrlFacts:
    """What an article URL says: its canonical form, host, registrable domain,
    and the date, id and slug outlets write into their URLs."""

    canonical: str
    host: Optional[str]
    domain: Optional[str]
    date: Optional[_datetime.date]
    article_id: Optional[str]
    slug: Optional[str]


def canonicalize(url: str) -> str:
    """The canonical form of an article URL, the key that finds one article
    under its many spellings: scheme and host in lower case, the default port,
    dot segments, the fragment and tracking parameters dropped, the query
    sorted. ``ValueError`` for a URL that is not a web URL.

    >>> dateline.canonicalize("HTTP://WWW.Example.COM:80/a/./b/../c?utm_source=x&b=2&a=1#top")
    'http://www.example.com/a/c?a=1&b=2'
    >>> dateline.canonicalize("ftp://example.com/a")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ValueError: "ftp://example.com/a": ...
    """
    return _dateline.canonicalize(url)


def url_facts(url: str) -> UrlFacts:
    """The facts of an article URL (see :class:`UrlFacts`); ``ValueError`` for a
    URL that is not a web URL.

    >>> f = dateline.url_facts("https://www.cnn.com/2021/04/20/business/economy/index.html")
    >>> f.domain, f.date
    ('cnn.com', datetime.date(2021, 4, 20))
    """
    facts = _dateline.url_facts(url)
    date = facts["date"]
    return UrlFacts(
        canonical=facts["canonical"],
        host=facts["host"],
        domain=facts["domain"],
        date=None if date is None else _datetime.date.fromisoformat(date),
        article_id=facts["article_id"],
        slug=facts["slug"],
    )


@_dataclass(frozen=True)
class Outlet:
    """A news outlet of the built-in gazetteer."""

    id: str
    name: str
    aliases: Tuple[str, ...]
    domains: Tuple[str, ...]
    kind: str
    country: Optional[str]


def outlet(name_or_host: str) -> Optional[Outlet]:
    """The outlet a source's name, an alias or a host names, or None: the one
    rule ``dateline convert`` and ``dateline links`` use.

    >>> dateline.outlet("AP News").id
    'ap'
    >>> dateline.outlet("www.bbc.co.uk").name
    'BBC'
    >>> dateline.outlet("my cousin") is None
    True
    """
    found = _dateline.outlet(name_or_host)
    if found is None:
        return None
    return Outlet(
        id=found["id"],
        name=found["name"],
        aliases=tuple(found["aliases"]),
        domains=tuple(found["domains"]),
        kind=found["kind"],
        country=found["country"],
    )


# The links tables, typed as the CLI's JSON fields are.
_LINK_SCHEMAS: Dict[str, _pa.Schema] = {
    "references": _pa.schema(
        [
            _pa.field("from", _pa.string(), nullable=False),
            _pa.field("line", _pa.int64()),
            _pa.field("label", _pa.string(), nullable=False),
            _pa.field("title", _pa.string(), nullable=False),
            _pa.field("to", _pa.string()),
            _pa.field("method", _pa.string()),
            _pa.field("score", _pa.float64(), nullable=False),
            _pa.field("candidates", _pa.list_(_pa.string()), nullable=False),
            _pa.field("self_reference", _pa.bool_(), nullable=False),
            _pa.field("capped", _pa.bool_(), nullable=False),
            _pa.field("best_candidate", _pa.string()),
            _pa.field("best_score", _pa.float64()),
        ]
    ),
    "attributions": _pa.schema(
        [
            _pa.field("article", _pa.string(), nullable=False),
            _pa.field("line", _pa.int64()),
            _pa.field("source", _pa.string(), nullable=False),
            # Null for links of a records table: records name sources, not cues.
            _pa.field("cue", _pa.string()),
            _pa.field("outlet", _pa.string()),
            _pa.field("name", _pa.string()),
            _pa.field("domain", _pa.string()),
            # "glued" (PerBBC,) or "spaced" (according to Reuters); null for
            # links of a records table.
            _pa.field("kind", _pa.string()),
        ]
    ),
    "publishers": _pa.schema(
        [
            _pa.field("article", _pa.string(), nullable=False),
            _pa.field("title", _pa.string(), nullable=False),
            _pa.field("date", _pa.date32()),
            _pa.field("url", _pa.string(), nullable=False),
            _pa.field("host", _pa.string()),
            _pa.field("domain", _pa.string()),
            _pa.field("outlet", _pa.string()),
            _pa.field("name", _pa.string()),
        ]
    ),
    "duplicates": _pa.schema(
        [
            _pa.field("reason", _pa.string(), nullable=False),
            _pa.field("key", _pa.string(), nullable=False),
            _pa.field("date", _pa.date32()),
            _pa.field("articles", _pa.list_(_pa.string()), nullable=False),
        ]
    ),
    "date_mismatches": _pa.schema(
        [
            _pa.field("article", _pa.string(), nullable=False),
            _pa.field("header_date", _pa.date32(), nullable=False),
            _pa.field("url_date", _pa.date32(), nullable=False),
            _pa.field("days", _pa.int64(), nullable=False),
        ]
    ),
    "invalid_urls": _pa.schema(
        [
            _pa.field("article", _pa.string(), nullable=False),
            _pa.field("url", _pa.string(), nullable=False),
            _pa.field("error", _pa.string(), nullable=False),
        ]
    ),
}

_SUMMARY_FIELDS = (
    "articles",
    "resolved",
    "unresolved",
    "ambiguous",
    "self_references",
    "capped",
    "min_score",
    "max_candidates",
)


def _link_table(name: str, rows: List[Dict[str, Any]]) -> _pa.Table:
    schema = _LINK_SCHEMAS[name]
    dates = [f.name for f in schema if _pa.types.is_date32(f.type)]
    for row in rows:
        for field in dates:
            if row.get(field) is not None:
                row[field] = _datetime.date.fromisoformat(row[field])
    return _pa.Table.from_pylist(rows, schema=schema)


class Links:
    """The links of a corpus, as ``dateline links`` reports them: each as an
    Arrow table whose columns carry the CLI JSON's field names.

    - ``references``: every promo, resolved (``from``, ``line``, ``label``,
      ``title``, ``to``, ``method``, ``score``, ``candidates``,
      ``self_reference``, ``capped``, and an unresolved promo's near miss:
      ``best_candidate``, ``best_score``);
    - ``attributions``: every cited source and its outlet;
    - ``publishers``: every article's URL host and outlet;
    - ``duplicates``: articles with the same canonical URL or headline and date;
    - ``date_mismatches``: header dates that disagree with the URL's;
    - ``invalid_urls``;
    - ``summary``: the counts (``articles``, ``resolved``, ``unresolved``,
      ``ambiguous``, ``self_references``, ``capped``, ``min_score``,
      ``max_candidates``).
    """

    references: _pa.Table
    attributions: _pa.Table
    publishers: _pa.Table
    duplicates: _pa.Table
    date_mismatches: _pa.Table
    invalid_urls: _pa.Table
    summary: Dict[str, Union[int, float]]

    def __init__(self, report: Dict[str, Any], *, from_records: bool = False):
        if from_records:
            # A record names its sources, not the words that cited them, nor
            # lines: the report's placeholders are not passed on as facts.
            for attribution in report["attributions"]:
                attribution["cue"] = None
                attribution["kind"] = None
        for name in _LINK_SCHEMAS:
            setattr(self, name, _link_table(name, report[name]))
        self.summary = {k: report[k] for k in _SUMMARY_FIELDS}

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.summary.items())
        return f"Links({counts})"


def links(
    paths_or_table: Any,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    jobs: Optional[int] = None,
    on_error: OnError = "warn",
    ext: Union[str, Sequence[str]] = "txt",
) -> Links:
    """Resolves a corpus's promos to the articles they name, and its sources
    and URLs to outlets: ``dateline links``, as tables.

    ``paths_or_table`` is what :func:`read` takes (paths), or a table of
    records :func:`read` made (a ``pyarrow.Table``, or any object with
    ``__arrow_c_stream__``, such as a Polars DataFrame). Records do not keep
    line numbers nor the cue of an attribution (``per``, ``according to``):
    from a table, ``line`` and ``cue`` are null.

    >>> found = dateline.links("examples/corpus")
    >>> found.summary["resolved"], found.summary["articles"]
    (23, 29)
    >>> found.references.column_names[:6]
    ['from', 'line', 'label', 'title', 'to', 'method']
    >>> dateline.links(dateline.read("examples/corpus")).summary["resolved"]
    23
    """
    _check_on_error(on_error)
    if isinstance(paths_or_table, (str, bytes, _os.PathLike, list, tuple)):
        report, failures = _dateline.links_report(
            _paths(paths_or_table), jobs, _extensions(ext), min_score
        )
        _report(on_error, failures, stacklevel=3)
        return Links(_json.loads(report))
    table = _records_table(paths_or_table)
    missing = [c for c in ("id", "title", "url", "date", "promos", "sources") if c not in table.column_names]
    if missing:
        raise ValueError(
            f"the table has no column {', '.join(missing)}: give a table of records "
            "(dateline.read) or paths"
        )
    dates = table.column("date").to_pylist()
    rows = (
        table.column("id").to_pylist(),
        table.column("title").to_pylist(),
        table.column("url").to_pylist(),
        [None if d is None else d.isoformat() for d in dates],
        [[(p["label"], p["title"]) for p in ps or []] for ps in table.column("promos").to_pylist()],
        [[s["name"] for s in ss or []] for ss in table.column("sources").to_pylist()],
    )
    return Links(
        _json.loads(_dateline.links_report_from_rows(rows, min_score)), from_records=True
    )


def _records_table(obj: Any) -> _pa.Table:
    if isinstance(obj, _pa.Table):
        return obj
    if isinstance(obj, _pa.RecordBatchReader):
        return obj.read_all()
    if hasattr(obj, "__arrow_c_stream__"):
        return _pa.table(obj)
    raise TypeError(
        "links takes paths or a table of records (pyarrow.Table, or an object with "
        f"__arrow_c_stream__ such as a Polars DataFrame), not {type(obj).__name__}"
    )
