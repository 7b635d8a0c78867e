"""The per-process match index: built from the database at start, kept fresh by version.

Before every ranking the caller asks :meth:`MatchIndex.refresh`; it reads one counter
row and, when another process (or this one) committed changes, reloads only the
seekers and postings stamped with a newer ``change_version``. A new skill in the
taxonomy changes the skill numbering, so it triggers a full rebuild. Seekers arrive as
columns (:mod:`matching.services.seeker_loading`), never as an object per seeker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from matching.clock import CITY_UTC_OFFSET_HOURS
from matching.db.changes import current_version
from matching.db.models import Posting
from matching.db.queries import match_rows
from matching.engine.config import MatchConfig
from matching.engine.posting_index import PostingIndex
from matching.engine.records import PostingRecord, SkillGraph
from matching.engine.seeker_index import SeekerIndex
from matching.enums import PostingStatus
from matching.services.seeker_loading import load_seeker_columns


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Skill ids ↔ dense engine indices, and the related-skill graph."""

    codes: tuple[str, ...]
    names: tuple[tuple[str, str], ...]
    index_of_id: dict[int, int]
    graph: SkillGraph

    def name(self, index: int) -> tuple[str, str]:
        """中文 and English name of the skill with engine index ``index``."""
        return self.names[index]

    @property
    def index_of_code(self) -> dict[str, int]:
        """Engine index by skill code."""
        return {code: index for index, code in enumerate(self.codes)}


def load_taxonomy(session: Session) -> Taxonomy:
    """Number the skills densely, in id order."""
    skills, pairs = match_rows.skill_taxonomy(session)
    index_of_id = {skill[0]: index for index, skill in enumerate(skills)}
    related = [(index_of_id[a], index_of_id[b]) for a, b in pairs]
    return Taxonomy(
        codes=tuple(skill[1] for skill in skills),
        names=tuple((skill[2], skill[3]) for skill in skills),
        index_of_id=index_of_id,
        graph=SkillGraph(len(skills), related),
    )


def posting_record(
    posting: Posting, skills: Sequence[tuple[int, int, bool]], taxonomy: Taxonomy
) -> PostingRecord:
    """An engine record from a posting and its (skill id, min level, required) triples."""
    return PostingRecord(
        id=posting.id,
        lat=posting.lat,
        lon=posting.lon,
        work_mode=posting.work_mode.value,
        kind=posting.kind.value,
        pay_yuan=float(posting.pay_yuan),
        pay_unit=posting.pay_unit.value,
        schedule=posting.schedule.to_int() if posting.schedule is not None else None,
        start_day=posting.start_date.toordinal() if posting.start_date else None,
        end_day=posting.end_date.toordinal() if posting.end_date else None,
        physical_demand=posting.physical_demand.value,
        wheelchair_accessible=posting.wheelchair_accessible,
        skills=tuple((taxonomy.index_of_id[s], level, required) for s, level, required in skills),
        vacancies=posting.headcount - posting.hires,
        open=posting.status == PostingStatus.open,
        community_id=posting.community_id,
        delivery_km=(posting.delivery_radius_km or 0.0) if posting.materials_delivered else 0.0,
    )


class MatchIndex:
    """Seekers and postings of one database, in memory, for one process.

    Ages, days waiting and "recently placed" are worked out when a seeker is loaded,
    for the ``today`` of that refresh (the city's local date, at ``utc_offset_hours``):
    the first refresh on a new day rebuilds the index, so none of them is a day old.
    """

    def __init__(self, *, utc_offset_hours: int = CITY_UTC_OFFSET_HOURS) -> None:
        self.utc_offset_hours = utc_offset_hours
        self._lock = threading.RLock()
        self.version_: int | None = None
        self.today_: date | None = None
        self.taxonomy_: Taxonomy | None = None
        self.seekers_: SeekerIndex | None = None
        self.postings_: PostingIndex | None = None
        self._ranking_config: tuple[int | None, tuple[MatchConfig, str]] | None = None

    @contextmanager
    def fresh(self, session: Session, *, today: date) -> Iterator[MatchIndex]:
        """Hold the index, brought up to the committed version, for one ranking.

        The engine's indexes are not safe to read while they are being updated, so
        rankings and refreshes of one process take turns (a ranking takes ms).
        """
        with self._lock:
            self.refresh(session, today=today)
            yield self

    def ranking_config(
        self, load: Callable[[], tuple[MatchConfig, str]]
    ) -> tuple[MatchConfig, str]:
        """The configuration and model name to rank with at the index's version.

        ``load`` reads them from the database, only when the version has moved since
        the last call: activating a model moves it (``matching.db.changes``). Call it
        while holding the index (inside :meth:`fresh`).
        """
        cached = self._ranking_config
        if cached is None or cached[0] != self.version_:
            cached = (self.version_, load())
            self._ranking_config = cached
        return cached[1]

    def refresh(self, session: Session, *, today: date) -> None:
        """Bring the index up to the committed database version, as of ``today``."""
        version = current_version(session)
        if version == self.version_ and today == self.today_:
            return
        with self._lock:
            if version == self.version_ and today == self.today_:
                return
            taxonomy = load_taxonomy(session)
            stale = self.taxonomy_ is None or taxonomy.codes != self.taxonomy_.codes
            if stale or today != self.today_:
                self._rebuild(session, taxonomy, today=today)
            else:
                self._apply_changes(session, since=self.version_ or 0, today=today)
            self.version_, self.today_ = version, today

    def _rebuild(self, session: Session, taxonomy: Taxonomy, *, today: date) -> None:
        seekers = load_seeker_columns(
            session, taxonomy.index_of_id, today=today, utc_offset_hours=self.utc_offset_hours
        )
        postings = list(self._posting_records(session, taxonomy, None))
        self.taxonomy_ = taxonomy
        self.seekers_ = SeekerIndex.from_columns(seekers, n_skills=len(taxonomy.codes))
        self.postings_ = PostingIndex.from_records(postings, n_skills=len(taxonomy.codes))

    def _apply_changes(self, session: Session, *, since: int, today: date) -> None:
        assert self.taxonomy_ is not None and self.seekers_ is not None
        assert self.postings_ is not None
        self.seekers_.upsert_columns(
            load_seeker_columns(
                session,
                self.taxonomy_.index_of_id,
                today=today,
                utc_offset_hours=self.utc_offset_hours,
                since_version=since,
            )
        )
        self.postings_.upsert(self._posting_records(session, self.taxonomy_, since))

    @staticmethod
    def _posting_records(
        session: Session, taxonomy: Taxonomy, since: int | None
    ) -> Iterable[PostingRecord]:
        postings = match_rows.posting_rows(session, since_version=since)
        ids = None if since is None else [posting.id for posting in postings]
        skills = match_rows.posting_skill_rows(session, ids)
        return [posting_record(p, skills.get(p.id, ()), taxonomy) for p in postings]
