"""Stored values of the market and their labels."""

from __future__ import annotations

from portal.core.enums import LabeledEnum
from portal.i18n import lazy_gettext as _l


class AgencyKind(LabeledEnum):
    PATENT = "patent"
    TRADEMARK = "trademark"
    OPERATION = "operation"
    EVALUATION = "evaluation"
    LAW_FIRM = "law_firm"

    __labels__ = {
        "patent": _l("Patent agency"),
        "trademark": _l("Trademark agency"),
        "operation": _l("IP operation firm"),
        "evaluation": _l("IP evaluation firm"),
        "law_firm": _l("Law firm with an IP practice"),
    }


class CreditStatus(LabeledEnum):
    """An agency's credit standing as the market regulator lists it."""

    NORMAL = "normal"
    ABNORMAL = "abnormal"  # 经营异常名录
    BLACKLISTED = "blacklisted"  # 严重违法失信名单 (黑名单)

    __labels__ = {
        "normal": _l("Normal standing"),
        "abnormal": _l("Abnormal operation list"),
        "blacklisted": _l("Serious dishonesty list (blacklist)"),
    }
    __badges__ = {"normal": "success", "abnormal": "warning", "blacklisted": "danger"}


class InspectionKind(LabeledEnum):
    RANDOM = "random"  # 双随机、一公开
    BLUE_SKY = "blue_sky"  # 蓝天 campaign against agency malpractice

    __labels__ = {
        "random": _l("Random inspection (double random, one public)"),
        "blue_sky": _l("Blue Sky campaign finding"),
    }


class InstitutionKind(LabeledEnum):
    UNIVERSITY = "university"
    INSTITUTE = "institute"

    __labels__ = {"university": _l("University"), "institute": _l("Research institute")}


# GB 32100 positions 1–2 that a university or research institute carries: 事业单位 under 机构编制 (12),
# 民办非企业单位 under 民政 (52, private universities and institutes), 企业 (91, institutes run as companies)
INSTITUTION_ENTITY_TYPES = {
    "12": _l("Public institution (事业单位)"),
    "52": _l("Private non-enterprise unit (民办非企业单位)"),
    "91": _l("Enterprise"),
}


class OfferMode(LabeledEnum):
    TRANSFER = "transfer"
    LICENCE = "licence"
    OPEN_LICENCE = "open_licence"

    __labels__ = {"transfer": _l("Transfer"), "licence": _l("Licence"), "open_licence": _l("Open licence")}


class LegalStatus(LabeledEnum):
    GRANTED = "granted"
    PENDING = "pending"

    __labels__ = {"granted": _l("Granted, in force"), "pending": _l("Application pending")}


class ListingStatus(LabeledEnum):
    AVAILABLE = "available"
    WITHDRAWN = "withdrawn"

    __labels__ = {"available": _l("Available"), "withdrawn": _l("Withdrawn")}
    __badges__ = {"available": "success"}


class MatchStage(LabeledEnum):
    """A match between a listing and an interested firm: 意向 → 洽谈 → 签约 → 备案, or closed."""

    INTENT = "intent"
    NEGOTIATING = "negotiating"
    SIGNED = "signed"
    FILED = "filed"
    CLOSED = "closed"

    __labels__ = {
        "intent": _l("Interest expressed"),
        "negotiating": _l("In negotiation"),
        "signed": _l("Contract signed"),
        "filed": _l("Contract recorded"),
        "closed": _l("Closed without a deal"),
    }
    __badges__ = {"intent": "info", "negotiating": "primary", "signed": "success", "filed": "success"}


#: the stages a match may move to from each stage
NEXT_STAGES = {
    MatchStage.INTENT: (MatchStage.NEGOTIATING, MatchStage.CLOSED),
    MatchStage.NEGOTIATING: (MatchStage.SIGNED, MatchStage.CLOSED),
    MatchStage.SIGNED: (MatchStage.FILED,),
    MatchStage.FILED: (),
    MatchStage.CLOSED: (),
}
DEAL_STAGES = (MatchStage.SIGNED, MatchStage.FILED)


class NeedStatus(LabeledEnum):
    OPEN = "open"
    CLOSED = "closed"

    __labels__ = {"open": _l("Open"), "closed": _l("Closed")}
    __badges__ = {"open": "success"}


class ProviderKind(LabeledEnum):
    BANK = "bank"
    INSURER = "insurer"

    __labels__ = {"bank": _l("Bank"), "insurer": _l("Insurer")}


class ProductKind(LabeledEnum):
    PLEDGE_LOAN = "pledge_loan"  # 知识产权质押融资
    INSURANCE = "insurance"  # 知识产权保险

    __labels__ = {"pledge_loan": _l("IP pledge loan"), "insurance": _l("IP insurance")}


class RequestStatus(LabeledEnum):
    SUBMITTED = "submitted"
    PASSED_ON = "passed_on"
    GRANTED = "granted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    __labels__ = {
        "submitted": _l("Submitted"),
        "passed_on": _l("Passed to the institutions"),
        "granted": _l("Granted"),
        "declined": _l("Declined"),
        "withdrawn": _l("Withdrawn"),
    }
    __badges__ = {"submitted": "info", "passed_on": "primary", "granted": "success", "declined": "danger"}


OPEN_REQUESTS = (RequestStatus.SUBMITTED, RequestStatus.PASSED_ON)
