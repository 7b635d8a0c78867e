"""Opaque bearer tokens: 256 random bits; only their SHA-256 digest is stored."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "mt_"


def new_token() -> str:
    """Return a new random bearer token."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The stored form of a token (a fast hash is right here: tokens are not guessable)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
