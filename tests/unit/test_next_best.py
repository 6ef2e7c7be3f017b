"""The next best credential (engine/next_best.py): candidates, ranking and explanations.

A small region: a university certificate (CS101, CS102 -> core; MATH110 -> maths) with
articulation rules from a provider's badges, the university's own micro-credential that
stacks into the certificate, and badges no rule recognises.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.engine.advice import advise
from credstack.engine.evaluate import build_report, evaluate
from credstack.engine.next_best import next_best, with_provisional
from credstack.engine.roles import fit_roles
from credstack.model.learner import LearnerFile
from credstack.model.region import Region
from credstack.report.render import render
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import learner_from_text
from credstack.store.shipped import shipped_catalogues, shipped_learners
from tests.helpers import PROV_TOML, UNI_TOML, replace_once, write_region

AS_OF = dt.date(2026, 11, 28)

UNI = (
    replace_once(
        UNI_TOML,
        'stacks_into = ["cert"]\n',
        'stacks_into = ["cert"]\nprice = 2000.0\nskills = ["programming"]\n',
    )
    + """
[[articulation]]
id = "prov-math"
from = ["prov:math-badge"]
grants = ["MATH110"]

[[articulation]]
id = "prov-cheap-math"
from = ["prov:cheap-math"]
grants = ["MATH110"]
"""
)

PROV = (
    replace_once(PROV_TOML, "hours = 40\n", 'hours = 40\nprice = 100.0\nskills = ["python"]\n')
    + """
[[credential]]
id = "math-badge"
title = "Maths Badge"
type = "certification"
hours = 20
price = 90.0
valid_years = 2

[[credential]]
id = "cheap-math"
title = "Cheap Maths Badge"
type = "badge"
hours = 20
price = 50.0

[[credential]]
id = "art-badge"
title = "Art Badge"
type = "badge"
hours = 10
price = 10.0
skills = ["drawing"]

[[role]]
id = "illustrator"
title = "Illustrator"
skills = ["drawing", "python"]
"""
)

LEARNER = """\
format = 1

