"""Chinese personal names for the demo city, with a Shandong (泰安/肥城) flavour.

Surnames are drawn by rough frequency in Shandong: 王, 张, 李 and 刘 alone make up
about a third, and local surnames such as 尹, 亓 and 鲍 turn up now and then. Given
names follow the sex and the decade of birth: people born in the 1950s-70s are
秀英, 桂兰 and 建国; those born after 1990 are 婷婷, 欣怡 and 浩然.

Examples
--------
>>> import random
>>> name = person_name(random.Random(1), female=True, birth_year=1972)
>>> 2 <= len(name) <= 3
True
"""

from __future__ import annotations

import random
from itertools import accumulate

__all__ = ["SURNAMES", "person_name", "surname"]

# (surname, weight per mille), roughly Shandong frequencies with local colour.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 98),
    ("张", 82),
    ("李", 78),
    ("刘", 64),
    ("陈", 26),
    ("杨", 26),
    ("赵", 32),
    ("孙", 30),
    ("徐", 24),
    ("马", 20),
    ("高", 22),
    ("朱", 16),
    ("于", 18),
    ("孟", 12),
    ("吕", 10),
    ("宋", 14),
    ("郭", 12),
    ("韩", 12),
    ("董", 12),
    ("尹", 10),
    ("周", 12),
    ("吴", 10),
    ("任", 9),
    ("侯", 8),
    ("郑", 8),
    ("曹", 8),
    ("范", 7),
    ("袁", 6),
    ("崔", 8),
    ("谢", 5),
    ("石", 7),
    ("魏", 7),
    ("程", 6),
    ("邢", 5),
    ("田", 8),
    ("胡", 7),
    ("林", 5),
    ("何", 4),
    ("冯", 6),
    ("姜", 7),
    ("许", 6),
    ("薛", 5),
    ("闫", 6),
    ("牛", 5),
    ("申", 4),
    ("陶", 4),
    ("鲍", 3),
    ("亓", 3),
    ("乔", 4),
    ("彭", 4),
    ("汪", 3),
    ("苏", 4),
    ("贾", 5),
    ("丁", 5),
    ("梁", 5),
    ("潘", 3),
    ("杜", 5),
    ("戴", 3),
    ("夏", 3),
    ("钟", 2),
    ("汤", 2),
    ("秦", 4),
    ("付", 5),
    ("孔", 4),
    ("颜", 3),
    ("曲", 3),
    ("葛", 3),
    ("房", 3),
    ("武", 4),
    ("路", 3),
    ("庞", 3),
    ("毕", 3),
    ("褚", 2),
    ("仝", 2),
    ("卢", 3),
    ("蒋", 3),
    ("沈", 2),
    ("姚", 4),
    ("邵", 3),
    ("聂", 2),
    ("耿", 3),
    ("焦", 3),
    ("翟", 2),
    ("单", 2),
    ("岳", 3),
    ("殷", 2),
    ("左", 2),
    ("时", 2),
    ("安", 3),
    ("常", 3),
    ("宁", 2),
)
_SURNAME_CHARS = tuple(name for name, _ in SURNAMES)
_SURNAME_CUMULATIVE = tuple(accumulate(weight for _, weight in SURNAMES))

