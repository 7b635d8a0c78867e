"""Who may open which page: the role x page table, like the API's (fail closed).

Every page route must appear here; a route missing from the table is refused, and
``tests/web/test_page_policy.py`` fails when the app serves a page the table lacks.
"""

from __future__ import annotations

from typing import Final

from matching.api.policy import EVERYONE, PUBLIC, STAFF
from matching.enums import Role

PAGE_POLICY: Final[dict[tuple[str, str], frozenset[Role]]] = {
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/language"): PUBLIC,
    ("POST", "/logout"): EVERYONE,
    ("GET", "/"): EVERYONE,
    ("GET", "/find"): STAFF,
    ("GET", "/seekers/{seeker_id}"): STAFF,
    ("POST", "/seekers/{seeker_id}/proposals"): STAFF,
    ("POST", "/seekers/{seeker_id}/reveal"): STAFF,
}
