"""The clerk's workbench in Chromium: sign in, find a person, open her matches, propose.

Every page visited is checked with axe-core and photographed at 1366×768 and 768×1024.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.accessibility import blocking_violations
from tests.web.browser.conftest import (
    DEMO_PASSWORD,
    OTHER_CLERK,
    DemoCity,
    screenshots,
    sign_in,
)

pytestmark = pytest.mark.db


def test_a_wrong_password_is_said_beside_the_field(page: Page, demo_city: DemoCity) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill("clerk.w370983001")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()

    expect(page.locator(".field-error")).to_contain_text("用户名或密码错误")
    expect(page).to_have_url(re.compile(r"/login"))
    screenshots(page, "login-wrong-password", demo_city.backend)


def test_a_clerk_signs_in_by_keyboard_and_finds_her_by_initials_while_typing(
    page: Page, demo_city: DemoCity
) -> None:
    page.goto("/login")
    page.keyboard.type("clerk.w370983001")  # the username field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    screenshots(page, "today", demo_city.backend)

    page.goto("/find")
    page.get_by_label("姓名、拼音、首字母或手机尾号").press_sequentially("wgl", delay=60)

    found = page.locator(f'#results a[href="/seekers/{demo_city.known_seeker_id}"]')
    expect(found).to_be_visible()  # by htmx while typing: nothing was submitted
    expect(page).to_have_url(re.compile(r"/find\?q=wgl"))
    screenshots(page, "find", demo_city.backend)


def test_her_matches_are_read_aloud_and_the_first_is_proposed(
    page: Page, demo_city: DemoCity
) -> None:
    sign_in(page)
    page.goto(f"/seekers/{demo_city.known_seeker_id}")
    matches = page.locator("li.match")
    expect(matches.first).to_be_visible()
    expect(matches.first.get_by_role("button", name="朗读")).to_be_visible()
    expect(matches.first.locator(".spoken")).not_to_be_empty()
    screenshots(page, "seeker", demo_city.backend)

    title = matches.first.locator("h3").inner_text()
    matches.first.get_by_role("button", name="推荐").click()

    expect(page.locator(".notice.ok")).to_be_visible()
    expect(page.locator("#proposals-h + *")).to_contain_text(title)


def test_a_clerk_of_another_subdistrict_does_not_see_her(page: Page, demo_city: DemoCity) -> None:
    sign_in(page, OTHER_CLERK)
    response = page.goto(f"/seekers/{demo_city.known_seeker_id}")

    assert response is not None and response.status == 404
    page.goto("/find?q=wgl")
    expect(page.locator(f'a[href="/seekers/{demo_city.known_seeker_id}"]')).to_have_count(0)


def test_a_post_without_the_csrf_token_is_refused(page: Page, demo_city: DemoCity) -> None:
    sign_in(page)
    response = page.request.post(
        f"/seekers/{demo_city.known_seeker_id}/proposals", form={"posting_id": "1"}
    )

    assert response.status == 403


@pytest.mark.parametrize("path", ["/login", "/", "/find?q=wgl", "/seekers/{seeker}"])
def test_no_serious_accessibility_violation(page: Page, demo_city: DemoCity, path: str) -> None:
    if path != "/login":
        sign_in(page)
    page.goto(path.format(seeker=demo_city.known_seeker_id))

    assert blocking_violations(page) == []
