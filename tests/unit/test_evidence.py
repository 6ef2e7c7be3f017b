"""The evidence portfolio: each artifact's state, the folder it may not leave, `credstack
verify` (read-only, exit codes), attaching a file through the Session, and the report.

Each test is named after the rule it checks (docs/evidence.md).
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.engine import evidence as evidence_engine
from credstack.engine.advice import advise
from credstack.engine.evaluate import build_report
from credstack.engine.evidence import CHUNK, EvidenceCheck, check_evidence, failed, summary
from credstack.engine.results import Report
from credstack.errors import CredstackError
from credstack.model.learner import Evidence, LearnerFile
from credstack.model.region import Region
from credstack.report.render import render
from credstack.session import Session
from credstack.store.learner_store import load_learner, load_learner_with_problems
from credstack.store.shipped import shipped_catalogues, shipped_learners
from tests.helpers import LEARNER_TOML, line_no, replace_once

BADGE = 'ref = "prov:py-badge"\nearned = 2024-01-01\ngrade = "B"\n'


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def evidence_block(title: str, path: str | None = None, sha256: str | None = None) -> str:
    lines = ["[[held.evidence]]", f"title = {json.dumps(title)}"]
    if path is not None:
        lines.append(f"path = {json.dumps(path)}")
    if sha256 is not None:
        lines.append(f'sha256 = "{sha256}"')
    return "\n".join(lines) + "\n"


def learner_with(folder: Path, *blocks: str) -> Path:
    """The base learner, its first held item (prov:py-badge) carrying `blocks`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "learner.toml"
    path.write_text(replace_once(LEARNER_TOML, BADGE, BADGE + "".join(blocks)), "utf-8")
    return path


