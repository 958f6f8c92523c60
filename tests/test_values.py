"""pipeline.extract.values: the contract of find_values beyond the rule-file examples
(which tests/test_rule_examples.py runs): result shape, kinds, context years, traps,
the engine's rules-as-data guarantees, speed, and the seed gold mentions."""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from pipeline import rules
from pipeline.extract import engine, numbers, values
from pipeline.extract.values import find_values
from pipeline.normalise import normalise_text

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"kind", "text", "start", "end", "value", "value_max", "unit", "date_start", "date_end", "timex", "source"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def one(text: str, ref: dt.date | dt.datetime | str | None = None, kinds=None) -> dict:
    res = find_values(normalise_text(text), ref, kinds)
    assert len(res) == 1, [(r["kind"], r["text"]) for r in res]
    return res[0]


# ---------------------------------------------------------------- shape
def test_values_result_shape_and_spans() -> None:
    text = "2021年6月3日,投入资金4797.54万元,同比下降11.1%,新建管网1.4万公里。"
    res = find_values(text)
    assert [r["kind"] for r in res] == ["date", "money", "percent", "quantity"]
    for r in res:
        assert set(r) == KEYS
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["source"]
    assert isinstance(res[0]["date_start"], dt.date)


def test_values_default_kinds_leave_numbers_out() -> None:
    assert find_values("三千五百") == []
    assert find_values("三千五百", kinds=["number"])[0]["value"] == 3500


def test_values_number_is_never_inside_a_kind_asked_for_nor_money_or_a_share() -> None:
    text = "2021年投入3亿元,共三千五百人,第三季度,占百分之十"
    res = find_values(text, kinds=["number", "date", "money"])
    assert [(r["kind"], r["text"]) for r in res] == [
        ("date", "2021年"), ("money", "3亿元"), ("number", "三千五百"), ("date", "第三季度")]
    # asked for numbers alone, the numbers of dates and quantities are numbers too; those of money and
    # percentages never are, nor 第三 (an ordinal)
    assert [r["text"] for r in find_values(text, kinds=["number"])] == ["2021", "三千五百"]
    assert [r["text"] for r in find_values("十斤", kinds=["number"])] == ["十"]
    assert [r["kind"] for r in find_values("十斤", kinds=["number", "quantity"])] == ["quantity"]


def test_values_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError):
        find_values("x", kinds=["money", "colour"])


@pytest.mark.parametrize("text,value", [
    ("三千五百", 3500), ("负四十五亿零四百零四万", -4504040000), ("九万四", 94000), ("1.5万", 15000),
    ("三分之一", 1 / 3), ("两万零五", 20005), ("四万万", 4e8), ("廿二", 22), ("二〇二一", 2021),
])
def test_values_numbers(text: str, value: float) -> None:
    assert one(text, kinds=["number"])["value"] == pytest.approx(value)


def test_values_ordinals_are_not_numbers() -> None:
    assert find_values("第三督察组", kinds=["number"]) == []


# ---------------------------------------------------------------- money, percent, quantity
@pytest.mark.parametrize("text,span,value,value_max", [
    ("1-2亿元", "1-2亿元", 1e8, 2e8),
    ("1至2亿元", "1至2亿元", 1e8, 2e8),
    ("80%—90%", "80%—90%", 80, 90),
    ("两亿元", "两亿元", 2e8, None),
    ("优良率92.5%以上", "92.5%", 92.5, None),
    ("百分之五点五", "百分之五点五", 5.5, None),
])
def test_values_amounts_and_ranges(text: str, span: str, value: float, value_max: float | None) -> None:
    r = one(text)
    assert r["text"] == span
    assert r["value"] == pytest.approx(value)
    assert r["value_max"] == (None if value_max is None else pytest.approx(value_max))


