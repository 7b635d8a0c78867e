"""check_deployment and ``matching check-deploy``: each unsafe setting is named once."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from matching import cli
from matching.config import DEV_INDEX_KEY, DEV_PII_KEY, Settings, get_settings
from matching.db.migrations import upgrade_database
from matching.deploy_checks import LIMITS, check_deployment
from matching.pii import generate_key
from tests.support.service_roles import ServiceRoles, service_roles_database

ENCRYPTION_KEY = generate_key()
OLD_ENCRYPTION_KEY = generate_key()
INDEX_KEY = generate_key()
ZERO_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="  # 32 zero bytes
UNREACHABLE_URL = "postgresql+psycopg://postgres:s3cret-pw@127.0.0.1:1/test"


@pytest.fixture(autouse=True)
def no_matching_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings built here must not pick up the developer's MATCHING_* variables."""
    for name in list(os.environ):
        if name.startswith("MATCHING_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per module, journal mode back to the default."""
    path = tmp_path_factory.mktemp("migrated") / "matching.db"
    upgrade_database(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
    return path


@pytest.fixture
def sqlite_path(tmp_path: Path, migrated_sqlite: Path) -> Path:
    """This test's copy of the migrated SQLite database."""
    return Path(shutil.copyfile(migrated_sqlite, tmp_path / "matching.db"))


def safe_settings(sqlite_path: Path, **changes: Any) -> Settings:
    """A configuration fit for production, with ``changes`` applied."""
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{sqlite_path}",
        "pii_keys": {1: OLD_ENCRYPTION_KEY, 2: ENCRYPTION_KEY},
        "pii_active_key_id": 2,
        "pii_index_key": INDEX_KEY,
        "debug": False,
        "docs_public": False,
        "cors_allow_origins": ["https://jobs.example.cn"],
        "sqlite_busy_timeout_ms": 5000,
    }
    return Settings(**{**values, **changes})


def test_safe_configuration_has_no_problems(sqlite_path: Path) -> None:
    assert check_deployment(safe_settings(sqlite_path)) == []


UNSAFE = [
    ({"pii_keys": {1: OLD_ENCRYPTION_KEY, 2: DEV_PII_KEY}}, "pii_key.development", "pii_keys[2]"),
    ({"pii_keys": {1: DEV_INDEX_KEY, 2: ENCRYPTION_KEY}}, "pii_key.development", "pii_keys[1]"),
    ({"pii_keys": {1: OLD_ENCRYPTION_KEY, 2: "c2hvcnQ="}}, "pii_key.malformed", "pii_keys[2]"),
    ({"pii_keys": {1: "not base64!", 2: ENCRYPTION_KEY}}, "pii_key.malformed", "pii_keys[1]"),
    ({"pii_keys": {1: OLD_ENCRYPTION_KEY, 2: ZERO_KEY}}, "pii_key.all_zero", "pii_keys[2]"),
    # The same bytes spelt differently (a pasted newline) are still the same key.
    (
        {"pii_keys": {1: OLD_ENCRYPTION_KEY, 2: ENCRYPTION_KEY, 3: OLD_ENCRYPTION_KEY + "\n"}},
        "pii_key.duplicate",
        "pii_keys[3]",
    ),
    ({"pii_active_key_id": 3}, "pii_key.active_missing", "pii_active_key_id"),
    ({"pii_index_key": DEV_INDEX_KEY}, "pii_index_key.development", "pii_index_key"),
    ({"pii_index_key": DEV_PII_KEY}, "pii_index_key.development", "pii_index_key"),
    ({"pii_index_key": "c2hvcnQ="}, "pii_index_key.malformed", "pii_index_key"),
    ({"pii_index_key": ZERO_KEY}, "pii_index_key.all_zero", "pii_index_key"),
    ({"pii_index_key": OLD_ENCRYPTION_KEY}, "pii_index_key.reused", "pii_index_key"),
    ({"debug": True}, "debug.enabled", "debug"),
    ({"docs_public": True}, "docs.public", "docs_public"),
    ({"cors_allow_origins": ["https://a.cn", "*"]}, "cors.wildcard", "cors_allow_origins[1]"),
    ({"cors_allow_origins": [""]}, "cors.empty_origin", "cors_allow_origins[0]"),
    ({"cors_allow_origins": ["https://a.cn", "null"]}, "cors.null_origin", "cors_allow_origins[1]"),
    (
        {"cors_allow_origins": ["http://jobs.example.cn"]},
        "cors.insecure_origin",
        "cors_allow_origins[0]",
    ),
    (
        {"cors_allow_origins": ["http://localhost:8000"]},
        "cors.insecure_origin",
        "cors_allow_origins[0]",
    ),
    (
        {"cors_allow_origins": ["https://jobs.example.cn/"]},
        "cors.not_an_origin",
        "cors_allow_origins[0]",
    ),
    (
        {"cors_allow_origins": ["https://jobs.example.cn/app"]},
        "cors.not_an_origin",
        "cors_allow_origins[0]",
    ),
    (
        {"cors_allow_origins": ["https://Jobs.example.cn"]},
        "cors.not_an_origin",
        "cors_allow_origins[0]",
    ),
    (
        {"cors_allow_origins": ["https://jobs.example.cn:443"]},
        "cors.not_an_origin",
        "cors_allow_origins[0]",
    ),
    (
        {"cors_allow_origins": ["https://u@jobs.example.cn"]},
        "cors.not_an_origin",
        "cors_allow_origins[0]",
    ),
    ({"cors_allow_origins": ["jobs.example.cn"]}, "cors.not_an_origin", "cors_allow_origins[0]"),
    (
        {"cors_allow_origins": ["ftp://jobs.example.cn"]},
        "cors.not_an_origin",
        "cors_allow_origins[0]",
    ),
    ({"login_max_failures": 2}, "limits.out_of_range", "login_max_failures"),
    ({"login_max_failures": 11}, "limits.out_of_range", "login_max_failures"),
    ({"login_lockout_seconds": 299}, "limits.out_of_range", "login_lockout_seconds"),
    ({"login_lockout_seconds": 3601}, "limits.out_of_range", "login_lockout_seconds"),
    ({"token_ttl_minutes": 14}, "limits.out_of_range", "token_ttl_minutes"),
    ({"token_ttl_minutes": 1441}, "limits.out_of_range", "token_ttl_minutes"),
    ({"max_body_bytes": 16_383}, "limits.out_of_range", "max_body_bytes"),
    ({"max_body_bytes": 10 * 1024 * 1024 + 1}, "limits.out_of_range", "max_body_bytes"),
    ({"sqlite_busy_timeout_ms": 0}, "database.sqlite_busy_timeout", "sqlite_busy_timeout_ms"),
    ({"database_url": "sqlite://"}, "database.sqlite_memory", "database_url"),
    ({"database_url": "sqlite:///:memory:"}, "database.sqlite_memory", "database_url"),
    (
        {"database_url": "sqlite:///file::memory:?uri=true"},
        "database.sqlite_memory",
        "database_url",
    ),
    ({"database_url": "not a url"}, "database.url_invalid", "database_url"),
    ({"database_url": UNREACHABLE_URL}, "database.unreachable", "database_url"),
]


@pytest.mark.parametrize(("changes", "code", "setting"), UNSAFE)
def test_each_unsafe_setting_alone_is_its_one_problem(
    sqlite_path: Path, changes: dict[str, Any], code: str, setting: str
) -> None:
    problems = check_deployment(safe_settings(sqlite_path, **changes))

    assert [(problem.code, problem.setting) for problem in problems] == [(code, setting)]
    message = problems[0].message
    assert re.search("[\u4e00-\u9fff]", message.render("zh_CN"))
    assert message.render("en").isascii()


def test_missing_sqlite_file_is_reported_not_created(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"

    problems = check_deployment(safe_settings(path))

    assert [problem.code for problem in problems] == ["database.sqlite_missing"]
    assert not path.exists()


def test_file_that_is_not_a_database_is_unreachable(tmp_path: Path) -> None:
    path = tmp_path / "matching.db"
    path.write_bytes(b"this is not a SQLite database, just text " * 20)

    problems = check_deployment(safe_settings(path))

    assert [problem.code for problem in problems] == ["database.unreachable"]


def test_probe_reads_pragmas_from_a_real_connection(
    sqlite_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def engine_without_pragmas(url: str, **_: Any) -> Engine:
        return create_engine(url)

    monkeypatch.setattr("matching.deploy_checks.make_engine", engine_without_pragmas)

    problems = check_deployment(safe_settings(sqlite_path))

    assert [problem.code for problem in problems] == [
        "database.sqlite_foreign_keys",
        "database.sqlite_journal_mode",
    ]


def test_no_probe_skips_opening_the_database(tmp_path: Path) -> None:
    missing = safe_settings(tmp_path / "missing.db")
    unreachable = safe_settings(tmp_path, database_url=UNREACHABLE_URL)
    no_timeout = safe_settings(tmp_path / "missing.db", sqlite_busy_timeout_ms=0)
    in_memory = safe_settings(tmp_path, database_url="sqlite://")

    assert check_deployment(missing, probe_database=False) == []
    assert check_deployment(unreachable, probe_database=False) == []
    assert [p.code for p in check_deployment(no_timeout, probe_database=False)] == [
        "database.sqlite_busy_timeout"
    ]
    assert [p.code for p in check_deployment(in_memory, probe_database=False)] == [
        "database.sqlite_memory"
    ]


def test_bare_https_origins_with_ports_and_ipv6_are_safe(sqlite_path: Path) -> None:
    origins = ["https://jobs.example.cn", "https://jobs.example.cn:8443", "https://[2001:db8::1]"]

    assert check_deployment(safe_settings(sqlite_path, cors_allow_origins=origins)) == []


def test_not_an_origin_message_names_the_bare_form(sqlite_path: Path) -> None:
    settings = safe_settings(sqlite_path, cors_allow_origins=["https://Jobs.example.cn:443/"])

    (problem,) = check_deployment(settings)

    assert "https://jobs.example.cn" in problem.message.render("en")


def test_http_localhost_origin_is_refused_in_debug_mode_too(sqlite_path: Path) -> None:
    settings = safe_settings(sqlite_path, debug=True, cors_allow_origins=["http://localhost"])

    assert [problem.code for problem in check_deployment(settings)] == [
        "debug.enabled",
        "cors.insecure_origin",
    ]


@pytest.mark.parametrize("end", [0, 1], ids=["lowest", "highest"])
def test_limits_at_their_bounds_are_safe(sqlite_path: Path, end: int) -> None:
    at_bound = {setting: bounds[end] for setting, bounds in LIMITS.items()}

    assert check_deployment(safe_settings(sqlite_path, **at_bound)) == []


@pytest.mark.parametrize("revision", [None, "0007"], ids=["never_migrated", "behind_head"])
def test_database_not_at_head_is_not_migrated(tmp_path: Path, revision: str | None) -> None:
    path = tmp_path / "matching.db"
    sqlite3.connect(path).close()
    if revision:
        upgrade_database(f"sqlite:///{path}", revision)

    problems = check_deployment(safe_settings(path))

    assert [(problem.code, problem.setting) for problem in problems] == [
        ("database.not_migrated", "database_url")
    ]
    assert "matching db upgrade" in problems[0].message.render("zh_CN")


@pytest.fixture(scope="module")
def roles() -> Iterator[ServiceRoles]:
    """README's PostgreSQL set-up: an owner that migrated, a service role with grants."""
    with service_roles_database() as roles:
        yield roles


def test_postgresql_as_the_service_role_has_no_problems(
    tmp_path: Path, roles: ServiceRoles
) -> None:
    assert check_deployment(safe_settings(tmp_path, database_url=roles.service_url)) == []


def test_postgresql_as_a_superuser_is_refused(tmp_path: Path, roles: ServiceRoles) -> None:
    problems = check_deployment(safe_settings(tmp_path, database_url=roles.admin_url))

    assert [(problem.code, problem.setting) for problem in problems] == [
        ("database.superuser", "database_url")
    ]


def test_postgresql_as_the_owner_of_the_history_is_refused(
    tmp_path: Path, roles: ServiceRoles
) -> None:
    problems = check_deployment(safe_settings(tmp_path, database_url=roles.owner_url))

    assert [problem.code for problem in problems] == ["database.history_owner"]
    assert "audit_events, proposal_events" in problems[0].message.render("zh_CN")


def test_postgresql_role_that_may_set_replication_role_is_refused(
    tmp_path: Path, roles: ServiceRoles
) -> None:
    parameter = "PARAMETER session_replication_role"
    admin = create_engine(roles.admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'GRANT SET ON {parameter} TO "{roles.service_role}"'))
        try:
            problems = check_deployment(safe_settings(tmp_path, database_url=roles.service_url))
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'REVOKE SET ON {parameter} FROM "{roles.service_role}"'))
    finally:
        admin.dispose()

    assert [problem.code for problem in problems] == ["database.replication_role"]


