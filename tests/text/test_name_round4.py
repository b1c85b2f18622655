"""Name boundaries, fourth round of issue 19: a doubled given name before 家, a label's name before
的 + a kin word, a compound surname before a dictionary word, a surname that ends a time word, 赖
among the common surnames, a surname the model tagged alone, a rare word the segmenter made of a
name's last character, and the formal one-character words after a name (无, 拒, 未, 将, 系)."""

from __future__ import annotations

import pytest

from govhall.text import extract, mask


def _names(text: str) -> list[str]:
    return [str(e.value) for e in extract(text) if e.type == "name"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("住户覃思思家的狗咬人了", ["覃思思"]),
        ("邻居张多多家装修", ["张多多"]),
        ("李明明天去社区", ["李明"]),  # 明天 is the next word, no doubled name
        ("周杰马上就到", ["周杰"]),
        ("我是王芳的女儿，替她来问养老金的事。", ["王芳"]),
        ("我是程序的女儿，替她来问养老金的事。", []),  # 程序 + 的 is no labelled name
        ("前台的皇甫敏态度很差", ["皇甫敏"]),
        ("网格员覃海说下周来登记。", ["覃海"]),  # not 周来 after 下
        ("居民魏晨阳的房子。", ["魏晨阳"]),  # 民魏 is no time word, though the segmenter tags it one
        ("被申请人宋子豪无固定收入。", ["宋子豪"]),  # 豪无 is a rare word
        ("我爱人赖冠在外地工作，社保怎么转？", ["赖冠"]),
        ("法定代表人：赖冠", ["赖冠"]),
        ("感谢社区的邵兵，帮我解决了大问题。", ["邵兵"]),  # the model tagged 邵 alone
        ("王先生您好", []),
        ("申请人刘玉梅因病住院。", ["刘玉梅"]),  # 梅因 is a rare word, not the next one
        ("据郑凤英名下有房。", ["郑凤英"]),
        ("被申请人郭浩拖欠工资两万。", ["郭浩"]),
        ("被申请人邵华无固定收入。", ["邵华"]),
        ("委托程刚拒不配合。", ["程刚"]),
        ("被申请人武斌系本村村民。", ["武斌"]),
        ("连杰与皇甫敏系母子关系。", ["连杰", "皇甫敏"]),
        ("请问李宁体育用品店旁边的停车场收费吗？", []),  # a brand a few words before 店
        ("杨国福麻辣烫的卫生很差", []),
        ("我家附近的张记烧烤半夜还营业", []),
        ("王芳开的店卫生很差", ["王芳"]),  # a clause about the person
        ("李强在超市上班", ["李强"]),
        ("该店经理杨建新指着店内一套桌椅说", ["杨建新"]),
        ("林金和，男，中国国籍，无永久境外居留权", ["林金和"]),  # before a gender the whole run
        ("司增勤，男，汉族", ["司增勤"]),
        ("王主任向记者透露", []),  # 记者, 博士, 教授 are titles after a surname
        ("我的名字是马木提江", ["马木提江"]),  # the field's whole, not the cue's 马木提
        ("联系人：热合曼·艾合买提", ["热合曼·艾合买提"]),  # a dotted name ending its clause, however cut
        ("邻居阿依古丽·买买提想办营业执照", ["阿依古丽·买买提"]),
        ("申请人古丽米拉·阿不都热依木，女", ["古丽米拉·阿不都热依木"]),  # not the cue's 古丽
        ("我叫阿卜杜热合曼·艾合买提", ["阿卜杜热合曼·艾合买提"]),
        ("我邻居扎西顿珠家的牦牛跑了", ["扎西顿珠"]),  # the model's name after a role, no Han surname
        ("申请人达瓦次仁，藏族", ["达瓦次仁"]),
        ("达瓦次仁，藏族，1980年生", ["达瓦次仁"]),
        ("朱博士说", []),
        ("邻居宋涛同志。", ["宋涛"]),  # not 居宋涛: 居 ends 邻居
        ("村民姚远于2024年3月。", ["姚远"]),  # a verb between the name and 店
        ("信用卡发卡量飙升到2300万张卡", []),  # 张 counts cards
        ("准备发放多达20亿英镑巨额花红，", []),  # a surname the model tagged alone in a dictionary word
        ("家属签字：蓝海燕", ["蓝海燕"]),
        ("经手人：文章，会计：白雪", ["文章", "白雪"]),  # after a colon a noun is the name asked for
        ("监护人：武艺（父亲）", ["武艺"]),
        ("当事人：双方", []),
    ],
)
def test_a_name_ends_where_it_ends(text: str, names: list[str]) -> None:
    assert _names(text) == names


def test_a_time_word_before_a_surname_is_not_masked_as_a_name() -> None:
    assert "下周来" in mask("网格员史航说下周来登记。", ner=True)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("其子毛建新，今年十岁", "毛建新", "子女"),
        ("其子毛建新", "毛建新", "子女"),
        ("我嫂子樊丽萍在外地打工", "樊丽萍", "亲属"),
        ("表哥邬国华借了我五万", "邬国华", "亲属"),
    ],
)
def test_formal_and_wider_kin_words_introduce_a_relative(text: str, name: str, role: str) -> None:
    [entity] = [e for e in extract(text) if e.type == "name"]
    assert (entity.value, entity.extra.get("role")) == (name, role)


@pytest.mark.parametrize("text", ["尤其子女教育要抓紧", "其父系本村村民"])
def test_a_formal_kin_word_before_no_name_gives_none(text: str) -> None:
    assert _names(text) == []


def test_a_field_that_holds_more_than_the_cue_read_keeps_the_cue_role() -> None:
    [entity] = [e for e in extract("联系人：王芳，电话13912345678") if e.type == "name"]
    assert (entity.value, entity.extra.get("role")) == ("王芳", "联系人")
