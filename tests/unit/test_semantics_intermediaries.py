"""Audit semantics §1, intermediaries: an intermediary's credit recommendations apply at an
institution only when it honours the intermediary (`[[institution.honours]]`), capped.

One test per rule, named after it (docs/audit-semantics.md §1, "Intermediaries").
Conventions (institution `r`, learner audited on 2026-11-28, ...) are in
semantics_helpers.py; `ace` is an intermediary, `p` a provider whose credentials it
evaluates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from credstack.engine.lint import lint_region
from credstack.store.catalogue_loader import load_region_with_problems
from tests.unit.semantics_helpers import (
    articulation,
    courses,
    credential,
    d,
    held,
    issuer,
    learner,
    policy,
    program,
    refused,
    requirement,
    run,
    table,
    unit,
)

P = issuer("p", kind="provider", credit_system="none") + credential("cert-a") + credential("cert-b")


def ace(*rules: str, credit_system: str = "us-semester") -> str:
    return issuer("ace", kind="intermediary", credit_system=credit_system) + "".join(rules)


def honours(intermediary: str, max_credits: float | None = None) -> str:
    return table("institution.honours", {"intermediary": intermediary, "max_credits": max_credits})


def home(*extra: str, credit_system: str = "us-semester", honour: str = "") -> str:
    """R with courses A1-A4, program `deg` (30 credits: core = A1, A2; the rest general)."""
    return (
        issuer("r", credit_system=credit_system)
        + policy()
        + honour
        + courses("A1", "A2", "A3", "A4")
        + program("deg", 30, requirement("core", courses=["A1", "A2"]))
        + "".join(extra)
    )


BLOCK_A = articulation("rec-a", ["p:cert-a"], grant_credits=6, level=1, subject="DATA")
COURSE_B = articulation("rec-b", ["p:cert-b"], grants=["r:A1"])


def test_intermediary_rules_apply_only_where_honoured(tmp_path: Path) -> None:
    catalogues = {"p": P, "ace": ace(BLOCK_A), "r": home()}
    result = run(tmp_path / "no", catalogues, learner("r:deg") + held("p:cert-a"))
    # R does not honour ace: its recommendation is not R's rule, so nothing is recognised.
    assert result.recognition.units == ()
    assert "no articulation rule at r" in refused(result)["p:cert-a"]
    catalogues["r"] = home(honour=honours("ace"))
    result = run(tmp_path / "yes", catalogues, learner("r:deg") + held("p:cert-a"))
    block = unit(result, "BLOCK:ace:rec-a")
    assert (block.basis, block.credits, block.via) == ("articulation", 6, "ace:rec-a")
    assert (block.subject, block.level) == ("DATA", 1)


def test_intermediary_block_credit_is_converted_into_the_institutions_credit_system(
    tmp_path: Path,
) -> None:
    # 6 US semester credits = 6 x 45 = 270 notional hours = 270 / 30 = 9 US quarter credits.
    catalogues = {
        "p": P,
        "ace": ace(BLOCK_A),
        "r": home(credit_system="us-quarter", honour=honours("ace")),
    }
    result = run(tmp_path, catalogues, learner("r:deg") + held("p:cert-a"))
    assert unit(result, "BLOCK:ace:rec-a").credits == 9


def test_intermediary_grants_only_the_honouring_institutions_courses(tmp_path: Path) -> None:
    other = issuer("s") + policy() + courses("S1")
    rule = articulation("rec-b", ["p:cert-b"], grants=["r:A1", "s:S1"])
    catalogues = {"p": P, "s": other, "ace": ace(rule), "r": home(honour=honours("ace"))}
    result = run(tmp_path, catalogues, learner("r:deg") + held("p:cert-b"))
    # At r the rule grants A1 only; S1 is s's course and counts only where s honours ace.
    assert [u.key for u in result.recognition.units] == ["A1"]
    assert unit(result, "A1").via == "ace:rec-b"


def test_institution_own_rule_comes_before_an_intermediary_recommendation(
    tmp_path: Path,
) -> None:
    own = articulation("own-a1", ["p:cert-b"], grants=["A1"])
    catalogues = {"p": P, "ace": ace(COURSE_B), "r": home(own, honour=honours("ace"))}
    result = run(tmp_path, catalogues, learner("r:deg") + held("p:cert-b"))
    # Both reach A1: R's own rule is kept, the recommendation adds nothing.
    assert unit(result, "A1").via == "own-a1"
    assert result.confirmed.audit.applied == 3


def test_intermediary_credits_are_capped_at_max_credits(tmp_path: Path) -> None:
    catalogues = {
        "p": P,
        "ace": ace(BLOCK_A, COURSE_B),
        "r": home(honour=honours("ace", max_credits=4)),
    }
    result = run(tmp_path, catalogues, learner("r:deg") + held("p:cert-a") + held("p:cert-b"))
    # Rules in ace's file order: the 6-credit block is cut to the cap (4); A1 (3 credits,
    # indivisible) no longer fits and is refused with the reason.
    assert unit(result, "BLOCK:ace:rec-a").credits == 4
    assert "max_credits" in unit(result, "BLOCK:ace:rec-a").note
    assert [u.key for u in result.recognition.units] == ["BLOCK:ace:rec-a"]
    assert "capped at 4 credits" in refused(result)["p:cert-b"]


def test_intermediary_recommendation_obeys_the_institutions_conditions(tmp_path: Path) -> None:
    dated = articulation("rec-a", ["p:cert-a"], grant_credits=6, valid_until=dt.date(2020, 12, 31))
    catalogues = {"p": P, "ace": ace(dated), "r": home(honour=honours("ace"))}
    result = run(tmp_path, catalogues, learner("r:deg") + held("p:cert-a", earned="2024-01-10"))
    assert result.recognition.units == ()
    assert "valid_until 2020-12-31" in refused(result)["p:cert-a"]


def test_intermediary_rules_load_without_an_institution_table(tmp_path: Path) -> None:
    for name, text in {"p": P, "ace": ace(BLOCK_A, COURSE_B), "r": home()}.items():
        (tmp_path / f"{name}.toml").write_text(text)
    _, problems = load_region_with_problems(tmp_path)
    assert [p for p in problems if p.severity == "error"] == []
    # A provider that is not an intermediary still needs [institution] for its rules.
    (tmp_path / "ace.toml").write_text(ace(BLOCK_A).replace('"intermediary"', '"provider"'))
    _, problems = load_region_with_problems(tmp_path)
    assert any("need an [institution] table" in p.message for p in problems)


def test_honouring_the_same_intermediary_twice_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "r.toml").write_text(home(honour=honours("ace") + honours("ace", 6)))
    _, problems = load_region_with_problems(tmp_path)
    assert any("'ace' is honoured twice" in p.message for p in problems)


def test_lint_unknown_intermediary(tmp_path: Path) -> None:
    files = {"p": P, "ace": ace(BLOCK_A), "r": home(honour=honours("acee") + honours("p"))}
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(text)
    region, problems = load_region_with_problems(tmp_path)
    assert problems == []
    found = [
        p for p in lint_region(region, dt.date(2026, 11, 28)) if "unknown-intermediary" in p.message
    ]
    messages = sorted(p.message for p in found)
    assert len(messages) == 2
    assert "'p' is a provider, not an intermediary" in messages[0]
    assert "no intermediary 'acee' is loaded (did you mean 'ace'?)" in messages[1]
    assert {p.line for p in found} == {
        next(
            i
            for i, line in enumerate(files["r"].splitlines(), 1)
            if line == 'intermediary = "acee"'
        ),
        next(
            i for i, line in enumerate(files["r"].splitlines(), 1) if line == 'intermediary = "p"'
        ),
    }


def test_convert_credits_goes_through_notional_hours() -> None:
    from credstack.model.catalogue import convert_credits

    assert convert_credits(d(3), d(45), d(30)) == d("4.5")
    assert convert_credits(d(4.5), d(30), d(45)) == 3
    assert convert_credits(d(3), d(45), d("27.5")) == d("4.9090")  # rounded down
    assert convert_credits(d(3), None, d(30)) == 3  # a system without hours: kept
