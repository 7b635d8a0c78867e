"""Jinja2 rendering of pages: the catalogue's wording in the reader's language.

Templates write sentences as ``{{ _("Find a person") }}`` (message ids of the shared
gettext catalogue, with ``{named}`` placeholders as keyword arguments), enum values as
``{{ value | label }}`` and anything language-dependent (:class:`~matching.i18n.Text`,
:class:`~matching.i18n.Named`) as ``{{ value | show }}``. Autoescaping is on for every
template; ``StrictUndefined`` turns a misspelt variable into an error, not a blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from matching.i18n import Renderable, Text, content_language, label, render
from matching.money import format_yuan


@cache
def environment() -> Environment:
    """The one Jinja2 environment of the workbench (templates in ``matching/web/templates``)."""
    env = Environment(
        loader=PackageLoader("matching.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yuan"] = format_yuan
    env.filters["label"] = _label_filter
    env.filters["show"] = _show_filter
    return env


def shown(value: object, locale: str) -> str:
    """``value`` as a reader of ``locale`` sees it (enum labels, Text, Named, plain values)."""
    if isinstance(value, Enum):
        return label(value, locale)
    if isinstance(value, Renderable | str):
        return render(value, locale)
    return str(value)


@pass_context
def _label_filter(context: Context, member: Enum) -> str:
    return label(member, context["locale"])


@pass_context
def _show_filter(context: Context, value: object) -> str:
    return shown(value, context["locale"])


def translator(locale: str) -> Any:
    """The ``_()`` of templates: a catalogue sentence in ``locale``."""

    def _(message_id: str, **params: object) -> str:
        return Text(message_id, **params).render(locale)

    return _


def page_values(locale: str) -> dict[str, Any]:
    """What every template may use, bound to the reader's language."""
    return {"_": translator(locale), "locale": locale, "html_lang": content_language(locale)}


def render_page(
    request: Request,
    template: str,
    values: Mapping[str, Any],
    *,
    locale: str,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render ``template`` for ``request`` in ``locale`` as an HTML response."""
    env = environment()
    context = page_values(locale) | {"request": request} | dict(values)
    html = env.get_template(template).render(context)
    response = HTMLResponse(html, status_code=status_code, headers=dict(headers or {}))
    response.headers["Content-Language"] = content_language(locale)
    return response
