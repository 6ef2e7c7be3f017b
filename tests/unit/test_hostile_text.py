"""Terminal control sequences from files are data: no command writes them raw.

A corpus of escape payloads (an OSC that retitles the terminal, CSI colour and screen
clears, 8-bit C1 CSI, BEL, backspace, NUL, CR, a bidi override) is put in every string a
file gives credstack (issuer, course, program and credential titles, the learner's name,
prior learning, exception reasons, evidence titles and paths, badge names, file names)
and run through `report` (text, CSV), `compare`, `verify`, `import`, `lint`, `batch` and
the error messages. Nothing written to stdout, stderr or a text/CSV file may hold a raw
control character (newlines, tabs and CRLF line ends are the formats' own).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from credstack.cli import main
from tests.badge_helpers import SUBJECT, badge, learner_text, signed, write_badge_region
from tests.helpers import LEARNER_TOML, PROV_TOML, UNI_TOML, replace_once, write_region

PAYLOADS = [
    "J\u001b]0;pwned\u0007",  # OSC 0: set the window title, ended by BEL
    "\u001b]52;c;cHduZWQ=\u001b\\",  # OSC 52: write the clipboard, ended by ST
    "\u001b[31mred\u001b[0m",  # CSI colour
    "\u001b[2J\u001b[H",  # CSI: clear the screen, cursor home
    "\u009b31m8-bit",  # C1 CSI
    "bell\u0007",
    "over\u0008\u0008\u0008\u0008write",  # backspaces
    "nul\u0000byte",
    "all good\rpwned",  # a carriage return overwrites the line
    "del\u007f",
    "file\u202egnp.exe",  # a bidi override reorders what is shown
]
PAYLOAD = " ".join(PAYLOADS)


def toml_string(text: str) -> str:
    """`text` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text)


