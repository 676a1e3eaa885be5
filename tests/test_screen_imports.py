"""Screens call use cases, never the vault or the bundle layer (docs/design.md): no module
under family_app/screens/ imports `family_app.vault` or `sync`, in any form."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SCREENS = Path(__file__).resolve().parent.parent / "family_app" / "screens"
PACKAGE = "family_app.screens"
FORBIDDEN = ("family_app.vault", "sync")


def _forbidden(name: str) -> bool:
    return any(name == root or name.startswith(root + ".") for root in FORBIDDEN)


def forbidden_imports(source: str) -> list[str]:
    """The forbidden modules a source imports, anywhere in it, relative ones made absolute.
    In `from X import y`, y may itself be a module (`from family_app import vault`)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if _forbidden(alias.name)}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = PACKAGE.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            if _forbidden(base):
                found.add(base)
            else:
                found |= {f"{base}.{a.name}" for a in node.names if _forbidden(f"{base}.{a.name}")}
    return sorted(found)


@pytest.mark.parametrize("path", sorted(SCREENS.rglob("*.py")),
                         ids=lambda p: str(p.relative_to(SCREENS)))
def test_screen_imports_no_vault_or_sync(path: Path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("source", [
    "import sync.bundle", "from sync.errors import SyncError", "from sync import frames",
    "from family_app.vault.errors import VaultError", "from family_app import vault",
    "from ..vault import Vault", "from .. import vault", "import family_app.vault as v",
    "def f():\n    from sync.qr_image import render_png",
])
def test_forbidden_forms_are_found(source: str):
    assert forbidden_imports(source)


@pytest.mark.parametrize("source", [
    "from family_app import codes, unlocking", "from i18n.problems import Problem",
    "from .common import screen", "import synchronise", "from family_app import vaults",
])
def test_allowed_forms_pass(source: str):
    assert forbidden_imports(source) == []
