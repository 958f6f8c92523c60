"""pipeline/extract/agencies.py: behaviour the rule examples do not show one by one."""
from __future__ import annotations

import pytest

from pipeline.extract import agencies
from pipeline.normalise import normalise_text
from tests.test_counts import CJK, string_literals


def _names(text: str, province: str | None = None, city: str | None = None, county: str | None = None):
    return [(a["text"], a["normalized"]) for a in agencies.find_agencies(normalise_text(text), province, city, county)]


def test_agencies_normalized_uses_the_given_locality() -> None:
    found = _names("纳入市委、市政府重点工作，从省生态环境厅获悉", "山东省", "东营市")
    assert found == [("市委", "东营市委"), ("市政府", "东营市政府"), ("省生态环境厅", "山东省生态环境厅")]


def test_agencies_normalized_infers_a_missing_locality_from_the_text() -> None:
    text = "和布克赛尔县住房和城乡建设局已完成整改，经县委、县政府研究同意"
    found = dict(_names(text, "新疆维吾尔自治区", "塔城地区"))
    assert found["县委"] == "和布克赛尔县委"
    assert found["县政府"] == "和布克赛尔县政府"


def test_agencies_joined_names_are_separate_bodies() -> None:
    found = _names("党中央国务院高度重视，省委省政府狠抓落实", "山西省")
    assert [t for t, _ in found] == ["党中央", "国务院", "省委", "省政府"]


@pytest.mark.parametrize("text", [
    "各级党委政府、有关部门、各市、各有关部门和相关单位要抓好落实",  # generic references
    "市政府常务会议、市委常委会会议专题研究，召开整改推进会",  # meetings
    "印发《山东省生态环境保护督察整改工作实施细则》",  # a title in 《》
    "省委书记、省长到现场调研，市长主持会议",  # a body inside a person's title
    "6个中央环境保护督察组完成进驻",  # a body counted as a class
    "督察组向地方转办，领导小组研究，纪委介入",  # bare body words
    "山东建立了督导工作机制，抚顺市在水污染治理问题整改上敷衍应付",  # places acting as actors
    "开展中央环境保护督察，海城市金占石材开采有限公司停产",  # the activity; a company
])
def test_agencies_decisions_of_annotation_give_no_mention(text: str) -> None:
    assert _names(text, "山东省", "东营市") == []


def test_agencies_own_locality_is_left_out_of_the_span() -> None:
    assert _names("我省配合中央环保督察工作协调联络组召开会议", "湖北省") == [
        ("配合中央环保督察工作协调联络组", "湖北省配合中央环保督察工作协调联络组")]


def test_agencies_offsets_index_the_text() -> None:
    text = normalise_text("經縣委、縣政府研究，和布克賽爾縣中央環境保護督察反饋意見\n整改工作領導小組辦公室")
    for a in agencies.find_agencies(text, None, None, None):
        assert text[a["start"]:a["end"]] == a["text"]


def test_agencies_places_reads_the_gazetteer() -> None:
    found = agencies.places("和布克赛尔县和随县")
    assert [(p.start, p.end, p.county) for p in found] == [(0, 6, "和布克赛尔蒙古自治县"), (7, 9, "随县")]


def test_agencies_module_has_no_language_literals() -> None:
    assert not [s for s in string_literals(agencies.__file__) if CJK.search(s)]


@pytest.mark.parametrize(("text", "name"), [
    ("重庆累计收到中央督察组交办群众投诉3849件", "中央督察组"),  # a verb ends the words before a name
    ("海南省贯彻落实中央第三生态环境保护督察组反馈意见整改方案", "中央第三生态环境保护督察组"),
    ("红旗区欢迎您\n\n中央第二生态环境保护督察组进驻", "中央第二生态环境保护督察组"),  # no name across a break
])
def test_agencies_name_starts_after_verbs_and_breaks(text: str, name: str) -> None:
    assert [t for t, _ in _names(text, "山东省")] == [name]


@pytest.mark.parametrize("text", [
    "长白山管理委员会信息公开专栏 >> 长白山管委会办公室 >> 政府信息公开基础平台",  # a breadcrumb
    "| 南昌市人民政府 - 南昌市人民政府办公室",  # names joined by separators
    "中央人民政府云南省人民政府曲靖市人民政府",  # a site's banner
    "组建5 个中央生态环境保护督察组",  # a counted class, a space before the classifier
    "已办结案件结果将在市政府官方网站公开",  # a body's website
])
def test_agencies_page_chrome_and_classes_give_no_mention(text: str) -> None:
    assert _names(text, "山东省", "东营市") == []


@pytest.mark.parametrize(("text", "names"), [
    ("中共泸州市委 泸州市人民政府\n2024年3月25日", ["中共泸州市委", "泸州市人民政府"]),  # a signature
    ("责任单位 |\n省生态环境厅 |", ["省生态环境厅"]),  # a table cell
])
def test_agencies_signatures_and_table_cells_stay(text: str, names: list[str]) -> None:
    assert [t for t, _ in _names(text, "四川省", "泸州市")] == names


def test_agencies_no_name_runs_over_a_break_into_a_place() -> None:
    text = "副主席王刚深入乌鲁木齐市督导调研大气污染防治工作\n新疆生态环境厅 / 2023-10-01"
    assert [t for t, _ in _names(text, "新疆维吾尔自治区")] == ["新疆生态环境厅"]


def test_agencies_joined_level_word_stands_for_the_place_just_named() -> None:
    assert _names("目前,宜兴市委、市政府已报送整改方案", "江苏省", "无锡市") == [
        ("宜兴市委", "宜兴市委"), ("市政府", "宜兴市政府")]


def test_agencies_a_body_word_joined_to_a_name_shares_its_prefix() -> None:
    assert _names("宿马园区党工委、管委会联合印发", "安徽省") == [("宿马园区党工委", "宿马园区党工委"),
                                                          ("管委会", "宿马园区管委会")]
    # a bare 政府 after 、 is a bare body word (the dev gold): no mention
    assert _names("自治区党委、政府高度重视,纳入自治区党委、政府工作报告", "内蒙古自治区") == [
        ("自治区党委", "内蒙古自治区党委"), ("自治区党委", "内蒙古自治区党委")]
