"""Seekers: register, change, find and read. Personal data is encrypted and masked."""

from __future__ import annotations

import unicodedata
import uuid
from typing import Any

from sqlalchemy import select

from matching.db.models import Seeker, SeekerConsent
from matching.db.queries import seekers as seeker_queries
from matching.db.queries.common import PageRequest, fetch_page, sorted_by
from matching.enums import ConsentScope, SeekerStatus
from matching.errors import Conflict, FieldProblem, NotFound
from matching.i18n import Text
from matching.identifiers.masking import mask_address, mask_phone, mask_resident_id
from matching.identifiers.pinyin import given_name_pinyin, name_initials, name_pinyin
from matching.identifiers.resident_id import ResidentId
from matching.identifiers.simplified import name_search_key
from matching.money import to_yuan
from matching.pii import context
from matching.schemas.page import Page
from matching.schemas.seekers import (
    ConsentOut,
    MinimumPay,
    SeekerCreate,
    SeekerPublic,
    SeekerSkillOut,
    SeekerUpdate,
)
from matching.schemas.weekly import to_slots
from matching.services.common import hidden_duplicate
from matching.services.context import ServiceContext
from matching.services.scope import (
    require_seeker,
    scoped_seekers,
    seeker_visible,
)
from matching.services.seeker_checks import check_changes, check_registration
from matching.services.validation import valid_resident_id, valid_search_text

HREF = "/api/v1/seekers"
RESIDENT_ID_FIELD = "seekers.resident_id"
PHONE_FIELD = "seekers.phone"


def seeker_public(ctx: ServiceContext, seeker: Seeker) -> SeekerPublic:
    """The API view of a seeker: ID number, phone and address masked."""
    decrypt = ctx.cipher.decrypt
    address = (
        decrypt(seeker.address_enc, context=context("seekers", "address", seeker.uid))
        if seeker.address_enc is not None
        else None
    )
    min_pay = (
        MinimumPay(amount_yuan=float(seeker.min_pay_yuan), unit=seeker.min_pay_unit)
        if seeker.min_pay_yuan is not None and seeker.min_pay_unit is not None
        else None
    )
    return SeekerPublic(
        id=seeker.id,
        name=seeker.name,
        resident_id_masked=mask_resident_id(
            decrypt(seeker.resident_id_enc, context=context("seekers", "resident_id", seeker.uid))
        ),
        phone_masked=mask_phone(
            decrypt(seeker.phone_enc, context=context("seekers", "phone", seeker.uid))
        ),
        address_masked=mask_address(address) if address else None,
        birth_date=seeker.birth_date,
        sex=seeker.sex,
        community_id=seeker.community_id,
        registered_station_id=seeker.registered_station_id,
        lat=seeker.lat,
        lon=seeker.lon,
        location_approximate=seeker.location_approximate,
        skills=[
            SeekerSkillOut(
                skill=link.skill.code,
                name_zh=link.skill.name_zh,
                name_en=link.skill.name_en,
                level=link.level,
                years=link.years,
            )
            for link in seeker.skills
        ],
        availability=seeker.availability.to_ranges(),
        max_travel_km=seeker.max_travel_km,
        travel_mode=seeker.travel_mode,
        homebound=seeker.homebound,
        caregiver=seeker.caregiver,
        disability=seeker.disability,
        has_disability_note=seeker.disability_note_enc is not None,
        min_pay=min_pay,
        household_ref=seeker.household_ref,
        status=seeker.status,
        consents=[ConsentOut.model_validate(consent) for consent in seeker.consents],
        created_at=seeker.created_at,
        updated_at=seeker.updated_at,
    )


def _ensure_new_resident(ctx: ServiceContext, index: str, *, own_id: int | None = None) -> None:
    existing_id = seeker_queries.seeker_id_by_resident_index(ctx.session, index)
    if existing_id is None or existing_id == own_id:
        return
    existing = ctx.session.get(Seeker, existing_id)
    if existing is None or not seeker_visible(ctx, existing):
        raise hidden_duplicate("resident_id", Text("This resident ID"))
    raise Conflict(
        Text("This resident ID is already registered"),
        problems=(
            FieldProblem(
                "resident_id",
                "duplicate",
                Text("This resident ID is already registered: open the existing record"),
            ),
        ),
        existing={"id": existing_id, "href": f"{HREF}/{existing_id}"},
    )


