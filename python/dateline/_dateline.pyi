"""Type stubs of the native module `dateline._dateline` (Rust, PyO3).

The public API is `dateline` (``dateline/__init__.py``); these are its
building blocks. A diagnostic crosses as a tuple:
``(path, line, column, severity, code, name, message, hint)``.
"""

from os import PathLike
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

__version__: str
RECORD_VERSION: int
DEFAULT_MIN_SCORE: float
DEFAULT_MAX_CANDIDATES: int
TYPO_SHORTLIST: int
TYPO_WORDS_SLACK: int

_Path = Union[str, PathLike[str]]
DiagnosticTuple = Tuple[str, int, int, str, str, str, str, Optional[str]]
Failure = Tuple[str, List[DiagnosticTuple]]
Renamed = Tuple[str, str, str]

class DatelineError(Exception): ...
class InternalError(DatelineError): ...

class Article:
    @property
    def id(self) -> Optional[str]: ...
    @property
    def title(self) -> str: ...
    @property
    def date_iso(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def paragraphs(self) -> List[str]: ...
    @property
    def raw_paragraphs(self) -> List[str]: ...
    @property
    def promos(self) -> List[Tuple[str, str, int]]: ...
    @property
    def attributions(self) -> List[Tuple[str, str, str, str]]: ...
    def to_json(self) -> str: ...
    def to_source(self) -> bytes: ...
    def warnings(self) -> List[DiagnosticTuple]: ...

class RecordBatchCapsule:
    def __len__(self) -> int: ...
    def __arrow_c_array__(self, requested_schema: object = None) -> Tuple[object, object]: ...

class SchemaCapsule:
    def __arrow_c_schema__(self) -> object: ...

class Scanner:
    def __iter__(self) -> Iterator[Tuple[Optional[RecordBatchCapsule], List[Failure], List[Renamed]]]: ...
    def __next__(self) -> Tuple[Optional[RecordBatchCapsule], List[Failure], List[Renamed]]: ...
    def close(self) -> None: ...

def parse(data: bytes, id: Optional[str] = None) -> Tuple[Optional[Article], List[DiagnosticTuple]]: ...
def canonicalize(url: str) -> str: ...
def url_facts(url: str) -> Dict[str, Optional[str]]: ...
def outlet(name_or_host: str) -> Optional[Dict[str, object]]: ...
def record_schema() -> SchemaCapsule: ...
def check(
    paths: Sequence[_Path], jobs: Optional[int] = None, ext: Optional[Sequence[str]] = None
) -> List[DiagnosticTuple]: ...
def links_report(
    paths: Sequence[_Path],
    jobs: Optional[int] = None,
    ext: Optional[Sequence[str]] = None,
    min_score: float = 0.6,
) -> Tuple[str, List[Failure]]: ...
def links_report_from_rows(
    rows: Tuple[
        List[str],
        List[str],
        List[str],
        List[Optional[str]],
        List[List[Tuple[str, str]]],
        List[List[str]],
    ],
    min_score: float = 0.6,
) -> str: ...
def scan_records(
    paths: Sequence[_Path],
    jobs: Optional[int] = None,
    ext: Optional[Sequence[str]] = None,
    resolve: bool = False,
    min_score: float = 0.6,
    outlets: Optional[_Path] = None,
    links: bool = True,
) -> Scanner: ...

# dateline.spark's native half: one call per Arrow batch on Spark's executors.
# A column is an Arrow string/binary array's (offsets cut to its rows, data,
# offsets are 8 bytes).
_Column = Tuple[bytes, bytes, bool]

def spark_parse(paths: _Column, contents: _Column) -> Tuple[Optional[RecordBatchCapsule], List[Failure]]: ...
def path_stems(paths: _Column) -> RecordBatchCapsule: ...
def unique_ids(wanted: List[str]) -> List[str]: ...
def headline_keys(
    titles: _Column, urls: Optional[_Column] = None, min_score: float = 0.6
) -> RecordBatchCapsule: ...
def resolve_references(
    froms: _Column,
    titles: _Column,
    list_offsets: bytes,
    ids: _Column,
    article_titles: _Column,
    urls: _Column,
    min_score: float = 0.6,
    typos: bool = True,
) -> RecordBatchCapsule: ...
# A side of fuzzy_pairs: each group's item offsets, each item's rank of the
# group's word, each item's word-list offsets (all int32 bytes), the words.
_Side = Tuple[bytes, bytes, bytes, _Column]

def fuzzy_pairs(promos: _Side, articles: _Side, min_score: float) -> RecordBatchCapsule: ...
# The references of typo_pairs: each group's item offsets, each reference's
# word-list offsets (int32 bytes) and words, its rarer words' offsets and
# words, its article id, its URL group.
_ReferenceSide = Tuple[bytes, bytes, _Column, bytes, _Column, _Column, _Column]
# The articles of typo_pairs: each group's item offsets, each article's
# word-list offsets and words, its id, its URL group, its order key's
# offsets and parts.
_ArticleSide = Tuple[bytes, bytes, _Column, _Column, _Column, bytes, _Column]

def typo_pairs(references: _ReferenceSide, articles: _ArticleSide) -> RecordBatchCapsule: ...
def source_outlets(names: _Column) -> RecordBatchCapsule: ...
def archive_extensions() -> List[str]: ...
def archive_members(paths: _Column, contents: _Column, extensions: List[str]) -> RecordBatchCapsule: ...
def spark_parse_archives(
    paths: _Column, contents: _Column, extensions: List[str]
) -> Tuple[Optional[RecordBatchCapsule], List[Failure]]: ...
def article_facts(
    ids: _Column, titles: _Column, urls: _Column, dates: _Column
) -> RecordBatchCapsule: ...
