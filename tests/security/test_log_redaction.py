"""No phone or resident ID number reaches a log line, whatever its spelling.

The leak that matters is uvicorn's access log: it prints each request target with
its query string exactly as the client sent it. So the served set-up is run for
real - uvicorn configures its logging, then :func:`configure_logging` (as
``matching.api.main`` does on import), then a real server on a socket - and its
output and every captured record are read back.
"""

from __future__ import annotations

import io
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator

import httpx2 as httpx
import pytest
import uvicorn

from matching.api.app import create_app
from matching.config import Settings
from matching.db.session import Database
from matching.logging import RedactingFilter, configure_logging, redact
from tests.support.auth import bearer

PHONE = "13800138000"
RESIDENT_ID = "11010519491231002X"

# How the same number arrives in a query string: (label, raw text after "q=").
URL_SPELLINGS = [
    ("plain", "13800138000"),
    ("dashes", "138-0013-8000"),
    ("spaces", "138%200013%208000"),
    ("plus", "138+0013+8000"),
    (
        "full-width",
        "%EF%BC%91%EF%BC%93%EF%BC%98%EF%BC%90%EF%BC%90%EF%BC%91%EF%BC%93%EF%BC%98"
        "%EF%BC%90%EF%BC%90%EF%BC%90",
    ),
    ("+86", "%2B86%20138%200013%208000"),
    ("+86 as plus", "+86+13800138000"),
    ("0086", "0086-138-0013-8000"),
    ("mixed", "%EF%BC%91%EF%BC%938-0013.8000"),
    ("double-encoded", "138%25200013%25208000"),
    ("zero-width", "138%E2%80%8B0013%E2%80%8B8000"),
]
ID_SPELLINGS = [
    ("id plain", "11010519491231002X"),
    ("id lower x", "11010519491231002x"),
    ("id spaced", "110105%2019491231%20002X"),
    ("id full-width", "%EF%BC%91%EF%BC%91010519491231002X"),
    ("id old 15 digits", "110105491231002"),
]


@pytest.mark.parametrize(
    "text",
    [
        "13800138000",
        "138-0013-8000",
        "138 0013 8000",
        "138+0013+8000",
        "138%200013%208000",
        "１３８００１３８０００",
        "%EF%BC%91%EF%BC%93%EF%BC%98%EF%BC%90%EF%BC%90%EF%BC%91%EF%BC%93%EF%BC%98%EF%BC%90%EF%BC%90%EF%BC%90",
        "+86 138 0013 8000",
        "+8613800138000",
        "0086 138 0013 8000",
        "%2B86%20138%200013%208000",
        "138%25200013%25208000",
        "１38-0013 8000",
        "138－0013－8000",
        "138.0013.8000",
        "138/0013/8000",
        "138_0013_8000",
        "138 - 0013 - 8000",
        "138\u00a00013\u00a08000",
        "138\u30000013\u30008000",
        "138\u200b0013\u200b8000",
    ],
)
def test_redacts_every_spelling_of_a_phone(text: str) -> None:
    assert redact(f"GET /api/v1/seekers?q={text} HTTP/1.1") == (
        "GET /api/v1/seekers?q=[phone] HTTP/1.1"
    )


@pytest.mark.parametrize(
    "text",
    [
        "11010519491231002X",
        "11010519491231002x",
        "110105 19491231 002X",
        "110105-1949-1231-002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105%2019491231%20002X",
        "110105491231002",
        "37098319800101002X",
    ],
)
def test_redacts_every_spelling_of_a_resident_id(text: str) -> None:
    assert redact(f"lookup {text} failed") == "lookup [resident-id] failed"


@pytest.mark.parametrize(
    "text",
    [
        "seeker 10001 updated",
        "GET /api/v1/seekers/10001/matches?limit=20&offset=40 HTTP/1.1",
        "2026-11-29 13:45:01,123 INFO matching.api ready",
        "2026-11-29T13:45:01.123456+08:00",
        "year 2026, amount ¥13,800.50, 1.5 km, pay 13800 to 13800 yuan",
        "took 1380013800 ns",
        "epoch 1732860000000",
        "order 2026112912345678901",
        "12800138000",
        "138001380001",
        "ids 10001 10002 10003",
        "202611291234567890",
        "371283202613451234",
        "100000000000000",
        "127.0.0.1:54321 - 192.168.100.138:8000",
        "uid 550e8400-e29b-41d4-a716-446655440000",
    ],
)
def test_leaves_numbers_that_are_not_phone_or_id_shaped(text: str) -> None:
    assert redact(text) == text


@pytest.fixture
def logging_restored() -> Iterator[None]:
    """Undo what uvicorn's and our logging set-up do to the process-wide logging state."""
    factory = logging.getLogRecordFactory()
    loggers = [
        logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.access", "uvicorn.error")
    ]
    saved = [(lg.handlers[:], lg.propagate, lg.level, lg.disabled) for lg in loggers]
    yield
    logging.setLogRecordFactory(factory)
    for logger, (handlers, propagate, level, disabled) in zip(loggers, saved, strict=True):
        logger.handlers[:] = handlers
        logger.propagate, logger.disabled = propagate, disabled
        logger.setLevel(level)


def _configured_output() -> io.StringIO:
    """Point the handler :func:`configure_logging` installed at a buffer and return it."""
    buffer = io.StringIO()
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler)
        and any(isinstance(f, RedactingFilter) for f in h.filters)
    )
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    return buffer


def test_every_record_is_clean_for_every_handler(
    logging_restored: None, caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging()
    logger = logging.getLogger("matching.test")

    logger.info("phone %s, again %d", "138 0013 8000", int(PHONE))
    try:
        raise ValueError(f"resident {RESIDENT_ID} not found")
    except ValueError:
        logger.exception("lookup failed for %s", "１３８００１３８０００")

    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["phone [phone], again [phone]", "lookup failed for [phone]"]
    assert "resident [resident-id] not found" in caplog.text
    assert RESIDENT_ID[:14] not in caplog.text and "0013" not in caplog.text


@pytest.fixture
def served(
    logging_restored: None, database: Database, settings: Settings
) -> Iterator[tuple[str, io.StringIO]]:
    """The app under a real uvicorn server, logging as when served; (base URL, log output)."""
    # uvicorn configures its loggers when its Config is made, before the app module
    # is imported; matching.api.main then calls configure_logging().
    config = uvicorn.Config(create_app(settings, database), ws="none", lifespan="on")
    configure_logging()
    output = _configured_output()
    server = uvicorn.Server(config)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", output
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def test_access_log_of_real_server_blanks_numbers_in_the_query(
    served: tuple[str, io.StringIO], admin_token: str, caplog: pytest.LogCaptureFixture
) -> None:
    base_url, output = served
    spellings = [(label, raw, "[phone]") for label, raw in URL_SPELLINGS]
    spellings += [(label, raw, "[resident-id]") for label, raw in ID_SPELLINGS]

    with httpx.Client(headers=bearer(admin_token)) as client:
        for _label, raw, _token in spellings:
            client.get(f"{base_url}/api/v1/seekers?q={raw}")

    printed = re.findall(r'"GET (\S+) HTTP/1\.1" \d{3}', output.getvalue())
    captured = [
        re.search(r'"GET (\S+) HTTP', record.getMessage())
        for record in caplog.records
        if record.name == "uvicorn.access"
    ]
    expected = [f"/api/v1/seekers?q={token}" for _label, _raw, token in spellings]
    assert printed == expected
    assert [match.group(1) if match else None for match in captured] == expected
