"""Paths, petitions and the stack ladder (engine/articulation_graph.py, petitions.py,
ladder.py; semantics §1 `inferred`).

The region: provider `a` (courses X101, X102; credential cert-x holding X101), and
institutions `b`, `c`, `d`, `e` chained by rules:
a:X101 -> b:Y201 (b's rule) -> c:Z301 (c's rule) -> d:W401 (d's rule) -> e:V501 (e's rule).
`c` also has an "and" rule (b:Y201 + b:Y202 -> Z302), a block-credit rule for a:X102,
a micro-credential, and a certificate, a diploma and a bachelor to stack them in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from credstack.engine.articulation_graph import (
    ArticulationPath,
    Step,
    articulation_graph,
    paths_from,
)
from credstack.engine.evaluate import evaluate
from credstack.engine.ladder import stack_ladder
from credstack.engine.petitions import petitions
from credstack.engine.recognise import recognise
from credstack.engine.results import Petition
from credstack.model.learner import LearnerFile
from credstack.model.region import Region
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import learner_from_text

AS_OF = dt.date(2026, 6, 1)

HEAD = """\
format = 1

[issuer]
id = "{id}"
name = "{id} institution"
kind = "{kind}"
country = "US"
credit_system = "us-semester"
"""

POLICY = """
[institution]
tuition_per_credit = 100.0

[[institution.term]]
name = "fall"
starts = 9
"""

A_TOML = (
    HEAD.format(id="a", kind="provider")
    + """
[[course]]
code = "X101"
title = "Foundations"
credits = 3

[[course]]
code = "X102"
title = "Data Bootcamp Module"
credits = 6

[[credential]]
id = "cert-x"
title = "Provider Certificate"
type = "certificate"
courses = ["X101"]
"""
)

B_TOML = (
    HEAD.format(id="b", kind="college")
    + POLICY
    + """
[[course]]
code = "Y201"
title = "Systems I"
credits = 3

[[course]]
code = "Y202"
title = "Systems II"
credits = 3

[[program]]
id = "aas"
title = "Associate in Systems"
award = "associate"
credits = 6

[[program.requirement]]
id = "core"
title = "Core"
courses = ["Y201", "Y202"]

[[articulation]]
id = "b-y201"
from = ["a:X101"]
grants = ["Y201"]
min_grade = "B"
"""
)

C_TOML = (
    HEAD.format(id="c", kind="university")
    + POLICY
    + """
[[course]]
code = "Z301"
title = "Systems Design"
credits = 3
level = 3

[[course]]
code = "Z302"
title = "Systems Integration"
credits = 3
level = 3

[[course]]
code = "DATA150"
title = "Data Basics"
credits = 3

[[course]]
code = "DATA350"
title = "Data Engineering"
credits = 3
level = 3

[[credential]]
id = "mc-systems"
title = "Systems Micro-credential"
type = "micro-credential"
courses = ["Z301"]
stacks_into = ["cert"]

[[program]]
id = "bsc"
title = "BSc Systems"
award = "bachelor"
credits = 24

[[program.requirement]]
id = "core"
title = "Core"
courses = ["Z301", "Z302"]

[[program.requirement]]
id = "data-electives"
title = "Data electives"
credits = 6
subjects = ["DATA"]

[[program.requirement]]
id = "upper-data"
title = "Upper-level data"
credits = 3
subjects = ["DATA"]
min_level = 3

[[program]]
id = "dip"
title = "Diploma in Data"
award = "diploma"
credits = 6

[[program.requirement]]
id = "data"
title = "Data"
courses = ["DATA150", "DATA350"]

[[program]]
id = "cert"
title = "Certificate in Systems"
award = "certificate"
credits = 6

[[program.requirement]]
id = "core"
title = "Core"
courses = ["Z301", "Z302"]

[[articulation]]
id = "c-y201"
from = ["b:Y201"]
grants = ["Z301"]

[[articulation]]
id = "c-and"
from = ["b:Y201", "b:Y202"]
grants = ["Z302"]

