"""sprawl: near-duplicate short credentials, within one issuer or across issuers.

Two micro-credentials, certificates or badges are near-duplicates when their skills are
at least 80% alike (Jaccard, both listing at least two skills) or the words of their
learning outcomes are (Jaccard over normalised words, both with at least three).

Pairs are found with prefix filtering (Bayardo et al., "Scaling up all pairs similarity
search", 2007): sort each set's tokens rarest first; two sets with Jaccard >= t must
share a token among the first |s| - ceil(t * |s|) + 1 of each. Only pairs that share
such a token are compared, so thousands of credentials stay cheap, and the answer is
exactly that of comparing every pair.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from credstack.engine.lint.common import warn
from credstack.errors import Problem
from credstack.model.catalogue import Credential
from credstack.model.refs import make_ref
from credstack.model.region import LoadedCatalogue, Region

CHECK = "sprawl"
TYPES = frozenset({"micro-credential", "certificate", "badge"})
THRESHOLD = Fraction(4, 5)
MIN_SKILLS = 2
MIN_WORDS = 3

_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    """a an and are as at be by for from in into is it its of on or that the their them
    then this to use using via what when where which who will with your""".split()
)


def outcome_words(outcomes: Sequence[str]) -> frozenset[str]:
    """Lower-case words of the outcomes, stop words dropped, a plural `s` trimmed."""
    words: set[str] = set()
    for outcome in outcomes:
        for word in _WORD.findall(outcome.lower()):
            if word in STOPWORDS:
                continue
            if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
                word = word[:-1]
            words.add(word)
    return frozenset(words)


def jaccard(a: frozenset[str], b: frozenset[str]) -> Fraction:
    union = len(a | b)
    return Fraction(len(a & b), union) if union else Fraction(0)


def similar_pairs(
    sets: Sequence[frozenset[str]], threshold: Fraction = THRESHOLD, min_size: int = 1
) -> set[tuple[int, int]]:
    """Index pairs (i < j) of sets with Jaccard >= threshold, both of at least min_size."""
    frequency = Counter(token for s in sets if len(s) >= min_size for token in s)
    index: dict[str, list[int]] = defaultdict(list)
    pairs: set[tuple[int, int]] = set()
    for j, tokens in enumerate(sets):
        if len(tokens) < min_size:
            continue
        ordered = sorted(tokens, key=lambda t: (frequency[t], t))
        needed = -(-threshold.numerator * len(tokens) // threshold.denominator)  # ceil(t|s|)
        candidates: set[int] = set()
        for token in ordered[: len(tokens) - needed + 1]:
            candidates.update(index[token])
            index[token].append(j)
        for i in candidates:
            if jaccard(sets[i], tokens) >= threshold:
                pairs.add((i, j))
    return pairs


@dataclass(frozen=True)
class _Entry:
    loaded: LoadedCatalogue
    index: int
    credential: Credential
    skills: frozenset[str]
    words: frozenset[str]

    @property
    def ref(self) -> str:
        return make_ref(self.loaded.issuer.id, self.credential.id)


def _entries(region: Region) -> list[_Entry]:
    """Short credentials in load order (files in path order, tables in file order)."""
    return [
        _Entry(
            loaded,
            index,
            credential,
            # the same skill under a local id, its ESCO URI or an alias counts once
            frozenset(region.skill_id(skill.strip()).lower() for skill in credential.skills),
            outcome_words(credential.outcomes),
        )
        for loaded in region.catalogues.values()
        for index, credential in enumerate(loaded.catalogue.credential)
        if credential.type in TYPES
    ]


def _percent(value: Fraction) -> str:
    return f"{int(value * 100)}%"


def sprawl(region: Region) -> Iterator[Problem]:
    """Each near-duplicate pair once, at the later credential, naming the earlier one."""
    entries = _entries(region)
    by_skills = similar_pairs([e.skills for e in entries], THRESHOLD, MIN_SKILLS)
    by_words = similar_pairs([e.words for e in entries], THRESHOLD, MIN_WORDS)
    for i, j in sorted(by_skills | by_words):
        first, later = entries[i], entries[j]
        alike: list[str] = []
        if (i, j) in by_skills:
            shared = ", ".join(sorted(first.skills & later.skills))
            alike.append(f"skills {_percent(jaccard(first.skills, later.skills))} alike ({shared})")
        if (i, j) in by_words:
            alike.append(f"outcomes {_percent(jaccard(first.words, later.words))} alike")
        yield warn(
            later.loaded,
            ("credential", later.index),
            CHECK,
            f"{later.credential.type} {later.credential.id!r} looks like a near-duplicate of "
            f"{first.ref} ({'; '.join(alike)}): merge them, or make the difference clear",
        )
