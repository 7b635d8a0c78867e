"""Assertions shared by API tests."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx

PROBLEM_JSON = "application/problem+json"


def problem_fields(response: httpx.Response) -> list[str]:
    """The ``errors[].field`` of a problem response (asserting it is one)."""
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.text
    body: dict[str, Any] = response.json()
    assert body["status"] == response.status_code
    return [error["field"] for error in body.get("errors", [])]
