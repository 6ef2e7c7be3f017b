"""The engine, the store, the model and the reports never import textual (only the TUI does)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

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
