"""Numerals → numbers: Arabic (4797.54, 1,200, .5), Chinese (三千五百, 两万, 壹佰贰拾),
mixed (1.5万, 3千, 3万5千), abbreviated (九万四 = 94000, 三千五 = 3500), signed
(负四十五亿零四百零四万, -3), fractions (三分之一, 负3分之负157, 3/5, 1 3/5), mixed numbers
(三百五又三分之一), powers (2e5, 2^-1). The one numeral resolver every extractor uses.

The character tables are data in rules/numerals.yaml; this module holds no Chinese.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import rules


@dataclass(frozen=True)
class _Tables:
    digits: dict[str, int]
    small: dict[str, int]
    large: dict[str, int]
    point: str
    minus: str  # characters that make a number negative (负, -)
    plus: str
    fraction: str  # 分之: "denominator 分之 numerator"
    slash: str  # 3/5: "numerator / denominator"
    mixed: str  # 又: "whole 又 fraction"
    exponent: str  # e, E: 2e5 = 2·10^5
    power: str  # ^: 2^5 = 32
    approx: str  # 余, 多, 来: "more than", dropped from the value
    zero: str  # characters that break an abbreviation (两万零五 is not 两万五千)
    letters: dict[str, int]  # k, K, M after Arabic digits (Recognizers' 15K)
    tens: dict[str, int]  # 廿 = 20, 卅 = 30
    filler: str  # dropped inside a numeral: 个 of 两个亿


@functools.cache
def _tables() -> _Tables:
    data = rules.load("numerals")
    digits = {ch: int(v) for v, chars in data["digits"].items() for ch in chars}
    small = {ch: int(v) for v, chars in data["small_units"].items() for ch in chars}
    large = {ch: int(v) for v, chars in data["large_units"].items() for ch in chars}
    letters = {ch: int(v) for v, chars in (data.get("letter_units") or {}).items() for ch in chars}
    zero = "".join(ch for ch, v in digits.items() if v == 0)
    tens = {ch: int(v) for v, chars in (data.get("tens") or {}).items() for ch in chars}
    return _Tables(digits, small, large, data["decimal_point"], data.get("minus", "-"), data.get("plus", "+"),
                   data.get("fraction", ""), data.get("slash", ""), data.get("mixed", ""), data.get("exponent", ""),
                   data.get("power", ""), data.get("approx", ""), zero, letters, tens, data.get("filler", ""))


_ARABIC = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_LEADING_ZERO = re.compile(r"0+(?=\d)")
_SPACES = re.compile(r"[\s,]+")


def _tokens(text: str, t: _Tables) -> list[tuple[str, float]] | None:
    """('n', value) for a number, ('s', unit) small unit, ('l', unit) large unit, ('z', 0) a zero digit."""
    out: list[tuple[str, float]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        m = _ARABIC.match(text, i)
        if m:
            if out and out[-1][0] in "sl" and _LEADING_ZERO.match(m.group(0)) and "." not in m.group(0):
                out.append(("z", 0.0))  # 1百01: the zero of 一百零一
            out.append(("n", float(m.group(0))))
            i = m.end()
            continue
        if ch in t.digits:
            v = t.digits[ch]
            out.append(("z" if ch in t.zero else "n", float(v)))
        elif ch in t.small:
            out.append(("s", float(t.small[ch])))
        elif ch in t.large:
            out.append(("l", float(t.large[ch])))
        elif ch in t.tens:
            out.append(("n", float(t.tens[ch] // 10)))
            out.append(("s", 10.0))
        elif ch in t.letters and out and out[-1][0] == "n":
            out.append(("l", float(t.letters[ch])))
        else:
            return None
        i += 1
    return out


def _integer(tokens: list[tuple[str, float]]) -> float | None:
    """The value of number/unit tokens: 三千五百, 两万零五, 九万四, 3万5千, 1.5万."""
    if not tokens:
        return None
    if all(k in "nz" for k, _ in tokens) and len(tokens) > 1:
        # digit by digit: 二〇二一 → 2021 (only single digits)
        if all(v.is_integer() and 0 <= v <= 9 for _, v in tokens):
            return float("".join(str(int(v)) for _, v in tokens))
        return None
    total = section = 0.0
    number: float | None = None
    last_unit = 0.0  # the unit just before a trailing digit (abbreviation: 九万四, 三千五)
    largest = 0.0
    zero_seen = False
    small_seen = 0.0  # the last small unit (十, 百, 千) of the current section
    fraction_scaled = False  # 10.1万: a decimal with its unit says all; nothing smaller may follow
    if tokens[0][0] == "s" and tokens[0][1] >= 100 and len(tokens) > 1 and tokens[1][0] == "s":
        return None  # 百十一: a numeral led by 百 or 千 goes on with a digit (百三) or 万/亿, not 十
    for kind, v in tokens:
        if fraction_scaled and kind != "l":
            return None
        if kind in "nz":
            if number is not None and kind == "n":
                return None  # two numbers in a row: 三四 inside a larger numeral is not read
            if kind == "z":
                zero_seen = True
                number = None
                continue
            number = v
        elif kind == "s":
            if small_seen and v >= small_seen:
                return None  # 十一十二, 十七十八: not one numeral
            if number is not None and not number.is_integer():
                fraction_scaled = True
            section += (1.0 if number is None else number) * v
            number = None
            last_unit, zero_seen = v, False
            small_seen = v
        else:  # large unit
            if number is not None and not number.is_integer():
                fraction_scaled = True
            section += number or 0.0
            if section == 0 and total == 0:
                section = 1.0  # 万 alone, 亿 alone
            if section == 0 and number is None:
                total *= v  # 四万万, 10万万: a large unit right after another multiplies
                largest = max(largest, v)
                last_unit, zero_seen = v, False
                small_seen = 0.0
                continue
            if v > largest and total:
                total = (total + section) * v
            else:
                total += section * v
            largest = max(largest, v)
            section, number = 0.0, None
            last_unit, zero_seen = v, False
            small_seen = 0.0
    if number is not None:
        if last_unit >= 100 and not zero_seen and number.is_integer() and number < 10:
            number *= last_unit / 10  # 九万四 → 9万 + 4千, 三千五 → 3千 + 5百
        section += number
    return total + section


@functools.lru_cache(maxsize=8192)
def parse_cn_integer(text: str) -> int | None:
    """三千五百 → 3500, 十二 → 12, 两万零五 → 20005, 一二三 → 123 (digit by digit)."""
    t = _tables()
    if not text or any(ch not in t.digits and ch not in t.small and ch not in t.large and ch not in t.tens
                       for ch in text):
        return None
    v = _integer(_tokens(text, t) or [])
    return None if v is None else int(v)


def _ratio(num: float | None, den: float | None) -> float | None:
    return None if num is None or den is None or den == 0 else num / den


def _unsigned(text: str, t: _Tables) -> float | None:
    if t.mixed and t.mixed in text:  # 三百五又三分之一: a whole and a fraction
        whole, _, part = text.partition(t.mixed)
        w, f = _unsigned(whole, t), _unsigned(part, t)
        return None if w is None or f is None or (t.fraction not in part and t.slash not in part) else w + f
    if t.fraction and t.fraction in text:  # 三分之一: denominator first, each with its sign
        den, _, num = text.partition(t.fraction)
        return _ratio(_signed(num, t), _signed(den, t))
    if t.slash and t.slash in text:  # 3/5
        num, _, den = text.partition(t.slash)
        return _ratio(_unsigned(num, t), _unsigned(den, t))
    for mark in (t.exponent, t.power):
        at = next((i for i, ch in enumerate(text) if ch in mark), -1) if mark else -1
        if at > 0:
            base, exp = _unsigned(text[:at], t), _signed(text[at + 1:], t)
            if base is None or exp is None:
                return None
            if mark == t.exponent and exp.is_integer():
                return float(f"{base!r}e{int(exp)}")  # exact as written: 2.789e-1, not 0.27890000000000004
            return base * 10.0 ** exp if mark == t.exponent else base ** exp
    if t.point in text:  # 五点五万, 一千二百点五
        whole, _, frac = text.partition(t.point)
        scale = 1.0
        while frac and (frac[-1] in t.large or frac[-1] in t.small):
            scale *= t.large.get(frac[-1]) or t.small[frac[-1]]
            frac = frac[:-1]
        w = _unsigned(whole, t) if whole else 0.0
        if w is None or not frac or any(ch not in t.digits and not ch.isdigit() for ch in frac):
            return None  # 五点五, 一百点123 (Arabic digits after 点)
        return float(f"{int(w)}.{''.join(ch if ch.isdigit() else str(t.digits[ch]) for ch in frac)}") * scale
    tokens = _tokens(text, t)
    if tokens is None:
        return None
    return _integer(tokens)


def _signed(text: str, t: _Tables) -> float | None:
    sign = 1.0
    while text and (text[0] in t.minus or text[0] in t.plus):
        if text[0] in t.minus:
            sign = -sign
        text = text[1:]
    v = _unsigned(text, t) if text else None
    return None if v is None else sign * v


@functools.lru_cache(maxsize=8192)  # numbers repeat: years, months, days
def parse_number(text: str) -> float | None:
    """The value of a numeral as written: '4797.54万' → 47975400, '九万四' → 94000,
    '负四十五亿零四百零四万' → -4504040000, '三分之一' → 0.333…, '240余万' → 2400000,
    '1 3/5' → 1.6, '2e5' → 200000. '百分之九十' is not a numeral (percent rules read it)."""
    t = _tables()
    text = text.strip()
    if t.slash and t.slash in text and " " in text:  # 1 3/5: a whole, a space, a fraction
        whole, _, part = text.rpartition(" ")
        w, f = parse_number(whole), parse_number(part)
        if w is None or f is None:
            return None
        return w - f if w < 0 else w + f
    text = _SPACES.sub("", text)
    if t.approx or t.filler:
        text = "".join(ch for ch in text if ch not in t.approx and ch not in t.filler)
    return _signed(text, t) if text else None


def _strip(text: str, t: _Tables) -> str:
    return "".join(ch for ch in _SPACES.sub("", text) if ch not in t.approx and ch not in t.filler)


def magnitude(text: str) -> tuple[float, float]:
    """The scales a numeral's last characters put on it, (large, small): '2亿' → (1e8, 1),
    '8000万' → (1e4, 1), '3千' → (1, 1e3) after Arabic digits, '三仟' → (1, 1e3) after a
    single digit, '三千五' → (1, 1): 千 is inside the numeral there."""
    t = _tables()
    text = _strip(text, t)
    large = small = 1.0
    i = len(text)
    while i > 0 and text[i - 1] in t.large:
        large *= t.large[text[i - 1]]
        i -= 1
    if i > 1 and (text[i - 1] in t.small or text[i - 1] in t.letters) \
            and (text[i - 2].isdigit() or (i == 2 and text[0] in t.digits and t.small.get(text[1], 0) >= 100)):
        small = float(t.small.get(text[i - 1]) or t.letters[text[i - 1]])
    return large, small


def pair_range(pre: str | None, pair: str, post: str | None) -> tuple[float, float] | None:
    """A colloquial range of two neighbouring digits: ('十', '七八', '万') → (170000, 180000),
    (None, '三五', '百') → (300, 500), ('一百', '七八', '十') → (170, 180)."""
    lo = parse_number(f"{pre or ''}{pair[0]}{post or ''}")
    hi = parse_number(f"{pre or ''}{pair[1:]}{post or ''}")
    if lo is None or hi is None or lo >= hi:
        return None
    return lo, hi


def approx_range(text: str) -> tuple[float, float | None] | None:
    """(value, high end) of an amount: '240余万' → (2400000, 2500000), '十几' → (10, 20),
    '3000多' → (3000, 4000), '数十亿' → (1e9, 1e10); (value, None) when it is exact."""
    t = _tables()
    value = parse_number(text)
    if value is None:
        return None
    plain = _SPACES.sub("", text)
    k = next((i for i, ch in enumerate(plain) if ch in t.approx), -1)
    if k < 0:
        return value, None
    if k == 0:  # 几十万, 数十亿: some tens of …
        return value, value * 10
    left, right = plain[:k], plain[k + 1:]
    step = 1.0
    if left[-1].isdigit():  # 3000多 → 1000, 240余 → 10
        digits = left.split(".")[0]
        step = 10.0 ** (len(digits) - len(digits.rstrip("0"))) if "." not in left else 1.0
    elif left[-1] in t.small or left[-1] in t.large:  # 十几, 一千多, 1.2万余 (→ 0.1万)
        step = float(t.small.get(left[-1]) or t.large[left[-1]])
        head = left[:-1]
        if "." in head and head.replace(".", "").isdigit():
            step *= 10.0 ** -len(head.split(".")[1])
    scale = parse_number("1" + right) if right else 1.0
    if scale is None:
        return value, None
    return value, value + step * scale
