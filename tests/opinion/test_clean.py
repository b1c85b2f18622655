"""Cleaning and spike rules that hold without a database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from govhall.opinion import bands, content_hash, detect_spikes, hamming, is_spam, parse_time, simhash

POST = "A市A3区联丰路的一家影楼开在居民楼里，营业额上百万，请税务局查一下有没有正常纳税，谢谢！"


def test_simhash_puts_reposts_near_and_unrelated_posts_far() -> None:
    repost = "转发：" + POST.replace("谢谢！", "谢谢!!")
    other = "地铁三号线什么时候开通？附近小区的居民每天上班要走很远，希望早日通车。"
    assert hamming(simhash(POST), simhash(repost)) <= 6
    assert hamming(simhash(POST), simhash(other)) > 16
    value = simhash(POST)
    assert -(1 << 63) <= value < (1 << 63)
    assert all(0 <= b < 1 << 16 for b in bands(value))


def test_content_hash_ignores_spacing_width_and_punctuation() -> None:
    assert content_hash("请问 公积金，怎么提取？") == content_hash("请问公积金怎么提取?")
    assert content_hash("请问公积金怎么提取") != content_hash("请问社保怎么转移")


@pytest.mark.parametrize(
    "text",
    ["加微信领取优惠券，私聊！", "转发微博", "https://t.cn/abc", "哈哈哈哈哈哈哈哈哈哈哈哈"],
)
def test_spam_and_boilerplate_are_recognised(text: str) -> None:
    assert is_spam(text)


def test_a_real_complaint_is_not_spam() -> None:
    assert is_spam(POST) is None


def test_parse_time_reads_platform_formats_and_rejects_future_times() -> None:
    assert parse_time("2019/2/28 11:25:05") == datetime(2019, 2, 28, 3, 25, 5, tzinfo=UTC)
    assert parse_time("2024-05-01T08:00:00Z") == datetime(2024, 5, 1, 8, tzinfo=UTC)
    with pytest.raises(ValueError, match="未来"):
        parse_time("2999-01-01")
    with pytest.raises(ValueError, match="缺少时间"):
        parse_time("")
    with pytest.raises(ValueError, match="无法识别"):
        parse_time("昨天下午")


def test_robust_z_score_flags_a_burst_and_not_noise() -> None:
    counts = [10, 12, 9, 11, 10, 13, 9, 10, 12, 11, 60, 11, 10]
    spikes = detect_spikes(counts, window=7)
    assert [s.index for s in spikes] == [10]
    assert spikes[0].baseline == pytest.approx(11, abs=1.5)
    assert detect_spikes([0, 0, 0, 0, 2, 0, 1]) == []
