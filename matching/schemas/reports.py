"""Administrator reports (统计报表): people placed, near-home work, facilities, full employment.

Every report shares an envelope (:class:`ReportBase`): its name and Chinese title, the
period (inclusive local dates), the scope it covers and how its rows are grouped. Rows
carry a stable ``key`` (a code, an enum value or ``YYYY-MM``), a Chinese ``label`` and,
where it helps, the ``parent`` the group belongs to (a community's subdistrict).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from matching.schemas.base import PublicModel


class PlacementGroup(StrEnum):
    """How placements are grouped."""

    subdistrict = "subdistrict"
    community = "community"
    station = "station"
    posting_kind = "posting_kind"
    work_mode = "work_mode"
    month = "month"


class FacilityGroup(StrEnum):
    """Facilities by kind, or one row per facility."""

    kind = "kind"
    facility = "facility"


class CommunityGroup(StrEnum):
    """Full employment per community, or summed per subdistrict."""

    community = "community"
    subdistrict = "subdistrict"


class VacancyGroup(StrEnum):
    """How postings (vacancies) are grouped."""

    subdistrict = "subdistrict"
    community = "community"
    posting_kind = "posting_kind"
    work_mode = "work_mode"
    month = "month"


class ExportFormat(StrEnum):
    """A report as JSON, or exported as CSV (UTF-8 with BOM) or XLSX."""

    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class ChartFormat(StrEnum):
    """Image format of a chart."""

    svg = "svg"
    png = "png"


class ChartName(StrEnum):
    """The charts the API renders."""

    monthly_placements = "monthly-placements"
    monthly_near_home = "monthly-near-home"
    subdistricts = "subdistricts"


class ReportPeriod(PublicModel):
    """Inclusive local dates; ``None`` is open-ended (``to`` defaults to today)."""

    from_date: date | None = Field(description="First day (inclusive), local time")
    to_date: date = Field(description="Last day (inclusive), local time")


class ReportScope(PublicModel):
    """What the figures cover: the whole city, or the communities of the caller's scope."""

    city_wide: bool
    communities: int = Field(description="Number of communities covered")
    subdistrict_id: int | None = None


class ReportBase(PublicModel):
    """The envelope shared by every report."""

    report: str
    title: str
    period: ReportPeriod
    scope: ReportScope
    group_by: str | None = None


class PlacementRow(PublicModel):
    """People placed (distinct seekers hired at least once) and placements in one group."""

    key: str
    label: str
    parent: str | None = None
    people: int
    placements: int


class PlacementsReport(ReportBase):
    """Distinct people placed and placements (hires) in the period."""

    rows: list[PlacementRow]
    total_people: int = Field(description="Distinct people placed (not the sum of the rows)")
    total_placements: int


class NearHomeRow(PublicModel):
    """Homebound, caregiver and disabled seekers placed near home, in one group."""

    key: str
    label: str
    parent: str | None = None
    people: int = Field(description="Distinct people placed near home")
    placements: int = Field(description="Near-home placements")
    take_home_placements: int = Field(description="Of which take-home work (居家计件)")
    nearby_placements: int = Field(description="Of which on-site or mobile work near home")


class NearHomeReport(ReportBase):
    """People who cannot easily go out to work, placed near home (就近就业)."""

    rows: list[NearHomeRow]
    near_home_km: float
    near_home_minutes: int | None
    total_people: int
    total_placements: int
    eligible_people_placed: int = Field(
        description="Homebound, caregiver or disabled people placed anywhere in the period"
    )
    homebound_people: int
    caregiver_people: int
    disability_people: int


class FacilityRow(PublicModel):
    """One facility kind (or one facility) with the seekers and postings it serves."""

    key: str
    label: str
    kind: str
    kind_label: str
    community: str | None = None
    subdistrict: str | None = None
    facilities: int
    seekers: int = Field(
        description="Stations: seekers registered there; employers: people placed with them"
    )
    postings: int = Field(
        description="Employers: postings they published; stations: postings in their community"
    )


class FacilitiesReport(ReportBase):
    """Micro-factories, workshops and other employers; windows, gig and service stations."""

    rows: list[FacilityRow]
    micro_factories: int
    workshops: int
    gig_stations: int
    service_stations: int
    windows: int
    factories_and_gig_stations: int = Field(
        description="Micro-factories, workshops and gig stations (the brief's first figure)"
    )
    seekers: int = Field(description="Seekers registered in the period")
    postings: int = Field(description="Postings published in the period")


class FullEmploymentCriterion(PublicModel):
    """The configured criterion of a full-employment community (高质量充分就业社区)."""

    min_share_in_work: float
    min_seekers_wanting_work: int
    no_zero_employment_household: bool = True
    description: str


class CommunityRow(PublicModel):
    """Employment of the seekers who want work in one community (or summed per subdistrict)."""

    key: str
    label: str
    parent: str | None = None
    communities: int
    communities_meeting: int
    seekers_wanting_work: int
    seekers_in_work: int
    share_in_work: float | None
    households: int
    zero_employment_households: int
    meets_criterion: bool | None = Field(description="Community rows only")


class FullEmploymentReport(ReportBase):
    """Which communities meet the full-employment criterion at the end of the period."""

    criterion: FullEmploymentCriterion
    rows: list[CommunityRow]
    communities_assessed: int
    communities_meeting: int
    seekers_wanting_work: int
    seekers_in_work: int
    zero_employment_households: int


class VacancyRow(PublicModel):
    """Postings published in the period and how many of their vacancies were filled."""

    key: str
    label: str
    parent: str | None = None
    postings: int
    vacancies: int = Field(description="Headcount asked for")
    filled: int = Field(description="Vacancies filled by a placement (at most the headcount)")
    fill_rate: float | None
    open_vacancies: int = Field(
        description="Vacancies of these postings still open today (an ended posting has none)"
    )


class VacanciesReport(ReportBase):
    """Vacancies posted and filled, and the fill rate."""

    rows: list[VacancyRow]
    postings: int
    vacancies: int
    filled: int
    fill_rate: float | None
    open_vacancies: int


class OutcomeRow(PublicModel):
    """Proposals made in the period that stand at one status (and reason)."""

    key: str
    label: str
    status: str
    reason: str | None = None
    proposals: int
    share: float


class OutcomesReport(ReportBase):
    """The outcome mix of proposals, and the time from registration to first placement."""

    rows: list[OutcomeRow]
    proposals: int
    people_first_placed: int = Field(description="People whose first placement is in the period")
    median_days_to_placement: float | None = Field(
        description="Median days from registration to first placement of those people"
    )


class SummaryReport(ReportBase):
    """The programme's headline figures, as the product brief reports them."""

    people_placed: int
    placements: int
    near_home_people: int
    factories_and_gig_stations: int
    service_stations: int
    full_employment_communities: int
    vacancies: int
    filled: int
    fill_rate: float | None
    median_days_to_placement: float | None


AnyReport = (
    PlacementsReport
    | NearHomeReport
    | FacilitiesReport
    | FullEmploymentReport
    | VacanciesReport
    | OutcomesReport
    | SummaryReport
)
