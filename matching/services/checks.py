"""Collect the field problems of one request and report them all at once.

A clerk who typed three things wrong should hear about all three, not fix one, resubmit
and meet the next. Services run their independent checks through :class:`FieldChecks`;
checks that depend on an earlier one (a scope test needs the community to exist, a
duplicate test needs a parsed ID number) run after :meth:`FieldChecks.raise_any`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from matching.errors import DomainError, FieldProblem, InvalidInput, NotFound

P = ParamSpec("P")
T = TypeVar("T")


class FieldChecks:
    """Independent checks of one request; their problems are raised together.

    Only field problems are collected (:class:`InvalidInput`, and :class:`NotFound` of a
    reference in the body): they share one status, 422. Anything else propagates at once.
    """

    def __init__(self) -> None:
        self._errors: list[DomainError] = []

    def run(self, check: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T | None:
        """``check(*args, **kwargs)``; None when it found a field problem (kept for later)."""
        try:
            return check(*args, **kwargs)
        except (InvalidInput, NotFound) as error:
            if not error.problems:  # the addressed object itself is missing: a 404
                raise
            self._errors.append(error)
            return None

    def add(self, problem: FieldProblem) -> None:
        """Keep one problem found without raising."""
        self._errors.append(InvalidInput(problem.field, problem.code, problem.message))

    def raise_any(self) -> None:
        """Raise what was found: the one error as it was, or every problem in one 422."""
        if len(self._errors) == 1:
            raise self._errors[0]
        if self._errors:
            raise InvalidInput.many([p for error in self._errors for p in error.problems])
