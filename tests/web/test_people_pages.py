"""Find a person and a seeker's page: scope, search while typing, proposing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from matching.db.models import Posting, Proposal
from matching.enums import Role
from matching.services.context import ServiceContext
from tests.support.auth import make_user
from tests.web.pages import Window, csrf_of, sign_in


def test_find_by_pinyin_initials_shows_her_masked(browser: TestClient, window: Window) -> None:
    sign_in(browser, window.clerk)

    page = browser.get("/find", params={"q": "zxy"})

    assert page.status_code == 200
    assert f'href="/seekers/{window.seeker_id}"' in page.text
    assert "张秀英" in page.text
    assert f'href="/seekers/{window.outside_seeker_id}"' not in page.text  # another subdistrict


def test_typing_answers_with_the_results_only(browser: TestClient, window: Window) -> None:
    sign_in(browser, window.clerk)

    partial = browser.get("/find", params={"q": "张秀"}, headers={"HX-Request": "true"})

    assert "<html" not in partial.text
    assert f'href="/seekers/{window.seeker_id}"' in partial.text


def test_a_full_phone_number_is_refused_beside_the_box(browser: TestClient, window: Window) -> None:
    sign_in(browser, window.clerk)

    page = browser.get("/find", params={"q": "13800138000"})

    assert 'id="q-error"' in page.text
    assert "/seekers/" not in page.text


def test_another_subdistricts_seeker_page_is_not_found(browser: TestClient, window: Window) -> None:
    sign_in(browser, window.clerk)

    page = browser.get(f"/seekers/{window.outside_seeker_id}")

    assert page.status_code == 404
    assert "张秀兰" not in page.text


def test_an_employer_cannot_open_people_pages(
    browser: TestClient, ctx: ServiceContext, window: Window
) -> None:
    employer = make_user(ctx, role=Role.employer, employer_id=_employer_of(ctx, window))
    sign_in(browser, employer.username)

    assert browser.get("/find", params={"q": "zxy"}).status_code == 404
    assert browser.get(f"/seekers/{window.seeker_id}").status_code == 404


def _employer_of(ctx: ServiceContext, window: Window) -> int:
    posting = ctx.session.get(Posting, window.posting_id)
    assert posting is not None
    return posting.employer_id


def test_her_page_shows_her_match_with_words_to_read_aloud(
    browser: TestClient, window: Window
) -> None:
    sign_in(browser, window.clerk)

    page = browser.get(f"/seekers/{window.seeker_id}")

    assert page.status_code == 200
    assert "****" in page.text
    assert re.search(r"\d{11}", page.text) is None  # no full phone or ID number
    assert f'name="posting_id" value="{window.posting_id}"' in page.text
    assert "data-speak=" in page.text


def test_propose_from_her_page_records_one_proposal(
    browser: TestClient, ctx: ServiceContext, window: Window
) -> None:
    sign_in(browser, window.clerk)
    page = browser.get(f"/seekers/{window.seeker_id}")

    response = browser.post(
        f"/seekers/{window.seeker_id}/proposals",
        data={"posting_id": str(window.posting_id), "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )

    assert response.status_code == 303
    count = ctx.session.scalar(
        select(func.count()).select_from(Proposal).where(Proposal.seeker_id == window.seeker_id)
    )
    assert count == 1
    again = browser.post(
        f"/seekers/{window.seeker_id}/proposals",
        data={"posting_id": str(window.posting_id), "csrf_token": csrf_of(page.text)},
    )
    assert again.status_code == 409  # said on her page, nothing written twice
    assert "<html" in again.text
    assert (
        ctx.session.scalar(
            select(func.count()).select_from(Proposal).where(Proposal.seeker_id == window.seeker_id)
        )
        == 1
    )


def test_propose_without_the_token_writes_nothing(
    browser: TestClient, ctx: ServiceContext, window: Window
) -> None:
    sign_in(browser, window.clerk)

    response = browser.post(
        f"/seekers/{window.seeker_id}/proposals", data={"posting_id": str(window.posting_id)}
    )

    assert response.status_code == 403
    assert ctx.session.scalar(select(func.count()).select_from(Proposal)) == 0
