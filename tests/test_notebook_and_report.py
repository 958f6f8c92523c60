"""The example notebook runs top to bottom, and the HTML report renders, on a sample run."""
from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline import report
from pipeline.runner import run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, samples: Path) -> Path:
    work = tmp_path_factory.mktemp("nb")
    inp = work / "in"
    shutil.copytree(samples, inp)
    (inp / "empty.txt").write_bytes(b"")
    # a notice that opens with prose has no title: the report must show it all the same
    (inp / "untitled.txt").write_text("按照省委要求,现将整改情况公示如下:已完成整改任务3项,其余2项正在推进。",
                                      encoding="utf-8")
    run(inp, work / "out", workers=1)
    return work / "out"


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_report_has_every_plot_and_table_and_links_evidence_to_documents(out: Path, tmp_path: Path) -> None:
    page = report.write(out, tmp_path / "report.html").read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(page)
    plots = [a.get("data-plot") for t, a in parser.tags if t == "figure"]
    assert "Documents per province / city" in plots and "Documents per year" in plots
    assert "Items by status" in plots or "no rows" in page
    tables = {a.get("class") for t, a in parser.tags if t == "table"}
    assert {"top-problems", "flags", "documents", "errors", "evidence"} <= tables
    anchors = {a.get("id") for t, a in parser.tags if a.get("id")}
    links = {a["href"][1:] for t, a in parser.tags if t == "a" and (a.get("href") or "").startswith("#")}
    assert links and links <= anchors  # every evidence link lands on a document
    assert "<svg" in page and "http://" not in page.split("<svg", 1)[0]  # nothing fetched before the plots
    assert "spam_injection" in page and "pinyin_annotations" in page


def test_example_notebook_runs_top_to_bottom(out: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    os.environ["NOTICES_OUT"] = str(out)
    try:
        nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    finally:
        del os.environ["NOTICES_OUT"]
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
