"""Chinese-first wording for validation failures of identifiers and weekly times.

Parsers raise errors with codes and English messages; clerks read Chinese first,
so field messages are ``"<中文> / <English>"``.
"""

from __future__ import annotations

ZH: dict[tuple[str, str], str] = {
    ("resident_id", "format"): "身份证号须为18位：17位数字加1位数字或X",
    ("resident_id", "birth_date"): "身份证号中的出生日期不正确",
    ("resident_id", "check_digit"): "身份证号校验码不正确，请核对",
    ("phone", "format"): "手机号须为11位，以13-19开头",
    ("credit_code", "format"): "统一社会信用代码须为18位数字或大写字母（不含I、O、S、V、Z）",
    ("credit_code", "check_char"): "统一社会信用代码校验码不正确，请核对",
    ("weekly", "format"): "时间段格式应为 08:00-11:30",
    ("weekly", "granularity"): "时间须为整点或半点",
    ("weekly", "empty"): "开始和结束时间不能相同",
    ("weekly", "day"): "星期应为 mon、tue、wed、thu、fri、sat、sun 之一",
    ("search", "phone_in_url"): "请只输入手机尾号（至多 4 位）；完整号码不应出现在网址中",
}


def bilingual(kind: str, code: str, english: str) -> str:
    """``"<中文> / <English>"`` for a parser error, or the English alone if no wording exists."""
    chinese = ZH.get((kind, code))
    return f"{chinese} / {english}" if chinese else english
