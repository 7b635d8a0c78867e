"""The password policy: what a password must not be, checked wherever one is set.

A password needs at least :data:`MIN_PASSWORD_LENGTH` characters and must not be (all
compared case-insensitively):

* one of the common passwords in ``common_passwords.txt`` (breach lists, Chinese
  favourites such as ``woaini1314``, keyboard walks);
* the username, or contain it;
* one character or one run repeated (``aaaaaaaaaa``, ``abababababab``);
* a sequential run of digits, letters or a keyboard row, forwards or backwards
  (``1234567890``, ``abcdefghij``, ``qwertyuiop``, ``9876543210``).

>>> [problem.code for problem in password_problems("Qwertyuiop", username="li")]
['common', 'sequential']
>>> password_problems("demo-2026-feicheng", username="admin")
[]
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from matching.access.passwords import MIN_PASSWORD_LENGTH
from matching.errors import FieldProblem, InvalidInput
from matching.messages import parser_message

CYCLIC_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz")
"""Runs that people continue past their end (``7890123456``, ``xyzabcdefg``)."""
KEYBOARD_ROWS = ("`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./")
MIN_RUN = 3
"""Shorter strings are trivially runs; the length rule speaks for them."""


def check_password(password: str, *, username: str, field: str = "password") -> None:
    """Raise :class:`InvalidInput` naming ``field`` with every rule ``password`` breaks."""
    problems = password_problems(password, username=username, field=field)
    if problems:
        raise InvalidInput.many(problems)


def password_problems(
    password: str, *, username: str, field: str = "password"
) -> list[FieldProblem]:
    """The rules ``password`` breaks, as field problems (empty when it is acceptable)."""
    folded = password.casefold()
    broken: list[tuple[str, str]] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        broken.append(
            ("too_short", f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
        )
    if folded in common_passwords():
        broken.append(("common", "this is one of the most common passwords"))
    if username and username.casefold() in folded:
        broken.append(("contains_username", "the password must not contain the username"))
    if _repeats_one_run(folded):
        broken.append(("repeated", "the password must not be one character or run repeated"))
    if _is_sequential(folded):
        broken.append(("sequential", "the password must not be a sequence like 1234567890"))
    return [
        FieldProblem(field, code, parser_message("password", code, english))
        for code, english in broken
    ]


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The bundled common passwords, lowercased (loaded once)."""
    text = files("matching.access").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().casefold()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _repeats_one_run(text: str) -> bool:
    """Whether ``text`` is one shorter string repeated (a string is in its own square
    at an offset shorter than itself exactly when it is periodic)."""
    return len(text) >= MIN_RUN and (text + text).find(text, 1) < len(text)


def _is_sequential(text: str) -> bool:
    if len(text) < MIN_RUN:
        return False
    for run in CYCLIC_RUNS:
        laps = run * (len(text) // len(run) + 2)
        if text in laps or text in laps[::-1]:
            return True
    return any(text in row or text in row[::-1] for row in KEYBOARD_ROWS)
