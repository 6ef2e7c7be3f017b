"""Badge import: CLR nesting, matching, located errors, offline contexts, round trip."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from credstack.badges import loader
from credstack.badges.importer import plan_import
from credstack.badges.loader import BUNDLED, ContextNotBundled, document_loader
from credstack.badges.match import match_achievement
from credstack.errors import CredstackError
from credstack.model.region import Region
from credstack.store.catalogue_loader import load_region, load_region_with_problems
from credstack.store.learner_store import learner_from_text
from credstack.store.toml_writer import to_toml
from tests.badge_helpers import SUBJECT, badge, learner_text, load_data, signed, write_badge_region

AS_OF = dt.date(2026, 11, 28)
EXAMPLE_KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"  # 1EdTech example issuer


@pytest.fixture
def badge_region(tmp_path: Path) -> Region:
    return load_region(write_badge_region(tmp_path / "region"))


def _plan(region: Region, document: object, identifiers: list[str] | None = None):  # noqa: ANN202
    learner = learner_from_text(learner_text(identifiers), region).learner
    text = json.dumps(document, indent=2)
    return plan_import(text, "clr.json", region, learner, AS_OF)


def test_clr_and_each_nested_credential_are_verified(badge_region: Region) -> None:
    _, items = _plan(badge_region, load_data("1edtech-clr20-simple.json"))
    assert [i.match.ref for i in items] == ["example:teamwork"]
    assert items[0].verification.status == "verified", items[0].verification.note
    assert items[0].where == "clr.json: verifiableCredential[1]"


def test_clr_signed_by_a_declared_key_is_verified(badge_region: Region) -> None:
    document = load_data("1edtech-clr20-simple.json")
    declared = document["proof"][0]["verificationMethod"].split("#")[1]
    assert declared == "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"  # example's key
    clr, _ = _plan(badge_region, document)
    # the example issuer declares did:key:z6MkjZ..., the same key as the CLR's fragment
    assert clr is not None and clr.status == "verified", clr.note


def test_tampered_clr_fails_every_nested_credential(badge_region: Region) -> None:
    document = load_data("1edtech-clr20-simple.json")
    document["name"] = "Forged Transcript"
    clr, items = _plan(badge_region, document)
    assert clr is not None and clr.status == "failed"
    assert items[0].verification.status == "failed"
    assert "the CLR carrying it failed" in items[0].verification.note


def test_tampered_nested_credential_fails_alone(badge_region: Region) -> None:
    document = load_data("1edtech-clr20-simple.json")
    inner = document["credentialSubject"]["verifiableCredential"][0]
    inner["credentialSubject"]["achievement"]["name"] = "Leadership"
    clr, items = _plan(badge_region, document)
    assert clr is not None and clr.status == "failed"  # the CLR's proof covers it too
    assert items[0].verification.status == "failed"


def test_bad_badge_json_is_one_located_problem(badge_region: Region) -> None:
    learner = learner_from_text(learner_text(), badge_region).learner
    text = '{\n  "type": ["VerifiableCredential"],\n  "name": "x",,\n}\n'
    with pytest.raises(CredstackError) as caught:
        plan_import(text, "bad.json", badge_region, learner, AS_OF)
    assert [str(p) for p in caught.value.problems] == [
        "bad.json:3: bad JSON: Expecting property name enclosed in double quotes"
    ]


def test_a_document_that_is_not_a_badge_is_refused(badge_region: Region) -> None:
    learner = learner_from_text(learner_text(), badge_region).learner
    with pytest.raises(CredstackError, match=r"^x.json:1: type \['VerifiableCredential'\]"):
        plan_import('{"type": ["VerifiableCredential"]}', "x.json", badge_region, learner, AS_OF)


def test_match_by_achievement_id_is_exact(badge_region: Region) -> None:
    match = match_achievement({"id": "https://acme.example/achievements/data-101"}, badge_region)
    assert (match.kind, match.ref) == ("exact", "acme:data-101")


def test_match_by_name_or_human_code_is_a_candidate(badge_region: Region) -> None:
    by_name = match_achievement({"id": "urn:x", "name": "security operations"}, badge_region)
    assert (by_name.kind, by_name.ref) == ("candidate", "acme:secops")
    by_code = match_achievement({"id": "urn:x", "humanCode": "SECOPS"}, badge_region)
    assert (by_code.kind, by_code.ref) == ("candidate", "acme:secops")
    none = match_achievement({"id": "urn:x", "name": "Underwater Basketry"}, badge_region)
    assert (none.kind, none.ref) == ("none", None)


def test_candidate_item_is_not_addable_without_confirmation(badge_region: Region) -> None:
    document = signed(badge(achievement_id="urn:x", name="Security Operations"))
    _, items = _plan(badge_region, document, [SUBJECT])
    assert items[0].match.kind == "candidate" and not items[0].addable
    assert items[0].held is not None and items[0].held.ref == "acme:secops"


def test_only_bundled_contexts_are_served() -> None:
    for url in BUNDLED:
        assert "@context" in document_loader(url)["document"]
    with pytest.raises(ContextNotBundled, match="never fetched"):
        document_loader("https://example.com/some-context.json")


def test_unbundled_context_is_unverified_and_never_fetched(
    badge_region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket
    import urllib.request

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was used")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    document = badge()
    document["@context"] = [*document["@context"], "https://example.com/extra-context.json"]
    _, items = _plan(badge_region, signed_with_unknown_context(document), [SUBJECT])
    assert items[0].verification.status == "unverified"
    assert "is not bundled" in items[0].verification.note
    # and every bundled example verifies with the network switched off
    clr, items = _plan(badge_region, load_data("1edtech-clr20-simple.json"))
    assert items[0].verification.status == "verified"


def signed_with_unknown_context(document: dict) -> dict:  # type: ignore[type-arg]
    """A copy with a proof whose signature cannot even be computed offline."""
    done = signed(badge())
    done["@context"] = copy.deepcopy(document["@context"])
    return done


def test_loader_is_the_only_document_loader_used(
    badge_region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[str] = []
    original = loader.bundled_context

    def spy(url: str) -> dict:  # type: ignore[type-arg]
        served.append(url)
        return original(url)

    monkeypatch.setattr(loader, "bundled_context", spy)
    _plan(badge_region, signed(badge()), [SUBJECT])
    assert served and set(served) <= set(BUNDLED)


def test_issuer_key_errors_are_located(tmp_path: Path) -> None:
    root = write_badge_region(tmp_path / "r")
    text = (root / "acme.toml").read_text()
    bad = text.replace('public_key_multibase = "z6Mk', 'public_key_multibase = "z6Mq', 1)
    (root / "acme.toml").write_text(bad)
    _, problems = load_region_with_problems(root)
    line = next(n for n, row in enumerate(bad.split("\n"), 1) if "z6Mq" in row)
    assert [(Path(p.path).name, p.line) for p in problems] == [("acme.toml", line)]
    assert "not a usable public key" in problems[0].message


def test_issuer_key_needs_exactly_one_public_key(tmp_path: Path) -> None:
    root = write_badge_region(tmp_path / "r")
    text = (root / "acme.toml").read_text()
    bad = text.replace(
        'type = "JsonWebKey"\n',
        'type = "JsonWebKey"\npublic_key_multibase = "' + EXAMPLE_KEY + '"\n',
    )
    assert bad != text
    (root / "acme.toml").write_text(bad)
    _, problems = load_region_with_problems(root)
    assert any("exactly one of" in p.message for p in problems)


def test_imported_held_item_round_trips_through_the_learner_file(badge_region: Region) -> None:
    _, items = _plan(badge_region, signed(badge(result="87/100")), [SUBJECT])
    loaded = learner_from_text(learner_text([SUBJECT]), badge_region)
    assert items[0].held is not None
    loaded.learner.held.append(items[0].held)
    text = to_toml(loaded.learner)
    again = learner_from_text(text, badge_region).learner
    assert again == loaded.learner
    assert again.held[0].verification == "verified" and again.held[0].result == "87/100"
    assert again.learner.identifiers == [SUBJECT]