[[articulation]]
id = "c-block"
from = ["a:X102"]
grant_credits = 6
subject = "DATA"
level = 1
"""
)

D_TOML = (
    HEAD.format(id="d", kind="university")
    + POLICY
    + """
[[course]]
code = "W401"
title = "Advanced Systems"
credits = 3
level = 4

[[program]]
id = "md"
title = "Master of Systems"
award = "master"
credits = 3

[[program.requirement]]
id = "core"
title = "Core"
courses = ["W401"]

[[articulation]]
id = "d-z301"
from = ["c:Z301"]
grants = ["W401"]
"""
)

E_TOML = (
    HEAD.format(id="e", kind="university")
    + POLICY
    + """
[[course]]
code = "V501"
title = "Research Systems"
credits = 3
level = 5

[[program]]
id = "me"
title = "Master of Research"
award = "master"
credits = 3

[[program.requirement]]
id = "core"
title = "Core"
courses = ["V501"]

[[articulation]]
id = "e-w401"
from = ["d:W401"]
grants = ["V501"]
"""
)


@pytest.fixture
def chain_region(tmp_path: Path) -> Region:
    root = tmp_path / "catalogs"
    root.mkdir()
    for name, text in {
        "a.toml": A_TOML,
        "b.toml": B_TOML,
        "c.toml": C_TOML,
        "d.toml": D_TOML,
        "e.toml": E_TOML,
    }.items():
        (root / name).write_text(text, encoding="utf-8")
    return load_region(root)


def learner(region: Region, *held: tuple[str, str], as_of: bool = True) -> LearnerFile:
    """A learner holding (ref, grade) pairs, all earned 2025-01-01."""
    text = 'format = 1\n\n[learner]\nname = "Test"\n'
    if as_of:
        text += f"as_of = {AS_OF.isoformat()}\n"
    for ref, grade in held:
        text += f'\n[[held]]\nref = "{ref}"\nearned = 2025-01-01\ngrade = "{grade}"\n'
    return learner_from_text(text, region).learner


def by_course(paths: list[ArticulationPath]) -> dict[str, ArticulationPath]:
    return {p.course: p for p in paths}


def test_direct_articulation_path(chain_region: Region) -> None:
    paths = paths_from(chain_region, "b:Y201")
    internal, direct = paths[0], paths[1]
    assert internal == ArticulationPath(
        item="b:Y201",
        steps=(),
        course="b:Y201",
        requirements=("b:aas/core",),
        kind="internal",
        needs_petition=False,
    )
    assert direct.kind == "articulation" and not direct.needs_petition
    assert direct.course == "c:Z301"
    assert direct.steps == (Step("c-y201", "c", ("b:Y201",), "c:Z301"),)
    assert direct.requirements == ("c:bsc/core", "c:cert/core")
    edge = articulation_graph(chain_region).graph.edges["b:Y201", "c:Z301"]
    assert (edge["kind"], edge["rule"], edge["institution"]) == ("articulation", "c-y201", "c")
    # the graph is built once per Region object
    assert articulation_graph(chain_region) is articulation_graph(chain_region)
    assert paths_from(chain_region, "b:Y201") == paths  # deterministic


def test_and_rule_path_lists_all_from_items(chain_region: Region) -> None:
    for item in ("b:Y201", "b:Y202"):
        path = by_course(paths_from(chain_region, item))["c:Z302"]
        assert path.kind == "articulation"
        assert path.steps == (Step("c-and", "c", ("b:Y201", "b:Y202"), "c:Z302"),)
        edge = articulation_graph(chain_region).graph.edges[item, "c:Z302"]
        assert edge["from"] == ("b:Y201", "b:Y202")
    # holding only one of the two is not enough, even by petition
    lone = learner(chain_region, ("a:X101", "A"))
    assert all(p.course != "Z302" for p in recognise(chain_region, lone, "c:bsc", AS_OF).petitions)
    both = learner(chain_region, ("a:X101", "A"), ("b:Y202", "A"))
    courses = {p.course for p in recognise(chain_region, both, "c:bsc", AS_OF).petitions}
    assert courses == {"Z301", "Z302"}


def test_inferred_path_needs_petition_depth_limit(chain_region: Region) -> None:
    paths = paths_from(chain_region, "a:X101")
    assert [(p.course, p.kind, p.needs_petition) for p in paths] == [
        ("b:Y201", "articulation", False),
        ("c:Z301", "inferred", True),
        ("c:Z302", "inferred", True),
        ("d:W401", "inferred", True),
    ]
    z301 = paths[1]
    assert [s.rule for s in z301.steps] == ["b-y201", "c-y201"]
    assert z301.steps[1] == Step("c-y201", "c", ("b:Y201",), "c:Z301")
    assert [s.rule for s in paths[3].steps] == ["b-y201", "c-y201", "d-z301"]
    deeper = by_course(paths_from(chain_region, "a:X101", max_depth=4))
    assert deeper["e:V501"].kind == "inferred" and len(deeper["e:V501"].steps) == 4
    assert [p.course for p in paths_from(chain_region, "a:X101", max_depth=1)] == ["b:Y201"]
    # a credential reaches what its courses reach
    assert [p.course for p in paths_from(chain_region, "a:cert-x")] == [p.course for p in paths]
    # petitions: depth 2 and 3 chains to the program's institution, none beyond 3
    held = learner(chain_region, ("a:X101", "A"))
    assert recognise(chain_region, held, "d:md", AS_OF).petitions == (
        Petition("a:X101", "W401", ("b:b-y201", "c:c-y201", "d:d-z301")),
    )
    assert recognise(chain_region, held, "e:me", AS_OF).petitions == ()
    assert recognise(chain_region, held, "b:aas", AS_OF).petitions == ()  # b has a direct rule
    # the first rule's conditions must hold: b-y201 needs at least a B
    low = learner(chain_region, ("a:X101", "C"))
    assert recognise(chain_region, low, "c:bsc", AS_OF).petitions == ()


def test_block_credit_path_to_credits_requirement(chain_region: Region) -> None:
    paths = paths_from(chain_region, "a:X102")
    assert paths == [
        ArticulationPath(
            item="a:X102",
            steps=(Step("c-block", "c", ("a:X102",), "c:BLOCK:c-block"),),
            course="c:BLOCK:c-block",
            requirements=("c:bsc/data-electives",),  # not upper-data: level 1 < min_level 3
            kind="articulation",
            needs_petition=False,
        )
    ]


def test_inferred_never_counted_in_audit(chain_region: Region) -> None:
    held = learner(chain_region, ("a:X101", "A"))
    result = evaluate(chain_region, held, "c:bsc")
    recognition = result.recognition
    assert recognition.units == ()
    assert result.confirmed.audit.applied == 0
    assert result.potential.audit.applied == 0
    assert recognition.petitions == (Petition("a:X101", "Z301", ("b:b-y201", "c:c-y201")),)
    assert [r.item for r in recognition.not_recognised] == ["a:X101"]
    assert petitions(chain_region, held, "c:bsc", AS_OF, recognised=()) == recognition.petitions
    # a chain to a course already recognised there is left out
    assert petitions(chain_region, held, "c:bsc", AS_OF, recognised={"Z301"}) == ()
    # the same course held through a direct rule counts, and is not petitioned
    direct = learner(chain_region, ("b:Y201", "A"))
    counted = evaluate(chain_region, direct, "c:bsc")
    assert counted.confirmed.audit.applied == Decimal(3)
    assert counted.recognition.petitions == ()


def test_stack_ladder_orders_certificate_inside_degree(chain_region: Region) -> None:
    ladder = stack_ladder(chain_region, "c")
    assert ladder.refs == ("c:mc-systems", "c:cert", "c:dip", "c:bsc")
    nests = {r.ref: r.nests_into for r in ladder.rungs}
    assert nests == {
        "c:mc-systems": ("c:cert", "c:bsc"),  # stacks_into, and its course is bsc core
        "c:cert": ("c:bsc",),  # all of Z301, Z302 are bsc core
        "c:dip": ("c:bsc",),  # DATA150, DATA350 fill bsc's data electives
        "c:bsc": (),  # never down the award order, though cert's core lists its courses
    }
    cert = ladder.rung("c:cert")
    assert cert is not None
    assert (cert.kind, cert.award, cert.credits, cert.progress) == (
        "program",
        "certificate",
        Decimal(6),
        None,
    )
    micro = ladder.rung("c:mc-systems")
    assert micro is not None and (micro.kind, micro.award) == ("credential", "micro-credential")
    assert micro.credits == Decimal(3)  # no credits given: the sum of its courses


def test_stack_ladder_learner_progress(chain_region: Region) -> None:
    held = learner(chain_region, ("c:Z301", "A"), ("a:X102", "B"), as_of=False)
    ladder = stack_ladder(chain_region, "c", held, AS_OF)
    progress = {r.ref: r.progress for r in ladder.rungs}
    micro = progress["c:mc-systems"]
    assert micro is not None
    assert (micro.done, micro.of, micro.measure, micro.complete) == (1, 1, "courses", True)
    dated = held.model_copy(update={"learner": held.learner.model_copy(update={"as_of": AS_OF})})
    for ref, applied in (("c:cert", 3), ("c:dip", 0), ("c:bsc", 9)):
        rung = progress[ref]
        assert rung is not None and rung.measure == "credits"
        expected = evaluate(chain_region, dated, ref).confirmed.audit
        assert rung.done == expected.applied == Decimal(applied)
        assert rung.of == chain_region.program(ref).credits  # type: ignore[union-attr]
        assert not rung.complete


OPEN_TOML = (
    HEAD.format(id="u", kind="university")
    + POLICY
    + """
