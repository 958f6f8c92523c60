"""A language-neutral rule matcher: rule files in, (rule, match) pairs out.

Every language fact lives in rules/*.yaml; this module holds none (tests check
that it contains no CJK characters). A rule file for the engine looks like

    extractor: values
    kinds: [money]
    priority: 30              # lower is tried first where two rules start at one place
    words:                    # word tables: each becomes a fragment {name}
      currency: {元: CNY, 美元: USD}
    rules:
      - id: money.yuan
        pattern: '(?P<num>{money_num})(?P<cur>{currency})'
        value: money          # a resolver, looked up in RESOLVERS; unknown names fail at load
        examples: [...]
        negatives: [...]
    traps:                    # spans that are consumed and give nothing (phone numbers, ...)
      - id: trap.phone
        pattern: '...'

A match is the mention, unless the pattern names a group `span`: then that group is the
mention and the rest of the match is context the rule needs (a verb before an amount, say).

How matching works, for speed: the characters each rule can start with are computed
from its parsed pattern. A cheap character-class search finds the next position where
some rule can start; there, one alternation `(rule1)|(rule2)|...` of the rules that can
start with that character (in priority order; named groups turned into plain groups so
that `match.lastindex` says which rule matched) is tried; characters that start nearly
the same rules share one alternation (see Matcher). Matching is
leftmost-first and never overlaps: the alternation order is the tie-break at one start
position (put longer forms first, or give them a lower `priority`). Only a rule that
matched is matched again, with its named groups, to be resolved.
"""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import rules as rulefiles

try:  # Python 3.11+
    import re._constants as _sre_c  # type: ignore[import-not-found]
    import re._parser as _sre_p  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_p  # type: ignore[no-redef]

RuleError = rulefiles.RuleError
Resolver = Callable[..., "dict[str, Any] | None"]

# value functions named in rule files (`value: money`); filled by @resolver
RESOLVERS: dict[str, Resolver] = {}


def resolver(name: str) -> Callable[[Resolver], Resolver]:
    def register(fn: Resolver) -> Resolver:
        if name in RESOLVERS and RESOLVERS[name] is not fn:
            raise RuleError(f"resolver {name!r} registered twice")
        RESOLVERS[name] = fn
        return fn
    return register


@dataclass
class Rule:
    id: str
    file: str
    kind: str  # "trap" for traps
    priority: float
    order: int
    source: str  # pattern with fragments expanded
    regex: re.Pattern[str]
    resolve: Resolver | None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def is_trap(self) -> bool:
        return self.kind == "trap"


_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")
_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def word_fragment(table: dict[str, Any]) -> str:
    """An alternation of the words of a table, longest first, each escaped.

    A word whose value is a mapping with `not_before` (a list of strings) only
    matches where none of them follows it (元 not before 化: 一元化). A table of four or
    more words starts with a lookahead for their first characters, for speed."""
    words = sorted((str(w) for w in table), key=lambda w: (-len(w), w))
    alts = []
    for w in words:
        v = table[w]
        guard = v.get("not_before") if isinstance(v, dict) else None
        if isinstance(guard, str):
            guard = [guard]
        alt = re.escape(w)
        if guard:
            alt += "(?!" + "|".join(re.escape(g) for g in guard) + ")"
        alts.append(alt)
    body = "(?:" + "|".join(alts) + ")"
    if len(words) >= 4:  # a cheap first test: the character class of the words' first characters
        body = "(?=[" + "".join(sorted({_class_char(w[0]) for w in words})) + "])" + body
    return body


def _class_char(ch: str) -> str:
    """A character as written inside [...]."""
    return "\\" + ch if ch in "\\]^-[" else ch


