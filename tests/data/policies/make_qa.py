"""Build qa.jsonl from qa_source.txt (``question|LAW:ARTICLE[,LAW:ARTICLE]|fact;fact``, ``__none__`` for
questions the library cannot answer), checking that every gold article exists in the shipped library
and that every key fact appears in one of its gold articles. Run from the project root."""

from __future__ import annotations

import json
from pathlib import Path

from govhall.policies._structure import parse_text
from govhall.text import normalize

HERE = Path(__file__).resolve().parent
LAWS = HERE.parents[2] / "src" / "govhall" / "policies" / "data" / "laws"


def main() -> None:
    articles: dict[tuple[str, str], tuple[str, str]] = {}
    for path in LAWS.glob("*.md"):
        document = parse_text(path.read_text(encoding="utf-8"), name=path.name)
        for article in document.articles:
            articles[(document.title.removeprefix("中华人民共和国"), article.number)] = (document.title, article.text)
    records = []
    for line in (HERE / "qa_source.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        question, gold, facts = line.split("|")
        if gold == "__none__":
            records.append({"question": question, "answerable": False, "gold": [], "facts": []})
            continue
        golds = []
        for entry in gold.split(","):
            law, number = entry.split(":")
            title, _ = articles[(law, number)]
            golds.append({"title": title, "article": number})
        wanted = [f for f in facts.split(";") if f]
        for fact in wanted:
            texts = [articles[(g["title"].removeprefix("中华人民共和国"), g["article"])][1] for g in golds]
            assert any(normalize(fact) in normalize(t) for t in texts), (question, fact)
        records.append({"question": question, "answerable": True, "gold": golds, "facts": wanted})
    with (HERE / "qa.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