[[course]]
code = "HIST101"
title = "World History"
credits = 3

[[program]]
id = "ba"
title = "BA General Studies"
award = "bachelor"
credits = 6

[[program.requirement]]
id = "open"
title = "Open electives"
credits = 6
subjects = []

[[articulation]]
id = "u-x101"
from = ["a:X101"]
grants = ["HIST101"]

[[articulation]]
id = "u-block"
from = ["a:X102"]
grant_credits = 3
subject = "ART"
level = 1
"""
)


def test_credits_requirement_with_empty_subjects_filters_no_subject(tmp_path: Path) -> None:
    """`subjects = []` is no subject filter, as for the audit and lint: Explore's paths
    reach the requirement the audit fills (they used to read it as "no subject")."""
    from credstack.engine.lint.common import requirement_takes

    root = tmp_path / "catalogs"
    root.mkdir()
    (root / "a.toml").write_text(A_TOML, encoding="utf-8")
    (root / "u.toml").write_text(OPEN_TOML, encoding="utf-8")
    region = load_region(root)
    loaded = region.catalogues["u"]
    (requirement,) = loaded.programs["ba"].requirement
    assert requirement.subjects == []
    assert requirement_takes(requirement, loaded, "HIST101", "HIST", 1)
    # the audit places both the course and the ART block in it
    held = learner(region, ("a:X101", "A"), ("a:X102", "A"))
    audit = evaluate(region, held, "u:ba").confirmed.audit
    assert {(a.unit.key, a.requirement) for a in audit.assignments} == {
        ("HIST101", "open"),
        ("BLOCK:u-block", "open"),
    }
    # and the paths find it, from the course and from the block rule
    (course_path,) = paths_from(region, "a:X101")
    assert (course_path.course, course_path.requirements) == ("u:HIST101", ("u:ba/open",))
    (block_path,) = paths_from(region, "a:X102")
    assert (block_path.course, block_path.requirements) == ("u:BLOCK:u-block", ("u:ba/open",))
