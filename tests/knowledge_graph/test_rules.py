"""Eligibility rules: verdicts with reasons and citations, calculators, and bad profiles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from govhall.catalog import builtin_items
from govhall.knowledge_graph import Profile, Status, assess, default_rulebook, recommend, unemployment_benefit_months
from tests.support.laws import LAWS, articles

NAMES = {item.code: item.name for item in builtin_items()}


def test_every_rule_is_about_a_catalogue_item() -> None:
    assert set(default_rulebook().items) <= set(NAMES)


def test_laid_off_worker_gets_unemployment_benefit_with_duration() -> None:
    worker = Profile(
        employment_status="失业",
        unemployment_involuntary=True,
        unemployment_insurance_months=72,
        unemployment_registered=True,
    )
    result = assess("unemployment-benefit", worker)
    assert result.status == Status.ELIGIBLE
    assert result.calculation is not None and result.calculation["value"] == 18
    assert result.calculation["basis"] == {"law": "失业保险条例", "article": "第十七条"}
    assert all(r.rule.basis.law == "中华人民共和国社会保险法" for r in result.results)


def test_short_contributions_make_it_almost_with_the_reason() -> None:
    worker = Profile(
        employment_status="失业",
        unemployment_involuntary=True,
        unemployment_insurance_months=8,
        unemployment_registered=True,
    )
    result = assess("unemployment-benefit", worker)
    assert result.status == Status.ALMOST
    assert result.to_dict()["unmet"] == ["失业前用人单位和本人已缴纳失业保险费满一年"]


def test_employed_person_is_not_concerned_by_unemployment_benefit() -> None:
    assert assess("unemployment-benefit", Profile(employment_status="在职")).status == Status.NOT_APPLICABLE


def test_incomplete_profile_lists_missing_facts() -> None:
    result = assess("unemployment-benefit", Profile(employment_status="失业"))
    assert result.status == Status.INSUFFICIENT
    labels = [m["label"] for m in result.to_dict()["missing"]]
    assert "失业保险累计缴费月数" in labels and "是否已办理失业登记" in labels


def test_elderly_allowance_near_and_far() -> None:
    assert assess("elderly-allowance", Profile(age=82, hukou_local=True)).status == Status.ELIGIBLE
    assert assess("elderly-allowance", Profile(age=78, hukou_local=True)).status == Status.ALMOST
    assert assess("elderly-allowance", Profile(age=40, hukou_local=True)).status == Status.NOT_APPLICABLE


def test_driving_licence_window_uses_today() -> None:
    today = date(2026, 11, 25)
    soon = Profile(driving_licence_expiry=today + timedelta(days=30))
    later = Profile(driving_licence_expiry=today + timedelta(days=400))
    assert assess("driving-licence-renewal", soon, today=today).status == Status.ELIGIBLE
    assert assess("driving-licence-renewal", later, today=today).status == Status.NOT_APPLICABLE


def test_recommend_groups_items_and_skips_unrelated_ones() -> None:
    elder = Profile(age=83, hukou_local=True, household_income_per_person=700, owns_housing=True)
    result = recommend(elder, NAMES)
    eligible = {item["code"] for item in result["eligible"]}
    assert {"elderly-allowance", "dibao"} <= eligible
    assert "disability-certificate" not in {i["code"] for group in result.values() for i in group}
    first = result["eligible"][0]
    assert first["name"] == NAMES[first["code"]] and first["reasons"][0]["basis"]["article"].startswith("第")


def test_calculator_boundaries() -> None:
    months = [unemployment_benefit_months(Profile(unemployment_insurance_months=m)) for m in (11, 12, 59, 60, 119, 120)]
    assert [m["value"] for m in months if m] == [0, 12, 12, 18, 18, 24]


@pytest.mark.parametrize(
    "bad",
    [
        {"age": -3},
        {"household_income_per_person": "很少"},
        {"employment_status": "躺平"},
        {"unknown_field": 1},
        {"birth_date": "2999-01-01"},
        {"age": 30, "birth_date": "1950-01-01"},
        {"employment_status": "在职", "unemployment_involuntary": True},
    ],
)
def test_bad_profiles_are_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Profile.model_validate(bad)


@pytest.mark.skipif(not LAWS.exists(), reason="../shared/data/laws is absent: citation check skipped")
def test_every_rule_cites_an_article_that_exists() -> None:
    for spec in default_rulebook().items.values():
        for rule in spec.rules:
            assert rule.basis.article in articles(rule.basis.law), f"{spec.code}: {rule.basis}"
    assert "第十七条" in articles("失业保险条例")
