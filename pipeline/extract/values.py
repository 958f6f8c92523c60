"""Money, percentages, quantities, dates and date ranges; on request numbers, durations,
periods, holidays and times of day.

    find_values(text, reference_date=None, kinds=None) -> list[dict]

Every result has the keys kind, text, start, end, value, value_max, unit,
date_start, date_end, timex, source (the id of the rule that produced it).
The patterns, unit tables, relative-date words, calendar tables and traps are data in
rules/{units,dates,money,percent,quantity,traps,numerals}.yaml; the matcher is
pipeline/extract/engine.py; numerals are read by pipeline/extract/numbers.py.
This module holds the value functions (resolvers) the rule files name.

Kinds. By default the mentions of ANNOTATION.md: money, percent, quantity, date,
date_range (the pipeline's output). Only when `kinds` asks for them (ANNOTATION.md
does not count them as mentions; their rules are not even run otherwise, so the
default output never changes):
- number: every numeral inside no mention of a kind asked for, of money or of a percentage
  (a sum or a share is no bare number: 一美元, 一折) and inside no trap (kinds=["number"]:
  the 十 of 十斤; kinds=["number", "quantity"]: 十斤 only);
- duration: a length of time (3年, 6个月, 两小时: value, unit, timex P3Y), with dates
  where it is anchored on the reference date (近三年, 未来两天: the window; 3年后: that year);
- period: seasons (by the solar terms that open them), decades, centuries;
- holiday: festivals (fixed, lunar, n-th weekday: 母亲节), holidays (暑假), solar terms;
- time: a clock time with no date (十一点, 下午3:00: timex T15:00).

Dates: a missing year comes from the nearest earlier explicit year in the text
(今年/明年/去年 count as explicit; a bare year such as 自2017年以来 does not, a range
counts by its start), else from reference_date, else from the text's first written
year; a blanked-out year (20_年) gives a timex with XXXX and no dates, and later
dates without a year stay unknown until an explicit year comes; a date inside a 《》 title
sets no year, and a yearless date that tells what has happened (截至6月底, a sentence
opened by 12月2日,) is not put after the reference date. Lunar dates (农历,
正月, 初一, 大年三十) are given their Gregorian days from the calendar table; reign
years (康熙三年, 民国元年) their Gregorian year. Two date mentions joined only by a
range word (从上个月到今天) are one date_range. The decisions are listed at the top of
rules/dates.yaml.

Amounts: value_max is set for written ranges only (1-2亿元, 80%—90%, and the
colloquial 八九亿, 三五百); an approximate amount (240余万元) keeps its stated value.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import engine
from .engine import resolver
from .numbers import magnitude, pair_range, parse_cn_integer, parse_number

RULE_FILES = ("units", "dates", "money", "percent", "quantity", "traps", "numerals")
DEFAULT_KINDS = ("money", "percent", "quantity", "date", "date_range")
NUMBER_MASKS = frozenset({"money", "percent"})  # kinds whose numerals are never numbers
# kinds find_values gives only when `kinds` asks for them (ANNOTATION.md does not count them as mentions)
OPTIONAL_KINDS = frozenset({"number", "duration", "period", "holiday", "time"})
ALL_KINDS = (*DEFAULT_KINDS, *sorted(OPTIONAL_KINDS))
_LEAP = 2000  # a leap year, for day counts where the year is unknown


@functools.cache
def ruleset() -> engine.RuleSet:
    return engine.load(RULE_FILES)


@functools.cache
def _matcher(optional: frozenset[str]) -> engine.Matcher:
    """The rules of the default kinds, the traps, and the optional kinds asked for."""
    return ruleset().matcher(lambda r: r.kind in DEFAULT_KINDS or r.is_trap or r.kind in optional)


@functools.cache
def _number_matcher() -> engine.Matcher:
    """Numbers and the traps (identifiers, ordinals, slogans: no numbers in them)."""
    return ruleset().matcher(lambda r: r.kind == "number" or r.is_trap)


# ---------------------------------------------------------------- context
@dataclass
class Context:
    """What the dates read so far say: the year and month a date without them takes."""

    ref: dt.date | None
    words: dict[str, dict[str, Any]]
    year: int | None = None  # None: unknown (no year yet, or a blanked-out one)
    month: tuple[int | None, int] | None = None  # (year, month) of the last date with a month
    day: dt.date | None = None  # the last date with its day (当日, 次日 count from it)
    last_year: int | None = None  # the last year written, a bare one included (次年, 当年 count from it)

    def __post_init__(self) -> None:
        self.year = self.ref.year if self.ref else None


_WS = re.compile(r"\s+")


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    text = _WS.sub("", text)
    if text.isdigit():
        return int(text)
    return parse_cn_integer(text)


@functools.cache
def _two_digit_pivot() -> int:
    return int(ruleset().files["dates"]["two_digit_year"]["pivot"])


def _year(text: str | None) -> int | None:
    """2021, 二〇二一, 两千零四; a two-digit year (15, 98, 零八, 九零) in the 2000s below the
    pivot of rules/dates.yaml, else in the 1900s (15 → 2015, 90 → 1990)."""
    value = _int(text)
    if value is None:
        return None
    if len(_WS.sub("", text or "")) == 2 and value < 100:
        value += 2000 if value < _two_digit_pivot() else 1900
    return value if 1 <= value <= 9999 else None


def _last_day(year: int | None, month: int) -> int:
    return calendar.monthrange(year or _LEAP, month)[1]


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


@dataclass
class Point:
    """A calendar point: its year (None = unknown) and the (month, day) interval it covers."""

    year: int | None
    start: tuple[int, int]  # (month, day); month 0 = unknown month
    end: tuple[int, int]
    level: str  # year, half, quarter, month, day, span
    label: str = ""  # Q3, H1
    explicit_year: bool = False  # the text names the year (2021年, 今年, 20_年)
    month_known: bool = True
    anchor: bool = False  # later dates without a year take this one's year
    absolute: tuple[dt.date, dt.date] | None = None  # a lunar date, converted: its Gregorian days
    lunar: bool = False  # month and day are lunar (unconverted where `absolute` is None)
    day_alone: bool = False  # a day written alone (28日): its month is the last date's or the reference date's

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        if self.absolute is not None:
            return self.absolute
        if self.year is None or not self.month_known or self.level == "relative" or self.lunar:
            return None, None
        return dt.date(self.year, *self.start), dt.date(self.year, *self.end)

    def timex(self) -> str:
        if self.absolute is not None:
            a, b = self.absolute
            return a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"
        y = f"{self.year:04d}" if self.year is not None else "XXXX"
        (m1, d1), (m2, d2) = self.start, self.end
        if self.level == "year":
            return y
        if self.level in ("half", "quarter"):
            return f"{y}-{self.label}"
        if self.level in ("week", "relative"):
            return self.label or None
        if self.level == "weekday":
            return self.label or f"XXXX-WXX-{d1}"
        if not self.month_known:
            return f"XXXX-XX-{d1:02d}"
        if self.level == "month":
            return f"{y}-{m1:02d}"
        if (m1, d1) == (m2, d2):
            return f"{y}-{m1:02d}-{d1:02d}"
        return f"{y}-{m1:02d}-{d1:02d}/{y}-{m2:02d}-{d2:02d}"

    def day_timex(self, first: bool) -> str:
        if self.absolute is not None:
            return self.absolute[0 if first else 1].isoformat()
        y = f"{self.year:04d}" if self.year is not None else "XXXX"
        m, d = self.start if first else self.end
        return f"{y}-{m:02d}-{d:02d}"


@functools.cache
def _calendar() -> dict[str, Any]:
    """The calendar tables of rules/dates.yaml: lunar years and solar terms, 1900-2100."""
    data = ruleset().files["dates"].get("calendar") or {}
    lunar = {}
    for year, row in (data.get("lunar_years") or {}).items():
        first, leap, bits = str(row).split()
        m, d = (int(x) for x in first.split("-"))
        lunar[int(year)] = (dt.date(int(year), m, d), int(leap), bits)
    terms = {int(y): str(v) for y, v in (data.get("solar_terms") or {}).items()}
    return {"lunar": lunar, "terms": terms, "term_names": list(data.get("term_names") or [])}


def lunar_to_solar(year: int, month: int, day: int | None, leap: bool = False) -> tuple[dt.date, dt.date] | None:
    """The Gregorian days of a lunar month (day None) or day; None outside the table (1900-2100)
    or for a day or leap month the year does not have."""
    row = _calendar()["lunar"].get(year)
    if row is None:
        return None
    first, leap_month, bits = row
    if leap and leap_month != month:
        return None
    start = first
    i = 0
    for k in range(1, 13):
        for is_leap in ((False, True) if k == leap_month else (False,)):
            length = 30 if bits[i] == "1" else 29
            if (k, is_leap) == (month, leap):
                if day is None:
                    return start, start + dt.timedelta(days=length - 1)
                if not 1 <= day <= length:
                    return None
                d = start + dt.timedelta(days=day - 1)
                return d, d
            start += dt.timedelta(days=length)
            i += 1
    return None


def solar_term(year: int, index: int) -> dt.date | None:
    """The day of the index-th solar term (0 = 小寒 in January .. 23 = 冬至) of a Gregorian year."""
    digits = _calendar()["terms"].get(year)
    if digits is None:
        return None
    return dt.date(year, index // 2 + 1, int(digits[index]) + (15 if index % 2 else 0))


def _year_part(spec: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """'12-31/12-31' → ((12, 31), (12, 31))."""
    a, _, b = spec.partition("/")
    (m1, d1), (m2, d2) = (tuple(int(x) for x in s.split("-")) for s in (a, b))
    return (m1, d1), (m2, d2)


def _month_part(spec: str, year: int | None, month: int) -> tuple[int, int]:
    """'21/L' → (21, the month's last day)."""
    last = _last_day(year, month)
    a, _, b = spec.partition("/")
    d1 = last if a == "L" else int(a)
    d2 = last if b == "L" else int(b)
    return d1, d2


def _point(g: dict[str, str | None], sfx: str, ctx: Context, left: Point | None = None) -> Point | None:
    """The point named by the groups y/yx/ry/m/mp/d/yp/q/rm/rd/rw/wd (+ suffix 1 or 2)."""
    w = ctx.words
    get = (lambda k: g.get(k + sfx)) if sfx else g.get
    ref = ctx.ref
    explicit = False
    # --- day-relative forms first: they give a full date
    if ref is None and (get("rd") or get("rw") and not get("wd") or get("rm") or get("rq")):
        return Point(None, (1, 1), (1, 1), "relative")  # 明天, 下周, 本月 with no reference date
    if get("rd"):
        day = ref + dt.timedelta(days=int(w["day_rel"][get("rd")]))
        return Point(day.year, (day.month, day.day), (day.month, day.day), "day")
    if get("sd") or get("sd2"):  # 当日, 次日: from the day of the narrative
        base = ctx.day or ref
        if base is None:
            return Point(None, (1, 1), (1, 1), "relative")
        day = base + dt.timedelta(days=int(w["day_ctx"][get("sd") or get("sd2")]))
        return Point(day.year, (day.month, day.day), (day.month, day.day), "day")
    if get("rw") and not get("wd"):  # 下周, 本周, 下周末: the week (Monday..Sunday) or its weekend
        assert ref is not None
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(days=7 * int(w["week_rel"][get("rw")]))
        first, last = (monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)) if get("we") \
            else (monday, monday + dt.timedelta(days=6))
        iso = monday.isocalendar()
        label = f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if get("we") else "")
        if first.year != last.year:
            return None
        return Point(first.year, (first.month, first.day), (last.month, last.day), "week", label)
    if get("wd") and not get("wn") and not get("last"):
        wd = int(w["weekday"][get("wd")])
        weeks = int(w["week_rel"][get("rw")]) if get("rw") else 0
        if ref is None:
            return Point(None, (1, wd), (1, wd), "weekday", month_known=False)
        day = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(days=7 * weeks + wd - 1)
        return Point(day.year, (day.month, day.day), (day.month, day.day), "day")
    # --- year
    year: int | None
    if get("y") or get("ys"):
        year = _year(get("y") or get("ys"))
        if year is None:
            return None
        explicit = True
    elif get("yx"):
        year, explicit = None, True
    elif get("era"):  # 康熙三年, 民国元年: the era's first year + n - 1
        era = w["era"][get("era")]
        n = 1 if get("en") in w.get("first_year", {}) else _int(get("en"))
        if not n:
            return None
        year, explicit = int(era["start"]) + n - 1, True
    elif get("rc"):  # 次年, 同年, 当年: from the last year written
        base = next((y for y in (ctx.last_year, ctx.year, ref.year if ref else None) if y is not None), None)
        offset = w["year_ctx"].get(get("rc"), w["year_ctx_month"].get(get("rc")))
        year = None if base is None else base + int(offset)
        explicit = True
    elif get("ry"):
        base = ref.year if ref else ctx.year
        year = None if base is None else base + int(w["year_rel"][get("ry")])
        explicit = True
    elif g.get("every"):
        year = None
    elif left is not None:
        year = left.year
    else:
        year = ctx.year
    # --- the lunar new year: 大年初一 (正月初一), 大年三十 and 除夕 (the day before 正月初一)
    if get("nyd") or get("eve"):
        if year is None:
            return Point(None, (1, 1), (1, 1), "day", explicit_year=explicit, lunar=True)
        if get("eve"):
            first = lunar_to_solar(year, 1, 1)
            if first is None:
                return Point(year - 1, (12, 30), (12, 30), "day", explicit_year=explicit, lunar=True)
            eve = first[0] - dt.timedelta(days=1)  # the last day of the year before's 腊月
            return Point(year, (12, 30), (12, 30), "day", explicit_year=explicit, lunar=True, absolute=(eve, eve))
        day = _int(str(get("nyd"))[1:])
        p = Point(year, (1, day or 1), (1, day or 1), "day", explicit_year=explicit, lunar=True)
        p.absolute = lunar_to_solar(year, 1, day)
        return p
    # --- month
    month: int | None = None
    month_known = True
    day_alone = False
    if get("rq"):  # 上个季度: the quarter before the reference date's
        assert ref is not None
        k = ref.year * 4 + (ref.month - 1) // 3 + int(w["quarter_rel"][get("rq")])
        year, q = k // 4, k % 4 + 1
        return Point(year, (3 * q - 2, 1), (3 * q, _last_day(year, 3 * q)), "quarter", f"Q{q}")
    if get("rm"):
        assert ref is not None
        base_year = ref.year + (int(w["year_rel"][get("ry")]) if get("ry") else 0)
        year, month = _add_months(base_year, ref.month, int(w["month_rel"][get("rm")]))
        explicit = True
    elif get("m"):
        month = int(w["month_name"][get("m")]) if get("m") in w.get("month_name", {}) else _int(get("m"))
        if month is None or not 1 <= month <= 12:
            return None
        if not explicit and left is not None and left.year is not None and left.month_known \
                and month < left.start[0] and left.level != "year":
            year = left.year + 1  # 2021年12月24日至1月5日
    elif get("d") or get("dc") or get("dn"):
        # a day alone takes the month of the range's left end, or of the last date
        day_alone = left is None
        if left is not None and left.month_known and left.start[0]:
            month = left.end[0]
        elif ctx.month is not None:
            year, month = ctx.month
        elif ref is not None:
            year, month = ref.year, ref.month
            if (_int(get("d") or get("dc") or get("dn")) or 0) > _last_day(year, month):
                year, month = _add_months(year, month, -1)  # 29日 read in February: January's
        else:
            month_known = False
    # --- the n-th weekday or week of a month (6月第3个星期日, 十月的第一周), the last weekday (最后一个周三)
    if get("wn") or get("last"):
        if get("last") and month is None:
            if ref is None:  # 最后一个周三 with no reference date: the mention, without a date
                return Point(None, (1, 1), (1, 1), "weekday", f"XXXX-WXX-{w['weekday'][get('wd')]}")
            year, month = ref.year, ref.month
        if month is None:
            return None
        if year is None:  # 十月的第一周 with no year: the mention, without dates
            return Point(None, (month, 1), (month, 1), "week", f"XXXX-{month:02d}-W{_int(get('wn')) or 1}")
        first = dt.date(year, month, 1)
        if get("wd"):
            wd = int(w["weekday"][get("wd")])
            if get("last"):
                end = dt.date(year, month, _last_day(year, month))
                day = end - dt.timedelta(days=(end.isoweekday() - wd) % 7)
            else:
                day = first + dt.timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (_int(get("wn")) or 1) - 7)
            if day.month != month:
                return None
            return Point(year, (month, day.day), (month, day.day), "day", explicit_year=explicit)
        if get("last"):  # 四月的最后一周: the week that holds its last day
            end = dt.date(year, month, _last_day(year, month))
            monday = end - dt.timedelta(days=end.weekday())
        else:
            monday = first - dt.timedelta(days=first.weekday()) + dt.timedelta(days=7 * ((_int(get("wn")) or 1) - 1))
        p = Point(year, (month, 1), (month, 1), "week", explicit_year=explicit)
        p.absolute = (monday, monday + dt.timedelta(days=6))
        return p
    # --- lunar: after 农历, in 正月/冬月/腊月, with 初一 or 廿二 (no 日), or in a lunar era
    lunar = bool(get("lm") or get("lm0") or get("leap") or (get("m") in w.get("lunar_month", {}))
                 or (get("dc") and str(get("dc"))[:1] in w.get("lunar_day_prefix", {}))
                 or (get("era") and w["era"][get("era")].get("lunar") and month is not None))
    if lunar and month is not None:
        return _lunar_point(year, month, g, sfx, ctx, explicit)
    # --- day
    if get("d") or get("dc") or get("dn"):
        day_text = str(get("d") or get("dc") or get("dn"))
        if day_text[:1] in w.get("day_prefix", {}):
            day_text = day_text[1:]
        day = _int(day_text)
        if day is None or day < 1:
            return None
        if month_known:
            assert month is not None
            if day > _last_day(year, month):
                return None
            p = Point(year, (month, day), (month, day), "day", explicit_year=explicit, day_alone=day_alone)
        else:
            if day > 31:
                return None
            p = Point(year, (0, day), (0, day), "day", explicit_year=explicit, month_known=False)
        return p
    if month is not None:
        if get("mp"):
            d1, d2 = _month_part(str(w["month_part"][get("mp")]), year, month)
            if (d1, d2) == (1, _last_day(year, month)):
                return Point(year, (month, 1), (month, d2), "month", explicit_year=explicit)
            return Point(year, (month, d1), (month, d2), "span", explicit_year=explicit)
        return Point(year, (month, 1), (month, _last_day(year, month)), "month", explicit_year=explicit)
    if get("q") or get("q2"):
        q = int(w["quarter"][get("q") or get("q2")])
        m1, m2 = 3 * q - 2, 3 * q
        return Point(year, (m1, 1), (m2, _last_day(year, m2)), "quarter", f"Q{q}", explicit_year=explicit)
    if get("fm") or get("lmo"):  # 2022年前十一个月: January to the Nth month; 后三个月: the last three
        n = _int(get("fm") or get("lmo"))
        if n is None or not 1 <= n <= 12:
            return None
        if get("lmo"):
            return Point(year, (13 - n, 1), (12, 31), "span", explicit_year=explicit)
        return Point(year, (1, 1), (n, _last_day(year, n)), "span", explicit_year=explicit)
    if get("yp") or get("yps"):
        (m1, d1), (m2, d2) = _year_part(str(w["year_part"][get("yp") or get("yps")]))
        level, label = "span", ""
        if (m1, d1, m2, d2) == (1, 1, 6, 30):
            level, label = "half", "H1"
        elif (m1, d1, m2, d2) == (7, 1, 12, 31):
            level, label = "half", "H2"
        return Point(year, (m1, d1), (m2, d2), level, label, explicit_year=explicit)
    if explicit or g.get("every"):
        return Point(year, (1, 1), (12, 31), "year", explicit_year=explicit)
    return None


