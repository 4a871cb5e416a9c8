"""The records in pandas, Polars and DuckDB: the same columns, the same types
as the CLI's JSON, CSV and Parquet outputs give those tools."""

from __future__ import annotations

import datetime
import io
import json
import os

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import dateline

from support import ROOT, rows

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def table() -> pa.Table:
    # Read from the root, as the CLI runs: the same relative paths.
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        return dateline.read("examples/corpus", resolve=True)
    finally:
        os.chdir(here)


def test_pandas_round_trip(table):
    df = table.to_pandas()
    assert list(df.columns) == table.column_names
    assert len(df) == 29
    assert isinstance(df.loc[0, "date"], datetime.date)
    assert df["repairs"].dtype.kind == "i"
    assert isinstance(df.loc[0, "promos"][0], dict)
    back = pa.Table.from_pandas(df, schema=dateline.schema(), preserve_index=False)
    assert back.equals(table)


def test_polars_round_trip(table):
    df = pl.from_arrow(table)
    assert df.columns == table.column_names
    assert df.schema["date"] == pl.Date
    assert df.schema["url_date"] == pl.Date
    assert df.schema["repairs"] == pl.Int64
    assert df.schema["promos"] == pl.List(
        pl.Struct({"label": pl.String, "title": pl.String, "to": pl.String, "method": pl.String, "score": pl.Float64})
    )
    assert df.to_arrow().cast(dateline.schema()).equals(table.cast(dateline.schema()))
    # A scan streams into Polars as well.
    assert pl.from_arrow(dateline.scan("examples/corpus", resolve=True)).equals(df)


def test_duckdb_queries_the_table_and_the_stream(table):
    con = duckdb.connect()
    con.register("articles", table)
    (count,) = con.sql("SELECT count(*) FROM articles WHERE date >= DATE '2022-01-01'").fetchall()[0]
    assert count == sum(1 for d in table.column("date").to_pylist() if d >= datetime.date(2022, 1, 1))
    resolved = con.sql("SELECT count(*) FROM (SELECT unnest(promos) AS p FROM articles) WHERE p.to IS NOT NULL").fetchall()
    assert resolved[0][0] == sum(1 for ps in table.column("promos").to_pylist() for p in ps if p["to"])
    stream = dateline.scan("examples/corpus")
    con.register("stream", stream)
    by_outlet = dict(con.sql("SELECT outlet_id, count(*) FROM stream GROUP BY 1").fetchall())
    assert sum(by_outlet.values()) == 29
    assert con.sql("SELECT * FROM articles").to_arrow_table().cast(dateline.schema()).equals(table)


def test_the_cli_outputs_load_with_the_same_names_and_types(table, cli):
    """Issue 12: the CLI's json, jsonl and csv give pandas, Polars and DuckDB
    the record's columns; read() gives the same, typed."""
    jsonl = cli.run("convert", "--to", "jsonl", "--resolve", "--quiet", "examples/corpus").stdout
    as_json = cli.run("convert", "--to", "json", "--resolve", "--quiet", "examples/corpus").stdout
    csv = cli.run("convert", "--to", "csv", "--resolve", "--quiet", "examples/corpus").stdout
    assert json.loads(as_json) == [json.loads(l) for l in jsonl.splitlines()] == rows(table)

    names = table.column_names
    assert list(pd.read_json(io.BytesIO(jsonl), lines=True).columns) == names
    assert list(pd.read_csv(io.BytesIO(csv)).columns) == names
    assert pl.read_ndjson(io.BytesIO(jsonl)).columns == names
    assert pl.read_csv(io.BytesIO(csv)).columns == names
    # CSV has no null: an empty cell is one (for strings, when asked).
    csv_table = pacsv.read_csv(io.BytesIO(csv), convert_options=pacsv.ConvertOptions(strings_can_be_null=True))
    assert csv_table.column_names == names
    # Scalars keep their values through CSV (lists are JSON in a cell).
    for name in ["id", "title", "url", "canonical_url", "host", "outlet_id", "repairs"]:
        assert [str(v) if v is not None else None for v in csv_table.column(name).to_pylist()] == [
            str(v) if v is not None else None for v in table.column(name).to_pylist()
        ], name
    promos = [json.loads(cell) for cell in csv_table.column("promos").to_pylist()]
    assert promos == [r["promos"] for r in rows(table)]
    # The dates are ISO dates every tool types as dates.
    assert csv_table.schema.field("date").type in (pa.date32(), pa.timestamp("s"))


