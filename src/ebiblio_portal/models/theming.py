"""A municipality's choice of theme: the draft its staff edit and the published one patrons see."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base, UTCDateTime


class MunicipalityTheme(Base):
    """Draft and published look of one municipality's pages.

    ``draft`` and ``published`` are ``{"theme": name, "tokens": {...}, "font": ..., "logo": ..., "hero": ...}``;
    ``revision`` counts the publishes.
    """

    __tablename__ = "municipality_themes"

    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), primary_key=True)
    draft: Mapped[dict | None] = mapped_column(JSON)
    published: Mapped[dict | None] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    draft_saved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    draft_saved_by: Mapped[str | None] = mapped_column(String(100))
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    published_by: Mapped[str | None] = mapped_column(String(100))
