"""The layering in DESIGN.md, checked: only meetwatch/ui imports textual or
rich; core imports nothing outside the standard library; sources and store
never import ui; nothing happens at import time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "meetwatch"


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py")) if package else sorted(ROOT.glob("*.py"))


def test_only_ui_imports_textual_or_rich() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        if (ROOT / "ui") in path.parents:
            continue
        for name in _imports(path):
            if name.split(".")[0] in ("textual", "rich"):
                offenders.append(f"{path.relative_to(ROOT.parent)}: {name}")
    assert offenders == []


def test_core_uses_only_the_standard_library() -> None:
    stdlib = sys.stdlib_module_names
    offenders = []
    for path in _modules("core"):
        for name in _imports(path):
            top = name.split(".")[0]
            if top == "meetwatch":
                if not name.startswith("meetwatch.core"):
                    offenders.append(f"{path.name}: {name}")
            elif top not in stdlib and top != "__future__":
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_sources_and_store_never_import_ui() -> None:
    offenders = []
    for package in ("sources", "store", "core"):
        for path in _modules(package):
            for name in _imports(path):
                if name.startswith("meetwatch.ui") or name == "meetwatch.cli":
                    offenders.append(f"{package}/{path.name}: {name}")
    assert offenders == []


def test_headless_packages_load_without_textual() -> None:
    code = (
        "import sys, meetwatch.core.models, meetwatch.core.text, meetwatch.core.watch, "
        "meetwatch.sources.mastodon, meetwatch.sources.bluesky, meetwatch.sources.x, "
        "meetwatch.sources.rss, meetwatch.store.writer, meetwatch.store.queries, meetwatch.ingest;"
        "bad = [m for m in ('textual', 'rich') if m in sys.modules];"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
