"""Plain-language explanations of engine matches, Chinese first, English available.

The engine returns factors as codes and numbers; this module turns them into what a
clerk can read aloud, e.g.
``技能：缝纫✓ 熨烫✗；距离 1.2 公里，骑电动车约 6 分钟；时间重合 80%；计件 0.5 元/件``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matching.engine.results import Factor, Match, Suggestion

SkillName = Callable[[int], tuple[str, str]]  # engine skill index -> (中文, English)

MODE_ZH = {"walk": "步行", "bike": "骑自行车", "ebike": "骑电动车", "bus": "坐公交"}
MODE_EN = {"walk": "on foot", "bike": "by bike", "ebike": "by e-bike", "bus": "by bus"}
UNIT_ZH = {
    "hour": "时薪 {pay} 元",
    "day": "日薪 {pay} 元",
    "piece": "计件 {pay} 元/件",
    "month": "月薪 {pay} 元",
}
UNIT_EN = {
    "hour": "{pay} yuan/hour",
    "day": "{pay} yuan/day",
    "piece": "{pay} yuan/piece",
    "month": "{pay} yuan/month",
}
FACTOR_LABELS = {
    "skill.match": ("技能", "skills"),
    "distance": ("距离", "distance"),
    "availability": ("时间", "hours"),
    "pay": ("报酬", "pay"),
    "fairness.pending": ("待回复推荐", "pending proposals"),
    "fairness.recent_placement": ("近期已上岗", "recently placed"),
    "fairness.waiting": ("等待时间", "time waiting"),
    "fairness.homebound": ("不便外出优先", "homebound priority"),
}
BANDS = (
    (1.0, "1 公里内", "under 1 km"),
    (3.0, "1–3 公里", "1–3 km"),
    (5.0, "3–5 公里", "3–5 km"),
    (10.0, "5–10 公里", "5–10 km"),
)
SUGGESTIONS = {
    "radius": ("扩大距离范围", "widen the radius"),
    "min_score": ("降低最低匹配分", "lower the minimum score"),
    "related_skills": ("接受相关技能", "accept related skills"),
    "schedule": ("放宽时间要求", "relax the schedule"),
}


@dataclass(frozen=True, slots=True)
class Explanation:
    """The same explanation in both languages."""

    zh: str
    en: str


def distance_band(km: float, *, english: bool = False) -> str:
    """A coarse distance for people who may not see exact places: ``1–3 公里``."""
    for limit, zh, en in BANDS:
        if km < limit:
            return en if english else zh
    return "over 10 km" if english else "10 公里以上"


def factor_label(code: str) -> tuple[str, str]:
    """Chinese and English label of a factor code."""
    return FACTOR_LABELS.get(code, (code, code))


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value < 100 else f"{value:.0f}"


def _skills(match: Match, name: SkillName) -> tuple[str, str]:
    d = match.details
    zh: list[str] = []
    en: list[str] = []
    for index in d.skills_met:
        zh.append(f"{name(index)[0]}✓")
        en.append(f"{name(index)[1]} ✓")
    for index in d.skills_below:
        zh.append(f"{name(index)[0]}（等级不足）")
        en.append(f"{name(index)[1]} (below level)")
    via = dict(d.related_via)
    for index in d.skills_related:
        related = name(via[index]) if index in via else ("相关技能", "related skill")
        zh.append(f"{name(index)[0]}≈{related[0]}")
        en.append(f"{name(index)[1]} ≈ {related[1]}")
    for index in d.skills_missing:
        zh.append(f"{name(index)[0]}✗")
        en.append(f"{name(index)[1]} ✗")
    if not zh:
        return "技能：不限", "skills: none required"
    return "技能：" + " ".join(zh), "skills: " + ", ".join(en)


def _distance(match: Match) -> tuple[str, str]:
    d = match.details
    km, km_en = _number(d.km) + " 公里", _number(d.km) + " km"
    if d.work_mode == "take_home":
        return f"居家计件，取送货点{km}", f"take-home work, pick-up point {km_en}"
    minutes = f"约 {round(d.minutes)} 分钟"
    minutes_en = f", about {round(d.minutes)} min"
    return (
        f"距离 {km}，{MODE_ZH.get(d.travel_mode, '')}{minutes}",
        f"{km_en} {MODE_EN.get(d.travel_mode, '')}{minutes_en}",
    )


def _hours(match: Match) -> tuple[str, str]:
    d = match.details
    if d.scheduled_minutes is None:
        return "时间自由", "flexible hours"
    share = round(d.overlap_share * 100)
    return f"时间重合 {share}%", f"{share}% of hours covered"


def _pay(match: Match, pay_yuan: float, pay_unit: str) -> tuple[str, str]:
    zh, en = _pay_text(pay_yuan, pay_unit)
    minimum = match.details.min_pay_per_hour
    if minimum is not None and match.details.pay_per_hour < minimum:
        return zh + "（低于期望）", en + " (below the wish)"
    return zh, en


def _fairness(factors: Sequence[Factor]) -> tuple[list[str], list[str]]:
    zh, en = [], []
    for factor in factors:
        if factor.code.startswith("fairness.") and factor.contribution != 0:
            label = factor_label(factor.code)
            sign = "+" if factor.contribution > 0 else "−"
            zh.append(f"{label[0]}{sign}")
            en.append(f"{label[1]} {sign}")
    return zh, en


def explain(match: Match, name: SkillName, *, pay_yuan: float, pay_unit: str) -> Explanation:
    """Render one match for a caller who may see the seeker (exact km and minutes)."""
    parts = [
        _skills(match, name),
        _distance(match),
        _hours(match),
        _pay(match, pay_yuan, pay_unit),
    ]
    fair_zh, fair_en = _fairness(match.factors)
    zh = "；".join(part[0] for part in parts)
    en = "; ".join(part[1] for part in parts)
    if fair_zh:
        zh += "；" + "、".join(fair_zh)
        en += "; " + ", ".join(fair_en)
    return Explanation(zh=zh, en=en)


def explain_outside(
    match: Match, name: SkillName, *, band_km: float, pay_yuan: float, pay_unit: str
) -> Explanation:
    """What may be said to someone outside the seeker's scope: skills, a band, the pay.

    ``band_km`` is the cloaked distance (``services.cloaking``); nothing else about place,
    hours or the seeker's circumstances (pending proposals, homebound priority) is said.
    """
    band = distance_band(band_km)
    band_en = distance_band(band_km, english=True)
    skills = _skills(match, name)
    pay = _pay_text(pay_yuan, pay_unit)
    return Explanation(
        zh=f"{skills[0]}；距离约 {band}；{pay[0]}",
        en=f"{skills[1]}; roughly {band_en}; {pay[1]}",
    )


def _pay_text(pay_yuan: float, pay_unit: str) -> tuple[str, str]:
    pay = _number(pay_yuan)
    return UNIT_ZH[pay_unit].format(pay=pay), UNIT_EN[pay_unit].format(pay=pay)


def explain_suggestion(suggestion: Suggestion) -> Explanation:
    """``扩大距离范围到 10 公里可多 12 人``."""
    zh, en = SUGGESTIONS.get(suggestion.code, (suggestion.code, suggestion.code))
    if suggestion.code == "radius":
        target = f"到 {_number(suggestion.value)} 公里" if suggestion.value else "（不限距离）"
        target_en = f" to {_number(suggestion.value)} km" if suggestion.value else " (no limit)"
        zh, en = zh + target, en + target_en
    return Explanation(
        zh=f"{zh}可多 {suggestion.extra} 人", en=f"{en}: {suggestion.extra} more candidates"
    )
