"""find_values on the public test suites of Recognizers-Text, JioNLP and cn2an.

The cases are data in tests/specs/*.json (each file names the spec file and commit
it was copied from); no code of those projects is used here, except that, where the
library is installed, `python tests/test_specs.py` also runs it on the same cases
with the same criterion, to compare (dev-only: pip install cn2an jionlp
recognizers-text-number recognizers-text-number-with-unit recognizers-text-date-time).

A case:
    {"input": ..., "reference_date": "2017-03-22"?, "kinds": [...]?,
     "expect": [{"text"?, "value"?, "value_max"?, "unit"?, "timex"?,
                 "date_start"?: [alternatives], "date_end"?: [alternatives]}],
     "whole_only"?: true,
     "gap"?: "a form we do not read (yet)",
     "disagree"?: "where our definitions give another reading, and their source",
     "ours"?: [what we give instead, in the shape of expect]}
It passes when find_values (input normalised, results of the suite's kinds) gives
exactly as many results as `expect`, and each, in order, has the listed fields.
`whole_only` cases (inputs a library must reject) pass when no result covers the
whole input. A leading 从 in an expected span is a hedge word our spans leave
outside (ANNOTATION.md) and is dropped before comparing.

Each suite asserts a floor on its pass rate (the rate reached when the floor was
set). `gap` cases count as failures and are listed apart. `disagree` cases are
documented disagreements: the suite expects what ANNOTATION.md / CONTRACT.md (or a
decision written in rules/*.yaml, named in the reason) define otherwise, e.g.
年底 = the last day, no value_max for 3000多, hedge words (前, 以前, 起) outside the
span. They count as failures in the rate, never as passes; instead
`test_spec_disagreements_hold` checks that we still give `ours`, so a
disagreement stays a decision and does not drift. `python tests/test_specs.py`
also prints each rate on the comparable cases (all but the disagreements), for
us and for the library where it is installed.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.extract.values import find_values  # noqa: E402
from pipeline.normalise import normalise_text  # noqa: E402

SPECS = Path(__file__).resolve().parent / "specs"
HEDGE = re.compile(r"^(?:从|在)")

# pass-rate floors, as reached (raise them when the extractor gets better)
FLOORS: dict[str, float] = {
    "recognizers_number.json": 0.99,
    "recognizers_percent.json": 0.99,
    "recognizers_currency.json": 1.00,
    "recognizers_dimension.json": 1.00,
    "recognizers_date_extractor.json": 0.97,
    "recognizers_date_parser.json": 0.80,
    "recognizers_dateperiod_extractor.json": 0.94,
    "recognizers_dateperiod_parser.json": 0.78,
    "jionlp_money_parser.json": 0.77,
    "jionlp_money_extractor.json": 0.90,
    "jionlp_time_extractor.json": 0.97,
    "jionlp_time_parser.json": 0.70,
    "cn2an_numbers.json": 1.00,
    "cn2an_transform.json": 1.00,
}


def load(name: str) -> dict[str, Any]:
    return json.loads((SPECS / name).read_text(encoding="utf-8"))


def spec_files() -> list[str]:
    return sorted(p.name for p in SPECS.glob("*.json"))


def _same_value(want: Any, got: Any) -> bool:
    if want is None or got is None:
        return want is got
    return math.isclose(float(want), float(got), rel_tol=1e-6, abs_tol=1e-9)


def _date(v: Any) -> str | None:
    return None if v is None else v.isoformat()[:10]


def check_case(case: dict[str, Any], kinds: list[str], key: str = "expect") -> tuple[bool, list[dict[str, Any]]]:
    """(passed, the results it was judged on); key="ours" checks a disagreement's own reading."""
    kinds = case.get("kinds") or kinds
    text = normalise_text(case["input"])
    ref = dt.date.fromisoformat(case["reference_date"]) if case.get("reference_date") else None
    results = find_values(text, ref, kinds=kinds)
    if case.get("whole_only") and key == "expect":
        whole = text.strip()
        return not any(r["text"].strip() == whole for r in results), results
    expect = case[key]
    if len(results) != len(expect):
        return False, results
    for r, e in zip(results, expect):
        if "text" in e and r["text"] != HEDGE.sub("", normalise_text(e["text"])):
            return False, results
        for key in ("value", "value_max"):
            if key in e and not _same_value(e[key], r.get(key)):
                return False, results
        if "unit" in e and r.get("unit") != e["unit"]:
            return False, results
        if "timex" in e and r.get("timex") != e["timex"]:
            return False, results
        for key in ("date_start", "date_end"):
            if key in e and _date(r.get(key)) not in e[key]:
                return False, results
    return True, results


def run_suite(name: str) -> dict[str, Any]:
    spec = load(name)
    passed, failed, gaps, disagree, drifted = [], [], [], [], []
    for case in spec["cases"]:
        ok, results = check_case(case, spec["kinds"])
        if case.get("disagree"):
            held, ours = check_case(case, spec["kinds"], "ours")
            (disagree if held else drifted).append((case, ours))
        elif ok:
            passed.append(case)
        elif case.get("gap"):
            gaps.append((case, results))
        else:
            failed.append((case, results))
    n = len(spec["cases"])
    comparable = n - len(disagree) - len(drifted)
    return {"name": name, "suite": spec["suite"], "n": n, "passed": len(passed), "rate": len(passed) / n,
            "comparable_rate": len(passed) / comparable if comparable else None,
            "failed": failed, "gaps": gaps, "disagree": disagree, "drifted": drifted}


