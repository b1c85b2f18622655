"""Masking leaks by kind, sixth round of issue 19 (kinds that dev masking set 9 probes): phones
outside the mainland, staff numbers, exam and QQ numbers after short labels, Alipay and WeChat
accounts behind slang labels, partly starred numbers that still show a birth date, court case
numbers, lunar birthdays; names split by marks, a child's pet name, a letter's signature after its
date, Latin names of three words; and what must stay. Every example here is new (none is in the
dev sets)."""

from __future__ import annotations

import pytest

from govhall.text import mask
from govhall.text.mask import needs_mask


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我在香港，手机 +852 6234 8819，白天打", "6234 8819"),
        ("女儿在加拿大，电话+1 604-555-0198", "555-0198"),
        ("新加坡的号码 0065 8123 4567 也可以联系", "8123 4567"),
        ("英国手机+44 7700 900123，微信同号", "7700 900123"),
        ("投诉工号3321的接线员态度恶劣", "3321"),
        ("执勤民警警号：105226，当场没有出示证件", "105226"),
        ("员工号 SZ0088123，公司拖欠工资", "SZ0088123"),
        ("考生号25440106110876，成绩查不到", "25440106110876"),
        ("Q号：1290384756，有事留言", "1290384756"),
        ("钱转到支付宝账号：chenli_2021 了", "chenli_2021"),
        ("加我卫星：zhoulei_88，发定位", "zhoulei_88"),
        ("绿泡泡 hz_xiaoma99 联系", "hz_xiaoma99"),
        ("威❤：lanlan_1212 私聊", "lanlan_1212"),
        ("身份证44010619880305****，系统显示不存在", "1988030"),
        ("案号（2023）粤0304民初8812号一直没执行", "8812"),
        ("我爸是62年正月十五生的，退休手续要户口本吗", "62年正月十五"),
    ],
)
def test_a_secret_of_each_kind_is_masked_and_flagged(text: str, secret: str) -> None:
    assert secret not in mask(text, ner=False)
    assert needs_mask(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("帮我查下廖-春-生的低保什么时候批", "廖-春-生"),
        ("申请人是马/红/梅，材料已经交齐", "马/红/梅"),
        ("我外孙女叫豆包，户口还没上", "豆包"),
        ("请领导过问。\n2026年11月30日\n退休职工 程立新", "程立新"),
        ("此致 2026.12.01 薛明辉 敬上", "薛明辉"),
        ("我丈夫的名字 Ahmed Karim Hassan 在系统里被截断了", "Ahmed Karim Hassan"),
    ],
)
def test_a_name_written_in_an_odd_shape_is_masked(text: str, name: str) -> None:
    assert name not in mask(text, ner=False)
    assert needs_mask(text)


@pytest.mark.parametrize(
    "text",
    [
        "房价+4000元，工资+15%，附议+10086",
        "皇马要用大圣+90000000换凯恩",
        "双核+2G内存+320G硬盘+512M独显",
        "拨打4007007****投诉热线",
        "280元/场/人，差.差.差",
        "孩子叫什么名字都行，孩子叫妈妈了",
        "2018年11月29日，又进行强行表决，因为",
        "卫星定位耕地，支付宝上面也可以用，支付宝账户于2020年被冻结",
        "中考英语真题解析 007-012",
        "不愿报工号，直接挂电话",
        "目前住户约3000户左右，小区配套了幼儿园",
        "现在住院于163医院骨科9楼10床",
        "现在住房紧张，目前住宅项目已经竣工",
    ],
)
def test_text_without_personal_data_is_left_alone(text: str) -> None:
    assert mask(text, ner=False) == text
