"""Registrar-facing warnings about a loaded region (see docs/lint.md).

Loading already reports every error (syntax, schema, unresolved references, cycles). Lint
looks at a region that loaded and says what a registrar should still look at: each check
is a small function in its own module, returns warnings only, and locates each one at
the table or key it is about. `lint_region` runs them all and sorts what they find.
"""

from __future__ import annotations

import datetime as dt

from credstack.engine.lint.agreements import expired_agreement
from credstack.engine.lint.eu_elements import eu_elements
from credstack.engine.lint.intermediaries import unknown_intermediary
from credstack.engine.lint.offering import never_offered, unfinishable_program
from credstack.engine.lint.program_credits import requirement_credits
from credstack.engine.lint.skills import unknown_skill
from credstack.engine.lint.sprawl import sprawl
from credstack.engine.lint.stackability import stackability
from credstack.errors import Problem
from credstack.model.region import Region

__all__ = [
    "CHECKS",
    "eu_elements",
    "expired_agreement",
    "lint_region",
    "never_offered",
    "requirement_credits",
    "sprawl",
    "stackability",
    "unfinishable_program",
    "unknown_intermediary",
    "unknown_skill",
]

#: Every check's name, as it prefixes its warnings, in the order they run.
CHECKS: tuple[str, ...] = (
    "eu-elements",
    "sprawl",
    "stackability",
    "requirement-credits",
    "unknown-skill",
    "expired-agreement",
    "never-offered",
    "unfinishable-program",
    "unknown-intermediary",
)


def lint_region(region: Region, today: dt.date | None = None) -> list[Problem]:
    """Every lint warning for `region`, sorted by file, line and message.

    `today` dates the expired-agreement check (default: the system date).
    """
    day = today or dt.date.today()
    found: set[Problem] = set()
    found.update(eu_elements(region))
    found.update(sprawl(region))
    found.update(stackability(region))
    found.update(requirement_credits(region))
    found.update(unknown_skill(region))
    found.update(expired_agreement(region, day))
    found.update(never_offered(region))
    found.update(unfinishable_program(region))
    found.update(unknown_intermediary(region))
    return sorted(found)
