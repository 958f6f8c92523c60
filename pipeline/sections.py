"""Stage sections: cut a notice's text into contiguous sections, one kind each.

Kinds are those of shared/ANNOTATION.md (problem, target, measure, deadline,
completion, responsible, other). All language lives in rules/sections.yaml: list
number styles, heading terms per kind, labels, item identifiers, table column
names. This module holds no Chinese.

How a text is read (see the head of rules/sections.yaml for the rules in words):
1. candidate positions are found with a few compiled regexes over the whole text
   (line starts, inline labels, mid-line numbers) and table regions are read
   cell by cell;
2. the candidates are walked in order with a little state (the current kind, the
   list-number styles that opened sections) and become section boundaries;
3. items: each non-`other` section gets the item_no of the item it belongs to
   (a table row, a numbered problem row, an identifier line, or the notice's one
   identifier);
4. boundaries become contiguous sections covering the text; unheaded prose is `other`.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from . import glued_tables, rules
from .doc import Document, Section
from .extract.numbers import parse_cn_integer

NAME = "sections"
READS = {"text"}
WRITES = {"sections"}

KINDS = ("problem", "target", "measure", "deadline", "completion", "responsible")
OTHER = "other"
RULE_FILE = "sections"
_BLANK = r"[^\S\n]"  # white space within a line (incl. no-break spaces)


# ----------------------------------------------------------------------------- vocabulary

@dataclass(frozen=True)
class Term:
    kind: str
    rule: str  # rule id in sections.yaml (the `source` of a section it opens)
    pattern: str
    label_only: bool = False  # a term only as a whole label or title, never as the head of a longer one


@dataclass(frozen=True)
class Vocab:
    terms: tuple[Term, ...]
    term_alt: str  # every term, longest first, no groups
    term_scan: re.Pattern[str]  # overlapping finder: one zero-width match per position
    term_first: re.Pattern[str]  # a term at a given position
    numbering: tuple[tuple[str, str], ...]  # (style, regex)
    line_re: re.Pattern[str]
    label_re: re.Pattern[str]
    midline_re: re.Pattern[str]
    midline_part_re: re.Pattern[str]  # a top-level number after a sentence end, mid-line (a report's part)
    bare_re: re.Pattern[str]
    bare_block: re.Pattern[str] | None
    bare_rule: tuple[str, str]  # (kind, rule id)
    close_re: re.Pattern[str]
    title_end: re.Pattern[str]
    clause_sep: re.Pattern[str]
    heading_tail: re.Pattern[str]
    colon: re.Pattern[str]
    heading_close: re.Pattern[str]
    sentence_end: re.Pattern[str]
    label_start: re.Pattern[str]  # a term + colon at a given position (for the line after a row)
    sub_heading_start: re.Pattern[str]  # a list number + a term at a given position (ditto)
    status_start: re.Pattern[str]  # a line that opens by reporting a row's status (rules: item_row.status_openers)
    status_row_max: int  # longest sub-point row that a status line makes an item
    row_styles: frozenset[str]  # list styles whose rows are items also under the labels of the item before
    short_title: int
    first_numbers: frozenset[str]
    label_lead: int
    ids: tuple[tuple[str, re.Pattern[str]], ...]
    id_any: re.Pattern[str]
    id_at_start: re.Pattern[str]
    id_window: int
    problem_cue: re.Pattern[str]
    report_cue: re.Pattern[str]  # in a title-like line of the lead
    lead_cue: re.Pattern[str]  # anywhere in the lead, with the body speaking of itself
    not_report: re.Pattern[str]
    report_lead: int
    title_max: int
    first_person: re.Pattern[str]
    background: re.Pattern[str]
    intro_re: re.Pattern[str]
    intro_max: int
    intro_verb: re.Pattern[str]
    body_re: re.Pattern[str]
    enumerator: str
    number_at_start: re.Pattern[str]  # a cn / cn_paren list number at the start of a cell
    bracket_close: re.Pattern[str]  # what closes a bracketed heading
    table: dict[str, Any] = field(default_factory=dict)
    id_column: re.Pattern[str] | None = None
    header_not: re.Pattern[str] | None = None
    cell_gloss: re.Pattern[str] | None = None


def _cjk_len(pattern: str) -> int:
    """How long a term is, for ordering: its characters outside ASCII regex syntax."""
    return sum(1 for ch in pattern if ord(ch) > 0x2000)


def _check(pattern: str, where: str) -> str:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise rules.RuleError(f"sections.yaml::{where}: bad pattern {pattern!r}: {exc}") from exc
    if compiled.groups:
        raise rules.RuleError(f"sections.yaml::{where}: use (?:...) instead of groups in {pattern!r}")
    return pattern


@functools.cache
def vocab() -> Vocab:
    data = rules.load(RULE_FILE)
    terms: list[Term] = []
    bare: tuple[str, str] | None = None
    bare_pat = bare_after = bare_block = None
    cues: dict[str, Any] = {}
    table: dict[str, Any] = {}
    for rule in data.get("rules", []):
        rid, kind = rule["id"], rule.get("kind")
        if kind is not None and kind not in KINDS:
            raise rules.RuleError(f"sections.yaml::{rid}: unknown kind {kind!r}")
        for t in rule.get("terms", []) or []:
            terms.append(Term(kind, rid, _check(str(t), rid)))
        for t in rule.get("label_terms", []) or []:
            # matched only before a colon or at the end of a title; must be the whole title
            terms.append(Term(kind, rid, _check(f"{t}(?=[:]|$)", rid), True))
        if rule.get("bare_labels"):
            bare = (kind, rid)
            bare_pat = "|".join(_check(str(t), rid) for t in rule["bare_labels"])
            bare_after = rule.get("after", ",")
            bare_block = rule.get("unless_followed_by")
        if rule.get("problem_cues"):
            cues["problem"] = "|".join(_check(str(t), rid) for t in rule["problem_cues"])
            cues["status"] = "|".join(_check(str(t), rid) for t in rule.get("status_openers", []) or ["(?!)"])
            cues["status_row_max"] = int(rule.get("status_row_max", 80))
            cues["row_styles"] = frozenset(rule.get("row_styles", []))
        if rule.get("report_cues"):
            cues["report"] = "|".join(_check(str(t), rid) for t in rule["report_cues"])
            cues["lead"] = "|".join(_check(str(t), rid) for t in rule["lead_cues"])
            cues["not_report"] = _check(rule["not_report"], rid)
            cues["background"] = _check(rule["background"], rid)
            cues["title_max"] = int(rule.get("title_max", 60))
            cues["enumerator"] = _check(rule["enumerator"], rid)
            cues["first_person"] = _check(rule["first_person"], rid)
            cues["report_lead"] = int(rule.get("report_lead", 300))
        if rule.get("separators"):
            table = dict(rule)
    for t in data.get("other_terms", []) or []:
        terms.append(Term(OTHER, OTHER, _check(str(t), "other_terms")))
    if bare is None or "problem" not in cues or "report" not in cues or not table:
        raise rules.RuleError("sections.yaml: rules next_step, item_row, self_report and table are required")
    terms.sort(key=lambda t: -_cjk_len(t.pattern))
    term_alt = "|".join(f"(?:{t.pattern})" for t in terms)
    # every term starts with a literal character: a class of them lets the scan skip ahead
    firsts = {t.pattern[0] for t in terms}
    lead = "[" + "".join(sorted(re.escape(c) for c in firsts)) + "]" if all(ord(c) > 0x2000 for c in firsts) else ""
    first_class = f"(?={lead})" if lead else ""
    term_scan = re.compile((f"(?={lead})" if lead else "") + "(?="
                           + "|".join(f"(?P<t{i}>{t.pattern})" for i, t in enumerate(terms)) + ")")
    numbering = tuple((style, _check(p, f"numbering.{style}")) for style, p in data["numbering"].items())
    num_alt = "|".join(f"(?P<n_{style}>{p})" for style, p in numbering)
    after_number = data.get("after_number", r"[ \t]*")
    enum = cues["enumerator"]
    close_alt = "|".join(f"(?:{_check(p, 'closing_lines')})" for p in data.get("closing_lines", []))
    ids = tuple((e["id"], rules.compile_pattern(e["pattern"], f"sections.yaml::item_ids.{e['id']}"))
                for e in data.get("item_ids", []))
    # a label's optional prefix is matched where an identifier starts a line, not searched
    # for (a pattern that starts with a literal is searched fast)
    prefixes = {e["id"]: _check(e.get("prefix", ""), f"item_ids.{e['id']}") for e in data.get("item_ids", [])}
    id_any = re.compile("|".join(f"(?:{prefixes[i]}{p.pattern})".replace("(?P<no>", "(?:") for i, p in ids))
    id_any_alt = id_any.pattern
    # one pass over line starts: a list number, an enumerator, a term, a closing line
    line_re = re.compile(
        rf"^{_BLANK}*(?:{data['bullet']}{_BLANK}*)?"
        rf"(?:(?P<num>{num_alt}){after_number}|(?P<enum>{enum})|(?=(?P<term>{term_alt}))|(?P<close>{close_alt})"
        rf"|(?=(?P<idl>{id_any_alt})))",
        re.M)
    glued_alt = "|".join(map(re.escape, data.get("glued_labels", []))) or "(?!)"
    label_re = re.compile(rf"{first_class}(?:(?<={data['label_before']})|(?=(?:{glued_alt}){data['colon']}))"
                          rf"(?P<label>{term_alt})(?={data['colon']})")
    mid_styles = data.get("midline_styles", [])
    mid_alt = "|".join(f"(?P<n_{s}>{p})" for s, p in numbering if s in mid_styles)
    mid_first = f"(?={data['midline_first']})"
    midline_re = re.compile(rf"(?<={data['midline_before']}){mid_first}(?P<num>{mid_alt}){_BLANK}*(?=(?:{term_alt}))")
    part_style = data["midline_part_style"]
    midline_part_re = re.compile(rf"(?<={data['midline_part_before']}){_BLANK}*(?P<num>(?P<n_{part_style}>"
                                 rf"{dict(numbering)[part_style]})){_BLANK}*")
    bare_before = data.get("bare_before", "(?!)")
    bare_re = re.compile(rf"(?:^{_BLANK}*|(?<={bare_before}))(?P<bare>{bare_pat})(?={bare_after})", re.M)
    cn_styles = [p for s, p in numbering if s in mid_styles]
    id_cols = table.get("id_columns") or []
    return Vocab(
        terms=tuple(terms), term_alt=term_alt, term_scan=term_scan, term_first=re.compile(term_alt),
        numbering=numbering,
        line_re=line_re, label_re=label_re, midline_re=midline_re, midline_part_re=midline_part_re, bare_re=bare_re,
        bare_block=re.compile(bare_block) if bare_block else None, bare_rule=bare,
        close_re=re.compile(close_alt or r"(?!x)x"),
        title_end=re.compile(data["title_end"]), clause_sep=re.compile(data["clause_sep"]),
        # an item identifier may follow the term too
        heading_tail=re.compile(rf"(?:{data['heading_tail']})|{_BLANK}*(?:{id_any_alt})"),
        colon=re.compile(data["colon"]),
        heading_close=re.compile(data["heading_close"]),
        sentence_end=re.compile(data["sentence_end"]),
        label_start=re.compile(rf"{_BLANK}*(?:{term_alt}){data['colon']}"),
        sub_heading_start=re.compile(rf"{_BLANK}*(?:{num_alt}){after_number}(?:{term_alt})"),
        status_start=re.compile(rf"{_BLANK}*(?:{cues['status']})"), status_row_max=cues["status_row_max"],
        row_styles=cues["row_styles"],
        short_title=int(data.get("short_title", 30)), first_numbers=frozenset(data["first_numbers"]),
        label_lead=int(data.get("label_lead", 26)),
        ids=ids, id_any=id_any, id_at_start=re.compile(rf"(?:{id_any.pattern})"),
        id_window=int(data.get("id_window", 40)),
        problem_cue=re.compile(cues["problem"]), report_cue=re.compile(cues["report"]), enumerator=enum,
        lead_cue=re.compile(cues["lead"]), not_report=re.compile(cues["not_report"]),
        report_lead=cues["report_lead"], title_max=cues["title_max"], first_person=re.compile(cues["first_person"]),
        background=re.compile(cues["background"]),
        intro_re=re.compile(rf"^{_BLANK}*(?P<intro>[^\n]{{4,{int(data.get('intro_max', 40))}}}?)"
                            rf"(?:{data['intro_end']}){_BLANK}*$", re.M),
        intro_max=int(data.get("intro_max", 40)), intro_verb=re.compile(data["intro_verbs"]),
        # (a paragraph: it holds a sentence end; a line of page chrome does not)
        body_re=re.compile(rf"^{_BLANK}*(?P<body>(?=[^\n]*{data['body_sentence_end']})"
                           rf"[^\n]{{{int(data.get('body_min', 60))},}})", re.M),
        number_at_start=re.compile(rf"\s*(?:{'|'.join(cn_styles)})"),
        bracket_close=re.compile(_check(data["bracket_close"], "bracket_close")),
        table=table,
        id_column=re.compile("|".join(re.escape(c) for c in id_cols)) if id_cols else None,
        header_not=re.compile(table.get("header_not", r"\d")),
        cell_gloss=re.compile(table["cell_gloss"]) if table.get("cell_gloss") else None,
    )


def classify(title: str, v: Vocab | None = None) -> tuple[Term, int, int] | None:
    """The head term of a heading title: the term ending last (the longer one on a tie).

    Returns (term, start, end) within title, or None when the title holds no term."""
    return _classify(title) if v is None or v is vocab() else _classify_with(title, v)


@functools.lru_cache(maxsize=4096)
def _classify(title: str) -> tuple[Term, int, int] | None:
    return _classify_with(title, vocab())


def _classify_with(title: str, v: Vocab) -> tuple[Term, int, int] | None:
    best: tuple[Term, int, int] | None = None
    for m in v.term_scan.finditer(title):
        name = m.lastgroup
        if name is None:
            continue
        s, e = m.span(name)
        term = v.terms[int(name[1:])]
        if term.label_only and s:
            continue
        if best is None or e > best[2] or (e == best[2] and s < best[1]):
            best = (term, s, e)
    return best


def first_term(title: str, v: Vocab | None = None) -> tuple[Term, int, int] | None:
    v = v or vocab()
    for m in v.term_scan.finditer(title):
        if m.lastgroup:
            s, e = m.span(m.lastgroup)
            return v.terms[int(m.lastgroup[1:])], s, e
    return None


# ----------------------------------------------------------------------------- item numbers

def find_ids(text: str, v: Vocab | None = None) -> list[str]:
    """Item identifiers in a stretch of text, of the highest-precedence kind present."""
    v = v or vocab()
    for _, pat in v.ids:
        found: list[str] = []
        seen: set[object] = set()
        for m in pat.finditer(text):
            no = re.sub(r"\s+", "", m.group("no"))
            key = _id_key(no)
            if key not in seen:  # an Arabic and a Chinese numeral of one number name one item
                seen.add(key)
                found.append(no)
        if found:
            return found
    return []


def _id_key(no: str) -> object:
    """What an identifier names: the number a numeral stands for (Arabic or Chinese), else its text."""
    value = int(no) if no.isdigit() else parse_cn_integer(no) if not no.isascii() else None
    return value if value is not None else no


def _number_text(num: str) -> str:
    """The number of a list number as written, without brackets and punctuation."""
    return "".join(ch for ch in num if ch.isalnum())


# ----------------------------------------------------------------------------- boundaries

@dataclass
class Cut:
    pos: int
    kind: str
    heading: str | None = None
    source: str = ""
    style: str | None = None  # list-number style of the heading that made the cut
    number: str | None = None  # its list number as written
    item: str | None = None  # an item number the cut itself carries (table row, id line)
    item_start: bool = False  # the cut starts a new item (an item row or an id line)
    table: bool = False
    hend: int = -1  # where its heading ends in the text
    level: int | None = None  # outline level of the heading (labels take their parent's)


def _style(m: re.Match[str]) -> str | None:
    for name, val in m.groupdict().items():
        if name.startswith("n_") and val is not None:
            return name[2:]
    return None


def _line_end(text: str, pos: int) -> int:
    e = text.find("\n", pos)
    return len(text) if e < 0 else e


def _title(text: str, start: int, v: Vocab) -> tuple[str, int]:
    """The heading title from start: up to the first title end on the line. Returns (title, end)."""
    while start < len(text) and text[start] != "\n" and text[start].isspace():
        start += 1
    le = _line_end(text, start)
    m = v.title_end.search(text, start, le)
    end = m.start() if m else le
    return text[start:end], end


def _heading_text(text: str, line_start: int, end: int, v: Vocab) -> str:
    """The heading as written: from the line start to the end of its title, with a colon."""
    if v.heading_close.match(text, end):
        end += 1
    return text[line_start:end].strip()


@dataclass
class _State:
    kind: str = OTHER
    level: int | None = None  # outline level of the current section's heading (None: none)
    style: str | None = None  # list-number style and number of the current section's heading
    number: str | None = None
    inner_list: bool = False  # its style's numbering started again inside the section
    levels: dict[str, int] = field(default_factory=dict)  # list-number style → level, by first use
    report_from: int | None = None  # where the report of a self-report starts (None: no such report)

    def reports(self, pos: int) -> bool:
        return self.report_from is not None and pos >= self.report_from

    def level_of(self, style: str) -> int:
        return self.levels.setdefault(style, len(self.levels) + 1)

    def inner(self) -> int:
        """The level of a label: that of the heading it sits under (0 at the top: every
        list number after it is a sub-point)."""
        return self.level if self.level is not None else 0


def _walk(text: str, v: Vocab, skip: list[tuple[int, int]], report_from: int | None) -> list[Cut]:
    """Headings, labels and list rows → cuts, in text order."""
    events: list[tuple[int, int, str, re.Match[str]]] = []
    for m in v.line_re.finditer(text):
        events.append((m.start(), 0, "line", m))
    for m in v.label_re.finditer(text):
        events.append((m.start("label"), 1, "label", m))
    for m in v.midline_re.finditer(text):
        ls = text.rfind("\n", 0, m.start()) + 1
        if text[ls:m.start()].strip():  # a line-start number is read with its line
            events.append((m.start(), 0, "mid", m))
    if report_from is not None:
        for m in v.midline_part_re.finditer(text, report_from):
            if text[text.rfind("\n", 0, m.start("num")) + 1:m.start("num")].strip():
                events.append((m.start("num"), 0, "part", m))
    for m in v.bare_re.finditer(text):
        events.append((m.start("bare"), 1, "bare", m))
    for m in v.intro_re.finditer(text):
        events.append((m.start("intro"), 2, "intro", m))
    events.sort(key=lambda e: (e[0], e[1]))

    def skipped(pos: int) -> bool:
        return any(a <= pos < b for a, b in skip)

    st = _State(report_from=report_from)
    cuts: list[Cut] = []
    for pos, _, typ, m in events:
        if skip and skipped(pos):
            continue
        if typ == "line":
            ls = m.start()
            cut = _line_cut(text, m, st, v)
            if cut is None and m.group("enum") is not None and st.kind == OTHER and st.reports(m.start()):
                cut = Cut(m.start("enum"), "completion", None, "self_report", level=st.level)
            if cut is not None:
                if cut.pos == ls:  # a section starts at its first character, not at the indentation
                    cut.pos = ls + len(m.group(0)) - len(m.group(0).lstrip())
                cuts.append(cut)
                _apply(cut, st)
                status = _status_line(text, cut, v)
                if status is not None:
                    cuts.append(status)
                    _apply(status, st)
        elif typ == "mid":
            style = _style(m)
            tstart = m.end()
            title, tend = _title(text, tstart, v)
            head, at_start = _head(title, v)
            if head is None or not at_start:
                continue
            term = head[0]
            cut = Cut(m.start(), term.kind, text[m.start():tend].strip(), term.rule, style,
                      _number_text(m.group("num")), hend=tend, level=st.level_of(style))
            cuts.append(cut)
            _apply(cut, st)
        elif typ == "part":
            # a report flattened to one line: its top-level parts mid-line tell the work done
            style = _style(m)
            title, tend = _title(text, m.end(), v)
            if st.level_of(style) != 1 or len(title) > v.short_title or v.report_cue.search(title):
                continue
            cut = Cut(m.start("num"), "completion", text[m.start("num"):tend].strip(), "self_report", style,
                      _number_text(m.group("num")), hend=tend, level=1)
            cuts.append(cut)
            _apply(cut, st)
        elif typ == "label":
            s, e = m.span("label")
            head = classify(text[s:e], v)
            if head is None:
                continue
            term = head[0]
            ls = text.rfind("\n", 0, s) + 1
            prev = cuts[-1] if cuts and cuts[-1].pos >= ls else None
            if prev is not None and s < prev.hend and prev.kind != OTHER and prev.source != "self_report":
                continue  # the label is the line's own heading
            start, heading = s, text[s:e + 1]
            if (prev is None or prev.kind == OTHER) and _lead_is_title(text, ls, s, v):
                # only a short numbered title precedes the label: the section starts at the line
                start = ls + (len(text[ls:s]) - len(text[ls:s].lstrip()))
                heading = text[start:e + 1]
            if prev is not None and prev.pos >= start:
                cuts.pop()  # the line was taken as a term-less heading: the label decides its kind
                cut = Cut(start, term.kind, heading, term.rule, prev.style, prev.number, prev.item, prev.item_start,
                          hend=e + 1, level=prev.level)
            elif start < s:  # a sub-point's title and its label: the sub-point's level
                lm = v.line_re.match(text, ls)
                style = _style(lm)
                cut = Cut(start, term.kind, heading, term.rule, style, _number_text(lm.group("num")), hend=e + 1,
                          level=st.level_of(style) if style else st.inner())
            else:
                cut = Cut(start, term.kind, heading, term.rule, hend=e + 1, level=st.inner())
            cuts.append(cut)
            _apply(cut, st)
        elif typ == "intro":
            lm = v.line_re.match(text, m.start())
            if lm is not None and lm.end() > lm.start() or lm is not None and lm.group("term") is not None:
                continue  # numbered, enumerated, labelled or closing lines are read as such
            intro = m.group("intro").rstrip()
            head = classify(intro, v)
            if (head is None or head[2] != len(intro) or v.sentence_end.search(intro)
                    or not v.intro_verb.search(intro) or len(_kinds_in(intro, v)) != 1):
                continue
            cut = Cut(m.start("intro"), head[0].kind, m.group(0).strip(), head[0].rule, level=st.inner())
            cuts.append(cut)
            _apply(cut, st)
        elif typ == "bare":
            if v.bare_block and v.bare_block.match(text, m.end("bare")):
                continue
            kind, rid = v.bare_rule
            s = m.start("bare")
            if cuts and cuts[-1].pos == s:
                cuts.pop()
            cut = Cut(s, kind, text[s:m.end("bare") + 1], rid, level=st.inner())
            cuts.append(cut)
            _apply(cut, st)
    return cuts


def _head(title: str, v: Vocab) -> tuple[tuple[Term, int, int] | None, bool]:
    """(head term, whether a term starts the title) of a heading title. A long title (a
    paragraph) has a head only when a term starts it: that term. In a title of clauses
    (a slogan) a term after the first clause is no head."""
    m = v.term_first.match(title)
    if len(title) <= v.short_title:
        head = classify(title, v)
        sep = v.clause_sep.search(title, 0, head[1]) if head is not None else None
        if sep is not None:
            head = classify(title[:sep.start()], v) if m is not None else None
        return head, m is not None
    if m is None:
        return None, False
    return classify(title[: m.end()], v), True


def _kinds_in(title: str, v: Vocab) -> set[str]:
    return {v.terms[int(m.lastgroup[1:])].kind for m in v.term_scan.finditer(title) if m.lastgroup}


def _report_start(text: str, v: Vocab) -> int | None:
    """Where the report starts in a report by the issuing body on its own rectification
    (rules: self_report): after the title-like line of its lead holding a report cue, or at
    0 when its lead states work done and the body speaks of itself in the first person.
    None for any other notice, and for one whose title names a plan."""
    lead = text[:v.report_lead]
    titled = None
    pos = 0
    lines = lead.split("\n")
    if len(text) > v.report_lead:
        lines.pop()  # a line cut short by the lead's end
    for line in lines:
        end = pos + len(line) + 1
        body = line.strip()
        titlelike = len(body) <= v.title_max and not v.sentence_end.search(body)
        if body and titlelike and not v.colon.search(body, 0, len(body) - 1):
            if v.not_report.search(body):
                return None
            if titled is None and v.report_cue.search(body):
                titled = end
        pos = end
    if titled is not None:
        return titled
    return 0 if v.lead_cue.search(lead) and v.first_person.search(text) else None


def _report_body(text: str, cuts: list[Cut], v: Vocab) -> int | None:
    """Where the unheaded body of a report starts: its first paragraph that does not retell
    the inspection (rules: background), before any section; None when there is none."""
    first = next((c.pos for c in cuts if c.kind != OTHER), len(text))
    for m in v.body_re.finditer(text, 0, first):
        if not v.background.search(m.group("body")):
            return m.start("body")
    return None


def _lead_is_title(text: str, ls: int, label_pos: int, v: Vocab) -> bool:
    """Only a short numbered title (one sentence) stands before the label on its line."""
    lead = text[ls:label_pos]
    if not lead.strip() or len(lead.strip()) > v.label_lead:
        return False
    m = v.line_re.match(text, ls)
    if not m or m.group("num") is None:
        return False
    body = text[m.end():label_pos]
    ends = v.sentence_end.findall(body)
    return len(ends) <= 1 and (not ends or body.rstrip().endswith(ends[-1]))


def _apply(cut: Cut, st: _State) -> None:
    st.kind = cut.kind
    st.level = cut.level
    st.style, st.number, st.inner_list = cut.style, cut.number, False


def _line_cut(text: str, m: re.Match[str], st: _State, v: Vocab) -> Cut | None:
    ls = m.start()
    if m.group("num") is not None:
        style = _style(m)
        new_style = style not in st.levels
        lvl = st.level_of(style)
        title, tend = _title(text, m.end(), v)
        number = _number_text(m.group("num"))
        # a list number at the level of the current heading or above is a heading;
        # a deeper one is a sub-point of the current section
        heading_level = st.level is None or lvl <= st.level
        if (st.kind != OTHER and style == st.style and number in v.first_numbers
                and st.number is not None and st.number not in v.first_numbers):
            st.inner_list = True  # the numbering starts again: a list inside the section ((3) … (1) …)
        if st.inner_list and style == st.style:
            heading_level = False
        head, at_start = _head(title, v)
        ids = v.id_at_start.match(text, tend - len(title), _line_end(text, tend))
        if ids:  # a list number, then an identifier: the line starts an item
            item = find_ids(ids.group(0), v)
            kind, rule = OTHER, "item_id"
            if head is not None and ids.end() <= tend and (len(title) <= v.short_title or at_start):
                kind, rule = head[0].kind, head[0].rule
            elif _item_row(text, m, title, tend, v, cue_only=True, start=ids.end()):
                kind, rule = "problem", "item_row"
            return Cut(ls, kind, _heading_text(text, ls, tend, v), rule, style, number,
                       item[0] if item else None, item_start=True, hend=tend, level=lvl)
        close = v.bracket_close.search(text, m.end(), _line_end(text, ls)) if style == "bracket" else None
        item = find_ids(text[m.end():close.end()], v) if close else None
        if item:  # an identifier inside a bracketed heading: the line starts an item
            kind = "problem" if _item_row(text, m, title, tend, v, cue_only=True, start=close.end()) else OTHER
            return Cut(ls, kind, text[ls:close.end()].strip(), "item_row" if kind != OTHER else "item_id", style,
                       number, item[0], item_start=True, hend=close.end(), level=lvl)
        ends = head is not None and head[2] == len(title.rstrip())
        if head is not None and (at_start or (heading_level and len(title) <= v.short_title and ends)):
            term = head[0]
            if at_start and len(title) > v.short_title:
                heading = text[ls:m.end()].strip() + title[: head[2]]
            else:
                heading = _heading_text(text, ls, tend, v)
            return Cut(ls, term.kind, heading, term.rule, style, number, hend=tend, level=lvl)
        if not heading_level or style == "bracket":
            if new_style and style == "bracket":
                del st.levels[style]  # a bracketed line that is no heading (a date) takes no level
            if style != "bracket" and len(title) <= v.status_row_max and _item_row(
                    text, m, title, tend, v, status_only=style not in v.row_styles):
                # a sub-point stating a shortcoming, its status on the next line: an item's problem
                return Cut(ls, "problem", None, "item_row", style, number, item_start=True, hend=tend, level=lvl)
            return None
        if _item_row(text, m, title, tend, v):
            nxt = _next_line(text, _line_end(text, tend))
            if nxt is not None and v.sub_heading_start.match(text, nxt):
                # the row names the item; its numbered sub-headings are its sections
                return Cut(ls, OTHER, _heading_text(text, ls, tend, v), "item_row", style, number, number,
                           item_start=True, hend=tend, level=lvl)
            return Cut(ls, "problem", None, "item_row", style, number, item_start=True, hend=tend, level=lvl)
        first = v.sentence_end.search(text, m.end())  # the heading's own sentence, not its paragraph
        if st.reports(ls) and lvl == 1 and not v.report_cue.search(text, ls, first.start() if first else len(text)):
            # a report on the body's own rectification: its top-level parts without a section
            # term of their own tell the work done (a line naming the report is its title)
            return Cut(ls, "completion", _heading_text(text, ls, tend, v), "self_report", style, number, hend=tend,
                       level=lvl)
        if st.kind == OTHER:
            st.level = lvl  # the outline moves on; the other section goes on
            return None
        return Cut(ls, OTHER, _heading_text(text, ls, tend, v), OTHER, style, number, hend=tend, level=lvl)
    if m.group("idl") is not None:  # an identifier at the line start: the line starts an item
        title, tend = _title(text, m.start("idl"), v)
        idm = v.id_at_start.match(text, m.start("idl"))
        item = find_ids(text[idm.start():idm.end() + 1], v)
        kind, rule = OTHER, "item_id"
        head, _ = _head(title, v)
        if head is not None and len(title) <= v.short_title and head[2] == len(title.rstrip()):
            kind, rule = head[0].kind, head[0].rule
        elif _item_row(text, m, title, tend, v, cue_only=True, start=idm.end()):
            kind, rule = "problem", "item_row"
        return Cut(ls, kind, _heading_text(text, ls, tend, v), rule, None, None,
                   item[0] if item else None, item_start=True, hend=tend, level=st.level)
    if m.group("term") is not None:
        title, tend = _title(text, m.start("term"), v)
        head = classify(title, v)
        if head is None:
            return None
        term, _, e = head
        if e != len(title) and not v.heading_tail.fullmatch(title, e):
            return None  # the line goes on after the term: prose, not a label
        # a label of no section kind (a contact line) leaves the outline as it is
        level = st.inner() if term.kind != OTHER else st.level
        return Cut(ls, term.kind, _heading_text(text, ls, tend, v), term.rule, hend=tend, level=level)
    if m.group("close") is not None:
        return Cut(ls, OTHER, None, OTHER)
    return None


def _item_row(text: str, m: re.Match[str], title: str, tend: int, v: Vocab, cue_only: bool = False,
              start: int | None = None, status_only: bool = False) -> bool:
    """A numbered row stating a shortcoming, whose next line is a label, a numbered heading of a
    section term, or reports its status:
    the problem of an item. `start`: where its statement starts (after an identifier, whose
    words are no cue); `status_only`: only a status line will do (the row is a sub-point)."""
    start = m.end() if start is None else start
    le = _line_end(text, start)
    line = text[start:le]
    if not v.problem_cue.search(line):
        return False
    if cue_only:
        return True
    nxt = _next_line(text, le)
    if nxt is None:
        return False
    return bool(v.status_start.match(text, nxt)) or not status_only and bool(
        v.label_start.match(text, nxt) or v.sub_heading_start.match(text, nxt))


def _status_line(text: str, row: Cut, v: Vocab) -> Cut | None:
    """The line after an item's problem row that reports its status (rules: item_row.status_openers):
    the item's completion section."""
    if row.source != "item_row":
        return None
    nxt = _next_line(text, _line_end(text, row.hend))
    m = v.status_start.match(text, nxt) if nxt is not None else None
    if m is None:
        return None
    start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
    return Cut(start, "completion", None, "item_row", level=row.level)


