"""One learner against one program: recognition, both audit views, both plans, costs.

This is the single entry point the report, the compare table and the TUI call.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Sequence
from decimal import Decimal

from credstack.engine.audit import run_audit
from credstack.engine.calendar import local_attendance, start_date
from credstack.engine.plan import make_plan
from credstack.engine.recognise import recognise
from credstack.engine.results import Audit, Outcome, Plan, ProgramResult, Report, Unit
from credstack.model.catalogue import Institution
from credstack.model.learner import LearnerFile, LearnerInfo
from credstack.model.refs import split_ref
from credstack.model.region import LoadedCatalogue, Region


def as_of_date(learner: LearnerFile, today: dt.date | None = None) -> dt.date:
    return learner.learner.as_of or today or dt.date.today()


def evaluate(
    region: Region,
    learner: LearnerFile,
    program_ref: str,
    today: dt.date | None = None,
    *,
    confirmed_only: bool = False,
) -> ProgramResult:
    """Audit and plan `learner` against `program_ref` (an 'issuer:program' reference).

    `confirmed_only` skips the potential (RPL) view, which is then the confirmed one: for
    callers that read only the confirmed outcome many times (engine/routes.py)."""
    issuer, _ = split_ref(program_ref)
    catalogue = region.get(issuer)
    program = region.program(program_ref)
    if catalogue is None or program is None:
        raise KeyError(program_ref)
    as_of = as_of_date(learner, today)
    begin = start_date(learner.learner, region, as_of)
    waived = {e.requirement for e in learner.exceptions_for(program_ref, "waive") if e.requirement}
    attendance = local_attendance(region, learner.learner, issuer)
    recognition = recognise(region, learner, program_ref, as_of)
    confirmed_units = recognition.confirmed_units()
    confirmed_audit = run_audit(program, catalogue, confirmed_units, waived)
    potential_audit = (
        run_audit(program, catalogue, recognition.units, waived)
        if len(confirmed_units) != len(recognition.units) and not confirmed_only
        else confirmed_audit
    )
    confirmed_codes = frozenset(u.course for u in confirmed_units if u.course)
    all_codes = frozenset(u.course for u in recognition.units if u.course)
    confirmed_plan = make_plan(
        program,
        catalogue,
        confirmed_audit,
        confirmed_codes,
        attendance,
        begin,
        waived,
        retake=_left_out(confirmed_audit, confirmed_units),
    )
    fees = sum(
        (
            {a.unit.key: a.unit.fee for a in potential_audit.assignments if a.unit.basis == "rpl"}
        ).values(),
        Decimal(0),
    )
    if potential_audit is confirmed_audit:
        potential_plan = confirmed_plan
    else:
        potential_plan = make_plan(
            program,
            catalogue,
            potential_audit,
            all_codes,
            attendance,
            begin,
            waived,
            fees,
            retake=_left_out(potential_audit, recognition.units),
        )
    scratch = _from_scratch(region, program_ref, attendance, begin)
    paid, paid_warnings = paid_for_held(region, catalogue, confirmed_audit, learner)
    currency = catalogue.issuer.currency
    warnings = [*confirmed_plan.warnings, *paid_warnings]
    cost_per_credit = (paid + confirmed_plan.cost) / program.credits
    return ProgramResult(
        program=program_ref,
        title=program.title,
        award=program.award,
        institution=catalogue.issuer.name,
        credits=program.credits,
        currency=currency,
        confirmed=Outcome(confirmed_audit, confirmed_plan),
        potential=Outcome(potential_audit, potential_plan),
        recognition=recognition,
        paid_for_held=paid,
        cost_per_credit=cost_per_credit,
        from_scratch_cost=scratch.cost,
        from_scratch_terms=scratch.term_count,
        savings=scratch.cost - confirmed_plan.cost,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _left_out(audit: Audit, units: tuple[Unit, ...]) -> frozenset[str]:
    """Recognised external courses the audit did not apply (a cap left them out)."""
    unplaced = set(audit.unplaced)
    return frozenset(u.course for u in units if u.course and u.external and u.key in unplaced)


_SCRATCH: weakref.WeakKeyDictionary[Region, dict[tuple[object, ...], Plan]] = (
    weakref.WeakKeyDictionary()
)


def _from_scratch(region: Region, program_ref: str, info: LearnerInfo, begin: dt.date) -> Plan:
    """The plan with nothing held (same start, load and attendance), cached per region."""
    key = (program_ref, begin, info.credits_per_term, tuple(info.attend or ()))
    plans = _SCRATCH.setdefault(region, {})
    if key not in plans:
        issuer, _ = split_ref(program_ref)
        catalogue = region.get(issuer)
        program = region.program(program_ref)
        assert catalogue is not None and program is not None
        audit = run_audit(program, catalogue, (), waived=set())
        plans[key] = make_plan(program, catalogue, audit, frozenset(), info, begin, set())
    return plans[key]


def paid_for_held(
    region: Region, home: LoadedCatalogue, audit: Audit, learner: LearnerFile
) -> tuple[Decimal, list[str]]:
    """What the learner paid for the held items behind applied credit (catalogue prices).

    A credential costs its `price`; a course costs its issuer's tuition per credit. Prices
    in another currency are left out, with a warning (no exchange rates are assumed).
    """
    held = {h.ref for h in learner.held}
    behind = sorted({s for a in audit.assignments for s in a.unit.sources if s in held})
    total = Decimal(0)
    warnings: list[str] = []
    for ref in behind:
        issuer_id, _ = split_ref(ref)
        issuer = region.get(issuer_id)
        if issuer is None:
            continue
        credential = region.credential(ref)
        course = region.course(ref)
        price: Decimal | None = None
        if credential is not None:
            price = credential.price
        elif course is not None:
            policy = issuer.catalogue.institution or Institution()
            price = course.credits * policy.tuition_per_credit
        if price is None or price == 0:
            continue
        if issuer.issuer.currency != home.issuer.currency:
            warnings.append(
                f"price of {ref} is in {issuer.issuer.currency}, not {home.issuer.currency}: "
                "left out of cost per credit"
            )
            continue
        total += price
    return total, warnings


def build_report(
    region: Region,
    learner: LearnerFile,
    programs: Sequence[str] | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Every program evaluated for the learner; `progress(done, total)` after each."""
    refs = list(programs) if programs else list(learner.learner.goals)
    found: list[ProgramResult] = []
    for ref in refs:
        found.append(evaluate(region, learner, ref, today))
        if progress is not None:
            progress(len(found), len(refs))
    results = tuple(found)
    return Report(learner=learner.learner.name, as_of=as_of_date(learner, today), results=results)


def programs_of_award(region: Region, award: str) -> list[str]:
    return sorted(
        f"{c.issuer.id}:{p.id}"
        for c in region.catalogues.values()
        for p in c.catalogue.program
        if p.award == award
    )
