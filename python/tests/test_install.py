"""The package as installed: the wheel's files, the version, the stubs."""

from __future__ import annotations

import os
import re
import sys
import sysconfig
from pathlib import Path

import pytest

import dateline
from dateline import _dateline

from support import ROOT


def test_the_tests_run_against_the_installed_wheel():
    """Under `cargo xtask test`, `dateline` must come from the environment the
    wheel was installed into, not from the source tree."""
    if os.environ.get("DATELINE_EXPECT_INSTALLED") != "1":
        pytest.skip("not under cargo xtask test (DATELINE_EXPECT_INSTALLED unset)")
    installed = Path(dateline.__file__).resolve()
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert site in installed.parents, f"dateline imported from {installed}, not from {site}"
    assert Path(sys.prefix).resolve() in installed.parents


def test_the_version_is_the_crates():
    cargo = (ROOT / "Cargo.toml").read_text()
    workspace_version = re.search(r'^\[workspace\.package\][^\[]*?^version = "([^"]+)"', cargo, re.M | re.S)
    assert workspace_version, "the workspace declares its version"
    assert dateline.__version__ == workspace_version.group(1)
    from importlib.metadata import version

    assert version("dateline") == dateline.__version__


def test_the_package_ships_its_type_information():
    package = Path(dateline.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_dateline.pyi").is_file()


def test_the_stubs_declare_every_native_name():
    stubs = (Path(dateline.__file__).parent / "_dateline.pyi").read_text()
    declared = set(re.findall(r"^(?:def|class) (\w+)|^(\w+):", stubs, re.M))
    declared = {a or b for a, b in declared} - {"__version__"}
    public = {n for n in dir(_dateline) if not n.startswith("__")}
    assert public <= declared, f"not in _dateline.pyi: {sorted(public - declared)}"
    assert declared <= public, f"in _dateline.pyi but not in the module: {sorted(declared - public)}"


def test_every_public_name_is_documented():
    for name in dateline.__all__:
        obj = getattr(dateline, name)
        if callable(obj):
            assert obj.__doc__ and len(obj.__doc__) > 20, name


def test_a_panic_would_be_an_internal_error_not_a_crash():
    assert issubclass(dateline.InternalError, dateline.DatelineError)
    assert issubclass(dateline.ParseError, dateline.DatelineError)
    assert issubclass(dateline.ParseWarning, dateline.DatelineWarning)
