"""A large JSON document is written compact, and says exactly what the indented one says."""

from __future__ import annotations

import json

import pytest

from credstack.cli import main
from credstack.report import json_report
from tests.helpers import PROJECT

LEARNER = PROJECT / "examples/learners/cc-transfer.toml"


def compare_json(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["compare", str(LEARNER), "--award", "bachelor", "--format", "json"]) == 0
    return capsys.readouterr().out


def test_past_the_threshold_the_same_document_is_compact(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    indented = compare_json(capsys)
    assert indented.startswith('{\n  "format": 1,')  # a small document: indented
    monkeypatch.setattr(json_report, "COMPACT_ABOVE", 1000)
    compact = compare_json(capsys)
    assert compact.count("\n") == 1 and compact.endswith("}\n")
    assert len(compact) < len(indented)
    assert json.loads(compact) == json.loads(indented)
