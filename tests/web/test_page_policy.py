"""Every page route is in the page policy table, and the table names no missing page."""

from __future__ import annotations

from matching.web.app import page_operations
from matching.web.policy import PAGE_POLICY


def test_every_page_route_has_a_policy_entry() -> None:
    served = {(method, path) for method, path in page_operations() if method != "HEAD"}

    assert served - set(PAGE_POLICY) == set()


def test_the_policy_table_lists_only_pages_that_exist() -> None:
    served = {(method, path) for method, path in page_operations()}

    assert set(PAGE_POLICY) - served == set()
