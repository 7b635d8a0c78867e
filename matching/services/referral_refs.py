"""Opaque references of referral cards.

A reference names one (seeker, posting) pair to the service and nothing to its holder:
it is the pair and the day it was issued, sealed with AES-GCM under a fresh random nonce.
It holds no readable id, two cards of the same seeker (on two postings, or on one posting
twice) carry unrelated references, and a tampered or foreign reference does not open.
References expire, so a list kept for weeks cannot be replayed.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date, timedelta

from matching.errors import InvalidInput
from matching.i18n import Text
from matching.pii import PiiCipher, PiiKeyError

REF_PREFIX = "r1_"
REF_VALID_DAYS = 14
_CONTEXT = "referrals.ref:v1"
FIELD = "referral_ref"


@dataclass(frozen=True, slots=True)
class ReferralTarget:
    """The pair a reference stands for."""

    seeker_id: int
    posting_id: int


def issue_ref(cipher: PiiCipher, seeker_id: int, posting_id: int, *, today: date) -> str:
    """A new opaque reference to (seeker, posting), valid for :data:`REF_VALID_DAYS`."""
    sealed = cipher.encrypt(f"{seeker_id}:{posting_id}:{today.isoformat()}", context=_CONTEXT)
    return REF_PREFIX + base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")


def open_ref(cipher: PiiCipher, ref: str, *, today: date) -> ReferralTarget:
    """The pair behind ``ref``; 422 naming ``referral_ref`` when it is forged or expired."""
    try:
        if not ref.startswith(REF_PREFIX):
            raise ValueError("not a referral reference")
        body = ref.removeprefix(REF_PREFIX)
        sealed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        seeker, posting, issued = cipher.decrypt(sealed, context=_CONTEXT).split(":")
        target = ReferralTarget(int(seeker), int(posting))
        issued_on = date.fromisoformat(issued)
    except (PiiKeyError, ValueError, binascii.Error, IndexError) as error:
        message = Text("Invalid referral reference")
        raise InvalidInput(FIELD, "invalid", message) from error
    if today - issued_on > timedelta(days=REF_VALID_DAYS):
        message = Text("The referral reference has expired: open the match list again")
        raise InvalidInput(FIELD, "expired", message)
    return target
