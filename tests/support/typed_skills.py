"""Score how typed skills are read against the labelled set ``tests/data/typed_skills.csv``.

Each row is scored as one of:

* ``correct``: the skill meant; for a tie (several codes in ``intended``), ``ambiguous``
  with every one of them among the candidates;
* ``asked``: ``ambiguous`` with the skill meant among the candidates (the clerk chooses);
* ``missed``: unknown, or ambiguous without the skill meant;
* ``wrong``: another skill, silently;
* ``tie_picked``: one skill for a tie, silently.

Run ``python -m tests.support.typed_skills`` for the table by kind.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from matching.engine.skill_lookup import SkillLookup, SkillReading
from matching.services.skill_search import read_skill, skill_lookup

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "tests" / "data" / "typed_skills.csv"
TAXONOMY = ROOT / "data" / "skills.csv"
OUTCOMES = ("correct", "asked", "missed", "wrong", "tie_picked")


@dataclass(frozen=True)
class TaxonomyRow:
    """A row of ``data/skills.csv``, as :func:`skill_lookup` reads skills."""

    code: str
    name_zh: str
    name_en: str
    synonyms_zh: tuple[str, ...]
    synonyms_en: tuple[str, ...]


@dataclass(frozen=True)
class Labelled:
    """One typed text and the skill (or skills, for a tie) it means."""

    typed: str
    intended: tuple[str, ...]
    kind: str
    source: str


@dataclass
class Score:
    """Counts of outcomes, overall and by kind."""

    total: Counter[str] = field(default_factory=Counter)
    by_kind: dict[str, Counter[str]] = field(default_factory=dict)
    failures: list[tuple[Labelled, str, SkillReading]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.total.values())

    def share(self, outcome: str = "correct") -> float:
        return self.total[outcome] / self.rows if self.rows else 0.0

    def table(self) -> str:
        """Outcomes by kind, one line each."""
        lines = [
            f"{'kind':16}{'rows':>6}{'correct':>9}" + "".join(f"{o:>11}" for o in OUTCOMES[1:])
        ]
        for kind, counts in [*sorted(self.by_kind.items()), ("ALL", self.total)]:
            n = sum(counts.values())
            lines.append(
                f"{kind:16}{n:>6}{counts['correct'] / n:>9.1%}"
                + "".join(f"{counts[o]:>11}" for o in OUTCOMES[1:])
            )
        return "\n".join(lines)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split("|") if part)


def taxonomy_lookup(path: Path = TAXONOMY) -> SkillLookup:
    """The lookup the service would build from the reference taxonomy, without a database."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            TaxonomyRow(
                r["code"],
                r["name_zh"],
                r["name_en"],
                _split(r["synonyms_zh"]),
                _split(r["synonyms_en"]),
            )
            for r in csv.DictReader(handle)
        ]
    return skill_lookup(rows)


def labelled_rows(path: Path = LABELLED) -> Iterator[Labelled]:
    """The labelled set."""
    with path.open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            yield Labelled(r["typed"], _split(r["intended"]), r["kind"], r["source"])


def outcome(row: Labelled, reading: SkillReading) -> str:
    """How ``reading`` of ``row.typed`` scores (see the module docstring)."""
    candidates = {hit.skill_code for hit in reading.hits}
    if len(row.intended) > 1:
        if reading.outcome == "skill":
            return "tie_picked"
        ambiguous = reading.outcome == "ambiguous" and set(row.intended) <= candidates
        return "correct" if ambiguous else "missed"
    if reading.outcome == "skill":
        return "correct" if reading.skill_code == row.intended[0] else "wrong"
    if reading.outcome == "ambiguous" and row.intended[0] in candidates:
        return "asked"
    return "missed"


def score(lookup: SkillLookup, rows: Iterable[Labelled]) -> Score:
    """Read every row as the service would and count the outcomes."""
    result = Score()
    for row in rows:
        reading = read_skill(lookup, row.typed)
        got = outcome(row, reading)
        result.total[got] += 1
        result.by_kind.setdefault(row.kind, Counter())[got] += 1
        if got != "correct":
            result.failures.append((row, got, reading))
    return result


if __name__ == "__main__":
    measured = score(taxonomy_lookup(), labelled_rows())
    print(measured.table())
    for row, got, reading in measured.failures:
        if got in ("wrong", "tie_picked", "missed"):
            codes = ", ".join(hit.skill_code for hit in reading.hits[:4])
            meant = "|".join(row.intended)
            print(f"{got:10} {row.typed} -> {reading.outcome} [{codes}] (meant {meant})")
