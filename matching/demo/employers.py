"""Demo employers: micro-factories, handicraft workshops, shops, households and partners.

An :class:`Industry` says what kind of employer it is, how it is named, how often it
holds a unified social credit code (and of which type) and where it tends to sit
(town centres or villages). About half of all employers get a valid credit code.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from matching.demo.identities import NumberMint
from matching.demo.names import person_name, surname
from matching.demo.places import community_label, home_address, jitter
from matching.demo.records import EmployerRecord, PlaceRef
from matching.demo.timeline import created_before
from matching.enums import CommunityKind, EmployerKind

__all__ = ["INDUSTRIES", "Industry", "generate_employers"]

_BRANDS = (
    "鑫源",
    "恒泰",
    "佳美",
    "瑞丰",
    "鸿运",
    "金桃",
    "桃都",
    "汶阳",
    "牛山",
    "康达",
    "华盛",
    "永兴",
    "宏达",
    "昌盛",
    "润丰",
    "福泰",
    "泰和",
    "嘉禾",
    "明珠",
    "龙山",
    "陶山",
    "布山",
    "仪阳",
    "康王",
    "佛桃",
    "巧手",
    "绿源",
    "益民",
    "乐业",
    "安康",
)
_STREETS = (
    "工业路",
    "新城路",
    "龙山路",
    "泰西大街",
    "长山街",
    "向阳街",
    "桃园路",
    "中心街",
    "文化路",
    "建设路",
    "府前街",
    "站前街",
)


@dataclass(frozen=True, slots=True)
class Industry:
    """A line of business; ``names`` are patterns over town, place, stem, brand and surname."""

    key: str
    kind: EmployerKind
    names: tuple[str, ...]
    weight: float
    credit: tuple[tuple[str, float], ...]  # (authority+type prefix, probability)
    village_share: float


def _ind(
    key: str,
    kind: EmployerKind,
    names: tuple[str, ...],
    weight: float,
    credit: tuple[tuple[str, float], ...],
    village_share: float = 0.5,
) -> Industry:
    return Industry(key, kind, names, weight, credit, village_share)


_MF, _WS = EmployerKind.micro_factory, EmployerKind.workshop
_FACTORY_INDUSTRIES = (
    _ind(
        "garment",
        _MF,
        ("肥城市{town}{brand}服装加工微工厂", "{stem}服装微工厂"),
        3.0,
        (("91", 0.45), ("92", 0.35)),
    ),
    _ind(
        "gloves",
        _MF,
        ("{stem}劳保手套加工微工厂", "肥城{brand}手套厂{stem}车间"),
        1.0,
        (("91", 0.4), ("92", 0.4)),
    ),
    _ind(
        "wig",
        _MF,
        ("{stem}发制品微工厂", "肥城市{brand}发制品有限公司{stem}加工点"),
        1.2,
        (("91", 0.6), ("92", 0.2)),
    ),
    _ind(
        "electronics",
        _MF,
        ("{stem}电子元件组装微工厂", "肥城{brand}电子科技{stem}车间"),
        1.4,
        (("91", 0.7), ("92", 0.1)),
        0.3,
    ),
    _ind(
        "food",
        _MF,
        ("{stem}肥桃食品加工微工厂", "肥城市{brand}食品有限公司{stem}分厂", "{stem}水饺加工微工厂"),
        1.4,
        (("91", 0.6), ("92", 0.25)),
    ),
    _ind("packaging", _MF, ("{stem}纸制品包装微工厂",), 0.7, (("91", 0.5), ("92", 0.3))),
    _ind("toys", _MF, ("{stem}毛绒玩具加工微工厂",), 0.6, (("91", 0.4), ("92", 0.4))),
    _ind("bags", _MF, ("{stem}箱包加工微工厂",), 0.5, (("91", 0.4), ("92", 0.4))),
    _ind(
        "willow",
        _WS,
        ("{stem}柳编手工坊", "{place}柳编工艺品加工坊"),
        2.0,
        (("92", 0.45), ("93", 0.15)),
        0.85,
    ),
    _ind("beading", _WS, ("{stem}串珠饰品手工坊",), 1.0, (("92", 0.5),), 0.7),
    _ind(
        "accessory", _WS, ("{stem}出口饰品加工坊", "{brand}饰品手工坊"), 1.0, (("92", 0.55),), 0.6
    ),
    _ind(
        "peachwood",
        _WS,
        ("{stem}桃木工艺品加工坊", "肥城{brand}桃木工艺坊"),
        1.6,
        (("92", 0.5), ("91", 0.15)),
        0.7,
    ),
    _ind("embroidery", _WS, ("{stem}鲁绣手工坊",), 0.6, (("92", 0.4),), 0.7),
    _ind("knitting", _WS, ("{stem}巧手编织坊",), 0.6, (("92", 0.3),), 0.7),
    _ind("wig_hand", _WS, ("{stem}发帘手工坊",), 0.5, (("92", 0.4),), 0.8),
    _ind("straw", _WS, ("{stem}草编手工坊",), 0.4, (("92", 0.3), ("93", 0.2)), 0.9),
    _ind("flowers", _WS, ("{stem}仿真花加工坊",), 0.4, (("92", 0.4),), 0.7),
)
_SHOP, _HH = EmployerKind.shop, EmployerKind.household
_PARTNER, _OTHER = EmployerKind.partner, EmployerKind.other
_OTHER_INDUSTRIES = (
    _ind(
        "housekeeping",
        _SHOP,
        ("{brand}家政服务部", "肥城市{brand}家政服务有限公司"),
        1.6,
        (("92", 0.6), ("91", 0.3)),
        0.1,
    ),
    _ind(
        "supermarket",
        _SHOP,
        ("{stem}{brand}便民超市", "{brand}生活超市{stem}店"),
        1.6,
        (("92", 0.85),),
        0.4,
    ),
    _ind(
        "restaurant",
        _SHOP,
        ("{surname}记家常菜馆", "{stem}{brand}饭店", "{surname}家乡厨"),
        1.4,
        (("92", 0.8),),
        0.3,
    ),
    _ind("express_station", _SHOP, ("{stem}快递驿站",), 1.0, (("92", 0.6),), 0.4),
    _ind("bakery", _SHOP, ("{surname}家馒头房", "{brand}煎饼坊"), 0.8, (("92", 0.5),), 0.5),
    _ind("household", _HH, ("{surname}家",), 3.0, (), 0.5),
    _ind("hospital", _PARTNER, ("{town}卫生院", "肥城{brand}医院"), 0.6, (("12", 0.9),), 0.1),
    _ind("school", _PARTNER, ("{town}中心小学", "{stem}幼儿园"), 0.7, (("12", 0.8),), 0.2),
    _ind("property", _PARTNER, ("肥城市{brand}物业服务有限公司",), 0.8, (("91", 0.95),), 0.0),
    _ind(
        "nursing_home",
        _PARTNER,
        ("{town}敬老院", "肥城{brand}颐养中心"),
        0.8,
        (("12", 0.5), ("91", 0.4)),
        0.2,
    ),
    _ind(
        "logistics",
        _OTHER,
        ("肥城{brand}物流有限公司", "{town}快递分拨中心"),
        1.0,
        (("91", 0.9),),
        0.1,
    ),
    _ind("coop", _OTHER, ("肥城市{stem}肥桃种植专业合作社",), 1.4, (("93", 0.9),), 1.0),
    _ind(
        "farm",
        _OTHER,
        ("{stem}{surname}家果园", "肥城市{brand}家庭农场", "{stem}佛桃园"),
        1.2,
        (("92", 0.3),),
        1.0,
    ),
    _ind("veggies", _OTHER, ("{stem}蔬菜种植合作社",), 0.6, (("93", 0.8),), 1.0),
    _ind(
        "construction",
        _OTHER,
        ("肥城{brand}建筑劳务有限公司", "{surname}师傅装修队"),
        0.8,
        (("91", 0.5),),
        0.3,
    ),
    _ind("delivery_site", _OTHER, ("{town}外卖配送站",), 0.5, (("91", 0.6),), 0.0),
)
INDUSTRIES: tuple[Industry, ...] = _FACTORY_INDUSTRIES + _OTHER_INDUSTRIES


def _place_for(
    rng: random.Random, industry: Industry, by_kind: dict[CommunityKind, list[PlaceRef]]
) -> PlaceRef:
    villages, urban = by_kind[CommunityKind.village], by_kind[CommunityKind.residential]
    pool = villages if (rng.random() < industry.village_share and villages) or not urban else urban
    return rng.choice(pool)


def _credit_code(rng: random.Random, mint: NumberMint, industry: Industry) -> str | None:
    # A quarter of registered employers have not given their code to the window yet.
    if rng.random() < 0.25:
        return None
    draw = rng.random()
    for prefix, probability in industry.credit:
        if draw < probability:
            return mint.credit_code(prefix)
        draw -= probability
    return None


def _employer(
    rng: random.Random,
    mint: NumberMint,
    industry: Industry,
    community: PlaceRef,
    town: PlaceRef,
    reference: datetime,
) -> EmployerRecord:
    label = community_label(community)
    stem = label.removesuffix("社区").removesuffix("村") or label
    if len(stem) > 4:  # company communities (山东颐养健康集团肥城医院社区): use the town
        stem = town.name.removesuffix("街道").removesuffix("镇")
    family = surname(rng)
    name = rng.choice(industry.names).format(
        town=town.name,
        place=label,
        stem=stem,
        brand=rng.choice(_BRANDS),
        surname=family,
    )
    female_contact = rng.random() < (0.7 if industry.kind in (_WS, _HH) else 0.4)
    if industry.kind is _HH:
        name = f"{family}{'女士' if female_contact else '先生'}家"
    contact = person_name(
        rng,
        female=female_contact,
        birth_year=rng.randint(1962, 1995),
        family_name=family if industry.kind is _HH else None,
    )
    lat, lon = jitter(rng, community.lat, community.lon, radius_m=500)
    if industry.kind is _HH:
        street = home_address(rng, community).removeprefix(label)
    else:
        street = f"{rng.choice(_STREETS)}{rng.randint(1, 300)}号"
    return EmployerRecord(
        uid=mint.uid(),
        name=name,
        kind=industry.kind,
        industry=industry.key,
        contact_name=contact,
        contact_phone=mint.phone(),
        credit_code=_credit_code(rng, mint, industry),
        address=f"肥城市{town.name}{label}{street}",
        community_id=community.id,
        lat=lat,
        lon=lon,
        created_at=created_before(rng, reference, days=(120, 900)),
    )


def _spread(rng: random.Random, industries: Sequence[Industry], count: int) -> list[Industry]:
    """``count`` industries: each at least once while there is room, then by weight."""
    chosen = list(industries[:count])
    weights = [industry.weight for industry in industries]
    chosen += rng.choices(industries, weights=weights, k=count - len(chosen))
    rng.shuffle(chosen)
    return chosen


def generate_employers(
    rng: random.Random,
    mint: NumberMint,
    *,
    towns: Sequence[PlaceRef],
    communities: Sequence[PlaceRef],
    factories: int,
    others: int,
    reference: datetime,
) -> list[EmployerRecord]:
    """Generate ``factories`` micro-factories/workshops and ``others`` other employers."""
    by_kind: dict[CommunityKind, list[PlaceRef]] = {kind: [] for kind in CommunityKind}
    for community in communities:
        by_kind[CommunityKind(community.kind)].append(community)
    town_by_id = {town.id: town for town in towns}
    employers = []
    for industries, count in ((_FACTORY_INDUSTRIES, factories), (_OTHER_INDUSTRIES, others)):
        for industry in _spread(rng, industries, count):
            community = _place_for(rng, industry, by_kind)
            town = town_by_id[community.subdistrict_id or 0]
            employers.append(_employer(rng, mint, industry, community, town, reference))
    return employers
