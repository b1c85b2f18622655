"""catalog.editor: form rows ↔ JSON Schema, drafts ↔ items, rollback, retire and diffs."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from govhall import catalog
from govhall.accounts import Role
from govhall.catalog import FormField
from govhall.db import transaction
from govhall.errors import BadInput, FormInvalid, NotFound
from tests.conftest import UserFactory


def _normalised(content: dict[str, Any]) -> dict[str, Any]:
    form = dict(content["form"])
    form["required"] = sorted(form.get("required", []))
    return {**content, "form": form}


@pytest.mark.parametrize("item", catalog.builtin_items(), ids=lambda item: item.code)
def test_every_builtin_item_survives_the_editor_unchanged(item: catalog.ItemContent) -> None:
    content = item.model_dump(mode="json")
    again = catalog.content_from_draft(catalog.draft_from_content(content)).model_dump(mode="json")
    assert _normalised(again) == _normalised(content)


def test_rows_become_a_schema_in_order_keeping_unknown_keys() -> None:
    rows = [
        FormField("content", "诉求内容", "text", required=True, extra={"minLength": 10}),
        FormField("kind", "类型", options=["投诉", "建议"]),
        FormField("area", "面积", "number"),
        FormField("phone", "电话", format="cn-mobile", required=True),
    ]
    schema = catalog.schema_from_fields(rows, {"type": "object", "additionalProperties": False, "title": "表"})
    assert list(schema["properties"]) == ["content", "kind", "area", "phone"]
    assert schema["properties"]["content"] == {
        "type": "string",
        "title": "诉求内容",
        "minLength": 10,
        "maxLength": 2000,
    }
    assert schema["properties"]["kind"]["enum"] == ["投诉", "建议"]
    assert schema["required"] == ["content", "phone"]
    assert schema["title"] == "表" and schema["additionalProperties"] is False
    back = catalog.fields_from_schema(schema)
    assert [(f.name, f.kind, f.required, f.options, f.format) for f in back] == [
        (r.name, r.kind, r.required, r.options, r.format) for r in rows
    ]
    assert back[0].extra == {"minLength": 10}


@pytest.mark.parametrize(
    ("row", "key", "words"),
    [
        (FormField("Bad Name", "面积"), "field.1.name", "第2个字段“面积”：字段名"),
        (FormField("phone", "重复"), "field.1.name", "字段名“phone”重复"),
        (FormField("area", ""), "field.1.label", "标题不能为空"),
        (FormField("area", "面积", "integer", options=["1", "2"]), "field.1.options", "只有“文字”类型"),
        (FormField("area", "面积", "integer", format="date"), "field.1.format", "格式只适用于"),
        (FormField("area", "面积", "blob"), "field.1.kind", "类型只能是"),
        (FormField("area", "面积", max_length=-1), "field.1.max_length", "最大长度"),
        (FormField("area", "面积", extra={"minLength": "ten"}), "field.1.name", "不是有效的 JSON Schema"),
    ],
)
def test_bad_rows_are_refused_with_the_field_named(row: FormField, key: str, words: str) -> None:
    with pytest.raises(FormInvalid) as caught:
        catalog.schema_from_fields([FormField("phone", "电话"), row])
    assert key in caught.value.fields and words in caught.value.fields[key]


def test_a_form_needs_a_field() -> None:
    with pytest.raises(FormInvalid) as caught:
        catalog.schema_from_fields([])
    assert "field" in caught.value.fields


def test_draft_problems_name_the_box_and_line() -> None:
    draft = catalog.draft_from_content(catalog.builtin_items()[0].model_dump(mode="json"))
    draft.materials += "\n身份证 | 影印件 | 1"
    draft.steps = "只有名称"
    draft.time_limit_days = "三天"
    draft.legal_basis = "某某条例 | 第3条"
    with pytest.raises(FormInvalid) as caught:
        catalog.content_from_draft(draft)
    problems = caught.value.fields
    assert "申请材料第4行" in problems["materials"]
    assert "办理流程第1行" in problems["steps"]
    assert "承诺时限" in problems["time_limit_days"]
    draft.fee_yuan = "inf"
    with pytest.raises(FormInvalid) as caught:
        catalog.content_from_draft(draft)
    assert "收费金额" in caught.value.fields["fee_yuan"]
    draft.fee_yuan = "0"
    draft.materials, draft.steps, draft.time_limit_days = "材料 | 原件 | 1", "受理 | 窗口受理", "5"
    with pytest.raises(FormInvalid) as caught:
        catalog.content_from_draft(draft)
    assert "legal_basis" in caught.value.fields and "第1行" in caught.value.fields["legal_basis"]


def test_api_schema_errors_name_the_field() -> None:
    content = catalog.builtin_items()[0].model_dump(mode="json")
    content["form"]["properties"]["phone"]["type"] = "strng"
    with pytest.raises(FormInvalid) as caught:
        catalog.parse_item(content)
    assert "字段 phone" in caught.value.fields["form"]


def test_rollback_publishes_old_content_as_a_new_version(db: Session, make_user: UserFactory) -> None:
    admin = make_user(Role.ADMIN)
    row = catalog.get_item(db, "dibao")
    original = dict(row.content)
    changed = {**original, "summary": "改过的简介"}
    with transaction(db):
        catalog.update_item(db, "dibao", changed, admin)
    diff = catalog.version_diff(db, "dibao", 2, 1)
    assert [d.key for d in diff] == ["summary"] and any(
        line.startswith("+") and "改过的简介" in line for line in diff[0].lines
    )
    with transaction(db):
        row = catalog.rollback_item(db, "dibao", 1, admin, reason="误改")
    assert row.version == 3 and row.content == original
    assert [v.version for v in catalog.versions_of(db, "dibao")] == [3, 2, 1]
    with pytest.raises(BadInput), transaction(db):
        catalog.rollback_item(db, "dibao", 3, admin)
    with pytest.raises(NotFound), transaction(db):
        catalog.rollback_item(db, "dibao", 99, admin)


def test_retire_hides_the_item_and_reinstate_brings_it_back(db: Session, make_user: UserFactory) -> None:
    admin = make_user(Role.ADMIN)
    with transaction(db):
        catalog.set_item_active(db, "dibao", False, admin, reason="政策调整")
    with pytest.raises(NotFound):
        catalog.get_item(db, "dibao")
    assert "dibao" not in {r.code for r in catalog.list_items(db)}
    assert "dibao" in {r.code for r in catalog.all_items(db, query="dibao")}
    with pytest.raises(BadInput), transaction(db):
        catalog.set_item_active(db, "dibao", False, admin)
    with transaction(db):
        catalog.set_item_active(db, "dibao", True, admin)
    assert catalog.get_item(db, "dibao").active
