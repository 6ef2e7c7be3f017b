"""requirement-credits: a program whose requirements ask for more credits than it awards."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from credstack.engine.lint.common import show, warn
from credstack.errors import Problem
from credstack.model.region import Region
from credstack.model.requirements import nominal_credits

CHECK = "requirement-credits"


def requirement_credits(region: Region) -> Iterator[Problem]:
    """Requirements' nominal credits above the program's credits.

    A `double_count` pair lets one unit count in both of its requirements, which can
    make a larger sum legitimate; at most the smaller of the pair's nominal credits can be
    shared, so the warning is given only when even that saving does not close the gap.
    """
    for loaded in region.catalogues.values():
        for index, program in enumerate(loaded.catalogue.program):
            nominal = {r.id: nominal_credits(r, loaded) for r in program.requirement}
            total = sum(nominal.values(), Decimal(0))
            if total <= program.credits:
                continue
            shared = sum(
                (
                    min(nominal[a], nominal[b])
                    for a, b in program.double_count
                    if a in nominal and b in nominal and a != b
                ),
                Decimal(0),
            )
            if total - shared <= program.credits:
                continue  # double counting may reconcile the sum
            parts = ", ".join(f"{rid} {show(value)}" for rid, value in nominal.items())
            message = (
                f"program {program.id!r} awards {show(program.credits)} credits but its "
                f"requirements add up to {show(total)} ({parts})"
            )
            if shared:
                message += (
                    f", more than double counting can explain (its double_count pairs "
                    f"share at most {show(shared)})"
                )
            yield warn(loaded, ("program", index, "credits"), CHECK, message)
