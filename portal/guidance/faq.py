"""常见问题 of a service guide: stored as text an editor can write ("### question" on its own line,
the answer below it, Markdown), read back as question-and-answer pairs for the guide and search."""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUESTION = re.compile(r"^###[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)


@dataclass(frozen=True)
class Question:
    question: str
    answer: str  # Markdown


def parse(text: str | None) -> list[Question]:
    """The pairs in ``text``; text before the first question is ignored (``problem`` reports it)."""
    text = (text or "").replace("\r\n", "\n")
    found = list(_QUESTION.finditer(text))
    pairs = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        pairs.append(Question(match.group(1).strip(), text[match.end() : end].strip()))
    return pairs


def problem(text: str | None) -> str | None:
    """What is wrong with ``text`` as a list of questions ('' and None are fine), or None."""
    text = (text or "").strip()
    if not text:
        return None
    if not text.startswith("###"):
        return "lead"
    if any(not q.answer for q in parse(text)):
        return "unanswered"
    return None


def join(pairs: list[tuple[str, str]] | list[Question]) -> str:
    """The stored text of ``pairs`` (question, answer)."""
    items = [(p.question, p.answer) if isinstance(p, Question) else p for p in pairs]
    return "\n\n".join(f"### {q.strip()}\n\n{a.strip()}" for q, a in items)
