"""The Session's edits: a learner from nothing, the profile, every entry corrected or
removed, goals removed and reordered, notes, and undo / redo of each.

Every edit is validated as the file loader validates (the pydantic model, then
check_learner): a refused edit raises CredstackError and changes nothing, so what the
Session holds can always be saved as a file that `credstack report` accepts.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.engine.lint import lint_region
from credstack.errors import CredstackError, Problem
from credstack.model.learner import AdviserException, LearnerInfo, Note, Prior
from credstack.model.region import Region
from credstack.session import UNDO_DEPTH, Session
from credstack.store.catalogue_loader import load_region_with_problems
from credstack.store.learner_store import load_learner
from credstack.store.shipped import shipped_catalogues, shipped_learners

BS_IT, AS_CIS = "northbridge:bs-it", "metro-cc:as-cis"
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def shipped() -> tuple[Region, list[Problem]]:
    region, problems = load_region_with_problems(shipped_catalogues())
    return region, sorted(problems + lint_region(region))


@pytest.fixture
def session(shipped: tuple[Region, list[Problem]], tmp_path: Path) -> Session:
    """A session on a copy of the career-changer persona (7 held, 2 prior, 1 exception)."""
    target = tmp_path / "career-changer.toml"
    shutil.copy(shipped_learners() / "career-changer.toml", target)
    session = Session(shipped[0], list(shipped[1]), shipped_catalogues())
    session.open_learner(target)
    return session


def fresh(shipped: tuple[Region, list[Problem]]) -> Session:
    return Session(shipped[0], list(shipped[1]), shipped_catalogues())


def reported(path: Path) -> int:
    """`credstack report PATH` run in-process: 0 when the file is accepted."""
    return main(["report", str(path), "--format", "json", "--no-cache"])


def refused(edit: Callable[[], object], text: str) -> None:
    with pytest.raises(CredstackError) as caught:
        edit()
    assert text in caught.value.problems[0].message


# -- a learner from nothing ------------------------------------------------------------------


def test_a_new_learner_at_a_path_is_created_by_the_first_save_and_passes_report(
    shipped: tuple[Region, list[Problem]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session, path = fresh(shipped), tmp_path / "sam.toml"
    info = LearnerInfo(
        name="Sam Lee",
        as_of=TODAY,
        start="2027 fall",
        credits_per_term=Decimal(9),
        attend=["spring", "fall"],
        budget=Decimal(20000),
        roles=["lakeshore:soc-analyst"],
    )
    session.new_learner(info, path=path)
    assert session.origin == "new" and session.dirty and not path.exists()
    assert session.title == "sam.toml (new file, not saved) *"
    session.set_goals([BS_IT])
    assert session.save() == path and not session.dirty
    assert session.title == "sam.toml"
    assert reported(path) == 0
    assert '"program": "northbridge:bs-it"' in capsys.readouterr().out
    assert load_learner(path, shipped[0]).learner == session.learner


def test_a_new_learner_the_loader_would_refuse_is_not_started(
    shipped: tuple[Region, list[Problem]], tmp_path: Path
) -> None:
    session = fresh(shipped)
    session.new_learner("Kept")
    info = LearnerInfo(name="Sam", start="2027 winter")
    refused(lambda: session.new_learner(info, path=tmp_path / "x.toml"), "start term 'winter'")
    assert session.learner.learner.name == "Kept"


def test_terms_are_every_calendars_terms_in_calendar_order(
    shipped: tuple[Region, list[Problem]],
) -> None:
    assert fresh(shipped).terms() == ["spring", "summer", "fall", "autumn"]


# -- the profile --------------------------------------------------------------------------------


def test_profile_changes_the_learners_own_fields_and_keeps_goals(session: Session) -> None:
    before = session.learner.learner
    info = before.model_copy(update={"name": "Jordan E.", "credits_per_term": Decimal(6)})
    info = info.model_copy(update={"goals": [], "identifiers": ["mailto:j@example.org"]})
    session.set_profile(info)
    after = session.learner.learner
    assert (after.name, after.credits_per_term) == ("Jordan E.", 6)
    assert after.goals == before.goals and after.identifiers == before.identifiers
    assert session.dirty


def test_profile_the_loader_would_refuse_is_refused_with_its_problem(session: Session) -> None:
    info = session.learner.learner
    bad_role = info.model_copy(update={"roles": ["lakeshore:soc-analyts"]})
    refused(lambda: session.set_profile(bad_role), "did you mean")
    no_name = info.model_copy(update={"name": ""})  # model_copy skips pydantic: _replace checks
    refused(lambda: session.set_profile(no_name), "learner.name")
    too_heavy = info.model_copy(update={"credits_per_term": Decimal(61)})
    refused(lambda: session.set_profile(too_heavy), "credits_per_term")
    assert session.learner.learner == info and not session.dirty


# -- entries --------------------------------------------------------------------------------


def test_editing_a_held_item_keeps_its_evidence(session: Session) -> None:
    first = session.learner.held[0]
    assert first.evidence
    session.edit_held(0, first.ref, dt.date(2023, 5, 1), "A")
    held = session.learner.held[0]
    assert (held.earned, held.grade, held.evidence) == (dt.date(2023, 5, 1), "A", first.evidence)


def test_a_held_item_an_exception_names_cannot_change_its_ref(session: Session) -> None:
    index = [h.ref for h in session.learner.held].index("lakeshore:data-champions")
    held = session.learner.held[index]
    refused(
        lambda: session.edit_held(index, "cobalt:a-plus", held.earned, "P"),
        "not held by this learner",
    )
    refused(lambda: session.edit_held(index, held.ref, held.earned, "Z"), "grade")


def test_prior_exception_and_note_are_replaced_and_removed(session: Session) -> None:
    prior = session.learner.prior[1].model_copy(update={"hours": Decimal(320)})
    session.replace_entry("prior", 1, prior)
    assert session.learner.prior[1].hours == 320
    exception = session.learner.exception[0].model_copy(update={"reason": "Reviewed again"})
    session.replace_entry("exception", 0, exception)
    assert session.learner.exception[0].reason == "Reviewed again"
    session.add_note(Note(date=TODAY, author="R. Okafor", text="Agreed: CIS210 first.\nThen BBA."))
    session.replace_entry("note", 0, Note(date=TODAY, author="R. Okafor", text="Changed."))
    assert [n.text for n in session.learner.note] == ["Changed."]
    session.remove_entry("note", 0)
    session.remove_entry("exception", 0)
    session.remove_entry("prior", 0)
    assert not session.learner.note and not session.learner.exception
    assert [p.title for p in session.learner.prior] == [prior.title]


def test_a_corrected_entry_the_loader_would_refuse_changes_nothing(session: Session) -> None:
    before = session.learner
    exception = before.exception[0].model_copy(update={"course": "NOPE999"})
    refused(lambda: session.replace_entry("exception", 0, exception), "not a course of")
    blank = Note.model_construct(date=TODAY, author="me", text="")
    refused(lambda: session.add_note(blank), "note[1].text")
    refused(lambda: session.remove_entry("prior", 5), "there is no prior learning 6")
    assert session.learner is before and not session.can_undo


def test_removing_the_held_item_an_exception_names_is_refused(session: Session) -> None:
    index = [h.ref for h in session.learner.held].index("lakeshore:data-champions")
    refused(lambda: session.remove_entry("held", index), "not held by this learner")


# -- goals --------------------------------------------------------------------------------


def test_goals_are_removed_and_moved(session: Session) -> None:
    assert session.learner.learner.goals == [BS_IT, AS_CIS]
    assert session.move_goal(1, -1) == 0
    assert session.learner.learner.goals == [AS_CIS, BS_IT]
    assert session.move_goal(0, -1) == 0  # already first: nothing changes, nothing to undo
    assert session.undo() == "reorder goals"
    session.remove_goal(0)
    assert session.learner.learner.goals == [AS_CIS]
    refused(lambda: session.remove_goal(3), "there is no goal 4")


# -- undo -------------------------------------------------------------------------------------


def test_every_kind_of_edit_is_undone(session: Session) -> None:
    original = session.learner
    edits = [
        lambda: session.add_held("cobalt:a-plus", TODAY),
        lambda: session.edit_held(0, "beacon:it-support", TODAY, "A"),
        lambda: session.remove_held(1),
        lambda: session.add_prior(Prior(title="Bootcamp", kind="bootcamp", hours=Decimal(300))),
        lambda: session.replace_entry("prior", 0, session.learner.prior[1]),
        lambda: session.remove_entry("prior", 1),
        lambda: session.add_exception(
            AdviserException(kind="waive", program=BS_IT, requirement="it-core", reason="Seen")
        ),
        lambda: session.remove_entry("exception", 0),
        lambda: session.add_note(Note(date=TODAY, author="me", text="Agreed")),
        lambda: session.set_profile(session.learner.learner.model_copy(update={"name": "J"})),
        lambda: session.move_goal(0, 1),
        lambda: session.remove_goal(0),
    ]
    states = [session.learner]
    for edit in edits:
        edit()
        assert session.learner != states[-1]
        states.append(session.learner)
    for state in reversed(states[:-1]):
        session.undo()
        assert session.learner == state
    assert session.learner == original and not session.dirty  # as saved: nothing to save
    with pytest.raises(CredstackError, match="nothing to undo"):
        session.undo()


def test_undo_keeps_at_least_the_last_twenty_edits_and_redo_makes_them_again(
    session: Session,
) -> None:
    assert UNDO_DEPTH >= 20
    names = [f"Name {i}" for i in range(UNDO_DEPTH + 5)]
    for name in names:
        session.set_profile(session.learner.learner.model_copy(update={"name": name}))
    for _ in range(UNDO_DEPTH):
        assert session.undo() == "profile"
    assert session.learner.learner.name == names[4] and not session.can_undo
    assert session.redo() == "profile" and session.learner.learner.name == names[5]
    session.add_note(Note(date=TODAY, author="me", text="x"))  # a new edit: no redo after it
    assert not session.can_redo


def test_undo_after_a_save_marks_the_learner_unsaved_until_redone(session: Session) -> None:
    session.add_held("cobalt:a-plus", TODAY)
    session.save()
    session.undo()
    assert session.dirty
    session.redo()
    assert not session.dirty


def test_opening_another_learner_forgets_the_history(session: Session) -> None:
    session.add_held("cobalt:a-plus", TODAY)
    session.new_learner("Someone")
    assert not session.can_undo


def test_an_edited_learner_saves_as_a_file_report_accepts(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    session.add_note(Note(date=TODAY, author="R. Okafor", text='Line one\nLine "two"\t'))
    session.edit_held(2, "cobalt:a-plus", dt.date(2024, 2, 21), "B+")
    session.move_goal(0, 1)
    path = session.save()
    assert reported(path) == 0
    capsys.readouterr()
    again = load_learner(path, session.region).learner
    assert again == session.learner
    assert again.note[0].text == 'Line one\nLine "two"'
