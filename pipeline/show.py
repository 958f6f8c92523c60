"""`notices show FILE`: one notice in the terminal, sections and mentions highlighted."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .runner import process_bytes

SECTION_STYLES = {"problem": "bold red", "target": "bold blue", "measure": "bold green", "deadline": "bold magenta",
                  "completion": "bold cyan", "responsible": "bold yellow", "other": "dim"}
MENTION_STYLES = {"money": "black on yellow", "percent": "black on bright_green", "quantity": "black on cyan",
                  "count": "black on bright_magenta", "date": "black on bright_blue", "date_range": "black on blue",
                  "agency": "underline bold"}


def show(path: Path, reference_date: dt.date | None = None, console: Console | None = None) -> None:
    console = console or Console()
    rows = process_bytes(path.name, path.read_bytes(), reference_date)
    for err in rows.get("errors", []):
        console.print(f"[red]{err['stage']}: {err['error']}[/red]")
    for doc in rows.get("documents", []):
        console.rule(f"{doc['title'] or '(no title)'}  [dim]{doc['doc_id']}[/dim]")
        console.print(f"published {doc['published_date']} · {doc['province'] or '-'} {doc['city'] or ''} "
                      f"{doc['county'] or ''} · script {doc['script']} · flags {', '.join(doc['flags']) or '-'}")
        text = Text(doc["text"])
        for m in (m for m in rows["mentions"] if m["doc_id"] == doc["doc_id"]):
            text.stylize(MENTION_STYLES.get(m["kind"], "reverse"), m["start"], m["end"])
        sections = [s for s in rows["sections"] if s["doc_id"] == doc["doc_id"]]
        for s in sections:
            label = Text(f"\n[{s['kind']}{' #' + s['item_no'] if s['item_no'] else ''}] ",
                         style=SECTION_STYLES.get(s["kind"], ""))
            console.print(label + text[s["start"]:s["end"]])
        if not sections:
            console.print(text)
        legend = Table("kind", "text", "value", "object / normalized", "dates", "rule", title="mentions")
        for m in (m for m in rows["mentions"] if m["doc_id"] == doc["doc_id"]):
            dates = f"{m['date_start'] or ''}..{m['date_end'] or ''} {m['timex'] or ''}".strip(". ")
            value = "" if m["value"] is None else f"{m['value']:,.10g}"
            if m["value_max"] is not None:
                value += f"-{m['value_max']:,.10g}"
            value = f"{value} {m['unit'] or ''}".strip()
            legend.add_row(Text(m["kind"], style=MENTION_STYLES.get(m["kind"], "")), m["text"], value,
                           m["object"] or m["normalized"] or "", dates, m["source"])
        console.print(legend)
