"""Seventeenth round: a place told as a landmark and the road it is on; where the citizen lives is not
where the matter happened; the person of one clause carries into the next that names nobody; a
parent told as the baby's is told by the other parent; "我叫…，她叫…" by a parent names the partner.

Every message here was written for this file, in new words; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest

from govhall.assistant._people import assign, people_of
from tests.assistant.conftest import FORMS
from tests.assistant.conftest import fill_item as _fill

# --- a place told over clauses


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("人民公园北门对面，新华路上那个修地铁的工地，半夜还在挖", "人民公园北门对面，新华路上那个修地铁的工地"),
        ("长途汽车站出口往东走两百米，胜利大街上有个井盖没了", "长途汽车站出口往东走两百米，胜利大街上"),
        ("第三中学门口那个公交站，就在建国路上，站牌倒了一个月", "第三中学门口那个公交站，就在建国路上"),
        ("小区叫金桂园，就在区政府旁边，光明路边上，门口垃圾堆成山", "金桂园，就在区政府旁边，光明路边上"),
    ],
)
def test_a_landmark_and_the_road_it_is_on_are_one_place(text: str, place: str) -> None:
    found = str(_fill("complaint-12345", text).values.get("incident_address"))
    assert place in found and "挖" not in found and "井盖" not in found and "垃圾" not in found


def test_a_clause_that_says_more_than_where_stays_out_of_the_place() -> None:
    found = str(_fill("complaint-12345", "建设银行门口那个报刊亭，天天占着盲道卖东西").values.get("incident_address"))
    assert found.startswith("建设银行门口") and "盲道" not in found


def test_where_the_citizen_lives_does_not_replace_where_it_happened() -> None:
    known = {"incident_address": "东风路和团结路交叉口那个烧烤摊", "request_type": "投诉"}
    text = "我家就住在旁边的东风小区，窗户关上都能闻到油烟"
    assert "incident_address" not in _fill("complaint-12345", text, known, ["phone"]).values
    # with no place known, the home is the place the matter is at
    first = _fill("complaint-12345", "我住在和平路18号和平小区，楼上天天半夜剁肉")
    assert "和平路18号" in str(first.values.get("incident_address"))


def test_a_place_said_as_ours_is_replaced_when_it_is_named() -> None:
    known = {"incident_address": "我们小区"}
    update = _fill("complaint-12345", "小区是翠湖花园，就在湿地公园对面", known)
    assert "翠湖花园" in str(update.values.get("incident_address"))


# --- the person of one clause carries into the next


@pytest.mark.parametrize(
    "text",
    [
        "家里四口人，我爱人去年出了车祸，落下残疾干不了活，我在饭店洗碗一个月一千八",
        "我儿子小时候发高烧，留下了残疾，干不了活，我们老两口就靠种地",
    ],
)
def test_a_relatives_disability_told_over_two_clauses(text: str) -> None:
    assert _fill("dibao", text).values.get("hardship_reason") == "家庭成员残疾"


def test_a_clause_with_its_own_person_takes_nobody_from_the_one_before() -> None:
    update = _fill("dibao", "我老伴走得早。我前年摔断了腿，干不了活")
    assert update.values.get("hardship_reason") == "无劳动能力"


# --- which parent speaks


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("我的户口在外省，孩子爸爸是这边的户口，想让孩子跟他", "母亲"),
        ("我叫方志远，宝宝他妈妈是本市户口", "父亲"),
    ],
)
def test_a_parent_told_as_the_babys_is_told_by_the_other(text: str, relation: str) -> None:
    assert _fill("newborn-hukou", text).values.get("applicant_relation") == relation


def test_a_grandparent_telling_of_the_babys_father_is_no_parent() -> None:
    text = "我儿子在外地上班，我叫吴秀珍，孩子爸爸让我来给孙女办户口"
    assert _fill("newborn-hukou", text).values.get("applicant_relation") not in ("父亲", "母亲")


@pytest.mark.parametrize(
    ("speaker", "text", "expected"),
    [
        ("父亲", "我叫邱明辉，她叫章雨桐", {"father_name": "邱明辉", "mother_name": "章雨桐"}),
        ("母亲", "我叫章雨桐，他叫邱明辉", {"mother_name": "章雨桐", "father_name": "邱明辉"}),
    ],
)
def test_a_pronoun_next_to_the_speakers_own_name_is_the_partner(
    speaker: str, text: str, expected: dict[str, str]
) -> None:
    values, _ = assign(people_of(FORMS["newborn-hukou"]), text, speaker=speaker)
    assert {k: values.get(k) for k in expected} == expected


def test_a_home_that_is_the_place_of_the_matter_still_replaces_a_vague_one() -> None:
    known = {"incident_address": "我们楼"}
    text = "我家在南岗区学府路66号丽水家园5栋，暖气一直不热"
    assert "学府路66号" in str(_fill("complaint-12345", text, known).values.get("incident_address"))


def test_who_said_what_names_no_place() -> None:
    text = "社区说归街道管，街道又说是小区物业的问题，推来推去"
    assert "incident_address" not in _fill("complaint-12345", text).values
