"""Build ``tests/data/typed_skills.csv``: skills as clerks type them, each labelled with the
skill meant, to measure how typed text is read (``matching.services.skill_search``).

Run from the repository root: ``python data/tools/typed_skills.py``. Deterministic; no
network. Columns: ``typed``, ``intended`` (a skill code, or several joined by ``|`` when
the text cannot tell them apart - a *tie*, which must be answered ``ambiguous``),
``kind`` (how it was typed) and ``source``:

* ``curated`` rows are written out below by hand: colloquial names, job titles, ties,
  homophone slips, pinyin as people type it, English.
* ``generated`` rows apply one slip, at a position chosen by a hash of the text, to the
  names and synonyms of ``data/skills.csv``: traditional characters (OpenCC s2t), a
  dropped, doubled or swapped character, a homophone (a common character of the same
  toneless reading), pinyin with spaces or one letter missing, initials (a tie when
  several skills share them), English with two letters swapped. A slip that produces
  another skill's exact name or synonym is left out: that text means what it says.

Generated rows take the taxonomy as their truth; they measure robustness to slips, not
whether the synonyms are the words clerks use - the curated rows do that.
"""

from __future__ import annotations

import csv
import sys
import zlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import opencc
from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from matching.engine.skill_lookup import normalize_text  # noqa: E402
from matching.identifiers.pinyin import phrase_initials, phrase_pinyin  # noqa: E402

SKILLS = ROOT / "data" / "skills.csv"
OUT = ROOT / "tests" / "data" / "typed_skills.csv"

