"""The English interface and content speak one English (docs/glossary.md): one name for the district
bureau, "public notice" for 公示, British spelling. Scans every msgid of the catalog and every English
text of the shipped content."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.guidance import loader

CATALOG = Path(__file__).resolve().parents[2] / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"

# other names people give the district bureau; the one name is "Hongqiao District Administration for
# Market Regulation" (its "IP Section" where the section is meant)
BUREAU = re.compile(
    r"Market Supervision Administration|market regulation administration|Administration of Market Regulation|"
    r"Market Regulation Bureau|Bureau of Market Regulation|\bAMR\b|district IP (?:office|bureau)|"
    r"Hongqiao IP (?:office|bureau)|District Intellectual Property Office",
    re.I,
)
# 公示 is a "public notice", never "publicity" (which is 宣传: publicity week, Publicity Department)
PUBLICITY = re.compile(
    r"publicity (?:period|list|stage|phase|notice|page|window)|(?:under|in|during) publicity\b|publication period|public comment",
    re.I,
)
# American spellings, each with the British form the portal uses
AMERICAN = {
    r"\b\w+iz(?:e|es|ed|ing|ation|ations|er|ers)\b": "-ise / -isation",
    r"\b\w+yz(?:e|es|ed|ing)\b": "-yse",
    r"\bcolor": "colour",
    r"\bcenters?\b": "centre",
    r"\bprograms?\b": "programme (a computer program stays a program)",
    r"\b(?:a|the|business|your|its|exclusive|valid|this) licenses?\b": "licence (the noun)",
    r"\backnowledgment": "acknowledgement",
    r"\bcatalog\b": "catalogue",
    r"\b(?:favor|behavior|honor|labor|neighbor)": "-our",
    r"\benroll(?:s|ment)?\b": "enrol / enrolment",
    r"\bfulfill(?:s|ment)?\b": "fulfil / fulfilment",
    r"\b(?:defense|offense)\b": "defence / offence",
    r"\b(?:canceled|canceling|traveled|traveling|labeled|labeling|modeled|modeling)\b": "-lled / -lling",
    r"\bgray\b": "grey",
}
# proper names keep their owners' spelling
PROPER_NAMES = re.compile(
    r"World Intellectual Property Organization|Copyright Protection Center of China|"
    r"Intellectual Property Protection Center|National Guidance Center for Overseas[\w ]*|computer programs?|"
    r"Organization for Standardization|\bsize[sd]?\b|\bprize|\bseize|\bcitizen",
    re.I,
)
NOT_WORDS = {"size", "sizes", "prize", "prizes", "seize", "seized"}


def _english_texts() -> list[tuple[str, str]]:
    texts = []
    with CATALOG.open("rb") as handle:
        for message in read_po(handle):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            texts += [(f"msgid {ids[0][:40]!r}", text) for text in ids if text]
    for _ctype, path in loader.shipped_files():
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        texts += [(path.name, text) for text in _strings(raw.get("en", {}))]
        texts += [(path.name, raw[key]) for key in ("issuer_en",) if isinstance(raw.get(key), str)]
    return texts


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


TEXTS = _english_texts()


def _hits(pattern: re.Pattern) -> list[str]:
    found = []
    for where, text in TEXTS:
        plain = PROPER_NAMES.sub(" ", text)
        for match in pattern.finditer(plain):
            if match.group(0).lower() not in NOT_WORDS:
                found.append(f"{where}: …{plain[max(0, match.start() - 30) : match.end() + 20]}…")
    return found


def test_the_scan_covers_the_catalog_and_the_content():
    sources = {where.split(":")[0] for where, _ in TEXTS}
    assert any(s.startswith("msgid") for s in sources) and "madrid-trademark.toml" in sources
    assert len(TEXTS) > 1000


def test_one_name_for_the_district_bureau():
    assert _hits(BUREAU) == []


def test_public_notice_for_gongshi():
    assert _hits(PUBLICITY) == []
    # every catalog message whose Chinese says 公示 says "notice" in English (the enterprise credit
    # information 公示系统 is a register's name, not a public notice)
    with CATALOG.open("rb") as handle:
        for message in read_po(handle):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            chinese = " ".join(s for s in strings if s).replace("信用信息公示系统", "")
            if message.id and "公示" in chinese:
                assert any(re.search(r"\bnotice", i, re.I) for i in ids), ids[0]


@pytest.mark.parametrize("pattern", sorted(AMERICAN))
def test_british_spelling(pattern):
    assert _hits(re.compile(pattern, re.I)) == [], f"use {AMERICAN[pattern]}"


def test_the_scan_finds_what_it_looks_for():
    samples = {
        BUREAU: "the Hongqiao District Market Supervision Administration",
        PUBLICITY: "during the publicity period",
        re.compile(next(iter(AMERICAN)), re.I): "recognized enterprises",
    }
    for pattern, sample in samples.items():
        assert pattern.search(sample), sample
    assert not PUBLICITY.search("IP Publicity Week") and not BUREAU.search(
        "Hongqiao District Administration for Market Regulation"
    )
