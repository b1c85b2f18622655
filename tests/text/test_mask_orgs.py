"""Masking leaves organisations, services and everyday words alone (issue 19, over-masking).

Every text field of the shipped catalogue guides holds no personal data, so masking names in it
must change nothing; the departments' names must come through the default policy unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from govhall.text import MaskPolicy, mask, mask_many, needs_mask

ITEMS = Path(__file__).resolve().parents[2] / "src" / "govhall" / "catalog" / "data" / "items"
NAMES_ONLY = MaskPolicy(types=frozenset({"name"}))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _guides() -> list[dict[str, Any]]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(ITEMS.glob("*.yaml"))]


def test_catalogue_guide_texts_hold_no_name() -> None:
    # Field keys (reimbursement_reason) are no text, and 张三/李四 are the guides' sample names.
    texts = sorted(
        {
            s
            for guide in _guides()
            for s in _strings(guide)
            if s.strip() and not s.isascii() and not any(sample in s for sample in ("张三", "李四"))
        }
    )
    assert len(texts) > 500
    changed = {text: masked for text, masked in zip(texts, mask_many(texts, NAMES_ONLY), strict=True) if masked != text}
    assert changed == {}


def test_department_names_are_kept() -> None:
    departments = sorted({str(guide["department"]) for guide in _guides()})
    assert len(departments) >= 10
    for department in departments:
        for text in (department, f"请联系{department}", f"我去了{department}办理", f"邻居说{department}不管"):
            assert mask(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "请联系公安局户籍窗口",
        "失业金可以领多久",
        "失业金怎么领",
        "本人银行卡或存折",
        "申请人公民身份号码",
        "当事人双方共同申请",
        "姓名和联系方式",
        "我是南湖区居民",
        "监护人应当依法履行",
        "通知申请人补正材料",
        "找了派出所的民警",
        "请到社区服务中心咨询",
        "联系街道办事处",
        "请问朝阳街道办的停车场归谁管",
    ],
)
def test_organisations_and_everyday_words_are_no_names(text: str) -> None:
    assert mask(text) == text
    assert mask(text, ner=False) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("邻居王芳所在的小区", "王芳"),
        ("邻居付亮每天吵", "付亮"),
        ("物业经理高峰说会处理", "高峰"),
        ("联系张建国局长", "张建国"),
        ("我和王建军去了公安局", "王建军"),
        ("我叫陈有才，身份证丢了", "陈有才"),
        ("承办人秦山至今没有回复。", "秦山"),
        ("法定代表人苏纳（夫妻）" + "，这是一段很长的情况说明" * 12, "苏纳"),
    ],
)
def test_names_beside_organisations_are_still_masked(text: str, secret: str) -> None:
    assert needs_mask(text)
    assert secret not in mask(text)
    assert secret not in mask(text, ner=False)
