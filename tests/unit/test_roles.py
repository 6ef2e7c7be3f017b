"""Skills-first roles (engine/roles.py): evidence, acceptance, the gap and the two sets.

A small region: an employer with roles, a US provider (USD prices, hours), a Dutch
provider (EUR prices, ECTS credits only) and a university whose courses teach skills.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.engine.roles import fit_roles, role_fit
from credstack.errors import CredstackError
from credstack.model.learner import LearnerFile
from credstack.model.region import Region
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import learner_from_text
from credstack.store.shipped import shipped_catalogues, shipped_learners
from tests.helpers import line_no, replace_once, write_region

AS_OF = dt.date(2026, 11, 28)

EMPLOYER = """\
format = 1

[issuer]
id = "acme"
name = "Acme Corp"
kind = "employer"
country = "US"

[[credential]]
id = "in-house-sql"
title = "In-house SQL"
type = "workplace-training"
hours = 5
skills = ["sql"]

[[role]]
id = "analyst"
title = "Data Analyst"
skills = ["sql", "statistics", "visualisation", "storytelling"]
accepts = ["usp:analyst-cert"]

[[role]]
id = "helpdesk"
title = "Helpdesk"
skills = ["support"]

[[role]]
id = "quant"
title = "Quant"
skills = ["sql", "quantum-finance"]
"""

US_PROVIDER = """\
format = 1

[issuer]
id = "usp"
name = "US Provider"
kind = "provider"
country = "US"

[[credential]]
id = "sql-cert"
title = "SQL Certificate"
type = "certificate"
hours = 40
price = 100.0
skills = ["sql"]

[[credential]]
id = "stats-cert"
title = "Statistics Certificate"
type = "certificate"
hours = 60
price = 150.0
skills = ["statistics", "visualisation"]

[[credential]]
id = "story-cert"
title = "Storytelling Certificate"
type = "certificate"
hours = 20
price = 50.0
skills = ["storytelling"]

[[credential]]
id = "analyst-cert"
title = "Analyst Certificate"
type = "certificate"
hours = 200
price = 900.0
skills = ["sql", "statistics"]

[[credential]]
id = "support-cert"
title = "Support Certificate"
type = "certification"
hours = 30
price = 80.0
valid_years = 3
skills = ["support"]
"""

EU_PROVIDER = """\
format = 1

[issuer]
id = "eup"
name = "EU Provider"
kind = "university"
country = "NL"
credit_system = "ects"
currency = "EUR"

[[credential]]
id = "data-mc"
title = "Data Micro-credential"
type = "micro-credential"
credits = 2
price = 10.0
skills = ["sql", "statistics", "visualisation", "storytelling"]
"""

UNIVERSITY = """\
format = 1

[issuer]
id = "uni"
name = "Example University"
kind = "university"
country = "US"
credit_system = "us-semester"

[[course]]
code = "STAT101"
title = "Statistics"
credits = 3
skills = ["statistics"]

[[credential]]
id = "stats-mc"
title = "Statistics Micro-credential"
type = "micro-credential"
courses = ["STAT101"]
"""

LEARNER = """\
format = 1

