"""Templates ask the model (``case.can(...)``, ``event.is_cancelled``); they never compare a stored
status or role code themselves, so a renamed state cannot silently change what a page shows."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# ``x.status == 'draft'``, ``x.status != "confirmed"``, ``x.status == SomeStatus.X``, ``x.role in (...)``
COMPARISON = re.compile(
    r"\.(status|role|clock_phase)\s*(==|!=|\bin\b|\bnot in\b)\s*(['\"(\[]|[A-Z]\w*Status\b|[A-Z]\w*Role\b)"
)


def test_no_template_compares_a_status_or_role_code():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:100]}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COMPARISON.search(line)
    ]
    assert not found, "ask the model instead:\n" + "\n".join(found)
