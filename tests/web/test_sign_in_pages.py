"""Sign-in, sign-out, CSRF and the language switch of the workbench."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from matching.db.models import ApiToken, User
from matching.enums import Role
from matching.services.context import ServiceContext
from tests.support.auth import make_user
from tests.support.factories import make_station
from tests.web.pages import csrf_of, sign_in


def _clerk(ctx: ServiceContext) -> str:
    station = make_station(ctx)
    return make_user(ctx, role=Role.clerk, station_id=station.id).username


def test_pages_send_a_signed_out_reader_to_sign_in_and_back(browser: TestClient) -> None:
    response = browser.get("/find?q=wang", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/find%3Fq%3Dwang"


def test_sign_in_starts_a_secure_http_only_session(
    browser: TestClient, ctx: ServiceContext
) -> None:
    username = _clerk(ctx)
    page = browser.get("/login")

    response = browser.post(
        "/login",
        data={"username": username, "password": "correct-horse-battery",
              "csrf_token": csrf_of(page.text), "next": "/find"},
        follow_redirects=False,
    )  # fmt: skip

    assert response.status_code == 303
    assert response.headers["location"] == "/find"
    cookie = next(
        value for name, value in response.headers.multi_items()
        if name == "set-cookie" and value.startswith("matching_session=")
    )  # fmt: skip
    attributes = cookie.lower()
    assert "httponly" in attributes and "samesite=lax" in attributes and "secure" in attributes
    assert browser.get("/").status_code == 200


def test_a_wrong_password_is_said_beside_the_field_and_counted(
    browser: TestClient, ctx: ServiceContext
) -> None:
    username = _clerk(ctx)
    page = browser.get("/login")

    response = browser.post(
        "/login",
        data={
            "username": username,
            "password": "wrong-password-1",
            "csrf_token": csrf_of(page.text),
        },
    )

    assert response.status_code == 401
    assert 'id="password-error"' in response.text
    assert "用户名或密码错误" in response.text
    assert 'value="' + username + '"' in response.text  # what she typed is kept


def test_a_sign_in_without_the_forms_token_is_refused(
    browser: TestClient, ctx: ServiceContext
) -> None:
    username = _clerk(ctx)
    browser.get("/login")

    response = browser.post(
        "/login", data={"username": username, "password": "correct-horse-battery"},
        follow_redirects=False,
    )  # fmt: skip

    assert response.status_code == 403
    assert "matching_session" not in response.headers.get("set-cookie", "")


def test_a_post_without_the_sessions_csrf_token_is_refused(
    browser: TestClient, ctx: ServiceContext
) -> None:
    sign_in(browser, _clerk(ctx))
    tokens_before = ctx.session.scalars(select(ApiToken.revoked_at)).all()

    response = browser.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)

    assert response.status_code == 403
    assert ctx.session.scalars(select(ApiToken.revoked_at)).all() == tokens_before
    assert browser.get("/", follow_redirects=False).status_code == 200  # still signed in


def test_sign_out_revokes_the_session_token(browser: TestClient, ctx: ServiceContext) -> None:
    sign_in(browser, _clerk(ctx))
    token = browser.cookies.get("matching_session")
    home = browser.get("/")

    response = browser.post(
        "/logout", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False
    )

    assert response.status_code == 303
    api = browser.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401
    browser.cookies.set("matching_session", token or "", domain="testserver")
    assert browser.get("/", follow_redirects=False).status_code == 303  # back to sign-in


def test_the_language_switch_is_remembered(browser: TestClient) -> None:
    page = browser.get("/login")
    assert '<html lang="zh-CN">' in page.text and "登录" in page.text

    browser.post(
        "/language",
        data={"language": "en", "next": "/login", "csrf_token": csrf_of(page.text)},
    )

    again = browser.get("/login")
    assert '<html lang="en">' in again.text
    assert "Sign in to the gig-work window" in again.text
    assert again.headers["content-language"] == "en"


def test_a_signed_in_users_language_follows_her_to_another_browser(
    browser: TestClient, ctx: ServiceContext
) -> None:
    username = _clerk(ctx)
    sign_in(browser, username)
    home = browser.get("/")
    browser.post(
        "/language", data={"language": "en", "next": "/", "csrf_token": csrf_of(home.text)}
    )
    browser.cookies.clear()  # another PC: no cookie of hers

    sign_in(browser, username)
    elsewhere = browser.get("/", headers={"Accept-Language": "zh-CN"})

    assert '<html lang="en">' in elsewhere.text
    user = ctx.session.scalars(select(User).where(User.username == username)).one()
    assert user.locale == "en"


def test_next_never_leads_off_the_site(browser: TestClient, ctx: ServiceContext) -> None:
    username = _clerk(ctx)
    page = browser.get("/login")

    response = browser.post(
        "/login",
        data={"username": username, "password": "correct-horse-battery",
              "csrf_token": csrf_of(page.text), "next": "//evil.example/"},
        follow_redirects=False,
    )  # fmt: skip

    assert response.headers["location"] == "/"
