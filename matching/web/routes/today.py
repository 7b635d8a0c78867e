"""The start page: for a clerk, today at her station."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from matching.services.station_day import station_day
from matching.web.dependencies import PageDep
from matching.web.pages import show
from matching.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)


@router.get("/")
def today_page(request: Request, page: PageDep) -> Response:
    """What waits for the reader today: answers, hires to confirm, people, postings, referrals."""
    day = station_day(page.ctx)
    values = {"day": day, "today": page.ctx.today, "community_names": day.community_names}
    return show(request, page, "today.html", values)