@pytest.mark.parametrize("text,span,value,value_max", [
    ("罚没款壹佰贰拾万元整", "壹佰贰拾万元", 1.2e6, None),   # financial numerals; 整 stays outside
    ("俩亿元", "俩亿元", 2e8, None),
    ("总投资1.2万亿元", "1.2万亿元", 1.2e12, None),
    ("这个手机壳花费我三块", "三块", 3, None),            # 块 after a word of paying is yuan
    ("几十万块", "几十万块", 1e5, None),                   # a vague amount of 块, no noun after it
    ("三五百块", "三五百块", 300, 500),
    ("立案处罚368家,罚款2385.6万;", "2385.6万", 23856000, None),   # 万 after 罚款, no 元
])
def test_values_money_forms(text: str, span: str, value: float, value_max: float | None) -> None:
    r = one(text)
    assert (r["kind"], r["text"], r["unit"]) == ("money", span, "CNY")
    assert r["value"] == pytest.approx(value)
    assert r["value_max"] == (None if value_max is None else pytest.approx(value_max))


@pytest.mark.parametrize("text", ["设置警示牌20块", "卖了三块地", "几十万块砖", "投入1.2万人次", "完成三分之一"])
def test_values_kuai_and_bare_amounts_that_are_no_money(text: str) -> None:
    assert find_values(normalise_text(text)) == []


def test_values_quantity_units_drop_the_magnitude() -> None:
    r = one("新增污水处理能力10.98万吨/日")
    assert (r["value"], r["unit"]) == (pytest.approx(109800), "吨/日")
    r = one("种植3.5万亩")
    assert (r["value"], r["unit"]) == (pytest.approx(35000), "亩")


@pytest.mark.parametrize("text", [
    "PM2.5浓度", "PM10", "国VI", "COD和O3", "一级A标准", "淘汰156台锅炉", "拆除30座", "存栏5000头", "120户", "8家企业",
    "电话:0546-8331789", "国办发〔2021〕49号", "〔2019〕12号", "[2019]12号", "十九大", "十四五", "落实六个100%",
    "序号1", "版本1.2.3", "3年多", "6个月", "10个工作日", "利用3年时间", "公示期7天",
])
def test_values_traps_give_nothing(text: str) -> None:
    assert find_values(normalise_text(text)) == []


def test_values_traps_give_no_numbers_either() -> None:
    for text in ("电话:0546-8331789", "国办发〔2021〕49号", "十九大", "序号1", "第三"):
        assert find_values(text, kinds=["number"]) == [], text


# ---------------------------------------------------------------- dates
def test_values_missing_year_comes_from_the_nearest_earlier_year() -> None:
    res = find_values("2018年7月26日召开会议。9月底前完成。", dt.date(2021, 6, 3))
    assert [(r["text"], r["date_start"]) for r in res] == [
        ("2018年7月26日", dt.date(2018, 7, 26)), ("9月底", dt.date(2018, 9, 30))]


def test_values_a_year_inside_a_title_is_another_time_frame() -> None:
    res = find_values("2021年5月,根据《关于2016年11月督察反馈意见的整改方案》,6月底前完成", dt.date(2021, 6, 3))
    assert [(r["text"], r["date_start"]) for r in res] == [
        ("2021年5月", dt.date(2021, 5, 1)), ("2016年11月", dt.date(2016, 11, 1)), ("6月底", dt.date(2021, 6, 30))]


def test_values_missing_year_else_the_reference_date() -> None:
    r = one("7月31日前完成", dt.date(2017, 11, 17))
    assert r["date_start"] == dt.date(2017, 7, 31)


def test_values_reference_date_as_iso_string_or_datetime() -> None:
    for ref in ("2021-06-14", "2021-06-14T08:00:00", dt.datetime(2021, 6, 14, 8)):
        assert one("明年底", ref)["date_start"] == dt.date(2022, 12, 31)


