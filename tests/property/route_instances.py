"""Random small route cases: a goal institution `uni`, a feeder college `cc` and a learner,
as the catalogue and learner files would hold them (built like pipeline_instances.py).

Kept small enough that every subset of the feeder's courses can be evaluated: at most four
feeder courses (so 16 subsets), two to four goal courses. Covered: prices, fees per term,
transfer caps (max_external_share), and-rules, prerequisites and offerings at the feeder,
held feeder courses, the learner's load.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from credstack.model.catalogue import CatalogueFile
from credstack.model.learner import LearnerFile
from credstack.model.region import LoadedCatalogue, Region
from credstack.store.toml_lines import LineIndex

GOAL = "uni:bs"
TERMS = [
    {"name": "spring", "starts": 1, "max_credits": 12},
    {"name": "fall", "starts": 9, "max_credits": 12},
]


def _issuer(ident: str, kind: str) -> dict[str, Any]:
    return {
        "id": ident,
        "name": ident.upper(),
        "kind": kind,
        "country": "US",
        "credit_system": "us-semester",
        "currency": "USD",
    }


@dataclass(frozen=True)
class RouteCase:
    uni: dict[str, Any]
    cc: dict[str, Any]
    learner: dict[str, Any]
    budget: Decimal | None
    by: str | None

    def region(self) -> Region:
        return Region(
            [
                LoadedCatalogue(
                    Path(f"{name}.toml"), CatalogueFile.model_validate(data), LineIndex("")
                )
                for name, data in (("uni", self.uni), ("cc", self.cc))
            ]
        )

    def learner_file(self) -> LearnerFile:
        return LearnerFile.model_validate(self.learner)

    def feeder_items(self) -> list[str]:
        return [f"cc:{c['code']}" for c in self.cc["course"]]

    def held(self) -> set[str]:
        return {h["ref"] for h in self.learner.get("held", [])}


@st.composite
def route_cases(draw: st.DrawFn) -> RouteCase:
    n_goal = draw(st.integers(2, 4))
    n_feed = draw(st.integers(1, 4))
    goal_courses = [
        {"code": f"U{i}", "title": f"U{i}", "credits": draw(st.sampled_from([2, 3, 4]))}
        for i in range(1, n_goal + 1)
    ]
    feed_courses: list[dict[str, Any]] = []
    for i in range(1, n_feed + 1):
        course: dict[str, Any] = {
            "code": f"C{i}",
            "title": f"C{i}",
            "credits": draw(st.sampled_from([1, 2, 3, 4])),
        }
        if i > 1 and draw(st.booleans()):
            course["requires"] = f"C{draw(st.integers(1, i - 1))}"
        offered = draw(st.sampled_from([None, ["spring"], ["fall"]]))
        if offered:
            course["offered"] = offered
        feed_courses.append(course)
    rules: list[dict[str, Any]] = []
    for i in range(1, n_feed + 1):
        if draw(st.integers(0, 3)) > 0:
            rules.append(
                {
                    "id": f"r{i}",
                    "from": [f"cc:C{i}"],
                    "grants": [f"U{draw(st.integers(1, n_goal))}"],
                }
            )
    if n_feed >= 2 and draw(st.booleans()):
        a, b = draw(st.lists(st.integers(1, n_feed), min_size=2, max_size=2, unique=True))
        grants = sorted({f"U{draw(st.integers(1, n_goal))}" for _ in range(2)})
        rules.append({"id": "and", "from": [f"cc:C{a}", f"cc:C{b}"], "grants": grants})
    share = draw(st.sampled_from([0.25, 0.5, 0.75, 1.0]))
    uni = {
        "format": 1,
        "issuer": _issuer("uni", "university"),
        "institution": {
            "tuition_per_credit": draw(st.sampled_from([200, 300, 400])),
            "fees_per_term": draw(st.sampled_from([0, 100])),
            "residency_credits": 0,
            "max_external_share": share,
            "term": TERMS,
        },
        "course": goal_courses,
        "program": [
            {
                "id": "bs",
                "title": "BS",
                "award": "bachelor",
                "credits": sum(c["credits"] for c in goal_courses),
                "requirement": [
                    {"id": "core", "title": "Core", "courses": [c["code"] for c in goal_courses]}
                ],
            }
        ],
        "articulation": rules,
    }
    cc = {
        "format": 1,
        "issuer": _issuer("cc", "college"),
        "institution": {
            "tuition_per_credit": draw(st.sampled_from([50, 100, 150])),
            "fees_per_term": draw(st.sampled_from([0, 25])),
            "term": TERMS,
        },
        "course": feed_courses,
    }
    held = [
        {"ref": f"cc:C{i}", "earned": dt.date(2025, 5, 1), "grade": "B"}
        for i in range(1, n_feed + 1)
        if draw(st.integers(0, 4)) == 0
    ]
    learner = {
        "format": 1,
        "learner": {
            "name": "Route Learner",
            "as_of": dt.date(2026, 11, 28),
            "start": "2027 spring",
            "credits_per_term": draw(st.sampled_from([3, 6, 9])),
            "attend": ["spring", "fall"],
            "goals": [GOAL],
        },
        "held": held,
    }
    budget = draw(st.one_of(st.none(), st.sampled_from([Decimal(1500), Decimal(3000)])))
    by = draw(st.one_of(st.none(), st.sampled_from(["2027 fall", "2028 spring", "2028 fall"])))
    return RouteCase(uni, cc, learner, budget, by)
