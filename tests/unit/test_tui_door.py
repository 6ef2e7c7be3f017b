"""The Session is the TUI's only door into the engine (issue 9): tui/ may take result
types from the core packages (to annotate and show them), never a function to call.

Every `from credstack.engine... import NAME` (and the same from store and badges) in
src/credstack/tui must name a class; `import credstack.engine...` is not allowed at all.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import credstack.tui

CORE = ("credstack.engine", "credstack.store", "credstack.badges")
TUI = Path(credstack.tui.__file__).parent


def core_imports() -> list[tuple[str, int, str, str | None]]:
    """(file, line, module, name) of every import of a core module in tui/; name None
    for a plain `import module`."""
    found = []
    for path in sorted(TUI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(CORE):
                found += [(path.name, node.lineno, node.module, a.name) for a in node.names]
            elif isinstance(node, ast.Import):
                found += [
                    (path.name, node.lineno, a.name, None)
                    for a in node.names
                    if a.name.startswith(CORE)
                ]
    return found


def test_the_tui_imports_only_result_types_from_the_core() -> None:
    imports = core_imports()
    assert any(module == "credstack.engine.results" for _, _, module, _ in imports)
    offending = []
    for file, line, module, name in imports:
        value = getattr(importlib.import_module(module), name) if name else None
        if not isinstance(value, type):
            offending.append(f"{file}:{line}: {module} {name or '(whole module)'}")
    assert offending == [], "tui/ must ask the Session, not call the core:\n" + "\n".join(offending)
