"""`credstack convert esco`: ESCO skill collection CSVs into a skills framework catalogue.

ESCO (the European Skills, Competences, Qualifications and Occupations classification)
publishes its skills as CSV exports: the collections (digital, green, transversal,
language, research, DigComp) and the skill groups share the columns `conceptType`,
`conceptUri`, `preferredLabel`, `status`, `altLabels` and `description` (in varying
order). Each concept becomes one `[[skill]]` of an issuer of kind "framework":

- `conceptUri` -> `uri` (so a course, credential or role may name the skill by it);
- `preferredLabel` -> `label`, and the `id` (its words joined by "-", lower case; a
  second concept with the same label gets "-2", and a warning);
- `code` (skill groups) -> an alias;
- a `status` other than `released`: left out, with a warning;
- `altLabels`, `description`, `broaderConceptUri`, `skillType`, `reuseLevel`: not
  carried (labels are not identifiers), counted per column in a warning.
The mapping table is in docs/convert-esco.md.

Several files are merged; a concept in two of them is kept once (the first). The
hierarchy export (`skillsHierarchy_en.csv`, one column per level) is not a collection:
it is refused with its file and line. The converter never fetches anything.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from credstack.convert.conversion import Conversion, Unmapped
from credstack.errors import CredstackError

NEEDED = ("conceptUri", "preferredLabel")
NOT_CARRIED = ("altLabels", "description", "broaderConceptUri", "skillType", "reuseLevel")
MAX_BYTES = 64 << 20


def _slug(label: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    return slug or "skill"


def _rows(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CredstackError.at(path, 1, f"cannot read: {error.strerror or error}") from None
    if len(raw) > MAX_BYTES:
        raise CredstackError.at(path, 1, "the file is larger than 64 MB: not an ESCO export")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CredstackError.at(path, line, "not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [name for name in NEEDED if name not in header]
    if missing:
        raise CredstackError.at(
            path,
            1,
            f"not an ESCO skill collection: no {', '.join(missing)} column "
            "(the collections and skill groups have conceptUri and preferredLabel)",
        )
    rows = []
    for row in reader:
        rows.append({**row, "__line__": str(reader.line_num)})
    return rows, list(header)


def convert_esco(inputs: list[Path], issuer: str | None) -> Conversion:
    """A skills framework catalogue from ESCO collection CSVs, and what was left out."""
    warnings: list[Unmapped] = []
    skills: list[dict[str, Any]] = []
    ids: set[str] = set()
    seen: set[str] = set()
    not_carried = dict.fromkeys(NOT_CARRIED, 0)
    for path in inputs:
        rows, header = _rows(path)
        for row in rows:
            where = f"{path}:{row['__line__']}"
            uri = (row.get("conceptUri") or "").strip()
            label = (row.get("preferredLabel") or "").strip()
            if not uri or not label:
                warnings.append(Unmapped(where, "incomplete-concept", "no conceptUri or label"))
                continue
            status = (row.get("status") or "released").strip()
            if status != "released":
                warnings.append(
                    Unmapped(where, "not-released", f"{uri} is {status!r}, not released")
                )
                continue
            if uri in seen:
                continue
            seen.add(uri)
            ident = base = _slug(label)
            n = 1
            while ident in ids:
                n += 1
                ident = f"{base}-{n}"
            if n > 1:
                warnings.append(
                    Unmapped(
                        where,
                        "duplicate-label",
                        f"{label!r} labels another concept too: this one is {ident!r}",
                    )
                )
            ids.add(ident)
            skill: dict[str, Any] = {"id": ident, "label": label, "uri": uri}
            code = (row.get("code") or "").strip()
            if code:
                skill["aliases"] = [code]
            skills.append(skill)
            for column in NOT_CARRIED:
                if column in header and (row.get(column) or "").strip():
                    not_carried[column] += 1
    if not skills:
        raise CredstackError.at(inputs[0], 1, "no released ESCO concept to convert")
    for column, count in not_carried.items():
        if count:
            warnings.append(
                Unmapped(
                    str(inputs[0]),
                    "not-carried",
                    f"{count} concept(s) have {column}, which the catalogue does not carry",
                )
            )
    names = ", ".join(p.stem for p in inputs)
    catalogue = {
        "format": 1,
        "issuer": {
            "id": issuer or "esco",
            "name": f"ESCO skills ({names})",
            "kind": "framework",
            "country": "EU",
            "credit_system": "none",
            "currency": "EUR",
            "quality_assurance": "ESCO classification, European Commission",
            "url": "http://data.europa.eu/esco",
        },
        "skill": skills,
    }
    return Conversion(catalogue, warnings)