def _next_line(text: str, line_end: int) -> int | None:
    """The start of the first non-empty line after the line ending at line_end."""
    nxt = line_end + 1
    while nxt < len(text) and text[nxt] == "\n":
        nxt += 1
    return nxt if nxt < len(text) else None


# ----------------------------------------------------------------------------- tables

@dataclass
class _Cell:
    start: int  # content start (after white space)
    end: int  # content end
    raw_start: int
    text: str  # content, white space removed
    row_end: bool = False  # the cell ended at the end of its line (one row per line)


def _ends_with(line: str, sep: str) -> bool:
    """The line ends with the separator, white space other than it aside."""
    i = len(line)
    while i > 0 and line[i - 1] != sep and line[i - 1].isspace():
        i -= 1
    return i > 0 and line[i - 1] == sep


def _cells(text: str, a: int, b: int, sep: str) -> list[_Cell]:
    """The cells of a table region. A cell ends at a separator, and at a line end when its
    line holds separators but does not end with one (one row per line, as in TSV)."""
    ends = []
    pos = a
    while pos < b:
        le = text.find("\n", pos, b)
        le = b if le < 0 else le
        line = text[pos:le]
        i = line.find(sep)
        while i >= 0:
            ends.append((pos + i, False))
            i = line.find(sep, i + 1)
        if sep in line and not _ends_with(line, sep) and le < b:
            ends.append((le, True))
        pos = le + 1
    ends.append((b, True))
    out = []
    start = a
    for e, row_end in ends:
        chunk = text[start:e]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        out.append(_Cell(start + lead, start + lead + len(body), start, "".join(body.split()), row_end))
        start = e + 1
    return out


