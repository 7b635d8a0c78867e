"""BodySizeLimitMiddleware: 413 past the limit (declared or streamed), 400 on a bad length."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator

import anyio
import httpx2 as httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from matching.api.app import create_app
from matching.api.limits import BodySizeLimitMiddleware
from matching.config import Settings
from tests.api.helpers import problem_fields

LIMIT = 1024


class Echo:
    """A tiny app whose one route answers with the body it received."""

    def __init__(self) -> None:
        self.calls = 0
        self.app = Starlette(routes=[Route("/echo", self.echo, methods=["POST"])])

    async def echo(self, request: Request) -> Response:
        self.calls += 1
        return Response(await request.body(), media_type="application/octet-stream")


@pytest.fixture
def echo() -> Echo:
    return Echo()


@pytest.fixture
def client(echo: Echo) -> Iterator[TestClient]:
    with TestClient(BodySizeLimitMiddleware(echo.app, max_bytes=LIMIT)) as test_client:
        yield test_client


class Streamed:
    """Post a chunked body through httpx2's ASGI transport, one ASGI message per chunk.

    (Starlette's TestClient joins a generator body into one message, which would not
    exercise counting across messages.)
    """

    def __init__(self, *sizes: int) -> None:
        self.chunks = [bytes([65 + index]) * size for index, size in enumerate(sizes)]
        self.pulled = 0

    async def _body(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.pulled += 1
            yield chunk

    def post(self, app: ASGIApp, path: str = "/echo") -> httpx.Response:
        async def post() -> httpx.Response:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                return await client.post(path, content=self._body())

        return anyio.run(post)


def assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status
    assert problem_fields(response) == [""]
    body = response.json()
    assert body["title"] and body["detail"]
    assert [error["code"] for error in body["errors"]] == [code]


def test_small_body_passes_through_unchanged(client: TestClient, echo: Echo) -> None:
    response = client.post("/echo", content=b"x" * 100)

    assert response.status_code == 200
    assert response.content == b"x" * 100
    assert echo.calls == 1


def test_body_of_exactly_the_limit_passes(client: TestClient) -> None:
    response = client.post("/echo", content=b"x" * LIMIT)

    assert response.status_code == 200
    assert len(response.content) == LIMIT


def test_rejects_declared_length_over_the_limit(client: TestClient, echo: Echo) -> None:
    response = client.post("/echo", content=b"x" * (LIMIT + 1))

    assert_problem(response, 413, "body_too_large")
    assert response.headers["connection"] == "close"
    assert echo.calls == 0


def test_streamed_body_reaches_the_endpoint_intact(echo: Echo) -> None:
    streamed = Streamed(300, 300, 300)

    response = streamed.post(BodySizeLimitMiddleware(echo.app, max_bytes=LIMIT))

    assert response.request.headers["transfer-encoding"] == "chunked"
    assert response.status_code == 200
    assert response.content == b"A" * 300 + b"B" * 300 + b"C" * 300
    assert echo.calls == 1


def test_rejects_streamed_body_past_the_limit_and_stops_reading(echo: Echo) -> None:
    streamed = Streamed(*[600] * 10)

    response = streamed.post(BodySizeLimitMiddleware(echo.app, max_bytes=LIMIT))

    assert "content-length" not in response.request.headers
    assert_problem(response, 413, "body_too_large")
    assert streamed.pulled == 2
    assert echo.calls == 0


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "", "1e3"])
def test_rejects_malformed_content_length(client: TestClient, echo: Echo, value: str) -> None:
    response = client.post("/echo", content=b"", headers={"content-length": value})

    assert_problem(response, 400, "invalid_content_length")
    assert echo.calls == 0


def test_absurdly_long_content_length_is_too_large(client: TestClient) -> None:
    response = client.post("/echo", content=b"", headers={"content-length": "9" * 5000})

    assert_problem(response, 413, "body_too_large")


def request_messages(*chunks: bytes, complete: bool = True) -> list[Message]:
    """``http.request`` messages carrying ``chunks``; the last one ends the body if ``complete``."""
    return [
        {"type": "http.request", "body": chunk, "more_body": not complete or i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]


async def call(
    middleware: BodySizeLimitMiddleware, headers: list[tuple[bytes, bytes]], incoming: list[Message]
) -> list[Message]:
    """Drive the middleware by hand; after ``incoming`` the client disconnects."""
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/echo", "headers": headers}
    await middleware(scope, receive, send)
    return sent


def test_conflicting_content_lengths_are_malformed(echo: Echo) -> None:
    middleware = BodySizeLimitMiddleware(echo.app, max_bytes=LIMIT)
    headers = [(b"content-length", b"3"), (b"content-length", b"4")]

    sent = anyio.run(call, middleware, headers, request_messages(b"abc"))

    assert sent[0]["status"] == 400
    assert echo.calls == 0


def test_rejects_body_longer_than_its_declared_length(echo: Echo) -> None:
    middleware = BodySizeLimitMiddleware(echo.app, max_bytes=LIMIT)
    body = request_messages(b"x" * 1000, b"x" * 1000)

    sent = anyio.run(call, middleware, [(b"content-length", b"10")], body)

    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["errors"][0]["code"] == "body_too_large"
    assert echo.calls == 0


def test_client_gone_mid_body_gets_no_answer(echo: Echo) -> None:
    middleware = BodySizeLimitMiddleware(echo.app, max_bytes=LIMIT)

    sent = anyio.run(call, middleware, [], request_messages(b"x", complete=False))

    assert sent == []
    assert echo.calls == 0


@pytest.mark.parametrize("kind", ["websocket", "lifespan"])
def test_other_scopes_pass_through(kind: str) -> None:
    seen: list[tuple[Scope, Receive, Send]] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append((scope, receive, send))

    async def receive() -> Message:
        raise AssertionError("the middleware must not read")

    async def send(message: Message) -> None:
        raise AssertionError("the middleware must not answer")

    scope = {"type": kind}
    anyio.run(BodySizeLimitMiddleware(app, max_bytes=0), scope, receive, send)

    assert seen == [(scope, receive, send)]


def test_real_app_refuses_huge_station_body_before_the_database() -> None:
    app = create_app(Settings(database_url="sqlite://"))
    huge = json.dumps({"name": "驿站" * 10_000, "community_id": 1}).encode()

    with TestClient(BodySizeLimitMiddleware(app, max_bytes=LIMIT)) as client:
        response = client.post(
            "/api/v1/stations", content=huge, headers={"content-type": "application/json"}
        )

    assert_problem(response, 413, "body_too_large")
    assert response.json()["instance"] == "/api/v1/stations"


def test_real_app_refuses_huge_streamed_station_body() -> None:
    app = create_app(Settings(database_url="sqlite://"))

    response = Streamed(*[4096] * 8).post(
        BodySizeLimitMiddleware(app, max_bytes=LIMIT), "/api/v1/stations"
    )

    assert_problem(response, 413, "body_too_large")
