"""A learner file is never lost or silently overwritten (issue 10, item 4).

One save path (learner_store.save_learner) for the TUI, `credstack import` and any other
writer: it refuses a file changed on disk since it was read and another file in the
way, writes through a symlink, refuses a read-only file, cleans up after a killed save,
and keeps the comments, key order and layout of a hand-edited file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.errors import ChangedOnDisk, CredstackError, ReadOnlyFile, TargetExists
from credstack.model.learner import AdviserException, Evidence, Held, LearnerFile, Prior
from credstack.model.region import Region
from credstack.session import Session
from credstack.store import learner_store
from credstack.store.learner_store import (
    LoadedLearner,
    accept_disk_state,
    learner_from_text,
    load_learner,
    save_learner,
)
from credstack.store.toml_writer import plain_data
from tests.badge_helpers import SUBJECT, badge, signed, write_badge_region

COMMENTED = """\
# Test Learner's record, kept by hand by the adviser.
# The file is edited by credstack, never rewritten.

format = 1   # learner file format

[learner]
name = "Test Learner"            # as on the transcript
as_of = 2026-11-28
start = "2027 spring"
attend = [
    "spring",   # evenings
    "fall",
]
goals = ["uni:cert"]  # the certificate first

# --- what the learner holds ---------------------------------------------
[[held]]
ref = "prov:py-badge"   # the Python badge
earned = 2024-01-01
grade = "B"

[[held]]
# from the 2023 transcript
ref = "uni:MATH110"
earned = 2023-05-01
grade = "A"

[[held]]
ref = "uni:CS101"
earned = 2022-12-15
grade = "C"   # retaken?

# --- prior learning ------------------------------------------------------
[[prior]]
title = "Help desk"
kind = "workplace"
hours = 1200   # two years, part time

# --- exceptions ------------------------------------------------------------
[[exception]]
kind = "substitute"
program = "uni:cert"
item = "uni:MATH110"
course = "CS102"
reason = "Reviewed"   # by the chair
"""


def _comments(text: str) -> list[str]:
    """Every comment in `text`, whole-line or trailing, as written."""
    found = []
    for line in text.splitlines():
        if "#" in line:
            found.append(line[line.index("#") :].strip())
    return found


@pytest.fixture
def commented(tmp_path: Path) -> Path:
    folder = tmp_path / "learners"
    folder.mkdir()
    path = folder / "learner.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def _held(ref: str, day: int = 1, grade: str = "P") -> Held:
    return Held(ref=ref, earned=dt.date(2025, 3, day), grade=grade)  # type: ignore[arg-type]


Edit = Callable[[LearnerFile], None]

# (what, the edit, the comments it may remove, lines the file must now contain)
EDITS: list[tuple[str, Edit, set[str], list[str]]] = [
    ("nothing", lambda f: None, set(), []),
    ("rename", lambda f: setattr(f.learner, "name", "Tess Learner"), set(),
     ['name = "Tess Learner"            # as on the transcript']),
    ("add a held item", lambda f: f.held.append(_held("uni:CS102")), set(),
     ['ref = "uni:CS102"']),
    ("remove the first held item", lambda f: f.held.pop(0), {"# the Python badge"}, []),
    ("change a grade", lambda f: setattr(f.held[2], "grade", "B"), set(),
     ['grade = "B"   # retaken?']),
    ("add evidence to a held item",
     lambda f: f.held[1].evidence.append(Evidence(title="Transcript", path="t.pdf")), set(),
     ["[[held.evidence]]", 'title = "Transcript"']),
    ("add prior learning",
     lambda f: f.prior.append(Prior(title="Volunteer IT", kind="volunteer")), set(),  # type: ignore[arg-type]
     ['title = "Volunteer IT"']),
    ("remove prior learning", lambda f: f.prior.clear(), {"# two years, part time"}, []),
    ("add an exception",
     lambda f: f.exception.append(AdviserException(
         kind="waive", program="uni:cert", requirement="maths", reason="Placement test")),
     set(), ['reason = "Placement test"']),
    ("remove the exception", lambda f: f.exception.clear(), {"# by the chair"}, []),
    ("attend only in spring", lambda f: setattr(f.learner, "attend", ["spring"]), set(),
     ['"spring",   # evenings']),
    ("learner fields", lambda f: (setattr(f.learner, "as_of", None),
                                  setattr(f.learner, "start", "2027 fall")), set(),
     ['start = "2027 fall"']),
]  # fmt: skip


@pytest.mark.parametrize(("what", "edit", "removed", "lines"), EDITS, ids=[e[0] for e in EDITS])
def test_a_save_keeps_the_comments_order_and_layout_of_a_hand_edited_file(
    commented: Path, region: Region, what: str, edit: Edit, removed: set[str], lines: list[str]
) -> None:
    """Today's main re-dumped the model: every comment was lost."""
    loaded = load_learner(commented, region)
    edit(loaded.learner)
    save_learner(loaded)
    text = commented.read_text(encoding="utf-8")
    assert load_learner(commented, region).learner == loaded.learner  # what was meant
    kept = [c for c in _comments(COMMENTED) if c not in removed]
    assert _comments(text) == kept
    for line in lines:
        assert line in [written.strip() for written in text.splitlines()]
    if what == "nothing":
        assert text == COMMENTED
    # the untouched top of the file is byte for byte what the person wrote
    assert text.startswith(COMMENTED[: COMMENTED.index("[learner]")])


