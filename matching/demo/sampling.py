"""Small helpers for drawing the demo city: apportioning counts and resolving skill codes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from matching.demo.records import SkillRef

__all__ = ["SkillBook", "apportion"]


def apportion(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split ``total`` by ``weights`` exactly (largest remainders, ties in key order).

    Examples
    --------
    >>> apportion(10, {"a": 1, "b": 1, "c": 1})
    {'a': 4, 'b': 3, 'c': 3}
    """
    whole = sum(weights.values())
    exact = {key: total * weight / whole for key, weight in weights.items()}
    counts = {key: int(share) for key, share in exact.items()}
    order = sorted(weights, key=lambda key: -(exact[key] - counts[key]))
    for key in order[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


class SkillBook:
    """Skill ids by code; unknown codes are dropped, so any taxonomy can seed a city."""

    def __init__(self, skills: Sequence[SkillRef]) -> None:
        if not skills:
            raise ValueError("the demo city needs at least one skill")
        self._ids = {skill.code: skill.id for skill in skills}
        self.fallback_id = min(skills, key=lambda skill: skill.code).id

    def __contains__(self, code: object) -> bool:
        return code in self._ids

    def ids(self, codes: Iterable[str]) -> list[int]:
        """Ids of the known ``codes``, in order, without repeats."""
        found = (self._ids[code] for code in codes if code in self._ids)
        return list(dict.fromkeys(found))