def names_column(cell: str, v: Vocab | None = None) -> bool:
    """Whether a cell (white space removed) is a column name: short, and wholly a term (its gloss
    aside) or an id column's name."""
    v = v or vocab()
    if not cell or len(cell) > int(v.table.get("header_cell_max", 12)):
        return False
    if v.id_column is not None and v.id_column.fullmatch(cell):
        return True
    core = _without_gloss(cell, v)
    head = classify(core, v)
    return head is not None and head[2] == len(core)


def _header_kind(cell: str, v: Vocab) -> tuple[str, str] | None:
    """(kind, name) of a column-name cell, None when the cell is not a column name."""
    mx = int(v.table.get("header_cell_max", 12))
    if not cell or len(cell) > mx or v.header_not.search(cell):
        return None
    if v.id_column and v.id_column.fullmatch(cell):
        return ("id", cell)
    core = _without_gloss(cell, v)
    head = classify(core, v)
    if head is not None and head[2] == len(core):
        return (head[0].kind, cell)
    return (OTHER, cell)


def _without_gloss(cell: str, v: Vocab) -> str:
    """A label or column name without the gloss after it (table.cell_gloss)."""
    return (v.cell_gloss.sub("", cell) if v.cell_gloss else cell) or cell


def _label_kind(cell: str, v: Vocab) -> str | None:
    """The kind of a cell that is wholly a section term (a label cell), else None."""
    if not cell or len(cell) > int(v.table.get("header_cell_max", 12)):
        return None
    cell = _without_gloss(cell, v)
    head = classify(cell, v)
    if head is None or head[2] != len(cell) or head[0].kind == OTHER:
        return None
    ft = first_term(cell, v)
    return head[0].kind if ft and ft[1] == 0 else None


