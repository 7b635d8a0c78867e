"""Domain exceptions. No HTTP here: ``matching.api.problems`` maps them.

Exception tree::

    DomainError
    ├── Unauthenticated   no valid token (or wrong credentials)
    ├── Forbidden         the caller's role or scope does not allow this
    │   └── TooManyAttempts repeated failed sign-ins; retry later
    ├── NotFound          a referenced object does not exist (or is out of scope)
    ├── Conflict          the request contradicts stored state (duplicate, bad transition)
    │   └── HeadcountFull the posting has no vacancy left
    └── InvalidInput      a field's value is unacceptable for a domain reason

Messages are :class:`~matching.i18n.Text`, rendered in the caller's language by whoever
answers (the API by ``Accept-Language``, a page by the user's choice, the CLI by the
environment). A plain ``str`` is still accepted from modules whose wording has not moved
into the catalogue yet; it is shown as it is in every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.i18n import Text

Message = Text | str
"""A person-facing message: catalogue text, or (until converted) a literal string."""

RESOURCES: dict[str, Text] = {
    "community": Text("community"),
    "employer": Text("employer"),
    "posting": Text("posting"),
    "proposal": Text("proposal"),
    "referral": Text("referral"),
    "seeker": Text("seeker"),
    "skill": Text("skill"),
    "station": Text("station"),
    "subdistrict": Text("subdistrict"),
    "token": Text("token"),
    "user": Text("user"),
}
"""What the resources that can be missing are called, for :class:`NotFound` messages."""


@dataclass(frozen=True, slots=True)
class FieldCandidate:
    """One thing an ambiguous value may mean (a skill ``cz`` may stand for)."""

    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem with one input field, rendered as ``errors[]`` in responses.

    ``candidates`` lists what an ambiguous value may mean, for the caller to choose from.
    """

    field: str
    code: str
    message: Message
    candidates: tuple[FieldCandidate, ...] = ()


class DomainError(Exception):
    """Base of every error the services raise on purpose."""

    code = "domain_error"

    def __init__(self, message: Message, *, problems: tuple[FieldProblem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems


class Unauthenticated(DomainError):
    """No valid credentials were presented."""

    code = "unauthenticated"


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    code = "forbidden"


class TooManyAttempts(Forbidden):
    """Too many failed sign-ins; ``retry_after_seconds`` says when to try again."""

    code = "too_many_attempts"

    def __init__(self, message: Message, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class NotFound(DomainError):
    """The object does not exist, or the caller may not know it exists."""

    code = "not_found"

    def __init__(
        self,
        resource: str,
        object_id: object,
        *,
        field: str | None = None,
        message: Text | None = None,
    ) -> None:
        message = message or Text(
            "{resource} {id} not found", resource=RESOURCES.get(resource, resource), id=object_id
        )
        problems = (FieldProblem(field, "not_found", message),) if field else ()
        super().__init__(message, problems=problems)
        self.resource = resource
        self.object_id = object_id


class Conflict(DomainError):
    """The request contradicts stored state; ``existing`` may point at the object in the way."""

    code = "conflict"

    def __init__(
        self,
        message: Message,
        *,
        problems: tuple[FieldProblem, ...] = (),
        existing: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message, problems=problems)
        self.existing = existing


class HeadcountFull(Conflict):
    """Every vacancy of the posting is taken."""

    code = "headcount_full"


class InvalidInput(DomainError):
    """A value passed type validation but is unacceptable (unknown reference, bad range...)."""

    code = "invalid_input"

    def __init__(self, field: str, code: str, message: Message) -> None:
        super().__init__(message, problems=(FieldProblem(field, code, message),))

    @classmethod
    def many(cls, problems: list[FieldProblem]) -> InvalidInput:
        """Build one error carrying several field problems (the first one's message leads)."""
        first = problems[0]
        error = cls(first.field, first.code, first.message)
        error.problems = tuple(problems)
        return error
