"""Logs never carry a full resident ID or phone number."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from matching.logging import RedactingFilter, redact
from matching.services.context import ServiceContext
from tests.support.factories import community, make_station, phone, resident_id, seeker_body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id 37098319800101120X ok", "id [resident-id] ok"),
        ("call 13812345678 now", "call [phone] now"),
        ("call +86 13812345678", "call [phone]"),
        ("order 2026112912345678901 stays", "order 2026112912345678901 stays"),
    ],
)
def test_redacts_identifiers(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_filter_rewrites_formatted_message() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "phone %s", ("13812345678",), None)

    RedactingFilter().filter(record)

    assert record.getMessage() == "phone [phone]"


def test_requests_log_no_personal_data(
    client: TestClient, ctx: ServiceContext, caplog: pytest.LogCaptureFixture
) -> None:
    station = make_station(ctx)
    ctx.session.commit()
    body = seeker_body(station_id=station.id, community_id=community(ctx.session).id)
    bad = body | {"resident_id": body["resident_id"][:17] + "0", "phone": phone()}
    caplog.set_level(logging.DEBUG)

    client.post("/api/v1/seekers", json=body)
    client.post("/api/v1/seekers", json=body)
    client.post("/api/v1/seekers", json=bad)
    client.post("/api/v1/seekers/lookup", json={"resident_id": resident_id()})

    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (body["resident_id"], body["phone"], bad["resident_id"], bad["phone"]):
        assert secret not in logged
