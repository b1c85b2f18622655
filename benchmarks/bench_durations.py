"""Benchmark of the one duration parser (``govhall.text.durations``) that the slot filler's 月数
fields, the benefit calculator and the policy composer share.

Usage::

    .venv/bin/python benchmarks/bench_durations.py [--repeat N]

Reads a fixed list of durations written for this benchmark (spoken forms, contributions said in
passing, and calendar years that are no duration) and reports how many give the expected months
through each caller's entry point, and the time per call.
"""

from __future__ import annotations

import argparse
import time

from govhall.assistant.understand import contribution_months
from govhall.text import normalize
from govhall.text.durations import paid_months

ANSWERS: tuple[tuple[str, float], ...] = (
    ("三年零五个月", 41),
    ("一年半", 18),
    ("二十二年整", 264),
    ("半年", 6),
    ("十年又十一个月", 131),
    ("四十八个月", 48),
    ("两年半", 30),
    ("7年", 84),
)
"""Replies to the question about the duration itself (the form's 月数 field)."""
IN_PASSING: tuple[tuple[str, float | None], ...] = (
    ("社保交了5年，能领多久", 60),
    ("失业保险交了两年零两个月", 26),
    ("在厂里干了三年，社保只交了一年半", 18),
    ("签了3年的劳动合同，试用期多久", 36),
    ("缴费年限20年", 240),
    ("只交了半年", 6),
    ("19年开始交的，现在想领", None),
    ("失业3个月了能领多久", None),
    ("5年前交过一阵", None),
    ("2020年3月断缴的", None),
)
"""Messages about a benefit: only a duration paid or worked counts."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    right_answers = sum(paid_months(text, answer=True) == months for text, months in ANSWERS)
    right_passing = sum(paid_months(text) == months for text, months in IN_PASSING)
    right_calculator = sum(
        contribution_months(normalize(text)) == (None if months is None else int(months)) for text, months in IN_PASSING
    )
    texts = [text for text, _ in (*ANSWERS, *IN_PASSING)]
    start = time.perf_counter()
    for _ in range(args.repeat):
        for text in texts:
            paid_months(text)
    per_call = (time.perf_counter() - start) / (args.repeat * len(texts)) * 1e6
    print(f"answers right: {right_answers}/{len(ANSWERS)}")
    print(f"in passing right (composer, slot filler): {right_passing}/{len(IN_PASSING)}")
    print(f"in passing right (benefit calculator): {right_calculator}/{len(IN_PASSING)}")
    print(f"time per call: {per_call:.1f} µs")


if __name__ == "__main__":
    main()
