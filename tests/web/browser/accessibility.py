"""An automated accessibility check with axe-core (shipped by the axe-playwright-python package)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

BLOCKING = frozenset({"serious", "critical"})
_AXE = Axe()


def blocking_violations(page: Page) -> list[str]:
    """Serious or critical axe violations of the page as shown, one line each."""
    results = _AXE.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]