def test_unreachable_database_message_hides_the_password(tmp_path: Path) -> None:
    (problem,) = check_deployment(safe_settings(tmp_path, database_url=UNREACHABLE_URL))

    for locale in ("zh_CN", "en"):
        assert "s3cret-pw" not in problem.message.render(locale)
        assert "postgres:***@127.0.0.1:1/test" in problem.message.render(locale)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, sqlite_path: Path) -> Iterator[pytest.MonkeyPatch]:
    """Safe MATCHING_* variables for ``matching.cli.main``; settings re-read around the test."""
    # configure_logging adds a root handler for good; keep it out of the test process.
    monkeypatch.setattr(cli, "configure_logging", lambda level: None)
    variables = {
        "MATCHING_DATABASE_URL": f"sqlite:///{sqlite_path}",
        "MATCHING_PII_KEYS": json.dumps({"1": ENCRYPTION_KEY}),
        "MATCHING_PII_INDEX_KEY": INDEX_KEY,
        "MATCHING_DEBUG": "false",
        "MATCHING_DOCS_PUBLIC": "false",
        "MATCHING_CORS_ALLOW_ORIGINS": json.dumps(["https://jobs.example.cn"]),
    }
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_cli_exits_0_when_settings_are_safe(
    environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check-deploy"]) == 0
    assert "部署配置检查通过" in capsys.readouterr().out


def test_cli_speaks_the_language_of_the_environment(
    environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.setenv("LANG", "en_US.UTF-8")
    environment.setenv("MATCHING_DEBUG", "true")

    assert cli.main(["check-deploy"]) == 1
    assert capsys.readouterr().out.splitlines() == ["debug.enabled\tdebug\tDebug mode is on"]


def test_cli_exits_1_and_prints_each_problem(
    environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.setenv("MATCHING_DEBUG", "true")
    environment.setenv("MATCHING_DOCS_PUBLIC", "true")

    assert cli.main(["check-deploy"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        ["debug.enabled", "debug"],
        ["docs.public", "docs_public"],
    ]


def test_cli_no_probe_does_not_open_the_database(
    environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.setenv("MATCHING_DATABASE_URL", UNREACHABLE_URL)

    assert cli.main(["check-deploy", "--no-probe"]) == 0
    get_settings.cache_clear()
    assert cli.main(["check-deploy"]) == 1
    assert "s3cret-pw" not in capsys.readouterr().out
