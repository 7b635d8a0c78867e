"""Find a person: one box for a name fragment, pinyin, initials or a phone tail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from matching.db.queries.common import PageRequest
from matching.errors import InvalidInput
from matching.i18n import render
from matching.services import geography, seekers
from matching.web.dependencies import PageDep
from matching.web.pages import show
from matching.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)
RESULTS = 20


@router.get("/find")
def find_person(
    request: Request,
    page: PageDep,
    q: Annotated[str, Query(max_length=50)] = "",
) -> Response:
    """The search box and, once something is typed, the people found (while typing)."""
    text = q.strip()
    found = None
    errors: dict[str, list[str]] = {}
    names: dict[int, str] = {}
    if text:
        try:
            found = seekers.list_seekers(page.ctx, PageRequest(limit=RESULTS), q=text)
        except InvalidInput as problem:
            errors = {"q": [render(problem.message, page.locale)]}
        else:
            ids = {person.community_id for person in found.items}
            names = geography.place_names(page.ctx, community_ids=ids).communities
    partial = bool(request.headers.get("hx-request"))
    return show(
        request,
        page,
        "find_results.html" if partial else "find.html",
        {"q": text, "found": found, "errors": errors, "community_names": names},
    )