[learner]
name = "Role Learner"
as_of = 2026-11-28
"""


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Region:
    root = tmp_path_factory.mktemp("roles")
    files = {
        "acme.toml": EMPLOYER,
        "usp.toml": US_PROVIDER,
        "eup.toml": EU_PROVIDER,
        "uni.toml": UNIVERSITY,
    }
    return load_region(write_region(root, files))


def learner(region: Region, extra: str = "", header: str = "") -> LearnerFile:
    text = replace_once(LEARNER, "as_of = 2026-11-28\n", f"as_of = 2026-11-28\n{header}")
    return learner_from_text(text + extra, region).learner


def held(ref: str, earned: str = "2026-01-10", grade: str = "P") -> str:
    return f'\n[[held]]\nref = "{ref}"\nearned = {earned}\ngrade = "{grade}"\n'


def prior(title: str, skills: list[str]) -> str:
    quoted = ", ".join(f'"{s}"' for s in skills)
    return f'\n[[prior]]\ntitle = "{title}"\nkind = "workplace"\nhours = 900\nskills = [{quoted}]\n'


def test_skill_evidenced_by_prior_learning_names_the_prior_learning(region: Region) -> None:
    fit = role_fit(
        region, learner(region, prior("Reporting clerk", ["storytelling"])), "acme:analyst", AS_OF
    )
    assert [(e.skill, e.sources) for e in fit.evidenced] == [("storytelling", ("Reporting clerk",))]
    assert "storytelling" not in fit.gap


def test_skill_evidenced_by_a_held_credential_names_the_credential(region: Region) -> None:
    fit = role_fit(region, learner(region, held("usp:sql-cert")), "acme:analyst", AS_OF)
    assert [(e.skill, e.sources) for e in fit.evidenced] == [("sql", ("usp:sql-cert",))]


def test_skill_evidenced_by_the_courses_of_a_held_credential(region: Region) -> None:
    fit = role_fit(region, learner(region, held("uni:stats-mc")), "acme:analyst", AS_OF)
    assert [(e.skill, e.sources) for e in fit.evidenced] == [("statistics", ("uni:stats-mc",))]


def test_skill_evidenced_by_a_held_course(region: Region) -> None:
    fit = role_fit(region, learner(region, held("uni:STAT101", grade="B")), "acme:analyst", AS_OF)
    assert [(e.skill, e.sources) for e in fit.evidenced] == [("statistics", ("uni:STAT101",))]


def test_failed_held_course_evidences_nothing(region: Region) -> None:
    fit = role_fit(region, learner(region, held("uni:STAT101", grade="F")), "acme:analyst", AS_OF)
    assert fit.evidenced == ()


def test_accepted_credential_held_satisfies_the_role(region: Region) -> None:
    fit = role_fit(region, learner(region, held("usp:analyst-cert")), "acme:analyst", AS_OF)
    assert fit.accepted_held == ("usp:analyst-cert",)
    assert fit.satisfied
    assert fit.cheapest is None and fit.quickest is None  # nothing left to close


def test_every_skill_evidenced_satisfies_the_role(region: Region) -> None:
    fit = role_fit(
        region, learner(region, prior("Technician", ["support"])), "acme:helpdesk", AS_OF
    )
    assert fit.gap == () and fit.satisfied and fit.accepted_held == ()


def test_gap_lists_missing_skills_in_the_roles_order(region: Region) -> None:
    fit = role_fit(region, learner(region, held("usp:stats-cert")), "acme:analyst", AS_OF)
    assert fit.gap == ("sql", "storytelling")
    assert not fit.satisfied


def test_expired_certification_neither_evidences_nor_is_accepted(region: Region) -> None:
    old = learner(region, held("usp:support-cert", earned="2022-01-10"))
    fit = role_fit(region, old, "acme:helpdesk", AS_OF)
    assert fit.gap == ("support",) and fit.expired == ("usp:support-cert",)
    assert fit.cheapest is not None and fit.cheapest.credentials == ("usp:support-cert",)
    current = learner(region, held("usp:support-cert", earned="2025-01-10"))
    assert role_fit(region, current, "acme:helpdesk", AS_OF).satisfied


def test_cheapest_set_is_exact_not_greedy(region: Region) -> None:
    # within USD: sql-cert + stats-cert + story-cert (300) beats the accepted
    # analyst-cert alone (900), which covers the whole gap at once
    fit = role_fit(region, learner(region), "acme:analyst", AS_OF)
    assert fit.cheapest is not None
    assert fit.cheapest.credentials == ("usp:sql-cert", "usp:stats-cert", "usp:story-cert")
    assert fit.cheapest.total == Decimal(300) and fit.cheapest.unit == "USD"
    assert dict((i.credential, i.skills) for i in fit.cheapest.items)["usp:stats-cert"] == (
        "statistics",
        "visualisation",
    )


def test_cheapest_set_is_priced_in_one_currency_never_converted(region: Region) -> None:
    # the EUR micro-credential covers every skill for 10, but the learner's currency is
    # USD (no goals: the employer's), so it is not compared with USD prices
    fit = role_fit(region, learner(region), "acme:analyst", AS_OF)
    assert fit.cheapest is not None and fit.cheapest.unit == "USD"
    assert all(item.currency == "USD" for item in fit.cheapest.items)


def test_cheapest_falls_back_to_another_currency_when_none_closes_in_the_first(
    region: Region,
) -> None:
    fit = role_fit(
        region,
        learner(region, held("usp:stats-cert") + held("usp:sql-cert")),
        "acme:analyst",
        AS_OF,
    )
    assert fit.cheapest is not None and fit.cheapest.credentials == ("usp:story-cert",)
    no_story = role_fit(
        region,
        learner(region, held("usp:sql-cert") + held("usp:stats-cert")),
        "acme:analyst",
        AS_OF,
        catalogue_offers=[
            o for o in _offers(region) if o.ref not in ("usp:story-cert", "usp:analyst-cert")
        ],
    )
    assert no_story.cheapest is not None
    assert no_story.cheapest.credentials == ("eup:data-mc",) and no_story.cheapest.unit == "EUR"


def _offers(region: Region):  # type: ignore[no-untyped-def]
    from credstack.engine.roles import offers

    return offers(region)


def test_quickest_set_uses_hours_or_credits_times_hours_per_credit(region: Region) -> None:
    fit = role_fit(region, learner(region), "acme:analyst", AS_OF)
    assert fit.quickest is not None
    # eup:data-mc is 2 ECTS x 27.5 h = 55 h, quicker than 40 + 60 + 20 = 120 h in USD
    assert fit.quickest.credentials == ("eup:data-mc",)
    assert fit.quickest.total == Decimal(55) and fit.quickest.unit == "hours"
    assert fit.quickest.weeks == 6  # 55 h at 10 h a week, rounded up


def test_accepted_credential_alone_closes_the_role(region: Region) -> None:
    fit = role_fit(
        region,
        learner(region, held("usp:sql-cert") + held("usp:story-cert")),
        "acme:analyst",
        AS_OF,
        catalogue_offers=[o for o in _offers(region) if o.ref != "eup:data-mc"],
    )
    assert fit.gap == ("statistics", "visualisation")
    # stats-cert (150) closes it by skills; the accepted analyst-cert (900) alone also would
    assert fit.cheapest is not None and fit.cheapest.credentials == ("usp:stats-cert",)
    accepted_only = role_fit(
        region,
        learner(region, held("usp:sql-cert") + held("usp:story-cert")),
        "acme:analyst",
        AS_OF,
        catalogue_offers=[o for o in _offers(region) if o.ref in ("usp:analyst-cert",)],
    )
    assert accepted_only.cheapest is not None
    assert accepted_only.cheapest.credentials == ("usp:analyst-cert",)
    assert accepted_only.cheapest.items[0].accepted


def test_untaught_skill_is_reported_and_no_set_closes_the_gap(region: Region) -> None:
    fit = role_fit(region, learner(region), "acme:quant", AS_OF)
    assert fit.untaught == ("quantum-finance",)
    assert fit.cheapest is None and fit.quickest is None


def test_workplace_training_is_never_proposed(region: Region) -> None:
    fit = role_fit(region, learner(region), "acme:quant", AS_OF)
    assert fit.gap == ("sql", "quantum-finance")
    sql_only = role_fit(
        region, learner(region, prior("Quant intern", ["quantum-finance"])), "acme:quant", AS_OF
    )
    assert sql_only.quickest is not None
    assert "acme:in-house-sql" not in sql_only.quickest.credentials  # 5 h, but in-house


def test_target_roles_are_reported_in_the_learners_order(region: Region) -> None:
    person = learner(region, header='roles = ["acme:helpdesk", "acme:analyst"]\n')
    assert [f.role for f in fit_roles(region, person, AS_OF)] == ["acme:helpdesk", "acme:analyst"]
    assert all(f.target for f in fit_roles(region, person, AS_OF))


def test_without_target_roles_the_best_fitting_roles_are_listed(region: Region) -> None:
    person = learner(region, prior("Technician", ["support", "sql"]))
    fits = fit_roles(region, person, AS_OF)
    assert [f.role for f in fits] == ["acme:helpdesk", "acme:quant", "acme:analyst"]
    assert not any(f.target for f in fits)


def test_unknown_target_role_is_a_located_error_with_did_you_mean(region: Region) -> None:
    text = replace_once(
        LEARNER, "as_of = 2026-11-28\n", 'as_of = 2026-11-28\nroles = ["acme:analist"]\n'
    )
    with pytest.raises(CredstackError) as caught:
        learner_from_text(text, region, "l.toml")
    assert [str(p) for p in caught.value.problems] == [
        f"l.toml:{line_no(text, 'roles')}: role 'acme:analist' is not a loaded employer role "
        "(did you mean 'acme:analyst' or 'acme:quant'?)"
    ]


def test_unknown_target_role_exits_2_with_the_learner_files_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (shipped_learners() / "career-changer.toml").read_text("utf-8")
    text = replace_once(text, '"lakeshore:soc-analyst"', '"lakeshore:soc-analist"')
    path = tmp_path / "learner.toml"
    path.write_text(text, "utf-8")
    assert main(["report", str(path), "--catalogs", str(shipped_catalogues()), "--no-cache"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(
        f"{path}:{line_no(text, 'roles =')}: role 'lakeshore:soc-analist' is not a loaded "
        "employer role (did you mean 'lakeshore:soc-analyst'"
    )
    assert "\n" not in err and "Traceback" not in err


def test_adding_a_held_item_never_increases_a_roles_gap() -> None:
    """Every loaded course and credential, added to the career changer: no role's gap
    grows, and a satisfied role stays satisfied."""
    region = load_region(shipped_catalogues())
    base = learner_from_text(
        (shipped_learners() / "career-changer.toml").read_text("utf-8"), region
    ).learner
    before = {ref: role_fit(region, base, ref, AS_OF) for ref in region.role_refs()}
    for ref in region.holdable_refs():
        extra = base.held[0].model_copy(update={"ref": ref, "earned": AS_OF})
        grown = base.model_copy(update={"held": [*base.held, extra]})
        for role, fit in before.items():
            after = role_fit(region, grown, role, AS_OF)
            assert set(after.gap) <= set(fit.gap), (ref, role)
            assert after.satisfied or not fit.satisfied, (ref, role)


def test_target_roles_survive_a_save(region: Region, tmp_path: Path) -> None:
    from credstack.store.learner_store import LoadedLearner, load_learner, save_learner
    from credstack.store.toml_lines import LineIndex

    person = learner(region, header='roles = ["acme:analyst"]\n')
    path = save_learner(LoadedLearner(None, person, LineIndex("")), tmp_path / "l.toml")
    assert "roles = [" in path.read_text("utf-8")
    assert load_learner(path, region).learner == person
