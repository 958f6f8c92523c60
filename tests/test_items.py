"""pipeline/items.py: one item per item_no, with its texts, deadline kind and status."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pipeline import items, sections
from pipeline.doc import Document
from pipeline.normalise import normalise_text

CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


def _items(raw: str, published: dt.date | None = None) -> list:
    text = normalise_text(raw)
    doc = Document(source_path="x.txt", index=0, text=text, published_date=published)
    doc = sections.run(doc)
    return items.run(doc).items


def test_items_one_per_item_with_its_section_texts() -> None:
    got = _items("关于反馈问题整改情况的公示\n一、反馈问题(序号3):城区黑臭水体治理滞后。\n整改目标:消除黑臭水体。\n"
                 "整改措施:截污纳管。\n整改措施:清淤疏浚。\n整改时限:2018年底前\n责任单位:市住建局\n完成情况:已完成。\n"
                 "二、反馈问题(序号5):部分企业超标排放。\n完成情况:正在推进。")
    assert [i.item_no for i in got] == ["3", "5"]
    first = got[0]
    assert first.problem.startswith("一、反馈问题(序号3)")
    assert "截污纳管" in first.measures and "清淤疏浚" in first.measures
    assert first.target.startswith("整改目标") and first.responsible.endswith("市住建局")
    assert (first.deadline_kind, first.deadline_date, first.status) == ("by_date", dt.date(2018, 12, 31), "completed")
    assert (got[1].deadline_kind, got[1].status) == ("unknown", "in_progress")


def test_items_need_an_identifier() -> None:
    assert _items("一、整改任务\n饮用水源地保护区内存在种植活动。\n二、整改目标\n2018年底前完成清理。") == []


def test_items_immediate_and_long_term_is_long_term_with_both_words_kept() -> None:
    (item,) = _items("第8项问题整改公示\n一、整改问题:应急预案未修订。\n三、整改时限:立行立改,长期坚持。")
    assert item.deadline_kind == "long_term"
    assert "立行立改" in item.deadline_text and "长期坚持" in item.deadline_text


def test_items_deadline_kinds() -> None:
    def kind(deadline: str) -> tuple[str, dt.date | None]:
        got = items.deadline_of(normalise_text(deadline), dt.date(2021, 6, 3))
        return got[0], got[1]

    assert kind("立行立改") == ("immediate", None)
    assert kind("每季度至少研究1次") == ("periodic", None)
    assert kind("2018年底前") == ("by_date", dt.date(2018, 12, 31))
    assert kind("2018年10月底前完成台账;12月底前完成平整") == ("by_date", dt.date(2018, 12, 31))
    assert kind("20_年底前")[0] == "by_date" and kind("20_年底前")[1] is None
    assert kind("按要求推进") == ("unknown", None)
    assert kind("") == ("unknown", None)


def test_items_status_is_negation_aware() -> None:
    def status(text: str, notice: bool = False) -> str:
        return items.status_of(normalise_text(text), notice)[0]

    assert status("已完成整改。") == "completed"
    assert status("尚未完成整改。") == "in_progress"
    assert status("目前未全部完成。") == "in_progress"
    assert status("基本完成。") == "basically_completed"
    assert status("已取得阶段性进展,并按序时进度持续推进。") == "in_progress"
    assert status("长期坚持。") == "long_term"
    assert status("正在推进整改。目前基本完成管网建设。") == "in_progress"
    assert status("整改完成率46%。") == "unknown"


def test_items_a_published_completion_reporting_work_done_is_completed() -> None:
    notice = "东营市反馈意见(序号1)整改情况公示\n1、反馈问题:研究议题不足。\n4、完成情况:市委常委会会议研究部署18次。"
    report = "东营市反馈意见(序号1)整改工作报告\n1、反馈问题:研究议题不足。\n4、完成情况:市委常委会会议研究部署18次。"
    assert [i.status for i in _items(notice)] == ["completed"]
    assert [i.status for i in _items(report)] == ["unknown"]


def test_items_named_in_the_lead_take_its_status() -> None:
    got = _items("督察问题十二、问题三十五已整改完成,拟按程序实施销号。\n序号 |\n问题描述 |\n整改目标 |\n1 |\n"
                 "(十二)新余市矿山粉尘污染。 |\n全部整改到位 |")
    assert [(i.item_no, i.status) for i in got] == [("十二", "completed"), ("三十五", "completed")]
    assert got[0].problem.startswith("(十二)新余市") and not got[0].problem.endswith("|")


def test_items_table_rows() -> None:
    got = _items("整改完成情况公示表\n编号 | 具体问题 | 整改措施 | 工作进展情况 | 完成率 | 整改年限 | 牵头单位 |\n"
                 "1 | 河长巡河工作重视不够。 | 加大考核力度。 | 已印发考核办法。 | 100% | 2019年 | 区河长办 |\n")
    (item,) = got
    assert (item.item_no, item.deadline_kind, item.deadline_date, item.status) == \
        ("1", "by_date", dt.date(2019, 12, 31), "completed")
    assert item.responsible == "区河长办"


def test_items_stage_contract() -> None:
    assert items.NAME == "items" and "sections" in items.READS and "items" in items.WRITES
    assert not CJK.findall(Path(items.__file__).read_text(encoding="utf-8"))
