"""Content vocabularies: types, topics, statuses and the status moves an editor may make.

Values are stored; labels are translated only when rendered.
"""

from __future__ import annotations

from portal.cases.kinds import CaseType
from portal.core.enums import LabeledEnum
from portal.i18n import lazy_gettext as _l


class ContentType(LabeledEnum):
    ARTICLE = "article"
    NOTICE = "notice"
    POLICY = "policy"

    __labels__ = {"article": _l("Guidance article"), "notice": _l("Notice"), "policy": _l("Policy document")}


class ContentStatus(LabeledEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"

    __labels__ = {"draft": _l("Draft"), "published": _l("Published"), "archived": _l("Archived")}
    __badges__ = {"draft": "secondary", "published": "success", "archived": "dark"}


class ContentAction(LabeledEnum):
    """What a revision records."""

    CREATE = "create"
    SAVE = "save"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    ARCHIVE = "archive"
    RESTORE = "restore"
    LOAD = "load"

    __labels__ = {
        "create": _l("Created"),
        "save": _l("Saved"),
        "publish": _l("Published"),
        "unpublish": _l("Withdrawn to draft"),
        "archive": _l("Archived"),
        "restore": _l("Restored from an earlier revision"),
        "load": _l("Loaded from shipped content"),
    }


# (action) -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[ContentAction, tuple[frozenset[ContentStatus], ContentStatus]] = {
    ContentAction.PUBLISH: (frozenset({ContentStatus.DRAFT}), ContentStatus.PUBLISHED),
    ContentAction.UNPUBLISH: (frozenset({ContentStatus.PUBLISHED, ContentStatus.ARCHIVED}), ContentStatus.DRAFT),
    ContentAction.ARCHIVE: (frozenset({ContentStatus.DRAFT, ContentStatus.PUBLISHED}), ContentStatus.ARCHIVED),
}


class ArticleKind(LabeledEnum):
    ARTICLE = "article"
    SERVICE = "service"

    __labels__ = {"article": _l("Guidance article"), "service": _l("Service guide")}


class Topic(LabeledEnum):
    TRADEMARK_BRAND = "trademark-brand"
    OVERSEAS_FILING = "overseas-filing"
    OVERSEAS_DISPUTES = "overseas-disputes"
    RIGHTS_PROTECTION = "rights-protection"
    PATENTS = "patents"
    COPYRIGHT = "copyright"
    FINANCING = "financing"
    GI_TRADE_SECRETS = "gi-trade-secrets"

    __labels__ = {
        "trademark-brand": _l("Trademark registration and brand building"),
        "overseas-filing": _l("Filing trademarks and patents abroad"),
        "overseas-disputes": _l("Responding to IP disputes abroad"),
        "rights-protection": _l("Rights-protection assistance and dispute mediation"),
        "patents": _l("Patent applications and high-value patents"),
        "copyright": _l("Copyright registration and copyright demonstration"),
        "financing": _l("IP pledge financing and insurance"),
        "gi-trade-secrets": _l("Geographical indications and trade secrets"),
    }

    @property
    def description(self) -> str:
        return str(TOPIC_DESCRIPTIONS[self.value])

    @property
    def outline_tasks(self) -> tuple[int, ...]:
        return TOPIC_OUTLINE_TASKS[self.value]


TOPIC_DESCRIPTIONS = {
    "trademark-brand": _l("Registering marks, well-known marks, China Time-honoured Brands and brand demonstration."),
    "overseas-filing": _l("The Madrid System, PCT, Paris Convention priority and the Hague System."),
    "overseas-disputes": _l("What to do when your firm meets an IP dispute or investigation abroad."),
    "rights-protection": _l(
        "Assistance when your rights are infringed, mediation and judicial confirmation of mediation agreements."
    ),
    "patents": _l("Filing patents, building high-value patents and IP demonstration enterprises."),
    "copyright": _l("Registering works and software, and copyright demonstration units and parks."),
    "financing": _l("Raising loans against patents and trademarks, and insuring IP."),
    "gi-trade-secrets": _l("Protecting geographical indications and keeping trade secrets."),
}

# The tasks of the district outline (《红桥区知识产权强区建设纲要》, numbered 1–16) each topic serves.
TOPIC_OUTLINE_TASKS: dict[str, tuple[int, ...]] = {
    "trademark-brand": (7,),
    "overseas-filing": (6,),
    "overseas-disputes": (5,),
    "rights-protection": (4, 5),
    "patents": (6, 9),
    "copyright": (8,),
    "financing": (10, 11),
    "gi-trade-secrets": (1,),
}
OUTLINE_TASK_COUNT = 16
OUTLINE_SLUG = "hongqiao-ip-outline-2021-2035"


# The online applications a service guide can start: the cases package owns the list.
ApplicationType = CaseType


# The 办事指南 sections an editor writes for a service guide, in display order. Everything else in
# the guide (conditions, materials, procedure, time limits, contacts) is built from the case kind,
# its calls and the site's contacts (guidance/guide.py), so it is neither stored nor edited.
SERVICE_FIELDS: tuple[tuple[str, object], ...] = (
    ("description", _l("Description")),
    ("basis", _l("Legal basis")),
    ("fees", _l("Fees")),
    ("faq", _l("Frequently asked questions")),
)
SERVICE_FIELD_NAMES = tuple(name for name, _label in SERVICE_FIELDS)
TEXT_FIELDS = ("title", "summary", "body", *SERVICE_FIELD_NAMES)
LOCALES = ("zh", "en")
