"""Finding a person however her name is typed, through the real app: traditional
characters, the given name's pinyin, spaced pinyin, initials; surnames of two
characters and surnames read differently from the everyday reading."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from matching.db.models import Seeker
from matching.services.context import ServiceContext
from tests.support.factories import community, make_station, phone, resident_id, seeker_body

URL = "/api/v1/seekers"
PEOPLE = ("王秀兰", "王秀英", "李强", "欧阳娜娜", "曾小贤", "单田芳")


@pytest.fixture
def registered(client: TestClient, ctx: ServiceContext) -> dict[str, int]:
    """The people above, registered through the API: name -> id."""
    station = make_station(ctx)
    body = seeker_body(station_id=station.id, community_id=community(ctx.session).id)
    ids = {}
    for name in PEOPLE:
        response = client.post(
            URL, json=body | {"name": name, "resident_id": resident_id(), "phone": phone()}
        )
        assert response.status_code == 201, response.text
        ids[name] = response.json()["id"]
    return ids


def _found(client: TestClient, query: str) -> list[str]:
    response = client.get(URL, params={"q": query, "sort": "name"})
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    "query",
    ["王秀蘭", "秀蘭", "xiulan", "wang xiu lan", "Wang Xiulan", "WANG XIULAN", "wangxiulan", "wxl"],
)
def test_finds_her_however_her_name_is_typed(
    client: TestClient, registered: dict[str, int], query: str
) -> None:
    assert _found(client, query) == ["王秀兰"]


def test_a_name_registered_in_traditional_characters_is_found_in_simplified(
    client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    station = make_station(ctx)
    body = seeker_body(station_id=station.id, community_id=community(ctx.session).id)
    created = client.post(URL, json=body | {"name": "歐陽秀蘭"})

    assert created.status_code == 201, created.text
    assert _found(client, "欧阳秀兰") == ["歐陽秀蘭"]  # shown as registered
    assert _found(client, "xiulan") == ["歐陽秀蘭"]
    session.expire_all()
    row = session.get(Seeker, created.json()["id"])
    assert row is not None and row.name == "歐陽秀蘭" and row.name_search == "欧阳秀兰"
    assert (row.name_pinyin, row.given_name_pinyin) == ("ouyangxiulan", "xiulan")


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("nana", "欧阳娜娜"),  # the given name after a two-character surname
        ("ouyang na na", "欧阳娜娜"),
        ("oynn", "欧阳娜娜"),
        ("zeng xiao xian", "曾小贤"),  # 曾 as a surname is zeng, not ceng
        ("xiaoxian", "曾小贤"),
        ("shan tian fang", "单田芳"),  # 单 as a surname is shan, not dan
        ("tianfang", "单田芳"),
        ("stf", "单田芳"),
    ],
)
def test_two_character_and_polyphonic_surnames(
    client: TestClient, registered: dict[str, int], query: str, name: str
) -> None:
    assert _found(client, query) == [name]


@pytest.mark.parametrize("query", ["yangnana", "dan tian fang", "ceng xiao xian"])
def test_a_wrong_split_or_the_everyday_reading_finds_nobody(
    client: TestClient, registered: dict[str, int], query: str
) -> None:
    assert _found(client, query) == []
