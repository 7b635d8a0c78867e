"""Logging set-up that blanks ID and phone numbers in every record, however spelt.

Code should never log personal data in the first place; this is the safety net. The
riskiest line is uvicorn's access log: it prints each request target *with* its query
string, as the client sent it (``/api/v1/seekers?q=138%200013%208000``). So records
are cleaned when they are created (a log-record factory), before any handler, filter
or test capture sees them; :class:`RedactingFilter` on our own handler stays as a
second net. What counts as a number is :mod:`matching.identifiers.spotting`'s call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from matching.identifiers.spotting import spot_identifiers

__all__ = ["RedactingFilter", "configure_logging", "redact", "redact_record"]

_TOKENS = {"phone": "[phone]", "resident_id": "[resident-id]"}
_ACCESS_LOGGERS = ("uvicorn", "uvicorn.access", "uvicorn.error")


def redact(text: str) -> str:
    """Replace anything shaped like a resident ID or mobile number, in any spelling.

    >>> redact("GET /api/v1/seekers?q=138+0013+8000")
    'GET /api/v1/seekers?q=[phone]'
    """
    spots = spot_identifiers(text)
    if not spots:
        return text
    pieces, last = [], 0
    for spot in spots:
        pieces += [text[last : spot.start], _TOKENS[spot.kind]]
        last = spot.end
    pieces.append(text[last:])
    return "".join(pieces)


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Blank numbers in the record's message, its arguments, traceback and stack text.

    String arguments are cleaned one by one, so formatters that unpack ``args`` (as
    uvicorn's access formatter does) keep working; if the formatted message still
    shows a number (an int argument, a number split over arguments) the record is
    collapsed to its cleaned message.
    """
    if isinstance(record.msg, str):
        record.msg = redact(record.msg)
    record.args = _redacted_args(record.args)
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: logging reports it, we keep what we have
        message = None
    if message is not None:
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


def _redacted_args(args: Any) -> Any:
    if isinstance(args, tuple):
        return tuple(redact(arg) if isinstance(arg, str) else arg for arg in args)
    if isinstance(args, Mapping):
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in args.items()
        }
    return args


class RedactingFilter(logging.Filter):
    """Clean each record with :func:`redact_record` (for handlers that need it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


class _RedactingRecordFactory:
    """A log-record factory that cleans every record it makes."""

    def __init__(self, make: Callable[..., logging.LogRecord]) -> None:
        self.make = make

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(self.make(*args, **kwargs))


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr, every record cleaned, uvicorn's loggers included (idempotent)."""
    current = logging.getLogRecordFactory()
    if not isinstance(current, _RedactingRecordFactory):
        logging.setLogRecordFactory(_RedactingRecordFactory(current))
    root = logging.getLogger()
    if not any(isinstance(f, RedactingFilter) for h in root.handlers for f in h.filters):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
    root.setLevel(level)
    # uvicorn's own handlers (set up before the app is imported) would print access
    # lines with their own formatter; ours go through the root handler above.
    for name in _ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
