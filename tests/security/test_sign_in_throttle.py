"""Per-client-address throttle, trusted proxies, hashed keys and pruning (both backends)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.api.app import create_app
from matching.config import Settings
from matching.db.base import utcnow
from matching.db.models import SignInThrottle
from matching.db.session import Database
from matching.enums import Role
from matching.services.auth import ADDRESS_FIELD, USERNAME_FIELD
from matching.services.context import ServiceContext
from tests.support.auth import PASSWORD, make_user

pytestmark = pytest.mark.db

LOGIN = "/api/v1/auth/login"
LIMIT = 3
"""The per-address limit in these tests (the default, 20, only costs time)."""

Clients = Callable[..., AbstractContextManager[TestClient]]


@pytest.fixture
def clients(database: Database, settings: Settings) -> Clients:
    """Build clients of one app with a small per-address limit, from a chosen address."""

    @contextmanager
    def client(address: str = "192.0.2.10", **overrides: Any) -> Iterator[TestClient]:
        limited = settings.model_copy(update={"login_address_max_failures": LIMIT, **overrides})
        app = create_app(limited, database)
        with TestClient(app, raise_server_exceptions=False, client=(address, 50000)) as test:
            yield test

    return client


def _fail(client: TestClient, username: str, **headers: str) -> int:
    body = {"username": username, "password": "wrong-password-guess"}
    return client.post(LOGIN, json=body, headers=headers).status_code


def _failures(session: Session, key_hash: str) -> int | None:
    return session.scalar(
        select(SignInThrottle.failures).where(SignInThrottle.key_hash == key_hash)
    )


def test_spraying_usernames_from_one_address_gets_429_after_the_address_limit(
    clients: Clients, ctx: ServiceContext, session: Session
) -> None:
    make_user(ctx, role=Role.admin, username="real.admin")
    with clients("192.0.2.10") as sprayer:
        sprayed = [_fail(sprayer, f"guess.{n}") for n in range(LIMIT)]
        refused = sprayer.post(LOGIN, json={"username": "real.admin", "password": PASSWORD})

    assert sprayed == [401] * LIMIT
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    address = ctx.cipher.blind_index("192.0.2.10", field=ADDRESS_FIELD)
    assert _failures(session, address) == LIMIT + 1  # the refused attempt is counted too


def test_address_limit_leaves_other_addresses_alone(clients: Clients, ctx: ServiceContext) -> None:
    make_user(ctx, role=Role.admin, username="real.admin")
    with clients("192.0.2.10") as sprayer:
        for n in range(LIMIT):
            _fail(sprayer, f"guess.{n}")
    with clients("198.51.100.7") as colleague:
        response = colleague.post(LOGIN, json={"username": "real.admin", "password": PASSWORD})

    assert response.status_code == 200, response.text


def test_forwarded_for_is_ignored_without_trusted_proxies(clients: Clients) -> None:
    with clients("192.0.2.10") as sprayer:
        codes = [
            _fail(sprayer, f"guess.{n}", **{"X-Forwarded-For": f"203.0.113.{n}"})
            for n in range(LIMIT + 1)
        ]

    assert codes == [401] * LIMIT + [429]


def test_forwarded_for_from_a_trusted_proxy_names_the_client(
    clients: Clients, ctx: ServiceContext, session: Session
) -> None:
    with clients("10.0.0.2", trusted_proxies=["10.0.0.0/8"]) as proxy:
        codes = [
            _fail(proxy, f"guess.{n}", **{"X-Forwarded-For": f"203.0.113.{n}, 10.0.0.9"})
            for n in range(LIMIT + 1)
        ]

    assert codes == [401] * (LIMIT + 1)
    for n in range(LIMIT + 1):
        client = ctx.cipher.blind_index(f"203.0.113.{n}", field=ADDRESS_FIELD)
        assert _failures(session, client) == 1
    assert _failures(session, ctx.cipher.blind_index("10.0.0.2", field=ADDRESS_FIELD)) is None


def test_counters_store_keyed_hashes_not_addresses_or_usernames(
    clients: Clients, ctx: ServiceContext, session: Session
) -> None:
    with clients("192.0.2.10") as client:
        _fail(client, "mistyped.name")

    keys = set(session.scalars(select(SignInThrottle.key_hash)))
    assert keys == {
        ctx.cipher.blind_index("192.0.2.10", field=ADDRESS_FIELD),
        ctx.cipher.blind_index("mistyped.name", field=USERNAME_FIELD),
    }


def test_a_successful_sign_in_is_not_counted_against_its_address(
    clients: Clients, ctx: ServiceContext, session: Session
) -> None:
    make_user(ctx, role=Role.admin, username="real.admin")
    with clients("192.0.2.10") as client:
        _fail(client, "real.admin")
        statuses = [
            client.post(LOGIN, json={"username": "real.admin", "password": PASSWORD}).status_code
            for _ in range(LIMIT + 1)
        ]

    assert statuses == [200] * (LIMIT + 1)
    address = ctx.cipher.blind_index("192.0.2.10", field=ADDRESS_FIELD)
    assert _failures(session, address) == 1
    username = ctx.cipher.blind_index("real.admin", field=USERNAME_FIELD)
    assert _failures(session, username) is None  # a success clears its username


def test_ended_windows_are_pruned_on_the_next_sign_in(
    clients: Clients, ctx: ServiceContext, session: Session
) -> None:
    ended = utcnow() - timedelta(seconds=1)
    session.add_all(
        SignInThrottle(key_hash=f"{n:064x}", failures=9, window_ends_at=ended) for n in range(5)
    )
    session.flush()
    with clients("192.0.2.10") as client:
        _fail(client, "someone")

    left = set(session.scalars(select(SignInThrottle.key_hash)))
    assert left == {
        ctx.cipher.blind_index("192.0.2.10", field=ADDRESS_FIELD),
        ctx.cipher.blind_index("someone", field=USERNAME_FIELD),
    }
