"""Chinese patent application numbers (专利申请号) and their check digit.

Since 1 October 2003 CNIPA numbers applications with 12 digits: the year (4), the kind of
application (1 invention, 2 utility model, 3 design, 8 PCT invention entering the national phase,
9 PCT utility model entering the national phase) and a serial number (7), then a dot and a check
character. Before that the number had 8 digits (2-digit year, kind, 5-digit serial).

The check character: multiply the digits from the left by 2, 3, 4, 5, 6, 7, 8, 9 (starting again
at 2 after 9), add the products, take the remainder of division by 11; 10 is written X.
A granted patent is written with ZL in front (ZL201310699744.2), an application with CN.
"""

from __future__ import annotations

import re
import unicodedata

from portal.i18n import lazy_gettext as _l

KINDS = {"1": "invention", "2": "utility_model", "3": "design", "8": "invention", "9": "utility_model"}
_SHAPE = re.compile(r"^(?:ZL|CN)?(\d{8}|\d{12})\.?([0-9X])$")


def check_char(digits: str) -> str:
    total = sum(int(d) * (2 + i % 8) for i, d in enumerate(digits))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def normalise(raw: str) -> str:
    """Full-width to half-width, spaces dropped, upper case (ZL 2013 1 0699744.2 → ZL201310699744.2)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", raw or "")).upper()


def application_number_error(raw: str):
    """Why ``raw`` is not a valid Chinese patent application number, or None."""
    text = normalise(raw)
    match = _SHAPE.match(text)
    if not match:
        return _l(
            "Enter the application number as CNIPA gives it: 12 digits, a dot and the check character, "
            "e.g. ZL201310699744.2 (ZL or CN in front is optional)."
        )
    digits, check = match.groups()
    kind = digits[4] if len(digits) == 12 else digits[2]
    if kind not in KINDS:
        return _l(
            "The digit after the year gives the kind of application and must be 1, 2, 3, 8 or 9; "
            "please check the number."
        )
    if len(digits) == 12 and not 1985 <= int(digits[:4]) <= 2100:
        return _l("The first four digits are the year of filing; please check the number.")
    if check_char(digits) != check:
        return _l("The check character after the dot does not match the number; please check it.")
    return None


def canonical(raw: str) -> str:
    """The number without prefix, with its dot: 201310699744.2 (call only on a valid number)."""
    match = _SHAPE.match(normalise(raw))
    if not match:
        raise ValueError(raw)
    return f"{match.group(1)}.{match.group(2)}"


def kind_of(number: str) -> str:
    digits = number.split(".")[0]
    return KINDS[digits[4] if len(digits) == 12 else digits[2]]
