"""Placement plans: the best assignment of a scope's seekers to open postings."""

from __future__ import annotations

from fastapi import APIRouter

from matching.api.dependencies import ContextDep
from matching.api.problems import PROBLEM_RESPONSES
from matching.schemas.plans import PlanCreate, PlanPublic
from matching.services.plans import plan_placements

router = APIRouter(prefix="/plans", tags=["plans"], responses=PROBLEM_RESPONSES)


@router.post("")
def create_plan(ctx: ContextDep, body: PlanCreate) -> PlanPublic:
    """Propose an optimal assignment under headcount; clerks turn lines into proposals.

    Each seeker gets at most one line and each posting at most its remaining
    vacancies; the total match score is maximal (an OR-Tools min-cost flow on each
    posting's best candidates). Clerks plan their own stations and communities;
    the whole city is for administrators. Nothing is stored.
    """
    return plan_placements(ctx, body)
