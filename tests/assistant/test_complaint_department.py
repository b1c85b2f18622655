"""A complaint in the chat goes to the department opinion would send the same words to
(govhall.routing.complaint_department): the hotline's department model first, where one is active."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy.orm import Session

from govhall.accounts import User
from govhall.assistant import Assistant
from govhall.cases import make_calendar
from govhall.learn import Dataset, ModelRegistry, TfidfClassifier
from govhall.opinion.routing import Router
from tests.assistant.conftest import Chat, assistant_settings

STORY = "我们小区的物业天天乱收费，楼道里的灯坏了三个月也没人修，我要投诉"

TICKETS = [
    ("物业公司乱收停车费，业主意见很大", "住房和城乡建设局"),
    ("小区电梯老是坏，物业推来推去", "住房和城乡建设局"),
    ("楼道堆满杂物，物业说不归他们管", "住房和城乡建设局"),
    ("老板拖了半年工资不发", "人力资源和社会保障局"),
    ("工地包工头卷款跑了，工钱没着落", "人力资源和社会保障局"),
    ("河里有人偷偷排污水，味道很大", "生态环境局"),
    ("化工厂晚上排黑烟，呛得睡不着", "生态环境局"),
] * 3


def _with_department_model(models_dir: Path, folder: Path) -> Path:
    """A copy of the routing models with a ``ticket_department`` model trained on a few tickets."""
    shutil.copytree(models_dir, folder)
    model = TfidfClassifier()
    model.fit(Dataset([t for t, _ in TICKETS], [d for _, d in TICKETS]))
    registry = ModelRegistry(folder)
    model.save(registry.new_path("hotline-departments"))
    registry.activate("ticket_department", "hotline-departments")
    return folder


def test_a_complaint_goes_where_the_hotlines_department_model_sends_it(
    tmp_path: Path, sqlite_url: str, models_dir: Path, sdb: Session, citizen: User
) -> None:
    models = _with_department_model(models_dir, tmp_path / "models")
    helper = Assistant(assistant_settings(tmp_path, sqlite_url, models), make_calendar())
    reply = Chat(helper, sdb, citizen).say(STORY)
    assert "将转交住房和城乡建设局办理" in reply.reply
    route = Router.from_db(sdb, models).route(STORY)  # opinion reads the same words the same way
    assert route is not None and route.department == "住房和城乡建设局"


def test_without_one_a_complaint_about_an_item_goes_to_its_department(
    sqlite_helper: Assistant, sdb: Session, citizen: User
) -> None:
    reply = Chat(sqlite_helper, sdb, citizen).say("我的失业金申请交上去两个月了一直没人审核，我要投诉")
    assert "将转交人力资源和社会保障局办理" in reply.reply
