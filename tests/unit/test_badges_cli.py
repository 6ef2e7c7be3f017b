"""`credstack import`: adds verified badges, refuses failed ones, asks for candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from credstack.badges.jose import sign_jwt
from credstack.cli import main
from tests.badge_helpers import (
    ACME_KEY,
    ACME_KEY_ID,
    SUBJECT,
    badge,
    learner_text,
    signed,
    write_badge_region,
)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    catalogs = write_badge_region(tmp_path / "catalogs")
    learner = tmp_path / "learner.toml"
    learner.write_text(learner_text([SUBJECT]), encoding="utf-8")
    return catalogs, learner


def _write(tmp_path: Path, document: object, name: str = "badge.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def _run(badge_path: Path, catalogs: Path, learner: Path, *extra: str) -> int:
    return main(
        [
            "import",
            str(badge_path),
            "--learner",
            str(learner),
            "--catalogs",
            str(catalogs),
            "--no-cache",
            *extra,
        ]
    )


def test_import_adds_a_verified_badge_as_held(
    tmp_path: Path, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    catalogs, learner = setup
    before = learner.read_text()
    code = _run(_write(tmp_path, signed(badge())), catalogs, learner)
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("verified   acme:data-101")
    assert "added 1 held item(s)" in out
    text = learner.read_text()
    assert 'ref = "acme:data-101"' in text and 'verification = "verified"' in text
    assert 'source = "badge"' in text and "earned = 2026-03-01" in text
    assert Path(str(learner) + ".bak").read_text() == before


def test_import_refuses_a_failed_badge_and_writes_nothing(
    tmp_path: Path, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    catalogs, learner = setup
    before = learner.read_text()
    document = signed(badge())
    document["credentialSubject"]["achievement"]["name"] = "Data Mastery"
    path = _write(tmp_path, document)
    assert _run(path, catalogs, learner) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"{path}: refused: 'Data Mastery' failed verification: ")
    assert learner.read_text() == before
    assert not Path(str(learner) + ".bak").exists()


def test_candidate_is_not_added_without_yes_when_not_interactive(
    tmp_path: Path, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    catalogs, learner = setup
    before = learner.read_text()
    path = _write(tmp_path, signed(badge(achievement_id="urn:x", name="Security Operations")))
    assert _run(path, catalogs, learner) == 0
    out = capsys.readouterr().out
    assert "needs confirmation as acme:secops (use --yes)" in out
    assert learner.read_text() == before
    assert _run(path, catalogs, learner, "--yes") == 0
    assert 'ref = "acme:secops"' in learner.read_text()


def test_unverified_badge_is_added_with_its_state(
    tmp_path: Path, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    catalogs, learner = setup
    assert _run(_write(tmp_path, badge()), catalogs, learner) == 0
    text = learner.read_text()
    assert 'verification = "unverified"' in text and 'verification_note = "no proof' in text


def test_bad_badge_json_exits_2_with_its_line_and_writes_nothing(
    tmp_path: Path, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    catalogs, learner = setup
    before = learner.read_text()
    path = tmp_path / "bad.json"
    path.write_text('{\n  "id": "urn:x"\n  "type": []\n}\n', encoding="utf-8")
    assert _run(path, catalogs, learner) == 2
    assert capsys.readouterr().err == f"{path}:3: bad JSON: Expecting ',' delimiter\n"
    assert learner.read_text() == before


def test_dry_run_writes_nothing(
    tmp_path: Path, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    catalogs, learner = setup
    before = learner.read_text()
    assert _run(_write(tmp_path, signed(badge())), catalogs, learner, "--dry-run") == 0
    assert "would add 1 held item(s)" in capsys.readouterr().out
    assert learner.read_text() == before


def test_shipped_example_badge_verifies_against_the_shipped_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = Path(__file__).resolve().parents[2]
    learner = tmp_path / "jordan.toml"
    learner.write_text(
        (project / "examples/learners/career-changer.toml").read_text(), encoding="utf-8"
    )
    code = main(
        [
            "import",
            str(project / "examples/badges/beacon-data-analytics.json"),
            "--learner",
            str(learner),
            "--no-cache",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("verified   beacon:data-analytics")
    assert "(a demo key)" in out


def test_report_shows_imported_badges_with_their_verification(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = Path(__file__).resolve().parents[2]
    learner = tmp_path / "jordan.toml"
    learner.write_text(
        (project / "examples/learners/career-changer.toml").read_text(), encoding="utf-8"
    )
    badge_file = str(project / "examples/badges/beacon-data-analytics.json")
    assert main(["import", badge_file, "--learner", str(learner), "--no-cache"]) == 0
    capsys.readouterr()
    assert main(["report", str(learner), "--format", "json", "--no-cache"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [(i["held"], i["verification"]) for i in document["imported"]] == [
        ("beacon:data-analytics", "verified")
    ]
    assert main(["report", str(learner), "--format", "markdown", "--no-cache"]) == 0
    markdown = capsys.readouterr().out
    assert "## Imported badges" in markdown
    row = "| beacon:data-analytics | Data Analytics Professional Certificate | 2026-06-12 |"
    assert row + " **verified** |" in markdown


def test_report_without_imported_badges_has_no_section(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = Path(__file__).resolve().parents[2]
    learner = project / "examples/learners/cc-transfer.toml"
    assert main(["report", str(learner), "--format", "markdown", "--no-cache"]) == 0
    assert "Imported badges" not in capsys.readouterr().out
    assert main(["report", str(learner), "--format", "json", "--no-cache"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == []


@pytest.mark.parametrize(
    ("exp", "says"),
    [
        pytest.param(10**30, "claim 'exp' = 1e+30 is not a date in the years 1 to 9999", id="huge"),
        pytest.param("soon", "claim 'exp' must be a number of seconds", id="a-word"),
    ],
)
def test_vc_jwt_with_an_unreadable_exp_exits_2_with_one_line(
    tmp_path: Path,
    setup: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    exp: object,
    says: str,
) -> None:
    """Today's main: 10**30 was a traceback (OverflowError), "soon" meant no expiry."""
    catalogs, learner = setup
    before = learner.read_bytes()
    claims = {"iss": "https://acme.example/issuer", "sub": SUBJECT, "exp": exp, "vc": badge()}
    path = tmp_path / "badge.jwt"
    path.write_text(sign_jwt(claims, ACME_KEY, ACME_KEY_ID), encoding="utf-8")
    assert _run(path, catalogs, learner) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:1: ") and says in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert learner.read_bytes() == before
