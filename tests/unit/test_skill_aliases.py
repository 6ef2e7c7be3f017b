"""Skills across taxonomies: a `[[skill]]` is named by its id, its ESCO `uri` or any of its
`aliases` (O*NET codes, other ESCO URIs), and every rule that compares skills (role fit,
RPL routes, sprawl lint, unknown-skill lint) compares what they name, not how."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from credstack.engine.lint import lint_region
from credstack.engine.roles import role_fit
from credstack.model.learner import Held, LearnerFile, LearnerInfo
from credstack.model.region import Region
from credstack.store.catalogue_loader import load_region

SQL_URI = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
VIZ_URI = "http://data.europa.eu/esco/skill/b6e5a9a9-5d2c-4b2d-9f04-3f5e0a8c2a11"
AS_OF = dt.date(2026, 12, 1)

FRAMEWORK = f"""format = 1

[issuer]
id = "fw"
name = "Framework"
kind = "framework"
country = "BE"

[[skill]]
id = "sql"
label = "SQL"
uri = "{SQL_URI}"
aliases = ["2.C.3.e"]

[[skill]]
id = "data-viz"
label = "Data visualisation"
uri = "{VIZ_URI}"
"""


def _region(tmp_path: Path, *files: str) -> Region:
    folder = tmp_path / "catalogs"
    folder.mkdir()
    (folder / "fw.toml").write_text(FRAMEWORK, encoding="utf-8")
    for n, text in enumerate(files):
        (folder / f"f{n}.toml").write_text(text, encoding="utf-8")
    return load_region(folder)


PROVIDER = f"""format = 1

[issuer]
id = "p"
name = "Provider"
kind = "provider"
country = "BE"

[[credential]]
id = "local"
title = "Local names"
type = "micro-credential"
skills = ["sql", "data-viz"]
outcomes = ["Query databases"]

[[credential]]
id = "esco"
title = "ESCO names"
type = "micro-credential"
skills = ["2.C.3.e", "{VIZ_URI}"]
outcomes = ["Draw charts"]
"""

EMPLOYER = """format = 1

[issuer]
id = "e"
name = "Employer"
kind = "employer"
country = "BE"

[[role]]
id = "analyst"
title = "Analyst"
skills = ["sql", "data-viz"]
"""


def test_skill_id_is_found_by_id_uri_and_alias(tmp_path: Path) -> None:
    region = _region(tmp_path)
    assert region.skill_id("sql") == "sql"
    assert region.skill_id(SQL_URI) == "sql"
    assert region.skill_id("2.C.3.e") == "sql"
    assert region.skill_id("unknown") == "unknown"


def test_role_skill_is_met_by_a_credential_naming_it_by_uri_or_alias(tmp_path: Path) -> None:
    region = _region(tmp_path, PROVIDER, EMPLOYER)
    learner = LearnerFile(
        format=1,
        learner=LearnerInfo(name="L", as_of=AS_OF),
        held=[Held(ref="p:esco", earned=dt.date(2026, 1, 1))],
    )
    fit = role_fit(region, learner, "e:analyst", AS_OF)
    assert fit.gap == ()
    assert [e.skill for e in fit.evidenced] == ["sql", "data-viz"]


def test_sprawl_sees_the_same_skills_under_different_names(tmp_path: Path) -> None:
    region = _region(tmp_path, PROVIDER)
    sprawl = [p for p in lint_region(region, AS_OF) if "near-duplicate" in p.message]
    assert sprawl, "two credentials teaching the same skills under other names"
    assert "p:esco" in sprawl[0].message or "'esco'" in sprawl[0].message


def test_unknown_skill_lint_accepts_uris_and_aliases(tmp_path: Path) -> None:
    region = _region(tmp_path, PROVIDER)
    assert not [p for p in lint_region(region, AS_OF) if "unknown-skill" in p.message]


def test_a_name_two_skills_claim_is_said(tmp_path: Path) -> None:
    other = FRAMEWORK.replace('id = "fw"', 'id = "fw2"').replace(
        'id = "sql"', 'id = "structured-query"'
    )
    region = _region(tmp_path, other)
    said = [p.message for p in lint_region(region, AS_OF) if "already names" in p.message]
    assert any("'2.C.3.e' already names skill 'sql'" in m for m in said)
