"""The skill taxonomy: categories, skills with names and synonyms, related-skill links."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matching.db.base import Base, TimestampMixin


class SkillCategory(Base):
    """A group of skills (garment, care, logistics...)."""

    __tablename__ = "skill_categories"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(50))
    name_en: Mapped[str] = mapped_column(String(100))


class Skill(TimestampMixin, Base):
    """A canonical skill; ``synonyms_*`` are what people actually say."""

    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_zh: Mapped[str] = mapped_column(String(50))
    name_en: Mapped[str] = mapped_column(String(100))
    category_code: Mapped[str] = mapped_column(ForeignKey("skill_categories.code"), index=True)
    synonyms_zh: Mapped[list[str]] = mapped_column(JSON, default=list)
    synonyms_en: Mapped[list[str]] = mapped_column(JSON, default=list)
    occupation_code: Mapped[str | None] = mapped_column(String(16))

    category: Mapped[SkillCategory] = relationship()


class SkillRelation(Base):
    """A transferable-skill link, stored in both directions."""

    __tablename__ = "skill_relations"

    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True
    )
    related_skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True
    )
