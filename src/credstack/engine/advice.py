"""What a learner's report carries beyond the audits of their goals.

`build_report` answers "how far am I toward each goal"; `advise` adds the rest of the
appointment, each part from its own engine module: the state of the learner's evidence,
their fit for employer roles, the credential worth earning next, what the institutions'
subscription plans would cost against paying per credit, the badges they imported, and
the adviser's notes of the report's day.

The one place these sections are assembled: `credstack report` asks for all of them;
the TUI's Session asks for the cheap ones with every recompute and for evidence (reads
files) and careers (re-audits every goal per candidate) in their own workers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from credstack.engine.badges import imported_badges
from credstack.engine.evidence import check_evidence
from credstack.engine.next_best import next_best
from credstack.engine.results import AppointmentNote, Report
from credstack.engine.roles import fit_roles
from credstack.engine.subscriptions import compare_subscriptions
from credstack.model.learner import LearnerFile, Note
from credstack.model.region import Region


def advise(
    region: Region,
    learner: LearnerFile,
    report: Report,
    *,
    folder: Path | None,
    evidence: bool = True,
    careers: bool = True,
) -> Report:
    """`report` with the advice sections filled in.

    Subscriptions (they only re-read the plans just computed), imported badges (the
    provenance recorded in the learner file) and the notes dated on the report's as_of
    day (`notes_of_day`) are always filled. `evidence` checks every
    artifact against its hash; `careers` adds role fit and the next-best ranking. A part
    not asked for keeps what `report` already has.

    `folder` is the learner file's folder (evidence paths are relative to it); None for a
    learner that has not been saved yet, whose evidence is then reported as not checked.
    """
    if careers:
        fits = fit_roles(region, learner, report.as_of)
        ranked = next_best(region, learner, report.results, fits, report.as_of)
        report = replace(report, roles=fits, next_best=ranked)
    if evidence:
        report = replace(report, evidence=check_evidence(learner, folder))
    return replace(
        report,
        subscriptions=compare_subscriptions(region, report.results),
        imported=imported_badges(region, learner),
        notes=notes_of_day(learner.note, report.as_of),
    )


def notes_of_day(notes: list[Note], day: dt.date) -> tuple[AppointmentNote, ...]:
    """The notes dated `day`, in file order: what the report of that day carries (the
    takeaway and `credstack report` alike; older notes stay in the learner file)."""
    return tuple(AppointmentNote(n.date, n.author, n.text) for n in notes if n.date == day)