@pytest.mark.parametrize("name", spec_files())
def test_spec_suite_pass_rate(name: str) -> None:
    res = run_suite(name)
    floor = FLOORS.get(name, 0.0)
    detail = "; ".join(f"{c['input']!r} → {[(r['text'], r.get('value'), _date(r.get('date_start'))) for r in got]}"
                       for c, got in res["failed"][:8])
    assert res["rate"] >= floor, (f"{res['suite']}: {res['passed']}/{res['n']} = {res['rate']:.1%} "
                                  f"under the floor {floor:.0%}; failures: {detail}")


@pytest.mark.parametrize("name", spec_files())
def test_spec_disagreements_hold(name: str) -> None:
    """A documented disagreement names its reason and what we give instead, and we still give it."""
    for case in load(name)["cases"]:
        if case.get("disagree"):
            assert "ours" in case and not case.get("gap"), case["input"]
    res = run_suite(name)
    shown = lambda got: [(r["text"], r.get("value"), _date(r.get("date_start")), _date(r.get("date_end")))  # noqa: E731
                         for r in got]
    detail = "; ".join(f"{c['input']!r}: want ours={c['ours']}, got {shown(got)}" for c, got in res["drifted"])
    assert not res["drifted"], detail


def test_spec_files_name_their_source() -> None:
    for name in spec_files():
        spec = load(name)
        assert spec.get("source") and spec.get("suite") and spec.get("kinds"), name
        assert spec["cases"], name
        assert name in FLOORS, f"{name}: give it a floor in FLOORS"


# ---------------------------------------------------------------- the libraries themselves
def _jio() -> Any:
    import jionlp  # type: ignore[import-not-found]

    return jionlp


def _lib_money_parser(case: dict[str, Any]) -> bool:
    res = _jio().parse_money(case["input"])
    return res.get("num") == case["orig_num"] and res.get("case") == case["orig_case"]


def _lib_extract(fn_name: str) -> Callable[[dict[str, Any]], bool]:
    def run(case: dict[str, Any]) -> bool:
        jio = _jio()
        if fn_name == "money":
            got = jio.ner.extract_money(case["input"], with_parsing=False)
        else:
            import time

            got = jio.ner.extract_time(case["input"], time_base=time.time(), with_parsing=False)
        return [g["text"] for g in got] == [e["text"] for e in case["expect"]]
    return run


def _lib_time_parser(case: dict[str, Any]) -> bool:
    ref = dt.date.fromisoformat(case["reference_date"])
    try:
        res = _jio().parse_time(case["input"], time_base={"year": ref.year, "month": ref.month, "day": ref.day})
    except Exception:  # noqa: BLE001 - a library error is a failed case
        return False
    t = res.get("time") if isinstance(res, dict) else None
    if not isinstance(t, list) or len(t) != 2:
        return False
    e = case["expect"][0]
    return str(t[0])[:10] in e["date_start"] and str(t[1])[:10] in e["date_end"]


def _lib_cn2an(case: dict[str, Any]) -> bool:
    from cn2an import Cn2An  # type: ignore[import-not-found]

    ca = Cn2An()
    if case["mode"] == "error":
        try:
            ca.cn2an(case["input"])  # their error cases are run in the default (strict) mode
        except Exception:  # noqa: BLE001 - any rejection counts
            return True
        return False
    try:
        return math.isclose(float(ca.cn2an(case["input"], case["mode"])), float(case["expect"][0]["value"]))
    except (ValueError, TypeError):
        return False


def _recognizer(kind: str) -> Callable[[dict[str, Any]], bool]:
    def run(case: dict[str, Any]) -> bool:
        from recognizers_text import Culture  # type: ignore[import-not-found]

        if kind in ("number", "percent"):
            from recognizers_number import recognize_number, recognize_percentage  # type: ignore[import-not-found]

            fn = recognize_number if kind == "number" else recognize_percentage
        else:
            from recognizers_number_with_unit import (  # type: ignore[import-not-found]
                recognize_currency,
                recognize_dimension,
            )

            fn = recognize_currency if kind == "currency" else recognize_dimension
        try:
            got = fn(case["input"], Culture.Chinese)
        except Exception:  # noqa: BLE001
            return False
        if not _same_spans(got, case["expect"]):
            return False
        for g, e in zip(got, case["expect"]):
            value = (g.resolution or {}).get("value")
            if value is None:
                return False
            try:
                if not math.isclose(float(str(value).rstrip("%")), float(e["value"]), rel_tol=1e-6):
                    return False
            except ValueError:
                return False
            if "unit" in e and (g.resolution or {}).get("isoCurrency") != e["unit"]:
                return False
        return True
    return run


