"""Valid, unique and reproducible identifiers for the demo city.

Resident ID numbers carry the 肥城 region code 370983, a real birth date, a sex
digit and the MOD 11-2 check character; mobile numbers use common carrier
prefixes; unified social credit codes follow GB 32100 with both check characters.
Every value comes from the generator passed in, so one seed gives the same numbers.

Examples
--------
>>> import random
>>> from datetime import date
>>> mint = NumberMint(random.Random(7))
>>> number = mint.resident_id(date(1980, 5, 17), female=True)
>>> number[:14], int(number[16]) % 2
('37098319800517', 0)
"""

from __future__ import annotations

import random
import uuid
from datetime import date

from matching.identifiers.credit_code import compute_credit_check_char, compute_org_code_check_char
from matching.identifiers.resident_id import compute_check_char

__all__ = ["REGION_CODE", "NumberMint"]

REGION_CODE = "370983"

# Carrier prefixes seen in 泰安 (mobile, unicom, telecom, broadcast).
_MOBILE_PREFIXES = (
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "147",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "178",
    "182",
    "183",
    "187",
    "188",
    "198",
    "130",
    "131",
    "132",
    "155",
    "156",
    "166",
    "175",
    "176",
    "185",
    "186",
    "133",
    "153",
    "173",
    "177",
    "180",
    "181",
    "189",
    "199",
    "192",
)
# Characters allowed in the organisation-code body: the credit-code alphabet minus X,
# which only appears as a check value.
_ORG_BODY_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWY"


class NumberMint:
    """Draws identifiers from ``rng`` and never hands out the same one twice."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._resident_ids: set[str] = set()
        self._phones: set[str] = set()
        self._credit_codes: set[str] = set()

    def uid(self) -> str:
        """Return a UUID4 string drawn from the generator."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def resident_id(self, birth_date: date, *, female: bool) -> str:
        """Return a new valid 18-character number for this birth date and sex."""
        stem = REGION_CODE + birth_date.strftime("%Y%m%d")
        for _ in range(1000):
            order = self._rng.randrange(0, 100) * 10 + self._rng.randrange(0, 5) * 2
            order += 0 if female else 1
            if order == 0:  # sequence 000 is not issued
                continue
            first17 = f"{stem}{order:03d}"
            number = first17 + compute_check_char(first17)
            if number not in self._resident_ids:
                self._resident_ids.add(number)
                return number
        raise RuntimeError("no free resident ID number left for this birth date and sex")

    def phone(self) -> str:
        """Return a new 11-digit mobile number."""
        while True:
            number = self._rng.choice(_MOBILE_PREFIXES) + f"{self._rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def credit_code(self, prefix: str) -> str:
        """Return a new credit code registered in 肥城.

        ``prefix`` is the authority and type code: ``91`` company, ``92`` individual
        business (个体工商户), ``93`` farmers' cooperative, ``12`` public institution.
        Companies registered since 2015 have organisation codes starting ``MA``.
        """
        while True:
            head = "MA" if prefix[0] == "9" else self._rng.choice("45")
            body = head + "".join(self._rng.choices(_ORG_BODY_CHARS, k=8 - len(head)))
            first17 = prefix + REGION_CODE + body + compute_org_code_check_char(body)
            code = first17 + compute_credit_check_char(first17)
            if code not in self._credit_codes:
                self._credit_codes.add(code)
                return code
