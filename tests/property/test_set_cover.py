"""The cheapest and the quickest sets that close a role's gap are exact: they equal a
brute-force optimum over every subset of credentials on small random instances, with the
documented tie-breaks (lowest total, then fewest credentials, then ids), and the
documented rules (an accepted credential closes the role alone; prices are compared only
within one currency, the learner's first; credentials without hours never count as quick).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from itertools import combinations
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credstack.engine.roles import role_fit
from credstack.engine.set_cover import Option, cheapest_cover
from credstack.model.catalogue import CatalogueFile
from credstack.model.learner import LearnerFile
from credstack.model.region import LoadedCatalogue, Region
from credstack.store.toml_lines import LineIndex

SETTINGS = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SKILLS = ("s0", "s1", "s2", "s3", "s4", "s5")
AS_OF = dt.date(2026, 11, 28)

Key = tuple[Decimal, int, tuple[str, ...]]


def brute_best(
    ids: Sequence[str],
    weight: dict[str, Decimal],
    covers: callable,  # type: ignore[valid-type]
) -> tuple[str, ...] | None:
    """Every subset of `ids`: the covering one with the least (total, size, sorted ids)."""
    best: tuple[Key, tuple[str, ...]] | None = None
    for size in range(len(ids) + 1):
        for subset in combinations(sorted(ids), size):
            if not covers(subset):
                continue
            key = (sum((weight[i] for i in subset), Decimal(0)), size, subset)
            if best is None or key < best[0]:
                best = (key, subset)
    return None if best is None else best[1]


weights = st.integers(min_value=0, max_value=12).map(lambda n: Decimal(n) / 2)


@st.composite
def cover_instances(draw: st.DrawFn) -> tuple[frozenset[str], list[Option]]:
    universe = frozenset(draw(st.sets(st.sampled_from(SKILLS), max_size=5)))
    count = draw(st.integers(min_value=0, max_value=8))
    options = [
        Option(
            f"o{i}", frozenset(draw(st.sets(st.sampled_from(SKILLS), max_size=4))), draw(weights)
        )
        for i in range(count)
    ]
    return universe, options


@SETTINGS
@given(cover_instances())
def test_exact_cover_equals_the_brute_force_optimum(
    instance: tuple[frozenset[str], list[Option]],
) -> None:
    universe, options = instance
    by_id = {o.id: o for o in options}
    expected = brute_best(
        list(by_id),
        {o.id: o.weight for o in options},
        lambda subset: universe <= frozenset().union(*(by_id[i].covers for i in subset)),
    )
    chosen = cheapest_cover(universe, options)
    assert (None if chosen is None else tuple(o.id for o in chosen)) == expected


# -- the same, through the roles engine on random regions -------------------------------------
@st.composite
def role_instances(draw: st.DrawFn) -> tuple[Region, LearnerFile]:
    role_skills = draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=5, unique=True))
    known = draw(st.sets(st.sampled_from(SKILLS), max_size=3))
    credentials = []
    for index in range(draw(st.integers(min_value=0, max_value=7))):
        credential: dict[str, object] = {
            "id": f"c{index}",
            "title": f"Credential {index}",
            "type": draw(st.sampled_from(["certificate", "badge", "workplace-training"])),
            "skills": sorted(draw(st.sets(st.sampled_from(SKILLS), max_size=3))),
        }
        if draw(st.booleans()) or index == 0:
            credential["price"] = draw(weights)
        if draw(st.booleans()):
            credential["hours"] = draw(st.integers(min_value=0, max_value=30))
        credentials.append(credential)
    ids = [f"c{i}" for i in range(len(credentials))]
    accepts = [f"prov:{i}" for i in draw(st.sets(st.sampled_from(ids), max_size=2))] if ids else []
    employer = {
        "format": 1,
        "issuer": {"id": "emp", "name": "Employer", "kind": "employer", "country": "US"},
        "role": [{"id": "r", "title": "Role", "skills": role_skills, "accepts": accepts}],
    }
    currency = draw(st.sampled_from(["USD", "EUR"]))
    provider = {
        "format": 1,
        "issuer": {
            "id": "prov",
            "name": "Provider",
            "kind": "provider",
            "country": "US",
            "currency": currency,
        },
        "credential": credentials,
    }
    other = {
        "format": 1,
        "issuer": {
            "id": "alt",
            "name": "Alt",
            "kind": "provider",
            "country": "NL",
            "currency": "EUR",
        },
        "credential": [dict(c, id=f"a{c['id']}") for c in credentials[: len(credentials) // 2]],
    }
    loaded = [
        LoadedCatalogue(
            Path(f"{data['issuer']['id']}.toml"),  # type: ignore[index]
            CatalogueFile.model_validate(data),
            LineIndex(""),
        )
        for data in (employer, provider, other)
    ]
    learner = LearnerFile.model_validate(
        {
            "format": 1,
            "learner": {"name": "L", "as_of": AS_OF, "roles": ["emp:r"]},
            "prior": [{"title": "Job", "kind": "workplace", "skills": sorted(known)}],
        }
    )
    return Region(loaded), learner


def _offers(region: Region) -> list[tuple[str, dict[str, object]]]:
    """Every enrollable credential as (ref, facts), from the models, not the engine."""
    found = []
    for issuer_id, catalogue in region.catalogues.items():
        for c in catalogue.catalogue.credential:
            if c.type == "workplace-training":
                continue
            found.append(
                (
                    f"{issuer_id}:{c.id}",
                    {
                        "skills": set(c.skills),
                        "price": c.price,
                        "hours": c.hours,
                        "currency": catalogue.issuer.currency,
                    },
                )
            )
    return found


@SETTINGS
@given(role_instances())
def test_role_cheapest_and_quickest_sets_equal_the_brute_force_optimum(
    instance: tuple[Region, LearnerFile],
) -> None:
    region, learner = instance
    role = region.role("emp:r")
    assert role is not None
    fit = role_fit(region, learner, "emp:r", AS_OF)
    gap = [s for s in role.skills if s not in set(learner.prior[0].skills)]
    assert list(fit.gap) == gap
    if not gap:
        assert fit.satisfied and fit.cheapest is None and fit.quickest is None
        return
    offers = dict(_offers(region))

    def closes(subset: Sequence[str]) -> bool:
        if any(ref in role.accepts for ref in subset):
            return True
        taught = set().union(*(offers[ref]["skills"] for ref in subset))  # type: ignore[arg-type]
        return set(gap) <= taught

    # cheapest: the learner's (here the employer's) USD first, then the other currencies
    expected_cheapest = None
    for currency in ("USD", "EUR"):
        priced = [
            r for r, o in offers.items() if o["price"] is not None and o["currency"] == currency
        ]
        expected_cheapest = brute_best(
            priced,
            {r: offers[r]["price"] for r in priced},
            closes,  # type: ignore[misc]
        )
        if expected_cheapest is not None:
            break
    timed = [r for r, o in offers.items() if o["hours"] is not None]
    expected_quickest = brute_best(
        timed,
        {r: Decimal(offers[r]["hours"]) for r in timed},
        closes,  # type: ignore[arg-type]
    )
    assert (fit.cheapest.credentials if fit.cheapest else None) == expected_cheapest
    assert (fit.quickest.credentials if fit.quickest else None) == expected_quickest
    if fit.cheapest is not None:
        assert fit.cheapest.total == sum(
            (offers[r]["price"] for r in expected_cheapest or ()),
            Decimal(0),  # type: ignore[misc]
        )
        assert len({item.currency for item in fit.cheapest.items}) == 1
