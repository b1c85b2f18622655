"""Policy interpretation, extractive and offline: a short summary, keywords, who a policy applies to
and what it grants, per document and per article."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from govhall.policies._structure import ParsedDocument
from govhall.text import tokenize

__all__ = ["interpret_article", "interpret_document"]

_GROUPS = [
    "失业人员",
    "职工",
    "劳动者",
    "用人单位",
    "农民工",
    "退休人员",
    "老年人",
    "残疾人",
    "未成年人",
    "儿童",
    "妇女",
    "孕妇",
    "学生",
    "军人",
    "退役军人",
    "烈士遗属",
    "城乡居民",
    "城镇居民",
    "农村居民",
    "低收入家庭",
    "最低生活保障家庭",
    "特困人员",
    "困难群众",
    "流动人口",
    "外国人",
    "华侨",
    "个体工商户",
    "企业",
    "社会组织",
    "公民",
    "法人",
    "申请人",
    "当事人",
    "患者",
    "参保人员",
    "缴存职工",
    "房屋所有权人",
    "驾驶人",
    "监护人",
    "受害人",
    "信访人",
    "家庭成员",
]
_GRANT = re.compile(
    r"[^。；\n]*(?:享受|领取|有权|可以申请|给予|发放|补助|补贴|救助|减免|免费|免除|优先)[^。；\n]*[。；]?"
)
_PURPOSE = re.compile(r"^为了?[^。]*制定本")
_STOPWORDS = frozenset(
    [
        "本法",
        "本条例",
        "规定",
        "应当",
        "国家",
        "人民政府",
        "有关",
        "部门",
        "以上",
        "以下",
        "依照",
        "按照",
        "或者",
        "以及",
        "其他",
        "进行",
        "可以",
        "不得",
        "负责",
        "工作",
        "管理",
        "组织",
        "单位",
        "情况",
        "相关",
        "条件",
        "具体",
        "办法",
        "实施",
        "机关",
        "行政",
        "法律",
        "法规",
        "县级",
        "地方",
        "各级",
        "主管",
        "国务院",
        "本办法",
        "本规定",
        "之日起",
        "根据",
        "规定的",
        "第一",
        "第二",
        "第三",
        "一定",
        "应该",
        "需要",
        "没有",
        "对于",
        "由于",
        "通过",
        "有关部门",
        "责任",
        "违反",
        "处罚",
        "罚款",
    ]
)


def keywords(text: str, limit: int = 8) -> list[str]:
    counts = Counter(
        word for word in tokenize(text[:6000]) if len(word) >= 2 and word not in _STOPWORDS and not word.isdigit()
    )
    return [word for word, _ in counts.most_common(limit)]


def applies_to(text: str, limit: int = 5) -> list[str]:
    counts = Counter({group: text.count(group) for group in _GROUPS})
    return [group for group, n in counts.most_common(limit) if n > 0]


def grants(text: str, limit: int = 3) -> list[str]:
    found: list[str] = []
    for match in _GRANT.finditer(text):
        sentence = match.group(0).strip(" ，,")
        if 8 <= len(sentence) <= 120 and sentence not in found and "不得" not in sentence:
            found.append(sentence)
        if len(found) >= limit:
            break
    return found


def _shorten(text: str, limit: int = 160) -> str:
    text = text.replace("\n", "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def interpret_article(text: str) -> dict[str, Any]:
    first = re.split(r"(?<=[。；])", text.replace("\n", ""), maxsplit=1)[0]
    return {
        "summary": _shorten(first, 120),
        "keywords": keywords(text, 5),
        "applies_to": applies_to(text, 3),
        "grants": grants(text, 2),
    }


def interpret_document(parsed: ParsedDocument) -> dict[str, Any]:
    texts = [a.text for a in parsed.articles]
    purpose = next((t for t in texts[:5] if _PURPOSE.match(t)), texts[0] if texts else "")
    scope = next((t for t in texts[:8] if "适用" in t and t != purpose), "")
    summary = _shorten(purpose + (scope if scope else ""), 200)
    body = "\n".join(texts)
    return {
        "summary": summary,
        "keywords": keywords(body, 8),
        "applies_to": applies_to(body, 5),
        "grants": grants(body, 5),
    }
