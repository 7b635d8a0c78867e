"""A PostgreSQL database set up exactly as README's "non-superuser" section says.

The SQL blocks are read from README.md and run with unique role and database names
(roles are cluster-wide, so parallel runs must not share them); everything is dropped
afterwards.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from matching.db.migrations import upgrade_database
from tests.support.databases import POSTGRES_ADMIN_URL, require_postgres

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "### Running on PostgreSQL as a non-superuser"


@dataclass(frozen=True, slots=True)
class ServiceRoles:
    """The throw-away database's URLs as superuser, schema owner and service role."""

    admin_url: str
    owner_url: str
    service_url: str
    service_role: str


def readme_sql_blocks() -> list[str]:
    """The section's SQL blocks: roles and database, schema, grants (in README order)."""
    readme = README.read_text(encoding="utf-8")
    section = readme.split(SECTION, 1)[1].split("\n#", 1)[0]
    return re.findall(r"```sql\n(.+?)\n```", section, flags=re.DOTALL)


def _statements(block: str, names: dict[str, str]) -> list[str]:
    for old, new in names.items():
        block = re.sub(rf"\b{old}\b", new, block)
    return [statement.strip() for statement in block.split(";") if statement.strip()]


def _run(url: str, statements: list[str]) -> None:
    # AUTOCOMMIT: CREATE DATABASE cannot run inside a transaction.
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


@contextmanager
def service_roles_database() -> Iterator[ServiceRoles]:
    """Create the roles and database, migrate as the owner, grant; drop it all afterwards."""
    require_postgres()
    suffix = uuid.uuid4().hex[:10]
    owner, service, database = (f"matching_{kind}_{suffix}" for kind in ("owner", "app", "roles"))
    names = {
        "matching_owner": owner,
        "matching_app": service,
        "DATABASE matching": f"DATABASE {database}",
    }
    create, schema, grants = readme_sql_blocks()
    admin = make_url(POSTGRES_ADMIN_URL)
    urls = ServiceRoles(
        admin_url=admin.set(database=database).render_as_string(hide_password=False),
        owner_url=admin.set(username=owner, password=None, database=database).render_as_string(),
        service_url=admin.set(
            username=service, password=None, database=database
        ).render_as_string(),
        service_role=service,
    )
    try:
        _run(POSTGRES_ADMIN_URL, _statements(create, names))
        _run(urls.admin_url, _statements(schema, names))
        upgrade_database(urls.owner_url)
        _run(urls.owner_url, _statements(grants, names))
        yield urls
    finally:
        _run(
            POSTGRES_ADMIN_URL,
            [
                f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)',
                f'DROP ROLE IF EXISTS "{service}"',
                f'DROP ROLE IF EXISTS "{owner}"',
            ],
        )
