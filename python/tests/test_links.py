"""dateline.links: the `dateline links` report, as Arrow tables."""

from __future__ import annotations

import datetime
import warnings

import pyarrow as pa
import pytest

import dateline

from support import ROOT, article, plain, write_corpus

TABLES = ["references", "attributions", "publishers", "duplicates", "date_mismatches", "invalid_urls"]
SUMMARY = ["articles", "resolved", "unresolved", "ambiguous", "self_references", "capped", "min_score", "max_candidates"]


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def assert_equals_report(found: dateline.Links, report: dict) -> None:
    assert found.summary == {k: report[k] for k in SUMMARY}
    for name in TABLES:
        table = getattr(found, name)
        assert isinstance(table, pa.Table)
        rows = [plain(r) for r in table.to_pylist()]
        assert rows == report[name], name
        # The columns carry the CLI JSON's field names, in its order.
        if report[name]:
            assert table.column_names == list(report[name][0].keys()), name


def test_links_of_paths_equal_the_cli_report(cli):
    assert_equals_report(dateline.links("examples/corpus"), cli.json("links", "--quiet", "examples/corpus"))


def test_links_of_a_generated_corpus_equal_the_cli_report(cli, generated):
    found = dateline.links(generated, min_score=0.7)
    report = cli.json("links", "--quiet", "--min-score", "0.7", generated)
    assert_equals_report(found, report)
    assert found.summary["resolved"] > 0
    assert found.attributions.num_rows > 0


def test_a_corpus_with_planted_references(tmp_path, cli):
    write_corpus(tmp_path, {
        "a.txt": article("Storm Hits Coast", "20220131", "https://www.bbc.com/news/storm-hits-coast-1",
                         "Read Also:Storm hits coast",          # case variant of itself: a self-reference
                         "Related Article:Floods Close Schools",  # exact
                         "READ MORE:Floods Close Schools Across The North",  # fuzzy
                         "See Also:Nothing Like This Exists",     # absent
                         "Read Also:Markets Rally"),              # ambiguous: two articles
        "b.txt": article("Floods Close Schools", "20220201", "https://www.reuters.com/world/floods-close-schools-2022-02-01/"),
        "c.txt": article("Markets Rally", "20220202", "https://example.com/c"),
        "d.txt": article("Markets Rally", "20220203", "https://example.com/d"),
        # The same headline on the same day as c: a duplicate.
        "e.txt": article("Markets Rally", "20220202", "https://example.com/e?utm_source=feed"),
    })
    found = dateline.links(tmp_path)
    assert_equals_report(found, cli.json("links", "--quiet", tmp_path))
    by_title = {r["title"]: r for r in found.references.to_pylist()}
    assert by_title["Floods Close Schools"]["to"] == "b"
    assert by_title["Floods Close Schools"]["method"] == "exact"
    assert by_title["Floods Close Schools Across The North"]["to"] == "b"
    assert by_title["Floods Close Schools Across The North"]["method"] == "fuzzy"
    assert by_title["Nothing Like This Exists"]["to"] is None
    ambiguous = by_title["Markets Rally"]
    assert ambiguous["to"] is None and sorted(ambiguous["candidates"]) == ["c", "d", "e"]
    assert by_title["Storm hits coast"]["self_reference"] is True
    (duplicate,) = found.duplicates.to_pylist()
    assert sorted(duplicate["articles"]) == ["c", "e"]
    assert duplicate["date"] == datetime.date(2022, 2, 2)


def test_links_of_a_records_table_resolve_as_links_of_paths(generated):
    table = dateline.read(generated)
    from_paths = dateline.links(generated)
    from_table = dateline.links(table)
    assert from_table.summary == from_paths.summary
    columns = ["from", "label", "title", "to", "method", "score", "candidates", "self_reference"]
    assert from_table.references.select(columns).equals(from_paths.references.select(columns))
    assert from_table.attributions.drop_columns(["line", "cue", "kind"]).equals(
        from_paths.attributions.drop_columns(["line", "cue", "kind"])
    )
    # Lines, cues and the kind of attribution are in the files, not in the
    # records: null, not made up.
    for table, columns in [(from_table.references, ["line"]), (from_table.attributions, ["line", "cue", "kind"])]:
        for column in columns:
            assert table.column(column).null_count == table.num_rows


def test_links_take_a_polars_frame_and_a_stream():
    pl = pytest.importorskip("polars")
    table = dateline.read("examples/corpus")
    expected = dateline.links(table).references
    assert dateline.links(pl.from_arrow(table)).references.equals(expected)
    assert dateline.links(dateline.scan("examples/corpus")).references.equals(expected)


def test_resolved_records_agree_with_links():
    table = dateline.read("examples/corpus", resolve=True)
    promos = [(r["id"], p["title"], p["to"]) for r in table.to_pylist() for p in r["promos"]]
    references = [(r["from"], r["title"], r["to"]) for r in dateline.links("examples/corpus").references.to_pylist()]
    assert promos == references


def test_links_types_and_wrong_arguments():
    found = dateline.links("examples/corpus")
    assert found.publishers.schema.field("date").type == pa.date32()
    assert found.date_mismatches.schema.field("days").type == pa.int64()
    assert isinstance(found.publishers.column("date")[0].as_py(), datetime.date)
    assert repr(found).startswith("Links(articles=29, resolved=23")
    with pytest.raises(ValueError, match="min_score"):
        dateline.links("examples/corpus", min_score=2)
    with pytest.raises(ValueError, match="no column"):
        dateline.links(pa.table({"id": ["a"]}))
    with pytest.raises(TypeError, match="paths or a table"):
        dateline.links(42)


def test_links_report_bad_files_as_read_does(tmp_path):
    write_corpus(tmp_path, {"a.txt": article("Good"), "b.txt": "no date\n"})
    with pytest.warns(dateline.ParseWarning, match="b.txt:"):
        found = dateline.links(tmp_path)
    assert found.summary["articles"] == 1
    with pytest.raises(dateline.ParseError):
        dateline.links(tmp_path, on_error="raise")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dateline.links(tmp_path, on_error="skip")
