"""Shared test material: a small valid region and learner, and ways to break them.

Every broken fixture is built from these valid texts by replacing one exact snippet, so
each test names precisely what it breaks and where the problem must be reported.
"""

from __future__ import annotations

from pathlib import Path

UNI_TOML = """\
format = 1

[issuer]
id = "uni"
name = "Example University"
kind = "university"
country = "US"
credit_system = "us-semester"

[institution]
tuition_per_credit = 400.0
residency_credits = 6

[[institution.term]]
name = "spring"
starts = 1

[[institution.term]]
name = "fall"
starts = 9

[[course]]
code = "CS101"
title = "Intro to Computing"
credits = 3
offered = ["spring", "fall"]

[[course]]
code = "CS102"
title = "Programming"
credits = 3
requires = "CS101"

[[course]]
code = "MATH110"
title = "College Algebra"
credits = 3

[[credential]]
id = "coding-mc"
title = "Coding Micro-credential"
type = "micro-credential"
courses = ["CS101", "CS102"]
stacks_into = ["cert"]

[[program]]
id = "cert"
title = "Certificate in Computing"
award = "certificate"
credits = 9

[[program.requirement]]
id = "core"
title = "Core"
courses = ["CS101", "CS102"]

[[program.requirement]]
id = "maths"
title = "Maths"
choose = 1
courses = ["MATH110"]

[[articulation]]
id = "prov-badge"
from = ["prov:py-badge"]
grants = ["CS101"]
min_grade = "C"

[[role]]
id = "junior-dev"
title = "Junior Developer"
accepts = ["uni:coding-mc", "prov:py-badge"]
"""

PROV_TOML = """\
format = 1

[issuer]
id = "prov"
name = "Provider Academy"
kind = "provider"
country = "US"

[[credential]]
id = "py-badge"
title = "Python Badge"
type = "badge"
hours = 40
"""

LEARNER_TOML = """\
format = 1

[learner]
name = "Test Learner"
as_of = 2026-11-28
start = "2027 spring"
attend = ["spring", "fall"]
goals = ["uni:cert"]

[[held]]
ref = "prov:py-badge"
earned = 2024-01-01
grade = "B"

[[held]]
ref = "uni:MATH110"
earned = 2023-05-01
grade = "A"

[[exception]]
kind = "substitute"
program = "uni:cert"
item = "uni:MATH110"
course = "CS102"
reason = "Reviewed"

[[exception]]
kind = "waive"
program = "uni:cert"
requirement = "maths"
reason = "Reviewed"
"""

SCENARIOS = Path(__file__).resolve().parent / "data" / "scenarios"
PROJECT = Path(__file__).resolve().parent.parent


def replace_once(text: str, old: str, new: str) -> str:
    """`text` with the single occurrence of `old` replaced (fails loudly otherwise)."""
    count = text.count(old)
    assert count == 1, f"{old!r} occurs {count} times in the base text"
    return text.replace(old, new)


def line_no(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line containing `needle`.

    Lines end at "\n" only, as TOML, tomllib and editors count them (not at U+2028 etc.).
    """
    seen = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} (occurrence {occurrence}) not in text")


def write_region(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A catalogue directory holding the given files (default: the valid base region)."""
    files = {"uni.toml": UNI_TOML, "prov.toml": PROV_TOML} if files is None else files
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
