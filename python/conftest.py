"""Shared pytest setup: the doctests (of the package and of README.md) run
from the repository's root, where their example paths are, with `dateline`
imported."""

from pathlib import Path

import pytest

import dateline

#: The repository's root: the doctests' paths (`examples/corpus`, ...) are relative to it.
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _doctest_setup(request, doctest_namespace, monkeypatch):
    doctest_namespace["dateline"] = dateline
    if isinstance(request.node, pytest.DoctestItem):
        monkeypatch.chdir(ROOT)
