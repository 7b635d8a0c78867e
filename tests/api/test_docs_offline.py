"""The API's docs work without internet, and their Authorize button signs in with a password."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from matching.enums import Role
from matching.services.context import ServiceContext
from tests.api.helpers import problem_fields
from tests.support.auth import PASSWORD, bearer, make_user
from tests.support.factories import make_station

TOKEN = "/api/v1/auth/token"
ASSET = re.compile(r"""(?:src|href|url)\s*[=:(]\s*['"]([^'"]+)['"]""")


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_load_every_asset_from_this_app(anonymous: TestClient, path: str) -> None:
    page = anonymous.get(path)

    assert page.status_code == 200
    assets = ASSET.findall(page.text)
    assert assets, "the page loads no script or style at all"
    for asset in assets:
        parts = urlsplit(asset)
        assert not parts.scheme and not parts.netloc, f"{path} refers to an outside host: {asset}"
        loaded = anonymous.get(asset)
        assert loaded.status_code == 200, asset
        assert "cdn.redoc.ly" not in loaded.text  # ReDoc's footer logo comes from here too
    assert "fonts.googleapis.com" not in page.text and "cdn" not in page.text.lower()


def test_the_schema_offers_the_password_flow_where_a_token_is_taken(
    anonymous: TestClient,
) -> None:
    schema = anonymous.get("/openapi.json").json()

    flow = schema["components"]["securitySchemes"]["OAuth2Password"]["flows"]["password"]
    assert flow["tokenUrl"] == TOKEN
    me = schema["paths"]["/api/v1/auth/me"]["get"]["security"]
    assert {"OAuth2Password": []} in me and {"HTTPBearer": []} in me
    assert schema["paths"]["/api/v1/auth/login"]["post"]["security"] == []


def test_the_password_form_issues_a_bearer_token(
    anonymous: TestClient, ctx: ServiceContext
) -> None:
    user = make_user(ctx, role=Role.admin, username="docs.admin")

    issued = anonymous.post(
        TOKEN, data={"grant_type": "password", "username": "docs.admin", "password": PASSWORD}
    )

    assert issued.status_code == 200, issued.text
    assert issued.json()["token_type"] == "bearer"
    me = anonymous.get("/api/v1/auth/me", headers=bearer(issued.json()["access_token"]))
    assert me.json()["id"] == user.id


def test_the_password_form_refuses_a_wrong_password_naming_it(
    anonymous: TestClient, ctx: ServiceContext
) -> None:
    make_user(ctx, role=Role.admin, username="docs.other")

    refused = anonymous.post(
        TOKEN, data={"grant_type": "password", "username": "docs.other", "password": "wrong-one"}
    )

    assert refused.status_code == 401 and problem_fields(refused) == ["password"]
    assert refused.headers["content-type"].startswith("application/problem+json")


def test_the_password_form_without_a_grant_type_names_the_field(
    anonymous: TestClient,
) -> None:
    refused = anonymous.post(TOKEN, data={"username": "someone", "password": PASSWORD})

    assert refused.status_code == 422 and problem_fields(refused) == ["grant_type"]


def test_the_form_and_the_json_sign_in_share_one_failure_count(
    anonymous: TestClient, ctx: ServiceContext
) -> None:
    station = make_station(ctx)
    make_user(ctx, role=Role.clerk, username="docs.clerk", station_id=station.id)
    for attempt in range(ctx.settings.login_max_failures):
        body = {"username": "docs.clerk", "password": f"wrong-{attempt}"}
        if attempt % 2:
            anonymous.post("/api/v1/auth/login", json=body)
        else:
            anonymous.post(TOKEN, data={"grant_type": "password", **body})

    right = anonymous.post(
        TOKEN, data={"grant_type": "password", "username": "docs.clerk", "password": PASSWORD}
    )

    assert right.status_code == 429
