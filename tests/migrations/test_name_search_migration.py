"""Migration 0013 fills in the search forms of people registered before it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from matching.config import Settings
from matching.db.queries.common import PageRequest
from matching.db.session import Database, make_engine, transaction
from matching.services.context import ServiceContext, build_cipher
from matching.services.reference import load_reference_data
from matching.services.seekers import list_seekers
from tests.conftest import CLOCK
from tests.support.databases import downgrade, fresh_database_url, upgrade
from tests.support.factories import make_seeker, make_station

BACKENDS = ("sqlite", "postgresql")
FORMS = "SELECT name_search, name_pinyin, given_name_pinyin, name_initials FROM seekers"


def _context(session: object, settings: Settings) -> ServiceContext:
    return ServiceContext(
        session=session,  # type: ignore[arg-type]
        cipher=build_cipher(settings),
        settings=settings,
        clock=CLOCK,
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_existing_people_become_searchable_and_the_erased_stay_hidden(
    backend: str, tmp_path: Path
) -> None:
    settings = Settings(database_url="sqlite://")
    with fresh_database_url(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                upgrade(connection)
            database = Database(engine)
            with transaction(database) as session:
                ctx = _context(session, settings)
                load_reference_data(ctx, settings.data_dir)
                station = make_station(ctx).id
                ids = {
                    name: make_seeker(ctx, station_id=station, name=name).id
                    for name in ("王秀蘭", "长孙无忌", "赵敏")
                }

            with engine.connect() as connection:
                downgrade(connection, "0010")
                # As 0010 stored them: 长孙 read as chang; 赵敏 erased since.
                connection.execute(
                    text("UPDATE seekers SET name_pinyin = 'changsunwuji' WHERE id = :id"),
                    {"id": ids["长孙无忌"]},
                )
                connection.execute(
                    text(
                        "UPDATE seekers SET name = '已删除', name_pinyin = '', name_initials = '',"
                        " erased_at = CURRENT_TIMESTAMP WHERE id = :id"
                    ),
                    {"id": ids["赵敏"]},
                )
                connection.commit()
                upgrade(connection)
                forms = {
                    row.id: tuple(row)[1:]
                    for row in connection.execute(text(FORMS.replace("SELECT", "SELECT id,")))
                }

            assert forms[ids["王秀蘭"]] == ("王秀兰", "wangxiulan", "xiulan", "wxl")
            assert forms[ids["长孙无忌"]] == ("长孙无忌", "zhangsunwuji", "wuji", "zswj")
            assert forms[ids["赵敏"]] == ("", "", "", "")
            with transaction(database) as session:
                page = list_seekers(
                    _context(session, settings),
                    PageRequest(limit=10, offset=0, sort=None),
                    q="xiulan",
                )
                assert [item.id for item in page.items] == [ids["王秀蘭"]]
        finally:
            engine.dispose()
