"""Whatever a catalogue or learner file says, the CLI answers: exit 0, 1 or 2, never a
traceback, every exit-2 line `file:line: message`, and no raw control character.

Hypothesis mutates a small valid region (courses, a credential, a program, rules, an RPL
route, a subscription plan, a role, skills) and a learner (held items with evidence,
prior learning, exceptions) as a hostile or careless editor would: truncation, byte
flips, deleted and duplicated tables, values of the wrong type, extreme numbers and
dates, and control characters in strings. Each mutated file goes through `lint`,
`report` (every format) and `batch`, in-process through `credstack.cli.main` with
stdout and stderr captured.

Sized to run in about ten seconds. CREDSTACK_FUZZ_EXAMPLES=N runs N examples per test
(a longer hunt); CREDSTACK_FUZZ_SHRINK=1 shrinks a failure to its smallest form.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from credstack.cli import main
from tests.helpers import LEARNER_TOML, PROV_TOML, UNI_TOML

EXAMPLES = int(os.environ.get("CREDSTACK_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[
        phase
        for phase in Phase
        if phase is not Phase.shrink or os.environ.get("CREDSTACK_FUZZ_SHRINK")
    ],
)

# The base region: the unit tests' region with the tables it lacks.
UNI = (
    UNI_TOML.replace(
        "residency_credits = 6\n", "residency_credits = 6\nrecency_years = 10\n"
    ).replace('min_grade = "C"\n', 'min_grade = "C"\nmax_age_years = 5\nvalid_from = 2020-01-01\n')
    + """
[[rpl]]
id = "pla-dev"
title = "Portfolio: software development"
kinds = ["workplace", "self-study"]
min_hours = 300
skills = ["python"]
evidence = ["portfolio"]
grant_credits = 3
subject = "CS"
level = 1
assessment_fee = 150.0

[[plan]]
id = "member"
title = "Membership"
annual_fee = 900.0
credentials_per_year = 1
covers = ["coding-mc"]

[[skill]]
id = "python"
label = "Python programming"
"""
)
PROV = PROV_TOML + 'skills = ["python"]\nprice = 49.0\nvalid_years = 3\n'
LEARNER = (
    LEARNER_TOML.replace(
        'grade = "B"\n',
        'grade = "B"\n\n[[held.evidence]]\ntitle = "Certificate"\npath = "cert.txt"\n',
        1,
    )
    + """
