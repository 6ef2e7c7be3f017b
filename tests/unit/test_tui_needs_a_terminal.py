"""The TUI needs a terminal: without one on stdin and stdout, `credstack` and `credstack
tui` print a one-line hint and exit 2 (instead of drawing escape codes into a pipe and
waiting for keys that never come).

Run as subprocesses (a hang on a regression is then a timeout, not a stuck suite), with
a pseudo-terminal on one side to show that both sides must be terminals.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

HINT = (
    "credstack: the TUI needs a terminal (stdin and stdout); for a pipe or a file use "
    "`credstack report LEARNER` or `credstack compare LEARNER`"
)


def credstack(*argv: str, stdin: int | None, stdout: int | None) -> tuple[int, str, bytes]:
    done = subprocess.run(
        [sys.executable, "-m", "credstack", *argv],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=60,
    )
    return done.returncode, done.stderr.decode("utf-8"), done.stdout or b""


@pytest.mark.parametrize("argv", [[], ["tui"]], ids=["credstack", "credstack tui"])
def test_no_terminal_at_all(argv: list[str]) -> None:
    code, err, out = credstack(*argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    assert code == 2
    assert err.splitlines() == [HINT]
    assert out == b""  # not one escape code


def test_stdout_a_pipe_stdin_a_terminal() -> None:
    main_side, other_side = pty.openpty()
    try:
        code, err, out = credstack("tui", stdin=other_side, stdout=subprocess.PIPE)
    finally:
        os.close(main_side)
        os.close(other_side)
    assert code == 2 and err.splitlines() == [HINT] and out == b""


def test_stdin_a_pipe_stdout_a_terminal() -> None:
    main_side, other_side = pty.openpty()
    try:
        code, err, _ = credstack(stdin=subprocess.DEVNULL, stdout=other_side)
        os.set_blocking(main_side, False)
        try:
            shown = os.read(main_side, 65536)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(main_side)
        os.close(other_side)
    assert code == 2 and err.splitlines() == [HINT]
    assert b"\x1b" not in shown
