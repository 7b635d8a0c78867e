"""The API's documentation pages, served without internet, and their Authorize button.

``/docs`` (Swagger UI) and ``/redoc`` load their scripts and styles from this app, out of
the ``fastapi-offline`` package (which ships the Swagger UI and ReDoc bundles), never from
a CDN: a window's PC may have no internet. The OpenAPI schema offers the OAuth2 password
flow beside the bearer token, so that Authorize asks for a username and password.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Final

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS_PATH: Final = "/docs-assets"
ASSETS_DIR: Final = Path(fastapi_offline.__file__).resolve().parent / "static"
PASSWORD_SCHEME: Final = "OAuth2Password"
BEARER_SCHEME: Final = "HTTPBearer"


REDOC_BUNDLE: Final = "redoc.standalone.js"
REDOC_OUTSIDE_LOGO: Final = "https://cdn.redoc.ly/redoc/logo-mini.svg"
"""The one outside address in ReDoc's bundle: its footer logo, an image that hides on error."""


@cache
def redoc_bundle() -> bytes:
    """ReDoc's bundle with its footer logo taken from this app instead of Redocly's CDN."""
    text = (ASSETS_DIR / REDOC_BUNDLE).read_text(encoding="utf-8")
    return text.replace(REDOC_OUTSIDE_LOGO, f"{ASSETS_PATH}/favicon.png").encode("utf-8")


def mount_offline_docs(app: FastAPI, *, openapi_url: str) -> None:
    """Serve ``/docs`` and ``/redoc`` with assets from this app (kept out of the schema)."""

    def redoc_script() -> Response:
        return Response(redoc_bundle(), media_type="text/javascript")

    # Before the mount, which would otherwise serve the bundle as shipped.
    app.add_api_route(
        f"{ASSETS_PATH}/{REDOC_BUNDLE}", redoc_script, methods=["GET"], include_in_schema=False
    )
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS_DIR), name="docs-assets")

    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} · API",
            swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_PATH}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},  # no badge from validator.swagger.io
        )

    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} · API",
            redoc_js_url=f"{ASSETS_PATH}/{REDOC_BUNDLE}",
            redoc_favicon_url=f"{ASSETS_PATH}/favicon.png",
            with_google_fonts=False,
        )

    app.add_api_route("/docs", swagger_ui, methods=["GET"], include_in_schema=False)
    app.add_api_route("/redoc", redoc, methods=["GET"], include_in_schema=False)


def offer_password_sign_in(schema: dict[str, Any], *, token_url: str) -> None:
    """Let every operation that takes a bearer token take one from the password flow too."""
    schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes[PASSWORD_SCHEME] = {
        "type": "oauth2",
        "description": "Username and password of a user; the token is sent as a bearer token",
        "flows": {"password": {"tokenUrl": token_url, "scopes": {}}},
    }
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            security = operation.get("security")
            if security and any(BEARER_SCHEME in requirement for requirement in security):
                security.append({PASSWORD_SCHEME: []})
