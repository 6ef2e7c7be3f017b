"""Lifelong-learning subscriptions against paying per credit (engine/subscriptions.py).

The break-even case, worked by hand (catalogue `acad` below: USD 300 a credit, USD 100
term fees, a USD 3,000-a-year plan covering two 6-credit micro-credentials, mc-a = A1 +
A2 and mc-b = B1 + B2, all 3-credit courses; C1 is a 6-credit course no plan covers):

- **one year** (A and B offered in spring, C1 in fall, load 12): the plan is 2027 spring
  A1 A2 B1 B2 (12 cr), 2027 fall C1 (6 cr). Per credit: 18 x 300 = 5,400 tuition + 2 x
  100 term fees = **5,600**. With the plan: both credentials are covered in membership
  year 1 (Jan-Dec 2027): 1 x 3,000 fee + (18 - 12) x 300 = 1,800 tuition + 200 fees =
  **5,000**: the plan is cheaper by **600**.
- **two years** (A in spring, C1 in fall, B in fall after C1, load 6): 2027 spring A1 A2,
  2027 fall C1, 2028 spring (nothing offered), 2028 fall B1 B2. Per credit: 5,400 + 3
  busy terms x 100 = **5,700**. With the plan: 2 years x 3,000 + 6 x 300 = 1,800 + 300 =
  **8,100**: paying per credit is cheaper by **2,400**.
- **the crossing point**: the plan pays in a year in which it covers more than 3,000 /
  300 = **10 credits**: 12 covered credits in a year pay (3,600 > 3,000), 6 do not (1,800).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from credstack.engine.advice import advise
from credstack.engine.evaluate import build_report
from credstack.engine.subscriptions import compare_subscriptions
from credstack.report.render import render
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import learner_from_text
from tests.helpers import write_region

AS_OF = dt.date(2026, 11, 28)

ACAD = """\
format = 1

[issuer]
id = "acad"
name = "Acad College"
kind = "college"
country = "US"
credit_system = "us-semester"
currency = "USD"

[institution]
tuition_per_credit = 300.0
fees_per_term = 100.0
residency_credits = 0

[[institution.term]]
name = "spring"
starts = 1
max_credits = 18

[[institution.term]]
name = "fall"
starts = 9
max_credits = 18

[[course]]
code = "A1"
title = "A one"
credits = 3
offered = ["spring"]

[[course]]
code = "A2"
title = "A two"
credits = 3
offered = ["spring"]

[[course]]
code = "B1"
title = "B one"
credits = 3
offered = ["B_OFFERED"]
requires = "B_REQUIRES"

[[course]]
code = "B2"
title = "B two"
credits = 3
offered = ["B_OFFERED"]

[[course]]
code = "C1"
title = "C one"
credits = 6
offered = ["fall"]

[[credential]]
id = "mc-a"
title = "Micro-credential A"
type = "micro-credential"
courses = ["A1", "A2"]
credits = 6

[[credential]]
id = "mc-b"
title = "Micro-credential B"
type = "micro-credential"
courses = ["B1", "B2"]
credits = 6

[[credential]]
id = "cert-c"
title = "Certificate C"
type = "certificate"
courses = ["C1"]

[[program]]
id = "cert"
title = "Certificate of Study"
award = "certificate"
credits = 18

[[program.requirement]]
id = "core"
title = "Core"
courses = ["A1", "A2", "B1", "B2", "C1"]

[[plan]]
id = "member"
title = "Acad Membership"
annual_fee = 3000.0
credentials_per_year = PER_YEAR
covers = COVERS
mentoring = true
"""

LEARNER = """\
format = 1

