"""The Session, driven directly: the TUI's one door into the engine (session.py).

Loading, edits (held items, refused edits), what-if, the report with its advice (the
same assembly as `credstack report`), compare, careers, paths and ladders, evidence,
badge import, saving (atomic) and the errors each raises. The TUI tests only check that
these answers reach the screen.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.engine.advice import advise
from credstack.engine.articulation_graph import paths_from
from credstack.engine.compare import CompareFilter, program_subjects
from credstack.engine.evaluate import build_report, evaluate, programs_of_award
from credstack.engine.evidence import check_evidence
from credstack.engine.ladder import stack_ladder
from credstack.engine.lint import lint_region
from credstack.engine.next_best import next_best
from credstack.engine.pareto import Point, pareto_front
from credstack.engine.roles import fit_roles
from credstack.errors import CredstackError, Problem
from credstack.model.region import Region
from credstack.report.render import render
from credstack.session import Session
from credstack.store import atomic
from credstack.store.catalogue_loader import load_region_with_problems
from credstack.store.learner_store import load_learner
from credstack.store.shipped import shipped_catalogues, shipped_learners
from tests.helpers import UNI_TOML, replace_once, write_region

PROJECT = Path(__file__).resolve().parents[2]
BADGE = PROJECT / "examples" / "badges" / "beacon-data-analytics.json"
NETWORK_DEFENSE = "metro-cc:mc-network-defense"
BS_IT = "northbridge:bs-it"
EARNED = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def shipped() -> tuple[Region, list[Problem]]:
    """The shipped region and its lint, loaded once for the module (Session.open's work)."""
    region, problems = load_region_with_problems(shipped_catalogues())
    return region, sorted(problems + lint_region(region))


def new_session(shipped: tuple[Region, list[Problem]]) -> Session:
    region, problems = shipped
    return Session(region, list(problems), shipped_catalogues())


@pytest.fixture
def persona(tmp_path: Path) -> Path:
    """A copy of the career-changer persona (no evidence) in its own folder."""
    target = tmp_path / "jordan" / "career-changer.toml"
    target.parent.mkdir()
    shutil.copy(shipped_learners() / "career-changer.toml", target)
    return target


@pytest.fixture
def session(shipped: tuple[Region, list[Problem]], persona: Path) -> Session:
    session = new_session(shipped)
    session.open_learner(persona)
    return session


def applied(report: object) -> dict[str, object]:
    return {r.program: r.confirmed.audit.applied for r in report.results}  # type: ignore[attr-defined]


def json_of(report: object) -> dict[str, object]:
    return json.loads(render(report, "json"))  # type: ignore[arg-type]


# -- loading -------------------------------------------------------------------------------
def test_open_loads_the_region_with_its_lint_and_no_errors(region_dir: Path) -> None:
    session = Session.open(region_dir)
    assert set(session.region.catalogues) == {"uni", "prov"}
    assert session.errors == []
    assert session.problems == sorted(session.problems)
    assert session.loaded is None and session.title == "no learner"


def test_open_collects_a_broken_catalogue_as_located_errors(tmp_path: Path) -> None:
    broken = replace_once(UNI_TOML, "residency_credits = 6", 'residency_credits = "six"')
    root = write_region(tmp_path / "region", {"uni.toml": broken})
    session = Session.open(root)
    assert session.errors
    assert all(p.severity == "error" and p.path.endswith("uni.toml") for p in session.errors)
    assert all(p.line >= 1 for p in session.errors)


def test_open_learner_reads_the_file_and_is_clean(session: Session, persona: Path) -> None:
    assert session.learner.learner.name == "Jordan Ellis"
    assert session.loaded is not None and session.loaded.path == persona
    assert session.folder == persona.parent
    assert not session.dirty and session.title == "career-changer.toml"


def test_an_example_persona_has_no_path_so_saving_asks_for_one(
    shipped: tuple[Region, list[Problem]], tmp_path: Path
) -> None:
    session = new_session(shipped)
    session.open_learner(shipped_learners() / "career-changer.toml", example=True)
    assert session.loaded is not None and session.loaded.path is None
    assert session.folder is None
    assert session.title == "Jordan Ellis (example, not saved)"
    with pytest.raises(CredstackError, match="no file yet"):
        session.save()
    target = tmp_path / "jordan.toml"
    assert session.save(target) == target
    assert session.title == "jordan.toml"
    assert load_learner(target, session.region).learner == session.learner


def test_a_new_learner_is_unsaved_and_dirty(shipped: tuple[Region, list[Problem]]) -> None:
    session = new_session(shipped)
    session.new_learner("Sam Park", [BS_IT])
    assert session.dirty and session.title == "Sam Park (new, not saved) *"
    assert session.learner.learner.goals == [BS_IT] and session.learner.held == []
    assert [r.program for r in session.report().results] == [BS_IT]


def test_without_a_learner_every_answer_is_a_located_error(
    shipped: tuple[Region, list[Problem]],
) -> None:
    session = new_session(shipped)
    for ask in (
        lambda: session.learner,
        session.report,
        lambda: session.save(Path("x.toml")),
        lambda: session.add_held(NETWORK_DEFENSE, EARNED),
    ):
        with pytest.raises(CredstackError, match="no learner is open"):
            ask()


# -- edits ---------------------------------------------------------------------------------
def test_adding_a_held_item_changes_the_learner_and_the_report(session: Session) -> None:
    before = applied(session.report())
    session.add_held(NETWORK_DEFENSE, EARNED, "A")
    added = session.learner.held[-1]
    assert (added.ref, added.earned, added.grade) == (NETWORK_DEFENSE, EARNED, "A")
    assert session.dirty and session.title == "career-changer.toml *"
    after = applied(session.report())
    assert after[BS_IT] > before[BS_IT]  # type: ignore[operator]


def test_adding_an_unknown_item_is_refused_with_did_you_mean(session: Session) -> None:
    held = list(session.learner.held)
    with pytest.raises(CredstackError) as refused:
        session.add_held("metro-cc:mc-network-defence", EARNED)
    assert "did you mean 'metro-cc:mc-network-defense'" in refused.value.problems[0].message
    assert session.learner.held == held and not session.dirty


def test_removing_a_held_item(session: Session) -> None:
    refs = [h.ref for h in session.learner.held]
    index = refs.index("cobalt:security-plus")
    session.remove_held(index)
    assert [h.ref for h in session.learner.held] == refs[:index] + refs[index + 1 :]
    assert session.dirty


def test_removing_an_item_an_exception_names_is_refused(session: Session) -> None:
    refs = [h.ref for h in session.learner.held]
    with pytest.raises(CredstackError, match="not held by this learner"):
        session.remove_held(refs.index("lakeshore:data-champions"))
    assert [h.ref for h in session.learner.held] == refs and not session.dirty


def test_evidence_of_a_held_item_that_does_not_exist_is_refused(session: Session) -> None:
    with pytest.raises(CredstackError, match="there is no held item 99"):
        session.attach_evidence(98, session.folder / "x.txt")  # type: ignore[operator]
    with pytest.raises(CredstackError, match="did you mean"):
        session.attach_evidence("cobalt:security-pluss", session.folder / "x.txt")  # type: ignore[operator]


# -- what-if -------------------------------------------------------------------------------
def test_what_if_answers_with_the_item_but_changes_nothing(session: Session) -> None:
    held = list(session.learner.held)
    before = session.report()
    after = session.what_if(NETWORK_DEFENSE, EARNED)
    assert session.learner.held == held and not session.dirty
    assert applied(after)[BS_IT] > applied(before)[BS_IT]  # type: ignore[operator]
    session.add_held(NETWORK_DEFENSE, EARNED)
    assert json_of(session.report()) == json_of(after)


# -- the report and its advice ------------------------------------------------------------
def test_report_is_the_engine_report_with_the_cheap_advice(session: Session) -> None:
    report = session.report()
    plain = build_report(session.region, session.learner)
    assert report.results == plain.results and report.as_of == plain.as_of
    assert [r.program for r in report.results] == session.learner.learner.goals
    assert report.subscriptions  # Northbridge offers plans
    assert report.roles == () and report.next_best == () and report.evidence == ()
    assert report == advise(
        session.region,
        session.learner,
        plain,
        folder=session.folder,
        evidence=False,
        careers=False,
    )


def test_the_full_report_is_what_credstack_report_prints(
    shipped: tuple[Region, list[Problem]], capsys: pytest.CaptureFixture[str]
) -> None:
    """One advice assembly: the Session's report with every section equals the CLI's."""
    path = shipped_learners() / "cc-transfer.toml"  # its evidence files are beside it
    session = new_session(shipped)
    session.open_learner(path)
    report = session.report(evidence=True, careers=True)
    assert [c.state for c in report.evidence] == ["ok"] * len(report.evidence)
    assert report.evidence and report.roles and report.next_best
    assert main(["report", str(path), "--format", "json", "--no-cache"]) == 0
    assert json.loads(capsys.readouterr().out) == json_of(report)


def test_imported_badges_are_in_the_report(session: Session) -> None:
    assert session.report().imported == ()
    clr, items = session.plan_badge_import(BADGE, session.learner.learner.as_of)
    assert clr is None and [i.verification.status for i in items] == ["verified"]
    assert not session.dirty  # planning changes nothing
    session.add_imported([i.held for i in items if i.addable])  # type: ignore[misc]
    imported = session.report().imported
    assert [(b.held, b.verification) for b in imported] == [("beacon:data-analytics", "verified")]


def test_a_badge_file_that_cannot_be_read_is_a_located_error(
    session: Session, tmp_path: Path
) -> None:
    with pytest.raises(CredstackError, match="cannot read badge") as refused:
        session.plan_badge_import(tmp_path / "missing.json", EARNED)
    assert refused.value.problems[0].path == str(tmp_path / "missing.json")


# -- compare, careers, paths, ladders -----------------------------------------------------
def test_compare_ranks_the_goals_from_the_report_or_fresh(session: Session) -> None:
    report = session.report()
    for sort in ("terms", "cost", "remaining"):
        from_report = session.compare(None, sort, report)  # type: ignore[arg-type]
        fresh = session.compare(None, sort)  # type: ignore[arg-type]
        assert [r.program for r in from_report] == [r.program for r in fresh]
        assert sorted(r.program for r in fresh) == sorted(session.learner.learner.goals)
    by_terms = session.compare(None, "terms", report)
    terms = [r.confirmed.plan.term_count for r in by_terms]
    assert terms == sorted(terms)


def test_compare_by_award_ranks_every_program_of_that_award(session: Session) -> None:
    ranked = session.compare("bachelor", "cost")
    refs = programs_of_award(session.region, "bachelor")
    assert sorted(r.program for r in ranked) == refs and len(refs) > 1
    assert ranked[0] == evaluate(session.region, session.learner, ranked[0].program)


def test_compare_filters_by_award_and_subject_area(session: Session) -> None:
    filters = CompareFilter(award="bachelor", subject="IT")
    ranked = session.compare(sort="cost", filters=filters)
    refs = session.compare_programs(filters)
    assert sorted(r.program for r in ranked) == refs and BS_IT in refs
    for ref in refs:
        loaded = session.region.get(ref.split(":")[0])
        program = session.region.program(ref)
        assert loaded is not None and program is not None and program.award == "bachelor"
        assert "IT" in program_subjects(loaded, program)
    every_bachelor = session.compare_programs(CompareFilter(award="bachelor"))
    assert set(refs) < set(every_bachelor)  # the subject narrowed the list


def test_compare_filters_by_institution_country_and_credit_system(session: Session) -> None:
    region = session.region
    for filters, holds in (
        (CompareFilter(institution="northbridge"), lambda i: i.id == "northbridge"),
        (CompareFilter(country="GB"), lambda i: i.country == "GB"),
        (CompareFilter(credit_system="ects"), lambda i: i.credit_system == "ects"),
    ):
        refs = session.compare_programs(filters)
        assert refs, filters
        assert all(holds(region.get(r.split(":")[0]).issuer) for r in refs)  # type: ignore[union-attr]
        assert [r for r in region.program_refs() if holds(region.get(r.split(":")[0]).issuer)]  # type: ignore[union-attr]
        assert sorted(refs) == sorted(
            r
            for r in region.program_refs()
            if holds(region.get(r.split(":")[0]).issuer)  # type: ignore[union-attr]
        )


def test_compare_with_no_filter_is_the_goals(session: Session) -> None:
    assert not CompareFilter().active
    ranked = session.compare(filters=CompareFilter())
    assert sorted(r.program for r in ranked) == sorted(session.learner.learner.goals)


def test_compare_choices_are_what_the_loaded_programs_have(session: Session) -> None:
    choices = session.compare_choices()
    region = session.region
    with_programs = [c for c in region.catalogues.values() if c.catalogue.program]
    assert set(choices.awards) == {p.award for c in with_programs for p in c.catalogue.program}
    assert {i for _, i in choices.institutions} == {c.issuer.id for c in with_programs}
    assert set(choices.countries) == {c.issuer.country for c in with_programs}
    assert set(choices.credit_systems) == {c.issuer.credit_system for c in with_programs}
    assert "IT" in choices.subjects and list(choices.subjects) == sorted(choices.subjects)
    for subject in choices.subjects:  # every subject offered finds a program
        assert session.compare_programs(CompareFilter(subject=subject))


def test_compare_each_evaluates_in_turn_and_tradeoffs_mark_the_front(session: Session) -> None:
    refs = session.compare_programs(CompareFilter(award="bachelor"))
    results = list(session.compare_each(refs))
    assert [r.program for r in results] == refs
    assert results[0] == evaluate(session.region, session.learner, refs[0])
    points = session.tradeoffs(results)
    front = pareto_front(Point(t.program, t.currency, t.finish_month, t.cost) for t in points)
    assert {t.program for t in points if t.on_front} == front and front
    assert {t.program for t in points} == {r.program for r in results if r.confirmed.plan.finishes}


def test_what_if_program_audits_a_program_without_making_it_a_goal(session: Session) -> None:
    goals = list(session.learner.learner.goals)
    ref = "northbridge:ms-analytics"
    assert ref not in goals and session.region.program(ref) is not None
    report = session.what_if_program(ref)
    assert [r.program for r in report.results] == [ref]
    assert report.results[0] == evaluate(session.region, session.learner, ref)
    assert session.learner.learner.goals == goals and not session.dirty
    with pytest.raises(CredstackError, match="did you mean 'northbridge:bs-it'"):
        session.what_if_program("northbridge:bs-itt")


def test_careers_adds_role_fit_and_the_next_best_credential(session: Session) -> None:
    report = session.report()
    advised = session.careers(report)
    fits = fit_roles(session.region, session.learner, report.as_of)
    assert advised.roles == fits and fits
    assert advised.next_best == next_best(
        session.region, session.learner, report.results, fits, report.as_of
    )
    assert advised.results == report.results and advised.evidence == ()


def test_paths_and_ladders_are_the_engines(session: Session) -> None:
    ref = session.learner.held[0].ref
    assert session.paths(ref) == paths_from(session.region, ref)
    institutions = session.ladder_institutions()
    assert institutions == sorted(institutions) and ("Northbridge University", "northbridge") in (
        institutions
    )
    assert all(session.region.catalogues[i].catalogue.program for _, i in institutions)
    as_of = session.learner.learner.as_of
    assert session.ladder("northbridge") == stack_ladder(
        session.region, "northbridge", session.learner, as_of
    )


# -- evidence ------------------------------------------------------------------------------
def test_evidence_is_checked_beside_the_learner_file(
    shipped: tuple[Region, list[Problem]],
) -> None:
    path = shipped_learners() / "cc-transfer.toml"
    session = new_session(shipped)
    session.open_learner(path)
    checks = session.check_evidence()
    assert checks == check_evidence(session.learner, path.parent)
    assert checks and {c.state for c in checks} == {"ok"}
    assert session.report(evidence=True).evidence == checks


def test_evidence_of_an_unsaved_learner_is_not_checked(
    shipped: tuple[Region, list[Problem]],
) -> None:
    session = new_session(shipped)
    session.open_learner(shipped_learners() / "cc-transfer.toml", example=True)
    checks = session.check_evidence()
    assert checks and {c.state for c in checks} == {"not-checked"}


# -- saving --------------------------------------------------------------------------------
def test_save_is_atomic_and_keeps_the_previous_file(session: Session, persona: Path) -> None:
    before = persona.read_bytes()
    session.add_held(NETWORK_DEFENSE, EARNED)
    assert session.save() == persona
    assert not session.dirty and session.title == "career-changer.toml"
    assert persona.with_name("career-changer.toml.bak").read_bytes() == before
    assert load_learner(persona, session.region).learner == session.learner
    assert sorted(p.name for p in persona.parent.iterdir()) == [
        "career-changer.toml",
        "career-changer.toml.bak",
    ]


def test_a_failed_save_leaves_the_file_and_the_session_as_they_were(
    session: Session, persona: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = persona.read_bytes()
    session.add_held(NETWORK_DEFENSE, EARNED)

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        session.save()
    monkeypatch.undo()
    assert persona.read_bytes() == before
    assert session.dirty and session.learner.held[-1].ref == NETWORK_DEFENSE
    assert [p.name for p in persona.parent.iterdir()] == ["career-changer.toml"]