def _set_resident_id(ctx: ServiceContext, seeker: Seeker, resident: ResidentId) -> None:
    index = ctx.cipher.blind_index(resident.number, field=RESIDENT_ID_FIELD)
    _ensure_new_resident(ctx, index, own_id=seeker.id)
    seeker.resident_id_index = index
    seeker.resident_id_enc = ctx.cipher.encrypt(
        resident.number, context=context("seekers", "resident_id", seeker.uid)
    )
    seeker.birth_date = resident.birth_date
    seeker.sex = resident.sex  # type: ignore[assignment]


def _set_phone(ctx: ServiceContext, seeker: Seeker, phone: str) -> None:
    seeker.phone_enc = ctx.cipher.encrypt(phone, context=context("seekers", "phone", seeker.uid))
    seeker.phone_index = ctx.cipher.blind_index(phone, field=PHONE_FIELD)
    seeker.phone_tail = phone[-4:]


def name_columns(name: str) -> dict[str, str]:
    """A seeker's name as stored (NFC) and every form search matches: simplified
    characters, the pinyin of the whole name and of the given name, and initials."""
    # Stored, searched and read as pinyin in one form whatever the caller typed.
    name = unicodedata.normalize("NFC", name)
    return {
        "name": name,
        "name_search": name_search_key(name)[:200],  # NFKC may lengthen; a key may be cut
        "name_pinyin": name_pinyin(name),
        "given_name_pinyin": given_name_pinyin(name),
        "name_initials": name_initials(name),
    }


def _set_name(seeker: Seeker, name: str) -> None:
    for column, value in name_columns(name).items():
        setattr(seeker, column, value)


def _encrypt_optional(
    ctx: ServiceContext, seeker: Seeker, field: str, value: str | None
) -> bytes | None:
    if not value:
        return None
    return ctx.cipher.encrypt(value, context=context("seekers", field, seeker.uid))


def register_seeker(ctx: ServiceContext, data: SeekerCreate) -> SeekerPublic:
    """Register a seeker at a station, with consent; one record per resident ID number.

    Every field problem is reported together; then scope (403) and duplicates (409).
    """
    checked = check_registration(ctx, data)
    community, station = checked.community, checked.station
    seeker = Seeker(
        uid=str(uuid.uuid4()),
        community_id=community.id,
        registered_station_id=station.id,
        status=SeekerStatus.active,
    )
    _set_resident_id(ctx, seeker, checked.resident)
    _set_phone(ctx, seeker, checked.phone)
    _set_name(seeker, data.name)
    surveyed = data.lat is not None and data.lon is not None
    seeker.lat = data.lat if surveyed else community.lat  # type: ignore[assignment]
    seeker.lon = data.lon if surveyed else community.lon  # type: ignore[assignment]
    seeker.location_approximate = not surveyed
    seeker.address_enc = _encrypt_optional(ctx, seeker, "address", data.address)
    seeker.disability_note_enc = _encrypt_optional(
        ctx, seeker, "disability_note", data.disability_note
    )
    seeker.skills = checked.skills
    seeker.availability = to_slots(data.availability)
    seeker.max_travel_km = data.max_travel_km
    seeker.travel_mode = data.travel_mode
    seeker.homebound, seeker.caregiver = data.homebound, data.caregiver
    seeker.disability = data.disability
    _set_min_pay(seeker, data.min_pay)
    seeker.household_ref = data.household_ref
    seeker.consents = [
        SeekerConsent(scope=scope, station_id=station.id)
        for scope, given in (
            (ConsentScope.data_use, True),
            (ConsentScope.automated_matching, data.consent.automated_matching),
        )
        if given
    ]
    ctx.session.add(seeker)
    ctx.session.flush()
    return seeker_public(ctx, seeker)


def _set_min_pay(seeker: Seeker, min_pay: MinimumPay | None) -> None:
    seeker.min_pay_yuan = to_yuan(min_pay.amount_yuan) if min_pay else None
    seeker.min_pay_unit = min_pay.unit if min_pay else None


