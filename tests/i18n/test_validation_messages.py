"""Every generic validation error, through the real app, in Chinese and in English.

Each case is one bad request; the error for its field must have the code it always had
and the catalogue's sentence in the language ``Accept-Language`` asks for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

API = "/api/v1"
SUBDISTRICT = {"code": "370983999", "name": "测试街道", "kind": "street", "lat": 36.2, "lon": 116.7}


@dataclass(frozen=True)
class Case:
    """A request that fails validation with ``code`` on ``field``."""

    code: str
    field: str
    zh: str
    en: str
    method: str = "POST"
    path: str = f"{API}/subdistricts"
    json: Any = None
    params: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None


def _subdistrict(**changes: Any) -> dict[str, Any]:
    return {k: v for k, v in (SUBDISTRICT | changes).items() if v is not None}


CASES = {
    "missing": Case("missing", "name", "必填项", "Field required", json=_subdistrict(name=None)),
    "extra_forbidden": Case(
        "extra_forbidden",
        "colour",
        "不允许的字段",
        "Extra inputs are not permitted",
        json=_subdistrict(colour="red"),
    ),
    "string_type": Case(
        "string_type",
        "name",
        "须为文本",
        "Input should be a valid string",
        json=_subdistrict(name=5),
    ),
    "string_too_short": Case(
        "string_too_short", "name", "不能为空", "Must not be empty", json=_subdistrict(name="")
    ),
    "string_too_long": Case(
        "string_too_long",
        "name",
        "最多 50 个字符",
        "Input should have at most 50 characters",
        json=_subdistrict(name="张" * 51),
    ),
    "string_pattern_mismatch": Case(
        "string_pattern_mismatch",
        "code",
        r"格式不正确，须符合 ^\d{9}$",
        r"Input should match the pattern ^\d{9}$",
        json=_subdistrict(code="12"),
    ),
    "enum": Case(
        "enum",
        "kind",
        "须为以下之一：街道（street）、镇（town）",
        "Input should be one of: street, town",
        json=_subdistrict(kind="city"),
    ),
    "float_type": Case(
        "float_type",
        "lat",
        "须为数字",
        "Input should be a valid number",
        json=_subdistrict(lat="n"),
    ),
    "greater_than_equal": Case(
        "greater_than_equal",
        "lat",
        "须大于或等于 -90",
        "Input should be greater than or equal to -90",
        json=_subdistrict(lat=-91),
    ),
    "less_than_equal": Case(
        "less_than_equal",
        "lon",
        "须小于或等于 180",
        "Input should be less than or equal to 180",
        json=_subdistrict(lon=181),
    ),
    "bool_type": Case(
        "bool_type",
        "location_approximate",
        "须为布尔值（true 或 false）",
        "Input should be a valid boolean",
        json=_subdistrict(location_approximate="yes"),
    ),
    "invisible_character": Case(
        "invisible_character",
        "name",
        "不能包含不可见字符或文字方向控制字符",
        "Must not contain invisible or bidirectional control characters",
        json=_subdistrict(name="张\u200b三"),
    ),
    "model_attributes_type": Case(
        "model_attributes_type", "", "须为对象（键值对）", "Input should be an object", json=[]
    ),
    "json_invalid": Case(
        "json_invalid",
        "",
        "请求内容不是有效的 JSON",
        "The request body is not valid JSON",
        content=b'{"name": ',
    ),
    "value_error (null)": Case(
        "value_error",
        "name",
        "不能为空值（null）",
        "Must not be null",
        method="PATCH",
        path=f"{API}/subdistricts/1",
        json={"name": None},
    ),
    "int_type": Case(
        "int_type",
        "subdistrict_id",
        "须为整数",
        "Input should be a valid integer",
        path=f"{API}/communities",
        json={"subdistrict_id": "1"},
    ),
    "list_type": Case(
        "list_type",
        "related",
        "须为列表",
        "Input should be a valid list",
        path=f"{API}/skills",
        json={"related": "sewing"},
    ),
    "too_long": Case(
        "too_long",
        "related",
        "最多 10 项",
        "Input should have at most 10 items",
        path=f"{API}/skills",
        json={"related": [f"skill_{n}" for n in range(11)]},
    ),
    "too_short": Case(
        "too_short",
        "fields",
        "至少填写一项",
        "At least one item is required",
        path=f"{API}/seekers/1/reveal",
        json={"fields": [], "reason": "核对身份"},
    ),
    "literal_error": Case(
        "literal_error",
        "fields[0]",
        "须为以下之一：resident_id、phone、address、disability_note",
        "Input should be one of: resident_id, phone, address, disability_note",
        path=f"{API}/seekers/1/reveal",
        json={"fields": ["name"], "reason": "核对身份"},
    ),
    "dict_type": Case(
        "dict_type",
        "schedule",
        "须为对象（键值对）",
        "Input should be an object",
        path=f"{API}/postings",
        json={"schedule": "mon"},
    ),
    "value_error (weekly time)": Case(
        "value_error",
        "schedule.mon[0]",
        "时间段格式应为 08:00-11:30",
        "Write a time range like 08:00-11:30",
        path=f"{API}/postings",
        json={"schedule": {"mon": ["8-9"]}},
    ),
    "greater_than": Case(
        "greater_than",
        "pay_yuan",
        "须大于 0",
        "Input should be greater than 0",
        path=f"{API}/postings",
        json={"pay_yuan": 0},
    ),
    "date_from_datetime_parsing": Case(
        "date_from_datetime_parsing",
        "start_date",
        "须为日期，格式为 YYYY-MM-DD",
        "Input should be a date in the format YYYY-MM-DD",
        path=f"{API}/postings",
        json={"start_date": "soon"},
    ),
    "value_error (date not a string)": Case(
        "value_error",
        "start_date",
        "日期须为 YYYY-MM-DD 字符串",
        "A date must be a YYYY-MM-DD string",
        path=f"{API}/postings",
        json={"start_date": 20260501},
    ),
    "value_error (household reference)": Case(
        "value_error",
        "household_ref",
        "户号不能是手机号或身份证号",
        "A household reference must not be a phone or ID number",
        path=f"{API}/seekers",
        json={"household_ref": "13800138000"},
    ),
    "int_parsing": Case(
        "int_parsing",
        "offset",
        "须为整数",
        "Input should be a valid integer",
        method="GET",
        params={"offset": "first"},
    ),
    "greater_than_equal (query)": Case(
        "greater_than_equal",
        "limit",
        "须大于或等于 1",
        "Input should be greater than or equal to 1",
        method="GET",
        params={"limit": "0"},
    ),
    "string_pattern_mismatch (NUL)": Case(
        "string_pattern_mismatch",
        "object_ref",
        "不能包含空字符",
        "Must not contain NUL characters",
        method="GET",
        path=f"{API}/audit-events",
        params={"object_ref": "a\x00b"},
    ),
    "unknown_sort": Case(
        "unknown_sort",
        "sort",
        "只能按以下字段排序：code, name（前加 - 为降序）",
        "Sort by one of: code, name (prefix - for descending)",
        method="GET",
        params={"sort": "colour"},
    ),
    "bool_parsing": Case(
        "bool_parsing",
        "homebound",
        "须为布尔值（true 或 false）",
        "Input should be a valid boolean",
        method="GET",
        path=f"{API}/seekers",
        params={"homebound": "maybe"},
    ),
    "phone_in_url": Case(
        "phone_in_url",
        "q",
        "请只输入手机尾号（至多 4 位）；完整号码不应出现在网址中",
        "Enter at most the last 4 digits of a phone: a full number must not appear in a URL",
        method="GET",
        path=f"{API}/seekers",
        params={"q": "138 0013 8000"},
    ),
    "float_parsing": Case(
        "float_parsing",
        "radius_km",
        "须为数字",
        "Input should be a valid number",
        method="GET",
        path=f"{API}/postings/1/matches",
        params={"radius_km": "far"},
    ),
    "date_from_datetime_inexact": Case(
        "date_from_datetime_inexact",
        "to",
        "须为日期，格式为 YYYY-MM-DD",
        "Input should be a date in the format YYYY-MM-DD",
        method="GET",
        path=f"{API}/reports/summary",
        params={"to": "2026-05-01T10:00:00"},
    ),
}


def _error(client: TestClient, case: Case, language: str) -> tuple[dict[str, Any], Any]:
    response = client.request(
        case.method,
        case.path,
        json=case.json if case.content is None else None,
        content=case.content,
        params=case.params,
        headers={"Accept-Language": language, "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    errors = [e for e in response.json()["errors"] if e["field"] == case.field]
    assert len(errors) == 1, response.text
    return errors[0], response


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_validation_error_speaks_the_requested_language(client: TestClient, case: Case) -> None:
    chinese, zh_response = _error(client, case, "zh-CN,zh;q=0.9")
    english, en_response = _error(client, case, "en-US,en;q=0.8")

    assert (chinese["code"], chinese["message"]) == (case.code, case.zh)
    assert (english["code"], english["message"]) == (case.code, case.en)
    assert zh_response.headers["content-language"] == "zh-CN"
    assert en_response.headers["content-language"] == "en"
    assert zh_response.json()["title"] == "请求内容有误"
    assert en_response.json()["title"] == "Unprocessable Content"


def test_validation_errors_are_chinese_when_no_language_is_asked_for(client: TestClient) -> None:
    response = client.post(f"{API}/subdistricts", json=_subdistrict(name=None, kind="city"))

    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert response.status_code == 422
    assert messages == {"name": "必填项", "kind": "须为以下之一：街道（street）、镇（town）"}
    assert response.json()["detail"] == "请求内容有误"
    assert response.headers["content-language"] == "zh-CN"
