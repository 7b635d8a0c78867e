"""What a demo seeker can do and when: skill profiles, availability, travel and pay.

A seeker has a *role* (homebound, caring for children or elders, or free to go
out) and a main *trade profile* (garment, handicraft, assembly...). Roles shape
hours, travel and pay; profiles pick coherent skills, weighted towards what
肥城's micro-factories and workshops ask for.
"""

from __future__ import annotations

import random
from decimal import Decimal

from matching.demo.records import SeekerSkillRecord
from matching.demo.sampling import SkillBook
from matching.demo.schedules import pattern
from matching.engine.weekly import WeekSlots
from matching.enums import PayUnit, TravelMode

__all__ = ["PROFILES", "availability", "min_pay", "pick_profile", "seeker_skills", "travel"]

PROFILES: dict[str, dict[str, float]] = {
    "garment": {
        "sewing": 5,
        "overlock_sewing": 2,
        "ironing": 1.5,
        "thread_trimming": 2,
        "garment_cutting": 1,
        "buttonhole_sewing": 1,
        "hand_sewing": 2,
        "glove_making": 1.5,
        "bag_making": 0.7,
        "home_textile_sewing": 0.7,
        "clothing_alteration": 0.8,
        "quality_inspection": 1,
    },
    "handicraft": {
        "willow_weaving": 3,
        "beading": 2.5,
        "rhinestone_setting": 1.2,
        "peach_wood_carving": 1.5,
        "wig_making": 2,
        "hair_product_processing": 0.8,
        "embroidery": 1.5,
        "cross_stitch": 1.5,
        "sweater_knitting": 2,
        "crochet": 1.5,
        "chinese_knot": 1,
        "straw_weaving": 1,
        "artificial_flower": 0.8,
        "plush_toy_making": 0.8,
        "cloth_shoe_making": 1,
        "paper_cutting": 0.5,
    },
    "assembly": {
        "electronic_assembly": 3,
        "small_parts_assembly": 2.5,
        "line_work": 2.5,
        "wire_harness": 1.5,
        "soldering": 1,
        "coil_winding": 0.6,
        "packaging": 2,
        "quality_inspection": 1.5,
        "paper_box_making": 0.8,
    },
    "food": {
        "dumpling_making": 2,
        "steamed_bun_making": 2,
        "pastry": 1.5,
        "jianbing_making": 1.5,
        "peach_processing": 2,
        "fruit_grading": 1.5,
        "food_packaging": 2,
        "vegetable_processing": 1,
        "tofu_making": 0.5,
        "meat_processing": 0.5,
    },
    "farm": {
        "harvesting": 3,
        "fruit_thinning_bagging": 3,
        "fruit_tree_pruning": 2,
        "greenhouse_farming": 2,
        "field_crops": 2.5,
        "pesticide_spraying": 1,
        "grafting": 0.8,
        "pollination": 1,
        "poultry_raising": 0.6,
        "livestock_raising": 0.6,
        "mushroom_growing": 0.5,
        "farm_machinery": 0.6,
    },
    "logistics": {
        "loading_unloading": 3,
        "express_sorting": 3,
        "courier": 2,
        "food_delivery": 2,
        "delivery_helper": 1.5,
        "order_picking": 1.5,
        "warehouse_keeping": 1,
        "forklift": 1,
        "parcel_station": 1,
    },
    "care": {
        "housekeeping_cleaning": 4,
        "elderly_care": 3,
        "babysitting": 2,
        "infant_care": 1,
        "patient_care": 1.5,
        "home_cooking": 2.5,
        "maternity_care": 0.7,
        "live_in_nanny": 0.8,
    },
    "catering": {"kitchen_helper": 3, "cook": 2, "dishwashing": 2, "waiter": 2.5},
    "retail": {
        "cashier": 3,
        "shop_assistant": 2.5,
        "shelf_stocking": 2,
        "promotion": 1,
        "livestream_selling": 0.6,
        "market_stall": 1,
    },
    "building": {
        "construction_labor": 4,
        "bricklaying": 2,
        "painting": 1.5,
        "plumbing_electrical": 1,
        "electrician": 0.8,
        "carpentry": 1,
        "welding": 1,
        "steel_structure": 0.5,
    },
    "property": {
        "property_cleaning": 3,
        "security_guard": 3,
        "street_sweeping": 1.5,
        "greening": 1.5,
        "parking_attendant": 1,
    },
    "digital": {
        "customer_service": 2,
        "data_entry": 2,
        "office_software": 2,
        "data_annotation": 1,
        "online_store": 1,
        "short_video": 1,
        "smartphone": 1,
    },
}

