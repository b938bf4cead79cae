"""The documents the office issues on a case (文书): what each is called and its number prefix."""

from __future__ import annotations

from portal.core.enums import LabeledEnum
from portal.i18n import lazy_gettext as _l


class DocumentType(LabeledEnum):
    ACCEPTANCE = "acceptance"  # 受理通知书
    CORRECTION = "correction"  # 补正告知书 (一次性告知)
    NON_ACCEPTANCE = "non_acceptance"  # 不予受理决定书
    REVIEW_OPINION = "review_opinion"  # 审核意见
    RECOMMENDATION_LETTER = "recommendation_letter"  # 推荐函, to the higher authority
    RECOMMENDATION_NOTICE = "recommendation_notice"  # 推荐结果通知书, to the firm
    RECOGNITION_NOTICE = "recognition_notice"  # 认定通知书

    __labels__ = {
        "acceptance": _l("Notice of acceptance"),
        "correction": _l("Notice of corrections required"),
        "non_acceptance": _l("Decision not to accept"),
        "review_opinion": _l("Review opinion"),
        "recommendation_letter": _l("Letter of recommendation"),
        "recommendation_notice": _l("Notice of recommendation"),
        "recognition_notice": _l("Notice of recognition"),
    }


#: the character of each document's number, 津红知受〔2026〕1号 (DOCUMENT_NUMBER_FORMATS overrides the pattern)
NUMBER_CODES = {
    "acceptance": "受",
    "correction": "补",
    "non_acceptance": "不受",
    "review_opinion": "审",
    "recommendation_letter": "推",
    "recommendation_notice": "推通",
    "recognition_notice": "认通",
}

#: the counter of each document's numbers in the shared numbering service (four characters at most)
COUNTER_CODES = {
    "acceptance": "D-AC",
    "correction": "D-CO",
    "non_acceptance": "D-NA",
    "review_opinion": "D-RO",
    "recommendation_letter": "D-RL",
    "recommendation_notice": "D-RN",
    "recognition_notice": "D-GN",
}
DEFAULT_NUMBER_FORMAT = "津红知{code}〔{year}〕{n}号"
