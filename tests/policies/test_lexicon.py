"""Expansion lexicons built from data (issue 18 item 2): the builders read the real guides and law
texts (``scripts/policy_lexicon.py build`` regenerates the files from them)."""

from __future__ import annotations

import importlib
from pathlib import Path

import yaml

from govhall.embeddings import HashEmbedder
from govhall.policies import lexicon

# the package re-exports the function ``search``, which hides the module of the same name
search_module = importlib.import_module("govhall.policies.search")

ROOT = Path(__file__).resolve().parents[2]
LAWS = ROOT / "src" / "govhall" / "policies" / "data" / "laws"
ITEMS = ROOT / "src" / "govhall" / "catalog" / "data" / "items"
DATA = ROOT / "src" / "govhall" / "policies" / "data"


def test_catalog_maps_a_guide_keyword_to_its_cited_articles_words() -> None:
    entries = lexicon.build_catalog(ITEMS, LAWS)
    assert entries["低保金"] == "最低生活保障"
    assert entries["产假工资"] == "生育津贴"
    # a keyword the laws already use needs no expansion
    assert "结婚登记" not in entries


def test_definitions_map_a_listed_member_to_the_defined_term() -> None:
    entries = lexicon.build_definitions(LAWS)
    assert entries["学生证"] == "就读证明"
    # a clause that lists what a document must contain defines no term
    assert not any("内容" in term for term in entries.values())


def test_neighbours_keep_only_pairs_above_the_floor() -> None:
    model = HashEmbedder()
    words = ["失业保险金领取", "完全无关的词"]
    terms = ["失业保险金", "户口登记"]
    near = lexicon.build_neighbours(model, words, terms, floor=0.3)
    assert near == {"失业保险金领取": "失业保险金"}
    assert lexicon.build_neighbours(model, words, terms, floor=1.01) == {}


def test_library_terms_hold_defined_terms_and_chapter_titles() -> None:
    terms = lexicon.library_terms(LAWS)
    assert "劳务派遣" in terms  # 劳动合同法 第五章 第二节
    assert "无固定期限劳动合同" in terms  # …，是指…


def test_drop_common_keeps_only_words_few_articles_use() -> None:
    entries = {"驾照过期": "机动车驾驶证", "产假工资": "生育津贴 机动车驾驶证"}
    assert lexicon.drop_common(entries, LAWS, 15) == {"产假工资": "生育津贴"}


def test_write_lexicon_round_trips(tmp_path: Path) -> None:
    entries = lexicon.build_catalog(ITEMS, LAWS)
    target = tmp_path / "lexicon_catalog.yaml"
    lexicon.write_lexicon(target, entries, "built by a test\nsecond line")
    assert target.read_text(encoding="utf-8").startswith("# built by a test\n# second line\n")
    assert yaml.safe_load(target.read_text(encoding="utf-8")) == entries


def test_every_listed_lexicon_file_is_shipped() -> None:
    for name in search_module.LEXICON_FILES:
        assert (DATA / name).is_file(), name
