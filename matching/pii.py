"""Encryption at rest and blind indexes for personal data.

Values are encrypted with AES-256-GCM. The associated data binds a ciphertext to
its table, field and row (``seekers.phone:<uid>``), so a ciphertext copied into
another row or field does not decrypt. Exact lookup and de-duplication use a keyed
HMAC-SHA256 *blind index*: a plain hash would not do, because the space of resident
ID numbers is small enough to enumerate.

Token layout: ``key_id (1 byte) | nonce (12 bytes) | ciphertext+tag``. Several keys
may be configured; new values use the active one, old ones decrypt with theirs,
and ``matching keys rotate`` re-encrypts everything with the active key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Mapping

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


class PiiKeyError(ValueError):
    """A key is missing, malformed, or a ciphertext does not match its context."""


def decode_key(text: str) -> bytes:
    """Decode a urlsafe-base64 key of exactly 32 bytes."""
    try:
        key = base64.urlsafe_b64decode(text.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as error:
        raise PiiKeyError("key is not base64") from error
    if len(key) != 32:
        raise PiiKeyError("key must be 32 bytes")
    return key


def generate_key() -> str:
    """Return a new random key, urlsafe-base64 encoded."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


class PiiCipher:
    """Encrypts, decrypts and blind-indexes personal data with configured keys."""

    def __init__(self, *, keys: Mapping[int, bytes], active_key_id: int, index_key: bytes) -> None:
        if active_key_id not in keys:
            raise PiiKeyError(f"active key {active_key_id} is not configured")
        if not all(0 < key_id < 256 for key_id in keys):
            raise PiiKeyError("key ids must be 1..255")
        self._aeads = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self.active_key_id = active_key_id
        self._index_key = index_key

    def encrypt(self, plaintext: str, *, context: str) -> bytes:
        """Encrypt ``plaintext`` bound to ``context`` (``table.field:row``)."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aeads[self.active_key_id].encrypt(
            nonce, plaintext.encode("utf-8"), context.encode("utf-8")
        )
        return bytes([self.active_key_id]) + nonce + sealed

    def decrypt(self, token: bytes, *, context: str) -> str:
        """Decrypt a token made by :meth:`encrypt` with the same ``context``."""
        key_id, nonce, sealed = token[0], token[1 : 1 + NONCE_BYTES], token[1 + NONCE_BYTES :]
        aead = self._aeads.get(key_id)
        if aead is None:
            raise PiiKeyError(f"no key {key_id} configured")
        try:
            return aead.decrypt(nonce, sealed, context.encode("utf-8")).decode("utf-8")
        except Exception as error:  # InvalidTag: wrong key, row or field
            raise PiiKeyError("ciphertext does not match its context") from error

    def key_id_of(self, token: bytes) -> int:
        """Return the id of the key that sealed ``token``."""
        return token[0]

    def blind_index(self, value: str, *, field: str) -> str:
        """Return the keyed HMAC-SHA256 of ``value`` for ``field``, hex encoded."""
        message = field.encode("utf-8") + b"\x00" + value.encode("utf-8")
        return hmac.new(self._index_key, message, hashlib.sha256).hexdigest()


def new_data_key() -> bytes:
    """A fresh random AES-256 key for one person's free texts (see ``services.seeker_texts``)."""
    return AESGCM.generate_key(bit_length=256)


def seal_with(key: bytes, plaintext: str, *, context: str) -> bytes:
    """Encrypt under a data key: ``nonce (12 bytes) | ciphertext+tag``, bound to ``context``."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))


def open_with(key: bytes, token: bytes, *, context: str) -> str:
    """Decrypt a token made by :func:`seal_with` with the same key and ``context``."""
    try:
        return (
            AESGCM(key)
            .decrypt(token[:NONCE_BYTES], token[NONCE_BYTES:], context.encode("utf-8"))
            .decode("utf-8")
        )
    except Exception as error:  # InvalidTag
        raise PiiKeyError("ciphertext does not match its key or context") from error


def context(table: str, field: str, row_uid: str) -> str:
    """The associated data binding a value to its table, field and row."""
    return f"{table}.{field}:{row_uid}"
