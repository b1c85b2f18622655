"""Address cues that end before the address: the longer cue wins ("户口地址：" is not "户口地" + "址"),
and "现在住" / "目前住" lead to an address like "我住" does, whatever the city is called."""

from __future__ import annotations

import pytest

from govhall.text import extract


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("户口地址：宁溪市东湖区梧桐路8号2栋301。第一次申请", "宁溪市东湖区梧桐路8号2栋301"),
        ("我户口地址是临川市西湾区石榴巷17号，现在在外地", "临川市西湾区石榴巷17号"),
        ("现在住青禾市北岭区纺织路城中村8号三楼。", "青禾市北岭区纺织路城中村8号三楼"),
        ("目前住在长沙市岳麓区麓山南路12号", "湖南省长沙市岳麓区麓山南路12号"),
    ],
)
def test_an_address_after_a_cue_is_found_in_a_city_the_table_does_not_hold(text: str, address: str) -> None:
    found = [e.value for e in extract(text) if e.type == "address"]
    assert found == [address]
