"""Data and helpers several opinion test modules share: posts on either side of a day's edge, a tiny
ticket → department model, and the CLI run the opinion commands use (no embedder; a models folder)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from govhall.learn import Dataset, TfidfClassifier
from tests.support.cli import govhall

EDGE = "边界"
# Beijing times on either side of a day, a week (2019-03-03 is a Sunday) and the UTC date line
EDGE_POSTS = [
    ("2019-03-03 23:59:59", "周日深夜反映小区电梯停运三天无人维修"),
    ("2019-03-04 00:00:00", "周一零点反映工地夜间施工噪音扰民"),
    ("2019-03-04 07:59:59", "早高峰前反映公交站台积水严重无法候车"),
    ("2019-03-04 08:00:00", "上班时间咨询居住证续签需要哪些材料"),
]


TICKETS = [
    ("小区物业乱收费，业主多次反映无果", "住房和城乡建设局"),
    ("物业不作为，电梯坏了一个月没人修", "住房和城乡建设局"),
    ("楼道堆满杂物，物业公司不管", "住房和城乡建设局"),
    ("物业费上涨没有公示", "住房和城乡建设局"),
    ("公司拖欠工资三个月，老板跑路了", "人力资源和社会保障局"),
    ("单位不给交社保，被辞退也没有补偿", "人力资源和社会保障局"),
    ("工地包工头欠薪不还", "人力资源和社会保障局"),
    ("失业金申领被拒，理由不清楚", "人力资源和社会保障局"),
    ("饭店油烟扰民，排污直接排进河里", "生态环境局"),
    ("工厂夜间排放废气，气味刺鼻", "生态环境局"),
    ("河道发黑发臭，有人偷排污水", "生态环境局"),
    ("化工厂噪音大，粉尘污染严重", "生态环境局"),
] * 3


def department_model() -> TfidfClassifier:
    """A TF-IDF ticket → department model fitted on ``TICKETS`` (three departments, 36 lines)."""
    model = TfidfClassifier()
    model.fit(Dataset([t for t, _ in TICKETS], [d for _, d in TICKETS]))
    return model


def opinion_cli(tmp_path: Path, models: Path | None, *args: str) -> subprocess.CompletedProcess[str]:
    """``govhall ARGS`` with no embedder and ``models`` as the models folder (an empty one when None)."""
    return govhall(tmp_path, *args, embedder=None, models=models or tmp_path / "no-models")
