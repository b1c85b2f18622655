"""Dates in citizen text (absolute, partial, relative) resolved to ISO ``YYYY-MM-DD``.

Citizens write 2023年3月7日, 2023-03-07, 85年3月7号 (two-digit year), 3月7号 (this year, or the year of
a full date earlier in the same text), 去年十月,
上个月5号, 三天前, 上周三. All are resolved against a reference date (``today``) so that the value
is a calendar date a form can store. A date without a day (去年十月) is reported as the first of
the month with ``extra["precision"] = "month"``; a year alone (去年) is not reported, as it is too
vague to fill a date field. A date is a ``birth_date`` when the text says so (出生, 生日, 生于).
Runs on normalised text, where Chinese numerals are already digits.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from govhall.text._model import Hit
from govhall.text._resources import word_cue
from govhall.text._scan import Scanner

__all__ = ["find_dates"]

_FULL = Scanner(
    re.compile(
        r"(?<![0-9])(?P<y>[0-9]{4}|[0-9]{2})\s?年\s?(?P<m>[0-9]{1,2})\s?月\s?(?P<d>[0-9]{1,2})\s?(?:日|号)?(?![0-9])"
        r"|(?<![0-9.])(?P<y2>(?:19|20)[0-9]{2})(?P<sep>[-/.])(?P<m2>[0-9]{1,2})(?P=sep)(?P<d2>[0-9]{1,2})(?![0-9])"
    )
)
_YEAR_MONTH = Scanner(re.compile(r"(?<![0-9])(?P<y>[0-9]{4}|[0-9]{2})\s?年\s?(?P<m>[0-9]{1,2})\s?(?:月份|月)"))
_MONTH_DAY = Scanner(
    re.compile(
        r"(?:(?P<rel>今年|去年|明年|前年|大前年)|(?<![0-9年]))(?P<m>[0-9]{1,2})\s?月\s?(?:(?P<d>[0-9]{1,2})\s?(?:日|号))?"
    )
)
_REL_MONTH = re.compile(r"(?P<rel>上上个?月|上个?月|这个?月|本月|下个?月)(?:(?P<d>[0-9]{1,2})\s?(?:日|号))?")
_REL_DAY = word_cue("rel_day")
_AGO = re.compile(
    r"(?<![0-9])(?P<n>[0-9]{1,3}|半)\s?(?P<unit>天|日|周|个?星期|个?礼拜|个?月)(?P<dir>前|以前|之前|后|以后|之后)"
)
_WEEKDAY = re.compile(r"(?P<wk>上上|上|这|本|下)个?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])")
_HOLIDAY = re.compile(
    r"(?:(?P<rel>今年|去年|明年|前年|大前年)|(?<![0-9])(?P<y>[0-9]{4}|[0-9]{2})\s?年)\s?的?"
    r"(?P<h>五一|劳动节|国庆|元旦)(?!节?(?:前|以前|之前))"
)
"""A holiday on a fixed day, with its year ("今年五一来的", "2024年国庆"): the holiday's day. Without a
year word it is left alone ("国庆要出去" may be this year's or next); before it (国庆前) is no day."""
_HOLIDAYS = {"五一": (5, 1), "劳动节": (5, 1), "国庆": (10, 1), "元旦": (1, 1)}

_REL_DAYS = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0}
_REL_DAYS.update({"明天": 1, "明日": 1, "后天": 2, "大后天": 3})
_REL_YEARS = {"今年": 0, "去年": -1, "明年": 1, "前年": -2, "大前年": -3}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_BIRTH_BEFORE = word_cue("birth_before")
# A record's date right after the gender (张建伟，男，1985-07-12，汉族) is the person's birth date.
_AFTER_GENDER = re.compile(r"[男女]\s?[,;、/|]\s?$")
_BIRTH_AFTER = re.compile(r"\s?(?:出生|出世|生人|生的|生(?=[,.;\s]|$))")


def _year(text: str, today: date) -> int:
    """Two-digit years belong to the most recent century that does not put them in the future."""
    if len(text) == 4:
        return int(text)
    short = int(text)
    return 2000 + short if 2000 + short <= today.year else 1900 + short


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _is_birth(text: str, start: int, end: int) -> bool:
    if _BIRTH_BEFORE.search(text, max(0, start - 8), start) or _AFTER_GENDER.search(text, max(0, start - 4), start):
        return True
    return _BIRTH_AFTER.match(text, end) is not None


FIRST_TODAY, LAST_TODAY = date(1900, 1, 1), date(2199, 12, 31)