def _lunar_point(year: int | None, month: int, g: dict[str, str | None], sfx: str, ctx: Context,
                 explicit: bool) -> Point | None:
    """A lunar month or day, converted to its Gregorian days where the year is known and in the table."""
    w = ctx.words
    day_text = g.get("d" + sfx) or g.get("dc" + sfx) or g.get("dn" + sfx)
    day = None
    if day_text:
        if day_text[:1] in w.get("day_prefix", {}):
            day_text = day_text[1:]
        day = _int(day_text)
        if day is None or not 1 <= day <= 30:
            return None
    leap = bool(g.get("leap" + sfx))
    level = "day" if day else "month"
    p = Point(year, (month, day or 1), (month, day or 30), level, explicit_year=explicit, lunar=True)
    if year is not None:
        p.absolute = lunar_to_solar(year, month, day, leap)
    return p


def _anchor(p: Point | None, g: dict[str, str | None], sfx: str) -> Point | None:
    """Which points set the year of later dates: a relative or blanked-out year always;
    a written year only with a month, a day or a part of the year. A bare year
    (自2017年以来) is often another time frame than the narrative's."""
    if p is not None and p.explicit_year:
        p.anchor = bool(g.get("ry" + sfx) or g.get("yx" + sfx) or g.get("rc" + sfx) or p.level != "year")
    return p


