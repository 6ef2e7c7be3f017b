"""The agreement view (engine/agreement.py): one test per rule, on small catalogues."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.engine.agreement import Agreement, agreement, feeders_into
from credstack.errors import CredstackError
from credstack.model.region import Region
from credstack.report.agreement import (
    agreement_csv,
    agreement_document,
    agreement_json,
)
from credstack.report.html import to_html
from credstack.report.markdown import to_markdown
from credstack.report.text import to_text
from credstack.store.catalogue_loader import load_region
from tests.unit.semantics_helpers import (
    articulation,
    course,
    courses,
    credential,
    issuer,
    policy,
    program,
    requirement,
)

AS_OF = dt.date(2026, 11, 28)


def _region(tmp_path: Path, receiving: str, feeder: str, other: str = "") -> Region:
    folder = tmp_path / "catalogs"
    folder.mkdir()
    (folder / "r.toml").write_text(receiving, encoding="utf-8")
    (folder / "x.toml").write_text(feeder, encoding="utf-8")
    if other:
        (folder / "y.toml").write_text(other, encoding="utf-8")
    return load_region(folder)


FEEDER = (
    issuer("x") + policy() + courses("A1", "A2", "A3") + credential("cert", courses=["A1", "A2"])
)


def _receiving(*rules: str, share: float = 1.0, residency: float = 0) -> str:
    return (
        issuer("r")
        + policy(share=share, residency=residency)
        + courses("R1", "R2", "R3", "R9")
        + course("E1", subject="ECON", level=2)
        + program(
            "deg",
            60,
            requirement("core", courses=["R1", "R2"]),
            requirement("pick", courses=["R1", "R2", "R3"], choose=1),
            requirement("econ", credits=6, subjects=["ECON"]),
        )
        + "".join(rules)
    )


def _view(tmp_path: Path, *rules: str, **policy_fields: float) -> Agreement:
    region = _region(tmp_path, _receiving(*rules, **policy_fields), FEEDER)
    return agreement(region, "x", "r:deg", AS_OF)


def _requirement(view: Agreement, ident: str):  # type: ignore[no-untyped-def]
    return next(r for r in view.requirements if r.id == ident)


def test_rule_granting_a_listed_course_reaches_every_requirement_listing_it(tmp_path):
    view = _view(tmp_path, articulation("a1", ["x:A1"], grants=["R1"]))
    assert [r.rule for r in _requirement(view, "core").rules] == ["a1"]
    assert [r.rule for r in _requirement(view, "pick").rules] == ["a1"]
    assert _requirement(view, "core").uncovered == ("r:R2",)
    assert _requirement(view, "core").coverage == "partial"
    assert _requirement(view, "pick").coverage == "covered"  # choose 1 of 3: one reached


def test_and_rule_needs_every_feeder_item(tmp_path):
    view = _view(tmp_path, articulation("both", ["x:A1", "x:A2"], grants=["R2"]))
    (rule,) = _requirement(view, "core").rules
    assert [item.ref for item in rule.takes] == ["x:A1", "x:A2"]
    assert "x:A1 Course A1 + x:A2 Course A2" in to_text(agreement_document(view))


def test_credential_containing_a_named_course_is_listed_as_via(tmp_path):
    view = _view(tmp_path, articulation("a2", ["x:A2"], grants=["R2"]))
    (rule,) = _requirement(view, "core").rules
    assert rule.takes[0].via == ("x:cert",)
    assert rule.takes[0].kind == "course"


def test_grant_credits_block_reaches_filtered_credits_requirement(tmp_path):
    view = _view(
        tmp_path,
        articulation("econ-a", ["x:A3"], grant_credits=3, subject="ECON", level=2),
        articulation("econ-b", ["x:A1"], grant_credits=3, subject="ECON", level=2),
    )
    econ = _requirement(view, "econ")
    assert [r.rule for r in econ.rules] == ["econ-a", "econ-b"]
    assert econ.coverage == "covered"  # 3 + 3 credits reach the 6 asked
    assert econ.rules[0].grants[0].ref == "r:BLOCK:econ-a"


def test_block_of_another_subject_is_general_credit_only(tmp_path):
    view = _view(tmp_path, articulation("hist", ["x:A3"], grant_credits=3, subject="HIST"))
    assert _requirement(view, "econ").rules == ()
    assert [r.rule for r in view.general] == ["hist"]


def test_rule_granting_course_counted_nowhere_is_general_credit(tmp_path):
    view = _view(tmp_path, articulation("a9", ["x:A1"], grants=["R9"]))
    assert all(not r.rules for r in view.requirements)
    assert [r.rule for r in view.general] == ["a9"]


def test_closed_window_is_marked_and_does_not_cover(tmp_path):
    view = _view(
        tmp_path,
        articulation("old", ["x:A1"], grants=["R3"], valid_until=dt.date(2020, 6, 30)),
    )
    pick = _requirement(view, "pick")
    assert pick.rules[0].closed
    assert pick.coverage == "none"
    assert "closed" in to_text(agreement_document(view))


def test_rule_conditions_are_shown_with_recency_from_the_institution(tmp_path):
    view = _view(tmp_path, articulation("g", ["x:A1"], grants=["R1"], min_grade="B"))
    rule = _requirement(view, "core").rules[0]
    assert rule.min_grade == "B"
    assert rule.max_age_years == 10  # the institution's recency_years, rule has none


def test_rule_mixing_issuers_is_not_an_agreement_of_either(tmp_path):
    other = issuer("y") + policy() + courses("B1")
    region = _region(
        tmp_path,
        _receiving(articulation("mix", ["x:A1", "y:B1"], grants=["R1"])),
        FEEDER,
        other,
    )
    view = agreement(region, "x", "r:deg", AS_OF)
    assert all(not r.rules for r in view.requirements) and not view.general
    assert feeders_into(region, "r") == []


def test_feeders_into_lists_each_issuer_with_rules_once(tmp_path):
    region = _region(
        tmp_path,
        _receiving(
            articulation("a1", ["x:A1"], grants=["R1"]),
            articulation("a2", ["x:A2"], grants=["R2"]),
        ),
        FEEDER,
    )
    assert feeders_into(region, "r") == ["x"]


def test_transfer_cap_and_residency_come_from_the_institution(tmp_path):
    view = _view(tmp_path, share=0.5, residency=15)
    assert view.max_external_credits == 30
    assert view.residency_credits == 15


def test_unknown_feeder_or_program_is_an_error_naming_the_option(tmp_path):
    region = _region(tmp_path, _receiving(), FEEDER)
    with pytest.raises(CredstackError, match=r"--from:1: no loaded issuer 'z'"):
        agreement(region, "z", "r:deg", AS_OF)
    with pytest.raises(CredstackError, match=r"--to:1: no loaded program 'r:dg'.*r:deg"):
        agreement(region, "x", "r:dg", AS_OF)


def test_every_format_carries_the_same_rules(tmp_path):
    view = _view(
        tmp_path,
        articulation("a1", ["x:A1"], grants=["R1"], agreement="<b>X & R</b> 2+2"),
        articulation("econ-a", ["x:A3"], grant_credits=3, subject="ECON", level=2),
    )
    data = json.loads(agreement_json(view))
    assert [r["id"] for r in data["requirements"]] == ["core", "pick", "econ"]
    assert data["requirements"][0]["rules"][0]["grants"][0]["ref"] == "r:R1"
    assert data["requirements"][2]["rules"][0]["grants"][0]["credits"] == 3
    rows = list(csv.DictReader(io.StringIO(agreement_csv(view))))
    assert [(row["requirement"], row["rule"]) for row in rows] == [
        ("core", "a1"),
        ("pick", "a1"),
        ("econ", "econ-a"),
    ]
    html = to_html(agreement_document(view))
    assert "&lt;b&gt;X &amp; R&lt;/b&gt; 2+2" in html and "<b>X" not in html
    markdown = to_markdown(agreement_document(view))
    assert "econ-a" in markdown and "a1" in markdown


def test_cli_agreement_writes_json_and_rejects_unknown_feeder(tmp_path, capsys):
    region_dir = tmp_path / "catalogs"
    _region(tmp_path, _receiving(articulation("a1", ["x:A1"], grants=["R1"])), FEEDER)
    out = tmp_path / "agreement.json"
    args = ["agreement", "--from", "x", "--to", "r:deg", "--catalogs", str(region_dir)]
    assert main([*args, "--format", "json", "--output", str(out), "--as-of", "2026-11-28"]) == 0
    assert json.loads(out.read_text())["as_of"] == "2026-11-28"
    assert main(["agreement", "--from", "q", "--to", "r:deg", "--catalogs", str(region_dir)]) == 2
    assert "no loaded issuer 'q'" in capsys.readouterr().err


def test_agreement_json_is_the_whole_stdout_of_a_real_process():
    """As every JSON command (test_json_stdout.py): stdout is one document, stderr empty."""
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "credstack",
            "agreement",
            "--from",
            "metro-cc",
            "--to",
            "northbridge:bs-it",
            "--format",
            "json",
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and done.stderr == ""
    data = json.loads(done.stdout)
    assert data["feeder"]["id"] == "metro-cc"
    assert {r["coverage"] for r in data["requirements"]} <= {"covered", "partial", "none"}
