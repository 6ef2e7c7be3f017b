"""Messages that flow up from workers and widgets (attributes down, messages up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.message import Message

from credstack.engine.results import ProgramResult, Report


@dataclass
class ResultsReady(Message):
    """The engine finished computing the learner's goals and the compare table."""

    report: Report
    compare: list[ProgramResult]
    generation: int


@dataclass
class WhatIfReady(Message):
    """The engine finished a what-if: the report with a provisional held item."""

    ref: str
    earned: dt.date
    grade: str
    before: Report
    after: Report


@dataclass
class LearnerEdited(Message):
    """The learner changed; results must be recomputed."""

    what: str
