"""`credstack report` and `credstack compare`."""

from __future__ import annotations

import argparse

from credstack.errors import CredstackError


def run_report(args: argparse.Namespace) -> int:
    raise CredstackError.at("credstack", 0, "report is not yet available in this version")


def run_compare(args: argparse.Namespace) -> int:
    raise CredstackError.at("credstack", 0, "compare is not yet available in this version")
