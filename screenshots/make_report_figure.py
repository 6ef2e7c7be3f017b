"""Write the README's picture of the HTML report: the first goal's progress bars and
its term timeline, exactly as `credstack report --format html` draws them, on an example
learner, in one standalone SVG (the page's own SVG, stacked on a white ground):

    python screenshots/make_report_figure.py [--check]

`--check` writes nothing and exits 1 when the committed picture is out of date.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from credstack.engine.advice import advise
from credstack.engine.evaluate import build_report
from credstack.report.render import render
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner
from credstack.store.shipped import shipped_catalogues

HERE = Path(__file__).resolve().parent
LEARNER = HERE.parent / "examples" / "learners" / "career-changer.toml"
OUTPUT = HERE / "report-figures.svg"
MARGIN = 16
SPACE = 24


def figure() -> str:
    """The first progress picture and the first timeline of the learner's HTML report."""
    region = load_region(shipped_catalogues())
    learner = load_learner(LEARNER, region).learner
    report = advise(region, learner, build_report(region, learner), folder=LEARNER.parent)
    page = render(report, "html")
    parts = []
    for kind in ("progress", "timeline"):
        found = re.search(rf'<svg [^>]*class="figure {kind}".*?</svg>', page, re.S)
        assert found is not None, kind
        parts.append(found.group())
    top, body = MARGIN, []
    width = 0
    for svg in parts:
        size = re.search(r'width="(\d+)" height="([\d.]+)"', svg)
        assert size is not None
        w, h = int(size[1]), float(size[2])
        body.append(svg.replace("<svg ", f'<svg x="{MARGIN}" y="{top:g}" ', 1))
        top += h + SPACE
        width = max(width, w)
    total_w, total_h = width + 2 * MARGIN, top - SPACE + MARGIN
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_w} {total_h:g}" '
            f'width="{total_w}" height="{total_h:g}">',
            '<rect width="100%" height="100%" fill="#ffffff"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the picture is stale")
    args = parser.parse_args()
    drawn = figure()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != drawn:
            print(f"{OUTPUT.name} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(drawn, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