def find_dates(text: str, today: date) -> list[Hit]:
    """Every date in ``text``, longest reading first, as ``date`` or ``birth_date`` hits.

    ``today`` must lie in 1900–2199: relative dates (上个月, 三天后) are computed from it, and near
    year 1 or 9999 they would leave the calendar."""
    if not FIRST_TODAY <= today <= LAST_TODAY:
        raise ValueError(f"reference date {today} is outside {FIRST_TODAY}–{LAST_TODAY}")
    found: list[tuple[int, int, date, str, float]] = []
    taken: set[int] = set()

    def add(start: int, end: int, value: date | None, precision: str, confidence: float) -> None:
        if any(i in taken for i in range(start, end)):
            return
        taken.update(range(start, end))  # an impossible date (2月30日) still blocks weaker readings
        if value is None or value.year < 1900:
            return
        found.append((start, end, value, precision, confidence))

    for match in _FULL.finditer(text):
        if match.group("y"):
            year, month, day = _year(match.group("y"), today), int(match.group("m")), int(match.group("d"))
        else:
            year, month, day = int(match.group("y2")), int(match.group("m2")), int(match.group("d2"))
        add(match.start(), match.end(), _safe_date(year, month, day), "day", 0.95)
    for match in _YEAR_MONTH.finditer(text):
        value = _safe_date(_year(match.group("y"), today), int(match.group("m")), 1)
        add(match.start(), match.end(), value, "month", 0.85)
    stated_years = [(start, value.year) for start, _end, value, precision, _c in found if precision == "day"]
    for match in _MONTH_DAY.finditer(text):
        rel = match.group("rel")
        if not rel and not match.group("d"):
            continue  # "3月" alone is too vague without a year word
        # "2025年1月3日入院，1月15日出院": a month and day take the year of the full date before them
        earlier = [year for start, year in stated_years if start < match.start()]
        year = today.year + _REL_YEARS[rel] if rel else earlier[-1] if earlier else today.year
        day_text = match.group("d")
        value = _safe_date(year, int(match.group("m")), int(day_text) if day_text else 1)
        add(match.start(), match.end(), value, "day" if day_text else "month", 0.85)
    for match in _HOLIDAY.finditer(text):
        rel, holiday = match.group("rel"), _HOLIDAYS[match.group("h")]
        year = today.year + _REL_YEARS[rel] if rel else _year(match.group("y"), today)
        add(match.start(), match.end(), _safe_date(year, *holiday), "day", 0.75)
    for match in _REL_MONTH.finditer(text):
        rel = match.group("rel")
        offset = -2 if rel.startswith("上上") else -1 if rel.startswith("上") else 1 if rel.startswith("下") else 0
        first = _add_months(today.replace(day=1), offset)
        if not match.group("d") and any(start <= match.end() + 1 < end for start, end, *_ in found):
            continue  # "上个月11月18号": the month named twice, the day said after it is the date
        if match.group("d"):
            add(
                match.start(),
                match.end(),
                _safe_date(first.year, first.month, int(match.group("d"))),
                "day",
                0.8,
            )
        else:
            add(match.start(), match.end(), first, "month", 0.75)
    for match in _WEEKDAY.finditer(text):
        wk, wd = match.group("wk"), match.group("wd")
        weeks = {"上上": -2, "上": -1, "这": 0, "本": 0, "下": 1}[wk]
        weekday = int(wd) - 1 if wd.isdigit() else _WEEKDAYS[wd]
        monday = today - timedelta(days=today.weekday())
        add(match.start(), match.end(), monday + timedelta(weeks=weeks, days=weekday), "day", 0.8)
    for match in _AGO.finditer(text):
        amount = 0.5 if match.group("n") == "半" else int(match.group("n"))
        sign = -1 if match.group("dir").endswith("前") else 1
        unit = match.group("unit")
        if unit.endswith("月"):
            if amount != int(amount):
                continue
            value = _add_months(today, sign * int(amount))
            add(match.start(), match.end(), value, "day", 0.7)
        else:
            days = amount * (7 if unit[-1] in "周期拜" else 1)
            add(match.start(), match.end(), today + timedelta(days=sign * int(days)), "day", 0.7)
    for match in _REL_DAY.finditer(text):
        add(match.start(), match.end(), today + timedelta(days=_REL_DAYS[match.group()]), "day", 0.7)

    hits = []
    for start, end, value, precision, confidence in found:
        kind = "birth_date" if _is_birth(text, start, end) else "date"
        hits.append(Hit(kind, value.isoformat(), start, end, confidence, {"precision": precision}))
    return hits
