"""Numerals → numbers: Arabic (4797.54, 1,200), Chinese (三千五百, 两万, 壹佰贰拾),
mixed (1.5万, 3千), with 万/亿 scaling. The one numeral resolver every extractor uses.

The character tables are data in rules/numerals.yaml.
"""
from __future__ import annotations

import functools
import re

from .. import rules


@functools.cache
def _tables() -> tuple[dict[str, int], dict[str, int], dict[str, int], str]:
    data = rules.load("numerals")
    digits = {ch: int(v) for v, chars in data["digits"].items() for ch in chars}
    small = {ch: int(v) for v, chars in data["small_units"].items() for ch in chars}
    large = {ch: int(v) for v, chars in data["large_units"].items() for ch in chars}
    return digits, small, large, data["decimal_point"]


_ARABIC = re.compile(r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?|[+-]?\.\d+")


def parse_cn_integer(text: str) -> int | None:
    """三千五百 → 3500, 十二 → 12, 两万零五 → 20005, 一二三 → 123 (digit by digit)."""
    digits, small, large, _ = _tables()
    if not text:
        return None
    if all(ch in digits for ch in text):  # 二〇二一 → 2021
        return int("".join(str(digits[ch]) for ch in text))
    total = section = number = 0
    for ch in text:
        if ch in digits:
            number = digits[ch]
        elif ch in small:
            section += (number or 1) * small[ch]
            number = 0
        elif ch in large:
            unit = large[ch]
            section += number
            if unit > total and total:  # 五万亿: 万 then 亿 multiplies everything so far
                total = (total + section) * unit
            else:
                total += section * unit
            section = number = 0
        else:
            return None
    return total + section + number


def parse_number(text: str) -> float | None:
    """The value of a numeral as written: '4797.54万' → 47975400, '百分之九十' is not a numeral."""
    digits, small, large, point = _tables()
    text = text.replace(",", "").strip()
    if not text:
        return None
    m = _ARABIC.match(text)
    if m:
        value = float(m.group(0))
        rest = text[m.end():]
        for ch in rest:  # 1.5万, 3千, 2万亿
            unit = large.get(ch) or small.get(ch)
            if unit is None:
                return None
            value *= unit
        return value
    if point in text:
        whole, _, frac = text.partition(point)
        # 五点五万: the unit after the fraction scales the whole number
        scale = 1
        while frac and (frac[-1] in large or frac[-1] in small):
            scale *= large.get(frac[-1]) or small[frac[-1]]
            frac = frac[:-1]
        w = parse_cn_integer(whole)
        if w is None or not frac or any(ch not in digits for ch in frac):
            return None
        return float(f"{w}.{''.join(str(digits[ch]) for ch in frac)}") * scale
    n = parse_cn_integer(text)
    return None if n is None else float(n)
