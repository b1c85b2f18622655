"""A citizen's situation as eligibility rules read it (画像), validated with Chinese messages.

Every field is optional: a rule whose field is missing is "unknown", so an incomplete profile gets
"insufficient information" with the missing fields listed instead of a wrong "not eligible".
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from govhall.localtime import local_today

EmploymentStatus = Literal["在职", "失业", "退休", "学生", "无业", "个体经营"]
MaritalStatus = Literal["未婚", "已婚", "离异", "丧偶"]

FIELD_LABELS: dict[str, str] = {
    "age": "年龄",
    "gender": "性别",
    "hukou_local": "是否本地户籍",
    "residence_months": "在本地居住月数",
    "employment_status": "就业状态",
    "unemployment_involuntary": "是否非本人意愿失业",
    "unemployment_insurance_months": "失业保险累计缴费月数",
    "unemployment_registered": "是否已办理失业登记",
    "pension_contribution_years": "养老保险累计缴费年数",
    "medical_insured": "是否参加基本医疗保险（含生育保险）",
    "housing_fund_months": "住房公积金缴存月数",
    "has_disability": "是否有残疾",
    "disability_certified": "是否已持残疾人证",
    "household_size": "家庭人口数",
    "household_income_per_person": "家庭人均月收入（元）",
    "owns_housing": "本地是否有自有住房",
    "housing_area_per_person": "人均住房建筑面积（平方米）",
    "youngest_child_age": "最小子女年龄",
    "child_hukou_registered": "子女是否已落户",
    "recently_gave_birth": "近一年内是否生育",
    "marital_status": "婚姻状况",
    "sudden_hardship": "是否遭遇突发困难",
    "is_dibao_family": "是否为低保家庭",
    "driving_licence_expiry": "驾驶证有效期截止日期",
    "buying_or_renting_home": "是否正在购房或租房",
    "has_medical_expenses": "是否有未报销的医疗费用",
}


class Profile(BaseModel):
    """What a citizen tells about themselves; the fields are the rules' vocabulary."""

    model_config = ConfigDict(extra="forbid")

    age: int | None = Field(default=None, ge=0, le=130)
    birth_date: date | None = None
    gender: Literal["男", "女"] | None = None
    hukou_local: bool | None = None
    residence_months: int | None = Field(default=None, ge=0, le=1560)
    employment_status: EmploymentStatus | None = None
    unemployment_involuntary: bool | None = None
    unemployment_insurance_months: int | None = Field(default=None, ge=0, le=600)
    unemployment_registered: bool | None = None
    pension_contribution_years: float | None = Field(default=None, ge=0, le=60)
    medical_insured: bool | None = None
    housing_fund_months: int | None = Field(default=None, ge=0, le=600)
    has_disability: bool | None = None
    disability_certified: bool | None = None
    household_size: int | None = Field(default=None, ge=1, le=30)
    household_income_per_person: float | None = Field(default=None, ge=0, le=10_000_000)
    owns_housing: bool | None = None
    housing_area_per_person: float | None = Field(default=None, ge=0, le=10_000)
    youngest_child_age: int | None = Field(default=None, ge=0, le=100)
    child_hukou_registered: bool | None = None
    recently_gave_birth: bool | None = None
    marital_status: MaritalStatus | None = None
    sudden_hardship: bool | None = None
    is_dibao_family: bool | None = None
    driving_licence_expiry: date | None = None
    buying_or_renting_home: bool | None = None
    has_medical_expenses: bool | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        if self.birth_date is not None:
            today = local_today()  # a birth date 'today' in Beijing is not in the future on a UTC host
            if self.birth_date > today:
                raise ValueError("出生日期不能晚于今天")
            derived = (
                today.year
                - self.birth_date.year
                - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))
            )
            if self.age is not None and abs(self.age - derived) > 1:
                raise ValueError(f"年龄 {self.age} 与出生日期 {self.birth_date} 不一致")
            self.age = derived
        if self.disability_certified and self.has_disability is False:
            raise ValueError("已持残疾人证但填写为无残疾，信息矛盾")
        if self.employment_status == "在职" and self.unemployment_involuntary:
            raise ValueError("就业状态为在职，却填写了非本人意愿失业，信息矛盾")
        return self

    def value(self, field: str) -> object:
        """The value of a rule field; ``None`` when the citizen has not said."""
        return getattr(self, field)