def test_values_redacted_years_give_timex_and_no_dates() -> None:
    for text, timex in [("到20_年底", "XXXX-12-31"), ("20-年", "XXXX"), ("20xx年", "XXXX"), ("20XX年", "XXXX"),
                        ("20_年8月底前", "XXXX-08-31")]:
        r = one(text, dt.date(2021, 6, 3))
        assert (r["timex"], r["date_start"], r["date_end"]) == (timex, None, None), text
    # a month after a blanked-out year stays unknown, whatever the reference date
    res = find_values("20_年5月9日召开会议,7月完成", dt.date(2021, 6, 3))
    assert [r["timex"] for r in res] == ["XXXX-05-09", "XXXX-07"]


def test_values_month_without_any_year() -> None:
    r = one("4月份")
    assert (r["timex"], r["date_start"]) == ("XXXX-04", None)


def test_values_date_intervals() -> None:
    r = one("到2025年")
    assert (r["date_start"], r["date_end"], r["timex"]) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31), "2025")
    r = one("2018年1月底前")
    assert (r["text"], r["date_start"], r["date_end"]) == ("2018年1月底", dt.date(2018, 1, 31), dt.date(2018, 1, 31))
    r = one("2021年第三季度")
    assert (r["date_start"], r["date_end"], r["timex"]) == (dt.date(2021, 7, 1), dt.date(2021, 9, 30), "2021-Q3")


def test_values_a_date_inside_a_range_is_not_output() -> None:
    res = find_values("公示时间为2021年6月3日至6月10日。")
    assert [(r["kind"], r["text"]) for r in res] == [("date_range", "2021年6月3日至6月10日")]


def test_values_phone_numbers_are_not_ranges() -> None:
    res = find_values("联系电话:0546-8331789 2021年")
    assert [(r["kind"], r["text"]) for r in res] == [("date", "2021年")]


@pytest.mark.parametrize("text,start,end", [
    ("今年", "2021-01-01", "2021-12-31"), ("明年", "2022-01-01", "2022-12-31"),
    ("去年", "2020-01-01", "2020-12-31"), ("今年下半年", "2021-07-01", "2021-12-31"),
    ("年底前", "2021-12-31", "2021-12-31"), ("本月", "2021-06-01", "2021-06-30"),
    ("下个月", "2021-07-01", "2021-07-31"), ("下周三", "2021-06-09", "2021-06-09"),
    ("6月上旬", "2021-06-01", "2021-06-10"), ("8月份", "2021-08-01", "2021-08-31"), ("每年3-12月", None, None),
    ("9月中旬", "2021-09-11", "2021-09-20"), ("9月下旬", "2021-09-21", "2021-09-30"),
    ("本月底", "2021-06-30", "2021-06-30"), ("星期三", "2021-06-02", "2021-06-02"),
    ("2021年第一季度", "2021-01-01", "2021-03-31"),
    ("今年上半年", "2021-01-01", "2021-06-30"), ("2019年10月份", "2019-10-01", "2019-10-31"),
])
def test_values_relative_dates(text: str, start: str | None, end: str | None) -> None:
    r = one(text, dt.date(2021, 6, 3))
    got = (r["date_start"] and r["date_start"].isoformat(), r["date_end"] and r["date_end"].isoformat())
    assert got == (start, end)


def test_values_a_recurring_day_is_no_date() -> None:
    """Gold dev 007: 每年年初对上一年工作 has no date; a range every year keeps its timex."""
    for text in ("每年年初对上一年工作进行全面总结", "每月10日前报送上月整改情况", "每年12月底前报送", "于每周一报送"):
        assert find_values(text, dt.date(2021, 6, 3)) == [], text
    assert one("每年3-12月开展巡查", dt.date(2021, 6, 3))["timex"] == "XXXX-03-01/XXXX-12-31"


def test_values_the_day_of_the_narrative() -> None:
    res = find_values("4月15日,督察组转办第9批。当日,上述举报问题已全部交办各市。", dt.date(2021, 4, 16))
    assert [(r["text"], r["date_start"]) for r in res] == [
        ("4月15日", dt.date(2021, 4, 15)), ("当日", dt.date(2021, 4, 15))]
    assert find_values("做到当日受理当日办结", dt.date(2021, 4, 16)) == []


