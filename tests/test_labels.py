"""The label table (labels.yaml) is checked against each enum both ways."""

from __future__ import annotations

from enum import StrEnum

import pytest

from govhall.accounts import ROLE_LABELS, Role
from govhall.labels import labels_of


def test_every_member_has_its_label_in_order() -> None:
    assert list(ROLE_LABELS) == list(Role)
    assert ROLE_LABELS[Role.CLERK] == "窗口人员"


def test_a_member_without_a_label_fails() -> None:
    Role = StrEnum("Role", {"CITIZEN": "citizen", "CLERK": "clerk", "ANALYST": "analyst", "ADMIN": "admin",
                            "POLICY_EDITOR": "policy_editor", "SUPERVISOR": "supervisor", "DEPT_HEAD": "dept_head",
                            "MAYOR": "mayor"})  # fmt: skip
    with pytest.raises(ValueError, match=r"lacks labels for \['mayor'\]"):
        labels_of(Role)


def test_a_label_for_no_member_fails() -> None:
    State = StrEnum("State", {"SUBMITTED": "submitted"})
    with pytest.raises(ValueError, match=r"has stray .*'withdrawn'"):
        labels_of(State)
