"""End to end: a folder of notices in, the contract's tables out; incremental, atomic, locked."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline import rules, runner
from pipeline.cli import cli
from pipeline.store import Store
from pipeline.write import TABLES

from .conftest import SHARED

CHECK_CONTRACT = SHARED / "tools" / "check_contract.py"


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["run", *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory, samples: Path) -> Path:
    work = tmp_path_factory.mktemp("run")
    inp = work / "in"
    shutil.copytree(samples, inp)
    (inp / "broken.txt").write_bytes(b"\x00\x01\x02\x03 not a notice \xff\xfe" * 20)
    code, output = run_cli("--input", str(inp), "--output", str(work / "out"), "--workers", "2")
    assert code == 0, output
    return work / "out"


def docs_of(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "documents")


def test_run_output_passes_the_contract_check(sample_run: Path) -> None:
    if not CHECK_CONTRACT.exists():
        pytest.skip("../shared/tools/check_contract.py is not beside the clone")
    proc = subprocess.run([sys.executable, str(CHECK_CONTRACT), str(sample_run)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip().endswith("contract: 0 problems")


def test_run_splits_the_compilation_and_reads_every_sample(sample_run: Path) -> None:
    docs = docs_of(sample_run)
    assert len(docs) == 10  # seed 001 holds six plans
    multi = docs[docs.source_path.str.startswith("001")]
    assert sorted(multi.title) == [f"环保督查整改方案{i}" for i in range(1, 7)]
    assert all("multi_document" in flags for flags in multi["flags"])


def test_run_restores_pinyin_annotated_text_as_simplified(sample_run: Path) -> None:
    doc = docs_of(sample_run).set_index("source_path").loc[lambda d: d.index.str.startswith("002")].iloc[0]
    assert "pinyin_annotations" in doc["flags"]
    assert doc.script in ("traditional", "mixed")
    assert "(xiàn)" not in doc.text and "現" not in doc.text
    assert "关于中央环保督察反馈意见整改进展情况的汇报" in doc.text


def test_run_removes_spam_and_chrome(sample_run: Path) -> None:
    docs = docs_of(sample_run)
    spam = docs[docs.source_path.str.startswith("003")].iloc[0]
    assert "spam_injection" in spam["flags"]
    for doc_text in docs.text:
        for junk in ("28365365", "bet", "体育在线投注", "人妻", "视力保护色", "打印本页", "关闭窗口",
                     "浏览次数", "Produced By", "分享到"):
            assert junk not in doc_text


def test_run_turns_an_unreadable_file_into_an_errors_row(sample_run: Path) -> None:
    errors = pd.read_parquet(sample_run / "errors")
    assert list(errors.source_path) == ["broken.txt"]
    assert errors.stage.iloc[0] == "ingest"
    assert "binary" in errors.error.iloc[0]


def test_run_gives_real_sections_and_values_on_the_seeds(sample_run: Path) -> None:
    docs = docs_of(sample_run)
    mentions = pd.read_parquet(sample_run / "mentions")
    sections = pd.read_parquet(sample_run / "sections")
    first = docs[docs.source_path.str.startswith("000")].doc_id.iloc[0]
    kinds = set(sections[sections.doc_id == first].kind)
    assert {"problem", "deadline", "completion"} <= kinds
    money = mentions[(mentions.doc_id == first) & (mentions.kind == "money")]
    assert 47975400 in set(money.value)


def test_rerun_on_unchanged_input_does_no_work(tmp_path: Path, samples: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(samples, inp)
    assert run_cli("--input", str(inp), "--output", str(out), "--workers", "1")[0] == 0
    current = Store(out).current
    code, output = run_cli("--input", str(inp), "--output", str(out), "--workers", "1")
    assert code == 0 and "0 processed" in output
    assert Store(out).current == current  # no new generation was written


def test_rerun_replaces_a_changed_file_adds_a_new_one_and_keeps_a_vanished_one(tmp_path: Path,
                                                                                samples: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(samples, inp)
    run_cli("--input", str(inp), "--output", str(out), "--workers", "1")
    before = docs_of(out).set_index("source_path")
    changed = next(inp.glob("000*"))
    changed.write_text(changed.read_text(encoding="utf-8").replace("4797.54万元", "4800万元"), encoding="utf-8")
    shutil.copy(next(inp.glob("004*")), inp / "004_copy.txt")
    gone = next(inp.glob("003*"))
    gone.unlink()
    code, output = run_cli("--input", str(inp), "--output", str(out), "--workers", "1")
    assert code == 0 and "2 processed" in output
    after = docs_of(out).set_index("source_path")
    assert after.doc_id.is_unique
    assert after.loc[changed.name].doc_id == before.loc[changed.name].doc_id  # same id, new text
    assert "4800万元" in after.loc[changed.name].text
    assert "004_copy.txt" in after.index
    assert gone.name in after.index  # kept without --prune
    mentions = pd.read_parquet(out / "mentions")
    assert set(mentions.doc_id) <= set(after.doc_id)
    assert not (mentions.text == "4797.54万元").any()
    code, _ = run_cli("--input", str(inp), "--output", str(out), "--workers", "1", "--prune")
    assert code == 0 and gone.name not in set(docs_of(out).source_path)


def _rows(out: Path, table: str) -> list[str]:
    """A table's rows as sorted strings, to compare tables whatever their part files and row order."""
    return sorted(map(repr, pd.read_parquet(out / table).to_dict("records")))