def test_duckdb_types_the_cli_jsonl_as_read_types_it(table, cli, tmp_path):
    out = tmp_path / "records.jsonl"
    cli.run("convert", "--to", "jsonl", "--resolve", "--quiet", "examples/corpus", "-o", out)
    con = duckdb.connect()
    described = con.sql("DESCRIBE SELECT * FROM read_json_auto(?)", params=[str(out)]).fetchall()
    types = {name: kind for name, kind, *_ in described}
    assert list(types) == table.column_names
    assert types["date"] == "DATE" and types["url_date"] == "DATE"
    assert types["repairs"] == "BIGINT"
    assert types["promos"].startswith("STRUCT(")


def test_the_parquet_output_has_the_schema_read_gives(table, tmp_path):
    """The parquet plugin writes the records with the same schema: a Parquet
    file and read() are interchangeable."""
    import subprocess

    import pyarrow.parquet as pq

    from support import cli_path

    plugin = os.environ.get("DATELINE_PARQUET_PLUGIN", str(ROOT / "target" / "debug" / "libdateline_parquet.so"))
    if not os.path.isfile(plugin):
        pytest.fail(f"the parquet plugin is not at {plugin}: `cargo build -p dateline-parquet`, or set DATELINE_PARQUET_PLUGIN")
    out = tmp_path / "records.parquet"
    subprocess.run(
        [str(cli_path()), "convert", "--plugin", plugin, "--to", "parquet", "--resolve", "--quiet",
         "examples/corpus", "-o", str(out)],
        cwd=ROOT, check=True, capture_output=True,
    )
    written = pq.read_table(out)
    assert written.schema.names == table.schema.names
    assert [f.type for f in written.schema] == [f.type for f in table.schema]
    assert written.cast(dateline.schema()).equals(table)


# Issue 12: the three outputs of one corpus (jsonl, csv, Parquet), each read by
# DuckDB, pandas and Polars, give the same column names, and the same types
# wherever the format can carry them (csv has no lists: a list cell is JSON,
# the documented projection).
LISTS = {"promos", "sources", "warnings"}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict:
    import subprocess

    from support import cli_path

    plugin = os.environ.get("DATELINE_PARQUET_PLUGIN", str(ROOT / "target" / "debug" / "libdateline_parquet.so"))
    if not os.path.isfile(plugin):
        pytest.fail(f"the parquet plugin is not at {plugin}: `cargo build -p dateline-parquet`, or set DATELINE_PARQUET_PLUGIN")
    out = tmp_path_factory.mktemp("outputs")
    paths = {}
    for ext in ["jsonl", "csv", "parquet"]:
        paths[ext] = out / f"records.{ext}"
        # The format is the one -o's extension names.
        subprocess.run(
            [str(cli_path()), "--plugin", plugin, "convert", "--resolve", "--quiet", "examples/corpus", "-o", str(paths[ext])],
            cwd=ROOT, check=True, capture_output=True,
        )
    return paths


def duckdb_types(path) -> dict:
    reader = {".jsonl": "read_json_auto", ".csv": "read_csv_auto", ".parquet": "read_parquet"}[path.suffix]
    rows = duckdb.connect().sql(f"DESCRIBE SELECT * FROM {reader}(?)", params=[str(path)]).fetchall()
    return {name: kind for name, kind, *_ in rows}


