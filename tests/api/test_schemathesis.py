"""Schemathesis against the app's own OpenAPI, in-process over ASGI, on both backends.

Every operation is called as an administrator (who may call every route) with
positive data (valid by the schema) and negative data (violating it): the
schemathesis phases ``examples`` and ``fuzzing`` (Hypothesis, derandomized,
``max_examples`` per operation, both modes mixed). Setting
``MATCHING_TEST_SCHEMATHESIS_DEEP=1`` adds the ``coverage`` phase (every boundary
and type violation of every parameter; minutes, not seconds). Checks:

* ``not_a_server_error``: no 5xx;
* ``status_code_conformance``, ``content_type_conformance``,
  ``response_headers_conformance`` and ``response_schema_conformance``: every
  response, errors included (``application/problem+json``), is documented;
* ``negative_data_rejection``: a request the schema forbids gets a 4xx;
* :func:`problems_are_worded_in_chinese`: no ``Accept-Language`` means Chinese, so the
  title, detail and every field message of each problem holds Chinese (an error type the
  catalogue lacks would show pydantic's English).

Each case runs in a savepoint that is rolled back, so every case sees the same
seeded rows (a station, an employer, a posting, a seeker) and the admin's token
stays valid whatever an earlier case did (logout, revoke a token, deactivate a
user ...). Generated path ids sometimes point at those rows, so reads and
updates reach real objects and not only 404s.

Exclusions: none. Every operation and every check above runs; if one must ever
be excluded, list it in :data:`EXCLUDED` with its reason.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Connection

from matching.api.app import create_app
from matching.config import Settings
from matching.db.session import Database
from matching.services.context import ServiceContext
from tests.support.factories import (
    community,
    make_employer,
    make_posting,
    make_seeker,
    make_station,
)

pytestmark = pytest.mark.db

MAX_ID = 2**31 - 1
SKILL_CODE = re.compile(r"[a-z][a-z0-9_]{1,63}")

CJK = re.compile(r"[\u4e00-\u9fff]")


def problems_are_worded_in_chinese(
    ctx: Any, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """Each problem answered without ``Accept-Language`` is worded in Chinese."""
    content_type = response.headers.get("content-type", [""])[0]
    if not content_type.startswith("application/problem+json"):
        return
    problem = json.loads(response.content)
    texts = [problem["title"], *([problem["detail"]] if "detail" in problem else [])]
    texts += [error["message"] for error in problem.get("errors", [])]
    untranslated = [text for text in texts if not CJK.search(text)]
    assert untranslated == [], f"{response.status_code} {case.path}: {untranslated}"


CHECKS = [
    problems_are_worded_in_chinese,
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

EXCLUDED: dict[str, str] = {
    # "METHOD /api/v1/path": "why this operation cannot be checked",
}
"""Operations left out of the run, each with its reason (none today)."""

DEEP = os.environ.get("MATCHING_TEST_SCHEMATHESIS_DEEP", "").lower() in ("1", "true", "yes")
"""Also run the ``coverage`` phase: every boundary and type violation of every parameter
and property, thousands of cases (minutes); the default run is fuzzing only."""

CONFIG: dict[str, Any] = {
    # Strings sometimes carry a NUL: PostgreSQL refuses it in text, SQLite stores it,
    # so it is the classic input that is fine on one backend and a 500 on the other.
    "dictionaries": {"nul": {"values": ["\u0000", "a\u0000b"]}},
    "generation": {"dictionaries": {"string": {"dictionary": "nul", "probability": 0.1}}},
    # Not bounded by max_examples (it grows with the API), hence opt-in.
    "phases": {"coverage": {"enabled": DEEP}},
}


@pytest.fixture
def seeded_ids(ctx: ServiceContext, admin_token: str) -> dict[str, list[Any]]:
    """Path-parameter values of real rows, committed to the test's transaction."""
    station = make_station(ctx)
    employer = make_employer(ctx)
    posting = make_posting(ctx, employer_id=employer.id)
    seeker = make_seeker(ctx, station_id=station.id)
    home = community(ctx.session)
    ctx.session.commit()
    return {
        "subdistrict_id": [home.subdistrict_id],
        "community_id": [home.id],
        "station_id": [station.id],
        "employer_id": [employer.id],
        "posting_id": [posting.id],
        "seeker_id": [seeker.id],
        "code": ["sewing"],
    }


@pytest.fixture
def api_schema(
    request: pytest.FixtureRequest,
    database: Database,
    settings: Settings,
    admin_token: str,
    seeded_ids: dict[str, list[Any]],
) -> schemathesis.BaseSchema:
    """The app's OpenAPI, loaded from the app built on the test's transaction."""
    # Compatibility shim: schemathesis 4.32 reads and rewrites `Function._nodeid` to
    # label each operation's subtest, an attribute pytest 9.2 no longer has.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid

    app = create_app(settings, database)
    config = schemathesis.Config.from_dict(
        {**CONFIG, "headers": {"Authorization": f"Bearer {admin_token}"}}
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)

    @schema.hook
    def flatmap_path_parameters(
        context: schemathesis.HookContext, path_parameters: dict[str, Any] | None
    ) -> st.SearchStrategy[dict[str, Any] | None]:
        # Sometimes point a valid id at a seeded row instead of (almost surely) a missing
        # one. Only schema-valid values are swapped, so negative cases stay negative.
        if not path_parameters:
            return st.just(path_parameters)
        choices = [st.just(path_parameters)]
        for name, value in path_parameters.items():
            real = seeded_ids.get(name)
            if real and _valid_path_value(name, value):
                choices.append(
                    st.sampled_from(real).map(lambda row, name=name: {**path_parameters, name: row})
                )
        return st.one_of(choices)

    return schema


def _valid_path_value(name: str, value: object) -> bool:
    """Whether ``value`` is valid for the path parameter ``name`` by the schema."""
    if name == "code":
        return isinstance(value, str) and SKILL_CODE.fullmatch(value) is not None
    return type(value) is int and 1 <= value <= MAX_ID


schema = schemathesis.pytest.from_fixture("api_schema")
for _label in EXCLUDED:
    _method, _path = _label.split(" ", 1)
    schema = schema.exclude(method=_method, path=_path)


@schema.parametrize()
@hypothesis.settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
)
def test_api_conforms_to_its_schema(case: schemathesis.Case, connection: Connection) -> None:
    savepoint = connection.begin_nested()
    try:
        case.call_and_validate(checks=CHECKS)
    finally:
        savepoint.rollback()
