"""Import directions (STYLE.md): api, web, cli -> services -> db, engine; engine is pure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "matching"

# layer -> project packages it must not import
FORBIDDEN = {
    "engine": {
        "api",
        "web",
        "cli",
        "services",
        "db",
        "schemas",
        "config",
        "identifiers",
        "pii",
        "errors",
        "enums",
        "demo",
    },
    "identifiers": {"api", "web", "cli", "services", "db", "schemas", "engine"},
    "db": {"api", "web", "cli", "services", "schemas"},
    "schemas": {"api", "web", "cli", "services", "db"},
    "services": {"api", "web", "cli"},
    "demo": {"api", "web", "cli", "services", "db", "schemas"},
}
THIRD_PARTY_FORBIDDEN = {
    "engine": {"sqlalchemy", "fastapi", "starlette", "pydantic", "alembic"},
    "identifiers": {"sqlalchemy", "fastapi", "starlette", "pydantic"},
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_inward(layer: str) -> None:
    violations = []
    for path in (PACKAGE / layer).rglob("*.py"):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "matching" and len(parts) > 1 and parts[1] in FORBIDDEN[layer]:
                violations.append(f"{path.relative_to(PACKAGE)} imports {name}")
            if parts[0] in THIRD_PARTY_FORBIDDEN.get(layer, set()):
                violations.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert violations == []


def test_nothing_but_the_session_owner_commits() -> None:
    owners = {PACKAGE / "db" / "session.py"}
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path not in owners and ".commit()" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