def test_values_as_of_a_day_that_has_passed() -> None:
    # a status as of 6月底, written after the feedback of 2024-07-01: the June after it
    text = "2024年7月1日,督察组反馈督察报告。截至6月底,41项反馈问题已完成整改35项。"
    assert find_values(text, dt.date(2025, 7, 23))[-1]["date_start"] == dt.date(2025, 6, 30)
    # a January report of December
    text = "发布时间:2024-01-09\n12月2日,督察组向我省交办第十批91件。截至12月2日,共交办578件。"
    assert [r["date_start"] for r in find_values(text, dt.date(2024, 1, 9))] == [
        dt.date(2024, 1, 9), dt.date(2023, 12, 2), dt.date(2023, 12, 2)]
    # a day alone after the reference date, opening a sentence: the month before's
    r = find_values("发布时间:2022-07-01 11:13\n“……全部完工。”30日,州长在接受采访时说。", dt.date(2022, 7, 1))[-1]
    assert r["date_start"] == dt.date(2022, 6, 30)
    # a deadline is no narrated past: it keeps the reference year
    assert one("12月31日前完成整改", dt.date(2024, 1, 9))["date_start"] == dt.date(2024, 12, 31)


@pytest.mark.parametrize("text,span,start", [
    ("中共宝山区委\n20221122", "20221122", "2022-11-22"),                 # eight digits (gold dev 001)
    ("发布日期: 2023- 01- 10 17: 00来源", "2023- 01- 10 17: 00", "2023-01-10"),
    ("情况公示\n12.07.2018  08:48\n", "12.07.2018  08:48", "2018-07-12"),
    ("对PM2.5月均浓度同比不降反升,2020年", "2020年", "2020-01-01"),          # no 5月 in PM2.5月均
    ("《水污染防治2016年度工作方案》于当年11月才印发", "当年11月", "2016-11-01"),
])
def test_values_date_forms_of_real_notices(text: str, span: str, start: str) -> None:
    r = find_values(normalise_text(text), dt.date(2023, 1, 10))[-1]
    assert (r["text"], r["date_start"].isoformat()) == (span, start)


def test_values_two_digit_years_pivot() -> None:
    assert one("98年4月")["date_start"] == dt.date(1998, 4, 1)
    assert one("15年3月2日")["date_start"] == dt.date(2015, 3, 2)
    assert one("九零年9月十号", dt.date(1973, 6, 19))["date_start"] == dt.date(1990, 9, 10)


# ---------------------------------------------------------------- optional kinds
OPTIONAL = ["date", "date_range", "duration", "period", "holiday"]


@pytest.mark.parametrize("text,ref,span,kind,start,end", [
    ("去年元旦", "2020-01-01", "去年元旦", "holiday", "2019-01-01", "2019-01-01"),
    ("2019年感恩节", None, "2019年感恩节", "holiday", "2019-11-28", "2019-11-28"),
    ("2021年母亲节", None, "2021年母亲节", "holiday", "2021-05-09", "2021-05-09"),
    ("去年暑假", "2021-06-14", "去年暑假", "holiday", "2020-07-01", "2020-08-31"),
    ("2017年大寒", None, "2017年大寒", "holiday", "2018-01-20", "2018-01-20"),
    ("2021年春", None, "2021年春", "period", "2021-02-03", "2021-05-04"),
    ("今年夏天", "2017-03-22", "今年夏天", "period", "2017-05-05", "2017-08-06"),
    ("2018年秋冬季", None, "2018年秋冬季", "period", "2018-08-07", "2019-02-03"),
    ("去年春节到元宵节", "2020-01-01", "去年春节到元宵节", "date_range", "2019-02-05", "2019-02-19"),
    ("2019年感恩节到2021年母亲节", None, "2019年感恩节到2021年母亲节", "date_range", "2019-11-28", "2021-05-09"),
    ("从上个月到今天", "2021-06-14", "上个月到今天", "date_range", "2021-05-01", "2021-06-14"),
    ("上1月", "2017-03-22", "上1月", "duration", "2017-02-22", "2017-03-21"),
])
def test_values_optional_kinds_when_asked(text, ref, span, kind, start, end) -> None:
    r = one(text, dt.date.fromisoformat(ref) if ref else None, OPTIONAL)
    assert (r["text"], r["kind"], r["date_start"].isoformat(), r["date_end"].isoformat()) == (span, kind, start, end)


