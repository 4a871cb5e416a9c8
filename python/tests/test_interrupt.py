"""Ctrl-C stops a long read promptly, and the interpreter carries on."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import pytest

from support import ROOT

# The child reads standard input, which the test never writes: the read
# blocks until Ctrl-C. Then it reads the sample corpus, to show the module
# still works after an interrupted call.
CHILD = textwrap.dedent(
    """
    import sys, time
    import dateline
    print("ready", flush=True)
    try:
        dateline.{call}
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    else:
        print("not interrupted", flush=True)
        sys.exit(3)
    print(dateline.read("examples/corpus").num_rows, flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
@pytest.mark.parametrize(
    "call",
    [
        'read("-")',
        'scan("-").read_all()',
        'read(["examples/corpus", "-"], resolve=True)',
        'check("-")',
        'links("-")',
    ],
)
def test_ctrl_c_stops_a_blocked_read_within_a_second(call):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(call=call)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.5)  # into the call, blocked on standard input
        assert child.poll() is None, child.stderr.read() if child.stderr else ""
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=10)
        waited = time.monotonic() - sent
    finally:
        child.kill()
    assert out.split() == ["interrupted", "29"], err
    assert child.returncode == 0, err
    assert waited < 1.0 + 1.5, f"{waited:.2f} s to stop"  # the read stops in 50 ms; the rest is the corpus read
