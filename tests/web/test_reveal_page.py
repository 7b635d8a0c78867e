"""A seeker's page shows her full details only when asked, with a reason that is audited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from matching.db.models import AuditEvent, Seeker
from matching.enums import AuditAction
from matching.pii import context
from matching.services.audit import REASON_FIELD
from matching.services.context import ServiceContext
from matching.services.seeker_texts import open_note
from tests.web.pages import Window, csrf_of, sign_in


def _reveals(ctx: ServiceContext) -> list[AuditEvent]:
    return list(
        ctx.session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.reveal))
    )


def _full_phone(ctx: ServiceContext, seeker_id: int) -> str:
    seeker = ctx.session.get(Seeker, seeker_id)
    assert seeker is not None and seeker.phone_enc is not None
    return ctx.cipher.decrypt(seeker.phone_enc, context=context("seekers", "phone", seeker.uid))


def test_her_page_is_masked_until_asked(
    browser: TestClient, ctx: ServiceContext, window: Window
) -> None:
    sign_in(browser, window.clerk)

    page = browser.get(f"/seekers/{window.seeker_id}")

    assert page.status_code == 200
    assert _full_phone(ctx, window.seeker_id) not in page.text
    assert f'action="/seekers/{window.seeker_id}/reveal"' in page.text
    assert _reveals(ctx) == []


def test_reveal_with_a_reason_shows_the_phone_once_and_audits_the_reason(
    browser: TestClient, ctx: ServiceContext, window: Window
) -> None:
    sign_in(browser, window.clerk)
    token = csrf_of(browser.get(f"/seekers/{window.seeker_id}").text)

    shown = browser.post(
        f"/seekers/{window.seeker_id}/reveal",
        data={"fields": ["phone"], "reason": "电话回访确认到岗", "csrf_token": token},
    )

    assert shown.status_code == 200
    assert _full_phone(ctx, window.seeker_id) in shown.text
    assert shown.headers["cache-control"] == "no-store"
    [event] = _reveals(ctx)
    assert event.details == {"fields": ["phone"]}
    seeker = ctx.session.get(Seeker, window.seeker_id)
    assert seeker is not None
    assert open_note(ctx, seeker, event.reason_enc, where=REASON_FIELD) == "电话回访确认到岗"
    again = browser.get(f"/seekers/{window.seeker_id}")
    assert _full_phone(ctx, window.seeker_id) not in again.text


def test_reveal_without_fields_or_reason_shows_both_errors_and_reveals_nothing(
    browser: TestClient, ctx: ServiceContext, window: Window
) -> None:
    sign_in(browser, window.clerk)
    token = csrf_of(browser.get(f"/seekers/{window.seeker_id}").text)

    refused = browser.post(
        f"/seekers/{window.seeker_id}/reveal", data={"reason": "", "csrf_token": token}
    )

    assert refused.status_code == 422
    assert 'id="fields-error"' in refused.text
    assert 'id="reason-error"' in refused.text
    assert _full_phone(ctx, window.seeker_id) not in refused.text
    assert _reveals(ctx) == []


def test_reveal_without_the_token_is_refused(
    browser: TestClient, ctx: ServiceContext, window: Window
) -> None:
    sign_in(browser, window.clerk)

    refused = browser.post(
        f"/seekers/{window.seeker_id}/reveal", data={"fields": ["phone"], "reason": "回访"}
    )

    assert refused.status_code == 403
    assert _reveals(ctx) == []


def test_another_subdistricts_seeker_cannot_be_revealed(
    browser: TestClient, ctx: ServiceContext, window: Window
) -> None:
    sign_in(browser, window.clerk)
    token = csrf_of(browser.get(f"/seekers/{window.seeker_id}").text)

    refused = browser.post(
        f"/seekers/{window.outside_seeker_id}/reveal",
        data={"fields": ["phone"], "reason": "回访", "csrf_token": token},
    )

    assert refused.status_code == 404
    assert _full_phone(ctx, window.outside_seeker_id) not in refused.text
    assert _reveals(ctx) == []