def test_values_optional_kinds_leave_the_default_output_alone() -> None:
    text = "2018年秋冬季大气污染综合治理,近三年,21世纪初,去年元旦,3年后"
    assert [r["text"] for r in find_values(text, dt.date(2021, 6, 3))] == ["2018年", "去年"]
    got = find_values(text, dt.date(2021, 6, 3), kinds=OPTIONAL)
    assert [(r["kind"], r["text"]) for r in got] == [
        ("period", "2018年秋冬季"), ("duration", "近三年"), ("period", "21世纪初"), ("holiday", "去年元旦"),
        ("duration", "3年后")]


# ---------------------------------------------------------------- calendar tables
@pytest.mark.parametrize("year,month,day,leap,want", [
    (2000, 1, 1, False, "2000-02-05"),   # Chinese New Year
    (2020, 1, 1, False, "2020-01-25"),
    (2012, 1, 15, False, "2012-02-06"),  # 元宵
    (2021, 8, 15, False, "2021-09-21"),  # 中秋
    (2022, 5, 5, False, "2022-06-03"),   # 端午
    (2023, 2, 1, True, "2023-03-22"),    # 闰二月初一
])
def test_values_lunar_dates_convert(year: int, month: int, day: int, leap: bool, want: str) -> None:
    assert values.lunar_to_solar(year, month, day, leap) == (dt.date.fromisoformat(want),) * 2


def test_values_lunar_days_a_month_lacks_give_nothing() -> None:
    assert values.lunar_to_solar(2017, 1, 30) is None  # 2017's 正月 has 29 days
    assert values.lunar_to_solar(2022, 2, 1, leap=True) is None  # 2022 has no leap month 2
    assert values.lunar_to_solar(1899, 1, 1) is None  # before the table


@pytest.mark.parametrize("year,index,want", [
    (2021, 2, "2021-02-03"),   # 立春
    (2018, 1, "2018-01-20"),   # 大寒
    (2021, 6, "2021-04-04"),   # 清明
    (2017, 23, "2017-12-22"),  # 冬至
])
def test_values_solar_terms(year: int, index: int, want: str) -> None:
    assert values.solar_term(year, index) == dt.date.fromisoformat(want)


def test_values_calendar_tables_cover_1900_to_2100() -> None:
    cal = values._calendar()
    assert sorted(cal["lunar"]) == list(range(1900, 2101))
    assert sorted(cal["terms"]) == list(range(1900, 2101))
    assert len(cal["term_names"]) == 24
    for _first, leap, bits in cal["lunar"].values():
        assert len(bits) == (13 if leap else 12)


# ---------------------------------------------------------------- robustness
def test_values_never_crash_on_noise() -> None:
    rnd = random.Random(4)
    alphabet = ("0123456789年月日至-—~.%元万亿千百十一二三四五六七八九零〇两_xX*号底初份季度今明去本下上周()〔〕:, 吨亩"
                "农历正腊廿闰点时分半个近后前世纪代春节康熙/·")
    for _ in range(300):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40)))
        for kinds in (None, ["number"], ["date", "date_range", "duration", "period", "holiday", "time", "number"]):
            for r in find_values(text, None if rnd.random() < 0.5 else dt.date(2021, 2, 28), kinds):
                assert text[r["start"]:r["end"]] == r["text"]


def test_values_parse_number_rejects_what_is_no_numeral() -> None:
    assert numbers.parse_number("十一十二") is None
    assert numbers.parse_number("") is None
    assert numbers.parse_cn_integer("三千五百") == 3500


