"""Routing with the active ticket_department model, keywords as the fallback, and topic routing."""

from __future__ import annotations

from pathlib import Path

from govhall.catalog import builtin_items
from govhall.learn import Dataset, ModelRegistry, TfidfClassifier
from govhall.opinion.routing import Router, load_department_model

ITEMS = [item.model_dump() for item in builtin_items()]

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


def _model() -> TfidfClassifier:
    model = TfidfClassifier()
    model.fit(Dataset([t for t, _ in TICKETS], [d for _, d in TICKETS]))
    return model


def test_keywords_route_without_a_model() -> None:
    route = Router(ITEMS).route("我想提取公积金租房")
    assert route is not None and route.item_code == "housing-fund-withdrawal"


def test_the_model_decides_the_department_when_active_and_confident() -> None:
    router = Router(ITEMS, _model())
    route = router.route("我们小区物业乱收费，电梯也不修")
    assert route is not None and route.department == "住房和城乡建设局"
    assert route.item_code == ""  # no built-in item is about property management


def test_the_item_is_kept_when_model_and_keywords_agree() -> None:
    router = Router(ITEMS, _model())
    route = router.route("被辞退了，想领失业金，公司还拖欠工资")
    assert route is not None
    assert route.department == "人力资源和社会保障局"
    assert route.item_code == "unemployment-benefit"


def test_a_topic_about_property_management_is_not_sent_to_real_estate_registration() -> None:
    weights = {"物业": 1.0, "小区": 0.8, "业主": 0.6, "物业费": 0.5, "房产": 0.1}
    assert Router(ITEMS).route_weights(weights) is None
    routed = Router(ITEMS, _model()).route_weights(weights)
    assert routed is not None and routed.department == "住房和城乡建设局"


def test_a_topic_about_the_housing_fund_still_routes_by_keywords() -> None:
    route = Router(ITEMS).route_weights({"公积金提取": 1.0, "租房": 0.5, "到账": 0.3})
    assert route is not None and route.item_code == "housing-fund-withdrawal"


def test_active_model_is_loaded_from_the_models_folder(tmp_path: Path) -> None:
    assert load_department_model(tmp_path) is None
    registry = ModelRegistry(tmp_path)
    folder = registry.new_path("dept")
    _model().save(folder)
    registry.activate("ticket_department", "dept")
    assert load_department_model(tmp_path) is not None
