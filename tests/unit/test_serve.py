"""`credstack serve` (issue 11 item 9): the TUI over HTTP with textual-serve, on loopback.

The server runs as a subprocess on a free loopback port; the test fetches its page with
urllib, checks it is textual-serve's terminal page pointing its websocket back at that
port, connects to the websocket as the page would and sees the TUI draw the caseload of
the example learners, and stops the server (SIGTERM, which textual-serve handles as a
graceful exit).
"""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.commands.serve import MISSING, tui_command

SRC = Path(__file__).resolve().parents[2] / "src"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "learners"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, deadline: float, server: subprocess.Popen[bytes]) -> tuple[int, str]:
    """GET `url`, retrying while the server starts (it loads the catalogues first)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except OSError:
            if server.poll() is not None:
                out, err = server.communicate()
                raise AssertionError(f"serve exited {server.returncode}: {err!r}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


async def tui_draws(url: str, text: bytes) -> bool:
    """Connect to the page's websocket as its script does and read what the TUI draws
    until `text` appears (or 30 s pass): the served TUI really runs."""
    import aiohttp  # textual-serve's own dependency

    drawn = b""
    async with aiohttp.ClientSession() as client, client.ws_connect(url) as websocket:
        started = time.monotonic()
        while text not in drawn and time.monotonic() - started < 30:
            try:
                message = await asyncio.wait_for(websocket.receive(), 10)
            except TimeoutError:
                break
            if message.type == aiohttp.WSMsgType.BINARY:
                drawn += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                drawn += message.data.encode("utf-8")
            else:
                break
    return text in drawn


async def test_serve_answers_on_a_loopback_port_with_the_textual_serve_page() -> None:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    server = subprocess.Popen(
        [sys.executable, "-m", "credstack", "serve", "--port", str(port), str(EXAMPLES)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        status, page = fetch(f"http://127.0.0.1:{port}/", time.monotonic() + 60, server)
        assert status == 200
        assert "/static/js/textual.js" in page  # textual-serve's terminal in the browser
        assert f"ws://127.0.0.1:{port}/ws" in page  # its websocket: the same loopback port
        assert "credstack" in page  # the title it was given
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/js/textual.js") as js:
            assert js.status == 200
        # a browser's websocket starts `credstack tui FOLDER`: the caseload is drawn
        ws = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
        assert await tui_draws(ws, b"3 learner files")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode == 0


def test_serve_without_textual_serve_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails as if missing
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [MISSING]
    assert captured.out == ""


def test_serve_refuses_what_tui_would_refuse_before_serving(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["serve", "--port", "0"]) == 2
    assert capsys.readouterr().err.splitlines() == ["--port:1: --port 0: use 1 to 65535"]
    missing = tmp_path / "nobody.toml"
    assert main(["serve", "--catalogs", str(tmp_path / "none"), str(missing)]) == 2
    assert capsys.readouterr().err  # located problems, one line each; nothing served


def test_each_browser_runs_credstack_tui_with_the_same_arguments(tmp_path: Path) -> None:
    folder = tmp_path / "case load"  # a space: the command goes through a shell
    command = tui_command(Path("catalogs"), folder, cache=False)
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "credstack",
        "tui",
        "--catalogs",
        str(Path("catalogs").absolute()),
        "--no-cache",
        str(folder),
    ]
    assert shlex.split(tui_command(None, None, cache=True))[-1] == "tui"
