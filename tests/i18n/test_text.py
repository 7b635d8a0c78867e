"""Language negotiation and enum labels, without the app."""

from __future__ import annotations

import pytest

from matching.enums import PostingStatus, ProposalStatus
from matching.i18n import Named, Text, label, negotiate


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "zh_CN"),
        ("", "zh_CN"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-Hans-CN", "zh_CN"),
        ("fr-FR, en;q=0.5", "en"),
        ("fr-FR", "zh_CN"),
        ("en;q=0.3, zh-TW;q=0.8", "zh_CN"),
        ("en;q=0", "zh_CN"),
        ("en_US.UTF-8", "en"),
        ("C.UTF-8", "zh_CN"),
    ],
)
def test_negotiate_picks_the_best_language_we_have(header: str | None, locale: str) -> None:
    assert negotiate(header) == locale


def test_enum_values_inside_a_message_are_named_in_its_language() -> None:
    message = Text(
        "{resource} {id} not found", resource=ProposalStatus.no_show, id=Named("一", "one")
    )

    assert message.render("zh_CN") == "未到岗 一 不存在"
    assert message.render("en") == "no-show one not found"


def test_an_unknown_locale_renders_chinese() -> None:
    assert label(PostingStatus.filled, "fr") == "已招满"
    assert Text("Sign in first").render("fr") == "请先登录"
