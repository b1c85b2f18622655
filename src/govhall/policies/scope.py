"""Whether a question asks what no national statute states, whatever topic it is next to.

The refusal model's other evidence asks whether the library is *about* the question's matter: close
vectors, shared words, a known term. A question about another country's rule ("在日本打工一周能干多少
小时"), a rule not yet made ("明年个税起征点会不会涨"), how one case stands or ended ("低保批下来没有",
"法院最后判了多少") or a dispute between private persons ("楼上漏水邻居不肯赔") meets covered articles in
words and meaning alike, yet asks for something a statute cannot state. Round 8 adds a matter that a
national law the library does not hold governs (``other_law``: 个税, 遗嘱, 彩礼, 专利, 港澳通行证, 拆迁补偿,
加班费的倍数, 无理由退货 …): "放弃继承权" and "加班费" are in the library's words, the answer is in
another law. Round 10 adds, from the same catalogue, matters next to the library's own laws: identity
cards (居民身份证法), working hours (劳动法), labour arbitration's time limit, review and suit deadlines,
traffic fines and detention, public holidays, commercial insurance claims, telecom fraud, birth policy,
kindergartens and student loans, sick leave, the pay day, the retirement age, driving-school hours and
fees, notarisation, conscription, village committees; the refusal model was not refitted (refitting on
the dev sets with the new qa_dev9–10 lowered refusal recall on four older sets and raised qa_dev6's
false refusals). The kinds and their wordings are data (``data/scope.yaml``); :func:`beyond_statutes`
names the kinds a question falls under.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from govhall.text import normalize

__all__ = ["KINDS", "beyond_statutes"]

KINDS = ("elsewhere", "future", "case", "private", "other_law")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    path = resources.files("govhall.policies") / "data" / "scope.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {kind: re.compile("|".join(f"(?:{p})" for p in raw[kind])) for kind in KINDS}


def beyond_statutes(question: str) -> tuple[str, ...]:
    """The kinds (KINDS) of matter beyond the statutes that ``question`` asks about; empty for most."""
    text = normalize(question)
    return tuple(kind for kind, pattern in _patterns().items() if pattern.search(text))