# ---------------------------------------------------------------- rules as data
def test_values_engine_holds_no_chinese() -> None:
    for name in ("engine.py", "values.py", "numbers.py"):
        source = (ROOT / "pipeline" / "extract" / name).read_text(encoding="utf-8")
        code = "\n".join(line.split("#")[0] for line in source.splitlines())
        code = re.sub(r'"""[\s\S]*?"""', "", code)  # docstrings may show examples
        assert not CJK.search(code), f"{name}: {CJK.findall(code)[:5]}"


def test_values_unknown_resolver_fails_at_load() -> None:
    with pytest.raises(rules.RuleError, match="unknown value function"):
        engine.load(values.RULE_FILES, resolvers={})


def test_values_matcher_is_first_rule_in_priority_order_at_each_position() -> None:
    """The shared alternations of the matcher change nothing: at each position the first rule in
    priority order that matches there wins, as if every rule were tried alone."""
    matcher = values._matcher(frozenset())
    for path in sorted((ROOT / "corpora" / "dev" / "raw").glob("*"))[:3]:
        text = normalise_text(path.read_text(encoding="utf-8"))[:3000]
        want, pos = [], 0
        while pos < len(text):
            hit = next(((r, m) for r in matcher.rules if (m := r.regex.match(text, pos))), None)
            if hit is None:
                pos += 1
                continue
            want.append((hit[0].id, hit[1].span()))
            pos = max(hit[1].end(), pos + 1)
        assert [(r.id, m.span()) for r, m in matcher.scan(text)] == want, path.name


def test_values_characters_outside_the_basic_plane() -> None:
    assert [r["text"] for r in find_values("\U0001d7d0\U0001d7ce21 5\u5143")] == ["5\u5143"]


def test_values_every_rule_file_has_its_extractor_and_kinds() -> None:
    for name in ("dates", "money", "percent", "quantity", "traps", "numerals"):
        data = rules.load(name)
        assert data.get("extractor") in ("values", "numbers"), name
        assert data.get("kinds"), name
        for rule in data.get("rules") or []:
            assert rule.get("examples"), f"{name}.yaml::{rule['id']} has no examples"


def test_values_fragments_keep_their_old_keys() -> None:
    frags = rules.fragments()
    for key in ("arabic_num", "cn_digit", "cn_unit", "cn_num", "wan_yi", "header_date", "cn_date"):
        assert key in frags
    assert re.fullmatch(rules.expand("{cn_num}"), "三千五百")


# ---------------------------------------------------------------- the seed gold
DEV = Path(__file__).resolve().parent.parent / "corpora" / "dev"
GOLD = sorted(str(p) for p in (DEV / "gold").glob("00?_*.json"))  # the five seeds


@pytest.mark.skipif(not GOLD, reason="no seed gold")
def test_values_seed_gold_mentions() -> None:
    """Recall of the gold money/percent/quantity/date/date_range mentions of the seeds
    (multiset by text), and their values."""
    from pipeline.clean import clean_text

    kinds = ("money", "percent", "quantity", "date", "date_range")
    found = total = right = 0
    for gpath in GOLD:
        gold = json.loads(Path(gpath).read_text(encoding="utf-8"))
        raw = (DEV / "raw" / gold["file"]).read_text(encoding="utf-8")
        text = clean_text(normalise_text(raw))[0]
        dates = [d["published_date"] for d in gold["documents"] if d.get("published_date")]
        ref = dt.date.fromisoformat(dates[0]) if dates else None
        got = find_values(text, ref)
        for kind in kinds:
            want = [m for d in gold["documents"] for m in d["mentions"] if m["kind"] == kind]
            have = Counter(r["text"] for r in got if r["kind"] == kind)
            for m in want:
                total += 1
                if have[m["text"]] > 0:
                    have[m["text"]] -= 1
                    found += 1
                    cands = [r for r in got if r["kind"] == kind and r["text"] == m["text"]]
                    right += any(_agrees(m, r) for r in cands)
    assert found / total >= 0.98, f"recall {found}/{total}"
    assert right / total >= 0.97, f"values {right}/{total}"