[learner]
name = "Test Learner"
as_of = 2026-11-28
start = "2027 spring"
credits_per_term = LOAD
attend = ["spring", "fall"]
goals = ["acad:cert"]
"""


def _catalogue(
    *, per_year: int = 2, covers: str = '["mc-a", "mc-b"]', two_years: bool = False
) -> str:
    text = ACAD.replace("PER_YEAR", str(per_year)).replace("COVERS", covers)
    text = text.replace("B_OFFERED", "fall" if two_years else "spring")
    return text.replace("B_REQUIRES", "C1" if two_years else "")


def _compare(tmp_path: Path, catalogue: str, load: int = 12, plans: bool = True):
    if not plans:
        catalogue = catalogue.split("[[plan]]")[0]
    region = load_region(write_region(tmp_path / "region", {"acad.toml": catalogue}))
    learner = learner_from_text(LEARNER.replace("LOAD", str(load)), region).learner
    report = build_report(region, learner, today=AS_OF)
    return region, learner, report, compare_subscriptions(region, report.results)


def test_break_even_two_covered_credentials_in_one_year_make_the_plan_cheaper(tmp_path):
    _, _, report, (comparison,) = _compare(tmp_path, _catalogue())
    assert [t.courses for t in report.results[0].confirmed.plan.terms] == [
        ("A1", "A2", "B1", "B2"),
        ("C1",),
    ]
    option = comparison.options[0]
    assert comparison.per_credit_total == Decimal(5600)
    assert [c.credential for c in option.credentials] == ["acad:mc-a", "acad:mc-b"]
    assert all(c.included and c.year == 1 for c in option.credentials)
    assert [(y.label, y.covered_credits, y.covered_tuition) for y in option.years] == [
        ("Jan 2027 - Dec 2027", Decimal(12), Decimal(3600))
    ]
    assert option.fees_total == Decimal(3000)
    assert option.uncovered_credits == Decimal(6)
    assert option.uncovered_tuition == Decimal(1800)
    assert option.term_fees == Decimal(200)
    assert option.total == Decimal(5000)
    assert (option.cheaper, option.difference) == ("plan", Decimal(600))
    assert option.break_even_credits == Decimal(10)


def test_break_even_one_covered_credential_a_year_is_cheaper_per_credit(tmp_path):
    _, _, report, (comparison,) = _compare(tmp_path, _catalogue(two_years=True), load=6)
    assert [t.courses for t in report.results[0].confirmed.plan.terms] == [
        ("A1", "A2"),
        ("C1",),
        (),
        ("B1", "B2"),
    ]
    option = comparison.options[0]
    assert comparison.per_credit_total == Decimal(5700)
    assert [(c.credential, c.year) for c in option.credentials] == [
        ("acad:mc-a", 1),
        ("acad:mc-b", 2),
    ]
    assert [y.covered_tuition for y in option.years] == [Decimal(1800), Decimal(1800)]
    assert not any(y.pays for y in option.years)  # 6 covered credits < 10 a year
    assert option.total == Decimal(8100)
    assert (option.cheaper, option.difference) == ("per-credit", Decimal(2400))


def test_credentials_per_year_limit_binding_pays_the_excess_per_credit(tmp_path):
    _, _, _, (comparison,) = _compare(tmp_path, _catalogue(per_year=1))
    option = comparison.options[0]
    assert [(c.credential, c.included) for c in option.credentials] == [
        ("acad:mc-a", True),  # equal tuition: the first by reference is included
        ("acad:mc-b", False),
    ]
    assert option.years[0].excess == ("acad:mc-b",)
    # 3,000 fee + (18 - 6) x 300 tuition + 200 term fees
    assert option.total == Decimal(6800)
    assert (option.cheaper, option.difference) == ("per-credit", Decimal(1200))
    assert any("over the yearly allowance" in note for note in option.notes)


def test_covers_star_covers_every_own_micro_credential_only(tmp_path):
    _, _, _, (comparison,) = _compare(tmp_path, _catalogue(covers='["*"]'))
    option = comparison.options[0]
    assert option.covers_all
    assert option.covers == ("acad:mc-a", "acad:mc-b")  # not the certificate cert-c
    assert option.covered_credits == Decimal(12)
    assert "C1" not in {code for c in option.credentials for code in c.courses}


def test_a_plan_covering_nothing_planned_costs_the_same_as_per_credit(tmp_path):
    _, _, _, (comparison,) = _compare(tmp_path, _catalogue(covers="[]"))
    option = comparison.options[0]
    assert option.credentials == () and option.years == ()
    assert (option.total, option.cheaper) == (Decimal(5600), "equal")


def test_no_plans_no_subscriptions_section(tmp_path):
    region, learner, report, found = _compare(tmp_path, _catalogue(), plans=False)
    assert found == ()
    report = advise(region, learner, report, folder=None)
    assert report.subscriptions == ()
    assert "Subscriptions" not in render(report, "text")
    assert "Subscriptions" not in render(report, "markdown")
    assert "subscription" not in render(report, "csv")
    assert json.loads(render(report, "json"))["subscriptions"] == []


def test_every_format_shows_the_comparison(tmp_path):
    region, learner, report, _ = _compare(tmp_path, _catalogue())
    report = advise(region, learner, report, folder=None)
    text = " ".join(render(report, "text").split())  # rich wraps at 80 columns
    assert "The plan is cheaper by USD 600.00." in text
    assert "USD 3,000.00 fees (1 year x USD 3,000.00)" in text
    assert "covers more than 10 cr" in text
    assert "The plan is cheaper by USD 600.00." in render(report, "markdown")
    assert "The plan is cheaper by USD 600.00." in render(report, "html")
    assert "subscription,acad:cert,acad:member,USD" in render(report, "csv")
    data = json.loads(render(report, "json"))
    assert "results" in data and "roles" in data  # the contract's keys stay
    (entry,) = data["subscriptions"]
    plan = entry["plans"][0]
    assert (entry["program"], entry["per_credit_total"]) == ("acad:cert", 5600)
    assert (plan["total"], plan["cheaper"], plan["difference"]) == (5000, "plan", 600)
    assert plan["years"][0]["credentials"] == ["acad:mc-a", "acad:mc-b"]
    assert plan["break_even_credits"] == 10


def test_plan_fee_keeps_the_institutions_own_currency(tmp_path):
    _, _, _, (comparison,) = _compare(tmp_path, _catalogue().replace('"USD"', '"EUR"'))
    assert comparison.currency == "EUR"


def test_shipped_working_professional_sees_both_institutions_plans():
    from credstack.store.shipped import shipped_catalogues, shipped_learners

    region = load_region(shipped_catalogues())
    text = (shipped_learners() / "working-professional.toml").read_text(encoding="utf-8")
    learner = learner_from_text(text, region).learner
    report = build_report(region, learner, today=AS_OF)
    found = {c.program: c for c in compare_subscriptions(region, report.results)}
    assert set(found) == {"lindenhoven:ma-ads", "northbridge:ms-analytics"}
    assert found["lindenhoven:ma-ads"].currency == "EUR"
    northbridge = found["northbridge:ms-analytics"].options[0]
    assert northbridge.covered_credits > 0


def test_joining_only_in_the_years_that_pay_is_shown_when_some_years_do_not(tmp_path):
    """Two years, every course covered (C1 made a micro-credential, covers = ["*"]):
    2027 covers A1 A2 C1 = 12 cr = 3,600 > 3,000 (pays); 2028 covers B1 B2 = 1,800 (does
    not). All years: 2 x 3,000 + 0 tuition + 300 fees = 6,300 against 5,700 per credit;
    joining only in 2027: 5,700 - (3,600 - 3,000) = 5,100."""
    catalogue = _catalogue(two_years=True, covers='["*"]').replace(
        'type = "certificate"', 'type = "micro-credential"'
    )
    _, _, _, (comparison,) = _compare(tmp_path, catalogue, load=6)
    option = comparison.options[0]
    assert [y.pays for y in option.years] == [True, False]
    assert (option.total, option.cheaper, option.difference) == (
        Decimal(6300),
        "per-credit",
        Decimal(600),
    )
    assert option.best_years == ("Jan 2027 - Dec 2027",)
    assert option.best_total == Decimal(5100)


def test_membership_years_start_with_the_first_covered_term(tmp_path):
    """Starting in fall 2027 (B offered in fall, A in spring, load 12): 2027 fall B1 B2
    C1, 2028 spring A1 A2. Membership runs Sep 2027 - Aug 2028, so both credentials fall
    in one year (calendar years would need two fees)."""
    catalogue = ACAD.replace("PER_YEAR", "2").replace("COVERS", '["mc-a", "mc-b"]')
    catalogue = catalogue.replace("B_OFFERED", "fall").replace("B_REQUIRES", "")
    region = load_region(write_region(tmp_path / "region", {"acad.toml": catalogue}))
    text = LEARNER.replace("LOAD", "12").replace('"2027 spring"', '"2027 fall"')
    learner = learner_from_text(text, region).learner
    report = build_report(region, learner, today=AS_OF)
    assert [sorted(t.courses) for t in report.results[0].confirmed.plan.terms] == [
        ["B1", "B2", "C1"],
        ["A1", "A2"],
    ]
    (comparison,) = compare_subscriptions(region, report.results)
    option = comparison.options[0]
    assert [(y.label, y.terms) for y in option.years] == [
        ("Sep 2027 - Aug 2028", ("2027 fall", "2028 spring"))
    ]
    assert (option.fees_total, option.cheaper, option.difference) == (
        Decimal(3000),
        "plan",
        Decimal(600),
    )


def test_plan_titles_are_data_never_markup(tmp_path):
    catalogue = _catalogue().replace('"Acad Membership"', '"[bold]Acad[/bold] <i>Plus</i>"')
    region, learner, report, _ = _compare(tmp_path, catalogue)
    report = advise(region, learner, report, folder=None)
    assert "[bold]Acad[/bold] <i>Plus</i>" in render(report, "text")
    assert "[bold]Acad[/bold] &lt;i&gt;Plus&lt;/i&gt;" in render(report, "html")
