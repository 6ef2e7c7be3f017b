"""European Digital Credentials (ELM 3) imported as held items (badges/edc.py).

The fixtures are MyNextID's published EDC examples (tests/data/edc, MIT): a
micro-credential (5 ECTS, EQF 6, ESCO learning outcomes, awarded by NETIS d.o.o.), the
same signed with JAdES (X.509), and a degree certificate that states little.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from credstack.badges.edc import read_credential_text, read_facts
from credstack.badges.importer import plan_import
from credstack.cli import main
from credstack.errors import CredstackError
from credstack.model.eu_elements import EuElements, missing_eu_elements
from credstack.model.learner import LearnerFile, LearnerInfo
from credstack.model.region import Region
from credstack.store.catalogue_loader import load_region

DATA = Path(__file__).resolve().parents[1] / "data"
EDC = DATA / "edc"
EXAMPLE = EDC / "edc-mc-example.json"
SIGNED = EDC / "edc-mc-signed.jsonld"
DEGREE = EDC / "edc-dc-example.json"
AS_OF = dt.date(2026, 12, 1)
SPEC_ID = "urn:epass:qualification:1"

NETIS = f"""format = 1

[issuer]
id = "netis"
name = "NETIS d.o.o."
kind = "provider"
country = "SI"
credit_system = "ects"

[[credential]]
id = "dev-psych-1"
title = "Title of the Qualification"
type = "micro-credential"
credits = {{credits}}
eqf_level = 6
badge_achievement_ids = ["{SPEC_ID}"]
"""


def _region(tmp_path: Path, credits: int = 5) -> Path:
    folder = tmp_path / "catalogs"
    folder.mkdir()
    (folder / "netis.toml").write_text(NETIS.format(credits=credits), encoding="utf-8")
    return folder


def _learner(*identifiers: str) -> LearnerFile:
    info = LearnerInfo(name="Joe Doe", as_of=AS_OF, identifiers=list(identifiers))
    return LearnerFile(format=1, learner=info)


def _plan(region: Region, path: Path, learner: LearnerFile | None = None):  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    return plan_import(text, str(path), region, learner or _learner(), AS_OF)


def test_edc_states_ects_eqf_esco_outcomes_and_awarding_body() -> None:
    facts = read_facts(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    assert facts.ects == Decimal(5) and facts.eqf_level == 6
    assert facts.awarding_body == "NETIS d.o.o."
    assert facts.achievement_id == SPEC_ID
    assert facts.hours == Decimal(45)  # volumeOfLearning PT45H
    assert facts.participation == "Online"
    assert len(facts.outcomes) == 4 and "Game theory" in facts.skill_labels


def test_edc_matches_the_catalogue_credential_listing_its_specification(tmp_path: Path) -> None:
    region = load_region(_region(tmp_path))
    clr, (item,) = _plan(region, EXAMPLE)
    assert clr is None
    assert (item.match.kind, item.match.ref) == ("exact", "netis:dev-psych-1")
    assert item.held is not None
    assert (item.held.earned, item.held.source) == (dt.date(2026, 1, 12), "edc")
    assert item.details is not None and "5 ECTS" in item.details and "EQF 6" in item.details


def test_jades_signed_edc_is_an_unsupported_proof_never_invalid(tmp_path: Path) -> None:
    region = load_region(_region(tmp_path))
    _, (item,) = _plan(region, SIGNED)
    assert item.verification.status == "unverified"
    assert "unsupported proof" in item.verification.note
    assert item.addable  # unverified items are added, with their reason


def test_jades_signed_edc_never_blocks_a_dry_run(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = _region(tmp_path)
    learner = tmp_path / "joe.toml"
    learner.write_text('format = 1\n\n[learner]\nname = "Joe Doe"\n', encoding="utf-8")
    before = learner.read_bytes()
    args = ["import", str(SIGNED), "--learner", str(learner), "--catalogs", str(folder)]
    assert main([*args, "--dry-run", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "unsupported proof" in out and "would add 1 held item" in out
    assert learner.read_bytes() == before


def test_edc_figures_that_differ_from_the_catalogue_are_said(tmp_path: Path) -> None:
    region = load_region(_region(tmp_path, credits=6))
    _, (item,) = _plan(region, EXAMPLE)
    assert item.details is not None
    assert "the catalogue credential has 6 ECTS" in item.details


def test_edc_subject_is_matched_by_the_learners_email(tmp_path: Path) -> None:
    region = load_region(_region(tmp_path))
    _, (mine,) = _plan(region, EXAMPLE, _learner("mailto:recipient@example.com"))
    assert mine.verification.status == "unverified"  # no proof, but for this learner
    _, (other,) = _plan(region, EXAMPLE, _learner("mailto:someone@example.org"))
    assert other.verification.status == "failed"
    assert "not to one of the learner's identifiers" in other.verification.note


def test_edc_lists_the_eu_elements_it_does_not_state(tmp_path: Path) -> None:
    region = load_region(_region(tmp_path))
    _, (item,) = _plan(region, DEGREE)
    assert item.match.kind == "none"
    assert item.details is not None
    assert "learning outcomes, notional workload, level" in item.details


def test_an_open_badge_is_still_read_as_a_badge() -> None:
    path = DATA / "badges" / "1edtech-ob30-simple-did-key-method.json"
    badge = read_credential_text(path.read_text(encoding="utf-8"), str(path))
    assert badge.edc is None and badge.kind in ("OpenBadgeCredential", "AchievementCredential")


def test_a_jades_envelope_holding_no_credential_is_refused_with_its_file() -> None:
    text = json.dumps({"payload": json.dumps({"hello": "world"}), "signatures": []})
    with pytest.raises(CredstackError, match=r"^env\.json:1: a JAdES envelope"):
        read_credential_text(text, "env.json")


def test_missing_eu_elements_follow_the_recommendation_order() -> None:
    stated = EuElements("T", "Issuer", ("outcome",), True, 6, "exam", "online", "ISO")
    assert missing_eu_elements(stated) == []
    bare = EuElements("T", "", (), False, None, "", "", "")
    assert missing_eu_elements(bare) == [
        "issuer",
        "learning outcomes",
        "notional workload",
        "level",
        "type of assessment",
        "form of participation",
        "type of quality assurance",
    ]
