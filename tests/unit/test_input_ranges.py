"""No traceback on any input: dates and numbers out of range are located problems (exit
2), and evidence paths no file can have are evidence states, never exceptions.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.engine.evidence import check_evidence, evidence_for
from credstack.errors import CredstackError
from credstack.model.region import Region
from credstack.session import Session
from credstack.store.learner_store import load_learner
from tests.helpers import LEARNER_TOML, PROV_TOML, UNI_TOML, line_no, replace_once, write_region

BADGE = 'ref = "prov:py-badge"\nearned = 2024-01-01\ngrade = "B"\n'
PRIOR = '\n[[prior]]\ntitle = "Support desk"\nkind = "workplace"\nhours = 400\n'

# (what is changed, the line it is on, the new text); each is out of range.
LEARNER_CASES = {
    "as_of year 1": ("as_of = 2026-11-28", "as_of = 0001-01-01"),
    "as_of year 9999": ("as_of = 2026-11-28", "as_of = 9999-12-31"),
    "start 9999": ('start = "2027 spring"', 'start = "9999 fall"'),
    "start 0000": ('start = "2027 spring"', 'start = "0000 spring"'),
    "earned year 1": ("earned = 2024-01-01", "earned = 0001-01-01"),
    "earned year 9999": ("earned = 2024-01-01", "earned = 9999-12-31"),
    "credits per term huge": (
        'start = "2027 spring"',
        'start = "2027 spring"\ncredits_per_term = 1e300',
    ),
    "credits per term negative": (
        'start = "2027 spring"',
        'start = "2027 spring"\ncredits_per_term = -3',
    ),
    "budget huge": ('start = "2027 spring"', 'start = "2027 spring"\nbudget = 1e300'),
    "budget negative": ('start = "2027 spring"', 'start = "2027 spring"\nbudget = -1'),
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", sorted(LEARNER_CASES))
@pytest.mark.parametrize("command", ["report", "compare"])
def test_learner_values_out_of_range_are_located_problems(
    case: str,
    command: str,
    tmp_path: Path,
    region_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old, new = LEARNER_CASES[case]
    text = replace_once(LEARNER_TOML, old, new)
    path = tmp_path / "learner.toml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, command, str(path), "--catalogs", str(region_dir), "--no-cache")
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{path}:{line_no(text, new.splitlines()[-1])}: "), err


@pytest.mark.parametrize(
    "old, new",
    [
        ("hours = 400\n", "hours = 400\nended = 0001-01-01\n"),
        ('reason = "Reviewed"\n', 'reason = "Reviewed"\ndate = 9999-01-01\n'),
    ],
    ids=["prior ended", "exception date"],
)
def test_other_learner_dates_out_of_range_are_located(
    old: str, new: str, tmp_path: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (LEARNER_TOML + PRIOR).replace(old, new, 1)
    path = tmp_path / "learner.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "report", str(path), "--catalogs", str(region_dir), "--no-cache")
    assert code == 2
    assert err.startswith(f"{path}:{line_no(text, new.splitlines()[-1])}: "), err
    assert "out of range" in err


CATALOGUE_CASES = {
    "articulation valid_from year 1": (
        'min_grade = "C"\n',
        'min_grade = "C"\nvalid_from = 0001-01-01\n',
        "valid_from",
    ),
    "elective chunk a millionth": (
        "residency_credits = 6\n",
        "residency_credits = 6\nelective_chunk = 0.000001\n",
        "elective_chunk",
    ),
    "program of 5,000 credits": (
        'award = "certificate"\ncredits = 9\n',
        'award = "certificate"\ncredits = 5000\n',
        "credits = 5000",
    ),
    "requirement of 5,000 credits": (
        'id = "maths"\ntitle = "Maths"\nchoose = 1\ncourses = ["MATH110"]\n',
        'id = "maths"\ntitle = "Maths"\ncredits = 5000\n',
        "credits = 5000",
    ),
}


@pytest.mark.parametrize("case", sorted(CATALOGUE_CASES))
def test_catalogue_values_out_of_range_are_located_problems(
    case: str, tmp_path: Path, learner_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, needle = CATALOGUE_CASES[case]
    uni = replace_once(UNI_TOML, old, new)
    root = write_region(tmp_path / "region", {"uni.toml": uni, "prov.toml": PROV_TOML})
    argv = ["report", str(learner_path), "--catalogs", str(root), "--no-cache"]
    code, out, err = run(capsys, *argv)
    assert code == 2, err
    assert err.startswith(f"{root / 'uni.toml'}:{line_no(uni, needle)}: "), err
    code, out, _ = run(capsys, "lint", str(root))
    assert code == 1
    assert f"uni.toml:{line_no(uni, needle)}: " in out


def test_a_badge_dated_year_1_is_not_added_and_nothing_crashes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.badge_helpers import SUBJECT, badge, learner_text, signed, write_badge_region

    catalogs = write_badge_region(tmp_path / "catalogs")
    learner = tmp_path / "learner.toml"
    learner.write_text(learner_text([SUBJECT]), encoding="utf-8")
    before = learner.read_text()
    for document in (
        badge(valid_from="0001-01-01T00:00:00Z"),
        signed(badge(valid_from="9999-12-31T00:00:00Z")),
    ):
        path = tmp_path / "badge.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        argv = ["import", str(path), "--learner", str(learner), "--catalogs", str(catalogs)]
        code, out, err = run(capsys, *argv, "--no-cache", "--yes")
        assert code in (0, 1), err
        assert "added 0 held item(s)" in out or "refused" in err
    assert learner.read_text() == before


# -- evidence paths no file can have -----------------------------------------------------


def evidence(title: str, path: str) -> str:
    return f"\n[[held.evidence]]\ntitle = {json.dumps(title)}\npath = {json.dumps(path)}\n"


@pytest.fixture
def odd_paths(tmp_path: Path) -> Path:
    """A learner whose artifacts are: a NUL in the name, a link loop, a link to itself,
    a path through a link loop, a name too long, a folder path too long."""
    folder = tmp_path / "learner"
    folder.mkdir()
    os.symlink("loop-b", folder / "loop-a")
    os.symlink("loop-a", folder / "loop-b")
    os.symlink("self", folder / "self")
    blocks = [
        evidence("nul", "a\u0000b.txt"),
        evidence("loop", "loop-a"),
        evidence("self", "self"),
        evidence("through", "loop-a/x.txt"),
        evidence("long", "x" * 300 + ".txt"),
        evidence("deep", "/".join(["y" * 250] * 20) + "/z.txt"),
    ]
    path = folder / "learner.toml"
    path.write_text(replace_once(LEARNER_TOML, BADGE, BADGE + "".join(blocks)), "utf-8")
    return path


EXPECTED = {
    "nul": ("refused", "NUL"),
    "loop": ("unreadable", "loop of symbolic links"),
    "self": ("unreadable", "loop of symbolic links"),
    "through": ("unreadable", "loop of symbolic links"),
    "long": ("unreadable", "too long"),
    "deep": ("unreadable", "too long"),
}


def test_odd_evidence_paths_are_states_not_exceptions(odd_paths: Path, region: Region) -> None:
    checks = check_evidence(load_learner(odd_paths, region).learner, odd_paths.parent)
    found = {check.title: (check.state, check.detail) for check in checks}
    for title, (state, words) in EXPECTED.items():
        assert found[title][0] == state, (title, found[title])
        assert words in found[title][1], (title, found[title])


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_verify_reports_odd_paths_and_exits_1(
    odd_paths: Path, region_dir: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    argv = ["verify", str(odd_paths), "--catalogs", str(region_dir), "--no-cache"]
    code, out, err = run(capsys, *argv, "--format", fmt)
    assert code == 1, err
    assert "unreadable" in out and "refused" in out


def test_report_shows_odd_paths_as_evidence_states(
    odd_paths: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", str(odd_paths), "--catalogs", str(region_dir), "--no-cache"]
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    states = [item["state"] for item in json.loads(out)["evidence"]]
    assert states.count("unreadable") == 5 and states.count("refused") == 1


@pytest.mark.parametrize(
    "name", ["loop-a", "self", "loop-a/x.txt", "x" * 300, "/".join(["y" * 250] * 20)]
)
def test_attaching_an_odd_path_raises_only_a_located_problem(
    odd_paths: Path, region_dir: Path, name: str
) -> None:
    target = odd_paths.parent / name
    with pytest.raises(CredstackError) as raised:
        evidence_for(odd_paths, target)
    assert raised.value.problems[0].message.startswith("cannot read")
    session = Session.open(region_dir)
    session.open_learner(odd_paths)
    with pytest.raises(CredstackError):
        session.attach_evidence(0, target)


def test_attaching_a_path_with_a_nul_raises_only_a_located_problem(odd_paths: Path) -> None:
    with pytest.raises(CredstackError):
        evidence_for(odd_paths, odd_paths.parent / "a\u0000b.txt")


def test_dates_at_the_ends_of_the_range_are_accepted(
    tmp_path: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = replace_once(LEARNER_TOML, "earned = 2024-01-01", "earned = 1900-01-01")
    text = replace_once(text, "as_of = 2026-11-28", "as_of = 2199-12-31")
    text = replace_once(text, 'start = "2027 spring"', 'start = "2199 fall"')
    path = tmp_path / "learner.toml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "report", str(path), "--catalogs", str(region_dir), "--no-cache")
    assert code == 0, err
    assert dt.date(2199, 12, 31).isoformat() in out


# -- paths on the command line that no file can have -------------------------------------

LONG = "x" * 300


@pytest.mark.parametrize(
    "argv",
    [
        ["report", LONG, "--catalogs", "{region}"],
        ["report", "{learner}", "--catalogs", LONG],
        ["report", "{learner}", "--catalogs", "{loop}"],
        ["compare", "{learner}", "--catalogs", "{region}", "--output", LONG],
        ["verify", "{learner}", "--catalogs", LONG],
        ["lint", LONG],
        ["lint", "{loop}"],
        ["batch", LONG, "--catalogs", "{region}", "--output", "{tmp}/out.jsonl"],
        ["import", LONG, "--learner", "{learner}", "--catalogs", "{region}"],
    ],
    ids=[
        "report learner",
        "report catalogs",
        "report catalogs loop",
        "compare output",
        "verify catalogs",
        "lint",
        "lint loop",
        "batch folder",
        "import badge",
    ],
)
def test_command_line_paths_no_file_can_have_are_located_problems(
    argv: list[str],
    tmp_path: Path,
    region_dir: Path,
    learner_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    filled = [
        a.format(region=region_dir, learner=learner_path, loop=loop, tmp=tmp_path) for a in argv
    ]
    lint = argv[0] == "lint"
    code, out, err = run(capsys, *filled, *([] if lint else ["--no-cache"]))
    assert code == (1 if lint else 2), err
    first = (out if lint else err).splitlines()[0]  # lint: the findings, then a summary
    assert re.match(r"^.+:1: \S", first), err
