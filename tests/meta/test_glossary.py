"""The Chinese catalog and the shipped content use the one term of docs/glossary.md for each concept."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.guidance import loader

CATALOG = Path(__file__).resolve().parents[2] / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"

# a term that must not appear → the glossary's term
FORBIDDEN = {
    "受理回执": "收件回执 (nothing is accepted at submission)",
    "受理编号": "申请编号",
    "接收时间": "收件时间, or 收件数 for a count",
    "必交": "必须提交",
    "创新主体注册": "企业用户注册",
    "本人承诺": "本单位承诺",
    "区知识产权科": "红桥区市场监督管理局（知识产权科）",
    "是否无": "a plain statement to confirm",
    "消息": "通知 (notifications), 留言 (case messages), 留言内容 (the field)",
    "票号": "报名号",
    "检票": "签到",
}
SUPERVISOR = re.compile(r"主管(?!部门|机关|单位)")  # the role is 审核负责人; 主管部门 is an authority


def _catalog():
    with CATALOG.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def _chinese_texts() -> list[tuple[str, str]]:
    texts = []
    for message in _catalog():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts += [(f"msgstr of {str(message.id)[:40]!r}", s) for s in strings if s]
    for _ctype, path in loader.shipped_files():
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        texts += [(path.name, s) for s in _strings(raw.get("zh", {}))]
    return texts


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


TEXTS = _chinese_texts()


@pytest.mark.parametrize("term", sorted(FORBIDDEN))
def test_one_term_per_concept(term):
    found = [f"{where}: {text[:80]}" for where, text in TEXTS if term in text]
    assert found == [], f"use {FORBIDDEN[term]}"


def test_the_supervisor_is_the_审核负责人():
    found = [f"{where}: {text[:80]}" for where, text in TEXTS if SUPERVISOR.search(text)]
    assert found == []


def test_count_columns_and_satisfaction_ratings():
    by_key = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m.string for m in _catalog()}
    assert by_key[("count", "Received")] == "收件数"
    assert by_key[("count", "Decided")] == "办结数"
    assert by_key[("count", "Firms")] == "企业数"
    assert by_key[(None, "Received")] == "收件时间"
    ratings = {s for s in by_key.values() if isinstance(s, str)}
    assert {"非常满意", "满意", "基本满意", "不满意", "非常不满意"} <= ratings
    # 批准 is no outcome of any programme: each names its own (通过评审, 予以援助, 已答复)
    assert not [k for k, s in by_key.items() if isinstance(s, str) and "批准" in s]
