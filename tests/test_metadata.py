"""Document metadata (title, publication date, issuing locality) on snippets of real pages from
corpora/unlabeled; rules/documents.yaml's examples cover more title and date cases."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline import gazetteer, metadata, rules
from pipeline.doc import Document
from pipeline.normalise import normalise_text


def _read(text: str) -> Document:
    return metadata.run(Document(source_path="t.txt", index=0, text=normalise_text(text)))


# (snippet, province, city): the issuer, not the places a notice mentions
LOCALITY = [
    # 我区 in a notice of an autonomous region is the region, not a district (ul_0147)
    ("中央第四生态环境保护督察组向我区移交信访件\n\n本报拉萨4月7日讯(记者 丹增平措)4月6日9时至21时,中央第四生态环境保护"
     "督察组共接到反映我区生态环境保护方面问题的来信来电举报47件,涉及7个市地,分别为拉萨市29件、日喀则市5件、山南市4件、"
     "昌都市3件、那曲市3件、阿里地区2件、林芝市1件。\n\n截至6日,中央第四生态环境保护督察组交办至我区的信访件已累计320件,"
     "均已按程序全部交至各市地和有关部门办理。", "西藏自治区", None),
    # 自治区党委 speaks for the region; a newspaper's dateline (乌鲁木齐…讯) is not the issuer (ul_0183)
    ("本报乌鲁木齐8月20日讯记者王亚芸报道:8月20日,记者从自治区保障中央环境保护督察协调联络工作组获悉:"
     "中央第八环境保护督察组向自治区移交的首批11件转办件9件办结。\n"
     "首批办结转办件,从地域看,乌鲁木齐市6件、伊犁哈萨克自治州2件、克拉玛依市1件。\n"
     "自治区党委、政府高度重视中央环保督察工作,边督边改、动真碰硬。", "新疆维吾尔自治区", None),
    # a list of cities is the province's (ul_0228)
    ("11月10日9时,中央第一生态环境保护督察组向我省移交第二十二批次信访事项共127件。\n"
     "设区市 | 移交事项数量 | 设区市 | 移交事项数量 |\n南京市 | 18 | 淮安市 | 4 |\n无锡市 | 11 | 盐城市 | 13 |\n"
     "徐州市 | 14 | 扬州市 | 14 |\n常州市 | 2 | 镇江市 | 4 |\n苏州市 | 13 | 泰州市 | 6 |", "江苏省", None),
    # 四川省政府 is a named body, not this notice's 省政府; 全市 makes it the city's (ul_0265)
    ("看结果\n结构性、区域性环境问题未根本解决\n细致。这是四川省环境保护督察组反馈乐山市督察意见的最大特点。\n"
     "督察指出,乐山市生态文明建设和环境保护工作取得了一定成效。\n但同时,督察组表示,乐山市结构性、区域性环境问题未得到"
     "根本解决。针对环境保护“一岗双责”落实不到位,体现在对四川省政府下达的“十二五”总量减排目标责任书重点污水处理设施建设"
     "项目严重滞后。\n督察组在乐山全市清理出政府投资违法违规项目370个。", "四川省", "乐山市"),
    # 吉林 names the province (and 吉林市 lies in it) (ul_0030)
    ("为深入贯彻习近平生态文明思想,确保全面完成第二轮中央生态环境保护督察报告指出的问题整改,结合我省实际情况,制定本整改方案。\n"
     "一、指导思想\n深入落实习近平总书记视察吉林重要讲话重要指示精神,努力走出一条具有吉林特色的生态文明发展之路。",
     "吉林省", None),
    # a title naming several cities is the province's (ul_0220)
    ("最新!河北22县区被约谈!涉及石家庄、保定等5市\n\n2020-12-18 潇湘晨报\n\n保定\n\n"
     "近日,第四环境监察专员办公室联合保定市政府对徐水等七个大气污染防治不力的县(区)主要负责同志进行公开约谈。针对保定市徐水区、顺平县、望都县、唐县等县(区)空气"
     "质量不降反升的情况,会议通报了问题。", "河北省", None),
    # a city's own notice still names the city (ul_0243)
    ("我市接到第二十批转办案件19宗\n\n时间:2021-09-17   来源:梅州生态环境\n\n"
     "本报讯 (记者江婵 通讯员马传胜)昨日,中央第四生态环境保护督察组向我市交办第二十批群众信访举报案件19宗。"
     "按属地管理分,梅江区3宗、梅县区2宗、兴宁市5宗、平远县3宗、"
     "蕉岭县3宗、大埔县1宗、五华县2宗。", "广东省", "梅州市"),
    # a provincial inspection report is about the city the 督察组 inspects (ul_0165)
    ("甘肃省第一生态环境保护督察组\n为深入贯彻落实习近平生态文明思想,根据《甘肃省生态环境保护督察工作实施细则》,经省委、省政府批准,"
     "2024年10月28日至11月16日,省第一生态环境保护督察组对兰州市开展了第三轮省级生态环境保护督察。\n"
     "兰州市坚持以习近平生态文明思想为指导,认真落实党中央、国务院和省委、省政府关于生态环境保护的决策部署。\n"
     "先后制定出台《兰州市“十四五”生态环境保护规划》。市委常委会会议、市政府常务会议定期研究。", "甘肃省", "兰州市"),
    # the first place in the source header is the issuer's, not a partner city in the body's name (060)
    ("突出生态环境问题整改验收销号公示\n发布日期:2023-07-27 15:18来源: 宿州马鞍山现代产业园区管委会\n"
     "宿州市2023年自排查突出生态环境243号问题已整改完成,并通过核查验收。\n一、整改问题\n"
     "宿马园区顺风光电项目工地施工场地,现场施工裸土未覆盖。", "安徽省", "宿州市"),
    # a national commentary naming one province in passing (ul_0210)
    ("从同步移交的100个生态环境损害责任追究问题来看,8省(区)在问责过程中坚持严肃问责、权责一致、终身追责的原则。\n"
     "2016年7月至8月,中央环境保护督察组对内蒙古、", None, None),
    # a street address is not the issuer's city (ul_0185)
    ("联系我们\n地址:\n乌鲁木齐市南湖西路215号\n新疆生态环保产业协会\n"
     "9月30日,自治区人民政府副主席带队督导检查农村清洁取暖改造、重点企业污染治理措施落实情况。"
     "自治区党委、政府高度重视。", "新疆维吾尔自治区", None),
]


@pytest.mark.parametrize(("text", "province", "city"), LOCALITY)
def test_locality_is_the_issuer(text: str, province: str, city: str | None) -> None:
    doc = _read(text)
    assert (doc.province, doc.city) == (province, city)


def test_headline_after_a_lead_paragraph_is_the_title() -> None:
    # ul_0158: a site's lead paragraph introduces the plan whose own title follows
    doc = _read("北斗智库环保管家网讯:9月28日,陕西省咸阳市发布贯彻落实第二轮中央生态环境保护督察报告整改方案,方案提出,"
                "以督察整改为契机,确保督察反馈问题全部整改到位。\n咸阳市贯彻落实第二轮中央生态环境保护督察报告整改方案\n"
                "为认真做好中央第三生态环境保护督察组对我省第二轮中央生态环境保护督察反馈问题整改工作,制定如下整改方案。")
    assert doc.title == "咸阳市贯彻落实第二轮中央生态环境保护督察报告整改方案"
    assert (doc.province, doc.city) == ("陕西省", "咸阳市")


def test_subheading_deep_in_prose_is_not_a_title() -> None:
    # ul_0222: several paragraphs, then one city's section heading
    doc = _read("今年上半年,经河北省委、省政府批准,"
                "省生态环境保护督察工作领导小组办公室组建2个省级生态环境保护督察组。\n"
                "此次督察重点关注习近平生态文明思想贯彻落实情况。\n"
                "近日,石家庄和邢台分别公开发布了第三轮省生态环境保护督察报告整改方案。\n"
                "石家庄市整改方案\n坚持以习近平新时代中国特色社会主义思想为指导。")
    assert doc.title is None


def test_byline_and_navigation_are_not_titles() -> None:
    # ul_0290: a search button above the headline, its header under it
    doc = _read("您当前的位置 : 东北网  >  东北网黑龙江  >  政务·政策  >  政务\n搜 索\n"
                "黑龙江省重点督办10件群众重复举报的典型案件\n2018-06-22 22:40:54 来源:东北网  作者:刘嘉\n关注东北网\n\n"
                "  东北网6月22日讯(记者 刘嘉)近日,省中央环保督察『回头看』工作协调联络组对信访案件进行梳理,"
                "要求各市地对松北区万达城垃圾中转站问题等10件信访案件进行重点督办。")
    assert doc.title == "黑龙江省重点督办10件群众重复举报的典型案件"
    assert doc.published_date == dt.date(2018, 6, 22)
    assert (doc.province, doc.city) == ("黑龙江省", None)


def test_footer_after_prose_is_not_a_title() -> None:
    # ul_0081: contact lines and a source at the end of a body-first excerpt
    doc = _read("经河南省省委、省政府批准,省委“三散”污染治理专项督察组从11月下旬至12月下旬开展专项督察。\n"
                "第一督察组进驻郑州市\n举报值班电话:0371-67175202\n专门邮政信箱:郑州市A341号邮政专用信箱\n邮编:450000\n来源:河南环境")
    assert doc.title is None


def test_autonomous_county_is_found_by_its_short_name() -> None:
    found = {loc.division.county for loc in gazetteer.localities("和布克赛尔县住房和城乡建设局;新宾县")}
    assert found == {"和布克赛尔蒙古自治县", "新宾满族自治县"}
    # a short form whose stem names a province is not made (河南蒙古族自治县 ↛ 河南县)
    assert {loc.division.name for loc in gazetteer.localities("河南县域经济")} == {"河南省"}


def test_column_prefix_is_not_part_of_the_title() -> None:
    # ul_0169: a column name in 【】 before the headline
    doc = _read("您好,欢迎访问海东市中小企业信息服务平台今天是:2025年10月17日\n"
                "【中央生态环保督察·边督边改】 "
                "中央第五生态环境保护督察组向青海省交办第十六批生态环境群众信访举报件共39件\n"
                "阅读:26 来源:本站\n青海新闻网·大美青海客户端讯 12月8日,"
                "中央第五生态环境保护督察组向我省交办了第十六批群众信访举报件。")
    assert doc.title == "中央第五生态环境保护督察组向青海省交办第十六批生态环境群众信访举报件共39件"
    assert (doc.province, doc.city) == ("青海省", None)


def test_headline_after_the_body_above_its_labelled_date() -> None:
    # dv_032: the body first, then the page's headline and its 发布日期 header
    doc = _read("6月8日—10日,中央第一环境保护督察组向我市交办9件群众举报材料。"
                "目前中央第一环境保护督察组共向我市交办19件群众举报材料,其中义马市2件,陕州区3件,湖滨区5件。\n"
                "收到交办材料后,我市已按照有关规定和程序组织调查处理。\n( 编辑:李建新 ) |\n"
                "中央第一环境保护督察组 交办第七、八、九批群众举报材料\n来源: 发布日期:2018-06-11 打印")
    assert doc.title == "中央第一环境保护督察组 交办第七、八、九批群众举报材料"
    assert doc.published_date == dt.date(2018, 6, 11)


def test_related_list_is_not_the_title_where_the_page_has_its_own() -> None:
    # ul_0046: a list header above the headline; the list is the title only where nothing else is
    assert _read("相关文章\n友情链接\n上海市对外公开中央环境保护督察整改情况\n"
                 "2017年4月12日,中央第二环境保护督察组向我市正式反馈督察意见后,市委、市政府高度重视。").title == \
        "上海市对外公开中央环境保护督察整改情况"
    doc = _read("相关阅读\n中央第三生态环境保护督察组向浙江省反馈督察情况\n"
                "北斗智库环保管家网讯:9月28日,陕西省咸阳市发布整改方案,确保督察反馈问题全部整改到位。\n"
                "咸阳市贯彻落实第二轮中央生态环境保护督察报告整改方案\n为认真做好反馈问题整改工作,制定如下整改方案。")
    assert doc.title == "咸阳市贯彻落实第二轮中央生态环境保护督察报告整改方案"


def test_level_markers_start_with_the_prefilter_chars() -> None:
    cfg = rules.load("gazetteer")
    patterns = [*cfg["level_markers"].values(), cfg["district_markers"]]
    for alternative in "|".join(patterns).split("|"):
        assert re.sub(r"^\(\?<![^)]*\)", "", alternative)[0] in cfg["marker_first_chars"], alternative


def test_item_labels_numbered_in_one_list_are_not_a_series_of_notices() -> None:
    from pipeline.split import notice_starts

    plan = ("某市中央环保督察反馈意见整改清单\n序号1\n反馈问题:城区黑臭水体治理滞后。\n整改时限:2018年底前\n"
            "序号2\n反馈问题:秸秆焚烧问题突出。\n整改时限:长期坚持")
    assert notice_starts(plan) == []
    series = "环保督查整改方案1\n一、总体要求\n加强领导。\n环保督查整改方案2\n一、总体要求\n加快整改。"
    assert [title for _, title in notice_starts(series)] == ["环保督查整改方案1", "环保督查整改方案2"]
