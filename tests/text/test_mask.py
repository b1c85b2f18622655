"""Masking: type-preserving shapes, policy choices, and JSON-like data for logs and exports."""

from __future__ import annotations

import pytest

from govhall.text import DEFAULT_POLICY, MaskPolicy, mask, mask_data, mask_value
from govhall.text.validators import id_check_digit

ID = "11010119800307123" + id_check_digit("11010119800307123")


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("id_card", "11010119800307123X", "110101********123X"),
        ("phone", "13912345678", "139****5678"),
        ("phone", "010-62345678", "010-****5678"),
        ("name", "王建国", "王*国"),
        ("name", "王芳", "王*"),
        ("name", "欧阳娜娜", "欧**娜"),
        ("bank_card", "6222021234567890128", "****0128"),
        ("email", "alice@x.com", "a***@x.com"),
        ("address", "北京市朝阳区建国路88号", "北京市朝阳区建国路**号"),
        ("birth_date", "1980-03-07", "1980-**-**"),
    ],
)
def test_mask_value_shapes(kind: str, value: str, expected: str) -> None:
    assert mask_value(kind, value) == expected


def test_mask_value_rejects_unknown_types() -> None:
    with pytest.raises(ValueError):
        mask_value("passport", "E12345678")


def test_mask_text_hides_every_secret_and_keeps_the_rest() -> None:
    text = f"我叫王建国，身份证{ID}，电话一三九一二三四五六七八，住朝阳区建国路88号院3号楼，月收入3500元"
    masked = mask(text)
    assert "王*国" in masked
    assert f"{ID[:6]}********{ID[-4:]}" in masked
    assert "139****5678" in masked
    assert "朝阳区建国路**号院*号楼" in masked
    assert "3500元" in masked  # amounts are not personal by default
    assert ID not in masked and "一三九一二三四五六七八" not in masked


def test_mask_hides_long_numbers_that_fail_validation() -> None:
    typo = ID[:17] + ("0" if ID[17] != "0" else "1")
    assert typo not in mask(f"身份证{typo}")
    assert typo in mask(f"身份证{typo}", MaskPolicy(digit_run=None))


def test_policy_selects_types() -> None:
    policy = MaskPolicy(types=frozenset({"phone"}))
    assert mask("我叫王建国，电话13912345678", policy) == "我叫王建国，电话139****5678"
    with pytest.raises(ValueError):
        MaskPolicy(types=frozenset({"nonsense"}))
    assert "amount" not in DEFAULT_POLICY.types


def test_mask_data_masks_nested_strings_and_known_fields() -> None:
    data = {
        "applicant_name": "王建国",
        "id_number": ID,
        "notes": ["电话13912345678", {"deep": "邮箱 bob@example.com"}],
        "count": 3,
        "ok": True,
        "item_name": "最低生活保障申请",
    }
    masked = mask_data(data)
    assert masked["applicant_name"] == "王*国"
    assert masked["id_number"] == f"{ID[:6]}********{ID[-4:]}"
    assert masked["notes"] == ["电话139****5678", {"deep": "邮箱 b***@example.com"}]
    assert masked["count"] == 3 and masked["ok"] is True
    assert masked["item_name"] == "最低生活保障申请"
    assert data["applicant_name"] == "王建国"  # a copy, not in place


def test_mask_data_handles_text_longer_than_the_limit() -> None:
    text = "电话13912345678。" * 8000
    masked = mask_data({"log": text})["log"]
    assert "13912345678" not in masked
    assert len(masked) == len(text)
