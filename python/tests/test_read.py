"""dateline.read and dateline.scan: a corpus into records, the same as the CLI's."""

from __future__ import annotations

import io
import tarfile
import warnings
from pathlib import Path

import pyarrow as pa
import pytest

import dateline

from support import EXAMPLES, INVALID, ROOT, VALID, article, write_corpus
from support import rows


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI runs at the root with the same relative paths: `path` compares.
    monkeypatch.chdir(ROOT)


def test_records_equal_the_cli_jsonl_on_the_sample_corpus(cli):
    table = dateline.read("examples/corpus")
    assert table.num_rows == 29
    assert rows(table) == cli.jsonl("examples/corpus")


def test_resolved_records_equal_the_cli_jsonl(cli):
    table = dateline.read("examples/corpus", resolve=True)
    expected = cli.jsonl("--resolve", "examples/corpus")
    assert rows(table) == expected
    resolved = [p for r in expected for p in r["promos"] if p["to"] is not None]
    assert resolved, "the sample corpus has promos that resolve"


def test_records_equal_the_cli_jsonl_on_a_generated_messy_corpus(cli, generated):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a generated corpus has no bad file
        table = dateline.read(generated, resolve=True)
    expected = cli.jsonl("--resolve", generated)
    assert table.num_rows == len(expected) > 500
    assert rows(table) == expected


def test_records_without_links_equal_the_cli_no_links(cli):
    table = dateline.read("examples/corpus", links=False)
    assert rows(table) == cli.jsonl("--no-links", "examples/corpus")
    assert table.column("outlet_id").null_count == table.num_rows


def test_the_table_has_the_record_schema_whatever_the_corpus(tmp_path):
    assert dateline.read("examples/corpus").schema == dateline.schema()
    empty = dateline.read(tmp_path)
    assert empty.num_rows == 0
    assert empty.schema == dateline.schema()
    assert empty.schema.metadata[b"dateline.record_version"] == str(dateline.RECORD_VERSION).encode()


def test_scan_streams_the_same_records_in_bounded_batches(generated):
    reader = dateline.scan(generated, jobs=2)
    assert isinstance(reader, pa.RecordBatchReader)
    assert reader.schema == dateline.schema()
    batches = list(reader)
    assert len(batches) >= 1
    assert all(b.num_rows <= 8192 for b in batches)
    assert pa.Table.from_batches(batches).equals(dateline.read(generated))


def test_the_order_and_the_records_do_not_depend_on_the_threads(generated):
    one = dateline.read(generated, jobs=1)
    assert one.equals(dateline.read(generated, jobs=4))
    paths = one.column("path").to_pylist()
    assert paths == sorted(paths, key=lambda p: Path(p).parts)


def test_paths_may_be_str_pathlike_or_a_list_of_them():
    a = dateline.read("examples/corpus")
    assert dateline.read(Path("examples/corpus")).equals(a)
    files = sorted(EXAMPLES.relative_to(ROOT).glob("*.txt"))
    assert dateline.read(files).column("id").to_pylist() == a.column("id").to_pylist()
    assert dateline.read(tuple(str(f) for f in files[:3])).num_rows == 3


def test_archives_are_read_like_directories(tmp_path):
    files = sorted(EXAMPLES.glob("*.txt"))
    tar_gz = tmp_path / "corpus.tar.gz"
    with tarfile.open(tar_gz, "w:gz") as tar:
        for f in files:
            tar.add(f, arcname=f"corpus/{f.name}")
        readme = b"not an article"
        info = tarfile.TarInfo("corpus/README.md")
        info.size = len(readme)
        tar.addfile(info, io.BytesIO(readme))
    plain_tar = tmp_path / "corpus.tar"
    with tarfile.open(plain_tar, "w") as tar:
        tar.add(files[0], arcname=files[0].name)

    table = dateline.read(tar_gz)
    assert table.num_rows == len(files)
    assert table.column("id").to_pylist() == [f.stem for f in files]
    assert table.column("path")[0].as_py() == f"{tar_gz}:corpus/{files[0].name}"
    # The same records as the directory's, but for the path.
    directory = dateline.read("examples/corpus")
    assert table.drop_columns(["path"]).equals(directory.drop_columns(["path"]))

    with pytest.warns(dateline.RenamedWarning):
        both = dateline.read([plain_tar, tar_gz])
    # The second copy of the first article gets another id.
    assert both.column("id").to_pylist()[:2] == [files[0].stem, f"{files[0].stem}-2"]


def test_ext_chooses_the_article_files_in_directories(tmp_path):
    write_corpus(tmp_path, {
        "a.text": article("A"),
        "b.TXT": article("B"),
        "notes.md": "not an article",
    })
    assert dateline.read(tmp_path).column("title").to_pylist() == ["B"]
    assert dateline.read(tmp_path, ext=["text", "txt"]).column("title").to_pylist() == ["A", "B"]
    assert dateline.read(tmp_path, ext=".text").column("title").to_pylist() == ["A"]
    with pytest.raises(ValueError, match="ext"):
        dateline.read(tmp_path, ext=[])


