"""What a learner's report carries beyond the audits of their goals.

`build_report` answers "how far am I toward each goal"; `advise` adds the rest of the
appointment, each part from its own engine module: the state of the learner's evidence,
their fit for employer roles, the credential worth earning next, and what the
institutions' subscription plans would cost against paying per credit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from credstack.engine.badges import imported_badges
from credstack.engine.evidence import check_evidence
from credstack.engine.next_best import next_best
from credstack.engine.results import Report
from credstack.engine.roles import fit_roles
from credstack.engine.subscriptions import compare_subscriptions
from credstack.model.learner import LearnerFile
from credstack.model.region import Region


def advise(
    region: Region,
    learner: LearnerFile,
    report: Report,
    *,
    folder: Path | None,
    today: dt.date | None = None,
) -> Report:
    """`report` with the advice sections filled in.

    `folder` is the learner file's folder (evidence paths are relative to it); None for a
    learner that has not been saved yet, whose evidence is then reported as not checked.
    """
    fits = fit_roles(region, learner, report.as_of)
    report = replace(
        report, roles=fits, next_best=next_best(region, learner, report.results, fits, report.as_of)
    )
    report = replace(report, evidence=check_evidence(learner, folder))
    report = replace(report, subscriptions=compare_subscriptions(region, report.results))
    report = replace(report, imported=imported_badges(region, learner))
    return report
