"""Small helpers that look at the words around a span (cues, relatives) in normalised text."""

from __future__ import annotations

import re

RELATIONS: dict[str, str] = {
    "儿子": "子女",
    "女儿": "子女",
    "孩子": "子女",
    "小孩": "子女",
    "子女": "子女",
    "父亲": "父母",
    "母亲": "父母",
    "爸爸": "父母",
    "妈妈": "父母",
    "老爸": "父母",
    "老妈": "父母",
    "父母": "父母",
    "丈夫": "配偶",
    "妻子": "配偶",
    "老公": "配偶",
    "老婆": "配偶",
    "爱人": "配偶",
    "配偶": "配偶",
    "媳妇": "配偶",
    "爷爷": "祖辈",
    "奶奶": "祖辈",
    "外公": "祖辈",
    "外婆": "祖辈",
    "姥姥": "祖辈",
    "姥爷": "祖辈",
    "哥哥": "兄弟姐妹",
    "姐姐": "兄弟姐妹",
    "弟弟": "兄弟姐妹",
    "妹妹": "兄弟姐妹",
    "爸": "父母",
    "妈": "父母",
    "老伴": "配偶",
    "老伴儿": "配偶",
    "媳妇儿": "配偶",
    "闺女": "子女",
    "儿媳妇": "亲属",
    "舅舅": "亲属",
    "舅妈": "亲属",
    "姑姑": "亲属",
    "叔叔": "亲属",
    "婶婶": "亲属",
    "孙子": "孙辈",
    "孙女": "孙辈",
    "外孙": "孙辈",
    "外孙女": "孙辈",
    "公公": "亲属",
    "婆婆": "亲属",
    "岳父": "亲属",
    "岳母": "亲属",
    "儿媳": "亲属",
    "女婿": "亲属",
    # Formal and wider kin (其子毛建新, 户主之妻, 长女, 嫂子, 侄子, 表哥, 继父, 女朋友).
    "其子": "子女",
    "其女": "子女",
    "之子": "子女",
    "之女": "子女",
    "长子": "子女",
    "次子": "子女",
    "长女": "子女",
    "次女": "子女",
    "养子": "子女",
    "养女": "子女",
    "继子": "子女",
    "继女": "子女",
    "其妻": "配偶",
    "其夫": "配偶",
    "之妻": "配偶",
    "之夫": "配偶",
    "其父": "父母",
    "其母": "父母",
    "之父": "父母",
    "之母": "父母",
    "继父": "父母",
    "继母": "父母",
    "养父": "父母",
    "养母": "父母",
    "嫂子": "亲属",
    "弟媳": "亲属",
    "姐夫": "亲属",
    "妹夫": "亲属",
    "侄子": "亲属",
    "侄女": "亲属",
    "外甥": "亲属",
    "外甥女": "亲属",
    "表哥": "亲属",
    "表姐": "亲属",
    "表弟": "亲属",
    "表妹": "亲属",
    "堂哥": "亲属",
    "堂姐": "亲属",
    "堂弟": "亲属",
    "堂妹": "亲属",
    "姨妈": "亲属",
    "姑父": "亲属",
    "姨父": "亲属",
    "伯父": "亲属",
    "伯母": "亲属",
    "大伯": "亲属",
    "男朋友": "亲属",
    "女朋友": "亲属",
    "未婚妻": "亲属",
    "未婚夫": "亲属",
    "紧急联系人": "紧急联系人",
    "监护人": "监护人",
    "代理人": "代理人",
    "委托人": "代理人",
}
"""Words for relatives (and stand-ins) → the group a form field title uses (子女, 配偶…)."""

_RELATION = re.compile("|".join(sorted(RELATIONS, key=len, reverse=True)))
_CLAUSE_END = re.compile(r"[,.;!?。，；！？\n]|我的?(?:电话|手机|身份证|名字)|本人")


def clause_before(text: str, start: int, window: int = 16) -> str:
    """The part of the current clause before ``start`` (at most ``window`` characters)."""
    left = text[max(0, start - window) : start]
    cut = 0
    for match in _CLAUSE_END.finditer(left):
        cut = match.end()
    return left[cut:]


def relation_before(text: str, start: int) -> str | None:
    """The relative the current clause ties a span to (我儿子的电话… → 子女), or None for oneself."""
    clause = clause_before(text, start)
    words = _RELATION.findall(clause)
    return RELATIONS[words[-1]] if words else None


def has_cue(text: str, start: int, cues: re.Pattern[str], window: int = 10) -> bool:
    """True when one of ``cues`` occurs in the ``window`` characters before ``start``."""
    return cues.search(text, max(0, start - window), start) is not None
