"""Masking, ninth round of issue 19: full names with no cue that the model misses (dev set 12).

Every example is new wording (none is in a dev set). A surname and two given-name characters
before what a person does, or after a verb that takes a person, are hidden by the rules alone,
and the import's gate flags the post; the same shape inside a place, a product or an estate is
left alone."""

from __future__ import annotations

import pytest

from govhall.text import mask, normalize
from govhall.text.mask import needs_mask


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # before a person's deed: a habit adverb, a preposition opening what they did, their home
        ("上礼拜巩立新把电动车推进了电梯。", "巩立新"),
        ("据我观察暴文清经常半夜在楼顶烧东西。", "暴文清"),
        ("没料到仝爱民竟然把消防栓拆走了。", "仝爱民"),
        ("后来毕志远告诉我押金会退。", "毕志远"),
        ("隔壁的羊玉梅家的鸡天天跑到我家菜地。", "羊玉梅"),
        ("那天訾振宇跟物业的人吵了半天。", "訾振宇"),
        # after a verb that takes a person
        ("麻烦转告桑德贵明天上午来签字。", "桑德贵"),
        ("这回真是多亏了邰秀兰，不然老人就走丢了。", "邰秀兰"),
        ("我一直怀疑谯德顺偷偷改了电表。", "谯德顺"),
        # before a word for the person themself or their household
        ("这件事冷春华自己也承认了。", "冷春华"),
        ("楼下扈金宝一家天天在院子里烧垃圾。", "扈金宝"),
        # what a citizen does in a letter, a stance, a record's next field
        ("邬永福反映：小区的消防通道被占了。", "邬永福"),
        ("其实邰海龙根本没有资格领这笔钱。", "邰海龙"),
        ("联系人 蔺春燕 15967203318", "蔺春燕"),
        ("当事人巩秀英，63岁，独居。", "巩秀英"),
        # 栋 and 长 end given names as well as buildings and titles
        ("请你们管管聂国栋，他天天在楼道抽烟。", "聂国栋"),
    ],
)
def test_a_full_name_by_its_shape_is_hidden_without_the_model(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)
    assert secret not in mask(text)
    assert needs_mask(text, normalize(text))


@pytest.mark.parametrize(
    "text",
    [
        "怡海星城经常停水，物业不管。",  # an estate: 城 ends no given name
        "来武汉出差的人最近多了。",  # 武汉: the surname and the first given character are a word
        "余额宝和零钱通哪个收益高？",  # a product
        "黄金周期间已经订不到房了。",
        "****区成立已经两年了，配套还没跟上。",  # a district's 区 after a mask, not the surname 区
        "创建文明城已经喊了好几年。",  # 明 belongs to 文明 before it
    ],
)
def test_the_shape_inside_a_word_place_or_product_is_left_alone(text: str) -> None:
    assert mask(text, ner=False) == text


@pytest.mark.parametrize(
    "text",
    [
        "越秀区的道路一下雨就积水。",
        "江北区的马路晚上太黑。",
        "我觉得开发区的公交线路应该调整一下。",
        "城阳区的铁路旁边噪音很大。",
    ],
)
def test_a_district_and_a_common_word_for_a_way_is_no_address(text: str) -> None:
    assert mask(text, ner=False) == text


@pytest.mark.parametrize(
    ("text", "kept", "hidden"),
    [
        ("快递寄到黄埔区的开发大道88号。", "开发大道", "88"),
        ("我家在宝山区沪太公路5号。", "沪太公路", "5号"),
    ],
)
def test_a_named_road_after_a_district_stays_an_address(text: str, kept: str, hidden: str) -> None:
    masked = mask(text, ner=False)
    assert kept in masked and hidden not in masked