def _row_ids(cells: list[_Cell], cols: list[tuple[str, str]], text: str, v: Vocab) -> list[str]:
    """The identifiers a table row gives, first the one that names its item: a list number
    opening its problem cell, then its id cells, the id columns in order of precedence (rules:
    table.id_columns, the inspection's serial number first)."""
    ids = []
    for c, (k, _) in zip(cells, cols):
        if k == "problem" and c.text:
            m = v.number_at_start.match(text, c.start)
            if m:
                ids.append(_number_text(m.group(0)))
                break
    looks_like = _cell_cues().get("id")  # a batch's label in the id column names no row
    order = v.table.get("id_columns") or []
    found = [(order.index(nm) if nm in order else len(order), c.text) for c, (k, nm) in zip(cells, cols)
             if k == "id" and c.text and (looks_like is None or looks_like.search(c.text))]
    return ids + [t for _, t in sorted(found, key=lambda x: x[0])]


def _name_rows(rows: list[tuple[list[Cut], list[str]]]) -> None:
    """Give each row's cuts its item: the first identifier, unless those repeat across the
    table (a serial number that starts again in each batch) where a later one (a complaint's
    code) does not."""
    named = [ids for _, ids in rows if ids]
    width = min((len(ids) for ids in named), default=0)
    pick = next((i for i in range(width) if len({ids[i] for ids in named}) == len(named)), 0)
    for row_cuts, ids in rows:
        item = ids[pick] if len(ids) > pick else (ids[0] if ids else None)
        for c in row_cuts:
            if c.kind != OTHER:
                c.item = item


