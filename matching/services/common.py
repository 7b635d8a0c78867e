"""Helpers shared by services: existence checks and uniqueness conflicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from matching.db.queries.common import find_id_by
from matching.errors import Conflict, FieldProblem, NotFound
from matching.i18n import Text

T = TypeVar("T")


def require(session: Session, model: type[T], object_id: int, *, resource: str) -> T:
    """Return the object or raise NotFound (404)."""
    found = session.get(model, object_id)
    if found is None:
        raise NotFound(resource, object_id)
    return found


def require_reference(
    session: Session, model: type[T], object_id: int, *, resource: str, field: str
) -> T:
    """Return a referenced object or raise NotFound naming the request field (422)."""
    found = session.get(model, object_id)
    if found is None:
        raise NotFound(resource, object_id, field=field)
    return found


def ensure_unique(
    session: Session,
    column: Any,
    value: object,
    *,
    field: str,
    href: str,
    label: Text,
    addressed_by_value: bool = False,
    visible: Callable[[int], bool] | None = None,
) -> None:
    """Raise Conflict pointing at the existing row when ``column == value`` is taken.

    ``addressed_by_value`` says the resource's URL uses the value (skills by code), not the
    id. ``visible`` says whether the caller may see the existing row: when not, the
    conflict says only that the value is taken (see :func:`hidden_duplicate`).
    """
    existing_id = find_id_by(session, column, value)
    if existing_id is not None and visible is not None and not visible(existing_id):
        raise hidden_duplicate(field, label)
    if existing_id is not None:
        problem = Text("{label} already exists: do not register it twice", label=label)
        raise Conflict(
            Text("{label} is already registered", label=label),
            problems=(FieldProblem(field, "duplicate", problem),),
            existing={
                "id": existing_id,
                "href": f"{href}/{value if addressed_by_value else existing_id}",
            },
        )


def hidden_duplicate(field: str, label: Text) -> Conflict:
    """409 for a value registered where the caller cannot see: no id, no link, whom to ask.

    Pointing at a record the caller may not read would confirm that the person or employer
    exists elsewhere and hand out a handle on them.
    """
    message = Text(
        "{label} is registered outside your scope: ask an administrator to check, "
        "or use a referral to the station that holds it",
        label=label,
    )
    return Conflict(message, problems=(FieldProblem(field, "duplicate", message),))


def age_on(birth: date, today: date) -> int:
    """Full years of age on ``today``."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
