"""The OpenAPI schema lists every route and documents problem responses."""

from __future__ import annotations

from fastapi.testclient import TestClient

from matching.api.app import api_operations, create_app
from matching.config import Settings


def test_openapi_lists_every_route(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app) as client:
        schema = client.get("/openapi.json").json()
        docs = client.get("/docs")

    documented = {
        (path, method.upper()) for path, item in schema["paths"].items() for method in item
    }
    routes = {(path, method) for method, path, _route in api_operations()}
    assert len(routes) >= 25 and routes == documented
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_error_responses_are_problem_json(settings: Settings) -> None:
    schema = create_app(settings).openapi()

    post = schema["paths"]["/api/v1/seekers"]["post"]["responses"]
    assert "application/problem+json" in post["422"]["content"]
    assert "Problem" in schema["components"]["schemas"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_resident_id_never_in_a_path_or_query(settings: Settings) -> None:
    schema = create_app(settings).openapi()

    for path, item in schema["paths"].items():
        assert "resident" not in path
        for operation in item.values():
            names = [parameter["name"] for parameter in operation.get("parameters", [])]
            assert not any("resident" in name or "phone" in name for name in names), path
