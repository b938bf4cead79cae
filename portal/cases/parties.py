"""The accused party of a rights-protection case, normalised for comparison.

Kept in ``Case.accused_party`` (indexed) whenever the answers change, so that finding other open cases
against the same party is one indexed lookup instead of reading every open case's answers.
"""

from __future__ import annotations

ACCUSED_PARTY_MAX = 200


def accused_party(data: dict | None) -> str | None:
    """The accused party as the firm typed it (first answer of the infringement step), without spaces
    or case; None when there is none."""
    values = ((data or {}).get("infringement") or {}).get("infringer") or []
    text = "".join(str(values[0]).split()).casefold() if values else ""
    return text[:ACCUSED_PARTY_MAX] or None