def update_seeker(ctx: ServiceContext, seeker_id: int, data: SeekerUpdate) -> SeekerPublic:
    """Change a seeker's record; ``skills`` replaces the skill list.

    Every field problem is reported together; then consent, scope and duplicates.
    """
    seeker = require_seeker(ctx, seeker_id)
    changes: dict[str, Any] = data.changes()
    checked = check_changes(ctx, seeker, changes, data)
    if checked.resident is not None:
        _set_resident_id(ctx, seeker, checked.resident)
    if checked.phone is not None:
        _set_phone(ctx, seeker, checked.phone)
    if checked.skills is not None:
        seeker.skills = checked.skills
    if "name" in changes:
        _set_name(seeker, changes.pop("name"))
    if "availability" in changes:
        seeker.availability = to_slots(changes.pop("availability"))
    if "min_pay" in changes:
        _set_min_pay(seeker, data.min_pay)
        del changes["min_pay"]
    for field in ("address", "disability_note"):
        if field in changes:
            setattr(
                seeker, f"{field}_enc", _encrypt_optional(ctx, seeker, field, changes.pop(field))
            )
    if changes.get("disability") is False:
        seeker.disability_note_enc = None
    _apply_location(seeker, changes)
    for name, value in changes.items():
        setattr(seeker, name, value)
    ctx.session.flush()
    return seeker_public(ctx, seeker)


def _apply_location(seeker: Seeker, changes: dict[str, Any]) -> None:
    if "lat" not in changes and "lon" not in changes:
        return
    lat, lon = changes.pop("lat", seeker.lat), changes.pop("lon", seeker.lon)
    if lat is None or lon is None:
        community = seeker.community
        seeker.lat, seeker.lon, seeker.location_approximate = community.lat, community.lon, True
    else:
        seeker.lat, seeker.lon, seeker.location_approximate = lat, lon, False


def get_seeker(ctx: ServiceContext, seeker_id: int) -> SeekerPublic:
    """Read one seeker."""
    return seeker_public(ctx, require_seeker(ctx, seeker_id))


def lookup_seeker(ctx: ServiceContext, resident_id: str) -> SeekerPublic:
    """Find the seeker with exactly this resident ID number."""
    resident = valid_resident_id(resident_id, field="resident_id", today=ctx.today)
    index = ctx.cipher.blind_index(resident.number, field=RESIDENT_ID_FIELD)
    seeker_id = seeker_queries.seeker_id_by_resident_index(ctx.session, index)
    seeker = ctx.session.get(Seeker, seeker_id) if seeker_id is not None else None
    if seeker is None or not seeker_visible(ctx, seeker):
        # Out of scope looks exactly like unknown: no id, no hint.
        raise NotFound("seeker", None, message=Text("There is no seeker with this resident ID"))
    return seeker_public(ctx, seeker)


SEEKER_SORTS = {
    "created_at": Seeker.created_at,
    "name": Seeker.name_pinyin,
    "birth_date": Seeker.birth_date,
}
"""Sort keys of :func:`list_seekers` (``-`` in front for descending); the API documents them."""


def list_seekers(
    ctx: ServiceContext,
    page: PageRequest,
    *,
    community_id: int | None = None,
    subdistrict_id: int | None = None,
    station_id: int | None = None,
    status: SeekerStatus | None = None,
    homebound: bool | None = None,
    skill: str | None = None,
    q: str | None = None,
) -> Page[SeekerPublic]:
    """List seekers by place, station, status, skill, or a name/pinyin/phone-tail query."""
    statement = scoped_seekers(ctx, seeker_queries.with_details(select(Seeker)))
    if community_id is not None:
        statement = statement.where(Seeker.community_id == community_id)
    if subdistrict_id is not None:
        statement = seeker_queries.in_subdistrict(statement, subdistrict_id)
    if station_id is not None:
        statement = statement.where(Seeker.registered_station_id == station_id)
    if status is not None:
        statement = statement.where(Seeker.status == status)
    if homebound is not None:
        statement = statement.where(Seeker.homebound == homebound)
    if skill:
        statement = seeker_queries.with_skill(statement, skill)
    if q and q.strip():
        # The API refuses a number already; this guards every other caller.
        text = unicodedata.normalize("NFC", valid_search_text(q, field="q"))
        statement = seeker_queries.matching_text(statement, text)
    statement = sorted_by(statement, page.sort, SEEKER_SORTS, tiebreak=Seeker.id)
    rows, total = fetch_page(ctx.session, statement, page)
    return Page(
        items=[seeker_public(ctx, row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
