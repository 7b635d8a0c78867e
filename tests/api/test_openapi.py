"""The OpenAPI schema lists every route, documents problem responses and tells the truth
(sort keys, parameters that cannot be null, the methods a 405 allows)."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from matching.api.app import api_operations, create_app
from matching.config import Settings
from matching.services import (
    audit,
    employers,
    geography,
    postings,
    proposals,
    referrals,
    seekers,
    skills,
    users,
)
from tests.api.helpers import problem_fields


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


PAGED_SORTS = {
    "/api/v1/seekers": seekers.SEEKER_SORTS,
    "/api/v1/postings": postings.POSTING_SORTS,
    "/api/v1/employers": employers.EMPLOYER_SORTS,
    "/api/v1/subdistricts": geography.SUBDISTRICT_SORTS,
    "/api/v1/communities": geography.COMMUNITY_SORTS,
    "/api/v1/stations": geography.STATION_SORTS,
    "/api/v1/skills": skills.SKILL_SORTS,
    "/api/v1/users": users.USER_SORTS,
    "/api/v1/audit-events": audit.AUDIT_SORTS,
    "/api/v1/proposals": proposals.PROPOSAL_SORTS,
    "/api/v1/referrals": referrals.REFERRAL_SORTS,
}


def test_each_list_route_documents_its_sort_keys_as_an_enum(settings: Settings) -> None:
    schema = create_app(settings).openapi()

    documented = {}
    for path, item in schema["paths"].items():
        for operation in item.values():
            parameters = {p["name"]: p for p in operation.get("parameters", [])}
            if "offset" in parameters:  # a paged list
                sort = parameters["sort"]["schema"]
                documented[path] = (sort["type"], sorted(sort["enum"]))
    expected = {
        path: ("string", sorted([*keys, *(f"-{key}" for key in keys)]))
        for path, keys in PAGED_SORTS.items()
    }
    assert documented == expected


def test_wrong_sort_key_is_a_validation_error_beside_the_others(client: TestClient) -> None:
    # birth_date sorts seekers, not postings; a validation error is reported with the rest.
    response = client.get("/api/v1/postings", params={"sort": "birth_date", "limit": 0})

    assert response.status_code == 422
    assert sorted(problem_fields(response)) == ["limit", "sort"]
    errors = {error["field"]: error for error in response.json()["errors"]}
    assert errors["sort"]["code"] == "unknown_sort"
    assert errors["sort"]["message"].startswith("只能按以下字段排序：created_at, headcount")


def test_no_parameter_is_documented_as_nullable(settings: Settings) -> None:
    schema = create_app(settings).openapi()

    nullable = [
        (path, parameter["name"])
        for path, item in schema["paths"].items()
        for operation in item.values()
        for parameter in operation.get("parameters", [])
        if "null" in str(parameter["schema"])
    ]
    key = next(
        parameter
        for parameter in schema["paths"]["/api/v1/proposals"]["post"]["parameters"]
        if parameter["name"] == "Idempotency-Key"
    )
    assert nullable == []
    assert key["in"] == "header" and key["required"] is False
    assert key["schema"]["type"] == "string" and key["schema"]["minLength"] == 8


def _concrete(path: str) -> str:
    return re.sub(r"\{code\}", "sewing", re.sub(r"\{\w+_id\}", "1", path))


def test_405_allows_every_method_the_path_serves(settings: Settings) -> None:
    app = create_app(settings)
    schema = app.openapi()
    templates = {
        re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", path) + "$"): {m.upper() for m in item}
        for path, item in schema["paths"].items()
    }

    with TestClient(app) as client:
        answers = {path: client.put(_concrete(path)) for path in schema["paths"]}

    wrong = {}
    for path, response in answers.items():
        served = set().union(
            *(methods for pattern, methods in templates.items() if pattern.match(_concrete(path)))
        )
        if (response.status_code, response.headers.get("allow")) != (
            405,
            ", ".join(sorted(served)),
        ):
            wrong[path] = (response.status_code, response.headers.get("allow"), sorted(served))
        assert problem_fields(response) == []
    assert wrong == {}
    assert answers["/api/v1/seekers/{seeker_id}"].headers["allow"] == "GET, PATCH"


def test_field_errors_document_the_candidates_of_an_ambiguous_value(settings: Settings) -> None:
    schemas = create_app(settings).openapi()["components"]["schemas"]

    candidates = schemas["FieldError"]["properties"]["candidates"]
    assert "ambiguous_skill" in candidates["description"]
    assert candidates["type"] == "array" and "null" not in json.dumps(candidates)
    assert candidates["items"] == {"$ref": "#/components/schemas/FieldCandidate"}
    assert "candidates" not in schemas["FieldError"]["required"]
    assert set(schemas["FieldCandidate"]["required"]) == {"code", "name_zh", "name_en"}
