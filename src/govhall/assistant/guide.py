"""Answers from an item's guide (办事指南): materials, conditions, steps, time limit, fee, where.

The guide is the authority for "要带户口本吗？": it is what the window checks. Each answer cites the
item and its version, like a policy answer cites an article.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["ASPECTS", "guide_answer", "guide_aspect", "is_question"]

ASPECTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # a detail no standard section holds: answered from the guide's own sentences (FAQ, steps, fields)
    ("delivery", re.compile(r"快递|邮寄|寄到|寄回|寄给|寄过来|送到家|送上门")),
    ("materials", re.compile(r"材料|带什么|带啥|准备什么|准备啥|要带|需要带|证件|复印件|原件|户口本|户口簿|照片|证明")),
    ("visit", re.compile(r"本人|亲自|到场|去现场|跑几次|跑一趟|上门|要去窗口|网上(?:能)?办|线上|在家(?:就)?能办")),
    ("time", re.compile(r"多久|几天|多长时间|多少天|时限|什么时候能|啥时候|工作日|办好|办下来")),
    # after time, before fee: "一个月能领多少钱" asks what the benefit pays, not what the service costs
    (
        "amount",
        re.compile(
            r"(?:领|拿|发|给)[^，。？?]{0,6}多少钱?|每个?月[^，。？?]{0,6}多少|标准是多少|(?:补贴|津贴|救助金)[^，。？?]{0,3}多少"
        ),
    ),
    ("fee", re.compile(r"收费|费用|多少钱|要钱|花钱|免费|交钱|收不收|收钱|要不要钱|掏钱")),
    ("steps", re.compile(r"流程|步骤|怎么办|如何办|怎么弄|程序|怎么申请|如何申请|在哪办|哪里办|去哪")),
    (
        "conditions",
        re.compile(
            r"条件|资格|能不能|可不可以|可以申请|能申请|符合|够不够|要求|谁可以|够格|算不算"
            r"|(?:能|可以)(?:领|办|申请|享受|拿|报)[^，。？?]{0,8}?(?:吗|不|么)"
        ),
    ),
    ("basis", re.compile(r"依据|法律|法规|规定|政策")),
)
_QUESTION = re.compile(
    r"[?？]|吗$|吗[，。]|呢$|么$|什么|怎么|如何|多久|几天|多少|哪些|哪里|是否|能不能|可不可以|要不要"
    r"|多长时间|多长|几[个年次张天月岁号点]|啥时候|啥|咋"
    r"|([\u4e00-\u9fff])不\1"  # A-not-A: 收不收, 行不行, 是不是
    r"|(?<=[\u4e00-\u9fff])(?<![我你他她俺])不[吗呢？?。！!]?$"  # its short form: 收费不, 能办不
)
_NOUN = re.compile(r"(?:要|需要|得|用)(?:带|交|提供|准备)?(.{2,8}?)(?:吗|么|不|没)")


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text.strip()))


def guide_aspect(text: str) -> str | None:
    """Which part of the guide a question asks about, or None."""
    for aspect, pattern in ASPECTS:
        if pattern.search(text):
            return aspect
    return None


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _guide_sentences(item: Mapping[str, Any], words: tuple[str, ...]) -> str:
    """The guide's sentences (FAQ answers, steps, booking note, field notes) that contain ``words``."""
    texts = [str(f.get("answer", "")) for f in item.get("faq", [])]
    texts += [str(s.get("description", "")) for s in item.get("steps", [])]
    texts.append(str(item.get("booking", "")))
    texts += [str(p.get("description", "")) for p in (item.get("form") or {}).get("properties", {}).values()]
    found: list[str] = []
    for text in texts:
        for sentence in re.findall(r"[^。；]+", text):
            if any(w in sentence for w in words) and sentence not in found:
                found.append(sentence.strip())
    return "；".join(found[:2]) + "。" if found else ""


def _materials(item: Mapping[str, Any], text: str) -> str:
    materials = item.get("materials", [])
    asked = _NOUN.search(text)
    if asked and re.search(r"什|啥|哪|些|么", asked.group(1)):
        asked = None  # "要带什么" asks for the list, it names no document
    if asked:
        noun = asked.group(1)
        grams = _bigrams(noun.replace("簿", "本"))
        for material in materials:
            name = str(material["name"]).replace("簿", "本")
            if grams & _bigrams(name):
                need = "需要" if material.get("required", True) else "可选提供"
                notes = f"，{material['notes']}" if material.get("notes") else ""
                return f"{need}：{material['name']}（{material['form']} {material['count']} 份）{notes}。"
        listing = "、".join(str(m["name"]) for m in materials if m.get("required", True))
        return f"办理“{item['name']}”不需要单独提供“{noun}”。必备材料是：{listing}。"
    lines = []
    for n, material in enumerate(materials, 1):
        optional = "" if material.get("required", True) else "（非必需）"
        lines.append(f"{n}. {material['name']}（{material['form']} {material['count']} 份）{optional}")
    return f"办理“{item['name']}”需要准备以下材料：\n" + "\n".join(lines)


def guide_answer(item: Mapping[str, Any], text: str, aspect: str | None = None) -> tuple[str, dict[str, Any]]:
    """(answer, citation) for a question about ``item``; the summary when the aspect is unclear."""
    aspect = aspect or guide_aspect(text)
    name = item["name"]
    if aspect == "materials":
        answer = _materials(item, text)
    elif aspect == "amount":
        answer = f"“{name}”的发放标准按规定执行：{item['summary']}"
    elif aspect == "visit":
        visits = int(item.get("visits", 0) or 0)
        trips = "无需到现场" if visits == 0 else f"最多到现场 {visits} 次"
        answer = f"“{name}”的办理方式为{item['online']}，{trips}；由{item['department']}办理。"
    elif aspect == "time":
        answer = f"“{name}”的承诺办理时限是 {item['time_limit_days']} 个工作日（补正材料期间不计入）。"
    elif aspect == "fee":
        answer = f"“{name}”的收费情况：{item['fee']}。"
    elif aspect == "steps":
        steps = "；".join(f"{n}. {s['name']}：{s['description']}" for n, s in enumerate(item.get("steps", []), 1))
        answer = f"“{name}”的办理方式为{item['online']}，由{item['department']}办理。流程：{steps}"
    elif aspect == "conditions":
        answer = f"申请“{name}”需要符合以下条件：" + "；".join(
            f"{n}. {c}" for n, c in enumerate(item.get("conditions", []), 1)
        )
    elif aspect == "delivery":
        said = _guide_sentences(item, ("邮寄", "寄", "送达", "快递"))
        answer = (
            f"关于“{name}”的送达：{said}" if said else f"“{name}”的办事指南没有写明能否邮寄，请以受理窗口告知为准。"
        )
    elif aspect == "basis":
        basis = "、".join(f"《{b['law']}》{b['article']}" for b in item.get("legal_basis", []))
        answer = f"“{name}”的办理依据：{basis or '见办事指南'}。"
    else:
        answer = (
            f"“{name}”：{item['summary']} 办理部门：{item['department']}；"
            f"办理时限 {item['time_limit_days']} 个工作日；{item['fee']}；{item['online']}。"
        )
    citation = {
        "kind": "guide",
        "item_code": item["code"],
        "title": f"{name}办事指南",
        "section": aspect or "summary",
        "version": item.get("version", 1),
        "path": f"/items/{item['code']}",
    }
    return answer, citation
