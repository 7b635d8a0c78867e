"""The caller of a service, with the communities it may see."""

from __future__ import annotations

from dataclasses import dataclass

from matching.enums import Role


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in user. ``community_ids`` is None for city-wide roles."""

    user_id: int
    role: Role
    station_id: int | None = None
    employer_id: int | None = None
    community_ids: frozenset[int] | None = None
    locale: str | None = None
    """The language the user chose for the workbench, if any."""

    @property
    def city_wide(self) -> bool:
        """Whether the actor sees every community (administrators)."""
        return self.community_ids is None

    def sees_community(self, community_id: int) -> bool:
        """Whether seekers living in ``community_id`` are in this actor's scope."""
        return self.community_ids is None or community_id in self.community_ids
