"""Referral cards do not give a seeker's home away, however many of them a clerk collects.

The attacker is a clerk of another subdistrict who knows which cards are hers (the test
grants what the opaque references deny) and where every posting is. From those cards he
fits her home two ways: a least-squares fit of the bands' midpoints, and the centre of the
region consistent with every band. Neither may come nearer to her home than the width of
a distance band (2 km).
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from matching.engine.factors import haversine_km
from matching.enums import Role
from matching.services.context import ServiceContext
from matching.services.explanations import BANDS
from tests.support.auth import bearer, make_user, token_for
from tests.support.factories import (
    community,
    make_employer,
    make_posting,
    make_seeker,
    make_station,
)

ROAD_FACTOR = 1.3  # public: the README documents it
BAND_WIDTH_KM = 2.0
POSTINGS = 24
KM_PER_DEGREE = 111.32
SLACK_KM = 0.1


def _band_bounds(text: str) -> tuple[float, float]:
    lower = 0.0
    for limit, band in BANDS:
        if text == band.render("zh_CN"):
            return lower, limit
        lower = limit
    return lower, 60.0


def _offset(origin: tuple[float, float], east_km: float, north_km: float) -> tuple[float, float]:
    lat, lon = origin
    return (
        lat + north_km / KM_PER_DEGREE,
        lon + east_km / (KM_PER_DEGREE * math.cos(math.radians(lat))),
    )


@pytest.fixture
def victim(ctx: ServiceContext) -> dict[str, Any]:
    """One seeker with a surveyed home, postings all round her, a clerk of another town."""
    home_community = community(ctx.session)
    station = make_station(ctx, community_code=home_community.code)
    home = _offset((home_community.lat, home_community.lon), 0.37, -0.21)
    seeker = make_seeker(
        ctx,
        station_id=station.id,
        community_id=home_community.id,
        name="刘桂香",
        lat=home[0],
        lon=home[1],
        max_travel_km=12,
        availability={day: ["06:00-22:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
    )
    employer = make_employer(ctx)
    rng = random.Random(7)
    postings = {}
    for _ in range(POSTINGS):
        km, angle = rng.uniform(0.3, 7.0), rng.uniform(0, 2 * math.pi)
        place = _offset(home, km * math.cos(angle), km * math.sin(angle))
        posting = make_posting(ctx, employer_id=employer.id, lat=place[0], lon=place[1])
        postings[posting.id] = place
    outsider_station = make_station(ctx, community_code="370983105001")
    outsider = token_for(ctx, make_user(ctx, role=Role.clerk, station_id=outsider_station.id))
    return {"home": home, "postings": postings, "token": outsider, "seeker": seeker.id}


def _collect(anonymous: TestClient, victim: dict[str, Any], **params: Any) -> dict[int, Any]:
    cards = {}
    for posting_id in victim["postings"]:
        body = anonymous.get(
            f"/api/v1/postings/{posting_id}/matches",
            headers=bearer(victim["token"]),
            params=params,
        ).json()
        assert body["items"] == []  # nobody of the outsider's own scope
        if body["referrals"]:
            (cards[posting_id],) = body["referrals"]
    return cards


def _fits(victim: dict[str, Any], cards: dict[int, Any]) -> tuple[float, float]:
    """Errors (km) of the least-squares fit and of the centre of the feasible region.

    Both search a 50 m grid 12 km round her home, vectorised over every guess.
    """
    home = victim["home"]
    steps = np.arange(-12.0, 12.0001, 0.05)
    east, north = np.meshgrid(steps, steps)
    lat = home[0] + north / KM_PER_DEGREE
    lon = home[1] + east / (KM_PER_DEGREE * math.cos(math.radians(home[0])))
    squared = np.zeros_like(east)
    inside = np.ones(east.shape, dtype=bool)
    for posting_id, card in cards.items():
        low, high = _band_bounds(card["referral"]["distance_band"])
        km = _haversine(lat, lon, *victim["postings"][posting_id]) * ROAD_FACTOR
        squared += (km - (low + high) / 2) ** 2
        # 100 m of slack: with many cards the exact region can be narrower than the grid.
        inside &= (low - SLACK_KM <= km) & (km < high + SLACK_KM)
    best = np.unravel_index(np.argmin(squared), squared.shape)
    assert inside.any(), "the bands must at least be consistent with one point"
    centre = (float(east[inside].mean()), float(north[inside].mean()))
    return math.hypot(east[best], north[best]), math.hypot(*centre)


def _haversine(lat: Any, lon: Any, lat2: float, lon2: float) -> Any:
    phi = np.radians(lat2 - lat) / 2
    lam = np.radians(lon2 - lon) / 2
    a = np.sin(phi) ** 2 + np.cos(np.radians(lat)) * math.cos(math.radians(lat2)) * np.sin(lam) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(1.0, a)))


def test_outside_clerk_cannot_fit_her_home_from_referral_cards(
    anonymous: TestClient, victim: dict[str, Any]
) -> None:
    cards = _collect(anonymous, victim)

    assert len(cards) == POSTINGS
    least_squares, region = _fits(victim, cards)
    assert least_squares >= BAND_WIDTH_KM, least_squares
    assert region >= BAND_WIDTH_KM, region


def test_referral_cards_carry_no_score_factor_or_id(
    anonymous: TestClient, victim: dict[str, Any]
) -> None:
    cards = _collect(anonymous, victim)

    for card in cards.values():
        assert set(card) == {"rank", "referral", "explanation", "spoken"}
        assert set(card["referral"]) == {
            "station_id",
            "station_name",
            "distance_band",
            "skills",
            "referral_ref",
        }
        text = "".join(
            card[key][lang] for key in ("explanation", "spoken") for lang in ("zh", "en")
        )
        assert "分钟" not in text and "min" not in text and "%" not in text
        assert card["explanation"]["zh"].count("公里") == 1  # the band, nothing finer
        assert card["spoken"]["zh"].count("公里") == 1


def test_referral_references_are_opaque_and_unlinkable(
    anonymous: TestClient, victim: dict[str, Any]
) -> None:
    first, again = _collect(anonymous, victim), _collect(anonymous, victim)

    refs = [card["referral"]["referral_ref"] for card in (*first.values(), *again.values())]
    assert len(set(refs)) == len(refs)  # every card, even the same one twice, differs
    for ref in refs:
        assert f"{victim['seeker']}." not in ref and not ref[3:].isdigit()
    # Beyond the version prefix and the key id, no two references share a beginning.
    prefixes = {ref[:8] for ref in refs}
    assert len(prefixes) > len(refs) * 0.9


def test_radius_filter_follows_the_band_not_her_real_distance(
    anonymous: TestClient, victim: dict[str, Any]
) -> None:
    """A clerk who narrows the radius step by step learns only what the bands say."""
    everything = _collect(anonymous, victim)
    home = victim["home"]
    disagreements = 0
    for radius in (1.0, 2.0, 3.0, 4.0, 6.0):
        seen = set(_collect(anonymous, victim, radius_km=radius))
        for posting_id, card in everything.items():
            low, high = _band_bounds(card["referral"]["distance_band"])
            if high <= radius:
                assert posting_id in seen
            if low > radius:
                assert posting_id not in seen
            real_km = haversine_km(*home, *victim["postings"][posting_id]) * ROAD_FACTOR
            disagreements += (posting_id in seen) != (real_km <= radius)
    assert disagreements > 0  # the filter did not measure her real distance


def test_min_score_does_not_filter_referral_cards(
    anonymous: TestClient, victim: dict[str, Any]
) -> None:
    """A threshold on a hidden score would measure it: referral cards ignore it."""
    assert _collect(anonymous, victim, min_score=99).keys() == _collect(anonymous, victim).keys()
