"""The TUI's text helpers show catalogue and learner text literally: no markup, and no
control sequence reaches the terminal (credstack.safe_text)."""

from __future__ import annotations

from textual.fuzzy import Matcher

from credstack.tui.text import clip, highlight, markup_safe, plain

HOSTILE = "J\u001b]0;pwned\u0007 \u001b[31mred \u009b2J b\u0008 n\u0000 \u202eevil\r"


def _controls(text: str) -> list[str]:
    return [c for c in text if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c == "\u202e"]


def test_plain_shows_control_sequences_as_visible_characters() -> None:
    text = plain(HOSTILE, style="bold")
    assert _controls(text.plain) == []
    assert text.plain.startswith("J\u241b]0;pwned\u2407")
    assert plain("line one\nline two").plain == "line one\nline two"
    assert plain("[bold]not markup[/]").plain == "[bold]not markup[/]"


def test_clip_highlight_and_markup_safe_are_safe_too() -> None:
    assert _controls(clip(HOSTILE, 20).plain) == []
    assert _controls(markup_safe(HOSTILE)) == []
    content = highlight(Matcher("pwned"), HOSTILE)
    assert _controls(content.plain) == []
    assert "pwned" in content.plain


def test_right_to_left_and_accented_text_is_kept() -> None:
    title = "Zoë · שלום · مرحبا · 学位"
    assert plain(title).plain == title
    assert clip(title, 40).plain == title


def test_the_tui_builds_text_only_through_its_safe_helpers() -> None:
    """Rule: text from files reaches the TUI's screen only through tui/text.py (`plain`,
    `SafeText`, `clip`, ...), which show control sequences; no widget builds a raw rich
    `Text` from a string of its own."""
    import ast
    from pathlib import Path

    import credstack.tui

    found = []
    for path in sorted(Path(credstack.tui.__file__).parent.rglob("*.py")):
        if path.name == "text.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id == "Text" and node.args:
                    found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_safe_text_shows_control_sequences_appended_later() -> None:
    from credstack.tui.text import SafeText

    shown = SafeText("J\u001b]0;pwned\u0007")
    shown.append("\u001b[2J", style="bold")
    assert "\u001b" not in shown.plain and "\u0007" not in shown.plain
    assert "\u241b" in shown.plain  # ␛, visible
