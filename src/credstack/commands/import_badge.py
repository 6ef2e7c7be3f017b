"""`credstack import BADGE --learner FILE`: add Open Badges / CLR achievements as held.

Reads the badge (JSON or VC-JWT), matches each achievement to a catalogue credential,
verifies it offline, prints one line per achievement and saves the learner file
atomically (keeping NAME.toml.bak, and its comments and layout). The file is not
written when it was changed on disk while the badge was being verified, or is
read-only: one line says why, exit 2. A failed verification is never added: when any
achievement failed, nothing is written and the exit code is 1. A candidate match (by
humanCode or name) is added only when confirmed, on a terminal or with --yes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from credstack.errors import ChangedOnDisk, CredstackError
from credstack.safe_text import safe_text

if TYPE_CHECKING:
    from credstack.badges.importer import ImportItem
    from credstack.badges.verify import Verification


def add_import_parser(
    commands: argparse._SubParsersAction[Any],
) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "import",
        help="add Open Badges 3.0 / CLR 2.0 achievements to a learner, verified offline",
        description="Read an OpenBadgeCredential, AchievementCredential or ClrCredential "
        "(JSON or VC-JWT), match each achievement to a catalogue credential, verify its "
        "proof against the keys the issuer's catalogue declares, and add it as held.",
        epilog="Exit codes: 0 added (or nothing to add); 1 some achievement failed "
        "verification (nothing is written); 2 bad input.",
    )
    parser.add_argument("badge", type=Path, metavar="BADGE", help="badge or CLR file")
    parser.add_argument("--learner", type=Path, required=True, metavar="FILE")
    parser.add_argument(
        "--catalogs", type=Path, metavar="DIR", help="catalogue directory (default: shipped)"
    )
    parser.add_argument(
        "--yes", action="store_true", help="accept candidate matches (by humanCode or name)"
    )
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="check validity on this date (default: the learner's as_of, else today)",
    )
    parser.add_argument("--dry-run", action="store_true", help="show, do not write")
    parser.add_argument(
        "--no-cache", action="store_true", help="parse the catalogues again (no cache)"
    )
    return parser


def describe(item: ImportItem) -> str:
    """One line: state, reference, title, match and why."""
    ref = item.match.ref or "-"
    state = item.verification.status
    extra = "already held" if item.already_held else item.match.kind + " match"
    return f"{state:<10} {ref:<28} {item.title!r} ({extra}): {item.verification.note}"


def _ask(question: str) -> bool:
    try:
        return input(question + " [y/N] ").strip().lower() in ("y", "yes")
    except EOFError:
        return False


def choose(
    items: list[ImportItem], yes: bool, interactive: bool, ask: Callable[[str], bool] = _ask
) -> tuple[list[ImportItem], list[ImportItem]]:
    """(items to add, candidates left unconfirmed)."""
    added: list[ImportItem] = []
    left: list[ImportItem] = []
    for item in items:
        if item.addable:
            added.append(item)
        elif item.ok and item.held is not None and item.match.kind == "candidate":
            question = f"add {item.title!r} as {item.match.ref}? ({item.match.why})"
            if yes or (interactive and ask(question)):
                added.append(item)
            else:
                left.append(item)
    return added, left


def _clr_line(clr: Verification | None) -> str | None:
    return None if clr is None else f"CLR: {clr.status}: {clr.note}"


def run_import(args: argparse.Namespace) -> int:
    from credstack.badges.importer import plan_import, read_badge
    from credstack.commands.streams import is_stdio, read_learner
    from credstack.store.catalogue_loader import load_region
    from credstack.store.learner_store import save_learner
    from credstack.store.shipped import shipped_catalogues

    if is_stdio(args.learner):
        raise CredstackError.at(
            args.learner, 1, "import adds to a learner file: give its path, not - (stdin)"
        )
    region = load_region(args.catalogs or shipped_catalogues(), cache=not args.no_cache)
    loaded = read_learner(args.learner, region)
    text = read_badge(args.badge)
    as_of = args.as_of or loaded.learner.learner.as_of or dt.date.today()
    clr, items = plan_import(text, str(args.badge), region, loaded.learner, as_of)
    line = _clr_line(clr)
    if line:
        _say(line)
    for item in items:
        _say(describe(item))
        if item.details:
            _say(f"           {item.details}")
    failed = [i for i in items if i.verification.status == "failed"]
    if failed:
        for item in failed:
            _say(
                f"{item.where}: refused: {item.title!r} failed verification: "
                f"{item.verification.note}",
                sys.stderr,
            )
        return 1
    added, left = choose(items, args.yes, sys.stdin is not None and sys.stdin.isatty())
    for item in left:
        _say(f"not added: {item.title!r} needs confirmation as {item.match.ref} (use --yes)")
    if added and not args.dry_run:
        loaded.learner.held.extend(i.held for i in added if i.held is not None)
        try:
            save_learner(loaded)  # refuses a file changed since it was read, or read-only
        except ChangedOnDisk as changed:
            again = "; run the import again to add the badge to the file as it is now"
            raise CredstackError.at(changed.path, 1, changed.problems[0].message + again) from None
        except OSError as error:
            raise CredstackError.at(
                args.learner, 1, f"not saved: {error.strerror or error}"
            ) from None
    verb = "would add" if args.dry_run else "added"
    _say(f"{verb} {len(added)} held item(s) to {args.learner}")
    return 0


def _say(line: str, stream: TextIO | None = None) -> None:
    """One line of output: names, titles and notes come from the badge and the
    catalogues, so their control characters are made visible."""
    print(safe_text(line), file=stream or sys.stdout)
