"""unknown-skill: a skill name that no loaded skills framework defines (as an id, its
ESCO URI or an alias); and a name two frameworks' skills both claim."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from credstack.engine.lint.common import warn
from credstack.errors import Problem, did_you_mean
from credstack.model.region import LoadedCatalogue, Region

CHECK = "unknown-skill"


def known_skills(region: Region) -> set[str]:
    """Every name of a skill some `[[skill]]` table of a loaded issuer defines: its id,
    its uri and its aliases."""
    return set(region.skill_names())


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
    """Skill names no taxonomy defines; silent when no taxonomy is loaded at all. A name
    (an id, uri or alias) that two skills claim names the first one only: said too."""
    known = known_skills(region)
    if not known:
        return
    yield from _claimed_twice(region)
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


def _claimed_twice(region: Region) -> Iterator[Problem]:
    owner = region.skill_names()
    for issuer in sorted(region.catalogues):
        loaded = region.catalogues[issuer]
        for index, skill in enumerate(loaded.catalogue.skill):
            for name in ([skill.uri] if skill.uri else []) + skill.aliases:
                if owner.get(name) not in (None, skill.id):
                    yield warn(
                        loaded,
                        ("skill", index),
                        CHECK,
                        f"skill {skill.id!r}: {name!r} already names skill {owner[name]!r}; "
                        "a course, credential or role naming it means that one",
                    )