def test_an_incremental_run_links_untouched_parts_and_equals_a_fresh_run(
        tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a few batches of several files: one part is reused whole, one is rewritten around the changed file
    monkeypatch.setattr(runner, "_MIN_BATCH_BYTES", 1)
    monkeypatch.setattr(runner, "_BATCHES_PER_WORKER", 2)
    inp, out, fresh = tmp_path / "in", tmp_path / "out", tmp_path / "fresh"
    shutil.copytree(samples, inp)
    (inp / "broken.txt").write_bytes(b"\x00\x01\xff" * 50)
    assert run_cli("--input", str(inp), "--output", str(out), "--workers", "1")[0] == 0
    first = {p.name: p.stat().st_ino for p in (out / "documents").iterdir()}
    assert len(first) >= 2
    changed = next(inp.glob("003*"))  # batched with the files after it
    changed.write_text(changed.read_text(encoding="utf-8") + "\n已完成整改3个。\n", encoding="utf-8")
    assert run_cli("--input", str(inp), "--output", str(out), "--workers", "1")[0] == 0
    second = {p.name: p.stat().st_ino for p in (out / "documents").iterdir()}
    linked = {name for name in first if second.get(name) == first[name]}
    assert len(linked) == len(first) - 1  # only the changed file's part was rewritten
    assert any(name.endswith("-kept.parquet") for name in second)  # its other files' rows, carried over
    assert run_cli("--input", str(inp), "--output", str(fresh), "--workers", "1")[0] == 0
    for table in TABLES:
        assert _rows(out, table) == _rows(fresh, table), table


def test_a_second_run_on_a_locked_output_is_refused(tmp_path: Path, samples: Path) -> None:
    out = tmp_path / "out"
    with Store(out).lock():
        code, output = run_cli("--input", str(samples), "--output", str(out))
    assert code == 3
    assert "being written" in output


def test_strict_exits_1_when_an_input_failed(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "empty.txt").write_bytes(b"")
    assert run_cli("--input", str(inp), "--output", str(tmp_path / "o1"))[0] == 0
    assert run_cli("--input", str(inp), "--output", str(tmp_path / "o2"), "--strict")[0] == 1


def test_a_run_killed_at_any_moment_leaves_the_last_good_tables(tmp_path: Path, samples: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(samples, inp)
    assert run_cli("--input", str(inp), "--output", str(out), "--workers", "1")[0] == 0
    good = docs_of(out).sort_values("doc_id").reset_index(drop=True)
    for i in range(40):  # enough work that kills land in every phase of the run
        for src in samples.iterdir():
            (inp / f"copy{i}_{src.name}").write_bytes(src.read_bytes())
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for delay in (0.3, 1.0, 2.0):
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--input", str(inp), "--output",
                                 str(out), "--workers", "2"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        docs = docs_of(out)  # readable, one version of each document
        assert docs.doc_id.is_unique
        if len(docs) == len(good):
            pd.testing.assert_frame_equal(docs.sort_values("doc_id").reset_index(drop=True), good)
        for table in ("sections", "mentions", "items", "indicators"):
            assert set(pd.read_parquet(out / table).doc_id) <= set(docs.doc_id)
    code, _ = run_cli("--input", str(inp), "--output", str(out), "--workers", "2")
    assert code == 0
    assert len(docs_of(out)) == len(good) * 41


def test_parquet_files_carry_the_schema_version(sample_run: Path) -> None:
    import pyarrow.parquet as pq

    from pipeline.write import SCHEMA_VERSION

    for part in sample_run.glob("*/*.parquet"):
        meta = pq.read_schema(part).metadata
        assert meta[b"notices_schema_version"].decode() == SCHEMA_VERSION


def test_read_tables_gives_proper_dtypes(sample_run: Path) -> None:
    import datetime as dt

    from pipeline import read_tables

    tables = read_tables(sample_run)
    assert set(tables) == {"documents", "sections", "mentions", "items", "indicators", "errors"}
    docs = tables["documents"]
    dates = docs.published_date.dropna()
    assert len(dates) and all(isinstance(d, dt.date) for d in dates)
    assert all(isinstance(f, list) for f in docs["flags"])


def test_dask_executor_writes_the_same_tables(tmp_path: Path, samples: Path, sample_run: Path) -> None:
    pytest.importorskip("distributed")
    inp = tmp_path / "in"
    shutil.copytree(samples, inp)
    (inp / "broken.txt").write_bytes((sample_run.parent / "in" / "broken.txt").read_bytes())
    code, output = run_cli("--input", str(inp), "--output", str(tmp_path / "out"), "--executor", "dask",
                           "--workers", "2")
    assert code == 0, output
    for table in ("documents", "mentions", "errors"):
        want = pd.read_parquet(sample_run / table)
        got = pd.read_parquet(tmp_path / "out" / table)
        key = ["doc_id", "start", "end", "kind"] if table == "mentions" else ["source_path"]
        key = ["doc_id"] if table == "documents" else key
        pd.testing.assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                                      want.sort_values(key).reset_index(drop=True))


def test_corrupt_inputs_never_stop_the_run(tmp_path: Path, samples: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    text = next(samples.glob("000*")).read_text(encoding="utf-8")
    (inp / "binary.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    (inp / "empty.txt").write_bytes(b"")
    (inp / "truncated_gbk.txt").write_bytes(text.encode("gbk")[:-1])
    depth = 100_000
    (inp / "nested.html").write_text("<html><body>" + "<div>" * depth + "<p>关于整改情况的公示</p>"
                                     + "</div>" * depth + "</body></html>", encoding="utf-8")
    big = text.encode("utf-8") * (50_000_000 // len(text.encode("utf-8")) + 1)  # a 50 MB file
    (inp / "big.txt").write_bytes(big)
    code, output = run_cli("--input", str(inp), "--output", str(tmp_path / "out"), "--workers", "2")
    assert code == 0, output
    errors = pd.read_parquet(tmp_path / "out" / "errors").set_index("source_path")
    assert set(errors.index) == {"binary.doc", "empty.txt"}
    assert "binary" in errors.loc["binary.doc", "error"] and "empty" in errors.loc["empty.txt", "error"]
    docs = pd.read_parquet(tmp_path / "out" / "documents").set_index("source_path")
    assert "东营市中央环保督察反馈意见" in docs.loc["truncated_gbk.txt", "text"]
    assert docs.loc["nested.html", "text"] == "关于整改情况的公示"
    assert len(docs.loc["big.txt", "text"]) > 15_000_000


def test_a_new_pipeline_version_reprocesses_everything(tmp_path: Path, samples: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import runner

    out = tmp_path / "out"
    assert run_cli("--input", str(samples), "--output", str(out), "--workers", "1")[0] == 0
    monkeypatch.setattr(runner, "pipeline_version", lambda: "changed-rules")
    code, output = run_cli("--input", str(samples), "--output", str(out), "--workers", "1")
    assert code == 0 and "5 processed" in output


def test_pipeline_version_follows_the_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import runner

    rules_copy = tmp_path / "rules"
    shutil.copytree(rules.RULES_DIR, rules_copy)
    monkeypatch.setattr(rules, "RULES_DIR", rules_copy)
    runner.pipeline_version.cache_clear()
    before = runner.pipeline_version()
    (rules_copy / "cleaning.yaml").write_text((rules_copy / "cleaning.yaml").read_text() + "\n# edited\n")
    runner.pipeline_version.cache_clear()
    assert runner.pipeline_version() != before
    runner.pipeline_version.cache_clear()


def test_a_broken_rule_file_stops_the_run_once_and_keeps_the_tables(tmp_path: Path, samples: Path) -> None:
    out, rules_copy = tmp_path / "out", tmp_path / "rules"
    assert run_cli("--input", str(samples), "--output", str(out), "--workers", "1")[0] == 0
    before = _rows(out, "documents")
    shutil.copytree(rules.RULES_DIR, rules_copy)
    (rules_copy / "cleaning.yaml").write_text("chrome_lines: [unclosed\n", encoding="utf-8")
    # a fresh interpreter, so that no rule file is already loaded
    script = ("import sys; from pathlib import Path; import pipeline.rules as r; r.RULES_DIR = Path(sys.argv[1]); "
              "from pipeline.cli import main; sys.argv = ['notices'] + sys.argv[2:]; main()")
    done = subprocess.run([sys.executable, "-c", script, str(rules_copy), "run", "--input", str(samples),
                           "--output", str(out), "--workers", "1"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "cleaning.yaml" in done.stderr and done.stderr.count("error:") == 1
    assert _rows(out, "documents") == before


def test_a_worker_that_dies_costs_only_its_file(tmp_path: Path, samples: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # fork, so that the workers inherit the stand-in below: reading one file kills its worker outright
    monkeypatch.setattr(runner, "_START_METHOD", "fork")
    monkeypatch.setattr(runner, "_MIN_BATCH_BYTES", 1)
    monkeypatch.setattr(runner, "_BATCHES_PER_WORKER", 1)  # two batches of several files each
    real = runner.process_bytes

    def dies_on_the_killer(source_path: str, *args: object, **kwargs: object) -> object:
        if source_path == "killer.txt":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source_path, *args, **kwargs)

    monkeypatch.setattr(runner, "process_bytes", dies_on_the_killer)
    inp, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(samples, inp)
    shutil.copy(next(inp.glob("002*")), inp / "killer.txt")
    code, output = run_cli("--input", str(inp), "--output", str(out), "--workers", "2")
    assert code == 0, output
    errors = pd.read_parquet(out / "errors")
    assert list(errors.source_path) == ["killer.txt"] and "worker process died" in errors.error[0]
    docs = docs_of(out)
    assert docs.doc_id.is_unique
    assert set(docs.source_path) == {p.name for p in samples.iterdir()}
    assert set(pd.read_parquet(out / "mentions").doc_id) <= set(docs.doc_id)
