"""Question types (问题类型) of citizens' policy questions and the clause cues that answer them.

A citizen asking "能领多久" wants the clause with the duration, not the article's first paragraph; the
type tells the answer composer which clause of a cited article to lead with. The word tables are data
(``data/qtypes.yaml``) so that a deployment can extend them without code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from govhall.policies._word_lists import cue_words
from govhall.text import normalize
from govhall.text.address import mentions_division

__all__ = [
    "OTHER",
    "QTYPES",
    "QuestionType",
    "asked_figure",
    "detect_qtype",
    "is_local_question",
    "local_department",
    "locally_set",
    "names_place",
    "qtype_cues",
    "qtype_figure",
]

OTHER = "其他"


@dataclass(frozen=True)
class QuestionType:
    name: str
    question: re.Pattern[str]
    clause: re.Pattern[str]
    figure: re.Pattern[str] | None = None  # the figure that answers a type asking for a number


@dataclass(frozen=True)
class _Tables:
    types: tuple[QuestionType, ...]
    local_question: re.Pattern[str]
    local_topic: re.Pattern[str]
    local_clause: re.Pattern[str]
    departments: tuple[tuple[re.Pattern[str], str], ...]
    units: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()
    any_figure: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    path = resources.files("govhall.policies") / "data" / "qtypes.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    types = tuple(
        QuestionType(
            name, _union(spec["question"]), _union(spec["clause"]), _union(spec["figure"]) if "figure" in spec else None
        )
        for name, spec in raw["types"].items()
    )
    local = raw["local"]
    departments = tuple((re.compile(pattern), name) for pattern, name in raw["departments"])
    units = tuple((re.compile(u["asked"]), re.compile(u["figure"])) for u in raw.get("units", []))
    anything = raw.get("any_figure")
    any_figure = (re.compile(anything["asked"]), re.compile(anything["figure"])) if anything else None
    return _Tables(
        types,
        _union(local["question"]),
        _union(local["topic"]),
        _union(local["clause"]),
        departments,
        units,
        any_figure,
    )


QTYPES = ("多久", "多少钱", "几岁", "几天内", "找谁", "能不能", "要什么", "不服怎么办", "会怎么样", OTHER)


def detect_qtype(question: str) -> str:
    """The question's type: the first type in ``qtypes.yaml`` whose question pattern matches, else 其他."""
    text = normalize(question)
    for qtype in _tables().types:
        if qtype.question.search(text):
            return qtype.name
    return OTHER


def qtype_cues(qtype: str) -> re.Pattern[str] | None:
    """The clause pattern of ``qtype`` (None for 其他): a clause it matches is the kind that answers."""
    return next((t.clause for t in _tables().types if t.name == qtype), None)


def qtype_figure(qtype: str) -> re.Pattern[str] | None:
    """The figure (number and unit) that answers ``qtype`` ("15天" for 多久), None for a type that does
    not ask for a number."""
    return next((t.figure for t in _tables().types if t.name == qtype), None)


_TOLD_FEW = re.compile(r"(?:好|这|那|前|头|近|十)几(?=个|年|天|日|周|岁|次|万|千|百|块)")


def asked_figure(question: str, qtype: str) -> re.Pattern[str] | None:
    """The figure that answers ``question``: a number with the unit the question names ("多少个小时" →
    hours) where it names one, else the type's figure (:func:`qtype_figure`), else any number when the
    question asks for one in a type that asks for none ("公积金贷款利率现在是多少" is no 多少钱 question,
    yet a clause without a number cannot answer it)."""
    # "拖了好几个月", "这几年", "十几天": a length the citizen tells, not one asked
    text = _TOLD_FEW.sub("", normalize(question))
    tables = _tables()
    named = next((figure for asked, figure in tables.units if asked.search(text)), None)
    if named is not None:
        return named
    typed = qtype_figure(qtype)
    if typed is None and tables.any_figure is not None and tables.any_figure[0].search(text):
        return tables.any_figure[1]
    return typed


# A length of time asked in one unit is answered by a clause counting in another ("多少个月内" by "1年内").
_TIME_ASKED = cue_words("qtypes", ("time_asked",))["time_asked"]
_ANY_TIME = re.compile(r"\d+(?:\.\d+)?个?(?:工作日|日|天|周(?!岁)|星期|月|年|小时|分钟)")


def asked_unit(question: str) -> re.Pattern[str] | None:
    """The figure answering a question that names its unit with its question word ("百分之几", "满多少岁",
    "几点", "多少个月"), any length of time for a unit of time; None when no unit is named (a bare "多少"
    or a type's figure is not enough to say what a clause must state)."""
    text = _TOLD_FEW.sub("", normalize(question))
    for asked, figure in _tables().units:
        match = asked.search(text)
        if match is not None:
            said = match.group(0)
            return _ANY_TIME if _TIME_ASKED.search(said) and "岁" not in said else figure
    return None


def is_local_question(question: str) -> bool:
    """Whether the question asks about one place's own standard ("北京低保标准多少", "我们这高龄津贴几岁
    能领"): a place (a division name or "我们这/当地") together with something a place sets."""
    text = normalize(question)
    tables = _tables()
    if not tables.local_topic.search(text):
        return False
    return bool(tables.local_question.search(text)) or mentions_division(text)


def names_place(question: str) -> bool:
    """Whether the question is asked about one place ("成都…", "我们市…", "当地…"), whatever it asks: a
    refusal then says that places differ and whom to ask there."""
    text = normalize(question)
    return bool(_tables().local_question.search(text)) or mentions_division(text)


def locally_set(clause: str) -> bool:
    """Whether a (normalised) clause says that a standard is set by a local government or department."""
    return bool(_tables().local_clause.search(clause))


def local_department(text: str) -> str:
    """The department to ask about a local standard the text is about (民政, 人社 …), else a generic one."""
    return next((name for pattern, name in _tables().departments if pattern.search(text)), "当地相关主管部门")
