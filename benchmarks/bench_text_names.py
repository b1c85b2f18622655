"""Person names on text nobody tuned the rules on: generated form sentences and two public NER dev sets.

    .venv/bin/python benchmarks/bench_text_names.py [--json] [--misses]

* ``generated``: sentences of a clerk's or citizen's record (经查，X系本村村民; 被申请人X无固定收入)
  built from 24 openings × 39 continuations × 185 invented names (three-character names whose last
  character starts a word with what follows, two-character names, names that are words), seeded;
  one name per sentence. The boundary errors of issue 19's fourth round (刘玉梅|因病, 邵华无) came
  from here.
* ``resume``: the name mentions of the Resume NER dev set (../shared/data/ner_resume, 463 lines of
  executives' résumés; no licence stated, so benchmark only).
* ``cluener``: the ``name`` mentions of the CLUENER2020 dev set (../shared/data/ner_cluener2020,
  1,343 lines of news and social text; no licence stated; annotations skip many names, so its
  precision is a floor).

Each reports precision, recall and F1 of ``extract(text)``'s names against the set's, as multisets
per text. The held-out sets are not read here.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from govhall.text.entities import extract_many

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

_NAME_TEXT = (
    "王秀英 李桂兰 张建华 刘玉梅 陈志强 杨丽华 黄国平 赵淑芬 吴海燕 周建国 徐春梅 孙立新 马晓东 朱红霞 胡永刚 "
    "郭秀兰 何小军 高玉珍 林美玲 罗振宇 郑凤英 梁家辉 谢雨欣 宋子豪 唐诗雨 韩立军 冯玉兰 邓丽君 彭丽媛 曾志伟 "
    "肖建军 田秀芝 董卫国 潘长江 于和伟 蔡国庆 余秋雨 杜海涛 叶文洁 苏有朋 魏晨阳 吕良伟 任贤齐 沈丽萍 卢小红 "
    "崔永元 钟汉良 谭维维 陆小曼 范志毅 石建国 廖昌永 贾乃亮 夏宝龙 付笛声 何伟 高峰 林静 罗军 郑丽 梁斌 谢芳 "
    "宋涛 唐敏 韩冰 冯涛 邓华 曹颖 彭程 曾敏 肖红 田甜 董明 袁媛 潘婷 于洋 蒋欣 蔡文 余杰 杜鹏 叶辉 程刚 苏婷 "
    "魏强 吕洁 丁磊 任杰 沈洁 姚远 卢平 姜涛 崔莹 钟华 谭杰 陆军 汪洋 范丽 金鑫 石磊 廖静 贾伟 夏天 韦华 付强 "
    "方芳 白雪 邹平 孟丽 熊伟 秦勇 邱林 江南 尹红 薛峰 闫军 段红 雷鸣 侯勇 龙飞 史明 陶静 黎明 贺军 顾明 郝丽 "
    "龚平 邵华 万里 钱进 严明 覃勇 武斌 戴军 孔亮 向东 汤杰 常青 温馨 康宁 施洋 文静 樊强 邢飞 安宁 易明 乔峰 "
    "伍丽 庞博 颜丽 倪红 聂磊 章华 鲁斌 岳峰 翟敏 殷红 申强 耿直 焦阳 俞敏 左军 柳青 甘霖 包青 宁静 舒畅 阮红 "
    "凌云 毕胜 季红 裴勇 霍明 苗苗 谷雨 盛开 翁华 赖冠 邵兵 皇甫敏 欧阳晓雯 司马俊 上官秀兰 诸葛明 覃思思 张多多"
)
_NAMES = _NAME_TEXT.split()
_OPENINGS = (
    "",
    "经查，",
    "兹证明",
    "据",
    "关于",
    "申请人",
    "被申请人",
    "我们村的",
    "现有",
    "委托",
    "经核实，",
    "本人",
    "村民",
    "居民",
    "今有",
    "邻居",
    "网格员",
    "感谢社区的",
    "我爱人",
    "孩子",
    "房东",
    "前台的",
    "我和",
    "请问",
)
_CONTINUATIONS = (
    "反映",
    "同志",
    "老人",
    "女士",
    "系本村村民",
    "于2024年3月",
    "在本小区居住",
    "因病住院",
    "将房屋出租",
    "已于上月去世",
    "及其家属",
    "等人",
    "身份证号码为330106195907300179",
    "电话13912345678",
    "住本市",
    "现住幸福路12号",
    "户籍所在地为本市",
    "与其妻子",
    "的儿子",
    "的房子",
    "家门口",
    "说的",
    "今年65岁",
    "患有糖尿病",
    "多次上访",
    "拒不配合",
    "诉称",
    "未按时缴费",
    "签字确认",
    "本人到场",
    "无固定收入",
    "主动放弃",
    "申请低保",
    "名下有房",
    "个人账户",
    "退休前",
    "去世后",
    "作为申请人",
    "代为办理",
)


def generated(count: int = 1000, seed: int = 19) -> list[tuple[str, list[str]]]:
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        name = rng.choice(_NAMES)
        rows.append((rng.choice(_OPENINGS) + name + rng.choice(_CONTINUATIONS) + "。", [name]))
    return rows


def resume(path: Path) -> list[tuple[str, list[str]]]:
    """Name mentions from BMES tags (B-NAME … E-NAME, S-NAME)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        names, current = [], ""
        for ch, tag in zip(record["text"], record["tags"], strict=False):
            if tag.endswith("NAME"):
                current = ch if tag.startswith(("B", "S")) else current + ch
                if tag.startswith(("E", "S")):
                    names.append(current)
                    current = ""
        rows.append((record["text"], names))
    return rows


def cluener(path: Path) -> list[tuple[str, list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        mentions = record["label"].get("name", {})
        rows.append((record["text"], [name for name, spans in mentions.items() for _ in spans]))
    return rows


def score(rows: list[tuple[str, list[str]]]) -> dict[str, Any]:
    found = extract_many([text for text, _ in rows])
    tp = fp = fn = 0
    misses = []
    for (text, want), entities in zip(rows, found, strict=True):
        left = list(want)
        extra = []
        for value in (str(e.value) for e in entities if e.type == "name"):
            if value in left:
                left.remove(value)
                tp += 1
            else:
                extra.append(value)
        fp += len(extra)
        fn += len(left)
        if extra or left:
            misses.append({"text": text[:80], "missing": left, "extra": extra})
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "texts": len(rows),
        "names": tp + fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "misses": misses,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list every missed or extra name")
    args = parser.parse_args(argv)
    sets = {"generated": generated()}
    if (DATA / "ner_resume" / "dev.jsonl").is_file():
        sets["resume"] = resume(DATA / "ner_resume" / "dev.jsonl")
    if (DATA / "ner_cluener2020" / "dev.jsonl").is_file():
        sets["cluener"] = cluener(DATA / "ner_cluener2020" / "dev.jsonl")
    report = {name: score(rows) for name, rows in sets.items()}
    if not args.misses:
        for result in report.values():
            result["misses"] = len(result["misses"])
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for name, result in report.items():
        print(
            f"{name:10} {result['texts']:5} texts {result['names']:5} names  P {result['precision']:.3f}  "
            f"R {result['recall']:.3f}  F1 {result['f1']:.3f}"
        )
        for miss in result["misses"] if args.misses else []:
            print(f"    {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
