"""ingest: encodings, HTML, and inputs that are not notices."""
from __future__ import annotations

import pytest

from pipeline import ingest
from pipeline.clean import cleaner
from pipeline.doc import Page
from pipeline.ingest import IngestError, decode, html_to_text
from pipeline.normalise import normalise_text

from .conftest import sample_text


def _paragraph(prefix: str, index: int) -> str:
    lines = [ln.strip() for ln in sample_text(prefix).split("\n") if len(ln.strip()) > 40]
    return lines[index]


def test_ingest_decodes_gbk_bytes_of_a_real_notice() -> None:
    text = _paragraph("000", 1)
    assert decode(text.encode("gbk")) == text


def test_ingest_decodes_gb18030_and_utf8_with_bom() -> None:
    text = _paragraph("000", 2)
    assert decode(text.encode("gb18030")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def _big5(text: str) -> bytes | None:
    try:
        return text.encode("big5")
    except UnicodeEncodeError:
        return None


def test_ingest_decodes_big5_bytes_of_a_traditional_notice() -> None:
    # seed 002 is traditional; its pinyin annotations (xiàn) are not Big5, so they are taken out first
    paragraphs = [cleaner().pinyin_any.sub("", _paragraph("002", i)) for i in range(8)]
    text = next(p for p in paragraphs if _big5(p))
    assert decode(_big5(text)) == text


def test_ingest_rejects_binary_and_empty_input_with_an_actionable_message() -> None:
    with pytest.raises(IngestError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(IngestError, match="empty"):
        decode(b"  \n ")


def test_ingest_keeps_html_blocks_as_lines_and_table_cells_as_tabs() -> None:
    html = ("<html><head><title>t</title><script>var x=1;</script></head><body>"
            "<div class='nav'>首页</div><h1>关于整改情况的公示</h1><p>发布日期:2021-06-03</p>"
            "<table><tr><th>序号</th><th>反馈问题</th></tr><tr><td>1</td><td>污水直排</td></tr></table>"
            "</body></html>")
    text = html_to_text(html)
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    assert "关于整改情况的公示" in lines
    assert "发布日期:2021-06-03" in lines
    assert any(ln.split("\t")[:2] == ["1", "污水直排"] for ln in lines)
    assert "var x" not in text


def test_normalise_folds_traditional_and_full_width() -> None:
    assert normalise_text("發布時間：２０１７年１１月１７日（星期五）") == "发布时间:2017年11月17日(星期五)"


def test_ingest_reads_a_truncated_gbk_download_but_for_its_last_character() -> None:
    text = _paragraph("000", 1)
    decoded = decode(text.encode("gbk")[:-1])
    assert decoded.rstrip("\ufffd") == text[:-1]


def test_ingest_reduces_deeply_nested_html_in_linear_time() -> None:
    depth = 100_000  # lexbor alone takes seconds on this; the linear scan takes milliseconds
    html = ("<html><head><script>var a = 1 < 2;</script></head><body>" + "<div>" * depth
            + "关于整改情况的公示<table><tr><td>1</td><td>污水直排</td></tr></table>&amp;" + "</div>" * depth)
    lines = [ln for ln in html_to_text(html).split("\n") if ln.strip()]
    assert lines[0] == "关于整改情况的公示"
    assert lines[1].split("\t")[:2] == ["1", "污水直排"]
    assert "var a" not in "".join(lines)


def test_ingest_keeps_a_notice_with_a_few_broken_bytes_and_flags_it() -> None:
    text = "东营市中央环保督察反馈意见整改情况公示\n已完成整改66个,罚款4797.54万元。\n" * 5
    data = text.encode("utf-8")
    broken = data[1:40] + b"\xff" + data[41:-1]  # cut at both ends, one byte corrupted
    page = ingest.run(Page(source_path="n.txt", data=broken))
    assert "罚款4797.54万元" in page.text and "undecodable_bytes" in page.flags
    data = text.encode("gb18030")
    assert "罚款4797.54万元" in ingest.decode(data[1:-1])  # a legacy download cut at both ends
    gbk_as_utf8 = text.encode("gb18030")
    assert "罚款" in ingest.decode(gbk_as_utf8)  # another encoding breaks nearly every byte: not UTF-8