# Whole given names typical of a generation, then characters to compose new ones.
_FEMALE_OLDER = (
    "秀英",
    "桂英",
    "玉兰",
    "秀兰",
    "凤英",
    "桂兰",
    "淑珍",
    "玉梅",
    "秀云",
    "美玲",
    "秀芳",
    "丽华",
    "红梅",
    "春梅",
    "玉霞",
    "秀珍",
    "桂芝",
    "玉珍",
    "凤兰",
    "秀梅",
    "爱华",
    "翠英",
    "素芳",
    "玉芹",
    "桂芳",
    "金凤",
    "兰英",
    "秀荣",
    "秀霞",
    "庆华",
    "淑英",
    "丽娟",
    "红霞",
    "春燕",
    "艳华",
    "玉芳",
    "桂香",
    "秀华",
    "凤芝",
    "爱玲",
)
_FEMALE_MIDDLE = (
    "丽",
    "静",
    "敏",
    "艳",
    "娟",
    "燕",
    "霞",
    "红",
    "芳",
    "娜",
    "丽娜",
    "晓燕",
    "海燕",
    "艳玲",
    "丽丽",
    "美丽",
    "晓红",
    "秀丽",
    "春霞",
    "冬梅",
    "慧",
    "晶",
    "萍",
    "莉",
    "玲玲",
    "雪梅",
    "丽萍",
    "晓丽",
    "文静",
    "海霞",
    "新华",
    "玉洁",
    "婷",
    "爱霞",
)
_FEMALE_YOUNGER = (
    "婷婷",
    "欣怡",
    "梦瑶",
    "佳怡",
    "雨欣",
    "思雨",
    "晓雪",
    "倩倩",
    "萌萌",
    "悦",
    "璐",
    "琳",
    "雪",
    "丹丹",
    "静怡",
    "佳琪",
    "梦琪",
    "心怡",
    "雨涵",
    "诗涵",
    "晨曦",
    "紫涵",
    "可欣",
    "欣悦",
    "一诺",
    "佳慧",
    "文娟",
    "蕾",
    "瑶",
    "晓彤",
)
_MALE_OLDER = (
    "建国",
    "建华",
    "国庆",
    "志刚",
    "卫东",
    "永强",
    "德福",
    "庆华",
    "长青",
    "立新",
    "新民",
    "建军",
    "国强",
    "振华",
    "德明",
    "保国",
    "玉成",
    "广才",
    "庆祥",
    "传福",
    "学文",
    "宪法",
    "长山",
    "兆祥",
    "洪亮",
    "继承",
    "兴旺",
    "福田",
    "明德",
    "宗林",
)
_MALE_MIDDLE = (
    "军",
    "强",
    "勇",
    "伟",
    "明",
    "刚",
    "斌",
    "磊",
    "涛",
    "鹏",
    "海涛",
    "海军",
    "红军",
    "晓东",
    "文杰",
    "建伟",
    "志强",
    "金龙",
    "立国",
    "海波",
    "庆林",
    "东升",
    "延峰",
    "传东",
    "成龙",
    "永刚",
    "春雷",
    "学军",
    "洪涛",
    "国栋",
)
_MALE_YOUNGER = (
    "浩",
    "鹏飞",
    "帅",
    "晨",
    "宇航",
    "浩然",
    "子豪",
    "俊杰",
    "博文",
    "宇",
    "昊",
    "家豪",
    "志远",
    "子轩",
    "浩宇",
    "一鸣",
    "泽宇",
    "天佑",
    "明轩",
    "俊熙",
    "凯",
    "嘉豪",
    "睿",
    "思远",
    "晓宇",
    "振宇",
    "文博",
    "皓轩",
    "梓涵",
    "旭",
)
_FEMALE_CHARS = "秀玉兰英桂凤梅芳霞红丽娟燕艳敏静婷慧晓雪春冬美淑珍萍玲琳莉娜洁云翠荣"
_MALE_CHARS = "建国华明志刚强伟军勇东海庆永德成立新文学兴广传宪兆洪振长福林峰涛磊鹏"


def surname(rng: random.Random) -> str:
    """Draw a surname by its Shandong frequency."""
    return rng.choices(_SURNAME_CHARS, cum_weights=_SURNAME_CUMULATIVE)[0]


def _given_name(rng: random.Random, *, female: bool, birth_year: int) -> str:
    whole: tuple[str, ...]
    if birth_year < 1972:
        whole = _FEMALE_OLDER if female else _MALE_OLDER
    elif birth_year < 1990:
        whole = _FEMALE_MIDDLE if female else _MALE_MIDDLE
    else:
        whole = _FEMALE_YOUNGER if female else _MALE_YOUNGER
    if rng.random() < 0.7:
        return rng.choice(whole)
    chars = _FEMALE_CHARS if female else _MALE_CHARS
    first, second = rng.sample(chars, 2)
    return first + second


def person_name(
    rng: random.Random, *, female: bool, birth_year: int, family_name: str | None = None
) -> str:
    """Return a full name for someone of this sex born in ``birth_year``.

    ``family_name`` keeps a given surname (for relatives in one household).
    """
    return (family_name or surname(rng)) + _given_name(rng, female=female, birth_year=birth_year)