# typed, intended ("a|b": a tie), kind
CURATED: list[tuple[str, str, str]] = [
    # What people call the work
    ("踩缝纫机", "sewing", "colloquial"),
    ("缝纫机", "sewing", "colloquial"),
    ("会踩缝纫机", "sewing", "colloquial"),
    ("做衣服", "sewing", "colloquial"),
    ("串珠子", "beading", "colloquial"),
    ("穿珠子", "beading", "colloquial"),
    ("穿珠", "beading", "colloquial"),
    ("带孩子", "babysitting", "colloquial"),
    ("看孩子", "babysitting", "colloquial"),
    ("带娃", "babysitting", "colloquial"),
    ("看娃", "babysitting", "colloquial"),
    ("看小孩", "babysitting", "colloquial"),
    ("搞卫生", "housekeeping_cleaning", "colloquial"),
    ("做卫生", "housekeeping_cleaning", "colloquial"),
    ("打扫卫生", "housekeeping_cleaning", "colloquial"),
    ("做饭", "home_cooking", "colloquial"),
    ("烧饭", "home_cooking", "colloquial"),
    ("看老人", "elderly_care", "colloquial"),
    ("伺候老人", "elderly_care", "colloquial"),
    ("照顾老人", "elderly_care", "colloquial"),
    ("伺候月子", "maternity_care", "colloquial"),
    ("月嫂", "maternity_care", "colloquial"),
    ("保姆", "live_in_nanny", "colloquial"),
    ("钟点工", "housekeeping_cleaning", "colloquial"),
    ("中国结", "chinese_knot", "colloquial"),
    ("编中国结", "chinese_knot", "colloquial"),
    ("编筐", "willow_weaving", "colloquial"),
    ("织毛衣", "sweater_knitting", "colloquial"),
    ("打毛衣", "sweater_knitting", "colloquial"),
    ("钩拖鞋", "crochet", "colloquial"),
    ("绣鞋垫", "embroidery", "colloquial"),
    ("纳鞋底", "cloth_shoe_making", "colloquial"),
    ("剪线头", "thread_trimming", "colloquial"),
    ("烫衣服", "ironing", "colloquial"),
    ("糊纸盒", "paper_box_making", "colloquial"),
    ("贴钻", "rhinestone_setting", "colloquial"),
    ("做假花", "artificial_flower", "colloquial"),
    ("包饺子", "dumpling_making", "colloquial"),
    ("蒸馒头", "steamed_bun_making", "colloquial"),
    ("摊煎饼", "jianbing_making", "colloquial"),
    ("剥蒜", "vegetable_processing", "colloquial"),
    ("择菜", "vegetable_processing", "colloquial"),
    ("摘桃", "harvesting", "colloquial"),
    ("摘苹果", "harvesting", "colloquial"),
    ("套袋", "fruit_thinning_bagging", "colloquial"),
    ("打药", "pesticide_spraying", "colloquial"),
    ("种地", "field_crops", "colloquial"),
    ("养鸡", "poultry_raising", "colloquial"),
    ("搬运", "loading_unloading", "colloquial"),
    ("装卸", "loading_unloading", "colloquial"),
    ("扛包", "loading_unloading", "colloquial"),
    ("送快递", "courier", "colloquial"),
    ("送外卖", "food_delivery", "colloquial"),
    ("跑外卖", "food_delivery", "colloquial"),
    ("外卖", "food_delivery", "colloquial"),
    ("刷盘子", "dishwashing", "colloquial"),
    ("刷碗", "dishwashing", "colloquial"),
    ("端盘子", "waiter", "colloquial"),
    ("切菜", "kitchen_helper", "colloquial"),
    ("炒菜", "cook", "colloquial"),
    ("补衣服", "clothing_alteration", "colloquial"),
    ("改衣服", "clothing_alteration", "colloquial"),
    ("编草帽", "straw_weaving", "colloquial"),
    ("跑滴滴", "car_driving", "colloquial"),
    ("开车", "car_driving", "colloquial"),
    ("开大车", "truck_driving", "colloquial"),
    ("开叉车", "forklift", "colloquial"),
    ("开铲车", "loader_operation", "colloquial"),
    ("开挖机", "excavator_operation", "colloquial"),
    ("看大门", "security_guard", "colloquial"),
    ("扫大街", "street_sweeping", "colloquial"),
    ("收废品", "recycling", "colloquial"),
    ("修电动车", "ebike_repair", "colloquial"),
    ("修车", "car_repair", "colloquial"),
    ("洗车", "car_detailing", "colloquial"),
    ("搓背", "bath_attendant", "colloquial"),
    ("捏脚", "massage", "colloquial"),
    ("理发", "hairdressing", "colloquial"),
    ("刷墙", "painting", "colloquial"),
    ("贴瓷砖", "bricklaying", "colloquial"),
    ("搬砖", "construction_labor", "colloquial"),
    ("通下水道", "drain_unclogging", "colloquial"),
    ("装空调", "ac_installation", "colloquial"),
    ("打字", "data_entry", "colloquial"),
    ("做表格", "office_software", "colloquial"),
    ("直播带货", "livestream_selling", "colloquial"),
    ("带货", "livestream_selling", "colloquial"),
    ("摆地摊", "market_stall", "colloquial"),
    ("会说普通话", "mandarin", "colloquial"),
    ("会用手机", "smartphone", "colloquial"),
    ("力气活", "physical_labor", "colloquial"),
    # Job titles
    ("缝纫工", "sewing", "title"),
    ("车工", "sewing", "title"),
    ("育婴师", "infant_care", "title"),
    ("育婴员", "infant_care", "title"),
    ("保洁员", "property_cleaning", "title"),
    ("护工", "elderly_care", "title"),
    ("养老护理员", "elderly_care", "title"),
    ("厨师", "cook", "title"),
    ("面点师", "pastry", "title"),
    ("洗碗工", "dishwashing", "title"),
    ("服务员", "waiter", "title"),
    ("收银员", "cashier", "title"),
    ("营业员", "shop_assistant", "title"),
    ("理货员", "shelf_stocking", "title"),
    ("快递员", "courier", "title"),
    ("分拣员", "express_sorting", "title"),
    ("装卸工", "loading_unloading", "title"),
    ("叉车司机", "forklift", "title"),
    ("电焊工", "welding", "title"),
    ("焊工", "welding", "title"),
    ("电工", "electrician", "title"),
    ("水电工", "plumbing_electrical", "title"),
    ("瓦工", "bricklaying", "title"),
    ("木匠", "carpentry", "title"),
    ("油漆工", "painting", "title"),
    ("钢筋工", "rebar_work", "title"),
    ("架子工", "scaffolding", "title"),
    ("保安员", "security_guard", "title"),
    ("环卫工", "street_sweeping", "title"),
    ("绿化工", "greening", "title"),
    ("录入员", "data_entry", "title"),
    ("文员", "office_clerk", "title"),
    ("客服", "customer_service", "title"),
    ("会计", "bookkeeping", "title"),
    ("网格员", "grid_worker", "title"),
    ("美容师", "beauty_care", "title"),
    ("理发师", "hairdressing", "title"),
    ("修脚师", "pedicure", "title"),
    ("搓澡工", "bath_attendant", "title"),
    ("挡车工", "textile_machine", "title"),
    ("裁剪工", "garment_cutting", "title"),
    ("锁边工", "overlock_sewing", "title"),
    ("质检员", "quality_inspection", "title"),
    ("包装工", "packaging", "title"),
    ("普工", "line_work", "title"),
    ("机修工", "machine_maintenance", "title"),
    ("护林员", "forest_ranger", "title"),
    ("饲养员", "livestock_raising", "title"),
    # Ties: the text cannot tell which skill; the clerk must choose
    ("cz", "bath_attendant|harvesting|beading|cook|fresh_food_counter", "initials"),
    ("cj", "garment_cutting|electronic_assembly|cnc_machining", "initials"),
    ("jianzhi", "paper_cutting|fruit_tree_pruning", "pinyin"),
    ("jixiu", "machine_embroidery|machine_maintenance", "pinyin"),
    ("zhibu", "clothing_alteration|textile_machine", "pinyin"),
    ("保洁", "housekeeping_cleaning|property_cleaning", "colloquial"),
    ("家政", "housekeeping_cleaning|live_in_nanny", "colloquial"),
    ("搬家具", "moving_service", "colloquial"),
    ("电子", "electronic_assembly|electronic_testing", "colloquial"),
    ("修电", "appliance_repair|computer_repair|plumbing_electrical|ebike_repair", "colloquial"),
    # Homophone and look-alike slips
    ("中国节编织", "chinese_knot", "homophone"),
    ("中国节", "chinese_knot", "homophone"),
    ("逢纫", "sewing", "homophone"),
    ("缝任", "sewing", "homophone"),
    ("育英", "infant_care", "homophone"),
    ("养老户理", "elderly_care", "homophone"),
    ("家政报洁", "housekeeping_cleaning", "homophone"),
    ("电子原件组装", "electronic_assembly", "homophone"),
    ("手工布协", "cloth_shoe_making", "homophone"),
    ("十字秀", "cross_stitch", "homophone"),
    ("柳变", "willow_weaving", "homophone"),
    ("草边", "straw_weaving", "homophone"),
    ("剪只", "paper_cutting", "homophone"),
    ("快地分拣", "express_sorting", "homophone"),
    ("电汗", "welding", "homophone"),
    ("水饺加功", "dumpling_making", "homophone"),
    ("理货圆", "shelf_stocking", "homophone"),
    # Pinyin as people type it
    ("fengren", "sewing", "pinyin"),
    ("feng ren", "sewing", "pinyin_spaced"),
    ("Feng Ren", "sewing", "pinyin_spaced"),
    ("liubian", "willow_weaving", "pinyin"),
    ("liu bian", "willow_weaving", "pinyin_spaced"),
    ("yuying", "infant_care", "pinyin"),
    ("yu ying shi", "infant_care", "pinyin_spaced"),
    ("baojieyuan", "property_cleaning", "pinyin"),
    ("daihaizi", "babysitting", "pinyin"),
    ("dai haizi", "babysitting", "pinyin_spaced"),
    ("gaoweisheng", "housekeeping_cleaning", "pinyin"),
    ("zuofan", "home_cooking", "pinyin"),
    ("xiwan", "dishwashing", "pinyin"),
    ("zhongdi", "field_crops", "pinyin"),
    ("chache", "forklift", "pinyin"),
    ("dianhan", "welding", "pinyin"),
    ("cuozao", "bath_attendant", "pinyin"),
    ("caizhai", "harvesting", "pinyin"),
    ("fengrn", "sewing", "pinyin_typo"),
    ("liubain", "willow_weaving", "pinyin_typo"),
    ("yangloahuli", "elderly_care", "pinyin_typo"),
    # English
    ("sewing", "sewing", "code"),
    ("Sewing", "sewing", "english"),
    ("sewign", "sewing", "english_typo"),
    ("forklfit", "forklift", "english_typo"),
    ("babysitter", "babysitting", "english"),
    ("cleaner", "housekeeping_cleaning", "english"),
    ("welder", "welding", "english"),
    ("cook", "cook", "code"),
    ("chef", "cook", "english"),
]


