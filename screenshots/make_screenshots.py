"""Write the README's screenshots: one SVG per area of the TUI, on an example learner.

Drives the app headlessly with Textual's pilot (`run_test` + `save_screenshot`), as
Harlequin does, so the pictures always show the current TUI:

    python screenshots/make_screenshots.py [--learner examples/learners/NAME.toml]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Select, Tree

from credstack.commands.tui import prepare_session
from credstack.tui.app import CredstackApp, make_app
from credstack.tui.pilot import settle

HERE = Path(__file__).resolve().parent
LEARNER = HERE.parent / "examples" / "learners" / "career-changer.toml"
TODAY = dt.date(2026, 11, 28)  # the examples' "as of" day
SIZE = (110, 34)
AREAS = ("learner", "pathways", "compare", "explore", "catalogue", "careers")
SHOWN_CREDENTIAL = ("credential", "lindenhoven", "mc-sql")  # an EU micro-credential
WHAT_IF_PROGRAM = "northbridge:gcert-analytics"  # beside the first goal, without adding it


async def show_credential(pilot: Pilot[None], app: CredstackApp) -> None:
    """Highlight an EU micro-credential in the Catalogue tree, so its elements show."""
    tree = app.query_one("#catalogue-tree", Tree)
    for issuer in tree.root.children:
        for group in issuer.children:
            for leaf in group.children:
                if leaf.data == SHOWN_CREDENTIAL:
                    issuer.expand()
                    group.expand()
                    await pilot.pause()
                    tree.move_cursor(leaf)
                    tree.focus()
                    await settle(pilot)
                    return


async def take(learner: Path, folder: Path) -> list[Path]:
    app = make_app(prepare_session(None, learner), TODAY)
    app.animation_level = "none"  # no tab underline caught mid-slide
    written = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, area in enumerate(AREAS, start=1):
            await pilot.press(str(key))
            await settle(pilot)
            if area == "catalogue":
                await show_credential(pilot, app)
            if area == "compare":  # every certificate in the region: the plot has points
                app.query_one("#award", Select).value = "certificate"
                await settle(pilot)
            path = folder / f"{area}.svg"
            app.save_screenshot(path.name, str(folder))
            written.append(path)
        app.what_if_program(WHAT_IF_PROGRAM)  # what Enter on a Compare row offers
        await settle(pilot)
        app.save_screenshot("what-if-program.svg", str(folder))
        written.append(folder / "what-if-program.svg")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learner", type=Path, default=LEARNER)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    for path in asyncio.run(take(args.learner, args.out)):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