[learner]
name = "Next Learner"
as_of = 2026-11-28
start = "2027 spring"
attend = ["spring", "fall"]
goals = ["uni:cert"]
"""


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Region:
    root = tmp_path_factory.mktemp("next")
    return load_region(write_region(root, {"uni.toml": UNI, "prov.toml": PROV}))


def learner(region: Region, extra: str = "", header: str = "") -> LearnerFile:
    text = replace_once(LEARNER, "as_of = 2026-11-28\n", f"as_of = 2026-11-28\n{header}")
    return learner_from_text(text + extra, region).learner


def ranked(region: Region, person: LearnerFile):  # type: ignore[no-untyped-def]
    report = build_report(region, person)
    return next_best(region, person, report.results, fit_roles(region, person, AS_OF))


def test_ranking_order_credits_then_terms_then_net_cost(region: Region) -> None:
    found = ranked(region, learner(region))
    assert [c.credential for c in found] == [
        "uni:coding-mc",  # 6 credits
        "prov:py-badge",  # 3 credits and a term sooner (CS102 and MATH110 in one term)
        "prov:cheap-math",  # 3 credits, no term saved, cheaper than...
        "prov:math-badge",  # ...the same credits at a higher price
    ]
    assert [c.rank for c in found] == [1, 2, 3, 4]
    first, second, third, fourth = found
    assert first.credits_gained == Decimal(6)
    assert (second.credits_gained, second.terms_saved) == (Decimal(3), 1)
    assert (third.credits_gained, third.terms_saved) == (Decimal(3), 0)
    assert third.net_cost < fourth.net_cost
    assert third.net_cost == Decimal(50) + third.goals[0].cost_change


def test_ranking_then_prefers_the_target_role_gap_closed(region: Region) -> None:
    person = learner(region, header='roles = ["prov:illustrator"]\n')
    found = ranked(region, person)
    art = next(c for c in found if c.credential == "prov:art-badge")
    assert art.gap_closed == 1 and art.credits_gained == 0
    assert found[-1].credential == "prov:art-badge"  # no credits: after every credit
    badge = next(c for c in found if c.credential == "prov:py-badge")
    assert badge.gap_closed == 1  # python, for the illustrator role


def test_credits_gained_equal_the_what_if_delta(region: Region) -> None:
    person = learner(region)
    before = evaluate(region, person, "uni:cert", AS_OF)
    for candidate in ranked(region, person):
        after = evaluate(
            region, with_provisional(person, candidate.credential, AS_OF), "uni:cert", AS_OF
        )
        (goal,) = candidate.goals
        assert goal.credits_gained == after.confirmed.audit.applied - before.confirmed.audit.applied
        assert goal.terms_saved == (
            before.confirmed.plan.term_count - after.confirmed.plan.term_count
        )
        assert goal.cost_change == after.confirmed.plan.cost - before.confirmed.plan.cost


def test_explanation_names_the_rule_and_the_requirement(region: Region) -> None:
    badge = next(c for c in ranked(region, learner(region)) if c.credential == "prov:py-badge")
    assert badge.goals[0].rules == ("prov-badge",)
    assert badge.goals[0].requirements == ("core",)
    assert badge.explanation == (
        "Counts 3 credits toward the Certificate in Computing at Example University "
        "(core via prov-badge), 1 term sooner."
    )


def test_explanation_names_the_program_it_stacks_into(region: Region) -> None:
    mc = ranked(region, learner(region))[0]
    assert mc.stacks_into == ("Certificate in Computing",)
    assert mc.explanation.startswith(
        "Stacks into the Certificate in Computing; counts 6 credits toward the Certificate "
        "in Computing at Example University (core via internal)"
    )


def test_explanation_names_the_target_role_it_closes(region: Region) -> None:
    person = learner(
        region,
        extra='\n[[prior]]\ntitle = "Coder"\nkind = "workplace"\nskills = ["python"]\n',
        header='roles = ["prov:illustrator"]\n',
    )
    art = next(c for c in ranked(region, person) if c.credential == "prov:art-badge")
    assert art.explanation == "Closes the Illustrator role."


def test_credential_no_rule_recognises_and_no_target_role_needs_is_left_out(
    region: Region,
) -> None:
    assert "prov:art-badge" not in [c.credential for c in ranked(region, learner(region))]


def test_held_credentials_are_not_candidates(region: Region) -> None:
    person = learner(region, '\n[[held]]\nref = "prov:py-badge"\nearned = 2026-01-05\n')
    assert "prov:py-badge" not in [c.credential for c in ranked(region, person)]


def test_an_expired_certification_is_a_candidate_again(region: Region) -> None:
    person = learner(region, '\n[[held]]\nref = "prov:math-badge"\nearned = 2020-01-05\n')
    renewal = next(c for c in ranked(region, person) if c.credential == "prov:math-badge")
    assert renewal.credits_gained == Decimal(3)


def test_only_the_top_candidates_are_kept(region: Region) -> None:
    person = learner(region)
    report = build_report(region, person)
    found = next_best(region, person, report.results, (), top=2)
    assert [c.credential for c in found] == ["uni:coding-mc", "prov:py-badge"]


def test_without_goals_or_target_roles_nothing_is_ranked(region: Region) -> None:
    person = learner_from_text(replace_once(LEARNER, 'goals = ["uni:cert"]\n', ""), region)
    report = build_report(region, person.learner)
    assert next_best(region, person.learner, report.results, ()) == ()


def test_report_json_adds_roles_and_next_best_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    learner_file = shipped_learners() / "career-changer.toml"
    assert main(["report", str(learner_file), "--format", "json", "--no-cache"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert list(document)[:4] == ["format", "learner", "as_of", "results"]
    assert [r["role"] for r in document["roles"]] == [
        "lakeshore:soc-analyst",
        "lakeshore:junior-data-analyst",
    ]
    top = document["next_best"][0]
    assert top["rank"] == 1 and top["explanation"]
    assert {g["program"] for g in top["goals"]} <= {"northbridge:bs-it", "metro-cc:as-cis"}


def test_every_format_shows_the_careers_sections_only_when_they_have_content(
    region: Region, tmp_path: Path
) -> None:
    shipped = load_region(shipped_catalogues())
    person = learner_from_text(
        (shipped_learners() / "career-changer.toml").read_text("utf-8"), shipped
    ).learner
    full = advise(shipped, person, build_report(shipped, person), folder=None)
    assert full.roles and full.next_best
    plain = learner_from_text(replace_once(LEARNER, 'goals = ["uni:cert"]\n', ""), region)
    empty = advise(region, plain.learner, build_report(region, plain.learner), folder=None)
    empty = type(empty)(learner=empty.learner, as_of=empty.as_of, results=empty.results)
    for fmt, roles_heading, next_heading in (
        ("text", "Employer roles (skills-first)", "Next best credential"),
        ("markdown", "## Employer roles (skills-first)", "## Next best credential"),
        ("html", ">Employer roles (skills-first)</h2>", ">Next best credential</h2>"),
        ("csv", "section,role,title", "section,rank,credential"),
    ):
        shown = render(full, fmt)
        assert roles_heading in shown and next_heading in shown, fmt
        assert full.next_best[0].credential in shown, fmt
        hidden = render(empty, fmt)
        assert roles_heading not in hidden and next_heading not in hidden, fmt


def test_catalogue_text_in_the_careers_sections_is_never_markup(tmp_path: Path) -> None:
    hostile = replace_once(PROV, 'title = "Illustrator"', 'title = "<b>[bold]*Ill*</b> | x"')
    region = load_region(write_region(tmp_path / "r", {"uni.toml": UNI, "prov.toml": hostile}))
    person = learner(region, header='roles = ["prov:illustrator"]\n')
    report = advise(region, person, build_report(region, person), folder=None)
    assert "<b>" not in render(report, "html") and "&lt;b&gt;" in render(report, "html")
    assert "[bold]" in render(report, "text")
    assert "\\*Ill\\*" in render(report, "markdown") and "\\|" in render(report, "markdown")


def test_an_expired_credential_is_a_renewal_not_a_new_credential(region: Region) -> None:
    """math-badge is valid 2 years: earned in 2020 it has expired by 2026 and is offered
    again as a renewal, said first in its explanation; never as if it were new."""
    expired = '\n[[held]]\nref = "prov:math-badge"\nearned = 2020-05-01\n'
    again = next(
        c for c in ranked(region, learner(region, expired)) if c.credential == "prov:math-badge"
    )
    assert again.renewal
    assert again.explanation.startswith("A renewal: the learner's credential has expired")
    fresh = next(c for c in ranked(region, learner(region)) if c.credential == "prov:math-badge")
    assert not fresh.renewal and not fresh.explanation.startswith("A renewal")
