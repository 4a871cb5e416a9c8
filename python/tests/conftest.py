"""The tests' fixtures: the CLI to compare with and a generated corpus. The
rest they share is in support.py."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from support import ROOT, Cli, cli_path


@pytest.fixture(scope="session")
def cli() -> Cli:
    return Cli(cli_path())


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of about 2 MB (~900 articles in folders of 300, some
    with formatting defects: CRLF, BOM, trailing spaces), from the workspace's
    generator."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run(
        ["cargo", "run", "--quiet", "-p", "xtask", "--", "gen-corpus", "--mb", "2", "--messy",
         "--files-per-dir", "300", "--out", str(out), "--force"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=900,
    )
    return out
