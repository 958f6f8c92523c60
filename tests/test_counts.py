"""pipeline/extract/counts.py: behaviour the rule examples do not show one by one."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipeline import rules
from pipeline.extract import counts
from pipeline.normalise import normalise_text

SLOGANS = rules.load("slogans")["words"]["slogan"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _counts(text: str) -> list[dict]:
    return counts.find_counts(normalise_text(text))


@pytest.mark.parametrize("slogan", SLOGANS)
def test_counts_slogan_is_never_a_count(slogan: str) -> None:
    for text in (slogan, f"“{slogan}”", f"坚持{slogan}，推动工作", f"落实“{slogan}”要求"):
        assert not _counts(text), text


@pytest.mark.parametrize("text", [
    "做到“五个坚持”", "践行“三个务必”", "落实“八个到位”要求",  # unseen, quoted
    "坚持五个统筹", "实现两个转变",  # unseen, numeral + 个 + an abstract noun
    "推行一河一策、一园一档",  # unseen, numeral pairs
])
def test_counts_unseen_slogan_shapes_are_not_counts(text: str) -> None:
    assert not _counts(text)


def test_counts_skip_spans_of_other_mentions() -> None:
    text = "罚款70万元，约谈8人"
    money = {"kind": "money", "start": 2, "end": text.index("元") + 1}
    found = counts.find_counts(text, [money])
    assert [c["text"] for c in found] == ["8人"]


def test_counts_offsets_index_the_text() -> None:
    text = normalise_text("截至目前，68個整改任務，已完成整改66個，其餘2正在全力推進整改")
    for c in counts.find_counts(text):
        assert text[c["start"]:c["end"]] == c["text"]


def test_counts_breakdown_is_not_an_antecedent() -> None:
    text = "交办信访件159件，其中重点交办件16件。\n从信访件分布来看，武汉市50件、黄冈市21件。"
    objects = {c["text"]: c["object"] for c in _counts(text)}
    assert objects["16件"] == "重点交办件"
    assert objects["50件"] == "信访件"
    assert objects["21件"] == "信访件"


def string_literals(path: str) -> list[str]:
    """The string constants of a module, docstrings left out (they may quote examples)."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_counts_module_has_no_language_literals() -> None:
    assert not [s for s in string_literals(counts.__file__) if CJK.search(s)]


def test_counts_list_members_share_the_noun_of_their_total() -> None:
    text = ("中央第二生态环境保护督察组向我省转办第2批群众环境信访举报问题，共94件，涉及13个市。"
            "其中，沈阳市45件、大连市18件，省直部门1件。")
    objects = [(c["text"], c["object"]) for c in _counts(text)]
    assert objects == [("94件", "群众环境信访举报问题"), ("13个市", "市"), ("45件", "群众环境信访举报问题"),
                       ("18件", "群众环境信访举报问题"), ("1件", "群众环境信访举报问题")]


def test_counts_objects_hold_no_verb_place_or_batch_number() -> None:
    text = "我省接到中央环保督察组交办的第七批案件，共计205件。共复核企业493家。交办我市信访件287件。"
    objects = {c["text"]: c["object"] for c in _counts(text)}
    assert objects == {"205件": "案件", "493家": "企业", "287件": "信访件"}


def test_counts_the_subject_of_a_completion_verb_is_the_object() -> None:
    got = _counts("截至2025年10月底,督察反馈问题已完成16项,其他任务正在加快推进")
    assert [(c["text"], c["object"]) for c in got] == [("16项", "反馈问题")]
