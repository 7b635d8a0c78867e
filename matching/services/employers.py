"""Employers: register, change, read and list. The contact phone is encrypted at rest."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from matching.db.models import Community, Employer
from matching.db.queries.common import PageRequest, fetch_page, sorted_by
from matching.enums import EmployerKind, Role
from matching.i18n import Text
from matching.identifiers.masking import mask_phone
from matching.pii import context
from matching.schemas.employers import EmployerCreate, EmployerPublic, EmployerUpdate
from matching.schemas.page import Page
from matching.services.checks import FieldChecks
from matching.services.common import ensure_unique, require_reference
from matching.services.context import ServiceContext
from matching.services.scope import (
    contact_visible,
    employer_visible,
    require_community_in_scope,
    require_employer,
    require_employer_editable,
    scoped_employers,
)
from matching.services.validation import valid_credit_code, valid_phone

HREF = "/api/v1/employers"
CREDIT_CODE = Text("Unified social credit code")


def _phone_context(employer: Employer) -> str:
    return context("employers", "contact_phone", employer.uid)


def employer_public(ctx: ServiceContext, employer: Employer) -> EmployerPublic:
    """The API view of an employer: contact phone masked, contact hidden outside scope."""
    show_contact = contact_visible(ctx, employer)
    phone = (
        ctx.cipher.decrypt(employer.contact_phone_enc, context=_phone_context(employer))
        if show_contact
        else None
    )
    return EmployerPublic(
        id=employer.id,
        name=employer.name,
        kind=employer.kind,
        contact_name=employer.contact_name if show_contact else None,
        contact_phone_masked=mask_phone(phone) if phone is not None else None,
        credit_code=employer.credit_code,
        address=employer.address,
        community_id=employer.community_id,
        lat=employer.lat,
        lon=employer.lon,
        location_approximate=employer.location_approximate,
        created_at=employer.created_at,
        updated_at=employer.updated_at,
    )


def register_employer(ctx: ServiceContext, data: EmployerCreate) -> EmployerPublic:
    """Register an employer; it sits at its community's point unless placed.

    Every field problem is reported together; then duplicates (409) and scope (403).
    """
    checks = FieldChecks()
    phone = checks.run(valid_phone, data.contact_phone, field="contact_phone")
    credit_code = None
    if data.credit_code:
        credit_code = checks.run(valid_credit_code, data.credit_code, field="credit_code")
    community = checks.run(
        require_reference,
        ctx.session,
        Community,
        data.community_id,
        resource="community",
        field="community_id",
    )
    checks.raise_any()
    assert phone is not None and community is not None
    if credit_code:
        ensure_unique(
            ctx.session,
            Employer.credit_code,
            credit_code,
            field="credit_code",
            href=HREF,
            label=CREDIT_CODE,
            visible=lambda found: _visible_id(ctx, found),
        )
    require_community_in_scope(ctx, community.id, field="community_id")
    surveyed = data.lat is not None and data.lon is not None
    employer = Employer(
        uid=str(uuid.uuid4()),
        name=data.name,
        kind=data.kind,
        contact_name=data.contact_name,
        credit_code=credit_code,
        address=data.address,
        community_id=community.id,
        lat=data.lat if surveyed else community.lat,
        lon=data.lon if surveyed else community.lon,
        location_approximate=not surveyed,
    )
    employer.contact_phone_enc = ctx.cipher.encrypt(phone, context=_phone_context(employer))
    ctx.session.add(employer)
    ctx.session.flush()
    return employer_public(ctx, employer)


def update_employer(ctx: ServiceContext, employer_id: int, data: EmployerUpdate) -> EmployerPublic:
    """Change an employer."""
    employer = require_employer(ctx, employer_id)
    require_employer_editable(ctx, employer)
    changes = data.changes()
    phone = _check_changes(ctx, changes)
    if phone is not None:
        employer.contact_phone_enc = ctx.cipher.encrypt(phone, context=_phone_context(employer))
    if changes.get("credit_code") and changes["credit_code"] != employer.credit_code:
        ensure_unique(
            ctx.session,
            Employer.credit_code,
            changes["credit_code"],
            field="credit_code",
            href=HREF,
            label=CREDIT_CODE,
            visible=lambda found: _visible_id(ctx, found),
        )
    if "community_id" in changes and ctx.actor is not None and ctx.actor.role == Role.clerk:
        require_community_in_scope(ctx, changes["community_id"], field="community_id")
    if "lat" in changes or "lon" in changes:
        changes["location_approximate"] = False
    for name, value in changes.items():
        setattr(employer, name, value)
    ctx.session.flush()
    return employer_public(ctx, employer)


def _check_changes(ctx: ServiceContext, changes: dict[str, Any]) -> str | None:
    """Every field problem of a change at once (422); the new phone when it changes.

    Takes ``contact_phone`` out of ``changes`` and leaves a changed credit code normalised.
    """
    checks = FieldChecks()
    phone = None
    if "contact_phone" in changes:
        phone = checks.run(valid_phone, changes.pop("contact_phone"), field="contact_phone")
    if changes.get("credit_code"):
        code = checks.run(valid_credit_code, changes["credit_code"], field="credit_code")
        changes["credit_code"] = code
    if "community_id" in changes:
        checks.run(
            require_reference,
            ctx.session,
            Community,
            changes["community_id"],
            resource="community",
            field="community_id",
        )
    checks.raise_any()
    return phone


def _visible_id(ctx: ServiceContext, employer_id: int) -> bool:
    found = ctx.session.get(Employer, employer_id)
    return found is not None and employer_visible(ctx, found)


def get_employer(ctx: ServiceContext, employer_id: int) -> EmployerPublic:
    """Read one employer."""
    return employer_public(ctx, require_employer(ctx, employer_id))


EMPLOYER_SORTS = {"name": Employer.name, "created_at": Employer.created_at}
"""Sort keys of :func:`list_employers`; the API documents them."""


def list_employers(
    ctx: ServiceContext,
    page: PageRequest,
    *,
    community_id: int | None = None,
    kind: EmployerKind | None = None,
    q: str | None = None,
) -> Page[EmployerPublic]:
    """List employers, by community, kind or name fragment."""
    statement = scoped_employers(ctx, select(Employer))
    if community_id is not None:
        statement = statement.where(Employer.community_id == community_id)
    if kind is not None:
        statement = statement.where(Employer.kind == kind)
    if q:
        statement = statement.where(Employer.name.contains(q, autoescape=True))
    statement = sorted_by(statement, page.sort, EMPLOYER_SORTS, tiebreak=Employer.id)
    rows, total = fetch_page(ctx.session, statement, page)
    items = [employer_public(ctx, row) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
