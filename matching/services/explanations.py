"""Plain-language explanations of engine matches, Chinese first, English available.

The engine returns factors as codes and numbers; this module turns them into two texts,
each in both languages, with every sentence from the catalogue (``matching.i18n``):

- ``text``, to read on screen:
  ``技能：缝纫✓ 熨烫✗；距离 1.2 公里，骑电动车约 6 分钟；时间重合 80%；计件 0.15 元/件；优先 +4``
- ``spoken``, for a clerk (or the browser's speech) to read aloud - words and numbers, no
  symbols: ``会缝纫和串珠；居家计件，取送货点离家 0.7 公里，送料上门；时间自由；
  计件每件 0.15 元；不便外出的人优先。``

Scores are on one 0-100 scale: ``fit`` is the four factors' part (0-100), ``priority``
the spread-of-opportunity adjustments in points beside it (``优先 +4``); the list is
ordered by their sum, and ``min_score`` cuts that same order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from matching.engine.results import Factor, Match, Suggestion
from matching.i18n import Named, Renderable, Text
from matching.money import format_yuan

SkillName = Callable[[int], tuple[str, str]]  # engine skill index -> (中文, English)

MODES = {
    "walk": Text("on foot"),
    "bike": Text("by bike"),
    "ebike": Text("by e-bike"),
    "bus": Text("by bus"),
}
PAY_WRITTEN = {  # templates: rendered with ``pay=``
    "hour": Text("{pay} yuan/hour"),
    "day": Text("{pay} yuan/day"),
    "piece": Text("{pay} yuan/piece"),
    "month": Text("{pay} yuan/month"),
}
PAY_SPOKEN = {
    "hour": Text("{pay} yuan an hour"),
    "day": Text("{pay} yuan a day"),
    "piece": Text("{pay} yuan a piece"),
    "month": Text("{pay} yuan a month"),
}
FACTOR_LABELS = {
    "skill.match": Text("skills"),
    "distance": Text("distance"),
    "availability": Text("hours"),
    "pay": Text("pay"),
    "fairness.pending": Text("pending proposals"),
    "fairness.recent_placement": Text("recently placed"),
    "fairness.waiting": Text("time waiting"),
    "fairness.homebound": Text("homebound priority"),
}
PRIORITY_SPOKEN = {
    "fairness.pending": Text("already has proposals to answer"),
    "fairness.recent_placement": Text("placed recently"),
    "fairness.waiting": Text("has waited long, so comes first"),
    "fairness.homebound": Text("cannot easily go out, so comes first"),
}
BANDS = (
    (1.0, Text("under 1 km")),
    (3.0, Text("1–3 km")),
    (5.0, Text("3–5 km")),
    (10.0, Text("5–10 km")),
)
OVER_10_KM = Text("over 10 km")
SUGGESTIONS = {
    "radius": Text("widen the radius"),
    "min_score": Text("lower the minimum score"),
    "related_skills": Text("accept related skills"),
    "schedule": Text("relax the schedule"),
}


@dataclass(frozen=True, slots=True)
class Explanation:
    """The same explanation in both languages."""

    zh: str
    en: str

    @classmethod
    def of(cls, text: Renderable) -> Explanation:
        """Render ``text`` in Chinese and in English."""
        return cls(zh=text.render("zh_CN"), en=text.render("en"))


@dataclass(frozen=True, slots=True)
class Explained:
    """What a match says on screen and what a clerk reads aloud."""

    text: Explanation
    spoken: Explanation


@dataclass(frozen=True, slots=True)
class _Joined:
    """Parts joined by the language's separator, with an optional full stop."""

    parts: tuple[Renderable, ...]
    zh: str = "；"
    en: str = "; "
    stop: bool = False

    def render(self, locale: str = "zh_CN") -> str:
        joined = (self.en if locale == "en" else self.zh).join(p.render(locale) for p in self.parts)
        return joined + ("." if locale == "en" else "。") if self.stop and joined else joined