def _remember(ctx: Context, p: Point, in_title: bool = False) -> None:
    """What later dates take from this one: its year (次年, 当年 count from it), and, outside a
    document title, the narrative's year, month and day."""
    if p.explicit_year and p.year is not None:
        ctx.last_year = p.year
    if in_title:
        return
    if p.anchor:
        if p.year != ctx.year:
            ctx.month = None
        ctx.year = p.year
    if p.lunar:
        return  # a lunar month is no Gregorian month for the days after it
    if p.month_known and p.level in ("day", "month", "span") and p.start[0]:
        ctx.month = (p.year, p.end[0])
        if p.level == "day" and p.year is not None:
            ctx.day = dt.date(p.year, *p.start)


def _fields(p: Point) -> dict[str, Any]:
    start, end = p.dates()
    return {"date_start": start, "date_end": end, "timex": p.timex()}


# groups that stand for another in one alternative of a pattern: a day before a glued time
# (2018-12-1209:03), the month, day and two-digit year of a month-first date (3-7-07)
_ALIASES = {"dg": "d", "mb": "m", "db": "d", "yb": "y"}


def _groups(m: re.Match[str]) -> dict[str, str | None]:
    g = m.groupdict()
    for alias, name in _ALIASES.items():
        if g.get(alias) and not g.get(name):
            g[name] = g[alias]
    return g


