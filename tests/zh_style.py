"""House style of rendered Chinese pages (docs/glossary.md): full-width punctuation after labels and
in running text, and one date format within a table. tests/helpers.PageClient runs it on every
Chinese HTML page the suite receives (get, post, get_page, post_page); with ZH_STYLE_LOG set to a file
name it notes the problems there instead of failing, to survey a whole run."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

CJK = r"[\u3400-\u9fff]"
HALF_WIDTH_COLON = re.compile(rf"{CJK}\s*:(?!//)")
# a half-width bracket touching Chinese within one piece of text, or enclosing Chinese anywhere; a
# bracket that only meets Chinese across an element boundary is someone's typed text beside ours
HALF_WIDTH_BRACKET = re.compile(rf"{CJK}\s*\(|\)\s*{CJK}")
ENCLOSING_BRACKETS = re.compile(rf"\([^()\n]*{CJK}[^()\n]*\)")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
SKIP = ("script", "style", "code", "pre", "textarea")


def zh_style_problems(soup: BeautifulSoup) -> list[str]:
    """What breaks the house style on a Chinese page (empty when it is clean)."""
    soup = BeautifulSoup(str(soup), "html.parser")  # a copy: the caller's soup stays whole
    problems = []
    root = soup.body or soup
    for tag in root.find_all(SKIP):
        tag.decompose()
    pieces = [str(s) for s in root.find_all(string=True)]
    text = root.get_text(" ", strip=True)
    checks = [(HALF_WIDTH_COLON, "half-width colon", [text]), (ENCLOSING_BRACKETS, "half-width bracket", [text])]
    checks.append((HALF_WIDTH_BRACKET, "half-width bracket", pieces))
    for pattern, what, texts in checks:
        for piece in texts:
            for match in pattern.finditer(piece):
                problems.append(f"{what}: …{piece[max(0, match.start() - 12) : match.end() + 12]}…")
    for table in soup.find_all("table"):
        cells = table.get_text(" ", strip=True)
        if ISO_DATE.search(cells) and CHINESE_DATE.search(cells):
            problems.append(f"mixed date formats in table {table.get('id') or table.get('class')}")
    return problems
