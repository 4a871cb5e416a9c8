"""The examples in the docstrings and in python/README.md run, as written."""

from __future__ import annotations

import doctest

import pytest

import dateline

from support import ROOT

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # The examples' paths (examples/corpus, tests/fixtures/...) are the repository's.
    monkeypatch.chdir(ROOT)


def test_the_docstring_examples_run():
    result = doctest.testmod(dateline, extraglobs={"dateline": dateline}, optionflags=FLAGS, report=True)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed (the output above says which)"
    assert result.attempted >= 40


def test_the_readme_examples_run():
    result = doctest.testfile(
        str(ROOT / "python" / "README.md"), module_relative=False, globs={}, optionflags=FLAGS, report=True
    )
    assert result.failed == 0, f"{result.failed} README example(s) failed (the output above says which)"
    assert result.attempted >= 25