def _table_cuts(text: str, v: Vocab) -> tuple[list[Cut], list[tuple[int, int]]]:
    cuts, spans = _glued_cuts(text, v)
    seps = v.table.get("separators", [])
    if not any(s in text for s in seps):
        more_cuts, more_spans = _line_tables(text, v, spans)
        return cuts + more_cuts, spans + more_spans
    lines = []  # (start, end, sep)
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        sep = next((s for s in seps if s in line), None)
        lines.append((pos, end, sep))
        pos = end + 1
    # regions: lines with a separator, with short gaps of lines without one
    regions = []
    i = 0
    gap_max = 8
    while i < len(lines):
        if lines[i][2] is None:
            i += 1
            continue
        sep = lines[i][2]
        a, b, j, last = lines[i][0], lines[i][1], i + 1, i
        while j < len(lines) and j - last <= gap_max:
            if lines[j][2] == sep:
                last = j
                b = lines[j][1]
            j += 1
        # a row cut short at the end of the region: the next line is its last cell
        nxt = last + 1
        if (nxt < len(lines) and lines[nxt][2] is None and _ends_with(text[lines[last][0]:lines[last][1]], sep)
                and text[lines[nxt][0]:lines[nxt][1]].strip()):
            b = lines[nxt][1]
            last = nxt
        regions.append((a, b, sep))
        i = last + 1
    for a, b, sep in regions:
        if any(a < y and x < b for x, y in spans):
            continue  # inside a glued table
        rows = _line_rows(text, a, b, sep)
        rc, covered = _row_table_cuts(text, rows, v) if rows else ([], None)
        if not covered:
            rc, covered = _region_cuts(text, a, b, sep, v)
        if covered:
            cuts.extend(rc)
            spans.append(covered)
    more_cuts, more_spans = _line_tables(text, v, spans)
    return cuts + more_cuts, spans + more_spans


