"""The HTML report's pictures: progress bars and the term timeline, as inline SVG.

Self-contained (no scripts, no fonts, images or links to fetch, no ids to collide), sized
by a viewBox so a narrow screen or a printed page scales them, and accessible: each is
`role="img"` named by `aria-label`, with a `<title>` and a `<desc>` stating in words what
the picture shows (the tree or table beside it states the same figures). Every string is
catalogue or learner data: control characters are made visible (safe_text, so the SVG
stays well-formed XML) and then escaped with html.escape, never written as markup.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from credstack.report.document import Progress, Timeline
from credstack.safe_text import safe_text

WIDTH = 640  # the viewBox width; the page scales it
TRACK = 480  # a progress bar's full length
BAR_ROW = 40  # one requirement: its title above, the bar under it
BAR_HEIGHT = 12
PER_ROW = 6  # terms per row of the timeline
GAP = 16
BOX_HEIGHT = 58
TERM_ROW = 74
LONGEST = 80  # characters of a title drawn in a picture (the full title is in <title>)
TONE_FILL = {  # fallbacks for an SVG read without the page's stylesheet
    "good": "#1a6b2b",
    "warn": "#b07400",
    "bad": "#a11d1d",
    "info": "#2a6fb0",
    "muted": "#777777",
}
FONT = 'font-family="system-ui, sans-serif" font-size="13"'


def t(text: str) -> str:
    """Data as SVG text: control characters made visible, then escaped."""
    return escape(safe_text(str(text)), quote=True)


def _short(text: str) -> str:
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "\u2026"


def _px(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _open(kind: str, title: str, height: float, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="figure {kind}" role="img" '
        f'aria-label="{t(title)}" viewBox="0 0 {WIDTH} {_px(height)}" width="{WIDTH}" '
        f'height="{_px(height)}" {FONT}>',
        f"<title>{t(title)}</title>",
        f"<desc>{t(desc)}</desc>",
    ]


def fraction(value: Decimal, total: Decimal) -> float:
    """How much of a bar is filled: value / total, within 0..1 (a total of 0 is full)."""
    if total <= 0:
        return 1.0
    return float(min(max(value / total, Decimal(0)), Decimal(1)))


def progress_svg(progress: Progress) -> list[str]:
    """One bar per requirement: its title, a track of TRACK units filled in proportion to
    the credits applied, and the figure ("6 of 12 cr") to its right."""
    height = len(progress.bars) * BAR_ROW + 4
    desc = "; ".join(f"{bar.label}: {bar.figure}" for bar in progress.bars)
    lines = _open("progress", progress.title, height, desc)
    for index, bar in enumerate(progress.bars):
        top = index * BAR_ROW
        tone = bar.tone or "muted"
        filled = TRACK * fraction(bar.value, bar.total)
        lines += [
            f'<g class="bar tone-{tone}">',
            f"<title>{t(bar.label)}: {t(bar.figure)}</title>",
            f'<text class="bar-label" x="0" y="{top + 14}">{t(_short(bar.label))}</text>',
            f'<rect class="track" x="0" y="{top + 20}" width="{TRACK}" '
            f'height="{BAR_HEIGHT}" rx="3" fill="#ececec" stroke="#8a8a8a"/>',
            f'<rect class="fill" x="0" y="{top + 20}" width="{_px(filled)}" '
            f'height="{BAR_HEIGHT}" rx="3" fill="{TONE_FILL[tone]}"/>',
            f'<text class="bar-figure" x="{TRACK + 10}" y="{top + 31}">{t(bar.figure)}</text>',
            "</g>",
        ]
    return [*lines, "</svg>"]


def _course_count(count: int) -> str:
    return "no courses" if count == 0 else f"{count} course" + ("" if count == 1 else "s")


def _fit(label: str, box: float) -> str:
    """Squeeze a term label wider than its box (at about 7.5 units a character) into it."""
    room = box - 8
    return (
        f' textLength="{_px(room)}" lengthAdjust="spacingAndGlyphs"'
        if len(label) * 7.5 > room
        else ""
    )


def timeline_svg(timeline: Timeline) -> list[str]:
    """One box per planned term, left to right (PER_ROW to a row), joined by a line: the
    term, its credits and how many courses; the courses themselves in each box's title."""
    count = len(timeline.slots)
    columns = max(1, min(count, PER_ROW))
    rows = max(1, -(-count // PER_ROW))
    box = (WIDTH - 2 - (columns - 1) * GAP) / columns
    height = (rows - 1) * TERM_ROW + BOX_HEIGHT + 2
    desc = "; ".join(
        f"{slot.label}: {slot.figure}" + (f" ({', '.join(slot.courses)})" if slot.courses else "")
        for slot in timeline.slots
    )
    lines = _open("timeline", timeline.title, height, desc)
    for index, slot in enumerate(timeline.slots):
        left = 1 + (index % PER_ROW) * (box + GAP)
        top = 1 + (index // PER_ROW) * TERM_ROW
        middle = left + box / 2
        if index % PER_ROW:  # joined to the term before it on the same row
            lines.append(
                f'<line class="link" x1="{_px(left - GAP)}" y1="{_px(top + BOX_HEIGHT / 2)}" '
                f'x2="{_px(left)}" y2="{_px(top + BOX_HEIGHT / 2)}" stroke="#8a8a8a"/>'
            )
        courses = ", ".join(slot.courses) or "no courses"
        lines += [
            '<g class="term">',
            f"<title>{t(slot.label)}: {t(slot.figure)}; {t(courses)}</title>",
            f'<rect class="term-box" x="{_px(left)}" y="{_px(top)}" width="{_px(box)}" '
            f'height="{BOX_HEIGHT}" rx="6" fill="#eef3f9" stroke="#2a6fb0"/>',
            f'<text class="term-label" x="{_px(middle)}" y="{_px(top + 19)}" '
            f'text-anchor="middle" font-weight="600"{_fit(slot.label, box)}>'
            f"{t(slot.label)}</text>",
            f'<text x="{_px(middle)}" y="{_px(top + 36)}" text-anchor="middle">'
            f"{t(slot.figure)}</text>",
            f'<text class="term-courses" x="{_px(middle)}" y="{_px(top + 51)}" '
            f'text-anchor="middle" font-size="11">{_course_count(len(slot.courses))}</text>',
            "</g>",
        ]
    return [*lines, "</svg>"]