def expand(pattern: str, frags: dict[str, str], where: str) -> str:
    """`{name}` → fragment text; fragments from fragments.yaml first, then word tables."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in frags:
            raise RuleError(f"{where}: unknown fragment {{{name}}}")
        return f"(?:{frags[name]})"

    for _ in range(20):  # word-table fragments may refer to fragments
        new = _REF.sub(sub, pattern)
        if new == pattern:
            return new
        pattern = new
    raise RuleError(f"{where}: fragments nest too deep")


# ---------------------------------------------------------------- first characters
_CAT_CLASS = {
    _sre_c.CATEGORY_DIGIT: r"\d",
    _sre_c.CATEGORY_NOT_DIGIT: r"\D",
    _sre_c.CATEGORY_SPACE: r"\s",
    _sre_c.CATEGORY_NOT_SPACE: r"\S",
    _sre_c.CATEGORY_WORD: r"\w",
    _sre_c.CATEGORY_NOT_WORD: r"\W",
}


class _Anything(Exception):
    """A pattern that can start with (almost) any character."""


def _class_item(op: Any, av: Any) -> str:
    if op is _sre_c.LITERAL:
        return re.escape(chr(av))
    if op is _sre_c.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    if op is _sre_c.CATEGORY and av in _CAT_CLASS:
        return _CAT_CLASS[av]
    raise _Anything


def _first(items: Iterable[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """(class items a sequence can start with, whether it can match empty)."""
    out: set[str] = set()
    for op, av in items:
        if op in (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT):
            continue  # zero width
        if op is _sre_c.LITERAL:
            out.add(re.escape(chr(av)))
            return out, False
        if op is _sre_c.IN:
            if any(o is _sre_c.NEGATE for o, _ in av):
                raise _Anything
            out.update(_class_item(o, a) for o, a in av)
            return out, False
        if op is _sre_c.SUBPATTERN:
            sub, nullable = _first(av[-1])
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None)):
            lo, _hi, body = av
            sub, nullable = _first(body)
            nullable = nullable or lo == 0
        elif op is _sre_c.BRANCH:
            sub, nullable = set(), False
            for alt in av[1]:
                s, n = _first(alt)
                sub |= s
                nullable |= n
        elif op is getattr(_sre_c, "ATOMIC_GROUP", None):
            sub, nullable = _first(av)
        else:
            raise _Anything
        out |= sub
        if not nullable:
            return out, False
    return out, True


@functools.cache  # matchers of one rule set share their rules
def first_class(pattern: str) -> str | None:
    """A character class of the characters a match can start with; None if any."""
    try:
        items, nullable = _first(_sre_p.parse(pattern))
    except _Anything:
        return None
    if nullable or not items:
        return None
    return "[" + "".join(sorted(items)) + "]"


# ---------------------------------------------------------------- loading
@dataclass
class RuleSet:
    rules: list[Rule]
    words: dict[str, dict[str, Any]]  # table name → {word: value}
    files: dict[str, dict[str, Any]]  # file name → parsed YAML
    frags: dict[str, str] = field(default_factory=dict)  # every fragment and word table, by name

    def matcher(self, include: Callable[[Rule], bool]) -> Matcher:
        return Matcher([r for r in self.rules if include(r)])


def load(files: Iterable[str], resolvers: dict[str, Resolver] | None = None) -> RuleSet:
    """Read rule files by name (rules/<name>.yaml) into one ordered rule set."""
    resolvers = RESOLVERS if resolvers is None else resolvers
    files = list(files)
    data = {name: rulefiles.load(name) for name in files}
    frags = dict(rulefiles.fragments())
    words: dict[str, dict[str, Any]] = {}
    for name, d in data.items():
        for table, entries in (d.get("words") or {}).items():
            if table in frags or table in words:
                raise RuleError(f"{name}.yaml: word table {table!r} clashes with a fragment or table")
            if isinstance(entries, list):
                entries = {str(w): True for w in entries}
            words[table] = {str(k): v for k, v in entries.items()}
            frags[table] = word_fragment(words[table])
        for fname, body in (d.get("fragments") or {}).items():
            if name == "fragments":
                continue
            if fname in frags:
                raise RuleError(f"{name}.yaml: fragment {fname!r} is defined twice")
            frags[fname] = str(body)
    out: list[Rule] = []
    seen: set[str] = set()
    order = 0
    for name, d in data.items():
        kinds = list(d.get("kinds") or [])
        base = float(d.get("priority", 50))
        for section in ("rules", "traps"):
            for entry in d.get(section) or []:
                rid = entry.get("id")
                where = f"{name}.yaml::{rid}"
                if not rid or "pattern" not in entry:
                    raise RuleError(f"{where}: a rule needs an id and a pattern")
                if rid in seen:
                    raise RuleError(f"{where}: duplicate rule id")
                seen.add(rid)
                kind = "trap" if section == "traps" else entry.get("kind") or (kinds[0] if kinds else None)
                if not kind:
                    raise RuleError(f"{where}: no kind (give `kind:` or the file's `kinds:`)")
                source = expand(str(entry["pattern"]), frags, where)
                if "(?P=" in source:
                    raise RuleError(f"{where}: back references are not supported")
                try:
                    regex = re.compile(source)
                except re.error as exc:
                    raise RuleError(f"{where}: bad pattern: {exc}") from exc
                if regex.groups != len(regex.groupindex):
                    raise RuleError(f"{where}: use named groups (?P<name>...) or (?:...), not bare (...)")
                fn = None
                if section == "rules":
                    vname = entry.get("value") or d.get("value")
                    if vname not in resolvers:
                        raise RuleError(f"{where}: unknown value function {vname!r}; known: {sorted(resolvers)}")
                    fn = resolvers[vname]
                params = {k: v for k, v in entry.items()
                          if k not in {"id", "pattern", "value", "kind", "examples", "negatives", "priority"}}
                prio = float(entry.get("priority", base))
                out.append(Rule(rid, name, kind, prio, order, source, regex, fn, params))
                order += 1
    out.sort(key=lambda r: (r.priority, r.order))
    return RuleSet(out, words, data, frags)


@functools.cache
def _bmp() -> str:
    """Every character of the Basic Multilingual Plane but the surrogates."""
    return "".join(chr(cp) for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF)


class Matcher:
    """Rules in priority order; `scan` yields (rule, match with named groups), leftmost first,
    never overlapping.

    For speed, a cheap character-class search finds the next position where some rule can
    start, and one `match` there tries one alternation of rules for that character. The
    characters that start the same rules form a key; keys whose rules are nearly the same
    (all the digits, say) share one alternation of the union of their rules, where a rule
    that cannot start with every character of the group sits behind a lookahead for its
    first characters. Sharing keeps compiling cheap (each alternation is compiled on first
    use, and a rule once per group rather than once per key); in the alternation, rules that
    never start at one character may change places, so that rules with the same lookahead
    follow one another and share it. Rules whose first character cannot be computed make
    every position a candidate.
    """

    SLACK = 1.0  # a key joins a group when their rules differ by at most this share of the key's pattern size

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self._classes = [first_class(r.source) for r in rules]
        self._plain = [_NAMED_GROUP.sub("(?:", r.source) for r in rules]
        self._dispatch: dict[str, tuple[re.Pattern[str], list[Rule]]] = {}  # filled on first use
        self._group_of: dict[str, int] = {}
        self._groups: list[list[tuple[frozenset[int], str]]] = []  # the keys of each group, with their characters
        self._compiled: dict[int, tuple[re.Pattern[str], list[Rule]]] = {}
        self._head: re.Pattern[str] | None = None
        if not rules or not all(self._classes):
            return  # no first-character index: every position is tried with every rule
        union = re.compile("[" + "".join(sorted({c[1:-1] for c in self._classes if c})) + "]")
        chars = "".join(union.findall(_bmp()))
        firsts = [set(re.findall(str(c), chars)) for c in self._classes]
        keys: dict[frozenset[int], list[str]] = {}
        for ch in chars:
            keys.setdefault(frozenset(i for i, f in enumerate(firsts) if ch in f), []).append(ch)
        size = lambda idx: sum(len(self._plain[i]) for i in idx)  # noqa: E731
        members: list[frozenset[int]] = []
        for key in sorted(keys, key=lambda k: (-size(k), sorted(k))):
            best = min(range(len(members)), default=None, key=lambda g: size(members[g] ^ key))
            if best is not None and size(members[best] ^ key) <= self.SLACK * size(key):
                members[best] |= key
                self._groups[best].append((key, "".join(keys[key])))
            else:
                best = len(members)
                members.append(key)
                self._groups.append([(key, "".join(keys[key]))])
            for ch in keys[key]:
                self._group_of[ch] = best
        self._head = union

    def _entry(self, ch: str) -> tuple[re.Pattern[str], list[Rule]]:
        """The alternation of a character's group, compiled on first use (compiling is slow)."""
        g = self._group_of.get(ch)
        if g is None:  # outside the Basic Multilingual Plane: a group of its own
            g = self._group_of[ch] = len(self._groups)
            self._groups.append([(frozenset(i for i, c in enumerate(self._classes) if re.match(str(c), ch)), ch)])
        entry = self._compiled.get(g)
        if entry is None:
            entry = self._compiled[g] = self._alternation(self._groups[g])
        self._dispatch[ch] = entry
        return entry

    def _alternation(self, keys: list[tuple[frozenset[int], str]]) -> tuple[re.Pattern[str], list[Rule]]:
        """`(r1)|(?=[c])(?:(r2)|(r3))|...` for the rules of some keys: a rule that is not in every key
        behind a lookahead for the characters of its keys. A rule may go before an earlier one that
        is in no key with it, so that rules of the same keys follow one another and share one."""
        idx = sorted(frozenset().union(*(k for k, _ in keys)))
        guard = {}
        for i in idx:
            chars = "".join(sorted(c for k, cs in keys if i in k for c in cs))
            guard[i] = None if len(chars) == sum(len(cs) for _, cs in keys) else \
                "[" + "".join(_class_char(c) for c in chars) + "]"
        after = {b: {a for a in idx if a < b and any(a in k and b in k for k, _ in keys)} for b in idx}
        order: list[int] = []
        while len(order) < len(idx):
            ready = [i for i in idx if i not in order and after[i].issubset(order)]
            last = guard[order[-1]] if order else None
            order.append(next((i for i in ready if last is not None and guard[i] == last), ready[0]))
        alts = []
        for g, run in itertools.groupby(order, key=guard.get):
            body = "|".join(f"({self._plain[i]})" for i in run)
            alts.append(body if g is None else f"(?={g})(?:{body})")
        return re.compile("|".join(alts) or "(?!)"), [self.rules[i] for i in order]

    def scan(self, text: str) -> Iterator[tuple[Rule, re.Match[str]]]:
        if self._head is None:
            regex, rules = self._compiled.get(-1) or self._alternation([(frozenset(range(len(self.rules))), "")])
            self._compiled[-1] = (regex, rules)
            for m in regex.finditer(text):
                yield from self._emit(text, m, rules)
            return
        search = self._head.search
        dispatch = self._dispatch
        pos = 0
        while True:
            c = search(text, pos)
            if c is None:
                return
            i = c.start()
            entry = dispatch.get(text[i])
            regex, rules = entry if entry is not None else self._entry(text[i])
            m = regex.match(text, i)
            if m is None:
                pos = i + 1
                continue
            yield from self._emit(text, m, rules)
            pos = m.end() if m.end() > i else i + 1

    @staticmethod
    def _emit(text: str, m: re.Match[str], rules: list[Rule]) -> Iterator[tuple[Rule, re.Match[str]]]:
        rule = rules[m.lastindex - 1]  # type: ignore[operator]
        if rule.is_trap:
            yield rule, m
            return
        full = rule.regex.match(text, m.start())
        if full is None or full.end() != m.end():  # cannot happen: same pattern, same place
            full = m
        yield rule, full