def _cell_labels(text: str, cuts: list[Cut], v: Vocab) -> list[Cut]:
    """Inline labels inside a table cell of a section kind (a measures cell that goes on with
    a label of results): each label after the cell's start opens a section of the cell's row."""
    cuts = sorted(cuts, key=lambda c: c.pos)
    out = []
    for c, nxt in zip(cuts, cuts[1:] + [None]):
        if c.kind == OTHER:
            continue
        end = nxt.pos if nxt is not None else len(text)
        for m in v.label_re.finditer(text, c.pos + 1, end):
            s, e = m.span("label")
            head = classify(text[s:e], v)
            if head is not None and head[0].kind != OTHER:
                out.append(Cut(s, head[0].kind, text[s:e + 1], head[0].rule, item=c.item, table=True, hend=e + 1))
    return out


def _glued_cuts(text: str, v: Vocab) -> tuple[list[Cut], list[tuple[int, int]]]:
    """Complaint tables whose cells lost their separators (pipeline/glued_tables.py)."""
    def kind_of(name: str) -> str | None:
        h = _header_kind(name, v)
        return h[0] if h and (h[0] in KINDS or h[0] == "id") else None

    rows, spans = glued_tables.read(text, kind_of)
    cuts: list[Cut] = [Cut(a, OTHER, None, OTHER, table=True) for a, _ in spans]
    named: list[tuple[list[Cut], list[str]]] = []
    for row in rows:
        row_cuts = [Cut(at, kind, name, "table", table=True) if kind else Cut(at, OTHER, None, OTHER, table=True)
                    for at, name, kind in row.cells]
        cuts.extend(row_cuts)
        named.append((row_cuts, list(row.ids)))
    _name_rows(named)
    return cuts, spans


def _line_tables(text: str, v: Vocab, taken: list[tuple[int, int]]) -> tuple[list[Cut], list[tuple[int, int]]]:
    """Tables without separators, outside the regions already read: one cell per line with a
    header row, then key/value tables of label lines."""
    lines = _nonempty_lines(text)  # read once for both readers
    lc_cuts, lc_spans = _line_cell_tables(lines, v)
    kv_cuts, kv_spans = _label_line_tables(lines, v, taken + lc_spans)
    return lc_cuts + kv_cuts, lc_spans + kv_spans


