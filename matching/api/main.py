"""The ASGI app for uvicorn: ``uvicorn matching.api.main:app``."""

from matching.api.app import create_app
from matching.config import get_settings
from matching.logging import configure_logging

configure_logging(get_settings().log_level)
app = create_app(freeze_gc_after_start=True)