def _same_spans(got: list[Any], expect: list[dict[str, Any]]) -> bool:
    """A library's results have the suite's texts, one for one."""
    return len(got) == len(expect) and all(
        normalise_text(g.text) == normalise_text(e["text"]) for g, e in zip(got, expect))


def _recognizer_datetime(parse: bool) -> Callable[[dict[str, Any]], bool]:
    """Recognizers-Text's DateTimeModel on a date suite: spans (and, to parse, days)."""
    def run(case: dict[str, Any]) -> bool:
        from recognizers_date_time import recognize_datetime  # type: ignore[import-not-found]
        from recognizers_text import Culture  # type: ignore[import-not-found]

        ref = dt.datetime.fromisoformat(case.get("reference_date") or "2017-03-22")
        try:
            got = recognize_datetime(case["input"], Culture.Chinese, reference=ref)
        except Exception:  # noqa: BLE001
            return False
        if not _same_spans(got, case["expect"]):
            return False
        if not parse:
            return True
        for g, e in zip(got, case["expect"]):
            values = (g.resolution or {}).get("values") or []
            ok = False
            for v in values:
                start = v.get("value") or v.get("start")
                end = v.get("value") or v.get("end")
                if not start or not end:
                    continue
                if v.get("type") == "daterange" and not str(v.get("timex", "")).startswith("("):
                    end = (dt.date.fromisoformat(end[:10]) - dt.timedelta(days=1)).isoformat()
                ok |= start[:10] in e["date_start"] and end[:10] in e["date_end"]
            if not ok:
                return False
        return True
    return run


LIBRARIES: dict[str, tuple[str, Callable[[dict[str, Any]], bool]]] = {
    "recognizers_date_extractor.json": ("recognizers-text (Python)", _recognizer_datetime(False)),
    "recognizers_date_parser.json": ("recognizers-text (Python)", _recognizer_datetime(True)),
    "recognizers_dateperiod_extractor.json": ("recognizers-text (Python)", _recognizer_datetime(False)),
    "recognizers_dateperiod_parser.json": ("recognizers-text (Python)", _recognizer_datetime(True)),
    "jionlp_money_parser.json": ("jionlp", _lib_money_parser),
    "jionlp_money_extractor.json": ("jionlp", _lib_extract("money")),
    "jionlp_time_extractor.json": ("jionlp", _lib_extract("time")),
    "jionlp_time_parser.json": ("jionlp", _lib_time_parser),
    "cn2an_numbers.json": ("cn2an", _lib_cn2an),
    "recognizers_number.json": ("recognizers-text (Python)", _recognizer("number")),
    "recognizers_percent.json": ("recognizers-text (Python)", _recognizer("percent")),
    "recognizers_currency.json": ("recognizers-text (Python)", _recognizer("currency")),
    "recognizers_dimension.json": ("recognizers-text (Python)", _recognizer("dimension")),
}


def library_rate(name: str) -> tuple[str, float, float | None] | None:
    """(library, rate on all cases, rate on the comparable cases), where the library is installed."""
    if name not in LIBRARIES:
        return None
    lib, fn = LIBRARIES[name]
    cases = load(name)["cases"]
    try:
        ok = [bool(fn(c)) for c in cases]
    except ImportError:
        return None
    comp = [o for c, o in zip(cases, ok) if not c.get("disagree")]
    return lib, sum(ok) / len(cases), (sum(comp) / len(comp) if comp else None)


def main(argv: list[str]) -> int:
    """Print the pass rate per suite (and the library's own, where installed); -v lists failures.

    Columns: cases; ours = passes / all cases; dis = documented disagreements; comp = our
    rate on the comparable cases (all but the disagreements); then the library's rate on
    all cases and on the comparable ones."""
    verbose = "-v" in argv
    pct = lambda v: "-" if v is None else f"{v:.1%}"  # noqa: E731
    print(f"{'suite':46s} {'cases':>5s} {'ours':>7s} {'dis':>4s} {'comp':>7s}   library: all / comp")
    for name in spec_files():
        res = run_suite(name)
        lib = library_rate(name) if "--no-lib" not in argv else None
        libtxt = f"{lib[0]} {pct(lib[1])} / {pct(lib[2])}" if lib else "-"
        print(f"{res['suite']:46s} {res['n']:5d} {res['rate']:7.1%} {len(res['disagree']):4d} "
              f"{pct(res['comparable_rate']):>7s}   {libtxt}", flush=True)
        if verbose:
            rows = [("FAIL", c, got) for c, got in res["failed"]] + \
                   [(f"gap ({c['gap']})", c, got) for c, got in res["gaps"]] + \
                   [("DRIFTED disagreement", c, got) for c, got in res["drifted"]]
            if "--disagree" in argv:
                rows += [(f"disagree ({c['disagree']})", c, got) for c, got in res["disagree"]]
            for tag, c, got in rows:
                shown = [(r["kind"], r["text"], r.get("value"), r.get("value_max"), r.get("unit"),
                          _date(r.get("date_start")), _date(r.get("date_end")), r.get("timex")) for r in got]
                print(f"    {tag}: {c['input']!r} want {c['expect']} got {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
