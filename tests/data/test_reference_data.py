"""Consistency checks for the reference data in ``data/``."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
REPO = DATA.parent
OCCUPATION_FILES = (DATA / "occupations" / "occupations_cn_2022.csv",)

SKILL_COLUMNS = [
    "code",
    "name_zh",
    "name_en",
    "category",
    "synonyms_zh",
    "synonyms_en",
    "occupation_code",
    "related",
]
# Each entry: alternatives, at least one must be a skill name or synonym.
REQUIRED_SKILLS = [
    ("缝纫",),
    ("锁边",),
    ("熨烫",),
    ("柳编",),
    ("串珠", "饰品加工"),
    ("电子元件组装",),
    ("包装",),
    ("质检",),
    ("家政保洁",),
    ("育婴",),
    ("养老护理",),
    ("搬运装卸",),
    ("快递分拣",),
    ("电动车维修",),
    ("帮厨",),
    ("农业采摘",),
    ("叉车",),
    ("草编",),
    ("刺绣",),
    ("十字绣",),
    ("编织毛衣",),
    ("手工皮具",),
    ("剪纸",),
    ("假发加工",),
    ("发制品",),
    ("面点",),
    ("水饺加工",),
    ("食品包装",),
    ("桃树修剪",),
    ("疏果套袋",),
    ("大棚种植",),
    ("收银",),
    ("直播带货",),
    ("理货",),
    ("水电维修",),
    ("瓦工",),
    ("油漆工",),
    ("保温",),
    ("电焊",),
    ("汽车美容",),
    ("保安",),
    ("物业保洁",),
    ("绿化养护",),
    ("电脑录入",),
    ("客服",),
    ("网店运营",),
    ("普通话沟通",),
    ("识字",),
]
# What clerks say -> the skill they mean: each must be that skill's name or a synonym, so
# that it reads as the skill exactly (not as a near match that a rival could tie).
COLLOQUIAL = {
    "踩缝纫机": "sewing",
    "缝纫机": "sewing",
    "缝纫工": "sewing",
    "串珠子": "beading",
    "中国结": "chinese_knot",
    "带孩子": "babysitting",
    "看孩子": "babysitting",
    "带娃": "babysitting",
    "看娃": "babysitting",
    "育婴师": "infant_care",
    "搞卫生": "housekeeping_cleaning",
    "做卫生": "housekeeping_cleaning",
    "保洁员": "property_cleaning",
    "做饭": "home_cooking",
    "烧饭": "home_cooking",
    "看老人": "elderly_care",
    "搬运": "loading_unloading",
    "装卸": "loading_unloading",
    "刷盘子": "dishwashing",
    "补衣服": "clothing_alteration",
    "摘苹果": "harvesting",
    "编草帽": "straw_weaving",
    "跑滴滴": "car_driving",
}
CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
OCCUPATION_RE = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")
COORD_RE = re.compile(r"^-?\d+\.\d{6}$")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def split(value: str) -> list[str]:
    return [v for v in value.split("|") if v] if value else []


# --- point in polygon (own implementation; tests must not import data/tools) ---

Ring = list[tuple[float, float]]


def boundary_rings() -> list[Ring]:
    doc = json.loads((DATA / "feicheng" / "boundary.geojson").read_text(encoding="utf-8"))
    rings: list[Ring] = []
    for feature in doc["features"]:
        geometry = feature["geometry"]
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        for polygon in polygons:
            for ring in polygon:
                rings.append([(float(x), float(y)) for x, y in ring])
    return rings


def point_in_rings(lon: float, lat: float, rings: list[Ring]) -> bool:
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


# --- fixtures ---


@pytest.fixture(scope="module")
def skills() -> list[dict[str, str]]:
    return read_csv(DATA / "skills.csv")


@pytest.fixture(scope="module")
def rings() -> list[Ring]:
    return boundary_rings()


@pytest.fixture(scope="module")
def towns() -> list[dict[str, str]]:
    return read_csv(DATA / "feicheng" / "towns.csv")


@pytest.fixture(scope="module")
def communities() -> list[dict[str, str]]:
    return read_csv(DATA / "feicheng" / "communities.csv")


# --- skills ---


def test_skills_header() -> None:
    assert header(DATA / "skills.csv") == SKILL_COLUMNS
    assert header(DATA / "skill_categories.csv") == ["code", "name_zh", "name_en"]


def test_at_least_150_skills(skills: list[dict[str, str]]) -> None:
    assert len(skills) >= 150


def test_skill_codes_unique_and_well_formed(skills: list[dict[str, str]]) -> None:
    codes = [s["code"] for s in skills]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    assert [c for c in codes if not CODE_RE.match(c)] == []


def test_skill_names_present_and_unique(skills: list[dict[str, str]]) -> None:
    for column in ("name_zh", "name_en"):
        names = [s[column].strip() for s in skills]
        assert all(names), f"empty {column}"
        assert [n for n, k in Counter(n.casefold() for n in names).items() if k > 1] == []


def test_categories_exist(skills: list[dict[str, str]]) -> None:
    categories = read_csv(DATA / "skill_categories.csv")
    codes = {c["code"] for c in categories}
    assert len(codes) == len(categories)
    assert all(CODE_RE.match(c) for c in codes)
    assert all(c["name_zh"] and c["name_en"] for c in categories)
    assert [s["code"] for s in skills if s["category"] not in codes] == []
    assert codes == {s["category"] for s in skills}, "unused categories"


def test_occupation_codes_exist(skills: list[dict[str, str]]) -> None:
    path = OCCUPATION_FILES[0]
    known = {row["code"] for row in read_csv(path)}
    used = [s for s in skills if s["occupation_code"]]
    assert [s["code"] for s in used if not OCCUPATION_RE.match(s["occupation_code"])] == []
    unknown = [(s["code"], s["occupation_code"]) for s in used if s["occupation_code"] not in known]
    assert unknown == []


def test_related_exist_and_are_symmetric(skills: list[dict[str, str]]) -> None:
    related = {s["code"]: split(s["related"]) for s in skills}
    for code, others in related.items():
        assert len(others) <= 5, code
        assert len(set(others)) == len(others), code
        assert code not in others, code
        for other in others:
            assert other in related, f"{code} -> unknown {other}"
            assert code in related[other], f"{code} -> {other} is not symmetric"


def test_synonyms_do_not_collide(skills: list[dict[str, str]]) -> None:
    for lang in ("zh", "en"):
        names = {s[f"name_{lang}"].casefold(): s["code"] for s in skills}
        owner: dict[str, str] = {}
        for s in skills:
            for synonym in split(s[f"synonyms_{lang}"]):
                key = synonym.strip().casefold()
                assert key == synonym.casefold() and key, f"{s['code']}: bad synonym {synonym!r}"
                assert key not in names, f"{s['code']}: {synonym} is the name of {names[key]}"
                assert key not in owner, f"{synonym} on both {owner[key]} and {s['code']}"
                owner[key] = s["code"]


@pytest.mark.parametrize("alternatives", REQUIRED_SKILLS, ids="/".join)
def test_required_skill_present(skills: list[dict[str, str]], alternatives: tuple[str]) -> None:
    terms = {s["name_zh"] for s in skills}
    terms.update(t for s in skills for t in split(s["synonyms_zh"]))
    assert any(a in terms for a in alternatives)


@pytest.mark.parametrize(("said", "code"), COLLOQUIAL.items())
def test_colloquial_name_is_a_name_of_its_skill(
    skills: list[dict[str, str]], said: str, code: str
) -> None:
    skill = next(s for s in skills if s["code"] == code)
    assert said == skill["name_zh"] or said in split(skill["synonyms_zh"])


# --- places ---


def check_coordinates(row: dict[str, str], rings: list[Ring]) -> None:
    assert COORD_RE.match(row["lat"]) and COORD_RE.match(row["lon"]), row
    # "true" as generated; "false" once an administrator has corrected the point.
    assert row["location_approximate"] in ("true", "false"), row
    assert point_in_rings(float(row["lon"]), float(row["lat"]), rings), row


def test_boundary_sanity(rings: list[Ring]) -> None:
    assert point_in_rings(116.73, 36.11, rings)
    assert not point_in_rings(116.40, 36.10, rings)
    assert not point_in_rings(116.95, 36.28, rings)


def test_towns(towns: list[dict[str, str]], rings: list[Ring]) -> None:
    assert header(DATA / "feicheng" / "towns.csv") == [
        "code",
        "name",
        "pinyin",
        "communities",
        "lat",
        "lon",
        "location_approximate",
    ]
    assert len(towns) == 14
    assert len({t["code"] for t in towns}) == 14
    for town in towns:
        check_coordinates(town, rings)


def test_communities(
    communities: list[dict[str, str]], towns: list[dict[str, str]], rings: list[Ring]
) -> None:
    assert header(DATA / "feicheng" / "communities.csv") == [
        "code",
        "name",
        "town_code",
        "town_name",
        "lat",
        "lon",
        "location_approximate",
    ]
    assert len(communities) == 634
    assert len({c["code"] for c in communities}) == 634
    town_names = {t["code"]: t["name"] for t in towns}
    for community in communities:
        assert town_names.get(community["town_code"]) == community["town_name"], community
        assert community["code"].startswith(community["town_code"]), community
        check_coordinates(community, rings)
    per_town = Counter(c["town_code"] for c in communities)
    assert {t["code"]: int(t["communities"]) for t in towns} == dict(per_town)