def pandas_frame(path):
    if path.suffix == ".jsonl":
        return pd.read_json(path, lines=True, dtype=False)
    if path.suffix == ".csv":
        return pd.read_csv(path, parse_dates=["date", "url_date"])
    return pd.read_parquet(path)


def polars_frame(path):
    if path.suffix == ".jsonl":
        return pl.read_ndjson(path)
    if path.suffix == ".csv":
        return pl.read_csv(path, try_parse_dates=True)
    return pl.read_parquet(path)


def test_duckdb_reads_the_three_outputs_with_the_same_names_and_types(outputs, table):
    types = {ext: duckdb_types(path) for ext, path in outputs.items()}
    for ext, found in types.items():
        assert list(found) == table.column_names, ext
    for name in table.column_names:
        if name in LISTS:
            assert types["jsonl"][name] == types["parquet"][name] or name == "warnings", name
            assert types["csv"][name] == "VARCHAR", name
            continue
        assert types["jsonl"][name] == types["csv"][name] == types["parquet"][name], (name, types)
    assert types["parquet"]["date"] == "DATE" and types["parquet"]["repairs"] == "BIGINT"
    # The same rows: the ids, dates and outlets agree whatever was read.
    con = duckdb.connect()
    reads = {
        ext: con.sql(
            f"SELECT id, path, date, url_date, outlet_id, repairs FROM "
            f"{ {'jsonl': 'read_json_auto', 'csv': 'read_csv_auto', 'parquet': 'read_parquet'}[ext] }(?) ORDER BY id",
            params=[str(path)],
        ).fetchall()
        for ext, path in outputs.items()
    }
    assert reads["jsonl"] == reads["csv"] == reads["parquet"]
    assert len(reads["jsonl"]) == table.num_rows


def test_pandas_reads_the_three_outputs_with_the_same_names_and_types(outputs, table):
    frames = {ext: pandas_frame(path) for ext, path in outputs.items()}
    for ext, df in frames.items():
        assert list(df.columns) == table.column_names, ext
        assert len(df) == table.num_rows
        assert df["repairs"].dtype.kind == "i", ext
        # A text column with missing values stays text, never float64 by accident.
        for field in table.schema:
            if pa.types.is_string(field.type):
                assert df[field.name].dtype.kind != "f", (ext, field.name, df[field.name].dtype)
    # Dates: date objects from Parquet, datetimes from the text formats; the
    # same days.
    days = {ext: [pd.Timestamp(d).date() for d in df["date"]] for ext, df in frames.items()}
    assert days["jsonl"] == days["csv"] == days["parquet"]
    ids = {ext: list(df["id"]) for ext, df in frames.items()}
    assert ids["jsonl"] == ids["csv"] == ids["parquet"]


def test_polars_reads_the_three_outputs_with_the_same_names_and_types(outputs, table):
    frames = {ext: polars_frame(path) for ext, path in outputs.items()}
    for ext, df in frames.items():
        assert df.columns == table.column_names, ext
    for name in table.column_names:
        kinds = {ext: df.schema[name] for ext, df in frames.items()}
        if name in LISTS:
            assert kinds["csv"] == pl.String, name
            assert kinds["jsonl"] == kinds["parquet"] or frames["jsonl"][name].null_count() == len(frames["jsonl"]), (name, kinds)
            continue
        if kinds["jsonl"] == pl.String and kinds["parquet"] == pl.Date:
            # JSON has no date type: Polars' NDJSON reader keeps the ISO
            # strings; `.str.to_date()` gives the same dates.
            as_dates = frames["jsonl"][name].str.to_date()
            assert as_dates.equals(frames["parquet"][name]), name
            assert kinds["csv"] == pl.Date, name
            continue
        assert kinds["jsonl"] == kinds["csv"] == kinds["parquet"], (name, kinds)
    assert frames["parquet"].schema["date"] == pl.Date
