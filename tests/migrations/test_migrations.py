"""Migrations upgrade, downgrade and upgrade again, and match the models exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from matching.db.base import Base
from matching.db.session import make_engine
from tests.support.databases import downgrade, fresh_database_url, upgrade

BACKENDS = ("sqlite", "postgresql")


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_downgrade_upgrade_and_no_autogenerate_diff(backend: str, tmp_path: Path) -> None:
    with fresh_database_url(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                upgrade(connection)
                downgrade(connection)
                assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
                upgrade(connection)
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                diff = compare_metadata(context, Base.metadata)
            assert diff == []
        finally:
            engine.dispose()