def raw_controls(text: str) -> list[str]:
    """Control and reordering characters in `text`, except the formats' own."""
    text = text.replace("\r\n", "\n")
    return sorted(
        {
            c
            for c in text
            if (ord(c) < 0x20 and c not in "\n\t")
            or 0x7F <= ord(c) <= 0x9F
            or c in "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        }
    )


def assert_clean(*texts: str) -> None:
    for text in texts:
        assert raw_controls(text) == [], text[:2000]


# -- the hostile region and learner --------------------------------------------------------


def hostile_region(root: Path) -> Path:
    uni = replace_once(UNI_TOML, 'name = "Example University"', f"name = {toml_string(PAYLOAD)}")
    uni = replace_once(
        uni, 'title = "Intro to Computing"', f"title = {toml_string('Intro ' + PAYLOAD)}"
    )
    uni = replace_once(
        uni, 'title = "Certificate in Computing"', f"title = {toml_string('Cert ' + PAYLOAD)}"
    )
    uni = replace_once(uni, 'title = "Core"', f"title = {toml_string('Core ' + PAYLOAD)}")
    prov = replace_once(
        PROV_TOML, 'title = "Python Badge"', f"title = {toml_string('Badge ' + PAYLOAD)}"
    )
    return write_region(root, {"uni.toml": uni, "prov.toml": prov})


def hostile_learner(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.txt").write_text("notes\n", encoding="utf-8")
    text = replace_once(LEARNER_TOML, 'name = "Test Learner"', f"name = {toml_string(PAYLOAD)}")
    text = replace_once(
        text,
        'grade = "B"\n',
        'grade = "B"\n\n[[held.evidence]]\n'
        f"title = {toml_string('Evidence ' + PAYLOAD)}\n"
        f"path = {toml_string('notes' + PAYLOADS[0] + '.txt')}\n",
    )
    text = text.replace('reason = "Reviewed"', f"reason = {toml_string('Because ' + PAYLOAD)}")
    text += (
        "\n[[prior]]\n"
        f"title = {toml_string('Prior ' + PAYLOAD)}\n"
        'kind = "workplace"\nhours = 400\nskills = ["python"]\n'
    )
    path = folder / "learner.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    return hostile_region(tmp_path / "region"), hostile_learner(tmp_path / "learner")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- report, compare, verify -------------------------------------------------------------


@pytest.mark.parametrize("command", ["report", "compare"])
@pytest.mark.parametrize("fmt", ["text", "csv"])
def test_report_and_compare_show_payloads_as_visible_characters(
    hostile: tuple[Path, Path], capsys: pytest.CaptureFixture[str], command: str, fmt: str
) -> None:
    region, learner = hostile
    code, out, err = run(
        capsys, command, str(learner), "--catalogs", str(region), "--no-cache", "--format", fmt
    )
    assert code == 0, err
    assert_clean(out, err)
    assert "\u241b]0;pwned" in out  # shown, not obeyed


@pytest.mark.parametrize("fmt", ["text", "csv"])
def test_report_files_hold_no_raw_control_character(
    hostile: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    region, learner = hostile
    output = tmp_path / f"out.{fmt}"
    argv = ["report", str(learner), "--catalogs", str(region), "--no-cache", "--format", fmt]
    code, out, err = run(capsys, *argv, "--output", str(output))
    assert code == 0, err
    assert_clean(output.read_text("utf-8"), out, err)


class Terminal(io.StringIO):
    """A captured stdout that says it is a terminal (no colour is asked of the formats
    tested with it: markdown, HTML and JSON carry none)."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_other_formats_printed_on_a_terminal_are_made_safe(
    hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    region, learner = hostile
    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    code = main(["report", str(learner), "--catalogs", str(region), "--no-cache", "--format", fmt])
    assert code == 0
    assert_clean(screen.getvalue())


def test_verify_shows_titles_paths_and_names_safely(
    hostile: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    region, learner = hostile
    code, out, err = run(capsys, "verify", str(learner), "--catalogs", str(region), "--no-cache")
    assert code in (0, 1), err
    assert_clean(out, err)
    assert "\u241b]0;pwned" in out


def test_verify_json_printed_on_a_terminal_is_made_safe(
    hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    region, learner = hostile
    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    argv = ["verify", str(learner), "--catalogs", str(region), "--no-cache", "--format", "json"]
    assert main(argv) in (0, 1)
    assert_clean(screen.getvalue())


def test_verify_on_a_terminal_is_safe_with_colour(
    hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    region, learner = hostile
    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert main(["verify", str(learner), "--catalogs", str(region), "--no-cache"]) in (0, 1)
    shown = screen.getvalue()
    # the table's own colours are SGR sequences; nothing from the file may add another
    assert "\u001b]" not in shown and "\u0007" not in shown and "\u009b" not in shown
    assert "\u001b[31mred" not in shown and "\u001b[2J" not in shown
    assert "\u241b]0;pwned" in shown


# -- lint, batch, import -----------------------------------------------------------------


def test_lint_findings_quote_payloads_safely(
    hostile: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    region, _ = hostile
    broken = region / f"broken{PAYLOADS[0]}.toml"  # a file name is input too
    broken.write_text(
        f"format = 1\n[issuer]\nid = {toml_string(PAYLOAD)}\nname = {toml_string(PAYLOAD)}\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "lint", str(region))
    assert code == 1
    assert_clean(out, err)
    assert "brokenJ\u241b]0;pwned\u2407.toml:3:" in out


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_batch_output_and_error_lines_are_safe(
    hostile: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    region, learner = hostile
    bad = learner.parent / f"bad{PAYLOADS[0]}.toml"
    bad.write_text(f"format = 1\n[learner]\nname = {toml_string(PAYLOAD)}\nbogus = 1\n")
    output = tmp_path / f"out.{fmt}"
    argv = ["batch", str(learner.parent), "--catalogs", str(region), "--no-cache", "--jobs", "1"]
    code, out, err = run(capsys, *argv, "--format", fmt, "--output", str(output))
    assert code == 1
    assert_clean(out, err)
    assert "badJ\u241b]0;pwned\u2407.toml:4:" in err
    if fmt == "csv":
        assert_clean(output.read_text("utf-8"))


def test_import_lines_quote_badge_text_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogs = write_badge_region(tmp_path / "catalogs")
    learner = tmp_path / "learner.toml"
    learner.write_text(learner_text([SUBJECT]), encoding="utf-8")
    document = signed(badge(name="Data Basics"))
    document["credentialSubject"]["achievement"]["name"] = "Data " + PAYLOAD  # now forged
    path = tmp_path / f"badge{PAYLOADS[0]}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    argv = ["import", str(path), "--learner", str(learner), "--catalogs", str(catalogs)]
    code, out, err = run(capsys, *argv, "--no-cache")
    assert code == 1  # the signature no longer matches: refused, with its title quoted
    assert_clean(out, err)
    assert "refused" in err

    document = signed(badge(name="Data " + PAYLOAD))  # signed as it is: verified
    path.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run(capsys, *argv, "--no-cache", "--dry-run")
    assert code == 0, err
    assert_clean(out, err)
    assert "would add 1 held item(s)" in out


# -- error messages ----------------------------------------------------------------------


def test_error_messages_quote_input_safely(
    tmp_path: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / f"missing{PAYLOADS[0]}.toml"
    code, out, err = run(capsys, "report", str(missing), "--catalogs", str(region_dir))
    assert code == 2 and "no such learner file" in err
    assert_clean(out, err)

    code, out, err = run(capsys, "report", str(missing), f"--bogus{PAYLOADS[2]}")
    assert code == 2
    assert_clean(out, err)

    bad = tmp_path / f"bad{PAYLOADS[3]}.toml"
    bad.write_text(
        LEARNER_TOML.replace('goals = ["uni:cert"]', f"goals = [{toml_string(PAYLOAD)}]")
        + f"\n[learner.extra]\n{toml_string(PAYLOAD)} = 1\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "report", str(bad), "--catalogs", str(region_dir), "--no-cache")
    assert code == 2
    assert_clean(out, err)
    assert err.startswith("bad\u241b[2J\u241b[H.toml:".replace("bad", str(tmp_path / "bad")))

    output = tmp_path / f"no-folder{PAYLOADS[0]}" / "out.txt"
    learner = tmp_path / "learner.toml"
    learner.write_text(LEARNER_TOML, encoding="utf-8")
    argv = ["report", str(learner), "--catalogs", str(region_dir), "--output", str(output)]
    code, out, err = run(capsys, *argv)
    assert code == 2 and "does not exist" in err
    assert_clean(out, err)


@pytest.mark.parametrize("command", ["report", "compare"])
def test_colour_text_on_a_terminal_is_safe(
    hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    region, learner = hostile
    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert main([command, str(learner), "--catalogs", str(region), "--no-cache"]) == 0
    shown = screen.getvalue()
    assert "\u001b[" in shown  # coloured: the renderer's own SGR sequences
    assert "\u001b]" not in shown and "\u009b" not in shown and "\u001b[2J" not in shown