def test_sections_keep_their_order_and_new_entries_follow_their_kind(
    commented: Path, region: Region
) -> None:
    loaded = load_learner(commented, region)
    loaded.learner.held.append(_held("uni:CS102"))
    loaded.learner.prior.append(Prior(title="Volunteer IT", kind="volunteer"))  # type: ignore[arg-type]
    save_learner(loaded)
    headers = [
        line for line in commented.read_text(encoding="utf-8").splitlines()
        if line.startswith("[")
    ]  # fmt: skip
    assert headers == ["[learner]"] + ["[[held]]"] * 4 + ["[[prior]]"] * 2 + ["[[exception]]"]


def test_the_session_save_keeps_the_comments(commented: Path, region_dir: Path) -> None:
    """The TUI's path: Session.add_held then Session.save."""
    session = Session.open(region_dir)
    session.open_learner(commented)
    session.add_held("uni:CS102", dt.date(2025, 1, 10))
    session.save()
    assert _comments(commented.read_text(encoding="utf-8")) == _comments(COMMENTED)


def test_a_document_that_cannot_be_edited_is_written_afresh_and_still_right(
    commented: Path, region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edited text is read back before it is written: a wrong edit costs comments,
    never data."""
    monkeypatch.setattr(learner_store, "edited_text", lambda *args: 'format = 1\nname = "x"\n')
    loaded = load_learner(commented, region)
    loaded.learner.held.pop()
    save_learner(loaded)
    assert load_learner(commented, region).learner == loaded.learner


# --- changed on disk, another file in the way ------------------------------------------


def test_a_file_changed_on_disk_since_it_was_read_is_not_overwritten(
    commented: Path, region: Region
) -> None:
    """Today's main wrote over the other change without a word."""
    loaded = load_learner(commented, region)
    loaded.learner.learner.name = "Changed In The App"
    elsewhere = COMMENTED.replace('grade = "A"', 'grade = "B"')
    commented.write_text(elsewhere, encoding="utf-8")
    with pytest.raises(ChangedOnDisk) as refused:
        save_learner(loaded)
    assert commented.read_text(encoding="utf-8") == elsewhere
    assert "changed on disk since it was read" in str(refused.value)
    assert not commented.with_name("learner.toml.bak").exists()


def test_same_size_and_mtime_but_other_bytes_is_a_change(commented: Path, region: Region) -> None:
    loaded = load_learner(commented, region)
    before = commented.stat()
    commented.write_text(COMMENTED.replace("Test", "Best", 1), encoding="utf-8")
    os.utime(commented, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(ChangedOnDisk):
        save_learner(loaded)


def test_a_touch_that_changes_nothing_is_not_a_change(commented: Path, region: Region) -> None:
    loaded = load_learner(commented, region)
    os.utime(commented, ns=(0, 0))
    loaded.learner.learner.name = "Saved Anyway"
    save_learner(loaded)
    assert 'name = "Saved Anyway"' in commented.read_text(encoding="utf-8")


def test_overwrite_after_seeing_the_change_goes_ahead(commented: Path, region: Region) -> None:
    loaded = load_learner(commented, region)
    loaded.learner.learner.name = "Mine"
    commented.write_text(COMMENTED + "# theirs\n", encoding="utf-8")
    with pytest.raises(ChangedOnDisk):
        save_learner(loaded)
    accept_disk_state(loaded)  # the TUI's "overwrite"
    save_learner(loaded)
    assert load_learner(commented, region).learner.learner.name == "Mine"
    assert (
        commented.with_name("learner.toml.bak").read_text(encoding="utf-8").endswith("# theirs\n")
    )


def test_two_saves_in_a_row_need_no_reload(commented: Path, region: Region) -> None:
    loaded = load_learner(commented, region)
    for name in ("First", "Second"):
        loaded.learner.learner.name = name
        save_learner(loaded)
    assert load_learner(commented, region).learner.learner.name == "Second"


def test_a_removed_file_is_written_again(commented: Path, region: Region) -> None:
    loaded = load_learner(commented, region)
    commented.unlink()
    save_learner(loaded)
    assert load_learner(commented, region).learner == loaded.learner


def test_save_as_an_existing_other_file_is_refused(
    commented: Path, region: Region, tmp_path: Path
) -> None:
    other = tmp_path / "other.toml"
    other.write_text("# someone else's file\n", encoding="utf-8")
    loaded = load_learner(commented, region)
    with pytest.raises(TargetExists):
        save_learner(loaded, other)
    assert other.read_text(encoding="utf-8") == "# someone else's file\n"
    accept_disk_state(loaded, other)  # "overwrite it"
    save_learner(loaded, other)
    assert load_learner(other, region).learner == loaded.learner


def test_a_new_learner_never_replaces_an_existing_file(region: Region, tmp_path: Path) -> None:
    from tests.helpers import LEARNER_TOML

    existing = tmp_path / "taken.toml"
    existing.write_text(LEARNER_TOML, encoding="utf-8")
    with pytest.raises(TargetExists):
        save_learner(learner_from_text(LEARNER_TOML, region), existing)


# --- links, read-only files, killed saves ----------------------------------------------


def test_a_symlinked_learner_file_is_written_through_and_stays_a_link(
    commented: Path, region: Region, tmp_path: Path
) -> None:
    """Today's main replaced the link with a regular file."""
    links = tmp_path / "links"
    links.mkdir()
    link = links / "jordan.toml"
    link.symlink_to(os.path.relpath(commented, links))
    loaded = load_learner(link, region)
    loaded.learner.learner.name = "Through The Link"
    assert save_learner(loaded) == link
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(commented, links)
    assert 'name = "Through The Link"' in commented.read_text(encoding="utf-8")
    assert commented.with_name("learner.toml.bak").read_text(encoding="utf-8") == COMMENTED
    assert sorted(p.name for p in links.iterdir()) == ["jordan.toml"]
    assert sorted(p.name for p in commented.parent.iterdir()) == [
        "learner.toml",
        "learner.toml.bak",
    ]
    loaded.learner.learner.name = "Again"  # the stamp follows the link: no false alarm
    save_learner(loaded)
    assert link.is_symlink()


def test_a_read_only_file_is_refused_not_replaced(commented: Path, region: Region) -> None:
    """Today's main renamed a new file over it (a rename needs only the folder)."""
    loaded = load_learner(commented, region)
    loaded.learner.learner.name = "Never Written"
    commented.chmod(0o444)
    with pytest.raises(ReadOnlyFile) as refused:
        save_learner(loaded)
    assert commented.read_text(encoding="utf-8") == COMMENTED
    assert stat.S_IMODE(commented.stat().st_mode) == 0o444
    assert "read-only" in str(refused.value)
    assert sorted(p.name for p in commented.parent.iterdir()) == ["learner.toml"]


_KILLED_SAVE = """\
import os, signal, sys
from pathlib import Path
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner, save_learner
loaded = load_learner(Path(sys.argv[2]), load_region(Path(sys.argv[1])))
loaded.learner.learner.name = "Killed Mid-Save"
os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # dies at the first rename
save_learner(loaded)
"""


def test_temporary_files_of_a_killed_save_are_removed_by_the_next_save(
    commented: Path, region: Region, region_dir: Path
) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_SAVE, str(region_dir), str(commented)], timeout=120
    )
    assert killed.returncode == -9
    assert commented.read_text(encoding="utf-8") == COMMENTED  # the old file is intact
    left = [p.name for p in commented.parent.iterdir() if p.name != "learner.toml"]
    assert left  # the killed save left its temporary files behind
    loaded = load_learner(commented, region)
    loaded.learner.learner.name = "Saved After"
    save_learner(loaded)
    assert sorted(p.name for p in commented.parent.iterdir()) == [
        "learner.toml",
        "learner.toml.bak",
    ]