def _row_line(text: str, cell: _Cell, sep: str, width: int) -> bool:
    """The line the cell starts on holds a row of its own (about as many separators as columns)."""
    ls = text.rfind("\n", 0, cell.start) + 1
    return text.count(sep, ls, _line_end(text, cell.start)) >= max(1, (width - 1) // 2)


def _header_run(cells: list[_Cell], i: int, v: Vocab) -> int:
    """How many column names start at cell i (0 unless two of them name section kinds, and
    0 for labels each followed by a short value: a key/value table)."""
    j, kinds, seen = i, 0, []
    while j < len(cells) and cells[j].text and (h := _header_kind(cells[j].text, v)) is not None:
        kinds += h[0] in KINDS
        seen.append(h[0] in KINDS)
        j += 1
        if cells[j - 1].row_end:
            break  # one row per line: the header row ends with its line
    # labels each followed by a short value, or by a long one and then a label again
    alternating = seen[:4] == [True, False, True, False] or (
        seen == [True, False, True] and j + 1 < len(cells) and _label_kind(cells[j + 1].text, v) is not None)
    return j - i if kinds >= 2 and not alternating else 0


def _region_cuts(text: str, a: int, b: int, sep: str, v: Vocab) -> tuple[list[Cut], tuple[int, int] | None]:
    # the rest of the region's last line belongs to its last cell
    cells = _cells(text, a, b, sep)
    min_cells = int(v.table.get("header_min_cells", 3))
    cuts: list[Cut] = []
    first = None
    i = 0
    n = len(cells)
    while i < n:
        # a header row: consecutive column names, at least two of them section kinds
        width = _header_run(cells, i, v)
        if width >= min_cells:
            j = i + width
            hk = [_header_kind(c.text, v) for c in cells[i:j]]
            if first is None:
                first = cells[i].start
            cuts.append(Cut(cells[i].start, OTHER, None, OTHER, table=True))
            kinds = [k for k, _ in hk]
            names = [nm for _, nm in hk]
            width = len(kinds)
            r = j
            named: list[tuple[list[Cut], list[str]]] = []
            while r < n:
                if _header_run(cells, r, v) >= min_cells:
                    break  # a new header row ends this table
                row: list[_Cell] = []
                q = r
                while q < n and len(row) < width:
                    row.append(cells[q])
                    q += 1
                    # a line that ends before the row is full: trailing empty cells were dropped when
                    # the next line is a row of its own; else the row goes on (a cell of paragraphs)
                    if cells[q - 1].row_end and len(row) < width and (q >= n or _row_line(text, cells[q], sep, width)):
                        break
                row_cuts = [Cut(c.start, k, nm, "table", item_start=False, table=True) if k in KINDS and c.text
                            else Cut(c.raw_start, OTHER, None, OTHER, table=True)
                            for c, k, nm in zip(row, kinds, names)]
                cuts.extend(row_cuts)
                named.append((row_cuts, _row_ids(row, hk, text, v)))
                r = q
            _name_rows(named)
            i = r
            continue
        # a label cell followed by its content
        kind = _label_kind(cells[i].text, v)
        if kind is not None:
            k = i + 1
            while k < n and not cells[k].text:
                k += 1
            if k < n and _label_kind(cells[k].text, v) is None:
                if first is None:
                    first = cells[i].raw_start
                cuts.append(Cut(cells[i].raw_start, OTHER, None, OTHER, table=True))
                cuts.append(Cut(cells[k].start, kind, cells[i].text, "table", table=True))
                if k + 1 < n:
                    cuts.append(Cut(cells[k + 1].raw_start, OTHER, None, OTHER, table=True))
                i = k + 1
                continue
        i += 1
    if first is None:
        return [], None
    return cuts, (first, b)


def _line_rows(text: str, a: int, b: int, sep: str) -> list[tuple[list[_Cell], bool]]:
    """The rows of a region whose lines are rows (an HTML table: each line a row, each cell
    ended by the separator), each with whether its line ends with a separator (else it may
    be cut short); empty when most of its lines hold one cell or less. Where rows open with
    the separator (| 70 | …), a line that does not continues the row above (a cell's text
    broken over lines)."""
    spans: list[list[int]] = []  # [start, end] of each row
    opened = None  # whether the rows open with the separator (the first row says)
    pos = a
    while pos < b:
        le = text.find("\n", pos, b)
        le = b if le < 0 else le
        line = text[pos:le]
        if text.count(sep, pos, le) and line.strip(sep + " \t"):
            starts = line.lstrip().startswith(sep)
            opened = starts if opened is None else opened
            if opened and not starts and spans:
                spans[-1][1] = le
            else:
                spans.append([pos, le])
        pos = le + 1
    rows = []
    for start, end in spans:
        row = _cells(text, start, end, sep)
        closed = _ends_with(text[start:end], sep)
        if closed:
            row.pop()  # what follows the last separator
        rows.append((row, closed))
    wide = sum(1 for r, _ in rows if sum(1 for c in r if c.text) >= 2)
    return rows if rows and wide * 2 > len(rows) else []


def _join_broken_rows(rows: list[tuple[list[_Cell], bool]], v: Vocab) -> list[tuple[list[_Cell], bool]]:
    """Under a header whose first column is a serial number, a line that opens with none
    continues the row above while the row has room (cells broken over lines); after a line
    not ended by the separator, with that line's last cell."""
    id_cue = _cell_cues().get("id")
    min_cells = int(v.table.get("header_min_cells", 3))
    out: list[tuple[list[_Cell], bool]] = []
    width = 0  # the columns of the header above; 0: no such header
    for row, closed in rows:
        names = [_header_kind(c.text, v) for c in row if c.text]
        if len(names) >= min_cells and all(names) and sum(n[0] in KINDS for n in names if n) >= 2:
            width = len(names) if names[0] and names[0][0] == "id" else 0
        elif (width and id_cue and out and out[-1][0] and row
              and id_cue.match(out[-1][0][0].text) and not id_cue.match(row[0].text)):
            above, above_closed = out[-1]
            rest = row
            if not above_closed:
                last, head = above[-1], row[0]
                joined = _Cell(last.start, head.end, last.raw_start, last.text + head.text, head.row_end)
                above, rest = above[:-1], [joined] + row[1:]
            if len(above) + len(rest) <= width:
                out[-1] = (above + rest, closed)
                continue
        out.append((row, closed))
    return out


def _row_table_cuts(text: str, rows: list[tuple[list[_Cell], bool]],
                    v: Vocab) -> tuple[list[Cut], tuple[int, int] | None]:
    """Cuts of a table of line rows: a header row of column names (a second row of names
    under merged header cells splits the column sharing most characters with them), then
    data rows (_join_broken_rows), a row short of cells aligned by its cells (_align)."""
    min_cells = int(v.table.get("header_min_cells", 3))
    cuts: list[Cut] = []
    first = None
    cols: list[tuple[str, str]] = []
    named: list[tuple[list[Cut], list[str]]] = []
    rows = _join_broken_rows(rows, v)
    for row, closed in rows:
        cells = [c for c in row if c.text]
        names = [_header_kind(c.text, v) for c in cells]
        if cells and all(names):
            if len(names) >= min_cells and sum(k in KINDS for k, _ in names) >= 2:
                cols = list(names)  # a header row
            elif cols and len(names) >= 2:
                cols = _split_column(cols, names)  # the names under merged header cells
            else:
                continue
            if first is None:
                first = row[0].start
            cuts.append(Cut(row[0].raw_start, OTHER, None, OTHER, table=True))
            continue
        if not cols:
            continue
        data = row if len(row) <= len(cols) else [c for c in row if c.text] or row
        if len(data) > len(cols):
            aligned = cols + [(OTHER, "")] * (len(data) - len(cols))
        else:
            aligned = _align(data, cols, closed, v)
        row_cuts = [Cut(c.start, k, nm, "table", table=True) if k in KINDS and c.text
                    else Cut(c.raw_start, OTHER, None, OTHER, table=True) for c, (k, nm) in zip(data, aligned)]
        cuts.extend(row_cuts)
        named.append((row_cuts, _row_ids(data, aligned, text, v)))
    _name_rows(named)
    if first is None:
        return [], None
    return cuts, (first, rows[-1][0][-1].end)


def _align(row: list[_Cell], cols: list[tuple[str, str]], closed: bool, v: Vocab) -> list[tuple[str, str]]:
    """The columns of a row short of cells: the run of missing columns that best fits its
    cells (short cells under short columns: ids, deadlines, responsible units; a column's
    value cue). On a tie, a complete row lost its first columns (cells merged from the rows
    above), a row cut short (the excerpt's end) its last ones."""
    gap = len(cols) - len(row)
    short = set(v.table.get("short_columns", []))
    long_max = int(v.table.get("short_cell_max", 30))
    cues = _cell_cues()

    def fit(g: int) -> int:
        score = 0
        for c, (kind, _) in zip(row, cols[:g] + cols[g + gap:]):
            n = len(c.text)
            if kind in short:
                score += 1 if n <= long_max else -2
            elif kind in KINDS and n >= 8:
                score += 1
            if kind in cues:
                score += 2 if cues[kind].search(c.text) else -1
        return score

    best = max(range(len(cols) - gap + 1), key=lambda g: (fit(g), -g if closed else g))
    return cols[:best] + cols[best + gap:]


@functools.cache
def _cell_cues() -> dict[str, re.Pattern[str]]:
    """Per column kind, what its values look like (rules/sections.yaml table.cell_cues)."""
    return {k: re.compile(_check(p, f"table.cell_cues.{k}")) for k, p in vocab().table.get("cell_cues", {}).items()}


def _split_column(cols: list[tuple[str, str]], names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The columns once the header cell sharing most characters with `names` (the row of
    names under it) is split into them."""
    chars = set("".join(nm for _, nm in names))
    k = max(range(len(cols)), key=lambda i: (len(chars & set(cols[i][1])), i))
    return cols[:k] + names + cols[k + 1:]


def _label_line_tables(rows: list[tuple[int, str]], v: Vocab,
                       taken: list[tuple[int, int]]) -> tuple[list[Cut], list[tuple[int, int]]]:
    """Key/value tables flattened to one cell per line: a run of lines that are each wholly a
    section term (a label cell, no colon, no list number), each followed by its content. Each
    content is its label's section, starting at the content (ANNOTATION.md: tables)."""
    need = int(v.table.get("label_lines_min", 3))
    mx = int(v.table.get("line_cell_max", 8))
    lines = []  # (offset of the content, stripped line, label kind or None)
    for pos, line in rows:
        if not any(a <= pos < b for a, b in taken):
            t = line.strip()
            kind = _label_kind(t, v) if len(t) <= mx else None
            lines.append((pos + len(line) - len(line.lstrip()), t, kind))
    labels = [i for i, (_, _, k) in enumerate(lines) if k and i + 1 < len(lines) and not lines[i + 1][2]]
    if len(labels) < need:
        return [], []
    cuts = []
    for i in labels:
        cuts.append(Cut(lines[i][0], OTHER, None, OTHER, table=True))
        cuts.append(Cut(lines[i + 1][0], lines[i][2], lines[i][1], "table", table=True))
    last = lines[labels[-1] + 1]
    return cuts, [(lines[labels[0]][0], last[0] + len(last[1]))]


def _nonempty_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of every line holding more than white space."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def _line_cell_tables(lines: list[tuple[int, str]], v: Vocab) -> tuple[list[Cut], list[tuple[int, int]]]:
    """Tables flattened to one cell per line (no separators), given the non-empty lines: a run
    of short lines naming columns, an id column among them, then rows of as many lines."""
    mx = int(v.table.get("line_cell_max", 8))
    min_cells = int(v.table.get("header_min_cells", 3))
    if v.id_column is None:
        return [], []
    cuts: list[Cut] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        s = lines[i][1].strip()
        if not (s and v.id_column.fullmatch(s)):
            i += 1
            continue
        # read column names, joining a name split over two lines
        cols: list[tuple[str, str]] = [("id", s)]
        j = i + 1
        while j < len(lines):
            t = lines[j][1].strip()
            if len(t) > mx or v.header_not.search(t):
                break
            h = _header_kind(t, v)
            if h and h[0] in KINDS:
                cols.append(h)
                j += 1
                continue
            nxt = lines[j + 1][1].strip() if j + 1 < len(lines) else ""
            hn = _header_kind(nxt, v)
            h2 = _header_kind(t + nxt, v) if not (hn and hn[0] in KINDS) else None
            if h2 and h2[0] in KINDS:  # a name split over two lines
                cols.append(h2)
                j += 2
                continue
            if h is None:
                break
            cols.append(h)  # a column of no section kind (a place, a type)
            j += 1
        if len(cols) < min_cells or sum(1 for k, _ in cols if k in KINDS) < 2:
            i += 1
            continue
        width = len(cols)
        cuts.append(Cut(lines[i][0], OTHER, None, OTHER, table=True))
        r = j
        end = lines[j - 1][0] + len(lines[j - 1][1])
        while r < len(lines):
            row = lines[r:r + width]
            k = r + len(row)
            idcell = row[0][1].strip() if row else ""
            if not row or not re.fullmatch(r"\w{1,6}", idcell) or len(idcell) > 6:
                break
            order = v.table.get("id_columns") or []
            ids = sorted((order.index(nm) if nm in order else len(order), line.strip())
                         for (_, line), (kind, nm) in zip(row, cols) if kind == "id")
            item = ids[0][1] if ids else None
            for (p, line), (kind, nm) in zip(row, cols):
                lead = len(line) - len(line.lstrip())
                if kind in KINDS:
                    cuts.append(Cut(p + lead, kind, nm, "table", item=item, table=True))
                else:
                    cuts.append(Cut(p, OTHER, None, OTHER, table=True))
            end = row[-1][0] + len(row[-1][1])
            r = k
        spans.append((lines[i][0], end))
        i = r if r > i else i + 1
    return cuts, spans


# ----------------------------------------------------------------------------- items

def _assign_items(text: str, cuts: list[Cut], v: Vocab) -> None:
    first_kind = next((c.pos for c in cuts if c.kind != OTHER), len(text))
    lead_ids = find_ids(text[:first_kind], v)
    first_problem = next((c for c in cuts if c.kind == "problem"), None)
    if first_problem is not None and not any(c.item for c in cuts):
        le = _line_end(text, first_problem.pos)
        found = find_ids(text[first_problem.pos:le], v)
        if found and (not lead_ids or _precedence(text[first_problem.pos:le], v) <= _precedence(text[:first_kind], v)):
            lead_ids = found
        elif not lead_ids and len(found := find_ids(text, v)) == 1:
            lead_ids = found  # the notice names its one item only in its body
    # list-number styles that number items: all their non-other headings are problems
    # (two of them at least when the notice names its one item itself)
    # (a single problem heading among term-less headings of its style numbers a part, not an item)
    kinds_by_style: dict[str, set[str]] = {}
    problems_by_style: dict[str, int] = {}
    for c in cuts:
        if c.style and not c.table and c.number:
            kinds_by_style.setdefault(c.style, set()).add(c.kind)
            problems_by_style[c.style] = problems_by_style.get(c.style, 0) + (c.kind == "problem")
    doc_item = lead_ids[0] if len(lead_ids) == 1 else None
    item_styles = {s for s, ks in kinds_by_style.items()
                   if ks - {OTHER} == {"problem"}
                   and (doc_item is None and OTHER not in ks or problems_by_style[s] >= 2)}
    current: str | None = None
    current_style: str | None = None
    for c in cuts:
        if (c.kind == "problem" or c.style and c.kind != OTHER) and not c.table and not c.item and c.hend > c.pos:
            # a problem heading, or a numbered heading of another kind (a heading on an item's acceptance),
            # that names its item on its own line
            found = find_ids(text[c.pos:min(_line_end(text, c.pos), c.pos + v.id_window)], v)
            if found:
                c.item, c.item_start = found[0], True
    for c in cuts:
        if c.table:
            if c.kind != OTHER:
                c.item = c.item or doc_item
            continue
        if c.item_start and c.item:
            current, current_style = c.item, c.style
        elif c.style in item_styles and c.number and c.kind == "problem":
            current, current_style = c.number, c.style
        elif c.style and c.style == current_style and c.kind == OTHER:
            current = current_style = None
        if c.kind == OTHER:
            c.item = None
            continue
        c.item = c.item or current or doc_item


def _precedence(text: str, v: Vocab) -> int:
    for i, (_, pat) in enumerate(v.ids):
        if pat.search(text):
            return i
    return len(v.ids)


def lead_items(text: str, sections: list[Section]) -> list[str]:
    """Item identifiers the notice names before the line of its first section (its title and
    lead; not the id cells of a table row the section opens)."""
    first = next((s.start for s in sections if s.kind != OTHER), None)
    return find_ids(text if first is None else text[:text.rfind("\n", 0, first) + 1])


# ----------------------------------------------------------------------------- segment

def segment(text: str) -> list[Section]:
    """Contiguous sections covering text, in order; unheaded prose is `other`."""
    if not text:
        return []
    v = vocab()
    tcuts, spans = _table_cuts(text, v)
    report_from = _report_start(text, v)
    cuts = _walk(text, v, spans, report_from)
    if (not tcuts and all(c.kind == OTHER or c.source == v.bare_rule[1] for c in cuts)
            and report_from is not None and v.first_person.search(text)):
        # a report on the body's own rectification without headings (but bare labels):
        # its body tells the work done
        body = _report_body(text, cuts, v)
        if body is not None:
            cuts = sorted(cuts + [Cut(body, "completion", None, "self_report")], key=lambda c: c.pos)
    if tcuts:
        cuts = sorted(cuts + tcuts + _cell_labels(text, tcuts, v), key=lambda c: c.pos)
        # after a table, prose is other until the next heading
        for _, b in spans:
            nl = text.find("\n", b)
            if nl >= 0 and not any(c.pos > b and c.pos <= nl + 1 for c in cuts):
                cuts.append(Cut(nl + 1, OTHER, None, OTHER, table=True))
        cuts.sort(key=lambda c: c.pos)
    _assign_items(text, cuts, v)
    out: list[Section] = []
    if not cuts or cuts[0].pos > 0:
        out.append(Section(OTHER, 0, cuts[0].pos if cuts else len(text)))
    for i, c in enumerate(cuts):
        end = cuts[i + 1].pos if i + 1 < len(cuts) else len(text)
        if end <= c.pos:
            continue
        if out and out[-1].kind == OTHER and c.kind == OTHER:
            out[-1].end = end
            continue
        out.append(Section(c.kind, c.pos, end, c.heading, c.item if c.kind != OTHER else None))
    # contiguity: each section ends where the next starts
    for a, b in zip(out, out[1:]):
        a.end = b.start
    out[-1].end = len(text)
    out = [s for s in out if s.end > s.start]
    return out


def _sources(text: str) -> dict[int, str]:
    """For examples: which rule opened the section starting at each offset."""
    v = vocab()
    tcuts, spans = _table_cuts(text, v)
    cuts = _walk(text, v, spans, _report_start(text, v)) + tcuts
    return {c.pos: c.source for c in cuts}


def run(doc: Document) -> Document:
    doc.sections = segment(doc.text)
    return doc


def examples(text: str, reference_date: dt.date | None = None) -> list[dict[str, Any]]:
    """For rule examples: one result per non-`other` section."""
    sources = _sources(text)
    out = []
    for s in segment(text):
        if s.kind == OTHER:
            continue
        body = text[s.start:s.end].strip()
        out.append({"kind": s.kind, "text": s.heading if s.heading else body[:20], "heading": s.heading,
                    "item_no": s.item_no, "start": s.start, "end": s.end, "source": sources.get(s.start, "")})
    return out
