"""Rendering a page for its reader: the layout's menu, name, station and CSRF token."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from matching.access.actor import Actor
from matching.i18n import Text
from matching.services import geography, users
from matching.web.dependencies import PageContext
from matching.web.policy import PAGE_POLICY
from matching.web.templating import render_page


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One entry of the main menu."""

    href: str
    label: Text


MENU: tuple[MenuItem, ...] = (
    MenuItem("/", Text("Today")),
    MenuItem("/seekers/new", Text("Register a seeker")),
    MenuItem("/find", Text("Find a person")),
    MenuItem("/proposals", Text("Proposals")),
    MenuItem("/plan", Text("Station plan")),
)
"""Every entry; a reader sees those whose page exists and is granted to their role."""


@dataclass(frozen=True, slots=True)
class Reader:
    """The signed-in person as the layout shows them."""

    name: str
    station_name: str | None
    menu: tuple[MenuItem, ...]


def reader_of(page: PageContext) -> Reader | None:
    """The layout's view of the signed-in reader (None when signed out)."""
    actor = page.ctx.actor
    if actor is None:
        return None
    user = users.get_user(page.ctx, actor.user_id)
    station = geography.get_station(page.ctx, actor.station_id) if actor.station_id else None
    return Reader(
        name=user.display_name,
        station_name=station.name if station else None,
        menu=menu_for(actor),
    )


def menu_for(actor: Actor) -> tuple[MenuItem, ...]:
    """The menu entries whose page the actor's role may open."""
    return tuple(
        item for item in MENU if actor.role in PAGE_POLICY.get(("GET", item.href), frozenset())
    )


def show(
    request: Request,
    page: PageContext,
    template: str,
    values: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    active_href: str | None = None,
) -> HTMLResponse:
    """Render ``template`` inside the layout, for the page's reader and language."""
    layout = {
        "reader": reader_of(page),
        "csrf_token": page.csrf_token,
        "active_href": active_href if active_href is not None else request.url.path,
    }
    return render_page(
        request, template, layout | dict(values or {}), locale=page.locale, status_code=status_code
    )
