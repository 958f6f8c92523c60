"""`notices report OUT --html FILE`: one self-contained page with the corpus at a glance.

Plots are inline SVG made with matplotlib, their text kept as text so the
reader's browser draws the Chinese with its own fonts; the page loads nothing
from the network. Every figure is followed by its evidence: the rows behind it,
with doc_id and the text span, linked to the document list at the end.
"""
from __future__ import annotations

import html
import io
import warnings
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .read import read_tables  # noqa: E402

_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; font-size: .9em; }
td, th { border: 1px solid #ddd; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } .num { text-align: right; } figure { margin: 1em 0; }
details { margin: .3em 0 1em; } summary { cursor: pointer; color: #245; }
.span { background: #fff3b0; } .muted { color: #777; }
"""


def _svg(fig: plt.Figure) -> str:
    buf = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none"}), warnings.catch_warnings():
        # glyphs matter only for a raster; in this SVG the text stays text, drawn by the browser
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]


def _bar(counts: pd.Series, title: str, xlabel: str = "", horizontal: bool = False) -> str:
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.3 * len(counts)) if horizontal else 3.2))
    if horizontal:
        ax.barh([str(k) for k in counts.index][::-1], list(counts.values)[::-1], color="#4a7ab5")
    else:
        ax.bar([str(k) for k in counts.index], list(counts.values), color="#4a7ab5")
        ax.tick_params(axis="x", labelrotation=45)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return f'<figure class="plot" data-plot="{html.escape(title)}">{_svg(fig)}</figure>'


def _esc(value: object) -> str:
    """Escaped text of a cell; a missing value (None, NaN, NA) is empty."""
    return "" if value is None or (not isinstance(value, list) and pd.isna(value)) else html.escape(str(value))


def _doc_link(doc_id: str) -> str:
    return f'<a href="#doc-{html.escape(doc_id)}">{html.escape(doc_id)}</a>'


def _table(df: pd.DataFrame, cls: str, link_doc: bool = True) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for _, r in df.iterrows():
        cells = []
        for c in df.columns:
            v = r[c]
            if c == "doc_id" and link_doc:
                cells.append(f"<td>{_doc_link(str(v))}</td>")
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                cells.append(f'<td class="num">{v:,.10g}</td>')
            else:
                cells.append(f"<td>{_esc(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="{cls}"><tr>{head}</tr>{"".join(rows)}</table>'


def _evidence(df: pd.DataFrame, label: str) -> str:
    if df.empty:
        return '<p class="muted">no rows</p>'
    return f"<details><summary>{html.escape(label)} ({len(df)} rows)</summary>{_table(df, 'evidence')}</details>"


def render(out: Path) -> str:
    t = read_tables(out)
    docs, items, inds, secs, errors = t["documents"], t["items"], t["indicators"], t["sections"], t["errors"]
    parts = [f"<h1>Rectification notices: {len(docs)} documents</h1>",
             "<p>" + ", ".join(f"{name} {len(df):,}" for name, df in t.items()) + " rows.</p>"]

    parts.append("<h2>Documents per province and city</h2>")
    where = docs.assign(place=docs.province.fillna("(national or unknown)") + " " + docs.city.fillna(""))
    per_place = where.place.str.strip().value_counts().head(30)
    parts.append(_bar(per_place, "Documents per province / city", horizontal=True))
    parts.append(_evidence(where[["doc_id", "title", "province", "city"]], "documents and their locality"))

    parts.append("<h2>Documents per year of publication</h2>")
    years = docs.published_date.dropna().map(lambda d: d.year)
    parts.append(_bar(years.value_counts().sort_index(), "Documents per year", "year"))
    parts.append(_evidence(docs[["doc_id", "title", "published_date"]].dropna(subset=["published_date"]),
                           "documents and their publication dates"))

    parts.append("<h2>Item status</h2>")
    if len(items):
        parts.append(_bar(items.status.value_counts(), "Items by status"))
    parts.append(_evidence(items[["doc_id", "item_no", "status", "completion_text"]].assign(
        completion_text=items.completion_text.fillna("").str.slice(0, 80)), "items and the completion text read"))

    parts.append("<h2>Indicator totals</h2>")
    if len(inds):
        totals = inds.groupby("indicator").value.sum().sort_values(ascending=False)
        parts.append(_bar(totals, "Sum of stated figures per indicator", horizontal=True))
        parts.append(_table(totals.reset_index().rename(columns={"value": "total"}), "totals", link_doc=False))
    parts.append(_evidence(inds[["doc_id", "indicator", "value", "text", "start", "end"]],
                           "every indicator row with its evidence span"))

    parts.append("<h2>Deadline timeline</h2>")
    dated = items.dropna(subset=["deadline_date"])
    if len(dated):
        months = dated.deadline_date.map(lambda d: f"{d.year}-{d.month:02d}").value_counts().sort_index()
        parts.append(_bar(months, "Items per deadline month", "month"))
    parts.append(_evidence(dated[["doc_id", "item_no", "deadline_kind", "deadline_date", "deadline_text"]],
                           "items with a deadline date"))

    parts.append("<h2>Documents with the most problems</h2>")
    problems = secs[secs.kind == "problem"].groupby("doc_id").size().rename("problem_sections")
    top = docs.set_index("doc_id").join(problems).fillna({"problem_sections": 0})
    top = top.sort_values("problem_sections", ascending=False).head(20).reset_index()
    parts.append(_table(top[["doc_id", "title", "city", "problem_sections"]], "top-problems"))

    parts.append("<h2>Quality flags</h2>")
    flag_counts = Counter(f for flags in docs["flags"] for f in flags)
    parts.append(_table(pd.DataFrame(sorted(flag_counts.items()), columns=["flag", "documents"]), "flags",
                        link_doc=False))
    flagged = docs[docs["flags"].map(len) > 0]
    parts.append(_evidence(flagged.assign(flags=flagged["flags"].map(", ".join))[["doc_id", "title", "flags"]],
                           "flagged documents"))
    if len(errors):
        parts.append("<h2>Inputs that could not be processed</h2>")
        parts.append(_table(errors, "errors", link_doc=False))

    parts.append("<h2>Documents</h2><table class='documents'><tr><th>doc_id</th><th>title</th><th>source</th></tr>")
    for _, d in docs.iterrows():
        parts.append(f'<tr id="doc-{html.escape(d.doc_id)}"><td>{html.escape(d.doc_id)}</td>'
                     f"<td>{_esc(d.title)}</td><td>{_esc(d.source_path)}</td></tr>")
    parts.append("</table>")
    body = "\n".join(parts)
    return (f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>notices report</title>'
            f"<style>{_CSS}</style></head><body>{body}</body></html>")


def write(out: Path, html_path: Path) -> Path:
    html_path.write_text(render(out), encoding="utf-8")
    return html_path