@functools.cache
def _cue(table: str, at_end: bool) -> re.Pattern[str]:
    """A word of a dates.yaml table: at the end of a text (as_of) or at its start (narrated)."""
    body = "(?:" + ruleset().frags[table] + ")"
    return re.compile(body + r"\s*$" if at_end else body)


def _past(p: Point, m: re.Match[str], ctx: Context) -> None:
    """A date that took its year from the narrative or the reference date, and tells what has
    happened, is not after the reference date: a status as of a day (截至6月底) is neither
    before the last day told of (2024年7月1日反馈 ... 截至6月底 → the next June, if that has
    passed) nor after the reference date. A day that opens a sentence (12月2日,督察组交办)
    after the reference date is the month before's where it is a day alone (30日, in a report
    of July 1st), the year before's where it is more than a month after
    the reference date in its year (a January report of December)."""
    ref = ctx.ref
    if ref is None or p.explicit_year or p.year is None or not p.month_known or p.lunar \
            or p.absolute is not None or p.level not in ("day", "month", "span"):
        return
    start = dt.date(p.year, *p.start)
    shift = 0
    if _cue("as_of", True).search(m.string, max(0, m.start() - 6), m.start()):
        if ctx.day is not None and start < ctx.day:
            shift = 1
        elif start > ref:
            shift = -1
    elif p.level == "day" and start > ref and _cue("narrated", False).match(m.string, m.end()):
        if p.day_alone:
            y, mo = _add_months(p.year, p.start[0], -1)
            if p.start[1] <= _last_day(y, mo):
                p.year, p.start, p.end = y, (mo, p.start[1]), (mo, p.start[1])
            return
        if p.year == ref.year and start > ref + dt.timedelta(days=31):
            shift = -1
    if shift and p.end[1] <= _last_day(p.year + shift, p.end[0]) and dt.date(p.year + shift, *p.start) <= ref:
        p.year += shift
        p.anchor = True  # the narrative's year, for the dates after it


@functools.cache
def _title_marks() -> tuple[str, str]:
    marks = ruleset().files["dates"]["title_marks"]
    return str(marks["open"]), str(marks["close"])


def _in_title(m: re.Match[str]) -> bool:
    """Whether a match stands inside a document title (ANNOTATION.md: its year is another
    time frame than the narrative's, so it sets no year for later dates)."""
    opening, closing = _title_marks()
    i = m.string.rfind(opening, max(0, m.start() - 80), m.start())
    return i >= 0 and m.string.find(closing, i, m.start()) < 0


