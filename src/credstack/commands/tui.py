"""`credstack` and `credstack tui [--catalogs DIR] [LEARNER | FOLDER]`: the advising TUI.

A FOLDER opens its caseload: the list of its learner files. A LEARNER path that does not
exist (in a folder that does) starts a new learner: the TUI opens the new-learner form
and the first save creates the file."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from credstack.errors import CredstackError
from credstack.store.shipped import default_learner, shipped_catalogues

if TYPE_CHECKING:
    from credstack.session import Session


def prepare_session(catalogs: Path | None, learner: Path | None, cache: bool = False) -> Session:
    """Load the region and the learner, or raise CredstackError (the CLI exits 2).

    With `cache`, the catalogues come from the catalogue cache when unchanged.
    """
    # imported here: without a terminal, `credstack` answers before loading the engine
    from credstack.engine.lint import lint_region
    from credstack.session import Session
    from credstack.store.catalogue_loader import load_region_with_problems

    root = catalogs or shipped_catalogues()
    if cache:
        region, problems = load_region_with_problems(root, cache=True)
        session = Session(region, sorted(problems + lint_region(region)), root)
    else:
        session = Session.open(root)
    if session.errors:
        raise CredstackError(session.errors)
    if learner is not None and learner.is_dir():
        session.caseload = learner  # the list of its learner files; none is open yet
    elif learner is not None:
        if not learner.exists() and not learner.is_symlink():
            # a new learner: the TUI opens its form; the first save creates the file
            if not learner.parent.is_dir():
                raise CredstackError.at(
                    learner, 1, f"no such folder {str(learner.parent)!r} for a new learner file"
                )
            session.new_learner("New learner", path=learner)
            return session
        if not learner.is_file():
            raise CredstackError.at(learner, 1, "no such learner file")
        session.open_learner(learner)
    elif catalogs is None and (example := default_learner()) is not None:
        session.open_learner(example, example=True)
    else:
        session.new_learner("New learner")
    return session


TTY_HINT = (
    "credstack: the TUI needs a terminal (stdin and stdout); for a pipe or a file use "
    "`credstack report LEARNER` or `credstack compare LEARNER`"
)


def has_terminal() -> bool:
    """Whether stdin and stdout are both a terminal (the TUI reads keys, draws a screen),
    or Textual is told to use another driver: `credstack serve` runs the TUI with
    textual-serve's web driver, which talks through pipes."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    streams = (sys.stdin, sys.stdout)
    return all(stream is not None and stream.isatty() for stream in streams)


def run_tui(catalogs: Path | None, learner: Path | None, cache: bool = False) -> int:
    if not has_terminal():  # escape codes into a pipe, a wait for keys that never come
        print(TTY_HINT, file=sys.stderr)
        return 2
    if learner is not None and str(learner) == "-":
        raise CredstackError.at(
            learner, 1, "the TUI reads keys from stdin: give the learner file's path, not -"
        )
    session = prepare_session(catalogs, learner, cache)
    from credstack.tui.app import make_app  # textual is imported only for the TUI

    make_app(session).run()
    return 0
