"""Language negotiation, enum labels and validation wording, without the app."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import AfterValidator, BaseModel, ValidationError

from matching.enums import PostingStatus, ProposalStatus
from matching.i18n import Text, label, negotiate, render
from matching.i18n.validation import Choices, custom_error, validation_problems


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
        "The proposal is {current}: it cannot become {target}",
        current=ProposalStatus.hired,
        target=ProposalStatus.accepted,
    )

    assert message.render("zh_CN") == "推荐当前状态为 已录用，不能变为 已接受"
    assert message.render("en") == "The proposal is hired: it cannot become accepted"


def test_an_unknown_locale_renders_chinese() -> None:
    assert label(PostingStatus.filled, "fr") == "已招满"
    assert Text("Sign in first").render("fr") == "请先登录"


def test_choices_show_chinese_labels_beside_the_values_to_send() -> None:
    choices = Choices(("open", "proposed", "dismissed"))  # ReferralStatus, not ProposalStatus

    assert choices.render("zh_CN") == "待处理（open）、已推荐（proposed）、不合适（dismissed）"
    assert choices.render("en") == "open, proposed, dismissed"


def _no_nine(value: int) -> int:
    if value == 9:
        raise custom_error("value_error", Text("Input should be less than {lt}", lt=9))
    return value


class _Form(BaseModel):
    count: Annotated[int, AfterValidator(_no_nine)]


def test_a_custom_error_keeps_its_catalogue_message_through_pydantic() -> None:
    with pytest.raises(ValidationError) as raised:
        _Form(count=9)

    [problem] = validation_problems(raised.value.errors())
    assert (problem.field, problem.code) == ("count", "value_error")
    assert render(problem.message, "zh_CN") == "须小于 9"
    assert render(problem.message, "en") == "Input should be less than 9"


def test_an_error_type_without_wording_shows_pydantics_english() -> None:
    # What the Schemathesis check catches: such a type reaches a Chinese reader in English.
    error = {"type": "uuid_parsing", "loc": ("query", "id"), "msg": "Input should be a UUID"}

    [problem] = validation_problems([error])

    assert problem.message == "Input should be a UUID"
