"""`credstack agreement --from F --to B:P`: what a feeder's items do for a program."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from credstack.commands.streams import catalogue_inputs, check_output, emit, is_stdio, refuse_inputs
from credstack.engine.agreement import agreement
from credstack.report.agreement import agreement_csv, agreement_document, agreement_json
from credstack.report.render import walk
from credstack.store.catalogue_loader import load_region
from credstack.store.shipped import shipped_catalogues


def run_agreement(args: argparse.Namespace) -> int:
    root: Path = args.catalogs or shipped_catalogues()
    output: Path | None = args.output
    if output is not None:
        refuse_inputs(output, catalogue_inputs(root))
        check_output(output)
    region = load_region(root, cache=not args.no_cache)
    view = agreement(region, args.feeder, args.program, args.as_of or dt.date.today())
    color = (output is None or is_stdio(output)) and sys.stdout.isatty()
    fmt = args.format
    if fmt == "json":
        text = agreement_json(view)
    elif fmt == "csv":
        text = agreement_csv(view)
    else:
        text = walk(agreement_document(view), fmt, color=color)
    emit(text, output, styled=color and fmt == "text", sanitise=fmt == "text")
    return 0