def test_bad_files_warn_once_each_naming_path_line_column_and_code(tmp_path):
    write_corpus(tmp_path, {
        "a.txt": article("Good"),
        "b.txt": article("Bad date", "20221341"),
        "c.txt": b"\xff\xfe not utf-8\n",
        "d.txt": article("Also good"),
    })
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = dateline.read(tmp_path)
    assert table.column("title").to_pylist() == ["Good", "Also good"]
    messages = [str(w.message) for w in caught]
    assert [w.category for w in caught] == [dateline.ParseWarning] * 2, messages
    assert messages[0].startswith(f"{tmp_path / 'b.txt'}:2:5: error[E002]"), messages[0]
    assert f"{tmp_path / 'c.txt'}:1:1: error[E003]" in messages[1], messages[1]
    first = caught[0].message
    assert first.path == str(tmp_path / "b.txt")
    assert [d.code for d in first.diagnostics] == ["E002"]


def test_bad_files_raise_in_raise_mode_with_every_diagnostic(tmp_path):
    write_corpus(tmp_path, {
        "a.txt": article("Good"),
        "b.txt": "Headline only\n",
    })
    with pytest.raises(dateline.ParseError) as raised:
        dateline.read(tmp_path, on_error="raise")
    error = raised.value
    assert isinstance(error, ValueError) and isinstance(error, dateline.DatelineError)
    assert error.path == str(tmp_path / "b.txt")
    assert error.diagnostics and all(d.path == error.path for d in error.diagnostics)
    assert {d.code for d in error.diagnostics} == {"E005"}  # missing-date: the file ends after the headline
    assert str(error).startswith(f"{error.path}:")

    # scan raises when the stream reaches the bad file.
    reader = dateline.scan(tmp_path, on_error="raise")
    with pytest.raises(dateline.ParseError):
        reader.read_all()


def test_bad_files_are_passed_over_silently_in_skip_mode(tmp_path):
    write_corpus(tmp_path, {"a.txt": article("Good"), "b.txt": ""})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = dateline.read(tmp_path, on_error="skip")
    assert table.column("title").to_pylist() == ["Good"]


def test_every_invalid_fixture_warns_and_gives_no_row():
    files = sorted(INVALID.relative_to(ROOT).glob("*.txt"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = dateline.read(["examples/corpus", *files])
    assert table.num_rows == 29
    warned = sorted(w.message.path for w in caught if w.category is dateline.ParseWarning)
    assert warned == sorted(str(f) for f in files)


def test_every_valid_fixture_reads():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = dateline.read(VALID.relative_to(ROOT))
    assert table.num_rows == len(list(VALID.glob("*.txt")))


def test_an_id_taken_twice_is_renamed_with_a_warning(tmp_path):
    write_corpus(tmp_path, {"x/a.txt": article("First"), "y/a.txt": article("Second")})
    with pytest.warns(dateline.RenamedWarning, match="'a' is already taken; this article is 'a-2'"):
        table = dateline.read(tmp_path)
    assert table.column("id").to_pylist() == ["a", "a-2"]


def test_wrong_arguments_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="on_error"):
        dateline.read("examples/corpus", on_error="ignore")
    with pytest.raises(FileNotFoundError, match="nowhere"):
        dateline.read(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="jobs"):
        dateline.read("examples/corpus", jobs=0)
    with pytest.raises(ValueError, match="min_score"):
        dateline.read("examples/corpus", resolve=True, min_score=1.5)
    with pytest.raises(ValueError, match="no paths"):
        dateline.read([])
    with pytest.raises(TypeError, match="paths"):
        dateline.read(42)  # type: ignore[arg-type]


def test_a_user_outlets_file_names_more_outlets(tmp_path, cli):
    outlets = tmp_path / "outlets.toml"
    outlets.write_text(
        '[[outlet]]\nid = "gazette"\nname = "Gazette Daily"\n'
        'domains = ["gazette.co.uk"]\nkind = "newspaper"\ncountry = "GB"\n'
    )
    write_corpus(tmp_path, {
        "a.txt": article("A", "20220131", "https://www.gazette.co.uk/a", "PerGazette Daily,it rained."),
    })
    plain = dateline.read(tmp_path / "a.txt")
    assert plain.column("outlet_id").to_pylist() == [None]
    named = dateline.read(tmp_path / "a.txt", outlets=outlets)
    assert named.column("outlet_id").to_pylist() == ["gazette"]
    assert named.column("sources").to_pylist()[0][0]["outlet_id"] == "gazette"
    assert rows(named) == cli.jsonl("--outlets", outlets, tmp_path / "a.txt")

    outlets.write_text("this is not an outlets file\n")
    with pytest.raises(ValueError, match="outlets.toml"):
        dateline.read(tmp_path / "a.txt", outlets=outlets)
