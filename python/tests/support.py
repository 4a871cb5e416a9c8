"""What the tests share: where the repository is, the CLI to compare with,
small corpora made on the spot, and records as plain values."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
import datetime
from typing import Any, Dict, List, Union

import pyarrow as pa

import pytest

#: The repository's root.
ROOT = Path(__file__).resolve().parents[2]
#: The sample corpus shipped in the repository.
EXAMPLES = ROOT / "examples" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"


def cli_path() -> Path:
    """The `dateline` binary: `$DATELINE_BIN` (set by `cargo xtask test`), else
    the debug build."""
    path = Path(os.environ.get("DATELINE_BIN", ROOT / "target" / "debug" / "dateline"))
    if not path.is_file():
        pytest.fail(
            f"the dateline CLI is not at {path}: build it (`cargo build -p dateline-cli`) "
            "or set DATELINE_BIN"
        )
    return path


class Cli:
    """Runs the `dateline` CLI."""

    def __init__(self, path: Path):
        self.path = path

    def run(self, *args: Union[str, Path], ok: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(self.path), *map(str, args)],
            capture_output=True,
            cwd=ROOT,
            timeout=300,
        )
        if ok and done.returncode not in (0, 1):
            raise AssertionError(
                f"dateline {' '.join(map(str, args))} exited {done.returncode}: "
                f"{done.stderr.decode(errors='replace')}"
            )
        return done

    def jsonl(self, *args: Union[str, Path]) -> List[dict]:
        """The records `dateline convert --to jsonl` writes, parsed."""
        out = self.run("convert", "--to", "jsonl", "--quiet", *args).stdout
        return [json.loads(line) for line in out.splitlines()]

    def json(self, *args: Union[str, Path]) -> object:
        return json.loads(self.run(*args).stdout)


def write_corpus(directory: Path, files: Dict[str, Union[str, bytes]]) -> Path:
    """Writes `files` (relative name -> text or bytes) under `directory`."""
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return directory


def article(title: str, date: str = "20220131", url: str = "https://example.com/a", *body: str) -> str:
    """An article's text."""
    return "\n".join([title, date, url, *body]) + "\n"


def plain(value: Any) -> Any:
    """A row's value as JSON has it: dates as ISO strings."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def rows(table: pa.Table) -> List[Dict[str, Any]]:
    """The table's rows, as the CLI's jsonl writes them."""
    return [plain(row) for row in table.to_pylist()]
