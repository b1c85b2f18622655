"""Routing with the active ticket_department model, keywords as the fallback, and topic routing."""

from __future__ import annotations

from pathlib import Path

from govhall.catalog import builtin_items
from govhall.learn import ModelRegistry
from govhall.opinion.routing import Router, load_department_model
from tests.opinion.samples import department_model

ITEMS = [item.model_dump() for item in builtin_items()]


def test_keywords_route_without_adepartment_model() -> None:
    route = Router(ITEMS).route("我想提取公积金租房")
    assert route is not None and route.item_code == "housing-fund-withdrawal"


def test_the_model_decides_the_department_when_active_and_confident() -> None:
    router = Router(ITEMS, department_model())
    route = router.route("我们小区物业乱收费，电梯也不修")
    assert route is not None and route.department == "住房和城乡建设局"
    assert route.item_code == ""  # no built-in item is about property management


def test_the_item_is_kept_when_model_and_keywords_agree() -> None:
    router = Router(ITEMS, department_model())
    route = router.route("被辞退了，想领失业金，公司还拖欠工资")
    assert route is not None
    assert route.department == "人力资源和社会保障局"
    assert route.item_code == "unemployment-benefit"


def test_a_topic_about_property_management_is_not_sent_to_real_estate_registration() -> None:
    weights = {"物业": 1.0, "小区": 0.8, "业主": 0.6, "物业费": 0.5, "房产": 0.1}
    assert Router(ITEMS).route_weights(weights) is None
    routed = Router(ITEMS, department_model()).route_weights(weights)
    assert routed is not None and routed.department == "住房和城乡建设局"


def test_a_topic_about_the_housing_fund_still_routes_by_keywords() -> None:
    route = Router(ITEMS).route_weights({"公积金提取": 1.0, "租房": 0.5, "到账": 0.3})
    assert route is not None and route.item_code == "housing-fund-withdrawal"


def test_active_model_is_loaded_from_the_models_folder(tmp_path: Path) -> None:
    assert load_department_model(tmp_path) is None
    registry = ModelRegistry(tmp_path)
    folder = registry.new_path("dept")
    department_model().save(folder)
    registry.activate("ticket_department", "dept")
    assert load_department_model(tmp_path) is not None
