"""dateline.check: the diagnostics `dateline check` reports."""

from __future__ import annotations

import dataclasses
import json

import pytest

import dateline

from support import ROOT, write_corpus, article


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("path", ["examples/corpus", "tests/fixtures/invalid", "tests/fixtures/valid"])
def test_check_equals_the_cli_json(cli, path):
    expected = [json.loads(line) for line in cli.run("check", "--format", "json", "--quiet", path).stdout.splitlines()]
    found = [dataclasses.asdict(d) for d in dateline.check(path)]
    assert found == expected
    assert found, "each fixture directory has diagnostics"


def test_check_on_a_generated_corpus_equals_the_cli(cli, generated):
    expected = [json.loads(line) for line in cli.run("check", "--format", "json", "--quiet", generated).stdout.splitlines()]
    assert [dataclasses.asdict(d) for d in dateline.check(generated, jobs=2)] == expected


def test_a_diagnostic_prints_as_path_line_column_code_message_and_help():
    (d,) = dateline.check("tests/fixtures/invalid/date-seven-digits.txt")
    assert str(d) == (
        "tests/fixtures/invalid/date-seven-digits.txt:2:1: error[E002] invalid date `2022013`: "
        "line 2 must be the publication date written as YYYYMMDD "
        "(help: write four digits of year, two of month, two of day: 20220131)"
    )
    assert (d.severity, d.name) == ("error", "invalid-date")


def test_check_of_a_clean_corpus_is_empty(tmp_path):
    write_corpus(tmp_path, {"a.txt": article("Talks", "20220131", "https://example.com/a", "They met.")})
    assert dateline.check(tmp_path) == []
