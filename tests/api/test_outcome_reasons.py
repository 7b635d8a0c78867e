"""A no-show or leaving early may say why; the outcome report counts each reason."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from matching.enums import ProposalStatus, ReasonCode
from matching.services.context import ServiceContext
from matching.services.proposals import ABSENCE_REASONS, reasons_for
from tests.api.helpers import problem_fields
from tests.support.factories import make_employer, make_posting, make_seeker, make_station

URL = "/api/v1/proposals"


def _accepted(client: TestClient, ctx: ServiceContext, *, headcount: int = 3) -> int:
    station = make_station(ctx)
    posting = make_posting(ctx, employer_id=make_employer(ctx).id, headcount=headcount)
    seeker = make_seeker(ctx, station_id=station.id)
    made = client.post(URL, json={"seeker_id": seeker.id, "posting_id": posting.id})
    assert made.status_code == 201, made.text
    proposal = int(made.json()["id"])
    assert _move(client, proposal, "accepted").status_code == 200
    return proposal


def _move(client: TestClient, proposal: int, status: str, **extra: Any) -> Any:
    return client.post(f"{URL}/{proposal}/outcomes", json={"status": status, **extra})


@pytest.mark.parametrize(
    ("status", "takes"),
    [
        (ProposalStatus.no_show, ABSENCE_REASONS),
        (ProposalStatus.left_early, ABSENCE_REASONS),
        (ProposalStatus.completed, frozenset()),
        (ProposalStatus.hired, frozenset()),
        (ProposalStatus.accepted, frozenset()),
    ],
)
def test_which_outcomes_take_which_reasons(
    status: ProposalStatus, takes: frozenset[ReasonCode]
) -> None:
    assert reasons_for(status) == takes


def test_absence_reasons_are_the_ones_clerks_hear() -> None:
    assert {reason.value for reason in ABSENCE_REASONS} == {
        "health",
        "family",
        "pay",
        "conditions",
        "transport",
        "other",
    }


def test_a_no_show_keeps_its_reason(client: TestClient, ctx: ServiceContext) -> None:
    proposal = _accepted(client, ctx)

    answer = _move(client, proposal, "no_show", reason_code="family")

    assert answer.status_code == 200, answer.text
    assert answer.json()["reason_code"] == "family"
    assert answer.json()["events"][-1]["reason_code"] == "family"


def test_a_no_show_needs_no_reason(client: TestClient, ctx: ServiceContext) -> None:
    proposal = _accepted(client, ctx)

    answer = _move(client, proposal, "no_show")

    assert answer.status_code == 200 and answer.json()["reason_code"] is None


def test_leaving_early_keeps_its_reason(client: TestClient, ctx: ServiceContext) -> None:
    proposal = _accepted(client, ctx)
    assert _move(client, proposal, "hired").status_code == 200

    answer = _move(client, proposal, "left_early", reason_code="transport")

    assert answer.status_code == 200 and answer.json()["reason_code"] == "transport"


def test_a_reason_that_does_not_fit_the_outcome_is_refused_naming_it(
    client: TestClient, ctx: ServiceContext
) -> None:
    proposal = _accepted(client, ctx)

    wrong = _move(client, proposal, "no_show", reason_code="skills")
    none_taken = _move(client, proposal, "hired", reason_code="health")

    assert wrong.status_code == 422 and problem_fields(wrong) == ["reason_code"]
    assert none_taken.status_code == 422 and problem_fields(none_taken) == ["reason_code"]
    assert "原因" in none_taken.json()["errors"][0]["message"]


def test_the_outcome_report_counts_absences_by_reason(
    client: TestClient, ctx: ServiceContext
) -> None:
    for reason in ("family", "family", "health"):
        assert _move(client, _accepted(client, ctx), "no_show", reason_code=reason).is_success
    assert _move(client, _accepted(client, ctx), "no_show").is_success

    report = client.get("/api/v1/reports/outcomes").json()

    counts = {row["key"]: row["proposals"] for row in report["rows"]}
    assert counts["no_show:family"] == 2
    assert counts["no_show:health"] == 1
    assert counts["no_show"] == 1
    labels = {row["key"]: row["label"] for row in report["rows"]}
    assert "家庭原因" in labels["no_show:family"]
