"""The agency NER shipped in the repo: it loads offline, reads text, and only proposes names
that then pass the rules' checks."""
from __future__ import annotations

import pytest

from pipeline.extract import agencies, ner


def test_ner_model_ships_in_the_repo_and_is_small() -> None:
    size = sum(p.stat().st_size for p in ner.MODEL_DIR.rglob("*") if p.is_file())
    assert 0 < size < 15_000_000


def test_ner_finds_a_body_the_grammar_has_no_word_for() -> None:
    pytest.importorskip("spacy")
    doc = ner.model()("三湖保护局靖宇保护站根据中央环保督察组反馈意见开展集体学习活动")
    assert "三湖保护局靖宇保护站" in [e.text for e in doc.ents]


def test_gaps_mode_asks_only_about_body_words_no_rule_covers() -> None:
    text = "市生态环境局会同三湖保护局靖宇保护站开展检查,有关部门配合。"
    asked: list[tuple[int, int]] = []

    def propose(t: str, gaps: list[tuple[int, int]]) -> list[tuple[int, int]]:
        asked.extend(gaps)
        return []

    found = agencies.find_agencies(text, "吉林省", "白山市", None, propose=propose)
    covered = [(a["start"], a["end"]) for a in found]
    assert asked and all(not (s <= a and b <= e) for a, b in asked for s, e in covered)


def test_proposed_names_pass_the_same_checks_as_the_rules() -> None:
    text = "按照《三湖保护局管理办法》要求,龙湾保护站开展巡护。"
    inside_title = (text.index("三湖"), text.index("局") + 1)
    outside = (text.index("龙湾"), text.index("开展"))
    found = agencies.find_agencies(text, propose=lambda t, gaps: [inside_title, outside])
    assert [(a["text"], a["source"]) for a in found] == [("龙湾保护站", "ner")]  # not the 《》 title
