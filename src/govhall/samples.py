"""Valid sample application data generated from any item's form schema.

Used by ``govhall demo`` to create realistic cases, by the benchmark to submit thousands of them,
and by tests to prove that every built-in form accepts a well-formed application. All personal data
is invented; ID numbers and bank cards are generated to pass their checksums.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from govhall.localtime import local_today
from govhall.text import fake_bank_card, fake_id_number, fake_mobile, uscc_check_char

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰建国华红梅志文玉珍凤晨辉鹏飞"
_DISTRICTS = [
    ("110105", "北京市朝阳区", "建国路"),
    ("310115", "上海市浦东新区", "世纪大道"),
    ("440106", "广东省广州市天河区", "天河路"),
    ("330106", "浙江省杭州市西湖区", "文三路"),
    ("510107", "四川省成都市武侯区", "人民南路"),
    ("420106", "湖北省武汉市武昌区", "中北路"),
]


@dataclass(frozen=True)
class Person:
    """An invented applicant with checksum-valid identifiers."""

    name: str
    id_number: str
    phone: str
    address: str
    birth_date: date


def make_uscc(rng: random.Random) -> str:
    """A unified social credit code with a valid GB 32100 check character."""
    body = "92" + "110105" + "".join(str(rng.randrange(10)) for _ in range(9))
    return body + uscc_check_char(body)


def make_person(rng: random.Random, *, min_age: int = 25, max_age: int = 70) -> Person:
    region, area, road = rng.choice(_DISTRICTS)
    today = local_today()
    born = today - timedelta(days=rng.randint(min_age * 366, max_age * 365))
    name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
    address = f"{area}{road}{rng.randint(1, 300)}号{rng.randint(1, 30)}栋{rng.randint(101, 2505)}室"
    return Person(name, fake_id_number(rng, region, born), fake_mobile(rng), address, born)


_SIMPLE_PATTERN = re.compile(r"\[([^\]]+)\]\{(\d+)(?:,(\d+))?\}|\[([^\]]+)\]")


def _from_pattern(pattern: str, rng: random.Random) -> str:
    """A string for the simple anchored patterns the catalogue uses, e.g. ``^[A-Z][0-9]{9}$``."""
    out = []
    for m in _SIMPLE_PATTERN.finditer(pattern.strip("^$")):
        klass = m.group(1) or m.group(4)
        count = int(m.group(2)) if m.group(2) else 1
        alphabet = "".join(
            "".join(chr(c) for c in range(ord(klass[i]), ord(klass[i + 2]) + 1)) for i in range(0, len(klass) - 2, 3)
        )
        out.append("".join(rng.choice(alphabet) for _ in range(count)))
    return "".join(out)


def _string_value(name: str, prop: dict[str, Any], person: Person, rng: random.Random) -> str:
    fmt = prop.get("format")
    if fmt == "cn-id-card":
        if name == "id_number":
            return person.id_number
        other = make_person(rng, min_age=0 if "child" in name else 25, max_age=12 if "child" in name else 60)
        return other.id_number
    if fmt in ("cn-mobile", "cn-phone"):
        return person.phone
    if fmt == "bank-card":
        return fake_bank_card(rng)
    if fmt == "cn-uscc":
        return make_uscc(rng)
    if fmt == "email":
        return f"user{rng.randint(1, 9999)}@example.cn"
    if fmt == "date":
        if name == "birth_date":
            return (local_today() - timedelta(days=rng.randint(30, 300))).isoformat()
        return (local_today() - timedelta(days=rng.randint(1, 60))).isoformat()
    if "pattern" in prop:
        return _from_pattern(prop["pattern"], rng)
    title = str(prop.get("title", name))
    if "姓名" in title:
        value = person.name if name == "applicant_name" else make_person(rng).name
    elif name == "address" or "地址" in title or "住所" in title or "场所" in title:
        value = person.address
    else:
        value = f"{title}（示例）"
    max_len = int(prop.get("maxLength", 200))
    min_len = int(prop.get("minLength", 0))
    value = value[:max_len]
    return value + "示" * max(0, min_len - len(value))


def sample_form_data(schema: dict[str, Any], person: Person, rng: random.Random) -> dict[str, Any]:
    """Values for every property of ``schema`` that satisfy its types, formats, enums and bounds."""
    data: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get("type")
        if "enum" in prop:
            data[name] = rng.choice(prop["enum"])
        elif kind == "boolean":
            data[name] = True
        elif kind in ("integer", "number"):
            low = prop.get("minimum", 0)
            high = prop.get("maximum", low + 100)
            data[name] = rng.randint(int(low), int(min(high, low + 100)))
        else:
            data[name] = _string_value(name, prop, person, rng)
    return data
