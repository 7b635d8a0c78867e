"""Helpers for page tests: sign in through the form, read a page's CSRF token."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.testclient import TestClient

from tests.support.auth import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    found = CSRF.search(html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page, as a browser does."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def post_form(client: TestClient, path: str, data: dict[str, str], *, from_page: str) -> object:
    """Post a form with the CSRF token of the page it is on."""
    token = csrf_of(client.get(from_page).text)
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


@dataclass
class Window:
    """A clerk's window: her seeker, a seeker of another subdistrict, a posting near her."""

    clerk: str
    seeker_id: int
    outside_seeker_id: int
    posting_id: int
