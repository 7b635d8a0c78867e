"""Responses the app serialises itself."""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel


def json_body(model: BaseModel, *, status_code: int = 200) -> Response:
    """``model`` as a JSON response, serialised once.

    For routes whose bodies are large and built from validated models (a page of
    matches is about 100 KB): FastAPI would validate the model again before
    serialising it (for a sync route, in one more worker-thread hop). The route still declares
    ``response_model`` so the OpenAPI schema is unchanged, and the schema tests check
    the bodies against it.
    """
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json")