@resolver("date")
def resolve_date(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    g = _groups(m)
    p = _anchor(_point(g, "", ctx), g, "")
    if p is None:
        return None
    in_title = _in_title(m)
    if not in_title:
        _past(p, m, ctx)
    _remember(ctx, p, in_title)
    out = _fields(p)
    if rule.kind == "date_range":  # hours of one day (6月7日8时至20时): that day, as a range
        out["timex"] = f"{p.day_timex(True)}/{p.day_timex(False)}"
    return out


@resolver("date_range")
def resolve_date_range(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    g = m.groupdict()
    left = _anchor(_point(g, "1", ctx), g, "1")
    if left is None:
        return None
    right = _point(g, "2", ctx, left)
    if right is None:
        return None
    if right.year is None and left.year is not None and not right.explicit_year:
        right.year = left.year
    if left.year is None and right.year is not None and not left.explicit_year and not g.get("every"):
        left.year = right.year  # 3-5月 read after 2018年: both ends take the year
    if left.month_known != right.month_known:
        return None
    ls, _ = left.dates()
    _, re_ = right.dates()
    if ls is not None and re_ is not None and ls > re_:
        return None
    if left.year is not None and right.year is not None and (left.year, *left.start) > (right.year, *right.end):
        return None
    if left.year is None and right.year is None and not right.explicit_year and left.start > right.end:
        return None  # 3至2月: not a range
    _remember(ctx, left, _in_title(m))  # a range sets the context by its start (2019-2020年 ... 10月份 → 2019)
    if left.level == "year" and right.level == "year":
        timex = f"{left.timex()}/{right.timex()}"
    else:
        timex = f"{left.day_timex(True)}/{right.day_timex(False)}"
    known = left.year is not None and right.year is not None
    return {"date_start": ls if known else None, "date_end": re_ if known else None, "timex": timex}


@resolver("date_range_open")
def resolve_date_range_open(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    """2010年之后2018年之前: the years strictly between the two."""
    y1, y2 = _year(m.group("y1")), _year(m.group("y2"))
    if y1 is None or y2 is None or y2 - y1 < 2:
        return None
    start, end = dt.date(y1 + 1, 1, 1), dt.date(y2 - 1, 12, 31)
    return {"date_start": start, "date_end": end, "timex": f"{start.year:04d}/{end.year:04d}"}


@resolver("date_until_now")
def resolve_date_until_now(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    """2019年至今: from the point to the reference date."""
    g = m.groupdict()
    left = _anchor(_point(g, "", ctx), g, "")
    if left is None:
        return None
    _remember(ctx, left)
    start, _ = left.dates()
    ref = ctx.ref
    if ref is None or start is None or start > ref:
        return {"date_start": start, "date_end": None, "timex": f"{left.day_timex(True)}/PRESENT_REF"}
    return {"date_start": start, "date_end": ref, "timex": f"{left.day_timex(True)}/{ref.isoformat()}"}


# ---------------------------------------------------------------- periods
def _period_year(g: dict[str, str | None], ctx: Context) -> int | None:
    """The year written before a festival, a term or a season (2019年, 去年, 次年), which then
    sets the year of later dates; else the year of the narrative."""
    if g.get("y") or g.get("yx") or g.get("era") or g.get("ry") or g.get("rc"):
        p = _point(g, "", ctx)
        if p is None or p.year is None:
            return None
        if p.year != ctx.year:
            ctx.month = None
        ctx.year = p.year
        return p.year
    return ctx.year


def _festival(spec: str, year: int, w: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    """MM-DD, MM-DD/MM-DD, L:MM-DD (lunar), W:MM-n-weekday, T:term index."""
    kind, _, body = spec.rpartition(":")
    try:
        if kind == "L":
            m, d = (int(x) for x in body.split("-"))
            return lunar_to_solar(year, m, d)
        if kind == "W":
            m, n, wd = (int(x) for x in body.split("-"))
            first = dt.date(year, m, 1)
            day = first + dt.timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (n - 1))
            return day, day
        if kind == "T":
            day = solar_term(year, int(body))
            return None if day is None else (day, day)
        a, _, b = body.partition("/")
        start = dt.date(year, *(int(x) for x in a.split("-")))
        end = dt.date(year, *(int(x) for x in b.split("-"))) if b else start
        return start, end
    except ValueError:
        return None


def _season(year: int, first: int, last: int) -> tuple[dt.date, dt.date] | None:
    """From the term opening season `first` to the eve of the one after season `last` (term indexes)."""
    start = solar_term(year, first)
    nxt = last + 6
    end = solar_term(year + nxt // 24, nxt % 24)
    if start is None or end is None:
        return None
    return start, end - dt.timedelta(days=1)


@resolver("period")
def resolve_period(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    """Festivals, holidays and solar terms (kind holiday); seasons, decades, centuries (kind period)."""
    g = _groups(m)
    w = ctx.words
    span: tuple[dt.date, dt.date] | None = None
    timex = None
    if g.get("dec") or g.get("cen") or g.get("cr"):
        base = ctx.ref.year if ctx.ref else (ctx.year or dt.date.today().year)
        century = None
        if g.get("cr"):
            century = base // 100 + 1 + int(w["century_rel"][g["cr"]])
        elif g.get("cen"):
            century = _int(g["cen"])
        if g.get("dec"):
            dec = _int(g["dec"])
            if dec is None or dec % 10 or not 10 <= dec <= 90:
                return None
            if century is not None:
                start = (century - 1) * 100 + dec
            else:  # 50年代: the latest such decade that has begun
                begun = [c * 100 + dec for c in (base // 100 - 1, base // 100) if c * 100 + dec <= base]
                start = max(begun) if begun else (base // 100 - 1) * 100 + dec
            if not 1 <= start <= 9990:
                return None
            first, last = 0, 9
            if g.get("dp"):  # 九十年代末期: its last years (rules: decade_part)
                first, last = (int(x) for x in str(w["decade_part"][g["dp"]]).split("-"))
            span, timex = (dt.date(start + first, 1, 1), dt.date(start + last, 12, 31)), f"{start // 10:03d}"
        else:
            if century is None or not 1 <= century <= 99:
                return None
            start, end = (century - 1) * 100, (century - 1) * 100 + 99
            timex = f"{century - 1:02d}"
            if g.get("cp"):
                start += int(w["century_part"][g["cp"]]) * 10
                end = start + 9
                timex = f"{start // 10:03d}"
            span = (dt.date(max(start, 1), 1, 1), dt.date(end, 12, 31))
        return {"date_start": span[0], "date_end": span[1], "timex": timex}
    year = _period_year(g, ctx)
    if g.get("fest"):
        entry = w["festival"][g["fest"]]
        spec = str(entry["day"] if isinstance(entry, dict) else entry)
        if year is not None:
            span = _festival(spec, year, w)
    elif g.get("term"):
        index = int(w["solar_term_name"][g["term"]])
        if year is not None:  # 小寒 and 大寒 close a term year: the January after it
            day = solar_term(year + 1 if index < 2 else year, index)
            span = None if day is None else (day, day)
    else:
        first = g.get("sea") or g.get("sea3")
        last = g.get("sea2") or g.get("sea4") or first
        a, b = int(w["season"][str(first)]), int(w["season"][str(last)])
        if b < a:
            return None
        if year is not None:
            span = _season(year, a, b)
    if span is None:
        return {"date_start": None, "date_end": None, "timex": None}
    start, end = span
    timex = start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"
    return {"date_start": start, "date_end": end, "timex": timex}


# ---------------------------------------------------------------- times of day
@resolver("time")
def resolve_time(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    """A clock time: timex THH:MM (下午3点 = T15:00, 3时1刻 = T03:15, 8点半 = T08:30), on the day
    told of last, else the reference date (none without either)."""
    g = m.groupdict()
    w = ctx.words
    hour = _int(g.get("h") or g.get("h2"))
    minute = _int(g.get("mi") or g.get("mi2")) or 0
    if g.get("qh"):
        minute = int(w["quarter_hour"][g["qh"]])
    elif g.get("hh"):
        minute = 30
    if hour is None or hour > 24 or minute > 59:
        return None
    if g.get("dp") and hour < 12:
        hour += int(w["daypart"][g["dp"]])
    elif g.get("dp") in w["night"] and hour == 12:
        hour = 24  # 夜里12点: midnight, the day after
    day = ctx.day or ctx.ref  # the day told of, else the reference date's
    if day is not None and hour == 24:
        day += dt.timedelta(days=1)
    return {"timex": f"T{hour % 24:02d}:{minute:02d}", "date_start": day, "date_end": day}


# ---------------------------------------------------------------- durations
_UNIT_ORDER = ("Y", "Q", "M", "W", "D", "WD", "H", "MIN", "S")  # coarse to fine
_FINER = {"Y": "M", "Q": "M", "M": "D", "W": "D", "D": "D", "WD": "D"}  # where a half (一年半) lands
_CLOCK = {"H": 3600.0, "MIN": 60.0, "S": 1.0}


def _shift(day: dt.date, code: str, n: float) -> dt.date | None:
    """`day` moved by n units: years, quarters and months by the calendar (a fraction of a month
    as days: 两个半月 = 2 months 15 days), working days over weekends, hours and less from noon
    (no clock time is known: 60小时前 is two and a half days back)."""
    try:
        if code in ("Y", "Q", "M"):
            months = n * {"Y": 12, "Q": 3, "M": 1}[code]
            whole = int(months) if months >= 0 else -int(-months)
            y, mo = _add_months(day.year, day.month, whole)
            moved = dt.date(y, mo, min(day.day, _last_day(y, mo)))
            return moved + dt.timedelta(days=round((months - whole) * 30))
        if code == "WD":
            step, left = (1 if n >= 0 else -1), int(abs(n))
            while left:
                day += dt.timedelta(days=step)
                left -= day.weekday() < 5
            return day
        if code in _CLOCK:
            return (dt.datetime.combine(day, dt.time(12)) + dt.timedelta(seconds=_CLOCK[code] * n)).date()
        return day + dt.timedelta(days=math.floor({"W": 7.0, "D": 1.0}[code] * n))  # 一天半以来: two days back
    except (ValueError, OverflowError):
        return None


def _covering(day: dt.date, code: str) -> tuple[dt.date, dt.date]:
    """The year, quarter, month, week or day that holds `day`."""
    if code == "Y":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if code == "Q":
        m1 = 3 * ((day.month - 1) // 3) + 1
        return dt.date(day.year, m1, 1), dt.date(day.year, m1 + 2, _last_day(day.year, m1 + 2))
    if code == "M":
        return day.replace(day=1), day.replace(day=_last_day(day.year, day.month))
    if code == "W":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    return day, day


def _number_text(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _duration_timex(parts: list[tuple[float, str]]) -> str:
    """ISO 8601 of (value, code) parts: P4Y6M, PT27M7S, P36DT5H30M (a quarter is 3 months)."""
    date = "".join(f"{_number_text(3 * v if c == 'Q' else v)}{ {'Q': 'M', 'WD': 'D'}.get(c, c)}"
                   for v, c in parts if c not in _CLOCK)
    clock = "".join(f"{_number_text(v)}{c[0]}" for v, c in parts if c in _CLOCK)
    return f"P{date}" + (f"T{clock}" if clock else "")


def _unit_of(g: dict[str, Any], w: dict[str, Any], key: str | None = None) -> tuple[str, str, float, bool] | None:
    """(code, unit as written, units of the code per unit (刻钟: 15 minutes), whether the unit says
    "more than" (个多月)) of a duration's unit group."""
    if key is None and g.get("mh"):
        return "MIN", str(w["minute_word"][g["mh"]]), 1.0, False
    key = key or g.get("du") or g.get("du2") or g.get("du3")
    if key is None:
        return None
    table = w["duration_unit"] if key in w["duration_unit"] else w["duration_unit_after_dir"]
    entry = table.get(key)
    if entry is None:
        return None
    if not isinstance(entry, dict):
        return _code(entry), key, 1.0, False
    return _code(entry), str(entry.get("unit", key)), float(entry.get("per", 1)), bool(entry.get("more"))


def _duration_number(num: str, w: dict[str, Any]) -> float | None:
    return float(w["half_word"][num]) if num in w["half_word"] else parse_number(num)


@resolver("duration")
def resolve_duration(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    """A length of time: value and unit as written (3, 年), timex P3Y; a range of lengths (3~6个月)
    has value_max. Anchored on the reference date, it also has dates: a window before or after it
    (近三年, 未来两天: ending the day before, starting the day after), the year, month, week or day
    that far from it (3年后, 20天后, 过两天; 一年半后: the month), or the stretch from that point to
    it, that day included (三个多月以来: from the month three months back; 15个工作日内)."""
    g = m.groupdict()
    w = ctx.words
    v = _duration_number(g["num"], w)
    unit_of = _unit_of(g, w)
    if v is None or v < 0 or unit_of is None:
        return None
    code, unit, per, more = unit_of
    more = more or bool(g.get("more"))
    if g.get("half") or g.get("half2") or g.get("half3"):
        if not v.is_integer():
            return None
        v += 0.5
    out: dict[str, Any] = {"value": v, "unit": unit}
    if g.get("num2"):  # a range: the low end's timex
        hi = _duration_number(g["num2"], w)
        low_unit = _unit_of(g, w, g["du1"]) if g.get("du1") else unit_of
        if hi is None or low_unit is None:
            return None
        code, _, per, _ = low_unit
        out["value_max"] = hi
    out["timex"] = _duration_timex([(v * per, code)])
    ref = ctx.ref
    if ref is None or g.get("num2"):
        return out
    if g.get("dir"):
        if int(w["window_dir"][g["dir"]]) < 0:
            start, end = _shift(ref, code, -v * per), ref - dt.timedelta(days=1)
        else:
            start, end = ref + dt.timedelta(days=1), _shift(ref, code, v * per)
        if start is not None and end is not None and start <= end:
            out.update(date_start=start, date_end=end)
        elif code in _CLOCK:
            out.update(date_start=ref, date_end=ref)
        return out
    entry = w["window_after"].get(g.get("wa")) if g.get("wa") else None
    sign = (int(w["offset_dir"][g["off"]]) if g.get("off") else 1 if g.get("ob")
            else int(entry["dir"] if isinstance(entry, dict) else entry) if entry is not None else 0)
    if not sign:
        return out
    day = _shift(ref, code, sign * v * per)
    if day is None:
        return out
    # what the point covers: a half at the next finer unit, "more than" at its own, a quarter's months
    grain = _FINER.get(code, "D") if not v.is_integer() else {"Q": "M"}.get(code, code)
    if entry is None:  # a point
        start, end = _covering(day, grain if grain not in _CLOCK else "D")
    elif sign < 0:  # from that point to the reference date
        start, end = (_covering(day, grain)[0] if more or not v.is_integer() else day), ref
    else:  # from the reference date to that point
        start, end = ref, (_covering(day, grain)[1] if more or not v.is_integer() else day)
    if grain in _CLOCK:
        start, end = (day, day) if entry is None else (min(day, ref), max(day, ref))
    out.update(date_start=start, date_end=end)
    return out


@functools.cache
def _minutes_after() -> re.Pattern[str]:
    """Minutes written 分 after hours (rules/dates.yaml dur_minutes)."""
    return re.compile(engine.expand("{dur_minutes}", ruleset().frags, "values._minutes_after"))


_EXACT = {("Y", "M"): 12, ("W", "D"): 7, ("D", "H"): 24, ("D", "MIN"): 1440, ("D", "S"): 86400, ("H", "MIN"): 60,
          ("H", "S"): 3600, ("MIN", "S"): 60}  # units per unit, where they convert exactly


def _compound(text: str, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lengths of ever finer units written together are one (四年六个月 = P4Y6M, 27分钟7秒,
    36天5小时30分: minutes after hours may be written 分); the value is in the first part's unit
    where the units convert exactly."""
    out: list[dict[str, Any]] = []
    parts: list[tuple[float, str]] = []  # of out[-1], when it is a plain length
    for r in found:
        prev = out[-1] if out else None
        part = _length_part(r)
        if (prev is not None and part is not None and parts and not text[prev["end"]:r["start"]].strip()
                and _UNIT_ORDER.index(part[1]) > _UNIT_ORDER.index(parts[-1][1])):
            parts.append(part)
            prev.update(text=text[prev["start"]:r["end"]], end=r["end"])
        else:
            out.append(r)
            parts = [part] if part is not None else []
            prev = r
        if parts and parts[-1][1] == "H" and (mm := _minutes_after().match(text, prev["end"])):
            minutes = parse_number(mm.group("n"))
            if minutes is not None:
                parts.append((minutes, "MIN"))
                prev.update(text=text[prev["start"]:mm.end()], end=mm.end())
        if len(parts) > 1:
            value = parts[0][0] + sum(v / _EXACT[(parts[0][1], c)] for v, c in parts[1:] if (parts[0][1], c) in _EXACT)
            prev.update(value=round(value, 6), timex=_duration_timex(parts), date_start=None, date_end=None)
    return out


def _length_part(r: dict[str, Any]) -> tuple[float, str] | None:
    """(value, unit code) of a plain length of time (not a range, not anchored), from its timex."""
    if r["kind"] != "duration" or r["value_max"] is not None or r["date_start"] is not None:
        return None
    m = re.fullmatch(r"P(?:(\d+(?:\.\d+)?)([YMWD]))?(?:T(\d+(?:\.\d+)?)([HMS]))?", r["timex"] or "")
    if m is None or bool(m.group(1)) == bool(m.group(3)):
        return None
    if m.group(1):
        return float(m.group(1)), m.group(2)
    return float(m.group(3)), {"H": "H", "M": "MIN", "S": "S"}[m.group(4)]


# ---------------------------------------------------------------- amounts
def _amounts(num: str, num2: str | None) -> tuple[float, float | None] | None:
    """(low, high) of an amount or a range of amounts. A bare low end takes the high
    end's scale (1-2亿元 → 1亿..2亿; 两到三仟 → 2000..3000). An approximate amount
    (240余万, 数十亿) is not a range: CONTRACT.md keeps value_max for written ranges,
    so it is (its stated value, None); numbers.approx_range gives its span if needed."""
    if not num2:
        value = parse_number(num)
        return None if value is None else (value, None)
    lo, hi = parse_number(num), parse_number(num2)
    if lo is None or hi is None:
        return None
    large, small = magnitude(num2)
    if magnitude(num)[0] == 1.0:  # no 万/亿 of its own
        for scale in ((large * small, large) if small > 1 else (large,)):
            if scale > 1 and lo * scale <= hi:
                lo *= scale
                break
    if lo > hi:
        return None
    return lo, hi


def _code(entry: Any) -> str:
    return str(entry.get("code")) if isinstance(entry, dict) else str(entry)


def _amount_groups(g: dict[str, str | None]) -> tuple[float, float | None] | None:
    """(low, high) of the amount of a match: num (and num2), or a colloquial pair (八九亿)."""
    if g.get("pair"):
        return pair_range(g.get("pre"), str(g["pair"]), g.get("post"))
    return _amounts(str(g["num"]), g.get("num2"))


def _money_with_cents(g: dict[str, str | None], ctx: Context) -> dict[str, Any] | None:
    """Whole units and hundredths of one currency (两美元又三美分 = 2.03 USD), or hundredths alone (三美分)."""
    cent = ctx.words["currency_cent"][g.get("cent") or g["cent2"]]
    if g.get("cent2"):
        value = parse_number(str(g["num"]))
        return None if value is None else {"value": round(value * float(cent["part"]), 6), "unit": str(cent["code"])}
    whole, sub = parse_number(str(g["num"])), parse_number(str(g["sub"]))
    if whole is None or sub is None or _code(ctx.words["currency"][g["cur"]]) != cent["code"]:
        return None
    return {"value": round(whole + sub * float(cent["part"]), 6), "unit": str(cent["code"])}


@resolver("money")
def resolve_money(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    g = m.groupdict()
    if g.get("cent") or g.get("cent2"):
        return _money_with_cents(g, ctx)
    vals = _amount_groups(g)
    if vals is None:
        return None
    lo, hi = vals
    if g.get("yuan"):  # 五元三毛, 一百三十五块六角七分
        unit = _code(ctx.words["yuan_word"][g["yuan"]])
        for key, table in (("jiao", "jiao_word"), ("fen", "fen_word"), ("fen2", "fen_word")):
            if g.get(key):
                digit = parse_number(g[key])
                if digit is None:
                    return None
                lo += digit * float(next(iter(ctx.words[table].values())))
        return {"value": round(lo, 2), "value_max": hi, "unit": unit}
    if g.get("cur"):
        unit = _code(ctx.words["currency"][g["cur"]])
    elif g.get("pry"):
        unit = _code(ctx.words["currency_prefix_yuan"][g["pry"]])
    elif rule.params.get("currency"):  # the rule knows it: 罚款2385.6万
        unit = str(rule.params["currency"])
    else:
        unit = _code(ctx.words["currency_prefix"][g["pre"]])
    if g.get("per"):
        unit = f"{unit}/{g['per']}"
    return {"value": vals[0], "value_max": vals[1], "unit": unit}


@resolver("percent")
def resolve_percent(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    g = m.groupdict()
    vals = _amount_groups(g)
    if vals is None:
        return None
    lo, hi = vals
    if rule.params.get("per_mille") or (g.get("sign") in ctx.words.get("per_mille_sign", {})):
        lo, hi = lo / 10, (None if hi is None else hi / 10)
    return {"value": lo, "value_max": hi, "unit": "%"}


@resolver("percent_tenths")
def resolve_percent_tenths(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    """三成 = 30%, 三成半 = 35%, 2.5成 = 25%."""
    g = m.groupdict()
    halves = ctx.words["half_word"]
    v = float(halves[g["num"]]) if g["num"] in halves else parse_number(g["num"])
    if v is None or v > 10:
        return None
    if g.get("tail"):  # 七成六: 7.6 tenths
        if not v.is_integer():
            return None
        v += (parse_number(g["tail"]) or 0.0) / 10
    half = float(halves[g["half"]]) if g.get("half") else 0.0
    return {"value": round((v + half) * 10, 6), "unit": "%"}


@resolver("percent_word")
def resolve_percent_word(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    """A percentage said by a word of its own (半折, 打对折)."""
    return {"value": float(ctx.words["discount_word"][m.group("w")]), "unit": "%"}


@resolver("percent_discount")
def resolve_percent_discount(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    """A discount as the share paid: 九折 = 90%, 七五折 = 75%, 9.9折 = 99%."""
    v = parse_number(m.group("num"))
    if v is None or v <= 0 or v >= 100:
        return None
    return {"value": round(v * 10 if v < 10 else v, 6), "unit": "%"}


@resolver("quantity")
def resolve_quantity(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    g = m.groupdict()
    halves = ctx.words["half_word"]
    vals = (float(halves[g["num"]]), None) if g.get("num") in halves else _amount_groups(g)
    if vals is None:
        return None
    lo, hi = vals
    if g.get("below"):
        lo = lo * float(ctx.words["below_zero"][g["below"]])
    unit = _WS.sub("", g["unit"])
    entry = ctx.words["qty_unit"].get(unit)
    if isinstance(entry, dict) and g.get("num") in entry.get("not_after", ()):
        return None  # 两两结对: no 两 of 两
    if g.get("half") and hi is None:
        if not lo.is_integer():
            return None
        lo += 0.5  # 一吨半, 两米半
    return {"value": lo, "value_max": hi, "unit": unit}


@resolver("number")
def resolve_number(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    v = parse_number(m.group("num"))
    if v is None:
        return None
    return {"value": v}


@resolver("number_counted")
def resolve_number_counted(m: re.Match[str], rule: engine.Rule, ctx: Context) -> dict[str, Any] | None:
    """一打 = 12, 三双 = 6, 一百对 = 200, 半百 = 50: the count times the set's size."""
    g = m.groupdict()
    if g.get("half"):
        return {"value": 0.5 * float(ctx.words["half_of"][g["hu"]])}
    v = parse_number(g["num"])
    entry = ctx.words["counted_unit"][g["cu"]]
    if v is None:
        return None
    return {"value": v * float(entry["n"] if isinstance(entry, dict) else entry)}


# ---------------------------------------------------------------- entry points
_EMPTY = {"value": None, "value_max": None, "unit": None, "date_start": None, "date_end": None, "timex": None}


def find_values(text: str, reference_date: dt.date | str | None = None,
                kinds: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every money, percent, quantity, date and date_range in `text` (and the optional
    kinds where `kinds` asks for them), in text order. `reference_date` is a date,
    a datetime or an ISO string ("2021-06-14").

    `number`: every numeral that is inside no mention of a kind asked for, of money or of
    a percentage, and inside no trap (a phone or document number, an ordinal, a slogan):
    with kinds=["number"] the 十 of 十斤 is a number, with kinds=["number", "quantity"] it
    is the quantity's; the 一 of 一美元 never is."""
    want = frozenset(DEFAULT_KINDS if kinds is None else kinds)
    unknown = want - set(ALL_KINDS)
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)}; known: {ALL_KINDS}")
    if isinstance(reference_date, str):
        reference_date = dt.date.fromisoformat(reference_date[:10])
    elif isinstance(reference_date, dt.datetime):
        reference_date = reference_date.date()
    rs = ruleset()
    ctx = Context(reference_date, rs.words)
    out: list[dict[str, Any]] = []
    read = set(want)  # kinds read; the asked ones are kept
    if "number" in want:
        read |= NUMBER_MASKS
    if read - {"number"}:
        found = list(_matcher(frozenset(read) & OPTIONAL_KINDS).scan(text))
        if reference_date is None:
            ctx.year = _first_year(found)
        for rule, m in found:
            if rule.is_trap:
                continue
            kind = rule.kind
            if kind not in read and kind not in ("date", "date_range"):
                continue  # dates are read anyway: they set the year later dates take
            res = rule.resolve(m, rule, ctx)  # type: ignore[misc]
            if res is None or kind not in read:
                continue
            start, end = m.span("span") if "span" in m.re.groupindex else m.span()
            if kind == "date" and out and out[-1]["end"] == start and out[-1]["kind"] == kind \
                    and text.startswith(out[-1]["text"], start):
                out.pop()  # a word said twice: 六月六月中旬 is one date
            out.append({"kind": kind, "text": text[start:end], "start": start, "end": end, **_EMPTY, **res,
                        "source": rule.id})
    if "time" in want:
        out = _timed(text, out)
    elif read & {"date", "date_range", "holiday"}:
        out = _clock_after(text, out)
    if "duration" in want:
        out = _compound(text, out)
    if "date_range" in want and len(out) > 1:
        out = _joined(text, out)
    if "number" in want:
        out = [r for r in _with_numbers(text, out, ctx) if r["kind"] in want]
    return out


@functools.cache
def _connector() -> re.Pattern[str]:
    """What may stand between the two ends of a range: {to} of rules/fragments.yaml."""
    return re.compile(engine.expand("{to}", ruleset().frags, "values._connector"))


_JOINABLE = ("date", "period", "holiday", "time")
_DAYS = ("date", "holiday")  # mentions of one day, which a clock time after them is part of


@functools.cache
def _time_gap() -> re.Pattern[str]:
    """What may stand between a date and its clock time (rules/dates.yaml fragment time_gap)."""
    return re.compile(engine.expand("{time_gap}", ruleset().frags, "values._time_gap"))


@functools.cache
def _clock_run() -> re.Pattern[str]:
    """A clock time (or two, with a range word) right after a day: the time rule's pattern after
    {time_gap}, for texts where times are not asked for (values._clock_after)."""
    clock = next(r for r in ruleset().rules if r.id == "time.clock").source
    plain = re.sub(r"\(\?P<\w+>", "(?:", clock)  # twice in one pattern: no group names
    frags = ruleset().frags
    gap, to = (engine.expand(f"{{{name}}}", frags, "values._clock_run") for name in ("time_gap", "to"))
    return re.compile(f"(?:{gap})(?:{plain})(?:(?:{to})(?:{plain}))?")


def _clock_after(text: str, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A clock time right after a day is part of that day's mention (下月15号下午6点, 七夕节半夜11点,
    下个月9号早上8点到中午12点), where it runs into no other mention."""
    run = _clock_run()
    for i, r in enumerate(found):
        if r["kind"] in _DAYS and (m := run.match(text, r["end"])):
            nxt = found[i + 1]["start"] if i + 1 < len(found) else len(text)
            if m.end() > r["end"] and m.end() <= nxt:
                r.update(text=text[r["start"]:m.end()], end=m.end())
    return found


def _timed(text: str, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """With times asked for: a clock time right after a day (下月15号下午6点, 七夕节半夜11点) is part
    of that day's mention, and so is a second time after a range word (下个月9号早上8点到中午12点);
    two times with a range word between them are one time (中午12:00—14:00)."""
    out: list[dict[str, Any]] = []
    to = _connector()
    timed = -1  # index in out of the day mention that took a time last
    for r in found:
        prev = out[-1] if out else None
        if r["kind"] == "time" and prev is not None:
            gap = text[prev["end"]:r["start"]]
            after_day = prev["kind"] in _DAYS and _time_gap().fullmatch(gap)
            if after_day or (timed == len(out) - 1 and to.fullmatch(gap)):
                prev.update(text=text[prev["start"]:r["end"]], end=r["end"])
                timed = len(out) - 1
                continue
            if prev["kind"] == "time" and to.fullmatch(gap):
                prev.update(text=text[prev["start"]:r["end"]], end=r["end"], timex=f"{prev['timex']}/{r['timex']}")
                continue
        out.append(r)
    return out


@functools.cache
def _between() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words of "between A and B": {between_and} and {between_end} of rules/fragments.yaml."""
    frags = ruleset().frags
    return (re.compile(engine.expand("{between_and}", frags, "values._between")),
            re.compile(engine.expand("{between_end}", frags, "values._between")))


def _joined(text: str, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two date mentions with only a range word between them (从上个月到今天, 1月3至2月10), or
    said as between them (2007年与2009年之间), are one date_range, from the first one's start
    to the second one's end, where both have their dates and they are in order, or neither has."""
    out: list[dict[str, Any]] = []
    i = 0
    to = _connector()
    between_and, between_end = _between()
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        joinable = b is not None and a["kind"] in _JOINABLE and b["kind"] in _JOINABLE
        end = None
        if joinable:
            assert b is not None
            if to.fullmatch(text, a["end"], b["start"]):
                end = b["end"]
            elif between_and.fullmatch(text, a["end"], b["start"]) and (bm := between_end.match(text, b["end"])):
                end = bm.end()
        if end is not None:
            assert b is not None
            known = a["date_start"] is not None and b["date_end"] is not None
            if known and a["date_start"] <= b["date_end"] or (a["date_start"] is None and b["date_end"] is None):
                first, last = _point_timex(a, 0), _point_timex(b, -1)
                out.append({**a, "kind": "date_range", "text": text[a["start"]:end], "end": end,
                            "date_end": b["date_end"], "timex": f"{first}/{last}", "source": "date_range.joined"})
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _point_timex(r: dict[str, Any], end: int) -> str:
    """The timex of a range's end: a mention's own (its first or last part), a clock time's with its day."""
    timex = str(r["timex"]).split("/")[end] if r["timex"] else "XXXX"
    if r["kind"] == "time" and r["date_start"] is not None:
        return f"{r['date_start'].isoformat()}{timex}"
    return timex


def _with_numbers(text: str, found: list[dict[str, Any]], ctx: Context) -> list[dict[str, Any]]:
    """`found` and the numbers outside its mentions, in text order."""
    spans = [(r["start"], r["end"]) for r in found]
    nums = []
    k = 0
    for rule, m in _number_matcher().scan(text):
        if rule.is_trap:
            continue
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k < len(spans) and spans[k][0] < m.end():
            continue  # inside (or across) a mention of a kind asked for
        res = rule.resolve(m, rule, ctx)  # type: ignore[misc]
        if res is None:
            continue
        nums.append({"kind": "number", "text": m.group(0), "start": m.start(), "end": m.end(), **_EMPTY, **res,
                     "source": rule.id})
    if not found:
        return nums
    return sorted(found + nums, key=lambda r: r["start"])


def _first_year(found: list[tuple[engine.Rule, re.Match[str]]]) -> int | None:
    """With no reference date, dates before the first written year take that year
    (a news item dated 8月22日 that speaks of 2024年8月20日), unless the text blanks
    its years out (20_年): then they stay unknown."""
    first = None
    for rule, m in found:
        if rule.kind not in ("date", "date_range"):
            continue
        g = m.groupdict()
        if g.get("yx") or g.get("yx1") or g.get("yx2"):
            return None
        y = g.get("y") or g.get("y1")
        if first is None and y:
            first = _int(y)
    return first


def examples(text: str, reference_date: dt.date | None = None) -> list[dict[str, Any]]:
    """How rule-file examples of `extractor: values` are run: the default kinds as the pipeline
    reads them, and the optional kinds (but numbers) as find_values reads them when asked,
    where they overlap none of the default results."""
    base = find_values(text, reference_date)
    asked = [*DEFAULT_KINDS, *sorted(OPTIONAL_KINDS - {"number"})]
    extra = [r for r in find_values(text, reference_date, kinds=asked)
             if r["kind"] in OPTIONAL_KINDS and not any(b["start"] < r["end"] and r["start"] < b["end"] for b in base)]
    return sorted(base + extra, key=lambda r: r["start"])


def number_examples(text: str, reference_date: dt.date | None = None) -> list[dict[str, Any]]:
    """How rule-file examples of `extractor: numbers` are run."""
    return find_values(text, reference_date, kinds=["number"])