def artifact(folder: Path, name: str, data: bytes = b"week,visits\n1,1240\n") -> str:
    """Write an artifact below `folder`; its sha256."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return digest(data)


def checked(
    path: Path, region: Region, *, allow_outside: bool = False
) -> tuple[EvidenceCheck, ...]:
    learner = load_learner(path, region).learner
    return check_evidence(learner, path.parent, allow_outside=allow_outside)


def only(path: Path, region: Region, **options: bool) -> EvidenceCheck:
    checks = checked(path, region, **options)
    assert len(checks) == 1
    return checks[0]


# -- each state ------------------------------------------------------------------------
def test_artifact_whose_hash_matches_is_ok(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "evidence/report.csv")
    check = only(learner_with(folder, evidence_block("Report", "evidence/report.csv", sha)), region)
    assert (check.state, check.held, check.actual) == ("ok", "prov:py-badge", sha)
    assert not check.failed


def test_artifact_whose_bytes_differ_is_changed_showing_expected_and_actual(
    tmp_path: Path, region: Region
) -> None:
    folder = tmp_path / "l"
    recorded = artifact(folder, "report.txt", b"original")
    path = learner_with(folder, evidence_block("Report", "report.txt", recorded))
    actual = artifact(folder, "report.txt", b"edited afterwards")
    check = only(path, region)
    assert check.state == "changed" and check.failed
    assert recorded[:12] in check.detail and actual[:12] in check.detail
    assert (check.sha256, check.actual) == (recorded, actual)


def test_artifact_whose_file_is_absent_is_missing(tmp_path: Path, region: Region) -> None:
    path = learner_with(tmp_path / "l", evidence_block("Log", "logs/clinical.csv", "a" * 64))
    check = only(path, region)
    assert check.state == "missing" and check.failed
    assert (check.path, check.detail) == ("logs/clinical.csv", "no such file")


def test_artifact_with_no_recorded_hash_is_unhashed_and_does_not_fail(
    tmp_path: Path, region: Region
) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "code.py", b"print('hi')\n")
    check = only(learner_with(folder, evidence_block("Code", "code.py")), region)
    assert (check.state, check.actual, check.failed) == ("unhashed", sha, False)


def test_unhashed_artifact_whose_file_is_absent_is_still_missing(
    tmp_path: Path, region: Region
) -> None:
    check = only(learner_with(tmp_path / "l", evidence_block("Code", "code.py")), region)
    assert check.state == "missing"


def test_evidence_with_no_path_is_an_attestation_no_file(tmp_path: Path, region: Region) -> None:
    check = only(learner_with(tmp_path / "l", evidence_block("Open Badge")), region)
    assert (check.state, check.path, check.failed) == ("no-file", None, False)


def test_a_directory_is_unreadable(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "l"
    (folder / "portfolio").mkdir(parents=True)
    check = only(learner_with(folder, evidence_block("P", "portfolio", "b" * 64)), region)
    assert (check.state, check.detail) == ("unreadable", "is a directory")
    assert check.failed


def test_a_file_that_cannot_be_read_is_unreadable(
    tmp_path: Path, region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "secret.pdf")
    path = learner_with(folder, evidence_block("S", "secret.pdf", sha))

    def denied(_: Path) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(evidence_engine, "sha256_file", denied)
    check = only(path, region)
    assert (check.state, check.detail) == ("unreadable", "permission denied")


def test_a_fifo_is_unreadable_and_never_opened(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "l"
    folder.mkdir()
    os.mkfifo(folder / "pipe")  # opening it for reading would block forever
    check = only(learner_with(folder, evidence_block("P", "pipe", "c" * 64)), region)
    assert (check.state, check.detail) == ("unreadable", "not a regular file")


def test_evidence_of_an_unsaved_learner_is_not_checked(tmp_path: Path, region: Region) -> None:
    path = learner_with(tmp_path / "l", evidence_block("R", "r.txt", "d" * 64), evidence_block("B"))
    learner = load_learner(path, region).learner
    states = [c.state for c in check_evidence(learner, None)]
    assert states == ["not-checked", "no-file"]
    assert not failed(check_evidence(learner, None))


def test_a_large_dataset_is_hashed_in_chunks(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "l"
    data = os.urandom(CHUNK * 2 + 123)
    sha = artifact(folder, "data/big.bin", data)
    check = only(learner_with(folder, evidence_block("Data", "data/big.bin", sha)), region)
    assert check.state == "ok"


def test_states_are_listed_in_file_order_with_a_summary(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "a.txt")
    path = learner_with(
        folder,
        evidence_block("A", "a.txt", sha),
        evidence_block("B", "b.txt", sha),
        evidence_block("C"),
    )
    checks = checked(path, region)
    assert [(c.title, c.index, c.held_index) for c in checks] == [
        ("A", 0, 0),
        ("B", 1, 0),
        ("C", 2, 0),
    ]
    assert summary(checks) == "3 artifacts: 1 ok, 1 missing, 1 no-file"


# -- the folder an artifact may not leave ----------------------------------------------
def test_a_path_climbing_out_through_dotdot_is_refused(tmp_path: Path, region: Region) -> None:
    sha = artifact(tmp_path, "outside.txt")
    check = only(learner_with(tmp_path / "l", evidence_block("O", "../outside.txt", sha)), region)
    assert check.state == "refused" and check.failed
    assert ".." in check.detail and check.actual is None


def test_a_dotdot_that_stays_inside_the_folder_is_allowed(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "a.txt")
    (folder / "sub").mkdir()
    check = only(learner_with(folder, evidence_block("A", "sub/../a.txt", sha)), region)
    assert check.state == "ok"


def test_an_absolute_path_is_refused(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "a.txt")
    absolute = str((folder / "a.txt").resolve())
    check = only(learner_with(folder, evidence_block("A", absolute, sha)), region)
    assert check.state == "refused" and "absolute" in check.detail


def test_a_windows_drive_path_is_refused_as_absolute(tmp_path: Path, region: Region) -> None:
    check = only(learner_with(tmp_path / "l", evidence_block("A", "C:\\x.txt", "e" * 64)), region)
    assert check.state == "refused" and "absolute" in check.detail


def test_a_symlink_leading_outside_is_refused_and_never_read(
    tmp_path: Path, region: Region
) -> None:
    folder = tmp_path / "l"
    folder.mkdir()
    sha = artifact(tmp_path, "secret.txt", b"outside the portfolio")
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    check = only(learner_with(folder, evidence_block("L", "link.txt", sha)), region)
    assert check.state == "refused" and "link.txt" in check.detail
    assert check.actual is None  # the file was not read


def test_a_symlinked_folder_leading_outside_is_refused(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "l"
    folder.mkdir()
    sha = artifact(tmp_path / "elsewhere", "a.txt")
    (folder / "docs").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    check = only(learner_with(folder, evidence_block("A", "docs/a.txt", sha)), region)
    assert check.state == "refused" and "docs" in check.detail


def test_a_symlink_inside_the_folder_is_followed(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "evidence/v2/report.txt")
    (folder / "current").symlink_to(folder / "evidence" / "v2", target_is_directory=True)
    check = only(learner_with(folder, evidence_block("R", "current/report.txt", sha)), region)
    assert check.state == "ok"


def test_allow_outside_checks_dotdot_absolute_and_linked_paths(
    tmp_path: Path, region: Region
) -> None:
    folder = tmp_path / "l"
    folder.mkdir()
    sha = artifact(tmp_path, "shared.txt")
    (folder / "link.txt").symlink_to(tmp_path / "shared.txt")
    path = learner_with(
        folder,
        evidence_block("Up", "../shared.txt", sha),
        evidence_block("Abs", str(tmp_path / "shared.txt"), sha),
        evidence_block("Link", "link.txt", sha),
    )
    assert [c.state for c in checked(path, region)] == ["refused"] * 3
    assert [c.state for c in checked(path, region, allow_outside=True)] == ["ok"] * 3


# -- the learner file ------------------------------------------------------------------
def test_sha256_must_be_64_hex_digits_reported_at_its_line(tmp_path: Path, region: Region) -> None:
    path = learner_with(tmp_path / "l", evidence_block("R", "r.txt", "abc123"))
    loaded, problems = load_learner_with_problems(path, region)
    text = path.read_text("utf-8")
    assert loaded is None and len(problems) == 1
    assert problems[0].line == line_no(text, 'sha256 = "abc123"')
    assert "64 hexadecimal digits" in problems[0].message


def test_an_upper_case_sha256_is_accepted_and_stored_in_lower_case() -> None:
    evidence = Evidence(title="R", path="r.txt", sha256="AB" * 32)
    assert evidence.sha256 == "ab" * 32


# -- credstack verify --------------------------------------------------------------------
def verify(path: Path, region_dir: Path, *more: str) -> int:
    return main(["verify", str(path), "--catalogs", str(region_dir), "--no-cache", *more])


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_verify_exits_0_when_every_artifact_with_a_file_is_ok(
    tmp_path: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "a.txt")
    path = learner_with(
        folder,
        evidence_block("A", "a.txt", sha),
        evidence_block("Badge"),
        evidence_block("Code", "a.txt"),
    )
    assert verify(path, region_dir) == 0
    out = capsys.readouterr().out
    assert "3 artifacts: 1 ok, 1 unhashed, 1 no-file" in out
    assert all(len(line) <= 80 for line in out.splitlines())


@pytest.mark.parametrize("state", ["changed", "missing", "refused", "unreadable"])
def test_verify_exits_1_when_any_artifact_fails(
    state: str, tmp_path: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "a.txt")
    artifact(tmp_path, "out.txt")
    (folder / "dir").mkdir()
    bad = {
        "changed": evidence_block("B", "a.txt", "f" * 64),
        "missing": evidence_block("B", "gone.txt", sha),
        "refused": evidence_block("B", "../out.txt", sha),
        "unreadable": evidence_block("B", "dir", sha),
    }[state]
    path = learner_with(folder, evidence_block("A", "a.txt", sha), bad)
    assert verify(path, region_dir) == 1
    out = capsys.readouterr().out
    assert state in out and "verification failed" in out


def test_verify_allow_outside_checks_paths_outside_the_folder(
    tmp_path: Path, region_dir: Path
) -> None:
    sha = artifact(tmp_path, "out.txt")
    path = learner_with(tmp_path / "l", evidence_block("B", "../out.txt", sha))
    assert verify(path, region_dir) == 1
    assert verify(path, region_dir, "--allow-outside") == 0


def test_verify_json_lists_every_artifact(
    tmp_path: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "a.txt")
    path = learner_with(folder, evidence_block("A", "a.txt", sha), evidence_block("B", "b.txt"))
    assert verify(path, region_dir, "--format", "json") == 1
    document = json.loads(capsys.readouterr().out)
    assert document["failed"] is True
    assert [(e["held"], e["title"], e["path"], e["state"]) for e in document["evidence"]] == [
        ("prov:py-badge", "A", "a.txt", "ok"),
        ("prov:py-badge", "B", "b.txt", "missing"),
    ]
    assert document["evidence"][0]["actual_sha256"] == sha


def test_verify_never_modifies_anything(tmp_path: Path, region_dir: Path) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "a.txt")
    artifact(folder, "b.txt", b"changed")
    path = learner_with(
        folder, evidence_block("A", "a.txt", sha), evidence_block("B", "b.txt", sha)
    )
    before = snapshot(tmp_path)
    assert verify(path, region_dir) == 1
    assert verify(path, region_dir, "--format", "json") == 1
    assert snapshot(tmp_path) == before
    assert not list(tmp_path.rglob("*.bak"))


def test_verify_of_a_missing_learner_file_is_bad_input(
    tmp_path: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify(tmp_path / "nobody.toml", region_dir) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nobody.toml:1: no such learner file" in err


def test_verify_of_malformed_toml_is_one_located_line(
    tmp_path: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("format = 1\n[learner\nname = 'x'\n", "utf-8")
    assert verify(path, region_dir) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and captured.err.startswith(f"{path}:2: TOML syntax")
    assert "Traceback" not in captured.err and captured.out == ""


def test_the_example_persona_verifies_ok(capsys: pytest.CaptureFixture[str]) -> None:
    path = shipped_learners() / "cc-transfer.toml"
    assert main(["verify", str(path), "--catalogs", str(shipped_catalogues()), "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "3 artifacts: 3 ok" in out and "every artifact verified" in out


# -- attaching through the Session -----------------------------------------------------
@pytest.fixture
def session(tmp_path: Path, region_dir: Path) -> Session:
    folder = tmp_path / "l"
    path = learner_with(folder)
    session = Session.open(region_dir)
    session.open_learner(path)
    return session


def test_attach_hashes_saves_and_verifies_ok(
    session: Session, tmp_path: Path, region_dir: Path, region: Region
) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "evidence/log.csv")
    entry = session.attach_evidence("prov:py-badge", folder / "evidence" / "log.csv", "Log")
    assert (entry.title, entry.path, entry.sha256) == ("Log", "evidence/log.csv", sha)
    assert session.dirty
    session.save()
    reloaded = load_learner(folder / "learner.toml", region).learner
    assert reloaded.held[0].evidence == [entry]
    assert verify(folder / "learner.toml", region_dir) == 0


def test_attach_by_held_index_defaults_the_title_to_the_file_name(
    session: Session, tmp_path: Path
) -> None:
    artifact(tmp_path / "l", "transcript.txt")
    entry = session.attach_evidence(1, tmp_path / "l" / "transcript.txt")
    assert entry.title == "transcript.txt"
    assert session.learner.held[1].evidence == [entry]


def test_attach_a_path_relative_to_the_working_folder(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    artifact(tmp_path / "l", "docs/a.txt")
    monkeypatch.chdir(tmp_path / "l" / "docs")
    assert session.attach_evidence(0, Path("a.txt")).path == "docs/a.txt"


def test_attaching_the_same_path_again_rehashes_it(session: Session, tmp_path: Path) -> None:
    folder = tmp_path / "l"
    artifact(folder, "a.txt", b"v1")
    session.attach_evidence(0, folder / "a.txt", "Essay")
    sha = artifact(folder, "a.txt", b"v2")
    session.attach_evidence(0, folder / "a.txt")
    assert [(e.title, e.sha256) for e in session.learner.held[0].evidence] == [("Essay", sha)]


def test_attach_refuses_a_file_outside_the_learner_folder(session: Session, tmp_path: Path) -> None:
    artifact(tmp_path, "outside.txt")
    with pytest.raises(CredstackError, match="outside the learner's folder"):
        session.attach_evidence(0, tmp_path / "outside.txt")
    assert session.learner.held[0].evidence == [] and not session.dirty


def test_attach_refuses_a_link_leading_outside(session: Session, tmp_path: Path) -> None:
    artifact(tmp_path, "outside.txt")
    (tmp_path / "l" / "link.txt").symlink_to(tmp_path / "outside.txt")
    with pytest.raises(CredstackError, match="leads outside"):
        session.attach_evidence(0, tmp_path / "l" / "link.txt")


def test_attach_outside_when_allowed_stores_a_relative_path(
    session: Session, tmp_path: Path
) -> None:
    artifact(tmp_path, "shared/outside.txt")
    entry = session.attach_evidence(0, tmp_path / "shared" / "outside.txt", allow_outside=True)
    assert entry.path == "../shared/outside.txt"


def test_attach_refuses_a_missing_file_and_a_folder(session: Session, tmp_path: Path) -> None:
    with pytest.raises(CredstackError, match="no such file"):
        session.attach_evidence(0, tmp_path / "l" / "nothing.txt")
    (tmp_path / "l" / "sub").mkdir()
    with pytest.raises(CredstackError, match="not a regular file"):
        session.attach_evidence(0, tmp_path / "l" / "sub")


def test_attach_to_an_item_that_is_not_held_is_refused(session: Session, tmp_path: Path) -> None:
    artifact(tmp_path / "l", "a.txt")
    with pytest.raises(CredstackError, match="did you mean 'prov:py-badge'"):
        session.attach_evidence("prov:py-badg", tmp_path / "l" / "a.txt")


def test_attach_to_an_unsaved_learner_asks_to_save_first(region_dir: Path, tmp_path: Path) -> None:
    session = Session.open(region_dir)
    session.new_learner("New")
    session.add_held("prov:py-badge", dt.date(2024, 1, 1))
    artifact(tmp_path, "a.txt")
    with pytest.raises(CredstackError, match="save the learner file first"):
        session.attach_evidence(0, tmp_path / "a.txt")


# -- the report --------------------------------------------------------------------------
def advised(path: Path, region: Region, folder: Path | None) -> Report:
    learner: LearnerFile = load_learner(path, region).learner
    return advise(region, learner, build_report(region, learner), folder=folder)


def test_every_report_format_has_an_evidence_section(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "l"
    sha = artifact(folder, "a.txt")
    path = learner_with(folder, evidence_block("Clinical <log>", "a.txt", sha))
    report = advised(path, region, folder)
    assert [c.state for c in report.evidence] == ["ok"]
    document = json.loads(render(report, "json"))
    assert document["evidence"] == [
        {
            "held": "prov:py-badge",
            "title": "Clinical <log>",
            "path": "a.txt",
            "state": "ok",
            "detail": report.evidence[0].detail,
            "sha256": sha,
            "actual_sha256": sha,
        }
    ]
    assert "results" in document  # the existing contract is kept
    text = render(report, "text")
    assert "Evidence" in text and "Clinical <log>" in text
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "## Evidence" in render(report, "markdown")
    html = render(report, "html")
    assert '<section class="evidence"' in html and "Clinical &lt;log&gt;" in html
    assert "evidence,prov:py-badge,Clinical <log>,a.txt,ok" in render(report, "csv")


def test_an_unsaved_learners_evidence_is_reported_not_checked(
    tmp_path: Path, region: Region
) -> None:
    path = learner_with(tmp_path / "l", evidence_block("A", "a.txt", "a" * 64))
    report = advised(path, region, None)
    assert [c.state for c in report.evidence] == ["not-checked"]


def test_a_report_without_evidence_has_no_evidence_section(tmp_path: Path, region: Region) -> None:
    path = learner_with(tmp_path / "l")
    report = advised(path, region, path.parent)
    assert report.evidence == ()
    assert json.loads(render(report, "json"))["evidence"] == []
    assert "## Evidence" not in render(report, "markdown")
    assert '<section class="evidence"' not in render(report, "html")
    assert "section,held,title,path,state" not in render(report, "csv")
