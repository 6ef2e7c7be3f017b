"""The package's shape: no import cycle, no reaching into another module's private names,
and the engine, the store, the model and the reports never import textual (only the TUI
does)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

import credstack

PACKAGE = Path(credstack.__file__).resolve().parent

SCRIPT = textwrap.dedent(
    """
    import importlib, importlib.util, json, pkgutil, sys

    culprit = None
    imported = []
    for name in ("credstack.model", "credstack.store", "credstack.engine", "credstack.report",
                 "credstack.badges"):
        if importlib.util.find_spec(name) is None:
            continue
        package = importlib.import_module(name)
        names = [name]
        if hasattr(package, "__path__"):
            names += [m.name for m in pkgutil.walk_packages(package.__path__, name + ".")]
        for module in names:
            importlib.import_module(module)
            imported.append(module)
            if culprit is None and "textual" in sys.modules:
                culprit = module
    print(json.dumps({"imported": imported, "culprit": culprit,
                      "textual": "textual" in sys.modules}))
    """
)


def test_engine_store_model_and_reports_do_not_import_textual() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "credstack.engine" in result["imported"]
    assert "credstack.store.catalogue_loader" in result["imported"]
    assert "credstack.model.catalogue" in result["imported"]
    assert not result["textual"], f"textual imported by {result['culprit']}"


def test_cli_lint_does_not_import_textual(tmp_path: Path) -> None:
    """`credstack lint` stays fast and headless: it never loads the TUI toolkit."""
    script = (
        "import sys; from credstack.cli import main; "
        f"code = main(['lint', {str(tmp_path)!r}]); "
        "print('textual' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "False", done.stdout + done.stderr


# --- imports between credstack's modules ---------------------------------------------------


def modules(package: Path) -> dict[str, Path]:
    """Every module under `package` (a folder), by dotted name; a package by its own name."""
    found: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, str | None, int]]:
    """What module `name` imports from the package, anywhere in it (inside functions and
    `if TYPE_CHECKING:` too): (module, the name taken from it or None, line).

    `from a.b import c` is the module a.b.c when that is a module, else the name c of a.b;
    relative imports resolve against the module's package. Importing a.b.c also runs the
    package a.b's `__init__`, but that is how packages work, not an edge of this graph.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        found: list[tuple[str, str | None]] = []
        if isinstance(node, ast.Import):
            found = [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            for alias in node.names:
                module = f"{base}.{alias.name}"
                found.append((module, None) if module in known else (base, alias.name))
        for target, taken in found:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target, taken, node.lineno


def import_graph(package: Path) -> nx.DiGraph[str]:
    known = modules(package)
    graph: nx.DiGraph[str] = nx.DiGraph()
    for name, path in known.items():
        graph.add_node(name)
        for target, _, line in imports(name, path, known):
            if not graph.has_edge(name, target):  # the first import of it, for the report
                graph.add_edge(name, target, line=line)
    return graph


def cycles(graph: nx.DiGraph[str], limit: int = 10) -> list[str]:
    """Up to `limit` import cycles, shortest first, each as 'a:LINE -> b:LINE -> a'
    (LINE: where the module imports the next one), starting at its first module by name."""
    rotated = [c[c.index(min(c)) :] + c[: c.index(min(c))] for c in nx.simple_cycles(graph)]
    found = sorted(rotated, key=lambda c: (len(c), c))[:limit]
    shown = []
    for cycle in found:
        pairs = zip(cycle, [*cycle[1:], cycle[0]], strict=True)
        steps = [f"{a}:{graph.edges[a, b]['line']}" for a, b in pairs]
        shown.append(" -> ".join([*steps, cycle[0]]))
    return shown


def test_no_import_cycle_among_credstack_modules() -> None:
    graph = import_graph(PACKAGE)
    # the graph is the real one: recognition lists petitions, ladders sit above evaluation
    assert graph.has_edge("credstack.engine.recognise", "credstack.engine.petitions")
    assert graph.has_edge("credstack.engine.ladder", "credstack.engine.evaluate")
    found = cycles(graph)
    assert nx.is_directed_acyclic_graph(graph), "import cycles:\n" + "\n".join(found)


def test_a_cycle_through_a_function_level_or_relative_import_is_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text("def later():\n    from ..c import thing\n")
    (package / "c.py").write_text("from . import a\nthing = 1\n")
    graph = import_graph(package)
    assert set(graph.edges) == {("pkg.a", "pkg.sub.b"), ("pkg.sub.b", "pkg.c"), ("pkg.c", "pkg.a")}
    assert cycles(graph) == ["pkg.a:1 -> pkg.sub.b:2 -> pkg.c:1 -> pkg.a"]


def test_no_module_imports_another_modules_private_names() -> None:
    known = modules(PACKAGE)
    reaching = [
        f"{name}:{line} imports {target}.{taken}"
        for name, path in known.items()
        for target, taken, line in imports(name, path, known)
        if taken and taken.startswith("_") and not taken.startswith("__")
    ]
    assert reaching == []


def test_the_model_imports_nothing_above_it() -> None:
    """model/ is the bottom layer: it imports only itself and errors (never store/,
    badges/ or the engine), so every layer above can use it."""
    graph = import_graph(PACKAGE)
    below = [
        f"{name} imports {target} (line {data['line']})"
        for name, target, data in graph.edges(data=True)
        if name.startswith("credstack.model")
        and not target.startswith("credstack.model")
        and target != "credstack.errors"
    ]
    assert below == []