@dataclass(frozen=True, slots=True)
class _AndList:
    """``缝纫、熨烫和串珠`` / ``sewing, ironing and beading``."""

    items: tuple[Renderable, ...]

    def render(self, locale: str = "zh_CN") -> str:
        names = [item.render(locale) for item in self.items]
        if len(names) <= 1:
            return "".join(names)
        comma, conjunction = (", ", " and ") if locale == "en" else ("、", "和")
        return comma.join(names[:-1]) + conjunction + names[-1]


def distance_band(km: float, *, english: bool = False) -> str:
    """A coarse distance for people who may not see exact places: ``1–3 公里``."""
    return band_text(km).render("en" if english else "zh_CN")


def band_text(km: float) -> Text:
    """The band of ``km`` as a message."""
    for limit, text in BANDS:
        if km < limit:
            return text
    return OVER_10_KM


def factor_label(code: str) -> tuple[str, str]:
    """Chinese and English label of a factor code."""
    label = FACTOR_LABELS.get(code)
    return (label.render("zh_CN"), label.render("en")) if label else (code, code)


def fit_score(match: Match) -> float:
    """The four factors' part of the score, 0-100 (what the seeker and the work share)."""
    fit = sum(f.contribution for f in match.factors if not f.code.startswith("fairness."))
    return round(min(100.0, max(0.0, fit * 100)), 1)


def priority_points(match: Match) -> float:
    """The spread-of-opportunity adjustments, in points of the same scale (signed)."""
    return round(
        sum(f.contribution for f in match.factors if f.code.startswith("fairness.")) * 100, 1
    )


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value < 100 else f"{value:.0f}"


def _skill_names(indices: Sequence[int], name: SkillName) -> _AndList:
    return _AndList(tuple(Named(*name(index)) for index in indices))


def _skills_written(match: Match, name: SkillName) -> Renderable:
    d = match.details
    marks: list[Renderable] = [Text("{skill} ✓", skill=Named(*name(i))) for i in d.skills_met]
    marks += [Text("{skill} (below level)", skill=Named(*name(i))) for i in d.skills_below]
    via = dict(d.related_via)
    marks += [
        Text("{skill} ≈ {related}", skill=Named(*name(i)), related=Named(*name(via[i])))
        if i in via
        else Text("{skill} ≈ related skill", skill=Named(*name(i)))
        for i in d.skills_related
    ]
    marks += [Text("{skill} ✗", skill=Named(*name(i))) for i in d.skills_missing]
    if not marks:
        return Text("skills: none required")
    return Text("skills: {marks}", marks=_Joined(tuple(marks), zh=" ", en=", "))


def _skills_spoken(match: Match, name: SkillName) -> Renderable:
    d = match.details
    parts: list[Renderable] = []
    if d.skills_met or d.skills_below:
        parts.append(
            Text("can do {skills}", skills=_skill_names((*d.skills_met, *d.skills_below), name))
        )
    if d.skills_related:
        via = [mine for theirs, mine in d.related_via]
        parts.append(Text("has the related skill {skills}", skills=_skill_names(via, name)))
    if d.skills_missing:
        parts.append(Text("lacks {skills}", skills=_skill_names(d.skills_missing, name)))
    return _Joined(tuple(parts), zh="，", en=", ") if parts else Text("no skill needed")


def _place(match: Match, *, spoken: bool) -> Renderable:
    d = match.details
    km = _number(d.km)
    if d.work_mode == "take_home":
        if d.delivered:
            return Text(
                "take-home work, pick-up point {km} km from home, materials delivered", km=km
            )
        return Text("take-home work, fetch materials at the pick-up point {km} km from home", km=km)
    minutes = round(d.minutes)
    if spoken:
        return Text(
            "{km} km from home, about {minutes} minutes {mode}",
            km=km,
            minutes=minutes,
            mode=MODES[d.travel_mode],
        )
    return Text(
        "{km} km, about {minutes} min {mode}", km=km, minutes=minutes, mode=MODES[d.travel_mode]
    )


