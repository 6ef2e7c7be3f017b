"""Cost against finish, drawn with Rich: one small scatter plot per currency, the Pareto
front highlighted and listed under it.

The points and which of them are on the front come from the engine (engine/compare.py's
`tradeoffs`, through the Session); this widget only places them on a grid of characters.
Drawn with Rich rather than a plotting package: a scatter of at most a few hundred
points needs no more, and stays exactly reproducible in snapshot tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

from credstack.engine.compare_results import Tradeoff
from credstack.report import format as fmt
from credstack.tui.text import SafeText

ON_FRONT = "◆"
OFF_FRONT = "◇"
FRONT_STYLE = "bold green"
GRID_ROWS = 7
LISTED = 8  # front programs listed under each plot


class CostPlot(Widget):
    """A scatter of the programs that can finish: cost (up) against finish (across)."""

    DEFAULT_CSS = """
    CostPlot { height: auto; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.points: tuple[Tradeoff, ...] = ()
        self._drawn: tuple[int, Text] | None = None  # (width, picture) of these points

    def show(self, points: Sequence[Tradeoff]) -> None:
        self.points = tuple(points)
        self._drawn = None
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self.draw(width).plain.split("\n"))

    def render(self) -> Text:
        return self.draw(self.size.width or 80)

    def draw(self, width: int) -> Text:
        """The picture at `width` cells, one Text line per screen line (drawn once per
        set of points and width: layout and paint both ask)."""
        if self._drawn is None or self._drawn[0] != width:
            lines = picture(self.points, width)
            for line in lines:
                line.truncate(width, overflow="ellipsis")
            self._drawn = (width, SafeText("\n").join(lines))
        return self._drawn[1]


def picture(points: Sequence[Tradeoff], width: int) -> list[Text]:
    """A plot per currency with two or more programs (largest first), then a line for
    each currency with one program (nothing to compare its cost with)."""
    if not points:
        return [SafeText("No program here can finish: nothing to plot.", "dim")]
    by_currency: dict[str, list[Tradeoff]] = {}
    for point in points:
        by_currency.setdefault(point.currency, []).append(point)
    groups = sorted(by_currency.items(), key=lambda item: (-len(item[1]), item[0]))
    lines: list[Text] = []
    for currency, members in groups:
        if len(members) > 1:
            lines += scatter(currency, members, width)
            lines.append(SafeText())
    for _, members in groups:
        if len(members) == 1:
            line = SafeText()
            line.append(f"Only program in {members[0].currency}: ", "bold")
            lines.append(line.append_text(front_line(members[0])))
    while lines and not lines[-1].plain:
        lines.pop()
    return lines


def scatter(currency: str, points: Sequence[Tradeoff], total_width: int) -> list[Text]:
    """One currency's plot: its axes, its points, and its front listed by finish."""
    low_cost, high_cost = min(p.cost for p in points), max(p.cost for p in points)
    top, bottom = fmt.money(high_cost, currency), fmt.money(low_cost, currency)
    axis = max(len(top), len(bottom)) + 2
    width = max(20, total_width - axis - 1)
    first = min(points, key=lambda p: p.finish_month)
    last = max(points, key=lambda p: p.finish_month)
    months = max(1, last.finish_month - first.finish_month)
    span = high_cost - low_cost
    grid: list[list[str]] = [[" "] * width for _ in range(GRID_ROWS)]
    for point in sorted(points, key=lambda p: p.on_front):  # the front drawn last, on top
        column = round((point.finish_month - first.finish_month) / months * (width - 1))
        row = 0 if not span else round((high_cost - point.cost) / span * (GRID_ROWS - 1))
        grid[row][column] = ON_FRONT if point.on_front else OFF_FRONT
    heading = SafeText()
    heading.append(f"Cost against finish, {currency}", "bold")
    heading.append(f"   {ON_FRONT} Pareto front: nothing else is both sooner and cheaper", "dim")
    lines: list[Text] = [heading]
    for row, cells in enumerate(grid):
        label = top if row == 0 else bottom if row == GRID_ROWS - 1 else ""
        line = SafeText()
        line.append(label.rjust(axis - 2) + " │", "dim")
        start = len(line.plain)
        line.append("".join(cells))
        for column, cell in enumerate(cells):
            if cell == ON_FRONT:
                line.stylize(FRONT_STYLE, start + column, start + column + 1)
        lines.append(line)
    lines.append(SafeText(" " * (axis - 1) + "└" + "─" * width, "dim"))
    left, right = finish_label(first), finish_label(last)
    gap = max(1, width - len(left) - len(right))
    lines.append(SafeText(" " * axis + left + " " * gap + right, "dim"))
    front = sorted((p for p in points if p.on_front), key=lambda p: (p.finish_month, p.cost))
    for point in front[:LISTED]:
        lines.append(SafeText("  ").append_text(front_line(point)))
    if len(front) > LISTED:
        lines.append(SafeText(f"  … and {len(front) - LISTED} more on the front", "dim"))
    return lines


def front_line(point: Tradeoff) -> Text:
    """'◆ 2029 fall · USD 6,868.00 · Title (Institution)'."""
    text = SafeText()
    text.append(f"{ON_FRONT} " if point.on_front else "  ", FRONT_STYLE)
    text.append(f"{finish_label(point)} · {fmt.money(point.cost, point.currency)} · ")
    text.append(f"{point.title} ({point.institution})")
    return text


def finish_label(point: Tradeoff) -> str:
    return point.finish or "nothing left"
