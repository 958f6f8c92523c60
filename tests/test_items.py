"""pipeline/items.py: one item per item_no, with its texts, deadline kind and status."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pipeline import items, sections
from pipeline.doc import Document
from pipeline.ingest import html_to_text
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


def test_items_without_a_deadline_field_take_a_standing_obligation_from_their_status_statement() -> None:
    said = _items("整改进展情况公示\n一、部分县区研究环保议题不够。\n整改进展情况:已完成整改,长期坚持。\n"
                  "(一)建立常态机制。\n二、考核作用发挥不够明显。\n整改进展情况:已完成整改。\n(一)建立了长期坚持的考核机制。")
    assert [(i.item_no, i.status, i.deadline_kind) for i in said] == [
        ("一", "completed", "long_term"), ("二", "completed", "unknown")]
    # a deadline field decides, whatever the status says
    (dated,) = _items("第8项问题整改公示\n一、整改问题:应急预案未修订。\n三、整改时限:2018年底前\n"
                      "四、完成情况:已完成整改,长期坚持。")
    assert dated.deadline_kind == "by_date"


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


# ----------------------------------------------------------------------------- real phrasing (corpora/unlabeled, dev)

def test_items_status_of_real_progress_phrases() -> None:
    def status(text: str) -> str:
        return items.status_of(normalise_text(text))[0]

    assert status("前26批共497件信访件已全部办结。") == "completed"
    assert status("督察组交办的群众举报问题已基本办结。") == "basically_completed"
    assert status("已办结9件,其余13件正在调查处理中。") == "completed"  # the opening statement decides
    assert status("已阶段性办结,正在调查处理。") == "in_progress"
    assert status("剩余6项达到序时进度要求。") == "in_progress"
    assert status("应于今年完成的13项整改任务中,目前还有7项未完成。") == "in_progress"
    assert status("确保问题全部整改到位。") == "unknown"  # an aim, not a status
    assert status("截至6月19日下午已经清理完毕。") == "completed"
    assert status("验收组认为,各地落实了各项整改措施,基本达到整改目标,同意通过验收销号。") == "completed"
    assert status("目前尚未通过验收。") == "in_progress"


def test_items_deadline_of_real_phrases() -> None:
    def kind(deadline: str) -> str:
        return items.deadline_of(normalise_text(deadline), dt.date(2021, 6, 3))[0]

    assert kind("立行立改、长期坚持") == "long_term"
    assert kind("2018年底前完成并长期坚持") == "long_term"
    assert kind("持续整改") == "long_term"
    assert kind("立行立改,2018年6月底前完成") == "immediate"
    assert kind("2022年12月31日前") == "by_date"


def test_items_acceptance_notice_names_its_item_in_the_body() -> None:
    (item,) = _items("一、公示时间\n2026年1月5日至2026年1月16日\n三、公示内容\n(一)整改问题\n"
                     "2020年宁夏一般工业固体废物综合利用率仅为42%。\n(二)整改目标\n综合利用率达到规划目标值。\n"
                     "(三)整改措施\n(一)加强目标管理。\n(二)加强源头管理。\n(四)整改验收情况\n"
                     "2024年11月26日,验收小组对第二轮中央生态环境保护督察第74项任务进行验收。验收组认为,各地落实了各项整改"
                     "措施,基本达到整改目标,同意通过验收销号。")
    assert (item.item_no, item.status) == ("74", "completed")
    assert "加强源头管理" in item.measures


def test_items_complaint_table_rows_take_the_status_of_their_cells() -> None:
    got = _items("受理编号\t交办问题基本情况\t行政区域\t调查核实情况\t是否属实\t处理和整改情况\t是否办结\t\n"
                 "D3200001\t某化工厂夜间偷排废水\t某区\t经核查,反映问题属实。\t属实\t已责令停产整改。\t已办结\t\n"
                 "D3200002\t某工地夜间施工噪声扰民\t某县\t经核查,部分属实。\t部分属实\t已责令整改。\t阶段性办结\t\n")
    assert [(i.item_no, i.status) for i in got] == [("D3200001", "completed"), ("D3200002", "in_progress")]


def test_items_html_rectification_list_with_a_merged_middle_cell() -> None:
    html = ("<table><tr><td>序号</td><td>反馈问题</td><td>整改目标</td><td>整改措施</td><td>责任单位</td>"
            "<td>整改时限</td><td>整改进展</td></tr><tr><td>1</td><td>城区污水管网建设滞后,雨污分流不彻底。</td><td>完成管网改造任务。</td>"
            "<td>加快推进城区污水管网建设和雨污分流改造。</td><td rowspan=2>市住建局</td><td>2019年底</td>"
            "<td>已完成整改。</td></tr><tr><td>2</td><td>部分工业企业废气超标排放问题突出。</td><td>实现稳定达标排放。</td>"
            "<td>开展工业企业废气深度治理专项行动。</td><td>立行立改,长期坚持</td><td>正在推进。</td></tr></table>")
    got = _items(html_to_text(html))
    assert [(i.item_no, i.deadline_kind, i.status) for i in got] == [("1", "by_date", "completed"),
                                                                     ("2", "long_term", "in_progress")]
    assert got[0].responsible == "市住建局" and got[1].responsible is None


def test_items_plan_list_without_completion_and_status_held_by_a_deadline_field() -> None:
    plan = _items("整改清单\n序号1\n反馈问题:污水管网建设滞后。\n整改措施:分年度实施。\n"
                  "序号2\n反馈问题:VOCs治理设施运行不正常。\n整改时限:长期坚持")
    assert [(i.item_no, i.deadline_kind, i.status) for i in plan] == [("1", "unknown", "unknown"),
                                                                      ("2", "long_term", "unknown")]
    done = _items("关于第243号问题整改情况的公示\n一、问题描述\n园区污水处理厂超标排放。\n二、整改时限:已完成整改\n"
                  "三、整改情况\n提标改造工程已完工,出水稳定达标。")
    assert [(i.item_no, i.deadline_kind, i.status) for i in done] == [("243", "unknown", "completed")]


def test_items_status_from_a_deadline_field_that_holds_only_a_status() -> None:
    got = _items("整改情况公示\n序号5\n反馈问题:渗滤液处理设施不完善。\n整改时限:已完成整改\n"
                 "序号6\n反馈问题:园区污水超标。\n整改时限:2021年底前整改完成")
    assert [(i.item_no, i.deadline_kind, i.status) for i in got] == [("5", "unknown", "completed"),
                                                                      ("6", "by_date", "unknown")]
    # …but a notice published to close its items says they are done
    closed = _items("销号公示\n序号6\n反馈问题:园区污水超标。\n整改时限:2021年底前整改完成")
    assert [(i.item_no, i.deadline_kind, i.status) for i in closed] == [("6", "by_date", "completed")]


def test_items_a_complaint_row_broken_over_lines_is_one_item_and_its_code_no_lead_item() -> None:
    got = _items("交办件办理情况一览表\n"
                 "序号 | 受理编号 | 交办问题基本情况 | 行政区域 | 调查核实情况 | 处理和整改情况 |\n"
                 "1 | D3JL2022092601 | 某厂夜间噪声扰民。 |\n某区 | 经查,情况属实。\n现场发现噪声超标。 |\n"
                 "已责令企业整改,现已整改完毕。 |\n2 | D3JL2022092602 | 某河有垃圾。 |\n某县 | 经查,情况属实。 |\n"
                 "正在整改。 |")
    assert [(i.item_no, i.status) for i in got] == [("1", "completed"), ("2", "in_progress")]
    assert got[0].problem.startswith("某厂") and "超标" in got[0].problem
