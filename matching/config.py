"""Settings, read from the environment with the prefix ``MATCHING_``.

Build them with :func:`get_settings`; nothing is read at import time.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from matching.clock import CITY_UTC_OFFSET_HOURS, Clock

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Development keys: usable out of the box, refused by ``matching check-deploy``.
DEV_PII_KEY = "ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE="
DEV_INDEX_KEY = "ZGV2LW9ubHktaW5kZXgta2V5LW5vdC1mb3ItcHJvZCE="


class Settings(BaseSettings):
    """Runtime configuration of the service."""

    model_config = SettingsConfigDict(env_prefix="MATCHING_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///matching.db",
        description="SQLAlchemy URL; PostgreSQL in production, e.g. "
        "postgresql+psycopg://user@host:5432/matching",
    )
    debug: bool = False
    data_dir: Path = DATA_DIR
    default_page_size: int = Field(default=50, ge=1, le=200)
    max_page_size: int = Field(default=200, ge=1, le=1000)
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)
    log_level: str = "INFO"
    pii_keys: dict[int, str] = Field(
        default_factory=lambda: {1: DEV_PII_KEY},
        description="AES-256-GCM keys by id (urlsafe base64 of 32 bytes), as JSON",
    )
    pii_active_key_id: int = 1
    pii_index_key: str = Field(
        default=DEV_INDEX_KEY, description="HMAC key of the blind indexes (base64, 32 bytes)"
    )
    docs_public: bool = Field(
        default=True,
        description="Serve /docs, /redoc and /openapi.json without a token (development only)",
    )
    cors_allow_origins: list[str] = Field(
        default_factory=list, description="Origins allowed by CORS; never '*' in production"
    )
    max_body_bytes: int = Field(default=262_144, ge=1024, description="Largest request body")
    token_ttl_minutes: int = Field(default=480, ge=5, le=43_200)
    service_token_ttl_days: int = Field(default=365, ge=1, le=3650)
    idempotency_ttl_hours: int = Field(
        default=24, ge=1, le=720, description="How long a retry with the same key is answered"
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Password checks per username per window (known or not)"
    )
    login_lockout_seconds: int = Field(
        default=900, ge=1, description="Window and lock-out of the per-username count"
    )
    login_address_max_failures: int = Field(
        default=20,
        ge=1,
        description="Failed sign-ins per client address per window, whatever the usernames",
    )
    login_address_lockout_seconds: int = Field(
        default=900, ge=1, description="Window and lock-out of the per-address count"
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses or networks of reverse proxies whose X-Forwarded-For names "
        'the client (JSON list, e.g. ["10.0.0.5"]); empty: the TCP peer is the client',
    )
    clerk_scope: Literal["community", "subdistrict"] = Field(
        default="subdistrict",
        description="Which seekers a clerk sees by default: its station's community or subdistrict",
    )
    near_home_km: float = Field(
        default=2.0,
        ge=0,
        le=50,
        description="Reports: work within this distance of home (km) is near home (就近就业)",
    )
    near_home_minutes: int | None = Field(
        default=None,
        ge=1,
        le=240,
        description="Reports: also near home when the seeker's own way of travel takes at most "
        "this many minutes (off when unset)",
    )
    full_employment_share: float = Field(
        default=0.9,
        gt=0,
        le=1,
        description="Reports: share of seekers wanting work who must be in work for a "
        "full-employment community (高质量充分就业社区)",
    )
    full_employment_min_seekers: int = Field(
        default=1,
        ge=1,
        description="Reports: fewest seekers wanting work for a community to be assessed at all",
    )
    city_utc_offset_hours: int = Field(
        default=CITY_UTC_OFFSET_HOURS,
        ge=-12,
        le=14,
        description="The city's time zone (hours from UTC; 肥城 +8): its local date is "
        "'today' everywhere - report periods and months, posting end dates, ages, waiting days",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            ipaddress.ip_network(entry, strict=False)  # ValueError names the bad entry
        return value


def city_clock(settings: Settings) -> Clock:
    """The real clock on the city's calendar (``city_utc_offset_hours``)."""
    return Clock(utc_offset_hours=settings.city_utc_offset_hours)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, built on first use."""
    return Settings()
