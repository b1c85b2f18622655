"""Splitting a policy text into 编/章/节/条/款/项 with paths, and its metadata."""

from __future__ import annotations

from datetime import date

from govhall.policies._structure import ITEM, item_lead, items_after, parse_text

LAW = """# 中华人民共和国示例保障法

2010年10月28日 第十一届全国人民代表大会常务委员会第十七次会议通过

2018年12月29日 中华人民共和国主席令第二十五号公布

<!-- INFO END -->

## 第一编 总则

## 第一章 一般规定

第一条 为了示例，制定本法。

### 第一节 申请

第二条 符合下列条件的，可以申请补助：

（一）年满六十周岁；

（二）无固定收入。

第三条 补助标准由省级人民政府规定。

## 第二章 附则

第四条 本法自2019年1月1日起施行。
"""


def test_articles_keep_their_heading_path_and_paragraphs() -> None:
    doc = parse_text(LAW, name="示例保障法(2018-12-29).md", folder="社会法")
    assert doc.title == "中华人民共和国示例保障法"
    assert doc.promulgated_on == date(2018, 12, 29)
    assert doc.doc_type == "社会法"
    assert doc.issuer == "全国人民代表大会常务委员会"
    assert [a.number for a in doc.articles] == ["第一条", "第二条", "第三条", "第四条"]
    second = doc.articles[1]
    assert second.path == ["示例保障法", "第一编 总则", "第一章 一般规定", "第一节 申请"]
    assert second.paragraphs == ["符合下列条件的，可以申请补助：", "（一）年满六十周岁；", "（二）无固定收入。"]
    # a new chapter closes the section above it
    assert doc.articles[2].path[-1] == "第一节 申请"
    assert doc.articles[3].path == ["示例保障法", "第一编 总则", "第二章 附则"]


def test_date_and_number_come_from_the_text_when_the_name_has_none() -> None:
    text = "# 某某办法\n\n2020年3月1日 国务院令第七百号发布\n\n<!-- INFO END -->\n\n第一条 总则。\n"
    doc = parse_text(text, name="某某办法.md")
    assert doc.promulgated_on == date(2020, 3, 1)
    assert doc.issuer == "国务院"
    assert doc.doc_type == "部门规章"


def test_a_text_without_articles_is_cut_into_passages() -> None:
    body = "\n\n".join(f"第{i}段内容，" + "关于促进就业的若干措施。" * 20 for i in range(5))
    doc = parse_text("# 关于促进就业的通知\n\n" + body, name="通知.txt")
    assert doc.doc_type == "政策文件"
    assert len(doc.articles) >= 2
    assert all(a.number.endswith("段") for a in doc.articles)


def test_repeal_clauses_are_detected() -> None:
    text = "# 新条例\n\n第一条 本条例自2022年5月1日起施行。2005年公布的《旧条例》同时废止。\n"
    assert parse_text(text, name="新条例.md").replaces == ["旧条例"]


def test_an_item_belongs_to_the_last_paragraph_before_it_that_is_no_item() -> None:
    paragraphs = ["申领补贴应当符合下列条件：", "（一）在本市居住满一年；", "(二)家庭人均收入偏低；", "补贴按月发放。"]
    assert [bool(ITEM.match(p)) for p in paragraphs] == [False, True, True, False]
    assert item_lead(paragraphs, 2) == 0
    assert item_lead(["（一）开头就是一项；", "（二）又一项。"], 1) is None


def test_the_items_after_a_lead_in_stop_at_the_first_paragraph_that_is_none() -> None:
    paragraphs = ["有下列情形之一的，不予受理：", "（一）材料不齐；", "（二）超过期限；", "其他情形另行规定。"]
    paragraphs.append("（三）不算在内。")
    assert items_after(paragraphs, 0) == ["（一）材料不齐；", "（二）超过期限；"]
    assert items_after(paragraphs, 3) == ["（三）不算在内。"]
    assert items_after(paragraphs, 4) == []
