"""Reading a Curricular Analytics CSV, in any of its published dialects, into rows.

Two dialects (docs/convert.md has the field-by-field table):

- **Curricular Analytics** (CurricularAnalytics.jl, curricularanalytics.org): `Key,value`
  metadata rows (`Curriculum`, `Degree Plan`, `Institution`, `Degree Type`,
  `System Type`, `CIP`), a `Courses` row, a header row starting `Course ID` and one row
  per course; a degree plan adds a `Term` column and may end with an `Additional
  Courses` row, its own header and more courses. Headers are matched loosely (case,
  `_`/`-`/spaces: `Course_ID`, `Credit_Hours`), with the published `Strict-Corequistes`
  typo, the `CoPrerequisites` column and the `(Text)` columns.
- **Minimal** (the CRAN CurricularAnalytics package): `id,label,term,requisites`, no
  metadata and no credits.

This module only reads: every cell kept as text with its line. Malformed input (not UTF-8,
no header, a credit or term that is not a number) raises CredstackError at its line;
anything merely unusual becomes a located warning.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from credstack.convert.conversion import Unmapped
from credstack.errors import CredstackError
from credstack.files import read_regular

MAX_CSV_BYTES = 32 << 20  # the largest published course graph is under 1 MB

# Normalised header -> field. Normalising lowercases and turns `_`, `-` and runs of
# spaces into one space, so `Course_ID`, `course id` and `Course-ID` are one column.
COLUMNS: dict[str, str] = {
    "course id": "id",
    "id": "id",
    "course name": "name",
    "label": "name",
    "prefix": "prefix",
    "number": "number",
    "prerequisites": "pre",
    "requisites": "pre",
    "corequisites": "co",
    "strict corequisites": "strict",
    "strict corequistes": "strict",  # the typo in files CurricularAnalytics.jl wrote
    "coprerequisites": "copre",
    "co prerequisites": "copre",
    "credit hours": "credits",
    "credits": "credits",
    "term": "term",
    "institution": "institution",
    "canonical name": "canonical",
    "prerequisites (text)": "pre_text",
    "corequisites (text)": "co_text",
    "strict corequisites (text)": "strict_text",
}
# Columns with facts the catalogue does not carry: read, counted once per file.
METRICS = {"complexity", "blocking", "delay", "centrality"}
METADATA = {"curriculum", "degree plan", "institution", "degree type", "system type", "cip"}
SYSTEMS = ("semester", "quarter")


def normal(header: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[_\-]", " ", header.strip().lower())).strip()


@dataclass
class Row:
    """One course row, its cells as text."""

    line: int
    id: str
    name: str
    prefix: str = ""
    number: str = ""
    pre: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    strict: list[str] = field(default_factory=list)
    copre: list[str] = field(default_factory=list)
    credits: Decimal | None = None
    term: int | None = None
    additional: bool = False  # from the `Additional Courses` block


@dataclass
class Curriculum:
    """One file as read: metadata (value, line), course rows, and what the file is."""

    path: Path
    dialect: str  # "curricular-analytics" or "minimal"
    metadata: dict[str, tuple[str, int]]
    rows: list[Row]
    system: str  # "semester" or "quarter"
    has_terms: bool
    header_line: int

    def meta(self, key: str) -> str:
        return self.metadata.get(key, ("", 0))[0]


def _where(path: Path, line: int) -> str:
    return f"{path}:{line}"


def _records(path: Path) -> list[tuple[int, list[str]]]:
    """(line, cells) for every CSV record, a byte-order mark dropped."""
    try:
        raw, _ = read_regular(path, MAX_CSV_BYTES)
    except FileNotFoundError:
        raise CredstackError.at(path, 1, "no such file") from None
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or "not a usable file name"
        raise CredstackError.at(path, 1, f"cannot read: {why}") from None
    if len(raw) > MAX_CSV_BYTES:
        raise CredstackError.at(path, 1, f"larger than {MAX_CSV_BYTES >> 20} MB: not a curriculum")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        first = raw.decode("utf-8", "replace").lstrip("\ufeff").split("\n", 1)[0]
        if normal(first.split(",", 1)[0]) == "course code":
            _calendar(path, 1)
        line = raw[: error.start].count(b"\n") + 1
        raise CredstackError.at(path, line, "not UTF-8 text") from None
    if "\x00" in text:
        raise CredstackError.at(path, text[: text.index("\x00")].count("\n") + 1, "a NUL byte")
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            records.append((start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error as error:
        raise CredstackError.at(path, start, f"CSV syntax: {error}") from None
    return records


def _calendar(path: Path, line: int) -> None:
    raise CredstackError.at(
        path,
        line,
        "a course calendar (free-text Prerequisite and Corequisite columns), not a "
        "Curricular Analytics curriculum: it has no requisites by id, credits or terms",
    )


def _blank(cells: list[str]) -> bool:
    return not any(cells)


def read_curriculum(path: Path, warnings: list[Unmapped]) -> Curriculum:
    """Read one file; warnings are appended to `warnings`."""
    records = _records(path)
    content = [(line, cells) for line, cells in records if not _blank(cells)]
    if not content:
        raise CredstackError.at(path, 1, "the file is empty")
    first_line, first = content[0]
    heads = [normal(c) for c in first]
    if heads[:1] == ["course code"]:
        _calendar(path, first_line)
    if heads[:1] == ["id"] and "label" in heads:
        columns = _columns(path, first_line, first, warnings)
        rows = _rows(path, content[1:], columns, warnings, additional=False)
        warnings.append(
            Unmapped(
                _where(path, first_line),
                "assumed-system",
                "no System Type in this dialect: read as a semester calendar",
            )
        )
        return Curriculum(path, "minimal", {}, rows, "semester", "term" in columns, first_line)
    return _curricular_analytics(path, content, warnings)


def _curricular_analytics(
    path: Path, content: list[tuple[int, list[str]]], warnings: list[Unmapped]
) -> Curriculum:
    metadata: dict[str, tuple[str, int]] = {}
    header_at = None
    for index, (line, cells) in enumerate(content):
        key = normal(cells[0])
        if key == "course id":
            header_at = index
            break
        if key == "courses":
            continue
        if key in METADATA:
            metadata[key] = (cells[1] if len(cells) > 1 else "", line)
        else:
            warnings.append(
                Unmapped(
                    _where(path, line),
                    "unknown-metadata",
                    f"metadata row {cells[0]!r} is not read",
                )
            )
    if header_at is None:
        raise CredstackError.at(
            path, content[0][0], "no 'Course ID' header row: not a Curricular Analytics CSV"
        )
    header_line, header = content[header_at]
    columns = _columns(path, header_line, header, warnings)
    rows: list[Row] = []
    body = content[header_at + 1 :]
    split = next(
        (i for i, (_, cells) in enumerate(body) if normal(cells[0]) == "additional courses"),
        None,
    )
    rows += _rows(path, body if split is None else body[:split], columns, warnings, False)
    has_terms = "term" in columns
    if split is not None:
        extra = body[split + 1 :]
        if not extra or normal(extra[0][1][0]) != "course id":
            line = extra[0][0] if extra else body[split][0]
            raise CredstackError.at(path, line, "'Additional Courses' needs its own header row")
        more = _columns(path, extra[0][0], extra[0][1], warnings)
        rows += _rows(path, extra[1:], more, warnings, True)
        has_terms = has_terms or "term" in more
    system = _system(path, metadata, header_line, warnings)
    return Curriculum(path, "curricular-analytics", metadata, rows, system, has_terms, header_line)


def _system(
    path: Path, metadata: dict[str, tuple[str, int]], header_line: int, warnings: list[Unmapped]
) -> str:
    text, line = metadata.get("system type", ("", header_line))
    value = normal(text)
    if value in SYSTEMS:
        return value
    close = difflib.get_close_matches(value, SYSTEMS, n=1, cutoff=0.6) if value else []
    if close:
        warnings.append(
            Unmapped(_where(path, line), "system-type", f"System Type {text!r} read as {close[0]}")
        )
        return close[0]
    why = f"unknown System Type {text!r}" if value else "no System Type"
    warnings.append(Unmapped(_where(path, line), "system-type", f"{why}: read as semester"))
    return "semester"


def _columns(path: Path, line: int, header: list[str], warnings: list[Unmapped]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = normal(name)
        if not key:
            continue
        target = COLUMNS.get(key)
        if target is None:
            kind = "ignored-column" if key in METRICS else "unknown-column"
            warnings.append(Unmapped(_where(path, line), kind, f"column {name!r} is not read"))
            continue
        if target in columns:
            warnings.append(
                Unmapped(_where(path, line), "unknown-column", f"column {name!r} repeats: not read")
            )
            continue
        columns[target] = index
    for needed in ("id", "name"):
        if needed not in columns:
            raise CredstackError.at(path, line, f"no {needed!r} column in the header row")
    return columns


def _ids(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]


def _rows(
    path: Path,
    records: list[tuple[int, list[str]]],
    columns: dict[str, int],
    warnings: list[Unmapped],
    additional: bool,
) -> list[Row]:
    rows: list[Row] = []
    for line, cells in records:

        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        if not cell("id"):
            warnings.append(
                Unmapped(_where(path, line), "no-id", "a course row without a Course ID: not read")
            )
            continue
        for text_column in ("pre_text", "co_text", "strict_text"):
            if cell(text_column):
                warnings.append(
                    Unmapped(
                        _where(path, line),
                        "free-text-requisite",
                        f"course {cell('id')}: free-text requisite {cell(text_column)!r} is not "
                        "read (the requisites by id are)",
                    )
                )
        rows.append(
            Row(
                line=line,
                id=cell("id"),
                name=cell("name"),
                prefix=cell("prefix"),
                number=cell("number"),
                pre=_ids(cell("pre")),
                co=_ids(cell("co")),
                strict=_ids(cell("strict")),
                copre=_ids(cell("copre")),
                credits=_credits(path, line, cell("credits")) if "credits" in columns else None,
                term=_term(path, line, cell("term")),
                additional=additional,
            )
        )
    return rows


def _credits(path: Path, line: int, text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CredstackError.at(
            path, line, f"Credit Hours {text!r} is not a number" if text else "no Credit Hours"
        ) from None
    if not value.is_finite() or value < 0 or value > 1000:
        raise CredstackError.at(path, line, f"Credit Hours {text!r} is out of range (0..1000)")
    if value != value.quantize(Decimal("0.0001")):
        raise CredstackError.at(path, line, f"Credit Hours {text!r} has over 4 decimal places")
    return value.normalize() if value != value.to_integral_value() else Decimal(int(value))


def _term(path: Path, line: int, text: str) -> int | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value != value.to_integral_value() or not 1 <= value <= 90:
        raise CredstackError.at(path, line, f"Term {text!r} is not a term number (1..90)")
    return int(value)
