"""Closed vocabularies shared by the database, schemas and services (values are API values)."""

from __future__ import annotations

from enum import StrEnum


class SubdistrictKind(StrEnum):
    """街道 (urban subdistrict) or 镇 (town)."""

    street = "street"
    town = "town"


class CommunityKind(StrEnum):
    """社区/居委会 (urban residents' committee) or 村委会 (village committee)."""

    residential = "residential"
    village = "village"


class StationKind(StrEnum):
    """零工服务窗口, 零工驿站, 就业服务驿站."""

    window = "window"
    gig_station = "gig_station"
    service_station = "service_station"


class EmployerKind(StrEnum):
    """Kinds of 用工主体."""

    micro_factory = "micro_factory"
    workshop = "workshop"
    shop = "shop"
    household = "household"
    partner = "partner"
    other = "other"


class PostingKind(StrEnum):
    """零工, 兼职, 全职, 季节工."""

    odd_job = "odd_job"
    part_time = "part_time"
    full_time = "full_time"
    seasonal = "seasonal"


class WorkMode(StrEnum):
    """Where the work is done: at the place, at home (手工坊/居家计件), or on the move."""

    on_site = "on_site"
    take_home = "take_home"
    mobile = "mobile"


class PayUnit(StrEnum):
    """What one pay amount is paid for."""

    hour = "hour"
    day = "day"
    piece = "piece"
    month = "month"


class PhysicalDemand(StrEnum):
    """Physical demand levels (sedentary < light < medium < heavy)."""

    sedentary = "sedentary"
    light = "light"
    medium = "medium"
    heavy = "heavy"


class PostingStatus(StrEnum):
    """Lifecycle of a posting, as the API shows and filters it.

    ``ended`` is derived, never stored: an open or filled posting whose ``end_date`` is
    before the city's today reads ``ended`` (``matching.db.queries.postings``), so no
    job has to run at midnight and no stored row is ever a day late.
    """

    draft = "draft"
    open = "open"
    filled = "filled"
    closed = "closed"
    ended = "ended"


STORED_POSTING_STATUSES: frozenset[PostingStatus] = frozenset(
    {PostingStatus.draft, PostingStatus.open, PostingStatus.filled, PostingStatus.closed}
)
"""The statuses a posting row holds; ``ended`` is worked out on read."""


class TravelMode(StrEnum):
    """How a seeker gets to work."""

    walk = "walk"
    bike = "bike"
    ebike = "ebike"
    bus = "bus"


class Sex(StrEnum):
    """Derived from the resident ID number, never typed."""

    male = "male"
    female = "female"


class SeekerStatus(StrEnum):
    """Whether the seeker is looking for work."""

    active = "active"
    placed = "placed"
    inactive = "inactive"


class ConsentScope(StrEnum):
    """What a seeker consented to; each is recorded and withdrawn separately."""

    data_use = "data_use"
    automated_matching = "automated_matching"


class Role(StrEnum):
    """What a user is: a window clerk, an employer, or a city administrator."""

    clerk = "clerk"
    employer = "employer"
    admin = "admin"


class TokenKind(StrEnum):
    """A login session (hours) or an integration's service token (months), both revocable."""

    session = "session"
    service = "service"


class ClerkScope(StrEnum):
    """Which seekers a clerk sees: its station's community or its whole subdistrict."""

    community = "community"
    subdistrict = "subdistrict"


class AuditAction(StrEnum):
    """Actions that leave an audit row."""

    reveal = "reveal"
    export = "export"
    proposal_decision = "proposal_decision"
    outcome_change = "outcome_change"
    consent_change = "consent_change"
    erasure = "erasure"
    override = "override"
    user_change = "user_change"
    token_change = "token_change"


class ProposalStatus(StrEnum):
    """Where a proposal (推荐) stands. Open: proposed, accepted, interviewed."""

    proposed = "proposed"
    accepted = "accepted"
    declined = "declined"
    interviewed = "interviewed"
    hired = "hired"
    rejected = "rejected"
    no_show = "no_show"
    completed = "completed"
    left_early = "left_early"
    withdrawn = "withdrawn"


class ReasonCode(StrEnum):
    """Why a proposal was declined (by the seeker), rejected (by the employer), or why she
    did not come or left early (:data:`~matching.services.proposals.REASONS_BY_STATUS`)."""

    too_far = "too_far"
    pay = "pay"
    hours = "hours"
    skills = "skills"
    health = "health"
    found_other_work = "found_other_work"
    other = "other"
    family = "family"
    conditions = "conditions"
    transport = "transport"


class ReferralStatus(StrEnum):
    """A referral to the station that holds a seeker: open until that station acts on it."""

    open = "open"
    proposed = "proposed"
    dismissed = "dismissed"
