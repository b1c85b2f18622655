"""The national administrative-division table (GB/T 2260 codes) and lookups on it.

ID numbers and addresses both need it: an ID's first six digits name the county where it was
issued, and an address is normalised to province + city + district from the names a citizen
writes (often shortened: 广州天河 → 广东省广州市天河区). Codes abolished since an ID was issued
(e.g. 110103 崇文区) are still accepted when their prefecture exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from govhall.text._resources import divisions

__all__ = ["Division", "DivisionIndex", "division_index", "is_valid_region", "region_name"]

# Placeholder rows of the table that are not places a citizen names.
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
# Prefecture codes of provincial capitals: an ambiguous district name (朝阳区) prefers these.
_CAPITAL_CODES = (
    "1101 1201 1301 1401 1501 2101 2201 2301 3101 3201 3301 3401 3501 3601 3701 4101 4201 4301 "
    "4401 4501 4601 5001 5101 5201 5301 5401 6101 6201 6301 6401 6501 "
)
_CAPITALS = frozenset(_CAPITAL_CODES.split())
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_CITY_SUFFIXES = ("地区", "市", "盟")
_DISTRICT_SUFFIXES = ("新区", "区", "县", "市", "旗")


@dataclass(frozen=True, slots=True)
class Division:
    """One row of the table: code, official name and level (1 province, 2 prefecture, 3 county)."""

    code: str
    name: str
    level: int

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str:
        return self.code[:4] + "00"


def _level(code: str) -> int:
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


def _short(name: str, suffixes: tuple[str, ...]) -> str | None:
    """The name without its administrative suffix, when at least two characters remain."""
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


class DivisionIndex:
    """Names (official and shortened) → divisions, and the chain of names above a code."""

    def __init__(self, table: dict[str, str]) -> None:
        self.by_code: dict[str, Division] = {}
        self.full: dict[str, list[Division]] = {}
        self.short: dict[str, list[Division]] = {}
        self.prefectures: frozenset[str] = frozenset(code[:4] for code in table)
        self.provinces: frozenset[str] = frozenset(code[:2] for code in table)
        official = frozenset(table.values())
        for code, name in table.items():
            division = Division(code, name, _level(code))
            self.by_code[code] = division
            if name in _PLACEHOLDERS:
                continue
            self.full.setdefault(name, []).append(division)
            suffixes: tuple[str, ...]
            if division.level == 1:
                suffixes = _PROVINCE_SUFFIXES
            elif division.level == 2:
                suffixes = _CITY_SUFFIXES
            else:
                suffixes = _DISTRICT_SUFFIXES
            short = _short(name, suffixes)
            if name.endswith("自治州") and len(name) > 5:
                short = name[:2]
            if short and short not in official:
                self.short.setdefault(short, []).append(division)
        self.max_len = max(len(name) for name in [*self.full, *self.short])
        self.first_chars = frozenset(name[0] for name in [*self.full, *self.short])
        # For each first character, the name lengths that occur, longest first: scanning a text
        # then costs a few dictionary look-ups per position instead of one per possible length.
        lengths: dict[str, set[int]] = {}
        for name in [*self.full, *self.short]:
            lengths.setdefault(name[0], set()).add(len(name))
        self.lengths_by_first: dict[str, tuple[int, ...]] = {
            ch: tuple(sorted(found, reverse=True)) for ch, found in lengths.items()
        }

    def rank(self, division: Division) -> tuple[int, int, str]:
        """Sort key for ambiguous names: higher levels, municipalities and capitals first."""
        famous = division.code[:2] in _MUNICIPALITIES or division.code[:4] in _CAPITALS
        return (division.level, 0 if famous else 1, division.code)

    def chain(self, code: str) -> list[Division]:
        """Province, prefecture and county for a code, skipping placeholder and missing rows."""
        out = []
        for candidate in (code[:2] + "0000", code[:4] + "00", code):
            division = self.by_code.get(candidate)
            if division and division.name not in _PLACEHOLDERS and division not in out:
                out.append(division)
        return out


@lru_cache(maxsize=1)
def division_index() -> DivisionIndex:
    """The index over the shipped table, built once (about 20 ms)."""
    return DivisionIndex(divisions())


def is_valid_region(code: str) -> bool:
    """True when the first six digits of an ID can name a region: a known county or prefecture, or
    within a known province one the table no longer lists. An ID keeps the code of where it was
    issued for life, and whole prefectures were abolished since (513021 was 达县 of 达川地区, now
    达州市): rejecting them refused real citizens' numbers; the check digit and the birth date keep
    order numbers out."""
    index = division_index()
    if code[:6] in index.by_code or code[:4] in index.prefectures:
        return True
    return code[:2] in index.provinces and code[2:4] != "00"


def region_name(code: str) -> str:
    """Full name of the region a 6-digit code stands for (北京市朝阳区), as precise as the table."""
    return "".join(division.name for division in division_index().chain(code[:6]))
