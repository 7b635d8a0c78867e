"""Map every error to RFC 9457 ``application/problem+json`` with ``errors[].field``."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import partial
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from matching.errors import (
    Conflict,
    DomainError,
    FieldProblem,
    Forbidden,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
)
from matching.schemas.problem import FieldCandidate, FieldError, Problem

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("matching.api")


def problem_response(
    status: int,
    *,
    detail: str | None = None,
    errors: Sequence[FieldProblem] = (),
    existing: dict[str, object] | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Build a problem+json response."""
    problem = Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=instance,
        errors=[_field_error(e) for e in errors],
        existing=existing,
    )
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _field_error(problem: FieldProblem) -> FieldError:
    candidates = [
        FieldCandidate(code=one.code, name_zh=one.name_zh, name_en=one.name_en)
        for one in problem.candidates
    ]
    return FieldError(
        field=problem.field,
        code=problem.code,
        message=problem.message,
        candidates=candidates or None,
    )


def field_path(location: Sequence[Any]) -> str:
    """``("body", "skills", 0, "skill")`` -> ``"skills[0].skill"``."""
    parts = list(location)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "[key]":
            path += "[key]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _error_field(error: dict[str, Any]) -> str:
    # A JSON syntax error's location is a character position, not a field.
    if error.get("type") == "json_invalid":
        return ""
    return field_path(error.get("loc", ()))


def _message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "invalid"))
    return message.removeprefix("Value error, ")


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        FieldProblem(_error_field(error), str(error.get("type", "invalid")), _message(error))
        for error in exc.errors()
    ]
    return problem_response(
        422,
        detail="请求内容有误 / the request is invalid",
        errors=problems,
        instance=request.url.path,
    )


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    status, headers = _status_of(exc)
    existing = exc.existing if isinstance(exc, Conflict) else None
    return problem_response(
        status,
        detail=exc.message,
        errors=exc.problems,
        existing=existing,
        instance=request.url.path,
        headers=headers,
    )


def _status_of(exc: DomainError) -> tuple[int, dict[str, str] | None]:
    if isinstance(exc, Unauthenticated):
        return 401, {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, TooManyAttempts):
        return 429, {"Retry-After": str(exc.retry_after_seconds)}
    if isinstance(exc, Forbidden):
        return 403, None
    if isinstance(exc, NotFound):
        return (422 if exc.problems else 404), None
    if isinstance(exc, Conflict):
        return 409, None
    return 422, None


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    # A value the database cannot store that validation let through: the client's fault.
    logger.info("data error on %s %s", request.method, request.url.path)
    return problem_response(
        422,
        detail="数据无法保存（含不支持的字符或超出范围） / value not storable",
        instance=request.url.path,
    )


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    # A constraint caught a race that the services' checks could not see; say no more.
    logger.info("integrity conflict on %s %s", request.method, request.url.path)
    return problem_response(
        409,
        detail="与已有数据冲突，请刷新后重试 / conflicts with stored data",
        instance=request.url.path,
    )


async def _busy_error(request: Request, exc: Exception) -> JSONResponse:
    logger.warning(
        "database busy on %s %s: %s", request.method, request.url.path, type(exc).__name__
    )
    return problem_response(
        503,
        detail="系统繁忙，请稍后重试 / database busy, retry shortly",
        headers={"Retry-After": "1"},
        instance=request.url.path,
    )


HTTP_DETAILS = {
    400: "请求内容无法解析 / the request body could not be parsed",
    404: "没有这个地址 / no such resource",
    405: "不支持此方法 / method not allowed",
}


class AllowedMethods:
    """Which methods the API serves at a path, for the ``Allow`` header of a 405.

    Starlette's router answers a wrong method with the ``Allow`` of the first route
    whose path matched; FastAPI keeps ``GET /x`` and ``PATCH /x`` as two routes, so
    that header named one method of the two.
    """

    def __init__(self, operations: Iterable[tuple[str, str]]) -> None:
        by_path: defaultdict[str, set[str]] = defaultdict(set)
        for method, path in operations:
            by_path[path].add(method)
        self._paths: list[tuple[re.Pattern[str], frozenset[str]]] = [
            (compile_path(path)[0], frozenset(methods)) for path, methods in by_path.items()
        ]

    def at(self, path: str) -> str | None:
        """``"GET, PATCH"`` for a path some operation serves, else None."""
        methods = set().union(*(served for regex, served in self._paths if regex.match(path)))
        return ", ".join(sorted(methods)) if methods else None


async def _http_error(request: Request, exc: Exception, *, allowed: AllowedMethods) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers) if exc.headers else {}
    served = allowed.at(request.url.path) if exc.status_code == 405 else None
    if served:
        headers["Allow"] = served
    return problem_response(
        exc.status_code,
        detail=HTTP_DETAILS.get(exc.status_code, str(exc.detail)),
        instance=request.url.path,
        headers=headers or None,
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # Type only: messages of driver errors can carry parameters.
    logger.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return problem_response(
        500, detail="服务器内部错误 / internal error", instance=request.url.path
    )


def install_problem_handlers(app: FastAPI, *, operations: Iterable[tuple[str, str]] = ()) -> None:
    """Register the handlers that turn every failure into problem+json.

    ``operations`` are the (method, path) pairs the app serves; a 405 lists them.
    """
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(OperationalError, _busy_error)
    app.add_exception_handler(
        StarletteHTTPException, partial(_http_error, allowed=AllowedMethods(operations))
    )
    app.add_exception_handler(Exception, _unexpected_error)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "description": HTTPStatus(status).phrase,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for status in (400, 401, 403, 404, 409, 413, 422)
}
