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
OFF_FRONT = "·"
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

    def show(self, points: Sequence[Tradeoff]) -> None:
        self.points = tuple(points)
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self.draw(width).plain.splitlines())

    def render(self) -> Text:
        return self.draw(self.size.width or 80)

    def draw(self, total_width: int) -> Text:
        if not self.points:
            return Text("No program here can finish: nothing to plot.", style="dim")
        text = SafeText()
        by_currency: dict[str, list[Tradeoff]] = {}
        for point in self.points:
            by_currency.setdefault(point.currency, []).append(point)
        groups = sorted(by_currency.items(), key=lambda item: (-len(item[1]), item[0]))
        for currency, points in groups:
            if len(points) > 1:
                text.append_text(scatter(currency, points, total_width))
                text.append("\n")
        alone = [points[0] for _, points in groups if len(points) == 1]
        for point in alone:  # nothing to compare its cost with: listed, not plotted
            text.append(f"Only program in {point.currency}: ", "bold")
            text.append_text(front_line(point))
        text.rstrip()
        lines = text.split("\n")
        for line in lines:  # one line each: the height is the number of lines
            line.truncate(total_width, overflow="ellipsis")
        return Text("\n").join(lines)


def scatter(currency: str, points: Sequence[Tradeoff], total_width: int) -> Text:
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
    text = SafeText(f"Cost against finish, {currency}", style="bold")
    text.append(f"   {ON_FRONT} Pareto front: nothing else is both sooner and cheaper\n", "dim")
    for row, cells in enumerate(grid):
        label = top if row == 0 else bottom if row == GRID_ROWS - 1 else ""
        text.append(label.rjust(axis - 2) + " │", "dim")
        for cell in cells:
            text.append(cell, FRONT_STYLE if cell == ON_FRONT else "")
        text.append("\n")
    text.append(" " * (axis - 1) + "└" + "─" * width + "\n", "dim")
    left, right = finish_label(first), finish_label(last)
    gap = max(1, width - len(left) - len(right))
    text.append(" " * axis + left + " " * gap + right + "\n", "dim")
    front = sorted((p for p in points if p.on_front), key=lambda p: (p.finish_month, p.cost))
    for point in front[:LISTED]:
        text.append("  ")
        text.append_text(front_line(point))
    if len(front) > LISTED:
        text.append(f"  … and {len(front) - LISTED} more on the front\n", "dim")
    return text


def front_line(point: Tradeoff) -> Text:
    """'◆ 2029 fall · USD 6,868.00 · Title (Institution)', ending the line."""
    text = SafeText()
    text.append(f"{ON_FRONT} " if point.on_front else "  ", FRONT_STYLE)
    text.append(f"{finish_label(point)} · {fmt.money(point.cost, point.currency)} · ")
    text.append(f"{point.title} ({point.institution})\n")
    return text


def finish_label(point: Tradeoff) -> str:
    return point.finish or "nothing left"