[[prior]]
title = "Help desk"
kind = "workplace"
hours = 1200
skills = ["python"]
ended = 2025-06-30
evidence = ["portfolio"]
"""
)
FILES = {"uni.toml": UNI, "prov.toml": PROV}

LOCATED = re.compile(r"^.+:\d+: \S")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# -- mutations ---------------------------------------------------------------------------

HEADER = re.compile(rb"^\[\[?[^\]\n]+\]\]?[ \t]*$", re.M)
ASSIGNMENT = re.compile(rb"^([A-Za-z_][\w.-]*)[ \t]*=[ \t]*(.*)$", re.M)
EXTREME_NUMBERS = [
    b"0",
    b"-1",
    b"-0.0",
    b"1e300",
    b"-1e300",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"inf",
    b"-inf",
    b"nan",
    b"1e-300",
    b"0.00001",
    b"1000000",
    b"1001",
    b"60.0001",
    b"1e18",
    b"12345678901234567890.5",
]
EXTREME_DATES = [
    b"0001-01-01",
    b"9999-12-31",
    b"1899-12-31",
    b"2200-01-01",
    b"1900-01-01",
    b"2199-12-31",
    b"2024-02-29",
    b"2023-02-29",
    b"2026-11-28T25:00:00",
    b"1979-05-27T07:32:00-08:00",
    b"07:32:00",
]
WRONG_TYPES = [
    b'"text"',
    b'""',
    b"true",
    b"false",
    b"42",
    b"4.2",
    b"2024-01-01",
    b"[]",
    b'["a", 1]',
    b"{}",
    b"{ a = 1 }",
    b"[[1], [2]]",
    b'"uni:cert"',
    b'"2027 spring"',
    b'"9999 fall"',
    b'"0000 spring"',
    b'"P"',
    b'"workplace"',
]
EXTREME_STRINGS = [
    b'"9999 fall"',
    b'"0000 spring"',
    b'"2027 winter"',
    b'""',
    b'" "',
    b'"x"',
    b'"uni:cert"',
    b'"uni:CS101"',
    b'"prov:py-badge"',
    b'"nope:nothing"',
    b'"uni:"',
    b'":"',
    b'"../../../etc/passwd"',
    b'"/etc/passwd"',
    b'"C:\\\\x"',
    b'"a\\u0000b"',
    b'"' + b"x" * 5000 + b'"',
    b'"CS101 and (CS102 or"',
    b'"((((((((((CS101))))))))))"',
    b'"\\u202eevil"',
    b'"\\U0001F600"',
]
CONTROLS = [
    "\\u001b]0;pwned\\u0007",
    "\\u001b[31m",
    "\\u009b2J",
    "\\u0000",
    "\\u0008",
    "\\r",
    "\\u202e",
    "\\u007f",
]
RAW_BYTES = [b"\x1b", b"\x00", b"\x9b", b"\xff", b"\xc3", b"\r", b"\n", b'"', b"[", b"=", b"#"]


POOLS = {
    "wrong-type": WRONG_TYPES,
    "extreme-number": EXTREME_NUMBERS,
    "extreme-date": EXTREME_DATES,
    "extreme-string": EXTREME_STRINGS,
}
SHAPES = {
    "extreme-number": re.compile(rb"^[-+]?[0-9][0-9_.eE+-]*[ \t]*(#.*)?$"),
    "extreme-date": re.compile(rb"^[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    "extreme-string": re.compile(rb'^"'),
}


def _lines(data: bytes) -> list[re.Match[bytes]]:
    return list(ASSIGNMENT.finditer(data))


@st.composite
def mutation(draw: st.DrawFn, data: bytes) -> bytes:
    kind = draw(
        st.sampled_from(
            [
                "truncate",
                "flip",
                "delete-table",
                "duplicate-table",
                "wrong-type",
                *["extreme-number", "extreme-date", "extreme-string", "control"] * 2,
                "delete-line",
                "duplicate-line",
            ]
        )
    )
    if kind == "truncate":
        return data[: draw(st.integers(0, max(0, len(data) - 1)))]
    if kind == "flip" and data:
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(out) - 1))
            out[at] = draw(
                st.one_of(st.sampled_from(RAW_BYTES), st.binary(min_size=1, max_size=1))
            )[0]
        return bytes(out)
    if kind in ("delete-table", "duplicate-table"):
        heads = [m.start() for m in HEADER.finditer(data)]
        if not heads:
            return data
        index = draw(st.integers(0, len(heads) - 1))
        start = heads[index]
        end = heads[index + 1] if index + 1 < len(heads) else len(data)
        block = data[start:end]
        if kind == "delete-table":
            return data[:start] + data[end:]
        return data[:end] + b"\n" + block + data[end:]
    assignments = _lines(data)
    if not assignments:
        return data
    chosen = draw(st.sampled_from(assignments))
    key, value = chosen.group(1), chosen.group(2)
    if kind == "delete-line":
        return data[: chosen.start()] + data[chosen.end() :]
    if kind == "duplicate-line":
        return data[: chosen.end()] + b"\n" + chosen.group(0) + data[chosen.end() :]
    if kind == "control":
        inside = re.search(rb'"([^"\\]*)"', value)
        if inside is None:
            return data
        payload = draw(st.sampled_from(CONTROLS)).encode()
        at = chosen.start(2) + inside.start(1) + draw(st.integers(0, len(inside.group(1))))
        return data[:at] + payload + data[at:]
    if kind != "wrong-type":  # an extreme value of the same type, where there is one
        typed = [m for m in assignments if SHAPES[kind].match(m.group(2))]
        chosen = draw(st.sampled_from(typed)) if typed else chosen
        key = chosen.group(1)
    new = draw(st.sampled_from(POOLS[kind]))
    return data[: chosen.start()] + key + b" = " + new + data[chosen.end() :]


@st.composite
def mutated(draw: st.DrawFn, base: str) -> bytes:
    data = base.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        data = draw(mutation(data))
    return data


# -- running the CLI ---------------------------------------------------------------------


@dataclass
class Run:
    argv: list[str]
    code: object
    out: str
    err: str


def credstack(*argv: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))  # an exception here fails the test with its traceback
    return Run(list(argv), code, out.getvalue(), err.getvalue())


def check(run: Run) -> None:
    where = f"{run.argv}\n--- stdout\n{run.out[-3000:]}\n--- stderr\n{run.err[-3000:]}"
    assert run.code in (0, 1, 2), where
    assert "Traceback" not in run.err, where
    assert "cannot evaluate" not in run.err + run.out, where  # batch's last-resort catch
    err_lines = [line for line in run.err.splitlines() if line.strip()]
    if run.code == 2:
        assert err_lines, where
        assert all(LOCATED.match(line) for line in err_lines), where
    if run.argv[0] == "batch":
        problems = [line for line in err_lines if not line.startswith("batch: ")]
        assert all(LOCATED.match(line) for line in problems), where
    if run.argv[0] == "lint":
        findings = run.out.splitlines()[:-1] if run.code == 0 else run.out.splitlines()
        assert all(LOCATED.match(line) for line in findings), where
    if run.argv[0] != "report" or "--format" not in run.argv or run.argv[-1] in ("text", "csv"):
        shown = (run.out + run.err).replace("\r\n", "\n")
        assert not CONTROL.search(shown), where


def workspace(folder: Path, catalogue: tuple[str, bytes] | None, learner: bytes | None) -> None:
    region = folder / "region"
    region.mkdir()
    for name, text in FILES.items():
        (region / name).write_text(text, encoding="utf-8")
    if catalogue is not None:
        (region / catalogue[0]).write_bytes(catalogue[1])
    learners = folder / "learners"
    learners.mkdir()
    (learners / "cert.txt").write_text("certificate\n", encoding="utf-8")
    (learners / "a.toml").write_bytes(LEARNER.encode() if learner is None else learner)
    (learners / "b.toml").write_text(LEARNER, encoding="utf-8")


def run_commands(folder: Path, fmt: str, batch_fmt: str, lint: bool) -> None:
    region, learners = folder / "region", folder / "learners"
    learner = str(learners / "a.toml")
    if lint:
        check(credstack("lint", str(region)))
    report = ["report", learner, "--catalogs", str(region), "--no-cache", "--format", fmt]
    check(credstack(*report))
    output = str(folder / f"out.{batch_fmt}")
    check(
        credstack(
            "batch",
            str(learners),
            "--catalogs",
            str(region),
            "--no-cache",
            "--jobs",
            "1",
            "--format",
            batch_fmt,
            "--output",
            output,
        )
    )


FORMATS = st.sampled_from(["text", "csv", "json", "markdown", "html"])
BATCH_FORMATS = st.sampled_from(["jsonl", "csv"])


@FUZZ
@given(
    name=st.sampled_from(sorted(FILES)),
    data=st.data(),
    fmt=FORMATS,
    batch_fmt=BATCH_FORMATS,
)
def test_mutated_catalogues_through_lint_report_and_batch(
    name: str, data: st.DataObject, fmt: str, batch_fmt: str
) -> None:
    text = data.draw(mutated(FILES[name]))
    with tempfile.TemporaryDirectory() as folder:
        workspace(Path(folder), (name, text), None)
        run_commands(Path(folder), fmt, batch_fmt, lint=True)


def _learner_with(old: str, new: str) -> bytes:
    assert LEARNER.count(old) == 1
    return LEARNER.replace(old, new).encode()


@FUZZ
@given(text=mutated(LEARNER), fmt=FORMATS, batch_fmt=BATCH_FORMATS)
# inputs that crashed before: dates whose arithmetic leaves Python's years, evidence
# paths no file can have, control sequences in the learner's strings
@example(_learner_with("as_of = 2026-11-28", "as_of = 0001-01-01"), "text", "jsonl")
@example(_learner_with('start = "2027 spring"', 'start = "9999 fall"'), "json", "csv")
@example(_learner_with('path = "cert.txt"', 'path = "a\\u0000b"'), "csv", "jsonl")
@example(_learner_with('path = "cert.txt"', f'path = "{"x" * 300}"'), "text", "jsonl")
@example(_learner_with('name = "Test Learner"', 'name = "J\\u001b]0;x\\u0007"'), "csv", "csv")
def test_mutated_learners_through_report_and_batch(text: bytes, fmt: str, batch_fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workspace(Path(folder), None, text)
        run_commands(Path(folder), fmt, batch_fmt, lint=False)


def test_the_base_files_are_valid() -> None:
    """The mutations start from files that pass: a failure above is the mutation's."""
    with tempfile.TemporaryDirectory() as folder:
        workspace(Path(folder), None, None)
        region, learner = Path(folder) / "region", Path(folder) / "learners" / "a.toml"
        assert credstack("lint", str(region)).code == 0
        argv = ["report", str(learner), "--catalogs", str(region), "--no-cache"]
        run = credstack(*argv, "--format", "json")
        assert run.code == 0, run.err
        report = json.loads(run.out)
        assert report["subscriptions"][0]["plans"][0]["title"] == "Membership"
        assert report["evidence"][0]["state"] == "unhashed"