_ROLE_PROFILES: dict[str, dict[str, float]] = {
    "homebound": {"handicraft": 5, "garment": 2.5, "digital": 1, "food": 0.8, "assembly": 1},
    "caregiver": {
        "garment": 3,
        "handicraft": 3,
        "assembly": 2.5,
        "food": 1.5,
        "care": 1.5,
        "retail": 1,
        "catering": 1,
        "digital": 0.5,
    },
    "female": {
        "garment": 3,
        "handicraft": 1.5,
        "assembly": 2.5,
        "food": 2,
        "care": 2,
        "catering": 1.3,
        "retail": 1.2,
        "farm": 1.5,
        "property": 1,
        "logistics": 0.3,
        "digital": 0.6,
    },
    "male": {
        "logistics": 3,
        "building": 3,
        "farm": 2,
        "assembly": 2,
        "property": 1.5,
        "food": 0.7,
        "catering": 0.7,
        "retail": 0.5,
        "garment": 0.6,
        "digital": 0.5,
        "handicraft": 0.5,
    },
}
_OLDER = {"farm": 2.0, "property": 2.0, "handicraft": 1.5, "digital": 0.2, "logistics": 0.5}
_YOUNGER = {"digital": 3.0, "retail": 1.5, "logistics": 1.5, "farm": 0.3, "handicraft": 0.5}


def pick_profile(rng: random.Random, *, role: str, female: bool, age: int) -> str:
    """Draw a trade profile for a seeker of this role, sex and age."""
    key = role if role in ("homebound", "caregiver") else ("female" if female else "male")
    boost = _OLDER if age >= 55 else _YOUNGER if age < 30 else {}
    weights = {name: w * boost.get(name, 1.0) for name, w in _ROLE_PROFILES[key].items()}
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _level_and_years(rng: random.Random, age: int) -> tuple[int, int | None]:
    most = max(age - 16, 0)
    band = rng.random()
    years = (
        rng.randint(0, 2)
        if band < 0.3
        else rng.randint(3, 10)
        if band < 0.75
        else rng.randint(10, 30)
    )
    years = min(years, most)
    if years < 2:
        level = 1
    elif years < 8:
        level = 2 if rng.random() < 0.5 else 1
    else:
        level = 3 if rng.random() < 0.4 else 2
    return level, (None if rng.random() < 0.1 else years)


def seeker_skills(
    rng: random.Random, book: SkillBook, *, profile: str, role: str, female: bool, age: int
) -> tuple[SeekerSkillRecord, ...]:
    """One to four coherent skills: mostly from ``profile``, maybe one from another."""
    count = rng.choices((1, 2, 3, 4), weights=(0.3, 0.35, 0.25, 0.1))[0]
    main = PROFILES[profile]
    codes = _distinct(rng, main, min(count, len(main)))
    if count >= 2 and rng.random() < 0.35:
        other = pick_profile(rng, role=role, female=female, age=age)
        codes[-1:] = _distinct(rng, PROFILES[other], 1)
    if rng.random() < 0.15:
        codes.append("smartphone" if age < 50 else "physical_labor" if not female else "literacy")
    ids = book.ids(codes[:4]) or [book.fallback_id]
    links = []
    for skill_id in ids:
        level, years = _level_and_years(rng, age)
        links.append(SeekerSkillRecord(skill_id=skill_id, level=level, years=years))
    return tuple(links)


def _distinct(rng: random.Random, weights: dict[str, float], count: int) -> list[str]:
    pool = dict(weights)
    picked: list[str] = []
    while pool and len(picked) < count:
        code = rng.choices(list(pool), weights=list(pool.values()))[0]
        picked.append(code)
        del pool[code]
    return picked


