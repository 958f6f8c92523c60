"""Complaint tables whose cells lost their separators (copied from a web table as plain text).

Inspectors' complaint tables share one layout nationwide (serial number, the complaint's code,
what was reported, the place, the type of pollution, what the check found, whether it was
true, what was done …). A page copied as text may keep a row's cells glued together, or apart
only by spaces and line breaks. Such a table is read from its header: the column names, read with white space taken
out; then each row, which starts at a serial number and the complaint's code. A row's cells are
found by the cells whose values are few and known (the channel a complaint came by, the
place, the type of pollution, whether it was true, whether it is settled): the free text
between them is the cell before. Every word lives in rules/sections.yaml (table.glued).

`read(text, kind_of)` → the rows (their ids and their cells of a section kind) and the spans the
tables cover; `kind_of(name)` is the section kind of a column name ("id" for an id column).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import rules

RULE_FILE = "sections"


@dataclass(frozen=True)
class _Column:
    name: str
    value: str | None  # the pattern of its values, for a column of known values; None: free text


@dataclass(frozen=True)
class _Vocab:
    gate: tuple[str, ...]  # a text holds one of these words where it may hold such a table
    separators: tuple[str, ...]  # a header with one of these is a table with separators, read elsewhere
    header: re.Pattern[str]  # a run of column names (white space taken out)
    name: re.Pattern[str]  # one column name
    values: tuple[tuple[re.Pattern[str], str], ...]  # (column name pattern, its values)
    row_start: re.Pattern[str]  # a serial number and a code at a line start
    free_end_re: re.Pattern[str]  # what ends a free-text cell before a cell of known values
    min_columns: int


@functools.cache
def _vocab() -> _Vocab:
    data = rules.load(RULE_FILE)
    table = next(r for r in data["rules"] if r["id"] == "table")
    glued = table["glued"]
    where = "sections.yaml::table.glued"
    names = sorted((str(n) for n in glued["columns"]), key=len, reverse=True)
    tail = glued["name_tail"]
    name = "(?:" + "|".join(re.escape(n) for n in names) + f")(?:{tail})?"
    values = tuple((rules.compile_pattern(f"^(?:{col})", where), f"(?:{val})")
                   for col, val in glued["values"].items())
    return _Vocab(
        gate=tuple(glued["gate"]),
        separators=tuple(table["separators"]),
        header=rules.compile_pattern(f"(?:{glued['first']})(?:{name}){{{int(glued['min_columns']) - 1},}}", where),
        name=rules.compile_pattern(name, where),
        values=values,
        row_start=rules.compile_pattern(glued["row_start"], where),
        free_end_re=rules.compile_pattern(glued["free_end"], where),
        min_columns=int(glued["min_columns"]),
    )


def _squashed(text: str) -> tuple[str, list[int]]:
    """The text without white space, and the offset in text of each of its characters."""
    where = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in where), where


def _columns(header: str, v: _Vocab) -> list[_Column]:
    cols = []
    for m in v.name.finditer(header):
        value = next((val for pat, val in v.values if pat.match(m.group())), None)
        cols.append(_Column(m.group(), value))
    return cols


@functools.lru_cache(maxsize=256)
def _known_run(values: tuple[str, ...]) -> re.Pattern[str]:
    """A run of cells of known values, each after white space (one group per cell)."""
    return re.compile("".join(rf"\s*({val})" for val in values), re.S)


def _match_known(row: str, pos: int, values: tuple[str, ...]) -> re.Match[str] | None:
    """The longest first part of a run of known values that matches at pos."""
    for k in range(len(values), 0, -1):
        m = _known_run(values[:k]).match(row, pos)
        if m:
            return m
    return None


def _split(row: str, cols: list[_Column], v: _Vocab) -> list[tuple[int, int, int]]:
    """(column, start, end) of the cells of a row, read left to right: a run of cells of known
    values where their values match; a run of free-text cells up to the earliest sentence end
    after which the next known values match, each free cell ending a sentence. Where nothing
    more fits (an excerpt cut off inside a row), the free cell being read runs to the row's end."""
    cells: list[tuple[int, int, int]] = []
    pos, i, n = 0, 0, len(cols)

    def known_from(k: int) -> tuple[str, ...]:
        run = []
        while k < n and cols[k].value is not None:
            run.append(cols[k].value)
            k += 1
        return tuple(run)

    while i < n:
        if cols[i].value is not None:
            run = known_from(i)
            m = _match_known(row, pos, run)
            if m is None:
                break
            cells.extend((i + g, m.start(g + 1), m.end(g + 1)) for g in range(m.re.groups))
            pos, i = m.end(), i + m.re.groups
            if m.re.groups < len(run):
                break
            continue
        j = i
        while j < n and cols[j].value is None:
            j += 1
        ends = [m.end() for m in v.free_end_re.finditer(row, pos)]
        stop = None  # where the run of free cells ends: before the next known values
        if j < n:
            nxt = known_from(j)
            stop = next((e for e in ends if _known_run(nxt).match(row, e)), None)
            if stop is None:
                stop = next((e for e in ends if _known_run(nxt[:1]).match(row, e)), None)
        bounds = [e for e in ends if stop is None or e < stop][: j - i - 1] + [stop if stop is not None else len(row)]
        for k, e in enumerate(bounds):
            a = pos + len(row[pos:e]) - len(row[pos:e].lstrip())
            if e > a:
                cells.append((i + k, a, e))
            pos = e
        if stop is None:
            break
        i = j
    return cells


@dataclass(frozen=True)
class Row:
    ids: tuple[str, ...]  # its serial number and its code, as written
    cells: tuple[tuple[int, str, str | None], ...]  # (start, column name, section kind or None) of each cell


def read(text: str, kind_of: Callable[[str], str | None]) -> tuple[list[Row], list[tuple[int, int]]]:
    """The rows of the glued tables in text, and the spans the tables cover (header to the
    end of the last row). `kind_of(column name)`: a section kind, "id", or None."""
    v = _vocab()
    if not any(w in text for w in v.gate):
        return [], []
    squashed, where = _squashed(text)
    out: list[Row] = []
    spans: list[tuple[int, int]] = []
    for hm in v.header.finditer(squashed):
        start, body = where[hm.start()], where[hm.end() - 1] + 1
        cols = _columns(hm.group(), v)
        if any(sep in text[start:body] for sep in v.separators) or not any(kind_of(c.name) for c in cols):
            continue
        rows = list(v.row_start.finditer(text, body))
        for i, rm in enumerate(rows):
            stop = rows[i + 1].start() if i + 1 < len(rows) else len(text)
            row = text[rm.start():stop]
            ids, cells = [], []
            for j, a, b in _split(row, cols, v):
                kind = kind_of(cols[j].name)
                if kind == "id":
                    ids.append(row[a:b].strip())
                cells.append((rm.start() + a, cols[j].name, kind if kind and kind != "id" else None))
            if len(cells) > 1:
                out.append(Row(tuple(ids), tuple(cells)))
        if rows:
            spans.append((start, len(text)))
    return out, spans
