"""Importing a Curricular Analytics degree plan (CSV) as a credstack catalogue.

The format (CurricularAnalytics.jl): a few `Key,"value"` header rows, then a `Courses`
section with Course ID, Course Name, Prerequisites and Corequisites (by id, `;`
separated), Strict-Corequisites, Credit Hours and the Term the published plan puts the
course in. Each course becomes `C<id>`; the program requires every course; strict
corequisites are read as corequisites (taken earlier or in the same term).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from credstack.errors import CredstackError
from credstack.model.catalogue import CatalogueFile

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
CALENDARS = {
    "semester": [("spring", 1), ("fall", 9)],
    "quarter": [("winter", 1), ("spring", 3), ("fall", 9)],
}


@dataclass(frozen=True)
class PublishedPlan:
    """A curriculum as a catalogue, with the facts of its published degree plan."""

    catalogue: CatalogueFile
    program: str
    terms: int  # terms in the published plan
    max_term_credits: Decimal  # the heaviest published term
    system: str  # "semester" or "quarter"


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "curriculum"


def _ids(text: str) -> list[str]:
    return [f"C{part.strip()}" for part in text.split(";") if part.strip()]


def import_curriculum(path: Path) -> PublishedPlan:
    """Read one Curricular Analytics CSV; raise CredstackError with a line on bad input."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CredstackError.at(path, 1, f"cannot read curriculum: {error}") from None
    header: dict[str, str] = {}
    start = None
    for index, line in enumerate(lines):
        cells = next(csv.reader([line]), [])
        if cells and cells[0] == "Course ID":
            start = index
            break
        if len(cells) >= 2:
            header[cells[0]] = cells[1]
    if start is None:
        raise CredstackError.at(path, 1, "no 'Course ID' header: not a Curricular Analytics CSV")
    system = header.get("System Type", "semester").lower()
    if system not in CALENDARS:
        raise CredstackError.at(path, 1, f"unknown System Type {system!r}")
    courses = []
    by_term: dict[int, Decimal] = {}
    reader = csv.DictReader(io.StringIO("\n".join(lines[start:])))
    for offset, row in enumerate(reader, start=start + 2):
        if not row.get("Course ID"):
            continue
        name = (row.get("Course Name") or "").strip() or f"Course {row['Course ID']}"
        found = _NUMBER.search(row.get("Credit Hours") or "")
        try:
            credits = Decimal(found.group(0)) if found else Decimal(0)
            term = int(row.get("Term") or 0)
        except (InvalidOperation, ValueError):
            raise CredstackError.at(path, offset, "bad Credit Hours or Term") from None
        by_term[term] = by_term.get(term, Decimal(0)) + credits
        prefix = name.split(" ", 1)[0]
        digits = _NUMBER.search(name[len(prefix) :])
        level = int(digits.group(0)[0]) if digits and digits.group(0)[0] in "1234" else 1
        corequisites = _ids(row.get("Corequisites") or "") + _ids(
            row.get("Strict-Corequisites") or ""
        )
        courses.append(
            {
                "code": f"C{row['Course ID'].strip()}",
                "title": name,
                "credits": credits,
                "level": level,
                "subject": prefix.upper() if prefix.isalpha() else "GEN",
                "requires": " and ".join(_ids(row.get("Prerequisites") or "")),
                "corequires": " and ".join(dict.fromkeys(corequisites)),
            }
        )
    if not courses:
        raise CredstackError.at(path, start + 1, "the Courses section is empty")
    issuer = _slug(path.stem)
    data = {
        "format": 1,
        "issuer": {
            "id": issuer,
            "name": header.get("Institution") or path.stem.replace("_", " "),
            "kind": "university",
            "country": "US",
            "credit_system": "us-semester" if system == "semester" else "us-quarter",
        },
        "institution": {
            "term": [
                {"name": name, "starts": month, "max_credits": 40}
                for name, month in CALENDARS[system]
            ],
        },
        "course": courses,
        "program": [
            {
                "id": "published",
                "title": header.get("Degree Plan") or path.stem,
                "award": "bachelor",
                "credits": sum((c["credits"] for c in courses), Decimal(0)) or Decimal(1),
                "requirement": [
                    {"id": "all", "title": "Every course", "courses": [c["code"] for c in courses]}
                ],
            }
        ],
    }
    catalogue = CatalogueFile.model_validate(data)
    return PublishedPlan(
        catalogue=catalogue,
        program=f"{issuer}:published",
        terms=max(by_term) if by_term else 0,
        max_term_credits=max(by_term.values(), default=Decimal(0)),
        system=system,
    )
