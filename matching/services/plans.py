"""Placement plans: the best assignment of a scope's seekers to open postings.

A plan takes the active, consented seekers of a station (registered there), a
community (living there) or the whole city, and the open postings with vacancies
left, and proposes at most one posting per seeker and at most ``headcount - hires``
seekers per posting, maximising the total match score:

1. the candidate graph (``engine.candidates.build_candidates``): each posting's top
   ``K`` seekers as its match list would rank them, fairness adjustments included;
2. the optimal assignment on it (``engine.assignment.optimal_assignment``, an
   OR-Tools min-cost flow);
3. each chosen pair re-scored with ``score_pair`` and shown as in match lists (cards
   scoped and masked, factors, explanation).

Plans are not stored: clerks turn the lines they choose into proposals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy import select

from matching.db.models import Community, Posting, Seeker, Station
from matching.engine.assignment import optimal_assignment
from matching.engine.candidates import build_candidates
from matching.engine.config import MatchConfig
from matching.engine.results import Match
from matching.engine.scoring import score_pair
from matching.errors import FieldProblem, Forbidden, InvalidInput, NotFound
from matching.i18n import Text
from matching.schemas.matches import Explanation
from matching.schemas.plans import PlanCreate, PlanLine, PlanPublic, PlanTotals
from matching.services.context import ServiceContext
from matching.services.match_cards import (
    CardSeeker,
    load_card_seekers,
    load_referral_stations,
    posting_item,
    referral_item,
    seeker_item,
)
from matching.services.match_index import Taxonomy
from matching.services.models import active_match_config
from matching.services.reliability import employer_reliability
from matching.services.scope import require_community_in_scope, seeker_visible

SOLVER: Final = "ortools-min-cost-flow"
WORKERS: Final = 2
"""Threads building the candidate graph (the engine's numpy work releases the GIL)."""


@dataclass(frozen=True, slots=True)
class _Solved:
    """The engine's answer: chosen pairs, exactly re-scored, and what was considered."""

    matches: list[tuple[int, Match]]  # (posting id, match whose id is the seeker's)
    seekers: int
    postings: int
    vacancies: int
    taxonomy: Taxonomy
    skills: dict[int, tuple[tuple[int, int], ...]]  # (skill index, level) of each chosen seeker


SCOPES = {
    "station": Text("a station"),
    "community": Text("a community"),
    "city": Text("the whole city"),
}
"""What each planning scope is called, in "not used when planning for ..."."""


def _not_allowed(field: str, scope: str) -> InvalidInput:
    message = Text("Not used when planning for {scope}", scope=SCOPES[scope])
    return InvalidInput(field, "not_allowed", message)


def _required(field: str) -> InvalidInput:
    return InvalidInput(field, "required", Text("Required for this planning scope"))


def _station_seekers(ctx: ServiceContext, station_id: int) -> list[int]:
    station = ctx.session.get(Station, station_id)
    if station is None:
        raise NotFound("station", station_id, field="station_id")
    require_community_in_scope(ctx, station.community_id, field="station_id")
    statement = select(Seeker.id).where(Seeker.registered_station_id == station_id)
    return list(ctx.session.scalars(statement.where(Seeker.erased_at.is_(None))))


def _community_seekers(ctx: ServiceContext, community_id: int) -> list[int]:
    if ctx.session.get(Community, community_id) is None:
        raise NotFound("community", community_id, field="community_id")
    require_community_in_scope(ctx, community_id, field="community_id")
    statement = select(Seeker.id).where(Seeker.community_id == community_id)
    return list(ctx.session.scalars(statement.where(Seeker.erased_at.is_(None))))


def scope_seekers(ctx: ServiceContext, body: PlanCreate) -> list[int] | None:
    """Check the scope against the caller's; return its seeker ids (None: everyone)."""
    if body.scope == "station":
        if body.community_id is not None:
            raise _not_allowed("community_id", "station")
        if body.station_id is None:
            raise _required("station_id")
        return _station_seekers(ctx, body.station_id)
    if body.station_id is not None:
        raise _not_allowed("station_id", body.scope)
    if body.scope == "community":
        if body.community_id is None:
            raise _required("community_id")
        return _community_seekers(ctx, body.community_id)
    if body.community_id is not None:
        raise _not_allowed("community_id", "city")
    if ctx.actor is not None and not ctx.actor.city_wide:
        message = Text("Only administrators plan the whole city")
        raise Forbidden(message, problems=(FieldProblem("scope", "out_of_scope", message),))
    return None


def _solve(
    ctx: ServiceContext, body: PlanCreate, seeker_ids: list[int] | None, config: MatchConfig
) -> _Solved:
    min_score = None if body.min_score is None else body.min_score / 100.0
    index = ctx.match_index
    if index is None:
        raise RuntimeError("no match index in this context")
    with index.fresh(ctx.session, today=ctx.today) as fresh:
        seekers, postings, taxonomy = fresh.seekers_, fresh.postings_, fresh.taxonomy_
        assert seekers is not None and postings is not None and taxonomy is not None
        view = postings.arrays()
        records = [postings.record(int(i)) for i in view.ids[view.present].tolist()]
        graph = build_candidates(
            seekers, records, taxonomy.graph,
            config=config, today=ctx.today, limit=body.limit_per_posting,
            min_score=min_score, seeker_ids=seeker_ids, workers=WORKERS,
        )  # fmt: skip
        plan = optimal_assignment(
            graph.edge_seeker, graph.edge_posting, graph.edge_score, graph.capacity
        )
        matches, skills = [], {}
        for edge in plan.chosen.tolist():
            posting_id = int(graph.posting_ids[graph.edge_posting[edge]])
            seeker = seekers.record(int(graph.edge_seeker[edge]))
            found = score_pair(
                seeker, postings.record(posting_id), taxonomy.graph, config=config, today=ctx.today
            )
            if isinstance(found, Match):  # always, bar a distance an ulp from a limit
                matches.append((posting_id, found))
                skills[found.id] = tuple(seeker.skills)
    return _Solved(
        matches=matches,
        seekers=graph.n_seekers,
        postings=int(graph.posting_ids.size),
        vacancies=int(graph.capacity.sum()),
        taxonomy=taxonomy,
        skills=skills,
    )


def _lines(ctx: ServiceContext, solved: _Solved) -> list[PlanLine]:
    chosen = sorted(solved.matches, key=lambda item: (item[0], -item[1].score, item[1].id))
    seekers = load_card_seekers(ctx, [match.id for _p, match in chosen])
    # No line for anyone whose data-use consent is not current (the index agrees; this
    # reads the committed state of this very transaction).
    chosen = [(p, match) for p, match in chosen if seekers[match.id].data_use]
    stations = load_referral_stations(ctx, seekers.values())
    posting_ids = sorted({posting_id for posting_id, _m in chosen})
    rows = ctx.session.scalars(select(Posting).where(Posting.id.in_(posting_ids)))
    postings = {row.id: row for row in rows}
    employers = employer_reliability(ctx, sorted({p.employer_id for p in postings.values()}))
    lines = []
    for number, (posting_id, match) in enumerate(chosen, start=1):
        posting, seeker = postings[posting_id], seekers[match.id]
        work = posting_item(
            number, match, posting, solved.taxonomy.name, employers[posting.employer_id]
        )
        line = PlanLine(
            line=number,
            posting=work.posting,
            employer_reliability=work.employer_reliability,
            seeker=None,
            referral=None,
            reliability=None,
            score=None,
            priority=None,
            distance_km=None,
            travel_minutes=None,
            factors=[],
            explanation=Explanation(zh="", en=""),
            spoken=Explanation(zh="", en=""),
        )
        lines.append(_fill_line(ctx, line, match, seeker, stations, solved, posting))
    return lines


def _fill_line(
    ctx: ServiceContext,
    line: PlanLine,
    match: Match,
    seeker: CardSeeker,
    stations: dict[int, Station],
    solved: _Solved,
    posting: Posting,
) -> PlanLine:
    """The seeker's side of a line: a full card in scope, a referral card outside it."""
    held, taxonomy = solved.skills[seeker.id], solved.taxonomy
    if not seeker_visible(ctx, seeker):
        station = stations[seeker.registered_station_id]
        card = referral_item(ctx, line.line, match, seeker, held, station, taxonomy, posting)
        return line.model_copy(
            update={
                "referral": card.referral,
                "explanation": card.explanation,
                "spoken": card.spoken,
            }
        )
    item = seeker_item(ctx, line.line, match, seeker, held, taxonomy, posting)
    return line.model_copy(
        update={
            "seeker": item.seeker,
            "reliability": item.reliability,
            "score": item.score,
            "priority": item.priority,
            "distance_km": item.distance_km,
            "travel_minutes": item.travel_minutes,
            "factors": item.factors,
            "explanation": item.explanation,
            "spoken": item.spoken,
        }
    )


def plan_placements(ctx: ServiceContext, body: PlanCreate) -> PlanPublic:
    """Propose the best assignment of the scope's seekers to open postings (not stored)."""
    seeker_ids = scope_seekers(ctx, body)
    config, model = active_match_config(ctx)
    solved = _solve(ctx, body, seeker_ids, config)
    lines = _lines(ctx, solved)
    totals = PlanTotals(
        lines=len(lines),
        total_score=round(sum(m.score for _p, m in solved.matches) * 100, 1),
        seekers_considered=solved.seekers,
        postings_considered=solved.postings,
        vacancies_considered=solved.vacancies,
    )
    return PlanPublic(
        scope=body.scope,
        station_id=body.station_id,
        community_id=body.community_id,
        model=model,
        solver=SOLVER,
        lines=lines,
        totals=totals,
    )
