"""Full-employment communities (高质量充分就业社区), by a configurable criterion.

The criterion, judged at the end of the period (``to``, default today):

- a seeker *wants work* when registered by then and not ``inactive`` (status ``active``
  or ``placed``; an erased seeker keeps her status, so erasing changes no count);
- a seeker is *in work* when a hire of theirs had started and not ended by then, or,
  when the period runs up to today, their status is ``placed`` (work found outside
  the system counts too);
- a community *meets the criterion* when at least ``full_employment_min_seekers``
  seekers want work there, at least ``full_employment_share`` (default 90%) of them
  are in work, and it has no *zero-employment household* (零就业家庭): a
  ``household_ref`` whose members wanting work there include no one in work. Seekers
  without a ``household_ref`` count towards the share only.

``from`` is validated but not used: the criterion is a snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from matching.config import Settings
from matching.db.queries import report_registers as registers
from matching.enums import SeekerStatus
from matching.i18n import DEFAULT_LOCALE, Text
from matching.schemas.reports import (
    CommunityGroup,
    CommunityRow,
    FullEmploymentCriterion,
    FullEmploymentReport,
)
from matching.services.context import ServiceContext
from matching.services.reports.common import ReportQuery, envelope, prepare, ratio
from matching.services.reports.labels import TITLES

__all__ = ["communities_meeting", "criterion", "full_employment_report"]


def criterion(settings: Settings, locale: str = DEFAULT_LOCALE) -> FullEmploymentCriterion:
    """The configured criterion, with a plain-language description in ``locale``."""
    share = settings.full_employment_share
    least = settings.full_employment_min_seekers
    description = Text(
        "at least {share} of the seekers who want work (at least {least}) are in work, "
        "and no household has no one in work",
        share=f"{share:.0%}",
        least=least,
    )
    return FullEmploymentCriterion(
        min_share_in_work=share,
        min_seekers_wanting_work=least,
        description=description.render(locale),
    )


@dataclass(slots=True)
class _Tally:
    """Employment of one community's (or subdistrict's) seekers who want work."""

    wanting: int = 0
    in_work: int = 0
    households: dict[str, bool] = field(default_factory=dict)

    def add(self, household: str | None, working: bool) -> None:
        self.wanting += 1
        self.in_work += working
        if household is not None:
            self.households[household] = self.households.get(household, False) or working

    @property
    def zero_households(self) -> int:
        return sum(not working for working in self.households.values())

    def meets(self, settings: Settings) -> bool:
        share = self.in_work / self.wanting if self.wanting else 0.0
        return (
            self.wanting >= settings.full_employment_min_seekers
            and share >= settings.full_employment_share
            and self.zero_households == 0
        )


def _tallies(wanting: Sequence[Any], holding: set[int], *, current: bool) -> dict[int, _Tally]:
    tallies: dict[int, _Tally] = {}
    placed = SeekerStatus.placed
    for seeker_id, community_id, household_ref, status in wanting:
        working = seeker_id in holding or (current and status == placed)
        tally = tallies.get(community_id)
        if tally is None:
            tally = tallies[community_id] = _Tally()
        tally.add(household_ref, working)
    return tallies


def _community_row(community: Any, tally: _Tally, settings: Settings) -> CommunityRow:
    meets = tally.meets(settings)
    return CommunityRow(
        key=community.code,
        label=community.name,
        parent=community.subdistrict,
        communities=1,
        communities_meeting=int(meets),
        seekers_wanting_work=tally.wanting,
        seekers_in_work=tally.in_work,
        share_in_work=ratio(tally.in_work, tally.wanting),
        households=len(tally.households),
        zero_employment_households=tally.zero_households,
        meets_criterion=meets,
    )


def _subdistrict_rows(rows: Sequence[tuple[Any, CommunityRow]]) -> list[CommunityRow]:
    sums: dict[str, CommunityRow] = {}
    for community, row in rows:
        total = sums.setdefault(
            community.subdistrict_code,
            CommunityRow(
                key=community.subdistrict_code,
                label=community.subdistrict,
                communities=0,
                communities_meeting=0,
                seekers_wanting_work=0,
                seekers_in_work=0,
                share_in_work=None,
                households=0,
                zero_employment_households=0,
                meets_criterion=None,
            ),
        )
        total.communities += 1
        total.communities_meeting += row.communities_meeting
        total.seekers_wanting_work += row.seekers_wanting_work
        total.seekers_in_work += row.seekers_in_work
        total.households += row.households
        total.zero_employment_households += row.zero_employment_households
    for total in sums.values():
        total.share_in_work = ratio(total.seekers_in_work, total.seekers_wanting_work)
    return [sums[key] for key in sorted(sums)]


def _scope_tallies(ctx: ServiceContext, query: ReportQuery) -> dict[int, _Tally]:
    wanting = registers.seekers_wanting_work(ctx.session, query.flt)
    holding = registers.seekers_holding_a_hire(ctx.session, query.flt)
    return _tallies(wanting, holding, current=query.is_current)


def communities_meeting(ctx: ServiceContext, query: ReportQuery) -> int:
    """How many communities in scope meet the criterion at the end of the period."""
    return sum(tally.meets(ctx.settings) for tally in _scope_tallies(ctx, query).values())


def full_employment_report(
    ctx: ServiceContext,
    *,
    start: date | None = None,
    end: date | None = None,
    group_by: CommunityGroup = CommunityGroup.community,
    subdistrict_id: int | None = None,
) -> FullEmploymentReport:
    """Which communities meet the full-employment criterion at the end of the period."""
    query = prepare(ctx, start=start, end=end, subdistrict_id=subdistrict_id)
    settings = ctx.settings
    tallies = _scope_tallies(ctx, query)
    pairs = [
        (community, _community_row(community, tallies[community.id], settings))
        for community in registers.communities(ctx.session, query.flt)
        if community.id in tallies
    ]
    if group_by is CommunityGroup.community:
        rows = [row for _, row in pairs]
    else:
        rows = _subdistrict_rows(pairs)
    community_rows = [row for _, row in pairs]
    return FullEmploymentReport(
        **envelope(
            ctx,
            query,
            report="full_employment",
            title=TITLES["full_employment"],
            group_by=group_by.value,
        ),
        criterion=criterion(settings, ctx.locale),
        rows=rows,
        communities_assessed=sum(
            row.seekers_wanting_work >= settings.full_employment_min_seekers
            for row in community_rows
        ),
        communities_meeting=sum(row.communities_meeting for row in community_rows),
        seekers_wanting_work=sum(row.seekers_wanting_work for row in community_rows),
        seekers_in_work=sum(row.seekers_in_work for row in community_rows),
        zero_employment_households=sum(row.zero_employment_households for row in community_rows),
    )
