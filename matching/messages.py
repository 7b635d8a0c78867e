"""Chinese-first wording for validation failures of identifiers, weekly times and passwords.

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
    ("password", "too_short"): "密码至少需要10个字符",
    ("password", "common"): "这是最常见的密码之一，很容易被猜中，请换一个",
    ("password", "contains_username"): "密码不能包含用户名",
    ("password", "repeated"): "密码不能是同一个字符或同一段字符的重复",
    ("password", "sequential"): "密码不能是连续序列（如1234567890、abcdefghij、qwertyuiop）",
    ("search", "phone_in_url"): "请只输入手机尾号（至多 4 位）；完整号码不应出现在网址中",
}


def bilingual(kind: str, code: str, english: str) -> str:
    """``"<中文> / <English>"`` for a parser error, or the English alone if no wording exists."""
    chinese = ZH.get((kind, code))
    return f"{chinese} / {english}" if chinese else english
