"""dateline.parse: one article, the document model, and its source back."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path

import pytest

import dateline

from support import EXAMPLES, INVALID, ROOT, VALID


def test_parse_gives_the_header_body_promos_and_attributions():
    a = dateline.parse(
        "Macron Heads To Moscow\n20220131\nhttps://www.hngn.com/articles/1/x.htm\n"
        "PerBBC,the French leader will fly on Monday.\nRead Also:Putin Hosts Macron\n",
        id="x",
    )
    assert a.id == "x"
    assert a.title == "Macron Heads To Moscow"
    assert a.date == datetime.date(2022, 1, 31)
    assert a.url == "https://www.hngn.com/articles/1/x.htm"
    assert a.paragraphs == ["Per BBC, the French leader will fly on Monday."]
    assert a.raw_paragraphs == ["PerBBC,the French leader will fly on Monday."]
    assert a.promos == [dateline.Promo("Read Also", "Putin Hosts Macron", 5)]
    (attribution,) = a.attributions
    assert (attribution.cue.lower(), attribution.source) == ("per", "BBC")
    assert repr(a) == "Article(id='x', title='Macron Heads To Moscow', date=2022-01-31)"


def test_str_and_bytes_parse_alike_and_an_id_is_optional():
    text = "Talks\n20220131\nhttps://example.com/a\nThey met.\n"
    assert dateline.parse(text).to_dict() == dateline.parse(text.encode()).to_dict()
    assert dateline.parse(bytearray(text.encode())).id is None
    assert dateline.parse(memoryview(text.encode()), id="m").id == "m"
    with pytest.raises(TypeError, match="str or bytes"):
        dateline.parse(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "path",
    sorted(EXAMPLES.glob("*.txt")) + sorted(VALID.glob("*.txt")),
    ids=lambda p: p.name,
)
def test_to_source_gives_every_valid_input_back_byte_for_byte(path: Path):
    data = path.read_bytes()
    assert dateline.parse(data).to_source() == data


def test_to_source_round_trips_a_generated_messy_corpus(generated):
    files = sorted(generated.rglob("*.txt"))
    assert len(files) > 500
    for f in files:
        data = f.read_bytes()
        assert dateline.parse(data, id=f.stem).to_source() == data, f


def test_the_model_is_the_cli_parse_output(cli):
    for path in sorted(EXAMPLES.glob("*.txt"))[:5]:
        expected = json.loads(cli.run("parse", "--compact", path).stdout)
        got = dateline.parse(path.read_bytes(), id=path.stem).to_dict()
        assert got == expected, path.name
        assert json.loads(dateline.parse(path.read_bytes(), id=path.stem).to_json()) == expected


@pytest.mark.parametrize("path", sorted(INVALID.glob("*.txt")), ids=lambda p: p.name)
def test_every_invalid_fixture_raises_parse_error_with_diagnostics(path: Path, cli):
    with pytest.raises(dateline.ParseError) as raised:
        dateline.parse(path.read_bytes())
    diagnostics = raised.value.diagnostics
    # The same errors the CLI reports for the file, at the same places.
    expected = [
        json.loads(line)
        for line in cli.run("check", "--format", "json", "--quiet", path).stdout.splitlines()
    ]
    expected_errors = [(d["code"], d["line"], d["column"]) for d in expected if d["severity"] == "error"]
    assert [(d.code, d.line, d.column) for d in diagnostics if d.severity == "error"] == expected_errors
    assert all(d.path == "<input>" for d in diagnostics)
    assert all(d.message for d in diagnostics)


def test_warnings_are_what_check_says(cli):
    path = EXAMPLES / "000_4e9296dd8dfcdc21.txt"
    warnings = dateline.parse(path.read_bytes()).warnings
    expected = [
        json.loads(line)
        for line in cli.run("check", "--format", "json", "--quiet", path).stdout.splitlines()
    ]
    assert [(w.code, w.line, w.column, w.message) for w in warnings] == [
        (d["code"], d["line"], d["column"], d["message"]) for d in expected
    ]
    assert any(w.code == "W001" for w in warnings)


def test_no_bytes_crash_the_interpreter():
    """Random and mangled inputs give an article or a ParseError, never a crash
    or another exception."""
    rng = random.Random(20261202)
    seeds = [p.read_bytes() for p in sorted(EXAMPLES.glob("*.txt"))[:5]]
    for i in range(3000):
        if i % 3 == 0:
            data = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 200)))
        else:
            data = bytearray(rng.choice(seeds))
            for _ in range(rng.randrange(1, 8)):
                at = rng.randrange(0, len(data))
                data[at:at + rng.randrange(0, 4)] = bytes(
                    rng.choice(b"\n\r\x00\xff\xef\xbb\xbf :,ReadAlso") for _ in range(rng.randrange(0, 3))
                )
            data = bytes(data)
        try:
            article = dateline.parse(data)
        except dateline.ParseError as e:
            assert e.diagnostics
        else:
            assert article.to_source() == data
