"""Field rules shared by forms and services: 统一社会信用代码, mobile numbers, passwords.

Each check returns an error message (lazily translated) or None, so forms and services can
both use them and the user is told which rule failed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from wtforms.validators import ValidationError

from portal.i18n import lazy_gettext as _l

# GB 32100-2015: 31 symbols, the letters I, O, Z, S and V are never used.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
# ASCII digits only: ``\d`` alone would also accept Arabic-Indic, Devanagari … digits and store them as typed
MOBILE_PATTERN = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$", re.ASCII)

# GB 32100-2015 table 1: registration authority (position 1) → the entity types (position 2) it issues
USCC_AUTHORITY_TYPES = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 群众团体, 其他
    "2": "19",  # 外交: 外国常驻新闻机构, 其他
    "3": "123459",  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "4": "19",  # 文化: 外国在华文化中心, 其他
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地（大陆）代表机构, 其他
    "7": "129",  # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": "19",  # 工会: 基层工会, 其他
    "9": "123",  # 工商 (market regulation): 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室: 军队事业单位, 其他
    "N": "1239",  # 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": "1",  # 其他
}


def normalise_uscc(raw: str) -> str:
    """Full-width to half-width, drop spaces and hyphens, upper-case."""
    text = unicodedata.normalize("NFKC", raw or "")
    return re.sub(r"[\s\-]", "", text).upper()


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_error(code: str):
    """Why ``code`` (already normalised) is not a valid 统一社会信用代码, or None."""
    if len(code) != 18:
        return _l("A unified social credit code has exactly 18 characters; you entered %(n)d.", n=len(code))
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        return _l(
            "The code may not contain %(chars)s (the letters I, O, Z, S and V are never used).", chars=" ".join(bad)
        )
    if code[1] not in USCC_AUTHORITY_TYPES.get(code[0], ""):
        return _l(
            "Characters 1 and 2 (registration authority and entity type) are not a combination that GB 32100 "
            "allows; please check the code against your business licence."
        )
    if not code[2:8].isdigit():
        return _l("Characters 3 to 8 are the administrative region code and must be digits.")
    if uscc_check_char(code[:17]) != code[17]:
        return _l(
            "The last character (check digit) does not match; please check the code against your business licence."
        )
    return None


def _mobile_text(number: str) -> str:
    """Full-width digits and ＋ to ASCII (NFKC), every other script's decimal digits (٠١٢, ০১২ …) to
    0–9, spaces and hyphens dropped."""
    text = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", number or ""))
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


def mobile_error(number: str):
    if not MOBILE_PATTERN.match(_mobile_text(number)):
        return _l("Enter an 11-digit mainland mobile number starting with 13–19, in ordinary digits.")
    return None


def normalise_mobile(number: str) -> str:
    """The 11 ASCII digits of a valid number (country code and full-width digits removed)."""
    match = MOBILE_PATTERN.match(_mobile_text(number))
    return match.group(1) if match else number


@cache
def _common_passwords() -> frozenset[str]:
    lines = (Path(__file__).parent / "data" / "common_passwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def is_common_password(password: str) -> bool:
    """Listed, or a listed stem with only digits and symbols after it (Password12, qwertyuiop1)."""
    lowered = (password or "").strip().lower()
    candidates = {lowered, re.sub(r"[\d\W_]+$", "", lowered), re.sub(r"[\W_]+$", "", lowered)}
    return bool(candidates & _common_passwords())


def password_error(password: str, email: str = ""):
    if len(password or "") < 10:
        return _l("Use at least 10 characters for the password.")
    classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]"))
    if classes < 2:
        return _l("Mix at least two kinds of characters: lower case, upper case, digits, symbols.")
    if email and password.strip().lower() in {email.lower(), email.split("@")[0].lower()}:
        return _l("The password must not be your email address.")
    if is_common_password(password):
        return _l(
            "This password is among the most common ones, which attackers try first. "
            "Choose one that is not a common word or keyboard pattern followed by digits."
        )
    return None


def uscc_fails_only_checksum(code: str) -> bool:
    """Well formed in every other respect: early pilot codes are real yet fail the check digit."""
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code[:17]):
        return False  # a character outside the alphabet is more than a wrong check digit
    return uscc_error(code[:17] + uscc_check_char(code[:17])) is None and uscc_error(code) is not None


class USCC:
    """WTForms validator; normalises the field data in place. With ``exception_field``, a code that
    fails only its check digit passes when that field (the applicant's statement that the code is as
    printed on the licence) is ticked: staff then review it (``field.needs_review`` is set)."""

    def __init__(self, exception_field: str | None = None):
        self.exception_field = exception_field

    def __call__(self, form, field):
        field.data = normalise_uscc(field.data or "")
        field.needs_review = False
        field.checksum_only = uscc_fails_only_checksum(field.data)
        message = uscc_error(field.data)
        if message and field.checksum_only and self.exception_field and getattr(form, self.exception_field).data:
            field.needs_review = True
            return
        if message:
            raise ValidationError(str(message))


class MainlandMobile:
    def __call__(self, form, field):
        message = mobile_error(field.data or "")
        if message:
            raise ValidationError(str(message))
        field.data = normalise_mobile(field.data)


class StrongPassword:
    def __init__(self, email_field: str = "email"):
        self.email_field = email_field

    def __call__(self, form, field):
        # forms without an email field (reset, change) carry the account's address as ``user_email``
        email = getattr(form, "user_email", None) or getattr(getattr(form, self.email_field, None), "data", "")
        message = password_error(field.data or "", email or "")
        if message:
            raise ValidationError(str(message))
