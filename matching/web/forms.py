"""Reading posted forms: plain values, and pydantic schemas with their errors by field."""

from __future__ import annotations

from starlette.datastructures import FormData


def form_text(form: FormData | None, name: str) -> str:
    """A text field of the form ('' when absent; files are not text)."""
    if form is None:
        return ""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def form_int(form: FormData | None, name: str) -> int | None:
    """A whole number field of the form (None when absent or not a number)."""
    text = form_text(form, name).strip()
    if not text.isdigit() or len(text) > 10:
        return None
    return int(text)
