"""Who may call which route: the role x route table. Object-level scope is in services.scope.

Every route must appear here; a route without an entry is refused (fail closed), and
``tests/api/test_policy.py`` fails when the app has a route missing from this table or a
role can call a route the table does not grant.
"""

from __future__ import annotations

from typing import Final

from fastapi import Request

from matching.access.actor import Actor
from matching.enums import Role
from matching.errors import Forbidden, Unauthenticated
from matching.i18n import Text

API: Final = "/api/v1"
PUBLIC: Final[frozenset[Role]] = frozenset()
"""Marks a route open without a token (sign-in only)."""

EVERYONE: Final = frozenset(Role)
STAFF: Final = frozenset({Role.clerk, Role.admin})
ADMIN: Final = frozenset({Role.admin})


def _crud(
    collection: str,
    item: str,
    *,
    read: frozenset[Role],
    create: frozenset[Role],
    update: frozenset[Role],
) -> dict[tuple[str, str], frozenset[Role]]:
    return {
        ("GET", f"{API}/{collection}"): read,
        ("POST", f"{API}/{collection}"): create,
        ("GET", f"{API}/{collection}/{{{item}}}"): read,
        ("PATCH", f"{API}/{collection}/{{{item}}}"): update,
    }


POLICY: Final[dict[tuple[str, str], frozenset[Role]]] = {
    ("POST", f"{API}/auth/login"): PUBLIC,
    ("POST", f"{API}/auth/token"): PUBLIC,
    ("POST", f"{API}/auth/logout"): EVERYONE,
    ("GET", f"{API}/auth/me"): EVERYONE,
    **_crud("subdistricts", "subdistrict_id", read=EVERYONE, create=ADMIN, update=ADMIN),
    **_crud("communities", "community_id", read=EVERYONE, create=ADMIN, update=ADMIN),
    **_crud("stations", "station_id", read=EVERYONE, create=ADMIN, update=ADMIN),
    **_crud("skills", "code", read=EVERYONE, create=ADMIN, update=ADMIN),
    ("GET", f"{API}/skills/autocomplete"): EVERYONE,
    **_crud("employers", "employer_id", read=EVERYONE, create=STAFF, update=EVERYONE),
    **_crud("postings", "posting_id", read=EVERYONE, create=EVERYONE, update=EVERYONE),
    **_crud("seekers", "seeker_id", read=STAFF, create=STAFF, update=STAFF),
    ("POST", f"{API}/seekers/lookup"): STAFF,
    ("POST", f"{API}/seekers/{{seeker_id}}/reveal"): STAFF,
    ("POST", f"{API}/seekers/{{seeker_id}}/consents"): STAFF,
    ("POST", f"{API}/seekers/{{seeker_id}}/erasure"): STAFF,
    ("POST", f"{API}/seekers/{{seeker_id}}/reliability-override"): STAFF,
    **_crud("users", "user_id", read=ADMIN, create=ADMIN, update=ADMIN),
    ("GET", f"{API}/users/{{user_id}}/tokens"): ADMIN,
    ("POST", f"{API}/users/{{user_id}}/tokens"): ADMIN,
    ("POST", f"{API}/tokens/{{token_id}}/revoke"): ADMIN,
    ("GET", f"{API}/audit-events"): ADMIN,
    ("GET", f"{API}/postings/{{posting_id}}/matches"): STAFF,
    ("GET", f"{API}/seekers/{{seeker_id}}/matches"): STAFF,
    ("POST", f"{API}/plans"): STAFF,
    ("POST", f"{API}/proposals"): STAFF,
    ("GET", f"{API}/proposals"): EVERYONE,
    ("GET", f"{API}/proposals/{{proposal_id}}"): EVERYONE,
    ("POST", f"{API}/proposals/{{proposal_id}}/outcomes"): EVERYONE,
    ("POST", f"{API}/referrals"): STAFF,
    ("GET", f"{API}/referrals"): STAFF,
    ("PATCH", f"{API}/referrals/{{referral_id}}"): STAFF,
    ("GET", f"{API}/reports/summary"): STAFF,
    ("GET", f"{API}/reports/placements"): STAFF,
    ("GET", f"{API}/reports/near-home"): STAFF,
    ("GET", f"{API}/reports/facilities"): STAFF,
    ("GET", f"{API}/reports/full-employment"): STAFF,
    ("GET", f"{API}/reports/vacancies"): STAFF,
    ("GET", f"{API}/reports/outcomes"): STAFF,
    ("GET", f"{API}/reports/charts/monthly-placements"): STAFF,
    ("GET", f"{API}/reports/charts/monthly-near-home"): STAFF,
    ("GET", f"{API}/reports/charts/subdistricts"): STAFF,
}


def route_key(request: Request) -> tuple[str, str] | None:
    """The (method, path template) of the route serving ``request``."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    if path is None:
        return None
    method = "GET" if request.method == "HEAD" else request.method
    return method, API + path


def authorize(key: tuple[str, str] | None, actor: Actor | None) -> None:
    """Refuse the call unless the API's table grants it to the actor's role."""
    authorize_in(POLICY, key, actor)


def authorize_in(
    table: dict[tuple[str, str], frozenset[Role]],
    key: tuple[str, str] | None,
    actor: Actor | None,
) -> None:
    """Refuse the call unless ``table`` (the API's or the pages') grants it to the actor."""
    allowed = table.get(key) if key is not None else None
    if allowed is None:
        raise Forbidden(Text("No access policy is configured for this route"))
    if allowed == PUBLIC:
        return
    if actor is None:
        raise Unauthenticated(Text("Sign in first"))
    if actor.role not in allowed:
        raise Forbidden(Text("Your role may not do this"))
