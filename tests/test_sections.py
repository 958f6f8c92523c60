"""pipeline/sections.py: contiguous sections of every shape a notice takes.

The vocabulary's own examples run in test_rule_examples.py; these tests pin the
engine's behaviour on whole texts (coverage, items, tables); speed is `make bench`'s.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import glued_tables, sections
from pipeline.clean import clean_text
from pipeline.doc import Document
from pipeline.ingest import html_to_text
from pipeline.normalise import normalise_text

from .conftest import SAMPLES

CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


def _text(raw: str) -> str:
    return clean_text(normalise_text(raw))[0]


def _kinds(text: str) -> list[tuple[str, str | None, str]]:
    """(kind, item_no, first characters) of each non-other section."""
    return [(s.kind, s.item_no, text[s.start:s.end].strip()[:6]) for s in sections.segment(text) if s.kind != "other"]


def _assert_covers(text: str) -> None:
    secs = sections.segment(text)
    assert secs[0].start == 0 and secs[-1].end == len(text)
    for a, b in zip(secs, secs[1:]):
        assert a.end == b.start and a.start < a.end
    assert all(s.kind in sections.KINDS + (sections.OTHER,) for s in secs)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_sections_cover_every_sample_contiguously(path: Path) -> None:
    _assert_covers(_text(path.read_text(encoding="utf-8")))


def test_sections_of_an_empty_text() -> None:
    assert sections.segment("") == []


def test_sections_item_style_notice_belongs_to_its_item() -> None:
    text = _text("东营市中央环保督察反馈意见(序号1)整改情况公示\n发布日期:2021-06-03\n"
                 "1、反馈问题:通过个别谈话了解到。\n2、整改目标和措施:(1)提高政治站位。\n(2)严明工作责任。\n"
                 "3、整改时限:立行立改,长期坚持。\n4、完成情况:(1)深入研究推动。\n6、公示日期:2021年6月3日至6月10日。")
    assert _kinds(text) == [("problem", "1", "1、反馈问题"), ("measure", "1", "2、整改目标"),
                            ("deadline", "1", "3、整改时限"), ("completion", "1", "4、完成情况")]
    last = sections.segment(text)[-1]
    assert last.kind == "other" and text[last.start:].startswith("6、公示日期")


def test_sections_several_items_in_one_notice() -> None:
    text = _text("关于反馈问题整改情况的公示\n一、反馈问题(序号3):城区黑臭水体治理滞后。\n整改措施:截污纳管。\n"
                 "完成情况:已完成。\n二、反馈问题(序号5):部分企业超标排放。\n完成情况:正在推进。")
    assert [(k, i) for k, i, _ in _kinds(text)] == [("problem", "3"), ("measure", "3"), ("completion", "3"),
                                                   ("problem", "5"), ("completion", "5")]


def test_sections_numbered_problem_rows_number_their_items() -> None:
    text = _text("三十七、晋中市河流污染问题突出,督察时仍未完成。\n整改进展情况:正在推进整改。\n(一)整治黑臭水体。\n"
                 "三十八、吕梁市污水处理厂二期工程督察时仍未运行。\n整改进展情况:已完成整改。")
    assert [(k, i) for k, i, _ in _kinds(text)] == [("problem", "三十七"), ("completion", "三十七"),
                                                   ("problem", "三十八"), ("completion", "三十八")]


def test_sections_identifier_line_wins_over_list_number() -> None:
    text = _text("1.编号8:加强洪泽湖入湖河流整治。\n整改目标:水质达到考核要求。\n完成情况:已达标。\n"
                 "2.编号14:完善工业园区监测监控体系。\n整改目标:完成7个园区建设。")
    assert [(k, i) for k, i, _ in _kinds(text)] == [("target", "8"), ("completion", "8"), ("target", "14")]


def test_sections_plan_headings_mapped_by_meaning_and_subpoints_kept_inside() -> None:
    text = _text("某市整改方案\n一、总体要求\n(一)指导思想。坚持新发展理念。\n(二)工作目标。到2020年底全面完成。\n"
                 "二、重点任务\n(一)加强大气污染防治。\n1.推进燃煤锅炉整治。\n(二)加强水污染防治。\n"
                 "三、保障措施\n(一)加强组织领导。")
    secs = [s for s in sections.segment(text) if s.kind != "other"]
    assert [s.kind for s in secs] == ["target", "measure"]
    measure = secs[1]
    assert "加强水污染防治" in text[measure.start:measure.end]
    assert "保障措施" not in text[measure.start:measure.end]


def test_sections_inline_label_after_a_short_title_starts_at_the_line() -> None:
    text = _text("1、进一步加强宣传。整改措施:组织开展环保宣讲活动。\n2、进一步强化服务。整改措施:修订服务办法。")
    assert [(k, t) for k, _, t in _kinds(text)] == [("measure", "1、进一步加"), ("measure", "2、进一步强")]


def test_sections_measures_and_results_heading() -> None:
    text = _text("(三)整改措施及成效:全面清理外流污泥。整改成效:已清理完毕。")
    assert [k for k, _, _ in _kinds(text)] == ["measure", "completion"]


def test_sections_tab_table_each_cell_its_own_section() -> None:
    text = ("序号\t整改时限\t反馈问题\t整改措施\t责任单位\t完成情况\t\n"
            "1\t2019年底\t污水管网建设滞后\t加快管网建设\t市住建局\t已完成\t\n"
            "2\t立行立改\t(十二)矿山粉尘污染\t关停整治\t市自然资源局\t正在推进\t\n")
    got = _kinds(text)
    assert [k for k, _, _ in got] == ["deadline", "problem", "measure", "responsible", "completion"] * 2
    assert {i for _, i, _ in got[:5]} == {"1"} and {i for _, i, _ in got[5:]} == {"十二"}
    problem = sections.segment(text)[2]
    assert text[problem.start:].startswith("污水管网建设滞后")


def test_sections_bar_table_with_one_cell_per_line() -> None:
    text = "序号 |\n问题描述 |\n整改目标 |\n整改时限 |\n1 |\n(十二)矿山粉尘污染。 |\n全部整改到位 |\n2021年底 |\n"
    assert [(k, i) for k, i, _ in _kinds(text)] == [("problem", "十二"), ("target", "十二"), ("deadline", "十二")]


def test_sections_label_cells_start_at_their_content() -> None:
    text = "具体整改情况表\n|\n整改任务 |\n工作机制还不顺畅。 |\n|\n责任单位 |\n省生态环境厅 |\n"
    got = _kinds(text)
    assert [k for k, _, _ in got] == ["problem", "responsible"]
    assert got[1][2].startswith("省生态环境厅")


def test_sections_complaint_table_with_glued_cells() -> None:
    text = ("山东省督察组向威海市交办群众信访件办理情况\n"
            "序号受理编号受理方式转办问题基本情况行政区域污染类型调查核实情况是否属实处理和整改情况办结目标是否办结问责情况\n"
            "1D3WH20240422001来电某镇某村南山,有大量建筑垃圾,占用种植地。临港区固废经巡查,未发现倾倒建筑垃圾情况。"
            "不属实镇政府严格查处违法违规行为。提升建筑垃圾规范化管理水平。已办结\n"
            "2D3WH20240422003来电小区业主反映后山山体有树木被破坏。环翠区其他经查,未发现树木被破坏情况。部分属实街道加强巡林。")
    got = _kinds(text)
    assert [(k, i) for k, i, _ in got] == [("problem", "1"), ("problem", "1"), ("completion", "1"), ("target", "1"),
                                         ("completion", "1"), ("problem", "2"), ("problem", "2"), ("completion", "2")]
    assert [t for _, _, t in got[:2]] == ["某镇某村南山", "经巡查,未发"]


def test_sections_serial_numbers_that_restart_per_batch_give_way_to_codes() -> None:
    text = ("序号 | 受理编号 | 交办问题基本情况 | 处理和整改情况 |\n"
            "(第1批 2020年10月24日) | |||\n"
            "1 | D1CD202010230001 | 餐饮店油烟直排。 | 已清洗油烟净化设施。 |\n"
            "(第2批 2020年10月25日) | |||\n"
            "1 | D1CD202010240004 | 工地夜间施工噪音扰民。 | 约谈公司负责人。 |\n")
    assert [i for _, i, _ in _kinds(text)] == ["D1CD202010230001"] * 2 + ["D1CD202010240004"] * 2


def test_sections_key_value_rows_with_short_values_are_no_header_row() -> None:
    text = ("反馈问题 | 医疗废物处理短板明显,存在环境风险。 |\n整改目标 | 处置中心及时投入使用。 |\n"
            "牵头部门 | 乃东区人民政府 |\n责任人 | 索朗平措 |\n联系电话 | 0893 782 3325 |\n"
            "整改主要工作及成效 | 1.处置中心提标升级项目已投入使用。 |\n")
    got = _kinds(text)
    assert [(k, t) for k, _, t in got] == [("problem", "医疗废物处理"), ("target", "处置中心及时"),
                                           ("responsible", "乃东区人民政"), ("responsible", "索朗平措 |"),
                                           ("completion", "1.处置中心")]


def test_sections_metadata_table_is_not_a_rectification_table() -> None:
    text = "[ 索引号 ] | 1150/2021-01429 | [ 发文| |\n[ 发布机构 ] | 开州区生态环境局 | [ 有效性 ] | |\n正文。"
    assert _kinds(text) == []


def test_sections_flattened_document_headings_mid_line() -> None:
    text = _text("整改情况公示如下: 一、反馈问题 湖北省现有重化工企业。 二、整改目标 严格项目环境准入。 "
                 "三、整改措施 1、严控项目审批。")
    assert [k for k, _, _ in _kinds(text)] == ["problem", "target", "measure"]


def test_sections_news_written_by_others_has_no_sections() -> None:
    text = _text("中央环保督察组向某省反馈督察情况\n督察组指出,该省存在的主要问题有:\n"
                 "一是压力传导不够到位。\n二是部分地区污染问题突出。\n"
                 "下一步,督察组将指导督促被督察省研究制定整改方案。")
    assert _kinds(text) == []


def test_sections_own_report_lists_work_done_as_completion() -> None:
    text = _text("某市生态环境保护督察整改成效显著\n市委、市政府高度重视,整改工作取得显著成效。\n"
                 "一是加强组织领导。我市成立整改领导小组。\n二是加强调度落实。\n"
                 "下一步,我市将进一步压实整改责任。")
    assert [k for k, _, _ in _kinds(text)] == ["completion", "measure"]


def test_run_sets_the_documents_sections() -> None:
    doc = Document(source_path="x.txt", index=0, text="一、整改目标\n达标排放。")
    assert sections.run(doc).sections[0].kind == "target"
    assert sections.NAME == "sections" and "text" in sections.READS and "sections" in sections.WRITES


@pytest.mark.parametrize("module", [sections, glued_tables])
def test_sections_engine_holds_no_chinese(module: object) -> None:
    source = Path(module.__file__).read_text(encoding="utf-8")
    assert not CJK.findall(source)


# ----------------------------------------------------------------------------- real shapes (corpora/unlabeled)

def test_sections_complaint_list_mark_after_the_number_leaves_the_label_to_decide() -> None:
    text = _text("中央环境保护督察组“回头看”交办案件办理结果公示(第20批)\n"
                 "  一、驻马店上蔡县X410000201806150059反映情况:驻马店市上蔡县东关大刘,五小附近的河道污染特别严重。\n"
                 "  调查核实情况:经实地调查,反映问题属实。\n"
                 "  处理及整改情况:1.责令上蔡县城市管理局组织环卫人员,对沟内垃圾进行了全面打捞清理。\n"
                 "  问责情况:无。\n"
                 "  二、驻马店泌阳县X410000201806160104(*)反映情况:"
                 "驻马店市泌阳县春水镇铁冲村斗刘庄村民反映春水镇政府疯狂采砂。\n"
                 "  调查核实情况:\n")
    got = _kinds(text)
    assert [k for k, _, _ in got] == ["problem", "problem", "completion", "problem", "problem"]
    assert got[3][2].startswith("二、驻马店")


def test_sections_html_complaint_table_with_merged_cells() -> None:
    html = ("<p>第一批交办件办理情况</p><table>"
            "<tr><td rowspan=2>序号</td><td rowspan=2>受理编号</td><td rowspan=2>举报内容</td>"
            "<td colspan=2>调查核实情况</td><td rowspan=2>处理和整改情况</td></tr>"
            "<tr><td>核查情况</td><td>是否属实</td></tr>"
            "<tr><td rowspan=2>1</td><td>X001</td><td>某厂夜间偷排废水</td><td>经核查,反映问题属实。</td>"
            "<td>属实</td><td>已责令停产整改。</td></tr>"
            "<tr><td>X002</td><td>某工地噪声扰民</td><td>经核查,部分属实。</td><td>部分属实</td>"
            "<td>已责令整改,正在推进。</td></tr></table><p>特此公示</p>")
    text = _text(html_to_text(html))
    got = _kinds(text)
    assert [k for k, _, _ in got] == ["problem", "problem", "completion"] * 2
    assert [t for _, _, t in got[3:]] == ["某工地噪声扰", "经核查,部分", "已责令整改,"]


def test_sections_bar_table_row_cut_short_keeps_its_first_cells() -> None:
    text = ("编号 | 具体问题 | 整改措施 | 工作进展情况 | 完成率 | 整改 年限 | 牵头单位 | 责任单位 |\n"
            "1 | 河长巡河工作重视不够。 | 加大考核力度。 | 已印发考核办法。 | 100% | 2019年 | 区河长办 | |\n"
            "2 | 区生态环境局行政、执法")
    got = _kinds(text)
    assert [k for k, _, _ in got] == ["problem", "measure", "completion", "deadline", "responsible", "problem"]
    assert got[-1][1] == "2"


def test_sections_own_report_headings_without_first_person_are_completion() -> None:
    text = _text("泉州市中央生态环境保护督察整改进展情况\n来源:市生态环境局 2023-08-14\n"
                 "2017年和2019年,中央先后对福建省开展了2轮生态环境保护督察,并反馈督察意见。泉州市委、市政府高度重视。\n"
                 "一、提升政治站位,高位部署推进\n泉州市委、市政府坚持以习近平新时代中国特色社会主义思想为指导。\n"
                 "二、加强组织领导,落实整改工作目标任务。一是坚持高位统筹。\n")
    got = _kinds(text)
    assert [(k, t) for k, _, t in got] == [("completion", "一、提升政治"), ("completion", "二、加强组织")]


def test_sections_news_mentioning_rectification_is_no_own_report() -> None:
    text = _text("近日,吉林省生态环境厅中部督察局对榆树、德惠等县(市)、区开展中央和省生态环境保护督察反馈问题"
                 "整改情况督导调研工作。\n督导组听取了属地政府及相关部门工作进展情况汇报,重点调研了受疫情影响各地在推动整改工作中"
                 "遇到的实际困难。\n督导组对我市一手抓疫情防控一手抓整改的担当作为表示肯定。")
    assert _kinds(text) == []


def test_sections_own_report_body_starts_after_the_inspection_is_retold() -> None:
    text = _text("重庆市对外公开中央环境保护督察整改情况\n"
                 "为深入贯彻落实中央关于环境保护督察的重要决策部署,2016年11月24日至12月24日,中央第五环境保护督察组对我市"
                 "开展了环境保护督察工作。按照要求,现将督察反馈意见整改进展情况予以公开。\n"
                 "市委、市政府高度重视生态环境保护工作,深入贯彻党的十九大精神,坚定贯彻新发展理念,先后召开35次相关会议"
                 "专题研究、专门部署整改工作。\n")
    got = _kinds(text)
    assert [(k, t) for k, _, t in got] == [("completion", "市委、市政府")]


def test_sections_numbering_that_starts_again_stays_inside_the_section() -> None:
    text = _text("(三)整改措施\n(一)加强目标管理。2022年12月底前,制定工作方案。\n(二)加强源头管理。强化环评约束。\n"
                 "(四)整改验收情况\n2024年11月26日,验收小组进行验收。")
    secs = [s for s in sections.segment(text) if s.kind != "other"]
    assert [s.kind for s in secs] == ["measure", "completion"]
    assert "加强源头管理" in text[secs[0].start:secs[0].end]


def test_sections_identifier_does_not_cross_a_line_end() -> None:
    text = _text("01\n河道违法采砂问题突出\n生态破坏严重问题\n02\n郑州、信阳等市生活垃圾污染问题突出")
    assert sections.find_ids(text) == []


def test_sections_one_problem_part_among_others_numbers_no_item() -> None:
    text = _text("一、基本情况\n鄱阳湖是我国第一大淡水湖。\n二、主要问题\n一是非法矮围整治流于形式。\n"
                 "三、下一步工作\n加强监管。")
    got = _kinds(text)
    assert [(k, i) for k, i, _ in got] == [("problem", None), ("measure", None)]


def test_sections_bracketed_heading_identifiers_start_items() -> None:
    text = _text("【2024-06-12 问题一】某镇生活污水直排\n存在问题:生活污水直排河道。\n整改情况:已整改到位。\n"
                 "【2024-06-12 问题二】某村垃圾乱堆\n存在问题:垃圾清运不及时。\n整改情况:正在推进。")
    assert [(k, i) for k, i, _ in _kinds(text)] == [("problem", "一"), ("completion", "一"),
                                                   ("problem", "二"), ("completion", "二")]


def test_sections_identifier_label_after_a_list_number_is_no_problem_row() -> None:
    text = _text("2.问题序号:12\n问题描述:水源保护区内存在违规餐饮。\n整改进展:已全部拆除到位。\n"
                 "3.问题序号:13\n问题描述:园区未建设集中污水处理设施。")
    assert _kinds(text) == [("problem", "12", "问题描述:水"), ("completion", "12", "整改进展:已"),
                            ("problem", "13", "问题描述:园")]


def test_sections_exposure_page_fields_and_hyphenated_codes() -> None:
    text = _text("中央生态环境保护督察交办件销号公示\n交办编号:SD-2023-0817-015\n问题:养殖场粪污直排沟渠。\n"
                 "整改要求:立即清运。\n整改时限:已完成整改\n整改情况:已关停养殖场。\n主管单位:县农业农村局")
    code = "SD-2023-0817-015"
    assert _kinds(text) == [("problem", code, "问题:养殖场"), ("measure", code, "整改要求:立"),
                            ("deadline", code, "整改时限:已"), ("completion", code, "整改情况:已"),
                            ("responsible", code, "主管单位:县")]


def test_sections_line_cell_table_with_a_column_of_no_kind() -> None:
    text = _text("验收销号情况公示\n序号\n所在区域\n反馈问题\n整改时限\n整改完成情况\n"
                 "1\n城关镇\n河道沿岸垃圾堆放\n2021年底\n已清理完毕\n2\n东城区\n企业废气超标排放\n立行立改\n已完成提标改造\n")
    assert [(k, i) for k, i, _ in _kinds(text)] == [("problem", "1"), ("deadline", "1"), ("completion", "1"),
                                                   ("problem", "2"), ("deadline", "2"), ("completion", "2")]
