"""unknown-skill: a skill id that no loaded skills framework defines."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from credstack.engine.lint.common import warn
from credstack.errors import Problem, did_you_mean
from credstack.model.region import LoadedCatalogue, Region

CHECK = "unknown-skill"


def known_skills(region: Region) -> set[str]:
    """Every skill id defined by a `[[skill]]` table of any loaded issuer."""
    return {skill.id for loaded in region.catalogues.values() for skill in loaded.catalogue.skill}


def _items(loaded: LoadedCatalogue) -> Iterator[tuple[str, str, int, str, Sequence[str]]]:
    """(table, what, index, id, skills) for everything that lists skills."""
    cat = loaded.catalogue
    for index, course in enumerate(cat.course):
        yield "course", "course", index, course.code, course.skills
    for index, credential in enumerate(cat.credential):
        yield "credential", "credential", index, credential.id, credential.skills
    for index, route in enumerate(cat.rpl):
        yield "rpl", "RPL route", index, route.id, route.skills
    for index, role in enumerate(cat.role):
        yield "role", "role", index, role.id, role.skills


def unknown_skill(region: Region) -> Iterator[Problem]:
    """Skill ids no taxonomy defines; silent when no taxonomy is loaded at all."""
    known = known_skills(region)
    if not known:
        return
    for loaded in region.catalogues.values():
        for table, what, index, item_id, skills in _items(loaded):
            for skill in dict.fromkeys(skills):
                if skill in known:
                    continue
                yield warn(
                    loaded,
                    (table, index, "skills"),
                    CHECK,
                    f"{what} {item_id!r}: skill {skill!r} is not defined by any loaded "
                    f"skills framework{did_you_mean(skill, known)}",
                )
