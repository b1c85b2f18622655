"""The built-in catalogue: the 20 required items, whole and consistent, with real legal bases."""

from __future__ import annotations

import random

import pytest

from govhall.catalog import builtin_items, validate_form
from govhall.samples import make_person, sample_form_data
from tests.support.laws import LAWS, articles

REQUIRED_NAMES = [
    "最低生活保障申请",
    "失业保险金申领",
    "新生儿出生登记落户",
    "住房公积金提取",
    "职工退休申请",
    "医疗费用报销",
    "居住证办理",
    "个体工商户设立登记",
    "社保缴费记录查询",
    "不动产登记",
    "机动车驾驶证换证",
    "普通护照办理",
    "残疾人证办理",
    "高龄津贴申请",
    "生育津贴申领",
    "临时救助申请",
    "公共租赁住房申请",
    "结婚登记",
    "义务教育入学登记",
    "12345投诉建议",
]


def test_catalogue_has_the_twenty_required_items() -> None:
    names = [item.name for item in builtin_items()]
    assert sorted(names) == sorted(REQUIRED_NAMES)
    codes = [item.code for item in builtin_items()]
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("item", builtin_items(), ids=lambda i: i.code)
def test_every_item_is_complete(item) -> None:  # type: ignore[no-untyped-def]
    assert item.conditions and item.materials and item.steps and item.summary
    assert all(m.form in ("原件", "复印件", "原件和复印件", "电子材料") for m in item.materials)
    form = item.form
    assert form["properties"], "form has fields"
    assert all("title" in prop for prop in form["properties"].values()), "every field has a Chinese label"
    assert set(form["required"]) <= set(form["properties"])


@pytest.mark.parametrize("item", builtin_items(), ids=lambda i: i.code)
def test_every_form_accepts_valid_data_and_rejects_a_bad_id(item) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(item.code)
    data = sample_form_data(item.form, make_person(rng), rng)
    assert validate_form(item.form, data) == {}
    if "id_number" in item.form["properties"]:
        good = data["id_number"]
        bad_check = "0123456789X"[("0123456789X".index(good[-1]) + 1) % 11]
        problems = validate_form(item.form, {**data, "id_number": good[:-1] + bad_check})
        assert "id_number" in problems and "校验位" in problems["id_number"]


@pytest.mark.skipif(not LAWS.exists(), reason="../shared/data/laws is absent: legal-basis check skipped")
@pytest.mark.parametrize("item", builtin_items(), ids=lambda i: i.code)
def test_legal_basis_exists_in_the_law_corpus(item) -> None:  # type: ignore[no-untyped-def]
    assert item.legal_basis, "every item cites at least one provision"
    for basis in item.legal_basis:
        assert basis.article in articles(basis.law), f"{basis.law} {basis.article} not found"