def _skills() -> list[dict[str, str]]:
    with SKILLS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split(text: str) -> list[str]:
    return [part for part in text.split("|") if part]


def _chinese(skill: dict[str, str]) -> list[str]:
    return [skill["name_zh"], *_split(skill["synonyms_zh"])]


def _is_han(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def _spot(text: str, size: int) -> int:
    """A position in ``range(size)`` fixed by the text, so reruns agree."""
    return zlib.crc32(text.encode()) % size


def _homophones() -> dict[str, list[str]]:
    """Common characters (GB2312 level 1) by toneless reading."""
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                char = bytes([high, low]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            groups[lazy_pinyin(char, style=Style.NORMAL)[0]].append(char)
    return groups


def _slips(text: str, homophones: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """One slip of each kind for a Chinese name or synonym."""
    n = len(text)
    if n >= 4:
        p = _spot(text, n)
        yield text[:p] + text[p + 1 :], "dropped"
        q = _spot(text + "swap", n - 1)
        yield text[:q] + text[q + 1] + text[q] + text[q + 2 :], "swapped"
    if n >= 3:
        p = _spot(text + "double", n)
        yield text[: p + 1] + text[p:], "doubled"
        p = _spot(text + "sound", n)
        same = [c for c in homophones.get(phrase_pinyin(text[p]), []) if c != text[p]]
        if same:
            yield text[:p] + same[_spot(text, len(same))] + text[p + 1 :], "homophone"


def _pinyin_rows(code: str, name: str) -> Iterator[tuple[str, str, str]]:
    syllables = lazy_pinyin(name, style=Style.NORMAL)
    yield " ".join(syllables), code, "pinyin_spaced"
    key = phrase_pinyin(name)
    if len(key) >= 6:
        p = 1 + _spot(key, len(key) - 1)
        yield key[:p] + key[p + 1 :], code, "pinyin_typo"


def _english_rows(code: str, name: str) -> Iterator[tuple[str, str, str]]:
    word = name.lower()
    if len(word) >= 6 and word.isascii():
        p = 1 + _spot(word, len(word) - 2)
        if word[p] != word[p + 1] and " " not in word[p : p + 2]:
            yield word[:p] + word[p + 1] + word[p] + word[p + 2 :], code, "english_typo"


def generated(skills: list[dict[str, str]]) -> Iterator[tuple[str, str, str]]:
    """The generated rows: (typed, intended, kind)."""
    to_traditional = opencc.OpenCC("s2t")
    homophones = _homophones()
    initials: defaultdict[str, set[str]] = defaultdict(set)
    for skill in skills:
        for text in _chinese(skill):
            initials[phrase_initials(text)].add(skill["code"])
    for skill in skills:
        code = skill["code"]
        for text in _chinese(skill):
            traditional = str(to_traditional.convert(text))
            if traditional != text:
                yield traditional, code, "traditional"
            if _is_han(text):
                for slip, kind in _slips(text, homophones):
                    yield slip, code, kind
        yield from _pinyin_rows(code, skill["name_zh"])
        yield from _english_rows(code, skill["name_en"])
        mine = phrase_initials(skill["name_zh"])
        yield mine, "|".join(sorted(initials[mine])), "initials"


def main() -> int:
    skills = _skills()
    aliases: dict[str, str] = {}
    for skill in skills:
        for text in [skill["code"], skill["name_en"], *_split(skill["synonyms_en"])]:
            aliases[normalize_text(text)] = skill["code"]
        for text in _chinese(skill):
            aliases[normalize_text(text)] = skill["code"]
    rows: dict[str, tuple[str, str, str, str]] = {}
    for typed, intended, kind in CURATED:
        rows.setdefault(typed, (typed, intended, kind, "curated"))
    for typed, intended, kind in generated(skills):
        key = normalize_text(typed)
        owner = aliases.get(key)
        if owner is not None and owner not in intended.split("|"):
            continue  # the slip made another skill's own name: it means that skill
        if len(key) < 2 or typed in rows:
            continue
        rows[typed] = (typed, intended, kind, "generated")
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["typed", "intended", "kind", "source"])
        writer.writerows(rows.values())
    print(f"{len(rows)} rows -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
