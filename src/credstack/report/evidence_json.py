"""The evidence portfolio in JSON: the report's top-level `evidence` list and the document
`credstack verify --format json` prints (docs/evidence.md). Kept apart from the human
formats so that json_report imports nothing that imports it back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from credstack.engine.evidence import EvidenceCheck, summary


def artifact_json(check: EvidenceCheck) -> dict[str, Any]:
    """One artifact in the report JSON's top-level `evidence` list."""
    return {
        "held": check.held,
        "title": check.title,
        "path": check.path,
        "state": check.state,
        "detail": check.detail,
        "sha256": check.sha256,
        "actual_sha256": check.actual,
    }


def verify_json(learner: str, checks: Sequence[EvidenceCheck]) -> dict[str, Any]:
    """The document `credstack verify --format json` prints."""
    return {
        "learner": learner,
        "evidence": [artifact_json(check) for check in checks],
        "summary": summary(checks),
        "failed": any(check.failed for check in checks),
    }
