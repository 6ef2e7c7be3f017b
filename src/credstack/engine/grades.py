"""Letter grades, passes and ages: the small facts recognition checks."""

from __future__ import annotations

import datetime as dt

GRADE_POINTS: dict[str, int] = {
    "A+": 13,
    "A": 12,
    "A-": 11,
    "B+": 10,
    "B": 9,
    "B-": 8,
    "C+": 7,
    "C": 6,
    "C-": 5,
    "D+": 4,
    "D": 3,
    "D-": 2,
    "F": 0,
}


def meets_min_grade(grade: str, minimum: str | None, pass_equals: str) -> bool:
    """Whether `grade` is at least `minimum`; a pass (P) counts as `pass_equals`."""
    if minimum is None:
        return grade != "F"
    effective = pass_equals if grade == "P" else grade
    wanted = pass_equals if minimum == "P" else minimum
    return GRADE_POINTS[effective] >= GRADE_POINTS[wanted]


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def older_than(earned: dt.date, as_of: dt.date, years: int) -> bool:
    """True when learning earned on `earned` is more than `years` old on `as_of`."""
    return earned < years_before(as_of, years)
