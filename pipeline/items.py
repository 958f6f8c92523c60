"""Stage items: rectification items built from a notice's sections.

One Item per item_no (ANNOTATION.md: items exist where the notice gives an
identifier): its problem, target, measures, deadline, completion and responsible
texts are the texts of its sections; `deadline_kind`/`deadline_date` are read from
the deadline text, `status` from the completion text. All phrases are data in
rules/items.yaml; dates are read by pipeline.extract.values (never parsed here).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from . import rules, sections
from .doc import Document, Item, Section

try:  # the values extractor reads dates; without it, deadline dates stay empty
    from .extract.values import find_values
except ImportError:  # pragma: no cover - only while values.py is being written
    find_values = None  # type: ignore[assignment]

NAME = "items"
READS = {"text", "sections", "published_date", "reference_date"}
WRITES = {"items"}

RULE_FILE = "items"
FIELDS = {"problem": "problem", "target": "target", "measure": "measures", "deadline": "deadline_text",
          "completion": "completion_text", "responsible": "responsible"}
DEADLINE_ORDER = ("long_term", "immediate", "periodic", "by_date")
NEUTRAL = "neutral"  # the group of words that hide a status phrase inside them
CLAUSE_MAX = 40  # characters back an aim (intent) is looked for when no clause start is nearer


@dataclass(frozen=True)
class Phrases:
    deadline: dict[str, tuple[re.Pattern[str], str]]  # kind → (pattern, rule id)
    in_status: tuple[tuple[str, re.Pattern[str], str], ...]  # (kind, pattern, rule id) said with a status
    date_cue: re.Pattern[str]
    by_date_rule: str
    status_re: re.Pattern[str]  # every status phrase; lastgroup names the status
    status_rule: dict[str, str]  # status → rule id
    decisive: frozenset[str]  # rule ids whose phrases decide over the others'
    negation: re.Pattern[str]  # a negation right before a position (searched in a window)
    window: int
    intent: re.Pattern[str]  # an aim stated in the clause before a phrase
    clause_start: re.Pattern[str]
    negated_rule: str
    intended_rule: str  # completion said only as a plan with a time: unfinished
    planned: re.Pattern[str]  # a completion planned for a time (rules: planned)
    notice_re: re.Pattern[str]
    closed_re: re.Pattern[str]  # a notice that closes its items: one without a completion text is done
    closed_rule: str
    notice_rule: str
    lead_rule: str
    sentence_end: re.Pattern[str]
    cell_trail: re.Pattern[str]


def _alt(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


def _cues(patterns: list[str], rid: str) -> re.Pattern[str]:
    return rules.compile_pattern("|".join(f"(?:{p})" for p in patterns), f"items.yaml::{rid}")


@functools.cache
def phrases() -> Phrases:
    data = rules.load(RULE_FILE)
    deadline: dict[str, tuple[re.Pattern[str], str]] = {}
    in_status: list[tuple[str, re.Pattern[str], str]] = []
    status_groups: list[tuple[str, list[str]]] = []
    status_rule: dict[str, str] = {}
    decisive: set[str] = set()
    date_cue = notice = None
    by_date_rule = negated_rule = notice_rule = lead_rule = intended_rule = closed_rule = ""
    closed = None
    for rule in data.get("rules", []):
        rid, fld, value = rule["id"], rule.get("field"), rule.get("value")
        if fld == "deadline_kind":
            if rule.get("phrases"):
                deadline[value] = (re.compile(_alt(rule["phrases"])), rid)
            if rule.get("in_status"):
                in_status.append((value, re.compile(_alt(rule["in_status"])), rid))
            if rule.get("date_cue"):
                date_cue, by_date_rule = rules.compile_pattern(rule["date_cue"], f"items.yaml::{rid}"), rid
        elif fld == "status":
            if rule.get("phrases"):
                # a status may have several rules (a decisive one among them): one group per rule
                status_groups.append((rid, rule["phrases"]))
                status_rule[rid] = value
                if rule.get("decisive"):
                    decisive.add(rid)
            if rule.get("notice_cues"):
                notice, notice_rule = _cues(rule["notice_cues"], rid), rid
            if rule.get("closed_cues"):
                closed, closed_rule = _cues(rule["closed_cues"], rid), rid
            elif not rule.get("phrases") and not rule.get("notice_cues"):
                if rule.get("intended"):
                    intended_rule = rid
                elif value == "in_progress":
                    negated_rule = rid
                elif value is None:
                    lead_rule = rid
        else:
            raise rules.RuleError(f"items.yaml::{rid}: field must be deadline_kind or status")
    if date_cue is None or notice is None or closed is None or not negated_rule or not lead_rule or not intended_rule:
        raise rules.RuleError("items.yaml: rules deadline.by_date, status.notice, status.closed, status.negated, "
                              "status.lead, status.intended needed")
    # neutral words first hide the phrases inside them (their group names no status)
    status_groups.append((NEUTRAL, data.get("neutral_phrases", []) or []))
    # one alternation over every status phrase, longest first, each in a group named by its rule
    flat = sorted(((p, rid) for rid, ps in status_groups for p in ps), key=lambda x: -len(x[0]))
    names = {rid: i for i, (rid, _) in enumerate(status_groups)}
    # a class of the phrases' first characters lets the scan skip ahead
    lead = "".join(sorted({re.escape(p[0]) for p, _ in flat}))
    groups = "|".join(f"(?P<s{names[rid]}_{i}>{re.escape(p)})" for i, (p, rid) in enumerate(flat))
    status_re = re.compile(f"(?=[{lead}])(?:{groups})")
    neg = "|".join(re.escape(n) for n in sorted(data.get("negations", []), key=len, reverse=True))
    intent = "|".join(re.escape(n) for n in sorted(data.get("intents", []), key=len, reverse=True))
    return Phrases(
        deadline=deadline, in_status=tuple(in_status), date_cue=date_cue, by_date_rule=by_date_rule,
        status_re=status_re,
        status_rule={f"s{i}": rid for rid, i in names.items()}
        | {"_value_" + rid: st for rid, st in status_rule.items()},
        decisive=frozenset(decisive),
        negation=re.compile(f"(?:{neg})" if neg else r"(?!x)x"), window=int(data.get("negation_window", 3)),
        intent=re.compile(f"(?:{intent})" if intent else r"(?!x)x"),
        planned=rules.compile_pattern(data["planned"], "items.yaml::planned"),
        clause_start=re.compile(data.get("clause_start", r"[\n]")),
        negated_rule=negated_rule, intended_rule=intended_rule, notice_re=notice, notice_rule=notice_rule,
        closed_re=closed, closed_rule=closed_rule, lead_rule=lead_rule,
        sentence_end=re.compile(data.get("sentence_end", r"[\n]")),
        cell_trail=re.compile(data.get("cell_trail", r"\s+$")),
    )


# ----------------------------------------------------------------------------- deadline

def deadline_of(text: str | None, reference_date: dt.date | None = None) -> tuple[str, dt.date | None, str | None]:
    """(deadline_kind, deadline_date, rule id) of a deadline text."""
    if not text:
        return "unknown", None, None
    ph = phrases()
    date = None
    has_date = False
    if find_values is not None:
        found = find_values(text, reference_date, kinds=["date", "date_range"])
        has_date = bool(found)
        ends = [v["date_end"] for v in found if v.get("date_end")]
        date = max(ends) if ends else None
    else:
        has_date = bool(ph.date_cue.search(text))
    for kind in DEADLINE_ORDER:
        if kind == "by_date":
            if has_date:
                return kind, date, ph.by_date_rule
            continue
        pat = ph.deadline.get(kind)
        if pat and pat[0].search(text):
            return kind, date, pat[1]
    return "unknown", None, None


# ----------------------------------------------------------------------------- status

def _statuses(text: str, ph: Phrases) -> list[tuple[int, str, str]]:
    """(position, status, rule id) of every status phrase, negated completions as in_progress;
    a phrase in a clause stating an aim (rules: intents) is none; a completion planned for a
    time (rules: planned) is an in_progress of status.intended."""
    out = []
    for m in ph.status_re.finditer(text):
        rule = ph.status_rule[m.lastgroup.split("_")[0]]
        if rule == NEUTRAL:
            continue
        st = ph.status_rule["_value_" + rule]
        clause = max((c.end() for c in ph.clause_start.finditer(text, max(0, m.start() - CLAUSE_MAX), m.start())),
                     default=max(0, m.start() - CLAUSE_MAX))
        if ph.intent.search(text, clause, m.start()):
            continue
        if st in ("completed", "basically_completed", "long_term"):
            before = text[max(0, m.start() - ph.window):m.start()]
            if ph.negation.search(before):
                st, rule = "in_progress", ph.negated_rule
        out.append((m.start(), st, rule))
    out.extend((m.start(), "in_progress", ph.intended_rule) for m in ph.planned.finditer(text))
    return sorted(out)


def status_of(text: str | None, notice: bool = False) -> tuple[str, str | None]:
    """(status, rule id) of a completion text; `notice`: the text is from a notice that
    publishes finished rectification (rules/items.yaml status.notice), where reported work
    with nothing marked unfinished is completed."""
    if not text or not text.strip():
        return "unknown", None
    ph = phrases()
    found = _statuses(text, ph)
    if found:
        said = [f for f in found if f[2] != ph.intended_rule]  # a planned completion states no status of its own
        m = ph.sentence_end.search(text)
        head_end = m.start() if m else len(text)
        head = [f for f in said if f[0] < head_end]
        verdict = next((f for f in said if f[2] in ph.decisive), None)
        if verdict:  # an acceptance verdict decides
            return verdict[1], verdict[2]
        if head:  # else the status statement opening the text
            return head[0][1], head[0][2]
        # else unfinished work (a planned completion included) over finished
        for st in ("in_progress", "basically_completed", "completed", "long_term"):
            hit = next((f for f in found if f[1] == st), None)
            if hit:
                return hit[1], hit[2]
    if notice:
        return "completed", ph.notice_rule
    return "unknown", None


# ----------------------------------------------------------------------------- items

def _clean(text: str, ph: Phrases) -> str:
    return ph.cell_trail.sub("", text).strip()


def _body(doc_text: str, s: Section, ph: Phrases) -> str:
    """A section's text without its heading (a heading's words are no status)."""
    text = doc_text[s.start:s.end]
    stripped = text.lstrip()
    if s.heading and stripped.startswith(s.heading):
        stripped = stripped[len(s.heading):]
    return _clean(stripped, ph)


def build_items(doc: Document, anonymous: bool = False) -> list[tuple[Item, dict[str, str | None]]]:
    """The items of a notice with the rule ids that decided their fields.

    `anonymous`: sections without an item_no form an item "" (for rule examples)."""
    ph = phrases()
    text = doc.text
    secs = [s for s in doc.sections if s.kind != sections.OTHER]
    order: list[str] = []
    by_item: dict[str, list[Section]] = {}
    for s in secs:
        key = s.item_no if s.item_no is not None else ("" if anonymous else None)
        if key is None:
            continue
        if key not in by_item:
            by_item[key] = []
            order.append(key)
        by_item[key].append(s)
    first = secs[0].start if secs else len(text)
    lead = text[:first]
    for no in sections.lead_items(text, doc.sections):
        if no not in by_item:
            by_item[no] = []
            order.append(no)
    notice = bool(ph.notice_re.search(lead))
    ref = doc.published_date or getattr(doc, "reference_date", None)
    out = []
    for no in order:
        item = Item(item_no=no)
        parts: dict[str, list[str]] = {}
        bodies: dict[str, list[str]] = {}
        for s in by_item[no]:
            parts.setdefault(s.kind, []).append(_clean(text[s.start:s.end], ph))
            bodies.setdefault(s.kind, []).append(_body(text, s, ph))
        for kind, fld in FIELDS.items():
            if kind in parts:
                setattr(item, fld, "\n".join(parts[kind]))
        src: dict[str, str | None] = {"deadline": None, "status": None}
        if "deadline" in bodies:
            item.deadline_kind, item.deadline_date, src["deadline"] = deadline_of("\n".join(bodies["deadline"]), ref)
        if bodies.get("completion"):
            item.status, src["status"] = status_of("\n".join(bodies["completion"]), notice)
            if "deadline" not in bodies:
                item.deadline_kind, item.deadline_date, src["deadline"] = _deadline_in_status(
                    "\n".join(bodies["completion"]), ph, ref)
        elif "deadline" in bodies and item.deadline_kind == "unknown":
            # a deadline field holding a status (and no deadline) states the item's status
            item.status, src["status"] = status_of("\n".join(bodies["deadline"]))
        else:
            item.status, src["status"] = _lead_status(lead, no, len(order), ph)
            if item.status == "unknown" and ph.closed_re.search(lead):
                item.status, src["status"] = "completed", ph.closed_rule  # published to be closed
        out.append((item, src))
    return out


def _deadline_in_status(text: str, ph: Phrases,
                        ref: dt.date | None) -> tuple[str, dt.date | None, str | None]:
    """For an item with no deadline field: the standing obligation its status statement (the
    first sentence of its completion text) names with the status; else the date a completion is
    planned for (rules: planned)."""
    m = ph.sentence_end.search(text)
    head = text[:m.start()] if m else text
    for kind, pat, rid in ph.in_status:
        if pat.search(head):
            return kind, None, rid
    for planned in ph.planned.finditer(text):
        kind, date, rid = deadline_of(planned.group(0), ref)
        if kind == "by_date":
            return kind, date, rid
    return "unknown", None, None


def _lead_status(lead: str, no: str, n_items: int, ph: Phrases) -> tuple[str, str | None]:
    """The status the lead states for an item named there (or for the notice's one item)."""
    if not lead.strip():
        return "unknown", None
    if no and n_items > 1:
        i = lead.find(no)
        if i < 0:
            return "unknown", None
        ends = [m.start() for m in ph.sentence_end.finditer(lead)]
        a = max([e + 1 for e in ends if e < i], default=0)
        b = min([e for e in ends if e >= i], default=len(lead))
        lead = lead[a:b]
    found = [f for f in _statuses(lead, ph) if f[2] != ph.intended_rule]
    if not found:
        return "unknown", None
    for st in ("in_progress", "basically_completed", "completed", "long_term"):
        if any(f[1] == st for f in found):
            return st, ph.lead_rule
    return "unknown", None


def run(doc: Document) -> Document:
    doc.items = [item for item, _ in build_items(doc)]
    return doc


def examples(text: str, reference_date: dt.date | None = None) -> list[dict[str, Any]]:
    """For rule examples: per item a `deadline` and a `status` result, when known."""
    doc = Document(source_path="example", index=0, text=text, published_date=reference_date)
    doc.sections = sections.segment(text)
    out: list[dict[str, Any]] = []
    for item, src in build_items(doc, anonymous=True):
        if item.deadline_kind != "unknown":
            out.append({"kind": "deadline", "text": item.deadline_text or "", "item_no": item.item_no,
                        "deadline_kind": item.deadline_kind, "deadline_date": item.deadline_date,
                        "source": src["deadline"]})
        if item.status != "unknown":
            out.append({"kind": "status", "text": item.completion_text or "", "item_no": item.item_no,
                        "status": item.status, "source": src["status"]})
    return out
