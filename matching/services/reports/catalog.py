"""Reports by name, for callers that choose one at run time (the CLI).

Names are the API's path segments: ``summary``, ``placements``, ``near-home``,
``facilities``, ``full-employment``, ``vacancies``, ``outcomes``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any, Final

from matching.errors import InvalidInput
from matching.i18n import Text
from matching.schemas.reports import (
    AnyReport,
    CommunityGroup,
    FacilityGroup,
    PlacementGroup,
    VacancyGroup,
)
from matching.services.context import ServiceContext
from matching.services.reports.facilities import facilities_report
from matching.services.reports.full_employment import full_employment_report
from matching.services.reports.near_home import near_home_report
from matching.services.reports.outcomes import outcomes_report
from matching.services.reports.placements import placements_report
from matching.services.reports.summary import summary_report
from matching.services.reports.vacancies import vacancies_report

__all__ = ["REPORTS", "build_report"]

REPORTS: Final[dict[str, tuple[Callable[..., AnyReport], type[StrEnum] | None]]] = {
    "summary": (summary_report, None),
    "placements": (placements_report, PlacementGroup),
    "near-home": (near_home_report, PlacementGroup),
    "facilities": (facilities_report, FacilityGroup),
    "full-employment": (full_employment_report, CommunityGroup),
    "vacancies": (vacancies_report, VacancyGroup),
    "outcomes": (outcomes_report, None),
}
"""Report name -> (use case, the enum of its ``group_by`` or None)."""


def build_report(
    ctx: ServiceContext,
    name: str,
    *,
    start: date | None = None,
    end: date | None = None,
    group_by: str | None = None,
    subdistrict_id: int | None = None,
) -> AnyReport:
    """Run report ``name``; an unknown name or grouping is an error naming the field."""
    if name not in REPORTS:
        message = Text(
            "There is no report {name}; available: {available}",
            name=name,
            available=", ".join(REPORTS),
        )
        raise InvalidInput("name", "unknown_report", message)
    function, groups = REPORTS[name]
    options: dict[str, Any] = {"start": start, "end": end, "subdistrict_id": subdistrict_id}
    if group_by is not None:
        allowed = [member.value for member in groups] if groups else []
        if group_by not in allowed:
            listed = ", ".join(allowed) or "—"
            message = Text(
                "Cannot group by {group_by}; available: {available}",
                group_by=group_by,
                available=listed,
            )
            raise InvalidInput("group_by", "unknown_group", message)
        assert groups is not None
        options["group_by"] = groups(group_by)
    return function(ctx, **options)
