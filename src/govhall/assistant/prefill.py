"""Prefill from the logged-in account (账号信息预填): offered, shown and confirmed, never silent.

A citizen who applies for themselves should not type the name, ID number and mobile the account
already holds; but the person applied for is often someone else ("帮我妈申请"), so the values are
shown (ID and mobile partly hidden) and used only when the next reply accepts them ("是", "对，本人").
A reply that gives values or says anything else simply answers the form's question, and the offer
lapses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from govhall.accounts import Role, User
from govhall.assistant._people import APPLICANT, person_of
from govhall.text import mask_value

__all__ = ["accepts", "account_offer", "offer_text"]

_ON_BEHALF = re.compile(
    r"(?:帮|给|替|为|代)(?:我|俺)?(?:的|家)?(?:爸|妈|父亲|母亲|老人|爷爷|奶奶|姥姥|姥爷|外公|外婆|孩子|儿子|女儿|闺女|老伴|爱人"
    r"|老公|老婆|媳妇|丈夫|妻子|哥|姐|弟|妹|公公|婆婆|岳父|岳母|亲戚|朋友|邻居|他|她)"
)
_OTHER_PERSON_TITLE = ("老年人", "学生", "新生儿")
"""Forms whose applicant is rarely the account holder (an old person, a pupil, a baby)."""
_ACCEPT = re.compile(
    r"^(?:是|是的|对|对的|嗯|嗯嗯|好|好的|行|可以|没错|本人|我本人|是本人|是我本人|是我自己|我自己|自己|给我自己|用吧|就用这个|用这个)"
    r"[，,。！!～~ ]*(?:是|对|本人|我本人|我自己|用吧|就用这个|可以)?[。！!～~]*$"
    r"|^(?:是|对|嗯)?[，, ]*(?:的)?(?:给|为|替)?(?:我)?(?:自己|本人)(?:办|申请|用|的)?的?[。！!～~]*$"  # "是给我自己办"
)


def account_offer(form: Mapping[str, Any], user: User | None, text: str, given: Mapping[str, Any]) -> dict[str, str]:
    """Applicant fields of ``form`` the account can fill (name, ID number, mobile) and the message
    left empty; {} for anonymous or staff users, for forms about another person, and when the
    message says the application is for someone else."""
    if user is None or user.role != Role.CITIZEN or _ON_BEHALF.search(text):
        return {}
    props: Mapping[str, Any] = form.get("properties", {})
    named = [
        str(given[n])
        for n, spec in props.items()
        if n in given
        and str(spec.get("title", "")).endswith("姓名")
        and person_of(str(spec.get("title", ""))) == APPLICANT
    ]
    if user.display_name and any(name != user.display_name for name in named):
        return {}  # "何万春，身份证…" from 赵涛's account: another person's application, not the account's
    offer: dict[str, str] = {}
    for name, spec in props.items():
        title = str(spec.get("title", ""))
        if name in given or "enum" in spec or person_of(title) != APPLICANT:
            continue
        if title.startswith(_OTHER_PERSON_TITLE):
            return {}
        kind = spec.get("format")
        if kind == "cn-id-card" and user.id_number:
            offer[name] = user.id_number
        elif kind == "cn-mobile" and user.phone:
            offer[name] = user.phone
        elif title.endswith("姓名") and user.display_name and not kind:
            offer[name] = user.display_name
    return offer if any(props[n].get("format") == "cn-id-card" for n in offer) else {}


def offer_text(form: Mapping[str, Any], offer: Mapping[str, str]) -> str:
    """The offer as the citizen sees it, identifiers partly hidden."""
    props: Mapping[str, Any] = form.get("properties", {})
    shown = []
    for name, value in offer.items():
        kind = props[name].get("format")
        masked = mask_value("id_card" if kind == "cn-id-card" else "phone", value) if kind else value
        shown.append(f"{props[name].get('title', name)} {masked}")
    return f"您的账号登记有：{'，'.join(shown)}。如果是为您本人申请，回复“是”即可填入；不是的话，"


def accepts(text: str) -> bool:
    """Whether a reply accepts the offer: a bare yes ("是", "对，本人"), nothing more."""
    return bool(_ACCEPT.match(text.strip()))
