"""Addresses that start at a district-level name no table holds (issue 19, round 13b).

A citizen names where a shop or a workplace is with a development zone, a new district or a town
(高新区, 滨江新区, 城关镇, 大学城街道) and no cue word before it: the recogniser found such an
address only after 住在 or 地址：, or kept the road and dropped the zone when the road's name began
like a listed division. After a verb of place (在, 到, 位于, 去过…), an unlisted district-like name
followed at once by a named road and a house number is the address's start. Without the road and
the number it stays a place (在开发区上班). Every example is new wording; each positive one was
missed or cut at the round's start code (04152fa), except the last, which guards the listed
division's precedence."""

from __future__ import annotations

import pytest

from govhall.text import extract, mask


def _addresses(text: str) -> list[str]:
    return [str(e.value) for e in extract(text, ner=False) if e.type == "address"]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("修车铺开在南湖新区望江路66号，老板姓刘", "南湖新区望江路66号"),  # was cut to the road
        ("奶茶店在滨江新区文化路8号3楼", "滨江新区文化路8号3楼"),  # a floor after the number
        ("那个工厂位于双桥镇工业街3号", "双桥镇工业街3号"),  # a town, after 位于
        ("快递员到大学城街道学府路5号取件", "大学城街道学府路5号"),  # a subdistrict, after 到
        ("上周去过临港开发区海港路8号", "临港开发区海港路8号"),  # was cut to 海港路8号
        ("药店在经开区锦绣大道200号旁边", "经开区锦绣大道200号"),  # an avenue; 旁边 ends it
        ("培训机构设在青山工业园区纬二路16号", "青山工业园区纬二路16号"),  # an industrial park
        ("我们现在住朝阳区望京西路12号", "北京市朝阳区望京西路12号"),  # a listed district still wins
    ],
)
def test_an_unlisted_district_before_a_road_and_number_starts_the_address(text: str, address: str) -> None:
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "我在县里上班，每天坐车",
        "他在开发区上班，住在厂里",  # a zone, no road
        "在我们区里办业务要排队",  # a pronoun is no district's name
        "明天到镇上去领补贴",
        "我在这个小区住了十年",
        "在高新区找了份工作，月薪5000元",  # a number, but no road before it
        "到新区以后3号线就通了",  # a line's number, no road
    ],
)
def test_a_district_without_a_road_and_number_is_a_place(text: str) -> None:
    assert _addresses(text) == []


def test_the_masker_hides_the_house_number_of_such_an_address() -> None:
    masked = mask("奶茶店在滨江新区文化路8号3楼，周末人多", ner=False)
    assert masked == "奶茶店在滨江新区文化路*号*楼，周末人多"
