"""Distances shown to people who may not learn where a seeker lives.

A clerk of another subdistrict (referral cards) and an employer before a hire see how far
a seeker is only as a band ("1–3 公里"). A band computed from her home would still give
her home away: bands from a few dozen postings at known places intersect in a small area,
and a least-squares fit of their midpoints lands within metres of her door. So those bands
are measured from her *cloak point* instead: a point 2.5–3 km from her home in a direction
and at a distance fixed per seeker by a keyed hash. However many bands anyone collects,
they converge on the cloak point, which is never nearer to her home than 2.5 km: more than
the 2 km width of the common bands, with room for a fit's error. The point is stable (a
fresh one per request would average out) and secret (the key is the blind-index key), and
it is used for nothing else: ranking, hard limits and the clerk in scope use her real
distance.
"""

from __future__ import annotations

import math

from matching.engine.config import TravelModel
from matching.engine.factors import haversine_km
from matching.pii import PiiCipher

CLOAK_MIN_KM = 2.5
CLOAK_MAX_KM = 3.0
_KM_PER_DEGREE = 111.32
_ROAD_FACTOR = TravelModel().road_factor


def cloak_point(cipher: PiiCipher, seeker_uid: str, lat: float, lon: float) -> tuple[float, float]:
    """The seeker's cloak point: her home moved 2.5–3 km in a secret, fixed direction."""
    digest = cipher.blind_index(seeker_uid, field="seekers.cloak")
    angle = int(digest[:8], 16) / 0xFFFFFFFF * 2 * math.pi
    radius = CLOAK_MIN_KM + int(digest[8:16], 16) / 0xFFFFFFFF * (CLOAK_MAX_KM - CLOAK_MIN_KM)
    dlat = radius * math.cos(angle) / _KM_PER_DEGREE
    dlon = radius * math.sin(angle) / (_KM_PER_DEGREE * max(0.01, math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon


def outside_km(
    cipher: PiiCipher, seeker_uid: str, home: tuple[float, float], place: tuple[float, float]
) -> float:
    """Road km from the seeker's cloak point to ``place``: only ever shown as a band."""
    lat, lon = cloak_point(cipher, seeker_uid, *home)
    return haversine_km(lat, lon, *place) * _ROAD_FACTOR
