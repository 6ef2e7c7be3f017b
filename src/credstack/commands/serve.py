"""`credstack serve`: the advising TUI in a web browser, through textual-serve.

    credstack serve [--host 127.0.0.1] [--port 8000] [--catalogs DIR] [--no-cache]
                    [--public-url URL] [PATH]

textual-serve answers HTTP on HOST:PORT with a page that runs a terminal in the browser;
each browser that connects starts its own `credstack tui [--catalogs DIR] [PATH]` (this
Python, the same arguments) and talks to it over a websocket. PATH is a learner file or
a folder of them (the caseload), as for `credstack tui`; the arguments are checked the
way `tui` checks them before anything is served (bad catalogues, a missing file: one
line per problem, exit 2).

Loopback (127.0.0.1) by default: anyone who can reach the port gets the TUI with no
authentication, and through it reads and writes the learner files (and any file its
prompts name) with this process's user's rights. Expose it (`--host 0.0.0.0`) only on a
network you trust, or behind a proxy that authenticates (`--public-url` is then the
address browsers use).

textual-serve is an optional extra (`pip install 'credstack[serve]'`); without it this
command says so in one line and exits 2.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from credstack.errors import CredstackError

MISSING = (
    "credstack serve: textual-serve is not installed; install it with "
    "`pip install 'credstack[serve]'`"
)


def add_serve_parser(commands: argparse._SubParsersAction[Any]) -> None:
    serve = commands.add_parser(
        "serve",
        help="the TUI in a web browser (textual-serve; loopback only by default)",
        description="Serve the advising TUI over HTTP with textual-serve: each browser that "
        "connects runs its own `credstack tui`. There is no authentication: anyone who "
        "reaches the port can read and write the learner files as this user.",
        epilog="Exit codes: 0 the server stopped (Ctrl+C); 2 bad input, or textual-serve "
        "is not installed.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--catalogs", type=Path, metavar="DIR", help="catalogue directory (default: shipped)"
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers reach the server at (behind a proxy); default http://HOST:PORT",
    )
    serve.add_argument(
        "path", nargs="?", type=Path, metavar="PATH", help="a learner file or a folder of them"
    )
    serve.add_argument(
        "--no-cache",
        action="store_true",
        help="parse the catalogues again instead of reading the catalogue cache",
    )


def tui_command(catalogs: Path | None, path: Path | None, cache: bool) -> str:
    """The shell command textual-serve runs for each browser: `credstack tui` in this
    Python, with absolute paths (quoted: textual-serve runs it through a shell)."""
    argv = [sys.executable, "-m", "credstack", "tui"]
    if catalogs is not None:
        argv += ["--catalogs", str(catalogs.absolute())]
    if not cache:
        argv.append("--no-cache")
    if path is not None:
        argv.append(str(path.absolute()))
    return shlex.join(argv)


def run_serve(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print(MISSING, file=sys.stderr)
        return 2
    if not 1 <= args.port <= 65535:
        raise CredstackError.at("--port", 1, f"--port {args.port}: use 1 to 65535")
    path: Path | None = args.path
    if path is not None and str(path) == "-":
        raise CredstackError.at(path, 1, "serve needs a learner file or folder, not stdin (-)")
    cache = not args.no_cache
    from credstack.commands.tui import prepare_session

    prepare_session(args.catalogs, path, cache)  # what `tui` would refuse, refused now
    command = tui_command(args.catalogs, path, cache)
    server = Server(
        command, host=args.host, port=args.port, title="credstack", public_url=args.public_url
    )
    server.serve()
    return 0