_GENERAL_HOURS = {
    "long_day": 30,
    "weekday_day": 15,
    "weekdays_plus_weekend_mornings": 10,
    "all_week": 8,
    "mornings": 9,
    "afternoons": 5,
    "evenings": 9,
    "weekends": 7,
}
_PROFILE_HOURS = {
    "logistics": {"overnight": 30, "long_day": 25, "meal_peaks": 20, "all_week": 10},
    "farm": {"farm_days": 40, "all_week": 30, "long_day": 20, "mornings": 10},
    "catering": {"meal_peaks": 35, "long_day": 25, "evenings": 20, "weekends": 10},
    "property": {"security_nights": 25, "long_day": 40, "mornings": 20},
}


def availability(rng: random.Random, *, role: str, profile: str, elder_care: bool) -> WeekSlots:
    """Weekly hours for this role and trade (never empty)."""
    if role == "homebound":
        choices = {"at_home": 60, "at_home_daytime": 40}
    elif role == "caregiver" and elder_care:
        choices = {"elder_care_gaps": 50, "mornings": 25, "afternoons": 25}
    elif role == "caregiver":
        choices = {"school_hours": 75, "mornings": 15, "weekends": 10}
    else:
        special = _PROFILE_HOURS.get(profile) if rng.random() < 0.6 else None
        choices = special or _GENERAL_HOURS
    key = rng.choices(list(choices), weights=list(choices.values()))[0]
    slots = pattern(key)
    if role == "caregiver" and key == "school_hours" and rng.random() < 0.2:
        slots |= pattern("weekends")
    return slots


_TRAVEL_RANGES = {
    TravelMode.walk: (1.0, 2.0),
    TravelMode.bike: (3.0, 5.0),
    TravelMode.ebike: (5.0, 12.0),
    TravelMode.bus: (8.0, 20.0),
}


def travel(rng: random.Random, *, role: str, age: int) -> tuple[TravelMode, float]:
    """How the seeker travels and how far (km, in half kilometres)."""
    if role == "homebound":
        return TravelMode.walk, rng.choices((0.0, 0.5, 1.0), weights=(0.3, 0.3, 0.4))[0]
    if role == "caregiver":
        modes = {TravelMode.walk: 35, TravelMode.ebike: 50, TravelMode.bike: 15}
    elif age < 30:
        modes = {TravelMode.ebike: 50, TravelMode.bus: 30, TravelMode.bike: 10, TravelMode.walk: 10}
    elif age < 55:
        modes = {TravelMode.ebike: 60, TravelMode.bus: 15, TravelMode.bike: 10, TravelMode.walk: 15}
    else:
        modes = {TravelMode.walk: 35, TravelMode.bike: 25, TravelMode.ebike: 30, TravelMode.bus: 10}
    mode = rng.choices(list(modes), weights=list(modes.values()))[0]
    low, high = _TRAVEL_RANGES[mode]
    if role == "caregiver":
        high = min(high, 8.0)
    return mode, rng.randint(int(low * 2), int(high * 2)) / 2


def _amount(rng: random.Random, low: float, high: float, step: float) -> Decimal:
    value = low + step * rng.randint(0, round((high - low) / step))
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


def min_pay(
    rng: random.Random, *, role: str, full_days: bool
) -> tuple[Decimal | None, PayUnit | None]:
    """The lowest pay the seeker accepts, or none stated."""
    if role == "homebound":
        units = {None: 50, PayUnit.piece: 25, PayUnit.hour: 25}
    elif full_days:
        units = {None: 20, PayUnit.month: 45, PayUnit.day: 35}
    else:
        units = {None: 30, PayUnit.hour: 55, PayUnit.day: 15}
    unit = rng.choices(list(units), weights=list(units.values()))[0]
    if unit is PayUnit.piece:
        return _amount(rng, 0.3, 3.0, 0.1), unit
    if unit is PayUnit.hour:
        return _amount(rng, 14, 25 if role != "homebound" else 18, 1), unit
    if unit is PayUnit.day:
        return _amount(rng, 100, 200, 10), unit
    if unit is PayUnit.month:
        return _amount(rng, 2000, 4500, 100), unit
    return None, None
