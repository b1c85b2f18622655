"""Beijing time and the day a citizen or an analyst types, in one place.

Every date a person sees or types (deadlines, dashboard ranges, schedules, receipts) is a day in
Beijing time; the database stores aware UTC instants. China keeps one offset all year (no daylight
saving), so a fixed UTC+8 offset is exact and needs no time-zone database on the host.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from govhall.errors import BadInput

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "LOCAL_TZ",
    "day_end",
    "day_start",
    "local_iso",
    "local_now",
    "local_today",
    "parse_day",
    "parse_day_into",
]

LOCAL_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
"""Days outside this range are refused: near year 1 or 9999 they overflow once shifted to UTC."""


def local_now() -> datetime:
    return datetime.now(LOCAL_TZ)


def local_today() -> date:
    return local_now().date()


def local_iso(moment: datetime | None) -> str | None:
    """An aware instant as ISO text in Beijing time (None stays None): how JSON views show a time,
    so a client reads the clock a clerk sees rather than UTC."""
    return moment.astimezone(LOCAL_TZ).isoformat() if moment else None


def parse_day(text: str, label: str = "日期", field: str | None = None) -> date:
    """``YYYY-MM-DD`` typed by a person, as a date; a Chinese :class:`BadInput` naming ``label`` otherwise
    (with ``field`` marked when the caller's form has one)."""
    fields = {field: "请填写 YYYY-MM-DD 格式的日期"} if field else None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput.of("bad_date", label=label, text=text, fields=fields) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BadInput.of("bad_date", "out_of_range", label=label, day=day.isoformat(), fields=fields)
    return day


def parse_day_into(text: str, field: str, errors: dict[str, str]) -> date | None:
    """For forms that report every bad field at once: the day in ``text`` (None when empty), or None
    with the reason recorded under ``errors[field]``."""
    if not text:
        return None
    try:
        return parse_day(text, field=field)
    except BadInput as exc:
        errors[field] = exc.message
        return None


def day_start(value: date, label: str = "日期") -> datetime:
    """The first instant of ``value`` in Beijing time (aware); out-of-range days are bad input."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise BadInput.of("bad_date", "out_of_range", label=label, day=value.isoformat())
    return datetime.combine(value, time(), LOCAL_TZ)


def day_end(value: date, label: str = "日期") -> datetime:
    """The first instant after ``value`` in Beijing time: the open end of a period of whole days that
    includes ``value`` (a form's "until" day). The day is range-checked before the day is added, so the
    last allowed day does not overflow."""
    return day_start(value, label) + timedelta(days=1)
