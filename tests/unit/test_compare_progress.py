"""`compare` shows its progress on a terminal's stderr once it has run for a second."""

from __future__ import annotations

import io

from credstack.commands.report import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_shown_in_the_first_second() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream, clock)
    for done in range(1, 11):
        clock.now += 0.05
        progress(done, 10)
    progress.close()
    assert stream.getvalue() == ""


def test_after_a_second_one_line_is_rewritten_then_erased() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream, clock)
    clock.now += 1.5
    progress(3, 156)
    clock.now += 0.01
    progress(4, 156)  # too soon after the last update: not shown
    clock.now += 0.2
    progress(5, 156)
    clock.now += 0.01
    progress(156, 156)  # the last one is always shown
    progress.close()
    assert stream.getvalue() == (
        "\rcompare: 3/156 programs evaluated"
        "\rcompare: 5/156 programs evaluated"
        "\rcompare: 156/156 programs evaluated"
        "\r\x1b[K"
    )
