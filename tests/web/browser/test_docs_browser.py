"""The API docs render in Chromium with every outside host unreachable, and Authorize signs in."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.web.browser.conftest import CLERK, DEMO_PASSWORD, DemoCity, screenshots

pytestmark = pytest.mark.db


def _offline(page: Page, demo_city: DemoCity) -> list[str]:
    """Refuse every request to another host; return what was refused."""
    here = urlsplit(demo_city.url).netloc
    refused: list[str] = []

    def only_here(route: Route) -> None:
        if urlsplit(route.request.url).netloc == here:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_here)
    return refused


def test_swagger_ui_works_offline_and_authorize_takes_a_password(
    page: Page, demo_city: DemoCity
) -> None:
    refused = _offline(page, demo_city)

    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("matching")
    page.get_by_role("button", name="Authorize").first.click()
    dialog = page.locator(".modal-ux")
    dialog.locator("input#oauth_username").fill(CLERK)
    dialog.locator("input#oauth_password").fill(DEMO_PASSWORD)
    password_form = dialog.locator(".auth-container", has_text="OAuth2Password")
    with page.expect_response("**/auth/token") as answer:
        password_form.locator("button.authorize").click()

    assert answer.value.status == 200 and answer.value.json()["token_type"] == "bearer"
    expect(password_form.locator("button", has_text="Logout")).to_be_visible()
    expect(password_form).to_contain_text(CLERK)
    screenshots(page, "api-docs", demo_city.backend)
    assert refused == []


def test_redoc_works_offline(page: Page, demo_city: DemoCity) -> None:
    refused = _offline(page, demo_city)

    page.goto("/redoc")

    expect(page.locator("redoc h1").first).to_contain_text("matching")
    assert refused == []
