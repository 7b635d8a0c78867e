"""Plain records of the demo history: what it is drawn from, and the proposals it produced.

Inputs refer to rows already in the database by id (the demo city once seeded). New
postings — earlier rounds of the same jobs — are referred to by position in
:attr:`DemoHistory.postings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from matching.enums import (
    PostingKind,
    PostingStatus,
    ProposalStatus,
    ReasonCode,
    SeekerStatus,
    StationKind,
    WorkMode,
)

__all__ = [
    "DemoHistory",
    "HistoryEvent",
    "HistoryPosting",
    "HistoryProposal",
    "HistorySeeker",
    "HistoryStation",
    "NewPosting",
]


@dataclass(frozen=True, slots=True)
class HistorySeeker:
    """A seeker of the demo city, as the history needs it."""

    id: int
    community_id: int
    subdistrict_id: int
    station_id: int
    lat: float
    lon: float
    max_travel_km: float
    homebound: bool
    caregiver: bool
    disability: bool
    status: SeekerStatus
    created_at: datetime


@dataclass(frozen=True, slots=True)
class HistoryPosting:
    """A posting of the demo city: proposed directly when open, copied for earlier rounds."""

    id: int
    subdistrict_id: int
    kind: PostingKind
    work_mode: WorkMode
    headcount: int
    lat: float
    lon: float
    status: PostingStatus
    created_at: datetime


@dataclass(frozen=True, slots=True)
class HistoryStation:
    """A station: proposals are made by the seeker's own station or the town's window."""

    id: int
    community_id: int
    subdistrict_id: int
    kind: StationKind


@dataclass(frozen=True, slots=True)
class NewPosting:
    """An earlier round of ``template_id``'s job, published at ``created_at``."""

    template_id: int
    created_at: datetime
    headcount: int
    hires: int
    status: PostingStatus


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """One transition of a proposal."""

    at: datetime
    from_status: ProposalStatus | None
    to_status: ProposalStatus
    reason: ReasonCode | None = None


@dataclass(frozen=True, slots=True)
class HistoryProposal:
    """A proposal with its whole history; exactly one of ``posting_id``/``new_posting`` is set."""

    seeker_id: int
    posting_id: int | None
    new_posting: int | None
    station_id: int
    score: float
    events: tuple[HistoryEvent, ...]

    @property
    def status(self) -> ProposalStatus:
        """Where the proposal stands: the last event's status."""
        return self.events[-1].to_status

    @property
    def reason(self) -> ReasonCode | None:
        """The reason of its last step: declined, rejected, a no-show or left early."""
        return self.events[-1].reason

    @property
    def created_at(self) -> datetime:
        """When the proposal was made."""
        return self.events[0].at

    @property
    def updated_at(self) -> datetime:
        """When it last changed."""
        return self.events[-1].at

    @property
    def hired_at(self) -> datetime | None:
        """When the seeker was hired, kept after the job ended."""
        return next((e.at for e in self.events if e.to_status is ProposalStatus.hired), None)

    @property
    def ended_at(self) -> datetime | None:
        """When a hire ended (completed or left early)."""
        ended = (ProposalStatus.completed, ProposalStatus.left_early)
        return self.events[-1].at if self.events[-1].to_status in ended else None


@dataclass(frozen=True, slots=True)
class DemoHistory:
    """Everything the history adds or changes.

    ``posting_hires`` gives, for existing postings, the hires at the end (current
    hires); ``seeker_statuses`` the new status of every seeker whose status changes.
    """

    postings: tuple[NewPosting, ...]
    proposals: tuple[HistoryProposal, ...]
    posting_hires: dict[int, int]
    seeker_statuses: dict[int, SeekerStatus]
