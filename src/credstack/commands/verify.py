"""`credstack verify LEARNER`: check every evidence artifact against its SHA-256.

Reads the learner file (its refs are checked against the catalogues, as everywhere) and
each artifact; never writes, renames or touches anything. Exit 0 when every artifact
that has a file is ok (unhashed artifacts and attestations without a file are listed but
do not fail), 1 when any is changed, missing, refused or unreadable, 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from credstack.commands.report import load_inputs
from credstack.engine.evidence import EvidenceCheck, check_evidence, failed
from credstack.report.evidence import verify_document
from credstack.report.json_report import verify_json
from credstack.report.text import to_text


def run_verify(args: argparse.Namespace) -> int:
    _, loaded = load_inputs(args)
    folder = args.learner.parent
    checks = check_evidence(loaded.learner, folder, allow_outside=args.allow_outside)
    if args.format == "json":
        text = (
            json.dumps(
                verify_json(loaded.learner.learner.name, checks), indent=2, ensure_ascii=False
            )
            + "\n"
        )
    else:
        text = render_verify(loaded.learner.learner.name, checks, color=sys.stdout.isatty())
    sys.stdout.write(text)
    sys.stdout.flush()
    return 1 if failed(checks) else 0


def render_verify(learner: str, checks: Sequence[EvidenceCheck], *, color: bool) -> str:
    """The artifacts as a table within 80 columns, then the summary line."""
    return to_text(verify_document(learner, checks), color=color)