def _agrees(gold: dict, got: dict) -> bool:
    for key, want in gold.items():
        if key in ("kind", "text"):
            continue
        have = got.get(key)
        if key.startswith("date"):
            if (have.isoformat() if have else None) != want:
                return False
        elif isinstance(want, (int, float)):
            if have is None or abs(have - want) > abs(want) * 0.005 + 1e-9:
                return False
        elif have != want:
            return False
    return True


def test_values_numeral_place_names_are_divisions_and_no_numbers() -> None:
    from pipeline import gazetteer

    names = [d.name for d in gazetteer.divisions().values()]
    places = rules.load("numerals")["fragments"]["numeral_place"].split("|")
    assert places and all(any(n.startswith(p) for n in names) for p in places), places
    assert find_values("我家在四川,去过九江", kinds=["number"]) == []
    assert [r["text"] for r in find_values("四川有三个市", kinds=["number"])] == ["三"]


def test_values_a_clock_time_after_a_day_is_part_of_its_mention() -> None:
    ref = dt.date(2021, 6, 14)
    for text, date in [("下月15号下午6点", dt.date(2021, 7, 15)), ("上周六中午12点", dt.date(2021, 6, 12)),
                       ("下个月9号早上8点到中午12点", dt.date(2021, 7, 9))]:
        (r,) = find_values(text, ref)
        assert (r["kind"], r["text"], r["date_start"]) == ("date", text, date)
    (r,) = find_values("大前年七夕节半夜11点", ref, kinds=["holiday", "time"])
    assert (r["text"], r["date_start"]) == ("大前年七夕节半夜11点", dt.date(2018, 8, 17))
    # a time alone is on the reference day (夜里12点: midnight, the day after); two times are one range
    assert [(r["kind"], r["date_start"], r["timex"]) for r in find_values("夜里12点", ref, kinds=["time"])] == [
        ("time", dt.date(2021, 6, 15), "T00:00")]
    (r,) = find_values("中午12:00—14:00", ref, kinds=["time"])
    assert (r["text"], r["timex"]) == ("中午12:00—14:00", "T12:00/T14:00")
    # not asked for, a time alone gives nothing, and a time never takes a percentage's digits
    assert find_values("早上7点", ref) == []
    assert [r["text"] for r in find_values("六 点 五 成", ref)] == ["六 点 五 成"]


def test_values_durations_anchored_after_their_length() -> None:
    def dates(text: str, ref: str) -> list[tuple[str, dt.date | None, dt.date | None]]:
        return [(r["text"], r["date_start"], r["date_end"]) for r in find_values(text, ref, kinds=["duration"])]

    d = dt.date
    assert dates("三个多月以来", "2021-06-14") == [("三个多月以来", d(2021, 3, 1), d(2021, 6, 14))]
    assert dates("15个工作日内", "2021-06-14") == [("15个工作日内", d(2021, 6, 14), d(2021, 7, 5))]
    assert dates("一年半后", "2019-01-01") == [("一年半后", d(2020, 7, 1), d(2020, 7, 31))]
    assert dates("60小时前", "2019-02-18") == [("60小时前", d(2019, 2, 16), d(2019, 2, 16))]  # from noon
    assert dates("过两天", "2021-06-14") == [("过两天", d(2021, 6, 16), d(2021, 6, 16))]
    (r,) = find_values("3~6个月", kinds=["duration"])
    assert (r["value"], r["value_max"], r["timex"]) == (3, 6, "P3M")


def test_values_a_range_said_as_between_two_dates() -> None:
    (r,) = find_values("在2007年与2009年之间", dt.date(2018, 9, 5))
    assert (r["kind"], r["text"], r["date_start"], r["date_end"]) == (
        "date_range", "2007年与2009年之间", dt.date(2007, 1, 1), dt.date(2009, 12, 31))
    assert [r["kind"] for r in find_values("2007年和2009年的数据", dt.date(2018, 9, 5))] == ["date", "date"]
