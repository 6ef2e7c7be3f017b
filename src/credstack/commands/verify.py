"""`credstack verify LEARNER`: check every evidence artifact against its SHA-256.

Reads the learner file (its refs are checked against the catalogues, as everywhere) and
each artifact; never writes, renames or touches anything. Exit 0 when every artifact
that has a file is ok (unhashed artifacts and attestations without a file are listed but
do not fail), 1 when any is changed, missing, refused or unreadable, 2 for bad input.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence

from credstack.commands.report import load_inputs
from credstack.commands.streams import emit
from credstack.engine.evidence import EvidenceCheck, check_evidence, failed
from credstack.report.evidence import verify_document
from credstack.report.json_report import verify_json
from credstack.report.text import to_text
from credstack.safe_text import safe_text


def run_verify(args: argparse.Namespace) -> int:
    _, loaded = load_inputs(args)
    folder = loaded.path.parent if loaded.path else None  # from stdin: not checked
    checks = check_evidence(loaded.learner, folder, allow_outside=args.allow_outside)
    if args.format == "json":
        text = (
            json.dumps(
                verify_json(loaded.learner.learner.name, checks), indent=2, ensure_ascii=False
            )
            + "\n"
        )
        emit(text, None)
    else:
        color = sys.stdout.isatty()
        text = render_verify(loaded.learner.learner.name, checks, color=color)
        emit(text, None, styled=color, sanitise=True)
    return 1 if failed(checks) else 0


def render_verify(learner: str, checks: Sequence[EvidenceCheck], *, color: bool) -> str:
    """The artifacts as a table within 80 columns, then the summary line.

    Titles, paths, details and the name come from the learner file: their control
    characters are made visible before they meet the renderer's own escape codes.
    """
    safe = [_safe_check(check) for check in checks]
    return to_text(verify_document(safe_text(learner), safe), color=color)


def _safe_check(check: EvidenceCheck) -> EvidenceCheck:
    return dataclasses.replace(
        check,
        held=safe_text(check.held),
        title=safe_text(check.title),
        path=None if check.path is None else safe_text(check.path),
        detail=safe_text(check.detail),
    )
