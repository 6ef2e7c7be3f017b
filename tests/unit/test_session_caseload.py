"""Session's caseload door (`credstack tui FOLDER`): the learner files of a folder, each
summarised by its first goal's audit and plan, or by its located error; summaries kept
while a file's mtime and size are unchanged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from credstack.commands.tui import prepare_session
from credstack.session import Session
from credstack.store.shipped import shipped_learners

NO_GOALS = 'format = 1\n\n[learner]\nname = "Nobody Yet"\n'
UNKNOWN_GOAL = 'format = 1\n\n[learner]\nname = "Lost"\ngoals = ["northbridge:bs-nowhere"]\n'


@pytest.fixture(scope="module")
def session() -> Session:
    return prepare_session(None, None)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("career-changer", "cc-transfer"):
        shutil.copy(shipped_learners() / f"{name}.toml", tmp_path / f"{name}.toml")
    (tmp_path / "no-goals.toml").write_text(NO_GOALS, encoding="utf-8")
    (tmp_path / "unknown-goal.toml").write_text(UNKNOWN_GOAL, encoding="utf-8")
    (tmp_path / "syntax.toml").write_text("[learner\n", encoding="utf-8")
    (tmp_path / ".hidden.toml").write_text(NO_GOALS, encoding="utf-8")
    (tmp_path / "readme.txt").write_text("not a learner", encoding="utf-8")
    (tmp_path / "sub.toml").mkdir()  # a folder named like a learner file
    (tmp_path / "sub.toml" / "inner.toml").write_text(NO_GOALS, encoding="utf-8")
    return tmp_path


def test_the_caseload_is_the_folders_toml_files_by_name(session: Session, folder: Path) -> None:
    names = [file.path.name for file in session.caseload_files(folder)]
    assert names == [
        "career-changer.toml",
        "cc-transfer.toml",
        "no-goals.toml",
        "syntax.toml",
        "unknown-goal.toml",
    ]  # no hidden file, no other file, no folder, nothing below the folder


def test_an_unreadable_folder_is_a_located_error(session: Session, tmp_path: Path) -> None:
    from credstack.errors import CredstackError

    with pytest.raises(CredstackError) as raised:
        session.caseload_files(tmp_path / "missing")
    assert str(raised.value.problems[0]).startswith(f"{tmp_path / 'missing'}:1: cannot read")


def test_a_summary_is_the_first_goal_as_credstack_report_computes_it(
    session: Session, folder: Path
) -> None:
    files = {file.path.name: file for file in session.caseload_files(folder)}
    summary = session.case_summary(files["cc-transfer.toml"])
    assert summary.error is None
    assert summary.name == "Alex Moreno"
    assert summary.goals == ("northbridge:bs-it", "metro-cc:as-cis")
    other = prepare_session(None, folder / "cc-transfer.toml")
    expected = other.report().results[0]
    assert summary.first == expected  # the same audit and plan, every field
    assert summary.real == str(folder.resolve() / "cc-transfer.toml")
    assert other.loaded is not None and other.loaded.stamp is not None
    assert summary.sha256 == other.loaded.stamp.sha256


def test_bad_files_give_their_located_error_and_never_raise(session: Session, folder: Path) -> None:
    files = {file.path.name: file for file in session.caseload_files(folder)}
    unknown = session.case_summary(files["unknown-goal.toml"])
    assert unknown.error is not None
    assert unknown.error.startswith(f"{folder / 'unknown-goal.toml'}:5: ")
    assert "northbridge:bs-nowhere" in unknown.error
    assert unknown.first is None and unknown.sha256 is not None
    syntax = session.case_summary(files["syntax.toml"])
    assert syntax.error is not None and syntax.error.startswith(f"{folder / 'syntax.toml'}:1: ")
    no_goals = session.case_summary(files["no-goals.toml"])
    assert (no_goals.error, no_goals.name, no_goals.goals, no_goals.first) == (
        None,
        "Nobody Yet",
        (),
        None,
    )


def test_a_summary_is_kept_until_the_file_changes(session: Session, folder: Path) -> None:
    path = folder / "career-changer.toml"
    (file,) = [f for f in session.caseload_files(folder) if f.path == path]
    assert session.cached_summary(file) is None
    first = session.case_summary(file)
    assert session.cached_summary(file) is first
    assert session.case_summary(file) is first  # not made again
    path.write_text(path.read_text(encoding="utf-8") + "\n# a note\n", encoding="utf-8")
    os.utime(path, ns=(file.mtime_ns + 10**9, file.mtime_ns + 10**9))
    (changed,) = [f for f in session.caseload_files(folder) if f.path == path]
    assert changed != file
    assert session.cached_summary(changed) is None  # stale: made again when asked
    again = session.case_summary(changed)
    assert again is not first and again.sha256 != first.sha256
    assert again.first == first.first  # a comment changes no number