def test_temporary_files_of_other_files_are_left_alone(commented: Path, region: Region) -> None:
    other_temp = commented.with_name(".other.toml.credstack-tmp-x1")
    other_temp.write_text("another file's save in progress", encoding="utf-8")
    save_learner(load_learner(commented, region))
    assert other_temp.exists()


# --- credstack import uses the same path -----------------------------------------------


@pytest.fixture
def badge_setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    catalogs = write_badge_region(tmp_path / "catalogs")
    learner = tmp_path / "learner.toml"
    learner.write_text(
        "# Badge Learner, kept by hand.\n\nformat = 1\n\n[learner]\n"
        'name = "Badge Learner"   # legal name\nas_of = 2026-11-28\n'
        f"identifiers = {json.dumps([SUBJECT])}  # from the wallet\n",
        encoding="utf-8",
    )
    badge_file = tmp_path / "badge.json"
    badge_file.write_text(json.dumps(signed(badge())), encoding="utf-8")
    return catalogs, learner, badge_file


def _import(catalogs: Path, learner: Path, badge_file: Path) -> int:
    return main(["import", str(badge_file), "--learner", str(learner), "--catalogs",
                 str(catalogs), "--no-cache"])  # fmt: skip


def test_import_keeps_the_learner_files_comments(
    badge_setup: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    catalogs, learner, badge_file = badge_setup
    before = learner.read_text(encoding="utf-8")
    assert _import(catalogs, learner, badge_file) == 0
    text = learner.read_text(encoding="utf-8")
    assert text.startswith(before)  # every line as it was, the new [[held]] after
    assert _comments(text) == _comments(before)
    assert [h["ref"] for h in tomllib.loads(text)["held"]] == ["acme:data-101"]
    capsys.readouterr()


def test_import_refuses_a_learner_file_changed_while_it_ran(
    badge_setup: tuple[Path, Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The file is changed after it was read (say, in an editor) and before the save."""
    from credstack.badges import importer

    catalogs, learner, badge_file = badge_setup
    real_plan = importer.plan_import
    changed = learner.read_text(encoding="utf-8").replace("legal name", "changed meanwhile")

    def plan_then_edit(*args: object, **kwargs: object) -> object:
        learner.write_text(changed, encoding="utf-8")
        return real_plan(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "plan_import", plan_then_edit)
    assert _import(catalogs, learner, badge_file) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"{learner}:1: ")
    assert "changed on disk since it was read" in err and "run the import again" in err
    assert learner.read_text(encoding="utf-8") == changed


def test_import_refuses_a_read_only_learner_file(
    badge_setup: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    catalogs, learner, badge_file = badge_setup
    before = learner.read_text(encoding="utf-8")
    learner.chmod(0o444)
    assert _import(catalogs, learner, badge_file) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is read-only" in err
    assert learner.read_text(encoding="utf-8") == before


def test_the_loaded_learner_remembers_the_text_and_the_stamp(
    commented: Path, region: Region
) -> None:
    loaded = load_learner(commented, region)
    assert isinstance(loaded, LoadedLearner)
    assert loaded.text == COMMENTED
    assert loaded.base == plain_data(loaded.learner)
    assert loaded.stamp is not None and loaded.stamp.size == len(COMMENTED.encode())


def test_an_unsaved_new_learner_has_nothing_to_compare_and_saves(
    region: Region, tmp_path: Path
) -> None:
    from tests.helpers import LEARNER_TOML

    loaded = learner_from_text(LEARNER_TOML, region)
    target = tmp_path / "fresh.toml"
    save_learner(loaded, target)
    with pytest.raises(CredstackError):
        learner_from_text("format = 1\n", region)
    assert load_learner(target, region).learner == loaded.learner


GROUPED = """\
format = 1

[learner]
name = "Test Learner"

# --- held ---
[[held]]
ref = "prov:py-badge"
earned = 2024-01-01

# MATH110 came from the transcript
[[held]]
ref = "uni:MATH110"
earned = 2023-05-01

# CS101 was a badge first
[[held]]
ref = "uni:CS101"
earned = 2022-12-15

# --- exceptions ---
[[exception]]
kind = "waive"
program = "uni:cert"
requirement = "maths"
reason = "Reviewed"
"""


@pytest.mark.parametrize(
    ("drop", "gone"),
    [
        pytest.param((0,), set(), id="first"),
        pytest.param((1,), {"# MATH110 came from the transcript"}, id="middle"),
        pytest.param((2,), {"# CS101 was a badge first"}, id="last"),
        pytest.param(
            (1, 2),
            {"# MATH110 came from the transcript", "# CS101 was a badge first"},
            id="last-two",
        ),
        pytest.param(
            (0, 1, 2), {"# MATH110 came from the transcript", "# CS101 was a badge first"}, id="all"
        ),  # fmt: skip
    ],
)
def test_a_removed_entry_takes_its_own_comment_and_leaves_the_others(
    tmp_path: Path, region: Region, drop: tuple[int, ...], gone: set[str]
) -> None:
    """The comment block before a `[[held]]` introduces it: it goes with that entry; the
    group's heading and the next section's heading stay, one blank line apart."""
    path = tmp_path / "grouped.toml"
    path.write_text(GROUPED, encoding="utf-8")
    loaded = load_learner(path, region)
    loaded.learner.held = [h for i, h in enumerate(loaded.learner.held) if i not in drop]
    save_learner(loaded)
    text = path.read_text(encoding="utf-8")
    assert _comments(text) == [c for c in _comments(GROUPED) if c not in gone]
    assert "\n\n\n" not in text
    assert "\n\n# --- exceptions ---\n[[exception]]\n" in text
    assert load_learner(path, region).learner == loaded.learner


LAYOUTS = {
    "inline-tables": (
        'format = 1\nlearner = { name = "A", goals = ["uni:cert"] }  # inline\n'
        'held = [ { ref = "uni:CS101", earned = 2024-01-01 },'
        ' { ref = "uni:MATH110", earned = 2024-01-02 } ]  # inline held\n'
    ),
    "crlf": (
        'format = 1\r\n\r\n[learner]\r\nname = "A"  # crlf\r\n\r\n'
        '[[held]]\r\nref = "uni:CS101"\r\nearned = 2024-01-01\r\n'
    ),
    "quoted-keys": (
        'format = 1\n\n["learner"]\n"name" = \'A\'  # literal\n\n'
        '[["held"]]\nref = "uni:CS101"\nearned = 2024-01-01\n'
    ),
    "held-before-learner": (
        'format = 1\n\n[[held]]\nref = "uni:CS101"\nearned = 2024-01-01\n\n'
        '[learner]  # after the held items\nname = "A"\n'
    ),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("edit", ["rename", "add", "remove"])
def test_other_layouts_keep_their_form_and_comments(
    tmp_path: Path, region: Region, layout: str, edit: str
) -> None:
    text = LAYOUTS[layout]
    path = tmp_path / "layout.toml"
    path.write_bytes(text.encode())
    loaded = load_learner(path, region)
    if edit == "rename":
        loaded.learner.learner.name = "B"
    elif edit == "add":
        loaded.learner.held.append(_held("prov:py-badge"))
    else:
        loaded.learner.held.pop(0)
    save_learner(loaded)
    written = path.read_bytes().decode()
    assert load_learner(path, region).learner == loaded.learner
    assert _comments(written) == _comments(text)
    assert ("\r\n" in written) == ("\r\n" in text)


def test_opening_a_learner_file_reads_only_a_bounded_regular_file(tmp_path: Path) -> None:
    """Rule: a learner "file" that is a device, a FIFO or a link to /dev/zero is a located
    problem at once, never a hang or a memory blow-up (the TUI opens files this way)."""
    import os

    from credstack.store.catalogue_loader import load_region
    from credstack.store.learner_store import load_learner_with_problems
    from credstack.store.shipped import shipped_catalogues

    region = load_region(shipped_catalogues(), cache=False)
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    for path in (zero, fifo, tmp_path):
        loaded, problems = load_learner_with_problems(path, region)
        assert loaded is None
        assert problems and problems[0].line == 1 and "cannot read file" in problems[0].message