def _hours(match: Match, *, spoken: bool) -> Renderable:
    d = match.details
    if d.scheduled_minutes is None:
        return Text("flexible hours")
    share = round(d.overlap_share * 100)
    if spoken:
        return Text("can work {share} percent of the hours", share=share)
    return Text("{share}% of hours covered", share=share)


def _pay(match: Match | None, pay_yuan: Decimal, pay_unit: str, *, spoken: bool) -> Renderable:
    amount = format_yuan(pay_yuan).replace(",", "") if spoken else format_yuan(pay_yuan)
    pay = Text((PAY_SPOKEN if spoken else PAY_WRITTEN)[pay_unit].message_id, pay=amount)
    if match is None:
        return pay
    minimum = match.details.min_pay_per_hour
    if minimum is not None and match.details.pay_per_hour < minimum:
        below = Text("less than she asks for") if spoken else Text("(below the wish)")
        return _Joined((pay, below), zh="，" if spoken else "", en=", " if spoken else " ")
    return pay


def _priority(factors: Sequence[Factor], *, spoken: bool) -> list[Renderable]:
    active = [f for f in factors if f.code.startswith("fairness.") and f.contribution != 0]
    if not active:
        return []
    if spoken:
        return [PRIORITY_SPOKEN[f.code] for f in active if f.code in PRIORITY_SPOKEN]
    points = round(sum(f.contribution for f in active) * 100)
    return [Text("priority {points}", points=f"{points:+d}")] if points else []


def explain(match: Match, name: SkillName, *, pay_yuan: Decimal, pay_unit: str) -> Explained:
    """Render one match for a caller who may see the seeker (exact km and minutes)."""
    written = _Joined(
        (
            _skills_written(match, name),
            _place(match, spoken=False),
            _hours(match, spoken=False),
            _pay(match, pay_yuan, pay_unit, spoken=False),
            *_priority(match.factors, spoken=False),
        )
    )
    spoken = _Joined(
        (
            _skills_spoken(match, name),
            _place(match, spoken=True),
            _hours(match, spoken=True),
            _pay(match, pay_yuan, pay_unit, spoken=True),
            *_priority(match.factors, spoken=True),
        ),
        stop=True,
    )
    return Explained(Explanation.of(written), Explanation.of(spoken))


def explain_outside(
    match: Match, name: SkillName, *, band_km: float, pay_yuan: Decimal, pay_unit: str
) -> Explained:
    """What may be said to someone outside the seeker's scope: skills, a band, the pay.

    ``band_km`` is the cloaked distance (``services.cloaking``); nothing else about place,
    hours or the seeker's circumstances (pending proposals, homebound priority) is said.
    """
    band = band_text(band_km)
    written = _Joined(
        (
            _skills_written(match, name),
            Text("roughly {band}", band=band),
            _pay(None, pay_yuan, pay_unit, spoken=False),
        )
    )
    spoken = _Joined(
        (
            _skills_spoken(match, name),
            Text("roughly {band} away", band=band),
            _pay(None, pay_yuan, pay_unit, spoken=True),
        ),
        stop=True,
    )
    return Explained(Explanation.of(written), Explanation.of(spoken))


def explain_suggestion(suggestion: Suggestion) -> Explanation:
    """``扩大距离范围到 10 公里可多 12 人``; a ``min_score`` value is on the 0-100 scale."""
    action: Renderable = SUGGESTIONS.get(suggestion.code, Text(suggestion.code))
    if suggestion.code == "radius":
        action = (
            Text("widen the radius to {km} km", km=_number(suggestion.value))
            if suggestion.value
            else Text("widen the radius (no limit)")
        )
    elif suggestion.code == "min_score" and suggestion.value is not None:
        action = Text("lower the minimum score to {score}", score=_number(suggestion.value * 100))
    return Explanation.of(
        Text("{action}: {extra} more candidates", action=action, extra=suggestion.extra)
    )
