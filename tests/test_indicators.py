"""pipeline/extract/indicators.py: the Indicators decisions of ANNOTATION.md."""
from __future__ import annotations

from pipeline.extract import indicators
from pipeline.normalise import normalise_text
from tests.test_counts import CJK, string_literals


def _rows(text: str) -> list[tuple[str, float]]:
    found = indicators.examples(normalise_text(text))
    return [(r["indicator"], r["value"]) for r in found]


def test_indicators_one_row_per_statement() -> None:
    text = ("山东重拳治污：一个月内整改企业8023家、立案处罚719家。"
            "督察组向地方转办的9640件信访件，已全部办结，责令整改企业（单位）8023家，立案处罚企业（单位）719家。")
    assert sorted(_rows(text)) == sorted([
        ("enterprises_ordered_to_rectify", 8023), ("cases_filed", 719), ("complaints_transferred", 9640)])


def test_indicators_breakdown_is_no_row_unless_another_indicator() -> None:
    text = ("中央第三生态环境保护督察组向我省交办信访件159件，其中重点交办件16件。"
            "从信访件分布来看，武汉市50件、黄冈市21件。"
            "已办结63件，阶段性办结64件。其中，责令整改28家，立案处罚11家。")
    assert _rows(text) == [("complaints_transferred", 159), ("complaints_resolved", 63),
                           ("enterprises_ordered_to_rectify", 28), ("cases_filed", 11)]


def test_indicators_partly_settled_and_implied_figures_are_no_rows() -> None:
    assert _rows("已办结11417件，阶段办结3624件，阶段性办结64件。交办的信访件已全部办结。") == [
        ("complaints_resolved", 11417)]


def test_indicators_administrative_and_criminal_detention_are_separate_rows() -> None:
    assert _rows("立案侦查11件，行政拘留10人，刑事拘留6人。") == [
        ("cases_filed", 11), ("persons_detained", 10), ("persons_detained", 6)]


def test_indicators_rounded_headline_and_precise_figure_are_one_row() -> None:
    text = "督察已罚款超2.3亿元\n责令整改8734家，立案查处3157家，处罚金额约23184.14万元。"
    fines = [(i, v) for i, v in _rows(text) if i == "fines_cny"]
    assert fines == [("fines_cny", 231841400)]


def test_indicators_plans_are_no_results() -> None:
    text = "对督察反馈的14个问题，逐一建档立案。20_年底前完成整改问题4个，需长期努力的4个整改问题按时间节点推进。"
    assert _rows(text) == [("tasks_total", 14)]


def test_indicators_figures_in_parentheses_break_down_the_one_before() -> None:
    text = "这次“回头看”反馈意见指出的问题，我省分解为38项整改任务（“回头看”24项、大气污染专项督察14项）。"
    assert _rows(text) == [("tasks_total", 38)]


def test_indicators_module_has_no_language_literals() -> None:
    assert not [s for s in string_literals(indicators.__file__) if CJK.search(s)]


def test_indicators_per_place_parts_of_a_stated_figure_are_no_rows() -> None:
    text = "中央环保督察组转办第九批信访件85件。本批信访件中，已办结6件。从地域上看，福州23件、厦门11件。"
    assert _rows(text) == [("complaints_transferred", 85), ("complaints_resolved", 6)]


def test_indicators_close_figures_of_two_batches_are_two_rows() -> None:
    text = "督察组向我省移交第十三批信访举报件70件。督察组向我省移交第二十三批信访举报件72件。"
    assert _rows(text) == [("complaints_transferred", 70), ("complaints_transferred", 72)]
